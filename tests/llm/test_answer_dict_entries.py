"""A config dict given back in part (``"vocab_size": 5000,`` among other entries, ``...``
for the rest): each entry replaces the script's entry with the same key, in place; entries
the script does not have are added there. The key never ends up twice (a dict keeps the
last one, so a new entry above the old would change nothing).

Every answer was written for its test; the script is a short program written here.
"""

from __future__ import annotations

from gptfix.llm import apply_answer

SCRIPT = """import numpy as np
from tensorflow import keras

PARAMS = {
    "vocab": 100,
    "dim": 16,
    'epochs': 2,
    "lr": 1e-3,
}
ids = np.random.randint(0, 300, (64, 8))
y = np.random.randint(0, 2, 64)
net = keras.Sequential([keras.layers.Embedding(PARAMS["vocab"], PARAMS["dim"]),
                        keras.layers.GlobalAveragePooling1D(), keras.layers.Dense(1)])
net.compile(optimizer=keras.optimizers.Adam(PARAMS["lr"]), loss="mse")
net.fit(ids, y, epochs=PARAMS["epochs"], verbose=0)
"""

ANSWER = """Your ids go up to 299 but the table has 100 rows. Make it large enough:

```python
PARAMS = {
    "vocab": 300,  # >= the largest id + 1
    "dim": 16,
    "epochs": 3,
    ...
}
```
"""


def test_entries_of_a_partly_shown_dict_replace_the_ones_with_their_key() -> None:
    result = apply_answer(SCRIPT, ANSWER)
    assert result.ok and result.new_text is not None, result.refusal
    text = result.new_text
    assert '    "vocab": 300,  # >= the largest id + 1\n    "dim": 16,' in text
    assert text.count('"vocab"') == 2 and '"vocab": 100' not in text
    assert '"epochs": 3,' in text and "'epochs': 2" not in text  # quotes of either kind
    assert '"lr": 1e-3,' in text  # the entry behind the ``...`` stays


NEW_ENTRY = {
    "zh": '在 `PARAMS` 字典里 `"dim"` 后面加一项：',
    "en": 'Add this to your `PARAMS` dict, right after `"dim"`:',
}


def test_a_new_entry_goes_into_the_named_dict_after_the_quoted_key() -> None:
    for said in NEW_ENTRY.values():
        answer = said + '\n\n```python\n    "noise": 0.02   # jitter\n```\n'
        result = apply_answer(SCRIPT, answer)
        assert result.ok and result.new_text is not None, result.refusal
        assert '    "dim": 16,\n    "noise": 0.02,   # jitter\n    \'epochs\': 2,' in (
            result.new_text
        )


def test_a_new_entry_with_no_place_said_goes_at_the_end_of_the_dict() -> None:
    answer = 'Add a seed to `PARAMS`:\n\n```python\n    "seed": 7,\n```\n'
    result = apply_answer(SCRIPT, answer)
    assert result.ok and result.new_text is not None, result.refusal
    assert '    "lr": 1e-3,\n    "seed": 7,\n}' in result.new_text


def test_an_entry_added_after_one_whose_value_holds_a_hash() -> None:
    script = SCRIPT.replace('    "lr": 1e-3,\n}', '    "lr": 1e-3,\n    "color": "#ff0000"\n}')
    answer = 'Add a seed to `PARAMS`:\n\n```python\n    "seed": 7,\n```\n'
    result = apply_answer(script, answer)
    assert result.ok and result.new_text is not None, result.refusal
    assert '    "color": "#ff0000",\n    "seed": 7,\n}' in result.new_text
