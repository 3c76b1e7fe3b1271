"""The root-cause line of real failing runs, named from the run's value trace.

Each script crashes on its training call while the value or declaration at fault is made
upstream; the smoke run's located failure must name that line (in the JSON a client reads),
and say nothing extra when the crash line is itself the cause.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from gptfix.runner import run_script

WIDTH_FROM_IDS = """
import numpy as np
from keras.layers import Dense
from keras.models import Sequential
from keras.utils import to_categorical

grades = np.array(list("ABCDE") * 40)
scores = np.random.rand(len(grades), 6).astype("float32")
ids = np.array([ord(g) for g in grades])
onehot = to_categorical(ids)
model = Sequential([Dense(16, activation="relu"), Dense(5, activation="softmax")])
model.compile(loss="categorical_crossentropy", optimizer="adam")
model.fit(scores, onehot, epochs=1, batch_size=16)
"""

OBJECT_SLICE = """
import numpy as np
from keras.layers import Dense, Input
from keras.models import Sequential

sheet = np.empty((120, 5), dtype=object)
sheet[:, :4] = np.random.rand(120, 4)
sheet[:, 4] = np.random.randint(0, 2, 120)
inputs, targets = sheet[:, :4], sheet[:, 4]
model = Sequential([Input(shape=(4,)), Dense(1, activation="sigmoid")])
model.compile(loss="binary_crossentropy", optimizer="adam")
model.fit(inputs, targets, epochs=1)
"""

LOSS_FOR_IDS = """
import numpy as np
import tensorflow as tf

settings = {"loss": "categorical_crossentropy", "classes": 4}
feats = np.random.rand(200, 8).astype("float32")
kinds = np.random.randint(0, settings["classes"], 200)
model = tf.keras.Sequential([
    tf.keras.Input(shape=(8,)),
    tf.keras.layers.Dense(settings["classes"], activation="softmax"),
])
model.compile(optimizer="adam",
              loss=settings["loss"])
model.fit(feats, kinds, epochs=1, batch_size=20)
"""

CAUSE_ON_CRASH_LINE = """
import numpy as np
from keras.layers import Dense, Input
from keras.models import Sequential

model = Sequential([Input(shape=(3,)), Dense(1)])
model.compile(loss="mse", optimizer="adam")
model.fit(np.random.rand(30, 3), np.random.rand(30, 1), epochs=1, verbose=0)
model.predict(np.array([0.5, 0.1, 0.2]))
"""


def _root(write_script: Callable[..., Path], text: str) -> tuple[int, dict[str, Any] | None]:
    script = write_script(text)
    result = run_script(script, mode="smoke", python=sys.executable, timeout=180)
    failure = result.to_json()["failure"]
    assert failure is not None, "the script was meant to fail"
    return failure["location"]["line"], failure["root_cause"]


def _line(text: str, snippet: str) -> int:
    lines = text.lstrip().splitlines()
    return next(i for i, line in enumerate(lines, start=1) if snippet in line)


def test_a_one_hot_too_wide_is_traced_back_to_the_ids_it_was_made_from(write_script):
    crash, root = _root(write_script, WIDTH_FROM_IDS)
    assert crash == _line(WIDTH_FROM_IDS, "model.fit(")
    assert root is not None
    assert root["location"]["line"] == _line(WIDTH_FROM_IDS, "ids = np.array")


def test_an_object_array_is_named_where_training_data_is_bound_and_where_it_became_object(
    write_script,
):
    crash, root = _root(write_script, OBJECT_SLICE)
    assert crash == _line(OBJECT_SLICE, "model.fit(")
    assert root is not None
    assert root["location"]["line"] == _line(OBJECT_SLICE, "inputs, targets = ")
    assert [a["line"] for a in root["also"]] == [_line(OBJECT_SLICE, "sheet = np.empty")]


def test_a_categorical_loss_read_from_a_config_is_the_root_of_integer_labels(write_script):
    crash, root = _root(write_script, LOSS_FOR_IDS)
    assert crash == _line(LOSS_FOR_IDS, "model.fit(")
    assert root is not None
    assert root["location"]["line"] == _line(LOSS_FOR_IDS, '"loss": "categorical_crossentropy"')
    assert [a["line"] for a in root["also"]] == [_line(LOSS_FOR_IDS, "kinds = ")]


def test_nothing_extra_is_named_when_the_crash_line_is_the_cause(write_script):
    crash, root = _root(write_script, CAUSE_ON_CRASH_LINE)
    assert crash == _line(CAUSE_ON_CRASH_LINE, "model.predict(")
    assert root is None
