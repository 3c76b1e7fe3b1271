"""Answers that name the notebook cells of a script exported from a notebook.

"Replace cell 3 with:", "use this instead of what you have in the last cell:", "cells 2-3",
in English and a few other languages, against ``# %%`` cells (counted from 1) and nbconvert's
``# In[N]:`` markers (their own numbers): the block replaces the code of those cells, and
the other cells keep theirs. A script with no cell markers gets no such replacement: the
block is placed by its statements as any other.

Code the prose adds "as a new cell" ("Add a new cell after the training cell", "在最后一个
cell 后面新建一个 cell", "Run it as a new cell after ..." below the block) goes after that
cell under a marker of the script's own kind (after the ``fit`` statement in a script with
no markers), even when it only prints; "run this in a new cell to check" is still no edit.
A prompted shell line with its output beside prompted code leaves the code to apply.

Every answer was written for its test; the scripts are short programs written here.
"""

from __future__ import annotations

from gptfix.llm import apply_answer

PERCENT = """# %%
import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

# %%
X = np.random.rand(64, 8).astype("float32")
y = np.random.randint(0, 2, 64)

# %%
model = keras.Sequential([keras.Input((8,)), layers.Dense(16, activation="relu"), layers.Dense(1, activation="sigmoid")])
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
model.fit(X, y, epochs=1, verbose=0)

# %%
loss, acc = model.evaluate(X, y, verbose=0)
print("accuracy", acc)
"""

NBCONVERT = """#!/usr/bin/env python
# coding: utf-8

# In[1]:


import numpy as np
from tensorflow import keras


# In[4]:


X = np.random.rand(64, 8).astype("float32")
y = np.random.randint(0, 2, 64)
model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(1, activation="sigmoid")])
model.compile(optimizer="adam", loss="binary_crossentropy")


# In[5]:


model.fit(X, y, epochs=1, verbose=0)


# In[6]:


print(model.predict(X[:2], verbose=0))
"""

EVAL_BLOCK = """```python
probs = model.predict(X, verbose=0).ravel()
print("accuracy", ((probs > 0.5) == y).mean())
```
"""


def new_text(script: str, answer: str) -> str:
    result = apply_answer(script, answer)
    assert result.ok and result.new_text is not None, result.refusal
    return result.new_text


def test_instead_of_the_last_cell_replaces_its_code() -> None:
    text = new_text(
        PERCENT, "Compute it yourself instead of what you have in the last cell:\n\n" + EVAL_BLOCK
    )
    assert "model.evaluate(" not in text
    assert text.count('print("accuracy"') == 1
    assert "probs = model.predict(X, verbose=0).ravel()" in text
    assert "model.fit(X, y, epochs=1, verbose=0)" in text  # the cells before keep their code
    assert text.index("model.fit(") < text.index("probs = ")


def test_a_numbered_percent_cell_is_replaced() -> None:
    answer = (
        "Replace cell 2 with a bigger, seeded dataset:\n\n```python\n"
        "rng = np.random.default_rng(0)\n"
        'X = rng.random((256, 8)).astype("float32")\n'
        "y = rng.integers(0, 2, 256)\n```\n"
    )
    text = new_text(PERCENT, answer)
    assert "np.random.rand(64, 8)" not in text
    assert "rng = np.random.default_rng(0)" in text
    assert text.index("import numpy") < text.index("rng = ") < text.index("model = keras")


def test_nbconvert_cells_are_named_by_their_own_numbers_in_other_languages() -> None:
    for intro in (
        "Reemplaza la celda 5 por esto:",
        "Замените ячейку 5 на:",
        "Replace cell #5 with:",
    ):
        answer = (
            intro + "\n\n```python\n"
            "stop = keras.callbacks.EarlyStopping(monitor='loss', patience=2)\n"
            "model.fit(X, y, epochs=3, verbose=0, callbacks=[stop])\n```\n"
        )
        text = new_text(NBCONVERT, answer)
        assert text.count("model.fit(") == 1, intro
        assert "callbacks=[stop]" in text, intro
        assert "print(model.predict(X[:2], verbose=0))" in text, intro  # In[6] is kept
        assert text.index("model.compile(") < text.index("stop = ") < text.index("# In[6]:")


