"""A stateful recurrent model built for one batch size and fed the default one: the fault
of the seventeenth real-world set's dev thread, in a script written here (a stateful GRU
for batches of 2, a ``predict`` and a ``fit`` without ``batch_size=``). The call on the
failing line gets the model's batch size; an explicit other size is replaced.
"""

from __future__ import annotations

from typing import Any

import pytest
from repair_support import applied_rounds, fix_runs, rule_fixes

STATEFUL = """import numpy as np
import keras

model = keras.Sequential([
    keras.Input(batch_shape=(2, 6, 4)),
    keras.layers.GRU(8, stateful=True),
    keras.layers.Dense(1),
])
model.compile(optimizer="adam", loss="mse")
series = np.random.rand(40, 6, 4).astype("float32")
target = np.random.rand(40, 1).astype("float32")
model.fit(series, target, epochs=1, verbose=0)
"""

MESSAGE = (
    "If an RNN is stateful, the batch size of the input sequences must be the same as the "
    "batch size of the initial state.\n- Expected batch size: 2\n- Received batch size: 32"
)


def test_the_call_gets_the_models_batch_size() -> None:
    line = STATEFUL.split("\n").index("model.fit(series, target, epochs=1, verbose=0)") + 1
    fixes = rule_fixes(STATEFUL, "ValueError", MESSAGE, line, "fit.stateful-batch-size")
    assert len(fixes) == 1
    assert "model.fit(series, target, epochs=1, verbose=0, batch_size=2)" in fixes[0].new_text
    other = STATEFUL.replace("epochs=1, verbose=0)", "epochs=1, batch_size=16, verbose=0)")
    fixes = rule_fixes(other, "ValueError", MESSAGE, line, "fit.stateful-batch-size")
    assert len(fixes) == 1 and "batch_size=2, verbose=0)" in fixes[0].new_text
    # a call written one argument a line, with its trailing comma
    tall = STATEFUL.replace(
        "model.fit(series, target, epochs=1, verbose=0)",
        "model.fit(\n    series,\n    target,\n    epochs=1,\n    verbose=0,\n)",
    )
    fixes = rule_fixes(tall, "ValueError", MESSAGE, line, "fit.stateful-batch-size")
    assert len(fixes) == 1 and "    verbose=0, batch_size=2,\n)" in fixes[0].new_text
    # another error on that line is none of this rule's business
    assert (
        rule_fixes(STATEFUL, "ValueError", "shapes differ", line, "fit.stateful-batch-size") == []
    )


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return fix_runs(tmp_path_factory.mktemp("stateful"), {"stateful": STATEFUL})


@pytest.mark.tf
def test_the_stateful_model_trains_with_its_batch_size(runs: dict[str, Any]) -> None:
    path, out, data = runs["stateful"]
    assert out.returncode == 0, out.stdout[-2000:] + out.stderr[-2000:]
    assert applied_rounds(data)
    text = path.read_text()
    assert "batch_size=2" in text
    assert "keras.Input(batch_shape=(2, 6, 4))" in text  # the model keeps its batch size
