"""The one verifier on a change request (against=None): builds, trains, fits the GPU or not."""

from __future__ import annotations

from pathlib import Path

import pytest

from gptfix.model import Fix, Script
from gptfix.runner.sandbox import SCRUBBED_ENV, WORKING_COPY
from gptfix.settings import Settings
from gptfix.verify import first_verified, verify

SCRIPT = """\
import numpy as np
import keras

x = np.zeros((16, 8), dtype="float32")
y = np.zeros((16,), dtype="int64")
model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(4)])
model.compile("adam", "sparse_categorical_crossentropy")
model.fit(x, y, batch_size=4, epochs=3)
"""


@pytest.mark.tf
def test_a_change_request_is_verified_by_building_and_training_and_by_its_memory(
    tmp_path: Path,
) -> None:
    path = tmp_path / "train.py"
    path.write_text(SCRIPT)
    script = Script.read(path)
    settings = Settings(run_timeout=300)
    wider = Fix(
        "wider",
        SCRIPT.replace("Dense(4)", "Dense(64, activation='relu'),\n    keras.layers.Dense(4)"),
        "llm:test",
    )
    broken = Fix("broken", SCRIPT.replace("Dense(4)", "Dense(4)(None)"), "llm:test")
    chosen = first_verified(script, [broken, wider], against=None, settings=settings)
    assert chosen is wider
    assert broken.verification is not None and not broken.verification.verified
    assert "the build fails" in (broken.verification.reason or "")
    assert wider.verification is not None
    assert wider.verification.stages == ["parse", "names", "screen", "build", "smoke"]
    assert {WORKING_COPY, SCRUBBED_ENV} <= set(wider.verification.protections)
    layers = [layer["class"] for layer in (wider.verification.build or {})["models"][0]["layers"]]
    assert layers.count("Dense") == 2
    # the same change on a GPU with 1 MiB: the forecast says it cannot train there
    small = verify(
        script,
        wider.new_text,
        against=None,
        settings=settings,
        smoke=False,
        gpu_memory_gib=1 / 1024,
    )
    assert not small.verified and small.stages == ["parse", "names", "screen", "build"]
    assert "memory forecast does not fit" in (small.reason or "")
    assert path.read_text() == SCRIPT


CHECKPOINTED = """\
import numpy as np
import keras

x = np.zeros((16, 8), dtype="float32")
y = np.zeros((16,), dtype="int64")
model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(UNITS)])
model.compile("adam", "sparse_categorical_crossentropy")
save = keras.callbacks.ModelCheckpoint("ck/w-{epoch:02d}-{loss:.2f}.weights.h5", save_weights_only=True)
model.fit(x, y, batch_size=4, epochs=3, callbacks=[save])
model.load_weights("ck/w-03-0.00.weights.h5")
"""


@pytest.mark.tf
def test_a_file_only_a_later_epoch_writes_does_not_fail_a_smoke_run(tmp_path: Path) -> None:
    path = tmp_path / "train.py"
    path.write_text(CHECKPOINTED.replace("UNITS", "4.0"))
    script = Script.read(path)
    settings = Settings(run_timeout=300)
    fixed = verify(script, CHECKPOINTED.replace("UNITS", "4"), against=None, settings=settings)
    assert fixed.verified, fixed.reason
    assert "smoke" in fixed.stages
    # a file no epoch writes is still a failure
    other = CHECKPOINTED.replace("UNITS", "4").replace('("ck/w-03', '("ck/z-03')
    missing = verify(script, other, against=None, settings=settings)
    assert not missing.verified
    assert "FileNotFoundError" in (missing.reason or "")


OWN_TRAINING = """\
import numpy as np
import keras


class Pair(keras.Model):
    def __init__(self):
        super().__init__()
        self.encode = keras.Sequential([keras.Input((8,)), keras.layers.Dense(4)])
        self.decode = keras.Sequential([keras.Input((4,)), keras.layers.Dense(8)])

    def train_step(self, data):
        with __import__("tensorflow").GradientTape() as tape:
            loss = keras.ops.mean((self.decode(self.encode(data)) - data) ** 2)
        weights = self.encode.trainable_weights + self.decode.trainable_weights
        self.optimizer.apply_gradients(zip(tape.gradient(loss, weights), weights))
        return {"loss": loss}


x = np.random.rand(32, 8).astype("float32")
pair = Pair()
pair.compile(optimizer=keras.optimizers.Adam(LR))
pair.fit(x, batch_size=8, epochs=1, verbose=0)
"""


@pytest.mark.tf
def test_a_model_that_trains_its_own_way_without_call_is_verified(tmp_path: Path) -> None:
    # a GAN's or distiller's ``train_step`` with no ``call``: training never calls the
    # model, so the build stage must not either
    path = tmp_path / "train.py"
    path.write_text(OWN_TRAINING.replace("LR", "1e-3"))
    script = Script.read(path)
    changed = verify(
        script, OWN_TRAINING.replace("LR", "2e-4"), against=None, settings=Settings(run_timeout=300)
    )
    assert changed.verified, changed.reason
    assert "build" in changed.stages and "smoke" in changed.stages