def test_a_range_of_cells_is_replaced_as_one_run() -> None:
    answer = (
        "Replace cells 4-5 with a function so you can retrain easily:\n\n```python\n"
        "def train(epochs):\n"
        "    X = np.random.rand(64, 8).astype('float32')\n"
        "    y = np.random.randint(0, 2, 64)\n"
        "    net = keras.Sequential([keras.Input((8,)), keras.layers.Dense(1, activation='sigmoid')])\n"
        "    net.compile(optimizer='adam', loss='binary_crossentropy')\n"
        "    net.fit(X, y, epochs=epochs, verbose=0)\n"
        "    return net, X\n\n\n"
        "model, X = train(1)\n```\n"
    )
    text = new_text(NBCONVERT, answer)
    assert "model = keras.Sequential" not in text
    assert text.count(".fit(") == 1
    assert "model, X = train(1)" in text
    assert text.index("model, X = train(1)") < text.index("print(model.predict(")


def test_without_cell_markers_the_block_is_placed_by_its_statements() -> None:
    plain = "\n".join(x for x in PERCENT.split("\n") if not x.startswith("# %%"))
    answer = (
        "In the last cell, add a confusion count instead of the plain print:\n\n```python\n"
        'print("accuracy", acc)\n'
        "print(int(((model.predict(X, verbose=0).ravel() > 0.5) == y).sum()), 'right')\n```\n"
    )
    text = new_text(plain, answer)
    assert "loss, acc = model.evaluate(X, y, verbose=0)" in text
    assert text.count('print("accuracy", acc)') == 1
    assert "'right')" in text


def test_a_new_cell_after_the_training_cell_goes_there_under_its_own_marker() -> None:
    answer = (
        "Add a new cell after the training cell:\n\n```python\n"
        "for step, loss in enumerate(model.history.history['loss']):\n"
        "    print(step, loss)\n```\n"
    )
    text = new_text(NBCONVERT, answer)
    cells = text.split("# In[")
    # a cell of its own, between the training cell (In[5]) and the next one (In[6])
    assert cells[3].startswith("5]:") and "model.fit(" in cells[3]
    assert cells[4].startswith(" ]:") and "print(step, loss)" in cells[4]
    assert cells[5].startswith("6]:")


def test_a_new_cell_only_printing_is_an_edit_when_the_prose_adds_it() -> None:
    answer = (
        "在最后一个 cell 后面新建一个 cell：\n\n```python\n"
        'print("params", model.count_params())\n```\n'
    )
    text = new_text(PERCENT, answer)
    assert text.rstrip().endswith('# %%\nprint("params", model.count_params())')
    assert text.count("# %%") == PERCENT.count("# %%") + 1


def test_the_place_said_below_the_block_and_a_shell_cell_beside_the_code() -> None:
    answer = (
        "Write the predictions out:\n\n```python\n"
        'In [9]: np.savetxt("preds.csv", model.predict(X, verbose=0), delimiter=",")\n\n'
        "In [10]: !head -2 preds.csv\n0.51\n0.49\n```\n\n"
        "Run it as a new cell after the training cell.\n"
    )
    result = apply_answer(NBCONVERT, answer)
    assert result.ok and result.new_text is not None, result.refusal
    text = result.new_text
    assert 'np.savetxt("preds.csv"' in text and "!head" not in text and "0.51" not in text
    assert text.index("model.fit(") < text.index("np.savetxt(") < text.index("# In[6]:")


def test_run_this_in_a_new_cell_to_check_is_still_no_edit() -> None:
    answer = (
        "Run this in a new cell to check the shapes:\n\n```python\nprint(X.shape, y.shape)\n```\n"
    )
    result = apply_answer(NBCONVERT, answer)
    assert not result.ok and result.new_text is None


