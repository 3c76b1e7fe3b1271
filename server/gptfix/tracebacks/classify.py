"""A failure's exception type and message -> a coarse kind ("oom", "shape", "name", ...).

Bridges parsed or recorded failures and the parts that pick remedies by kind (the
offline repair rules, the context builder, editor messages). An explicit ordered
registry of (kind, test); the first test that matches wins.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from gptfix.model import Failure
from gptfix.tracebacks.facts import OOM_TYPES

_OOM = re.compile(
    r"OOM when allocating|CUDA out of memory|CUDA_ERROR_OUT_OF_MEMORY|CUDA error: out of memory|"
    r"RESOURCE_EXHAUSTED|out of memory|Unable to allocate [\d.]+ [KMGTP]i?B",
    re.IGNORECASE,
)
_KEYWORD = re.compile(
    r"unexpected keyword argument|Argument\(s\) not recognized|Unrecognized keyword argument|"
    r"got multiple values for (?:keyword )?argument|Keyword argument not understood|"
    r"missing \d+ required (?:positional|keyword-only) argument|"
    r"takes (?:from )?\d+ (?:to \d+ )?positional arguments? but \d+ (?:were|was) given"
)
_LOSS_LABELS = re.compile(
    r"Received a label value of|label value.*outside the valid range|"
    r"`target` and `output` must have the same (?:rank|shape)|"
    r"target\.shape=.*output\.shape=|logits and labels must (?:have the same|be broadcastable)|"
    r"labels must be (?:1-D|an? )|Shapes \(.*\) and \(.*\) are incompatible|"
    r"expects? (?:integer|one-hot) (?:labels|targets)|"
    r"You are passing a target array of shape",
    re.IGNORECASE,
)
_DTYPE = re.compile(
    r"\bdtype\b(?!=)|Cannot convert .* to (?:EagerTensor|a Tensor|Tensor) of dtype|"
    r"Failed to convert a NumPy array to a Tensor|Unsupported object type|"
    r"must be one of the following types|must have the same dtype|expected (?:a )?dtype|"
    r"cannot compute \w+ as input #\d+.* was expected to be a \w+ tensor but is a \w+ tensor|"
    r"could not convert string to float|Could not convert",
    re.IGNORECASE,
)
_SHAPE = re.compile(
    r"\bshapes?\b|incompatible|Dimensions must be equal|\bdimensions?\b|\brank\b|\bndim\b|"
    r"expected axis|cannot reshape|Matrix size-incompatible|Input to reshape|"
    r"requested shape|axis -?\d+ |must be divisible|out of bounds for axis|"
    r"(?:received|expected) input with|\w_shape=|total size of the tensor must be unchanged",
    re.IGNORECASE,
)
_INDEX = re.compile(r"indices\[[\d,]+\] = -?\d+ is not in \[0, \d+\)|index -?\d+ is out of bounds")


def _core_text(failure: Failure) -> str:
    """The error text without the Keras argument dump or TF's frame lists."""
    call = failure.facts.get("keras_call")
    if isinstance(call, dict) and call.get("error"):
        return str(call["error"])
    node = failure.facts.get("tf_node")
    if isinstance(node, dict) and node.get("error"):
        return str(node["error"])
    traced = failure.facts.get("tf_user_code")
    if isinstance(traced, dict) and traced.get("error"):
        return str(traced["error"])
    return failure.message.split("\nArguments received by", 1)[0]


def _is_oom(f: Failure) -> bool:
    if f.type in OOM_TYPES or "oom" in f.facts or _OOM.search(_core_text(f)):
        return True
    return any(c.type in OOM_TYPES or _OOM.search(c.message) for c in f.causes)


def _of_type(*names: str) -> Callable[[Failure], bool]:
    return lambda f: f.type in names


def _text(pattern: re.Pattern[str], *types: str) -> Callable[[Failure], bool]:
    def test(f: Failure) -> bool:
        return (not types or f.type in types) and bool(pattern.search(_core_text(f)))

    return test


#: kind -> test, tried in this order (more specific kinds first).
KINDS: dict[str, Callable[[Failure], bool]] = {
    "oom": _is_oom,
    "syntax": _of_type("SyntaxError", "IndentationError", "TabError"),
    "import": _of_type("ModuleNotFoundError", "ImportError"),
    "name": _of_type("NameError", "UnboundLocalError"),
    "keyword": _text(_KEYWORD, "TypeError", "ValueError"),
    "attribute": _of_type("AttributeError"),
    "loss-labels": _text(_LOSS_LABELS),
    "dtype": _text(_DTYPE),
    "shape": _text(_SHAPE),
    "file": _of_type("FileNotFoundError", "IsADirectoryError", "NotADirectoryError"),
    "key": _of_type("KeyError"),
    "index": lambda f: f.type == "IndexError" or bool(_INDEX.search(_core_text(f))),
}


def classify(failure: Failure) -> str | None:
    """The coarse kind of a failure (a key of :data:`KINDS`), or None when none fits."""
    for kind, test in KINDS.items():
        if test(failure):
            return kind
    return None
