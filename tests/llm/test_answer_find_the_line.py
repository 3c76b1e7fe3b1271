"""A step that quotes its lines apart from its words, and a probe to run at the end.

- "**Step 2.** In your `model.fit(...)` call, find the line that says" / `A` / "and
  change it to" / `B` (each quote a paragraph of its own): that line of the call changes;
  said another way the applier does not read ("and then swap it for"), the answer is
  refused rather than applied without its second step.
- "Please run this in a **new cell** at the end of your notebook and paste me what it
  prints:" over prints and a temporary ``val_probs = model.predict(...)``: a probe, not
  pasted into the script.

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