def test_without_markers_a_new_cell_after_training_goes_after_the_fit() -> None:
    plain = "\n".join(x for x in PERCENT.split("\n") if not x.startswith("# %%"))
    answer = (
        'Add a new cell after the training cell:\n\n```python\nmodel.save("model.keras")\n```\n'
    )
    text = new_text(plain, answer)
    assert "model.fit(X, y, epochs=1, verbose=0)\n\nmodel.save(" in text
    assert text.index('model.save("model.keras")') < text.index("loss, acc = model.evaluate(")


def test_code_said_to_go_before_the_first_line_of_a_cell_goes_into_that_cell() -> None:
    answer = (
        "放在 `model.evaluate` 之前：\n\n```python\n"
        "X_eval = X[:32]\n```\n\n"
        "然后把评估那一行改成：\n\n```python\n"
        "loss, acc = model.evaluate(X_eval, y[:32], verbose=0)\n```\n"
    )
    text = new_text(PERCENT, answer)
    cells = text.split("# %%")
    assert cells[-1].startswith("\nX_eval = X[:32]\nloss, acc = model.evaluate(X_eval"), cells[-1]
    assert "X_eval" not in cells[-2]  # the training cell keeps only its own code


def test_code_said_to_go_at_the_end_of_a_numbered_cell_goes_there() -> None:
    answer = (
        "Compute a class balance at the end of cell 2, after the data:\n\n```python\n"
        "pos_rate = float(y.mean())\n```\n\n"
        "- Then use it: in cell 3 add `class_weight={0: pos_rate, 1: 1 - pos_rate}` to the `model.fit(...)` call.\n"
    )
    text = new_text(PERCENT, answer)
    cells = text.split("# %%")
    assert cells[2].rstrip().endswith("pos_rate = float(y.mean())"), cells[2]
    assert "class_weight={0: pos_rate, 1: 1 - pos_rate}" in cells[3]


def test_the_last_two_cells_are_replaced_by_one_cell_in_several_languages() -> None:
    block = (
        "```python\n# %%\nscores = []\nfor seed in range(2):\n"
        "    keras.utils.set_random_seed(seed)\n"
        '    model = keras.Sequential([keras.Input((8,)), layers.Dense(1, activation="sigmoid")])\n'
        '    model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])\n'
        "    model.fit(X, y, epochs=1, verbose=0)\n"
        "    scores.append(model.evaluate(X, y, verbose=0)[1])\n"
        'print("mean accuracy", np.mean(scores))\n```\n'
    )
    for intro in (
        "Replace the last two cells (training and evaluation) with this one:",
        "Substitua as duas últimas células (treino e avaliação) por esta:",
        "把最后两个 cell 替换成下面这个：",
    ):
        text = new_text(PERCENT, f"Average over two seeds.\n\n{intro}\n\n{block}")
        assert 'print("accuracy", acc)' not in text, intro
        assert text.count("model.fit(") == 1 and "scores.append(" in text, intro
        assert 'activation="relu"' not in text, intro  # the old model cell is gone
        assert text.count("# %%") == PERCENT.count("# %%") - 1, intro
        assert "X = np.random.rand" in text and "from tensorflow.keras import layers" in text


def test_a_new_cell_after_the_cell_that_builds_a_quoted_name_goes_there_once_marked() -> None:
    code = (
        '```python\n# %%\nnoise = np.random.normal(0, 0.01, X.shape).astype("float32")\n'
        "X = np.concatenate([X, X + noise])\ny = np.concatenate([y, y])\n```\n"
    )
    for intro in (
        # words about training in the intro do not move it to the training cell
        "For training on more data, add a new cell right after the cell that builds `X`:",
        "データ作成のセル（`X = ...` を作っているセル）の直後に、学習用の新しいセルを追加してください。",
        "在生成 `X` 的单元格后面加一个新的单元格：",
    ):
        result = apply_answer(PERCENT, f"{intro}\n\n{code}")
        assert result.ok and result.new_text is not None, (intro, result.refusal)
        text = result.new_text
        assert text.count("# %%") == PERCENT.count("# %%") + 1, intro
        assert (
            text.index("y = np.random.randint") < text.index("noise =") < text.index("model =")
        ), intro
        assert "# %%\nnoise = np.random.normal" in text, intro
