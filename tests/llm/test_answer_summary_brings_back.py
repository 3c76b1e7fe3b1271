"""An answer that takes its first change back ("Actually, keep that line as it is; the
problem is ...") and then, in its last words, says the first change is the only one needed
contradicts itself: nothing is applied, and each block says why.

Every answer was written for its test; the script is a short program written here.
"""

from __future__ import annotations

from gptfix.llm import apply_answer

SCRIPT = """import numpy as np
from tensorflow import keras

SIZES = {"table": 50, "ids": 400}
ids = np.random.randint(0, SIZES["ids"], (64, 6))
emb = keras.layers.Embedding(input_dim=SIZES["table"], output_dim=8)
net = keras.Sequential([emb, keras.layers.GlobalAveragePooling1D(), keras.layers.Dense(1)])
net.compile(optimizer="adam", loss="mse")
net.fit(ids, np.random.rand(64), epochs=1, verbose=0)
"""

FIRST = """The table is smaller than the ids. Size it from the ids:

```python
emb = keras.layers.Embedding(input_dim=SIZES["ids"], output_dim=8)
```

Actually, no: keep that line as it is; draw fewer ids instead:

```python
ids = np.random.randint(0, SIZES["table"], (64, 6))
```

"""


def test_last_words_that_bring_the_taken_back_change_back_apply_nothing() -> None:
    answer = FIRST + 'To sum up: the only change you need is `input_dim=SIZES["ids"]`.\n'
    result = apply_answer(SCRIPT, answer)
    assert not result.ok or result.new_text in (None, SCRIPT)
    assert all("unclear" in b.detail for b in result.blocks)


def test_last_words_that_confirm_the_second_change_apply_it() -> None:
    answer = FIRST + 'To sum up: the only change is `randint(0, SIZES["table"], (64, 6))`.\n'
    result = apply_answer(SCRIPT, answer)
    assert result.ok and result.new_text is not None, result.refusal
    assert 'ids = np.random.randint(0, SIZES["table"], (64, 6))' in result.new_text
    assert 'input_dim=SIZES["table"]' in result.new_text


def test_a_next_step_that_changes_its_own_mind_leaves_the_block_above() -> None:
    # "3. ... reload the best ... actually simpler: just save it": step 3 takes back its
    # own idea (no code), not step 2's block
    answer = (
        "1. Size the table from the ids:\n\n"
        '```python\nemb = keras.layers.Embedding(input_dim=SIZES["ids"], output_dim=8)\n```\n\n'
        "2. At the end of the script, reload the best weights... actually simpler: save the model:\n\n"
        '```python\nnet.save("net.keras")\n```\n'
    )
    result = apply_answer(SCRIPT, answer)
    assert result.ok and result.new_text is not None, result.refusal
    assert 'input_dim=SIZES["ids"]' in result.new_text
    assert result.new_text.rstrip().endswith('net.save("net.keras")')


def test_do_both_after_a_take_back_applies_nothing() -> None:
    answer = FIRST + "Do both and you're set.\n"
    result = apply_answer(SCRIPT, answer)
    assert not result.ok or result.new_text in (None, SCRIPT)
    assert all("unclear" in b.detail for b in result.blocks)


def test_make_sure_with_a_value_the_code_does_not_write_is_a_contradiction() -> None:
    # two blocks binding different names are two changes, never an old/new pair; "make sure
    # the embedding has `output_dim=8`" over code writing ``output_dim=4`` contradicts itself
    answer = (
        "The table is too small, so this is wrong:\n\n"
        '```python\nids = np.random.randint(0, SIZES["table"], (64, 6))\n```\n\n'
        "Right: just make sure the embedding has `output_dim=16`:\n\n"
        '```python\nemb = keras.layers.Embedding(input_dim=SIZES["ids"], output_dim=4)\n```\n'
    )
    result = apply_answer(SCRIPT, answer)
    assert not result.ok
    assert "output_dim" in (result.refusal or "")
