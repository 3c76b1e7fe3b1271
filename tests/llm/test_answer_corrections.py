"""An answer that corrects, keeps or withdraws what it says elsewhere.

- "I'd go with Option B -- keep `embed_dim` as it is": Option A's "raise `embed_dim` ...
  from 4 to 8" is not made.
- Step 1 re-pastes `CONFIG` with ``"hidden": 32`` (unchanged), step 2 says "passez
  `"hidden"` de 32 à 48", the last paragraph "utilisez plutôt 64 au lieu de 48": the step is
  made, with the corrected value.
- "위의 코드는 적용하지 마세요" / "Don't apply the code above" below the only block: nothing
  is written.
- A step that only says where the block goes ("`main()` の中で、`model.compile(...)` の後に
  コールバックを作成します") is not a change left unread.

Every answer was written for its test; the script is a short program written here.
"""

from __future__ import annotations

from gptfix.llm import apply_answer

SCRIPT = """import numpy as np
import keras
from keras import layers

CONFIG = {
    "embed_dim": 4,
    "hidden": 32,
    "epochs": 1,
}


def build_model(cfg):
    inp = keras.Input(shape=(3,))
    x = layers.Dense(cfg["hidden"], activation="relu")(inp)
    out = layers.Dense(1)(x)
    return keras.Model(inp, out)


def main():
    model = build_model(CONFIG)
    model.compile(optimizer="adam", loss="mse")
    model.fit(np.zeros((16, 3)), np.zeros((16, 1)), epochs=CONFIG["epochs"], verbose=0)


main()
"""


def test_a_setting_of_the_option_not_taken_is_not_made() -> None:
    answer = (
        "**Option A.** Just raise `embed_dim` in `CONFIG` from 4 to 8.\n\n"
        "**Option B.** Add batch normalization after the first layer.\n\n"
        "I'd go with **Option B** -- keep `embed_dim` as it is:\n\n"
        '```python\n    x = layers.Dense(cfg["hidden"], activation="relu")(inp)\n'
        "    x = layers.BatchNormalization()(x)\n```\n"
    )
    result = apply_answer(SCRIPT, answer)
    assert result.ok and result.new_text is not None, result.refusal
    assert '"embed_dim": 4,' in result.new_text
    assert "BatchNormalization()(x)" in result.new_text


def test_a_step_beside_a_repasted_config_is_made_with_its_corrected_value() -> None:
    answer = (
        '**Étape 1 — ajouter la patience**\n\n```python\nCONFIG = {\n    "embed_dim": 4,\n'
        '    "hidden": 32,\n    "epochs": 1,\n    "patience": 3,\n}\n```\n\n'
        '**Étape 2 — élargir la couche cachée**\n\nDans `CONFIG`, passez `"hidden"` de 32 à 48.\n\n'
        "Et une petite correction : à l'étape 2, utilisez plutôt 64 au lieu de 48.\n"
    )
    result = apply_answer(SCRIPT, answer)
    assert result.ok and result.new_text is not None, result.refusal
    assert '"hidden": 64,' in result.new_text and '"patience": 3,' in result.new_text


def test_a_block_the_answer_says_not_to_apply_is_not_written() -> None:
    for words in ("위의 코드는 적용하지 마세요.", "Actually, don't apply the code above."):
        answer = (
            "`Dense` 뒤에 `Dropout`을 추가하세요:\n\n```python\n"
            '    x = layers.Dense(cfg["hidden"], activation="relu")(inp)\n'
            f"    x = layers.Dropout(0.5)(x)\n```\n\n{words}\n"
        )
        result = apply_answer(SCRIPT, answer)
        assert not result.ok and result.new_text is None


def test_a_step_that_only_says_where_the_block_goes_is_read() -> None:
    answer = (
        "手順は次のとおりです。\n\n1. `main()` の中で、`model.compile(...)` の後にコールバックを作成します。\n"
        "2. それを `model.fit` の `callbacks` 引数に渡します。\n\n```python\n"
        '    logger = keras.callbacks.CSVLogger("log.csv")\n\n'
        '    model.fit(np.zeros((16, 3)), np.zeros((16, 1)), epochs=CONFIG["epochs"], verbose=0, '
        "callbacks=[logger])\n```\n"
    )
    result = apply_answer(SCRIPT, answer)
    assert result.ok and result.new_text is not None, result.refusal
    new = result.new_text
    assert new.index("model.compile(") < new.index("logger = ") < new.index("callbacks=[logger]")


FLAT = """import numpy as np
import keras

EPOCHS = 1
model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])
model.compile(optimizer="adam", loss="mse")
model.fit(np.zeros((16, 3)), np.zeros((16, 1)), epochs=EPOCHS, verbose=0)
"""


def test_a_value_in_an_e_g_remark_is_not_an_unread_step() -> None:
    answer = (
        "Add early stopping to the training call:\n\n```python\n"
        "es = keras.callbacks.EarlyStopping(patience=2)\n"
        "model.fit(np.zeros((16, 3)), np.zeros((16, 1)), epochs=EPOCHS, verbose=0, "
        "callbacks=[es])\n```\n\n"
        "Everything else stays the same. With more epochs (e.g. `EPOCHS = 20`) the callback "
        "will actually kick in.\n"
    )
    result = apply_answer(FLAT, answer)
    assert result.ok and result.new_text is not None, result.refusal
    assert "callbacks=[es]" in result.new_text and "EPOCHS = 1\n" in result.new_text


def test_keep_a_value_at_n_over_a_block_that_writes_another_is_refused() -> None:
    answer = (
        "With so little data you want smaller layers, so keep the hidden size at 32 and "
        'raise the epochs instead:\n\n```python\nCONFIG = {\n    "embed_dim": 4,\n'
        '    "hidden": 128,\n    "epochs": 3,\n}\n```\n'
    )
    result = apply_answer(SCRIPT, answer)
    assert not result.ok and result.new_text is None
    assert "32" in (result.refusal or "")


TABLE = """import numpy as np

table = {"a": np.random.rand(32), "b": np.random.rand(32), "kind": np.array(["x", "y"] * 16)}
cols = ["a", "b", "kind"]
X = np.stack([table[c] for c in cols], axis=1)
y = (table["a"] > 0.5).astype("int32")
print(X.shape)
"""


def test_lines_the_closing_says_the_block_replaces_go() -> None:
    answer = (
        "Stack only numbers and one-hot encode `kind`:\n\n```python\n"
        'onehot = np.stack([(table["kind"] == k).astype("float32") for k in ["x", "y"]], axis=1)\n'
        'X = np.concatenate([np.stack([table["a"], table["b"]], axis=1), onehot], axis=1)\n```\n\n'
        "This replaces the `cols = ...` and `X = np.stack(...)` lines.\n"
    )
    result = apply_answer(TABLE, answer)
    assert result.ok and result.new_text is not None, result.refusal
    new = result.new_text
    assert "cols = " not in new and "np.stack([table[c]" not in new
    assert new.count("X = ") == 1 and "onehot = " in new and "print(X.shape)" in new
