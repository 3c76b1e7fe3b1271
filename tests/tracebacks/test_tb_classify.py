"""Coarse kinds of failures recorded by a local run (type and message as Python/Keras give them)."""

from __future__ import annotations

import pytest

from gptfix.model import Cause, Failure
from gptfix.tracebacks import classify


@pytest.mark.parametrize(
    ("type_", "message", "kind"),
    [
        (
            "ValueError",
            "The total size of the tensor must be unchanged. Received: "
            "input_shape=(1024,), target_shape=(8, 8, 32)",
            "shape",
        ),
        ("ModuleNotFoundError", "No module named 'keras_cv'", "import"),
        ("AttributeError", "module 'keras.layers' has no attribute 'experimental'", "attribute"),
        ("TypeError", "fit() got an unexpected keyword argument 'nb_epoch'", "keyword"),
        (
            "ValueError",
            "Unrecognized keyword arguments passed to Dense: {'input_dim': 8}",
            "keyword",
        ),
        (
            "UnboundLocalError",
            "cannot access local variable 'x' where it is not associated with a value",
            "name",
        ),
        (
            "ValueError",
            "Failed to convert a NumPy array to a Tensor (Unsupported object type float).",
            "dtype",
        ),
        (
            "InvalidArgumentError",
            "cannot compute MatMul as input #1(zero-based) was expected to be a float tensor but is a double tensor [Op:MatMul]",
            "dtype",
        ),
        (
            "ValueError",
            'Input 0 of layer "dense" is incompatible with the layer: expected min_ndim=2, found ndim=1.',
            "shape",
        ),
        (
            "InvalidArgumentError",
            "logits and labels must have the same first dimension, got logits shape [32,10] and labels shape [320]",
            "loss-labels",
        ),
        (
            "MemoryError",
            "Unable to allocate 11.2 GiB for an array with shape (50000, 224, 224, 3) and data type uint8",
            "oom",
        ),
        ("IndentationError", "unexpected indent", "syntax"),
        ("KeyError", "'val_accuracy'", "key"),
        ("RuntimeError", "something else entirely", None),
    ],
)
def test_kind_from_type_and_message(type_: str, message: str, kind: str | None) -> None:
    assert classify(Failure(type=type_, message=message)) == kind


def test_an_oom_in_the_chain_makes_the_failure_an_oom() -> None:
    failure = Failure(
        type="RuntimeError",
        message="training aborted",
        causes=[
            Cause("ResourceExhaustedError", "OOM when allocating tensor with shape[64,3,224,224]")
        ],
    )
    assert classify(failure) == "oom"
