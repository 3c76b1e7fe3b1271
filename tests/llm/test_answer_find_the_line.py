"""A step that quotes its lines apart from its words, and a probe to run at the end.

- "**Step 2.** In your `model.fit(...)` call, find the line that says" / `A` / "and
  change it to" / `B` (each quote a paragraph of its own): that line of the call changes;
  said another way the applier does not read ("and then swap it for"), the answer is
  refused rather than applied without its second step.
- "Please run this in a **new cell** at the end of your notebook and paste me what it
  prints:" over prints and a temporary ``val_probs = model.predict(...)``: a probe, not
  pasted into the script; nor is one asked in Korean ("새 셀에서 ... 결과를 알려 주세요").
- "Replace the `ds = ...` line with:" replaces the one statement assigning `ds`.
- "If you want to tune it, add `weight_decay: float = 1e-4` to your `Config` dataclass": an
  offer, not made.

Every answer was written for its test; the script is a short program written here.
"""

from __future__ import annotations

from gptfix.llm import apply_answer

SCRIPT = """import numpy as np
from tensorflow import keras

x = np.random.rand(80, 6).astype("float32")
y = (x[:, 0] > 0.5).astype("float32")
x_val, y_val = x[:20], y[:20]

model = keras.Sequential([keras.Input((6,)), keras.layers.Dense(1, activation="sigmoid")])
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=[keras.metrics.AUC(name="auc")])
ckpt = keras.callbacks.ModelCheckpoint("best.keras", monitor="val_auc", mode="max")
model.fit(
    x,
    y,
    epochs=2,
    validation_data=(x_val, y_val),
    callbacks=[ckpt],
    verbose=0,
)
"""

STEP_1 = (
    "Two small changes.\n\n**Step 1.** Just below your checkpoint callback, add:\n\n"
    '```python\nstop = keras.callbacks.EarlyStopping(monitor="val_auc", mode="max", patience=3)\n'
    "```\n\n"
)


def test_find_the_line_then_change_it_with_quotes_apart() -> None:
    answer = (
        STEP_1 + "**Step 2.** In your `model.fit(...)` call, find the line that says\n\n"
        "`callbacks=[ckpt],`\n\nand change it to\n\n`callbacks=[ckpt, stop],`\n\nThat's it.\n"
    )
    result = apply_answer(SCRIPT, answer)
    assert result.ok and result.new_text is not None, result.refusal
    new = result.new_text
    assert "    callbacks=[ckpt, stop]," in new.split("\n")
    assert new.index("stop = keras.callbacks.EarlyStopping") < new.index("model.fit(")


def test_a_second_step_said_unreadably_is_not_dropped() -> None:
    answer = (
        STEP_1 + "**Step 2.** In your `model.fit(...)` call, find the line that says\n\n"
        "`callbacks=[ckpt],`\n\nand then swap it for\n\n`callbacks=[ckpt, stop],`\n\nThat's it.\n"
    )
    result = apply_answer(SCRIPT, answer)
    if result.ok and result.new_text is not None:
        assert "callbacks=[ckpt, stop]," in result.new_text
    else:
        assert result.refusal


def test_a_probe_for_the_end_of_the_notebook_is_not_pasted() -> None:
    answer = (
        "An AUC of exactly 0.5 usually means constant predictions. Before changing anything, "
        "please run this in a **new cell** at the end of your notebook and paste me what it "
        'prints:\n\n```python\nprint("val:", x_val.shape, int(y_val.sum()))\n'
        "val_probs = model.predict(x_val, verbose=0).ravel()\n"
        'print("range:", val_probs.min(), val_probs.max())\n```\n\n'
        "Send me the output and we'll decide which fix to apply.\n"
    )
    result = apply_answer(SCRIPT, answer)
    assert not (result.ok and result.new_text and result.new_text != SCRIPT)


DATA = """import argparse
from dataclasses import dataclass

import numpy as np
import tensorflow as tf
from tensorflow import keras


@dataclass
class Config:
    lr: float = 1e-3


cfg = Config()
x = np.random.rand(64, 4).astype("float32")
y = x.sum(axis=1)
ds = tf.data.Dataset.from_tensor_slices((x, y)).shuffle(64).batch(16)
model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1)])
model.compile(optimizer=keras.optimizers.Adam(cfg.lr), loss="mse")
model.fit(ds, epochs=1, verbose=0)
"""


def test_replace_the_short_elided_line_with() -> None:
    answer = (
        "Hold out part of the data. Replace the `ds = ...` line with:\n\n"
        "```python\nn_val = 16\ntrain_ds = (\n    tf.data.Dataset.from_tensor_slices((x[n_val:], y[n_val:]))\n"
        "    .shuffle(64)\n    .batch(16)\n)\n"
        "val_ds = tf.data.Dataset.from_tensor_slices((x[:n_val], y[:n_val])).batch(16)\n```\n\n"
        "and train with validation:\n\n"
        "```python\nmodel.fit(train_ds, validation_data=val_ds, epochs=1, verbose=0)\n```\n"
    )
    result = apply_answer(DATA, answer)
    assert result.ok and result.new_text is not None, result.refusal
    new = result.new_text
    assert "ds = tf.data" not in new.replace("train_ds = tf.data", "").replace(
        "val_ds = tf.data", ""
    )
    assert new.index("train_ds = ") < new.index("model.fit(train_ds")


def test_a_korean_probe_to_report_back_is_not_pasted() -> None:
    answer = (
        "원인이 확실하지 않습니다. 코드를 고치기 전에 먼저 새 셀에서 아래를 실행해서 결과를 알려 주세요:\n\n"
        "```python\nprint(tf.__version__)\ntry:\n    model.predict(x[:2], verbose=0)\n"
        'except ValueError as e:\n    print("first call failed:", e)\n```\n'
    )
    result = apply_answer(DATA, answer)
    assert not (result.ok and result.new_text and result.new_text != DATA)


def test_an_entry_offered_on_a_condition_is_not_added() -> None:
    answer = (
        "Use AdamW. Replace\n\n`optimizer=keras.optimizers.Adam(cfg.lr)`\n\nwith\n\n"
        "`optimizer=keras.optimizers.AdamW(learning_rate=cfg.lr, weight_decay=1e-4)`\n\n"
        "and keep everything else as it is. If you want to tune it, add "
        "`weight_decay: float = 1e-4` to your `Config` dataclass and pass `cfg.weight_decay` "
        "instead of the literal, but the literal is fine to start with.\n"
    )
    result = apply_answer(DATA, answer)
    assert result.ok and result.new_text is not None, result.refusal
    assert "AdamW(learning_rate=cfg.lr, weight_decay=1e-4)" in result.new_text
    assert "weight_decay: float" not in result.new_text
