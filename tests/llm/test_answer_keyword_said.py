"""A keyword value the sentence quotes against the one the block writes, and "at the
bottom of the script" in Dutch and German.

- "użyj `padding="pre"`:" over a block that writes ``padding="post"``: the answer
  contradicts itself and nothing is written.
- Not a contradiction: the quote is the script's old value ("instead of
  `padding="post"`"), or the block writes the keyword through a name (``epochs=EPOCHS``).
- "(onderaan het script)", "am Ende deines Skripts": the block goes at the end.

Every answer was written for its test; the scripts are short programs written here.
"""

from __future__ import annotations

from gptfix.llm import apply_answer

SEQS = """import numpy as np
import keras

MAX_LEN = 6


def encode(seqs):
    return keras.utils.pad_sequences(seqs, maxlen=MAX_LEN, padding="post")


x = encode([[1, 2, 3], [4, 5]])
y = np.array([0, 1])
model = keras.Sequential([keras.Input((MAX_LEN,)), keras.layers.Dense(1)])
model.compile(optimizer="adam", loss="mse")
model.fit(x, y, epochs=1, verbose=0)
"""


def test_a_quoted_keyword_value_the_block_writes_otherwise_refuses_the_answer() -> None:
    answer = (
        'Przy Conv1D lepiej dopełniać zerami na początku, użyj `padding="pre"`:\n\n'
        "```python\ndef encode(seqs):\n"
        '    return keras.utils.pad_sequences(seqs, maxlen=MAX_LEN, padding="post", '
        'truncating="post")\n```\n'
    )
    result = apply_answer(SEQS, answer)
    assert not result.ok and result.new_text is None
    assert 'padding="pre"' in (result.refusal or "")


def test_the_scripts_old_value_quoted_is_no_contradiction() -> None:
    answer = (
        'Pad at the start instead of `padding="post"`:\n\n'
        "```python\ndef encode(seqs):\n"
        '    return keras.utils.pad_sequences(seqs, maxlen=MAX_LEN, padding="pre")\n```\n'
    )
    result = apply_answer(SEQS, answer)
    assert result.ok and result.new_text is not None, result.refusal
    assert 'padding="pre"' in result.new_text


def test_a_keyword_written_through_a_name_is_no_contradiction() -> None:
    answer = (
        "Train longer, e.g. `epochs=5`:\n\n```python\nEPOCHS = 5\n"
        "model.fit(x, y, epochs=EPOCHS, verbose=0)\n```\n"
    )
    result = apply_answer(SEQS, answer)
    assert result.ok and result.new_text is not None, result.refusal
    assert "epochs=EPOCHS" in result.new_text


def test_the_bottom_of_the_script_in_dutch_and_german() -> None:
    for words in (
        "Zet daarna de gewichten terug (onderaan het script):",
        "Am Ende deines Skripts:",
    ):
        answer = f'{words}\n\n```python\nmodel.save_weights("best.weights.h5")\n```\n'
        result = apply_answer(SEQS, answer)
        assert result.ok and result.new_text is not None, result.refusal
        assert result.new_text.rstrip().endswith('model.save_weights("best.weights.h5")')


HEADS = """import numpy as np
import keras

inputs = keras.Input((4,))
model = keras.Model(inputs, {"cls": keras.layers.Dense(2, name="cls")(inputs), "reg": keras.layers.Dense(1, name="reg")(inputs)})
model.compile(
    optimizer="adam",
    loss={"cls": "sparse_categorical_crossentropy", "reg": "mse"},
    loss_weights={"cls": 1.0, "reg": 0.5},
)
"""


def test_a_french_value_said_with_passez_is_checked_against_the_block() -> None:
    answer = (
        'Donnez le même poids aux deux têtes : passez le poids de `"reg"` à `1.0`.\n\n'
        '```python\nmodel.compile(\n    optimizer="adam",\n'
        '    loss={"cls": "sparse_categorical_crossentropy", "reg": "mse"},\n'
        '    loss_weights={"cls": 1.0, "reg": 0.25},\n)\n```\n'
    )
    result = apply_answer(HEADS, answer)
    assert not result.ok and result.new_text is None
