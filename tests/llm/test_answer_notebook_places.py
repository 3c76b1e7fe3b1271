"""Places and readings in notebooks exported with ``# In[N]:`` markers:

- "add a new cell after In[2]:" puts the new cell after that cell, not at the end;
- "Add a new cell after In[2] and run it ... paste the output here": a probe, not pasted;
- "before the TTA cell, reload the best weights": the end of the cell above the one whose
  code the words describe;
- "After that `tta.argmax(axis=1)` has length 40": afterwards, no place; the block's
  ``tta = ...`` replaces the script's;
- "at the top of `main()`, right after `args = parse_args()`" (German too): the quote
  refines the place, no two places;
- "`input_dim` must stay equal to `VOCAB`" over code writing ``input_dim=VOCAB + 1``:
  a contradiction, refused.

Every answer was written for its test; the scripts are short programs written here.
"""

from __future__ import annotations

import pytest

from gptfix.llm import apply_answer

NOTEBOOK = """#!/usr/bin/env python
# coding: utf-8

# In[1]:


import numpy as np
from tensorflow import keras


# In[2]:


x = np.random.rand(40, 8).astype("float32")
y = np.random.randint(0, 3, 40)


# In[3]:


model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(3, activation="softmax")])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
model.fit(x, y, epochs=1, verbose=0)


# In[4]:


preds = model.predict(x, verbose=0)
tta = np.mean([preds, model.predict(x[:, ::-1], verbose=0)], axis=1)


# In[5]:


labels = tta.argmax(axis=1)
print(labels[:5])
"""


def test_a_new_cell_after_a_numbered_cell() -> None:
    answer = "Add a new cell after In[2]:\n\n```python\ny = y % 2\n```\n"
    result = apply_answer(NOTEBOOK, answer)
    assert result.ok and result.new_text is not None, result.refusal
    text = result.new_text
    assert text.index("y = np.random") < text.index("y = y % 2") < text.index("# In[3]:")


def test_a_new_cell_whose_output_the_answer_asks_for_is_a_probe() -> None:
    answer = (
        "Add a new cell after In[2] and run it:\n\n```python\nprint(x.shape, np.bincount(y))\n```\n\n"
        "Paste the output here and I'll tell you what to change.\n"
    )
    result = apply_answer(NOTEBOOK, answer)
    assert result.new_text in (None, NOTEBOOK)
    assert "inspects" in result.blocks[0].detail


def test_before_a_cell_named_by_its_code_is_the_end_of_the_cell_above() -> None:
    answer = (
        "Then, before the TTA cell, reload the best weights:\n\n"
        '```python\nmodel = keras.models.load_model("best.keras")\n```\n'
    )
    result = apply_answer(NOTEBOOK, answer)
    assert result.ok and result.new_text is not None, result.refusal
    text = result.new_text
    assert "model = keras.Sequential" in text
    assert (
        'model.fit(x, y, epochs=1, verbose=0)\nmodel = keras.models.load_model("best.keras")\n'
        in text
    )


def test_after_that_is_afterwards_not_a_place() -> None:
    answer = (
        "You average over the wrong axis:\n\n"
        "```python\ntta = np.mean([preds, model.predict(x[:, ::-1], verbose=0)], axis=0)\n```\n\n"
        "After that `tta.argmax(axis=1)` has length 40.\n"
    )
    result = apply_answer(NOTEBOOK, answer)
    assert result.ok and result.new_text is not None, result.refusal
    assert "axis=0)\n" in result.new_text and "axis=1)\n\n\n# In[5]" not in result.new_text
    assert result.new_text.count("tta = np.mean") == 1


MAIN = """import argparse

import numpy as np
from tensorflow import keras


def parse_args():
    p = argparse.ArgumentParser()
    p.add_argument("--epochs", type=int, default=1)
    return p.parse_args([])


def main():
    args = parse_args()
    x = np.random.rand(16, 4).astype("float32")
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1)])
    model.compile(optimizer="adam", loss="mse")
    model.fit(x, x[:, :1], epochs=args.epochs, verbose=0)


if __name__ == "__main__":
    main()
"""

TOP_THEN_QUOTE = {
    "en": "Set the policy at the very top of `main()`, right after `args = parse_args()`:",
    "de": "Setze die Policy ganz am Anfang von `main()`, direkt nach `args = parse_args()`:",
}


@pytest.mark.parametrize("lang", sorted(TOP_THEN_QUOTE))
def test_a_quote_refines_the_top_of_a_function(lang: str) -> None:
    answer = (
        TOP_THEN_QUOTE[lang]
        + '\n\n```python\n    keras.mixed_precision.set_global_policy("mixed_float16")\n```\n'
    )
    result = apply_answer(MAIN, answer)
    assert result.ok and result.new_text is not None, result.refusal
    assert (
        '    args = parse_args()\n    keras.mixed_precision.set_global_policy("mixed_float16")\n'
        in result.new_text
    )


def test_a_value_said_to_stay_that_the_code_changes_is_refused() -> None:
    script = MAIN.replace("keras.layers.Dense(1)", "keras.layers.Dense(units=1)")
    answer = (
        "Don't touch the head: `units` must stay equal to `1`. Change the head like this:\n\n"
        "```python\n    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(units=2)])\n```\n"
    )
    result = apply_answer(script, answer)
    assert not result.ok
    assert "stays" in (result.refusal or "")
