"""Root causes away from the ``fit`` line: an output that keeps a time axis the labels lack,
datasets fed without ``.batch``, and no upstream root for a list read as many inputs."""

from __future__ import annotations

from gptfix.model import Failure, Location
from gptfix.tracebacks.rootcause import root_cause


def _at(script: str, prefix: str) -> int:
    return next(i for i, ln in enumerate(script.splitlines(), 1) if ln.startswith(prefix))


def _failure(script: str, message: str, prefix: str, local_vars: dict | None = None) -> Failure:
    failure = Failure("ValueError", message, location=Location("s.py", _at(script, prefix), 1))
    failure.facts["locals"] = local_vars or {}
    return failure


SPEAKERS = """import numpy as np
from keras import Sequential, layers
frames = np.random.rand(60, 25, 13)
who = np.eye(6)[np.random.randint(0, 6, 60)]
net = Sequential()
net.add(layers.Input((25, 13)))
net.add(layers.Bidirectional(layers.LSTM(32, return_sequences=True)))
net.add(layers.Dropout(0.3))
net.add(layers.Dense(6, activation="softmax"))
net.compile(loss="categorical_crossentropy", optimizer="adam")
net.fit(frames, who)
"""


def test_one_hot_labels_against_a_sequence_output_point_at_the_recurrent_layer() -> None:
    msg = (
        "Arguments `target` and `output` must have the same rank (ndim). Received: "
        "target.shape=(32, 6), output.shape=(32, 25, 6)"
    )
    found = root_cause(_failure(SPEAKERS, msg, "net.fit("), SPEAKERS, "s.py")
    assert found is not None
    assert found.location.line == _at(SPEAKERS, "net.add(layers.Bidirectional")
    assert "one per sequence" in found.reason  # not "the labels are class ids"


FEED = """import tensorflow as tf
def items():
    yield [4, 5], 1
spec = (tf.TensorSpec((None,), tf.int32), tf.TensorSpec((), tf.int32))
fit_ds = tf.data.Dataset.from_generator(items, output_signature=spec)
fit_ds = fit_ds.map(lambda a, b: (a + 1, b))
check_ds = tf.data.Dataset.from_generator(items, output_signature=spec).batch(4)
model = tf.keras.Sequential([tf.keras.layers.Embedding(9, 3), tf.keras.layers.LSTM(2)])
model.fit(fit_ds, validation_data=check_ds)
"""
SPEC = {"type": "tensorflow._MapDataset", "element_spec": "(TensorSpec(shape=(None,)...)"}


def test_a_dataset_fed_one_axis_short_points_at_where_it_is_last_made_unbatched() -> None:
    msg = "Input 0 of layer 'lstm' is incompatible with the layer: expected ndim=3, found ndim=2."
    local = {"fit_ds": SPEC, "check_ds": dict(SPEC, type="tensorflow._BatchDataset")}
    found = root_cause(_failure(FEED, msg, "model.fit("), FEED, "s.py")
    assert found is None or found.location.line != _at(FEED, "fit_ds = fit_ds.map")  # no locals
    found = root_cause(_failure(FEED, msg, "model.fit(", local), FEED, "s.py")
    assert found is not None and found.location.line == _at(FEED, "fit_ds = fit_ds.map")
    assert "`fit_ds`" in found.reason and "`check_ds`" not in found.reason  # that one is batched


ROWS = """import numpy as np
from tensorflow import keras
feats = []
for _ in range(50):
    feats.append(np.random.rand(3))
score = np.array(np.random.rand(50)).reshape(-1)
m = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])
m.fit(feats, score)
"""


def test_a_list_counted_as_many_inputs_has_no_upstream_root_in_the_other_operand() -> None:
    msg = "Data cardinality is ambiguous. 'x' sizes: 3, 3, 3, 3, 3\n'y' sizes: 50"
    local = {"feats": {"type": "list", "len": 50, "repr": "[array([0.1, 0.2, 0.3]), ...]"}}
    found = root_cause(_failure(ROWS, msg, "m.fit("), ROWS, "s.py")
    assert found is not None and found.location.line == _at(ROWS, "score =")  # without locals
    assert root_cause(_failure(ROWS, msg, "m.fit(", local), ROWS, "s.py") is None
