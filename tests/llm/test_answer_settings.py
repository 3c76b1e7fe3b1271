"""A value to set, said only in prose ("increase `epochs` to 20", "把 `batch_size` 改成 16"):
set where the script writes it (a config dict key, a config class attribute, an argparse
default, a keyword argument, a variable), in the languages answers come in; a setting the
script writes twice, or a sentence that only supposes the value, changes nothing.

Every answer was written for its test; the scripts are short programs written here.
"""

from __future__ import annotations

from gptfix.llm import apply_answer

DICT_CFG = """import numpy as np
import keras

config = {"lr": 1e-3, "epochs": 2, "batch_size": 32}
xs = np.random.rand(64, 4).astype("float32")
ys = np.random.randint(0, 2, 64)
net = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1, activation="sigmoid")])
net.compile(optimizer=keras.optimizers.Adam(config["lr"]), loss="binary_crossentropy")
net.fit(xs, ys, epochs=config["epochs"], batch_size=config["batch_size"])
"""

CLASS_CFG = """import argparse
import numpy as np
import keras


class CFG:
    seed = 0
    dropout = 0.1


parser = argparse.ArgumentParser()
parser.add_argument("--batch-size", type=int, default=32)
args = parser.parse_args()
xs = np.random.rand(64, 4).astype("float32")
ys = np.random.randint(0, 2, 64)
net = keras.Sequential([keras.Input((4,)), keras.layers.Dropout(CFG.dropout), keras.layers.Dense(1)])
net.compile(optimizer="adam", loss="mse")
net.fit(xs, ys, epochs=3, batch_size=args.batch_size, verbose=0)
"""


def applied(script: str, answer: str) -> str:
    result = apply_answer(script, answer)
    assert result.ok and result.new_text is not None, result.refusal
    return result.new_text


def test_a_dict_key_said_in_korean_is_set_in_the_dict() -> None:
    new = applied(DICT_CFG, '`config`의 `"epochs"`를 5로 늘리세요. 그러면 더 오래 학습합니다.')
    assert 'config = {"lr": 1e-3, "epochs": 5, "batch_size": 32}' in new
    assert new.count("epochs") == DICT_CFG.count("epochs")


def test_settings_said_in_english_and_chinese() -> None:
    new = applied(
        DICT_CFG, "The model underfits. Increase `epochs` from 2 to 20 and lower `lr` to `3e-4`."
    )
    assert '"epochs": 20' in new and '"lr": 3e-4' in new
    new = applied(DICT_CFG, "显存不够的话，把 `batch_size` 改成 16 即可。")
    assert '"batch_size": 16' in new


def test_a_class_attribute_an_argparse_default_and_a_keyword() -> None:
    new = applied(CLASS_CFG, "Regularise more: set `CFG.dropout` to 0.3.")
    assert "    dropout = 0.3\n" in new
    new = applied(CLASS_CFG, "Use a smaller batch: change the `--batch-size` default to 8.")
    assert "default=8)" in new
    new = applied(CLASS_CFG, "Pon `epochs` a 10 para entrenar más.")
    assert "epochs=10, batch_size=args.batch_size" in new


def test_a_supposed_value_or_a_setting_written_twice_changes_nothing() -> None:
    result = apply_answer(DICT_CFG, "If you set `batch_size` to 1, every step sees one sample.")
    assert result.new_text in (None, DICT_CFG)
    twice = DICT_CFG.replace('epochs=config["epochs"]', "epochs=3") + "net.fit(xs, ys, epochs=2)\n"
    result = apply_answer(twice, "Set `epochs` to 10.")
    assert result.new_text in (None, twice)
    assert any("several places" in b.detail for b in result.blocks)
