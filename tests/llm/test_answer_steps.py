"""Answers in steps and in words: a step said only in prose among code blocks, places given
in words after or before the quoted code (Hindi, Korean, Turkish, Italian, Spanish), a
line to change named inside another quote, fixes shown as numbered "change that line
to:" blocks, a new notebook cell, "replace the `fit` call with:", a program's CSV log, and
a whole script re-pasted with its model rewritten.

Every answer was written for its test; the scripts are short programs written here.
"""

from __future__ import annotations

from gptfix.llm import apply_answer

SCRIPT = """import numpy as np
from tensorflow import keras
from tensorflow.keras.layers import Dense, Dropout

x = np.random.rand(64, 10).astype("float32")
y = np.random.randint(0, 2, 64)
model = keras.Sequential()
model.add(Dense(32, activation="relu", input_dim=10))
model.add(Dropout(0.5))
model.add(Dense(1, activation="sigmoid"))
model.compile(loss="binary_crossentropy", optimizer="rmsprop", metrics=["accuracy"])
history = model.fit(x, y, epochs=2, batch_size=16)
print("train", history.history["acc"])
print("loss", history.history["loss"])
"""

NET = """import keras
from keras import layers


class Net(keras.Model):
    def __init__(self):
        super().__init__()
        self.c1 = layers.Conv2D(8, 3)
        self.d1 = layers.Dropout(0.2)
        self.flatten = layers.Flatten()
        self.out = layers.Dense(10)

    def call(self, x):
        x = self.c1(x)
        x = self.d1(x)
        x = self.flatten(x)
        return self.out(x)
"""


def applied(script: str, answer: str) -> str:
    result = apply_answer(script, answer)
    assert result.ok and result.new_text is not None, result.refusal
    return result.new_text


def test_a_step_said_in_prose_is_applied_next_to_the_steps_with_code() -> None:
    answer = (
        "1. Añade una capa más, después de la primera capa `Dropout(0.5)`:\n\n"
        '```python\nmodel.add(Dense(16, activation="relu"))\n```\n\n'
        '2. En el `compile`, cambia `optimizer="rmsprop"` por `optimizer="adam"`.\n'
    )
    new = applied(SCRIPT, answer)
    lines = new.splitlines()
    at = lines.index('model.add(Dense(16, activation="relu"))')
    assert lines[at - 1] == "model.add(Dropout(0.5))"
    assert 'optimizer="adam"' in new and "rmsprop" not in new


def test_a_place_named_after_the_quote_in_hindi_korean_and_turkish() -> None:
    code = "```python\ncallbacks = [keras.callbacks.EarlyStopping(patience=2)]\n```\n"
    for intro in (
        "नीचे का कोड `model.fit` कॉल से ठीक पहले रखें:\n\n",
        "아래 코드를 `model.fit` 호출 바로 앞에 넣으세요:\n\n",
        "Aşağıdaki kodu `model.compile` satırından hemen sonra ekleyin:\n\n",
    ):
        lines = applied(SCRIPT, intro + code).splitlines()
        at = lines.index("callbacks = [keras.callbacks.EarlyStopping(patience=2)]")
        assert lines[at + 1].startswith("history = model.fit("), intro


def test_lines_like_several_of_the_scripts_go_between_the_quoted_ones() -> None:
    answer = (
        "Nel costruttore, subito dopo `self.d1 = layers.Dropout(0.2)`, aggiungi:\n\n"
        "```python\n        self.c2 = layers.Conv2D(16, 3)\n```\n\n"
        "e in `call`, dopo `x = self.d1(x)` e prima di `x = self.flatten(x)`:\n\n"
        "```python\n        x = self.c2(x)\n```\n"
    )
    lines = applied(NET, answer).splitlines()
    at = lines.index("        x = self.c2(x)")
    assert (
        lines[at - 1] == "        x = self.d1(x)" and lines[at + 1] == "        x = self.flatten(x)"
    )
    assert lines.count("        x = self.c2(x)") == 1


def test_the_word_to_change_is_found_inside_the_quoted_line() -> None:
    text = SCRIPT.replace("keras.Sequential()", "keras.Seqential()")
    answer = "Ersetze in der Zeile `model = keras.Seqential()` das `Seqential` durch `Sequential`."
    assert "model = keras.Sequential()" in applied(text, answer)


def test_numbered_fixes_of_two_alike_lines_are_both_fixes() -> None:
    answer = (
        "按下面的步骤改：\n\n1. 把读取训练准确率的那一行改成：\n"
        '   ```python\n   print("train", history.history["accuracy"])\n   ```\n'
        "2. 把损失那一行改成：\n"
        '   ```python\n   print("loss", history.history["loss"][-1])\n   ```\n'
    )
    new = applied(SCRIPT, answer)
    assert 'print("train", history.history["accuracy"])' in new
    assert 'print("loss", history.history["loss"][-1])' in new
    assert '"acc"]' not in new


def test_code_for_a_new_cell_goes_after_the_script() -> None:
    answer = (
        "In a new cell, after the one that trains, save it and load it back:\n\n```python\n"
        'model.save("clf.keras")\nrestored = keras.models.load_model("clf.keras")\n```\n'
    )
    new = applied(SCRIPT, answer)
    assert new.rstrip().endswith('restored = keras.models.load_model("clf.keras")')


def test_the_fit_call_named_by_its_method_is_replaced_and_a_csv_log_is_output() -> None:
    answer = (
        "Then replace the `fit` call with:\n\n```python\n"
        'logger = keras.callbacks.CSVLogger("log.csv")\n'
        "history = model.fit(x, y, epochs=2, batch_size=16, callbacks=[logger])\n```\n\n"
        "The file then looks like:\n\n```\nepoch,accuracy,loss\n0,0.51,0.69\n1,0.55,0.68\n```\n"
    )
    new = applied(SCRIPT, answer)
    assert new.count("model.fit(") == 1 and "callbacks=[logger]" in new
    assert "epoch,accuracy" not in new


def test_a_whole_script_re_pasted_with_a_functional_model_keeps_the_imports_it_reads() -> None:
    answer = (
        "Here is your script with the functional API:\n\n```python\n"
        "import numpy as np\nfrom tensorflow import keras\nfrom tensorflow.keras import layers\n\n"
        'x = np.random.rand(64, 10).astype("float32")\ny = np.random.randint(0, 2, 64)\n'
        'inputs = keras.Input((10,))\nh = layers.Dense(32, activation="relu")(inputs)\n'
        'h = layers.Dropout(0.5)(h)\noutputs = layers.Dense(1, activation="sigmoid")(h)\n'
        "model = keras.Model(inputs, outputs)\n"
        'model.compile(loss="binary_crossentropy", optimizer="rmsprop", metrics=["accuracy"])\n'
        "history = model.fit(x, y, epochs=2, batch_size=16)\n"
        'print("train", history.history["acc"])\n'
        'print("loss", history.history["loss"])\n```\n'
    )
    new = applied(SCRIPT, answer)
    assert "model.add(" not in new and "keras.Model(inputs, outputs)" in new
    compile(new, "train.py", "exec")
    # a bare ``Dense(`` (the script's spelling) is still imported; ``layers.`` likewise
    bare = new.replace("layers.Dense(", "").replace("layers.Dropout(", "")
    assert "Dense(" not in bare or "from tensorflow.keras.layers import Dense, Dropout" in new
    assert "layers." not in new or "from tensorflow.keras import layers" in new


def test_after_two_quoted_names_is_after_the_later_one() -> None:
    answer = (
        "**Bước 1.** Sau khi tạo `x` và `y`, tính trọng số:\n\n```python\n"
        "weights = {0: 1.0, 1: float((y == 0).sum()) / max(1, int((y == 1).sum()))}\n```\n"
    )
    lines = applied(SCRIPT, answer).splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("weights = "))
    assert lines[at - 1] == "y = np.random.randint(0, 2, 64)"


def test_end_and_top_of_the_script_in_indonesian_and_arabic() -> None:
    end = 'Lalu di akhir skrip tambahkan:\n\n```python\nmodel.save("m.keras")\n```\n'
    assert applied(SCRIPT, end).rstrip().endswith('model.save("m.keras")')
    top = (
        "في أعلى الملف، بعد الاستيرادات مباشرة، أضف:\n\n```python\n"
        'keras.mixed_precision.set_global_policy("mixed_float16")\n```\n'
    )
    lines = applied(SCRIPT, top).splitlines()
    at = lines.index('keras.mixed_precision.set_global_policy("mixed_float16")')
    assert lines[at - 1] == "from tensorflow.keras.layers import Dense, Dropout"


def test_these_lines_then_replaced_by_these_in_chinese_is_one_edit() -> None:
    answer = (
        "在文件里把这两行\n\n```python\nmodel = keras.Sequential()\n"
        'model.add(Dense(32, activation="relu", input_dim=10))\n```\n\n换成：\n\n```python\n'
        'model = keras.Sequential([keras.Input((10,))])\nmodel.add(Dense(32, activation="relu"))\n```\n'
    )
    new = applied(SCRIPT, answer)
    assert "input_dim=10" not in new and "keras.Input((10,))" in new
    assert new.count("model = keras.Sequential(") == 1


def test_a_quoted_line_replaced_in_hindi_and_the_last_call_in_dutch() -> None:
    hi = "`model.add(Dropout(0.5))` को इससे बदलें:\n\n```python\nmodel.add(Dropout(0.3))\n```\n"
    new = applied(SCRIPT, hi)
    assert "Dropout(0.3)" in new and "Dropout(0.5)" not in new
    nl = (
        "Voeg na de laatste `model.add(...)` een extra laag toe:\n\n"
        "```python\nmodel.add(Dense(1))\n```\n"
    )
    lines = applied(SCRIPT, nl).splitlines()
    at = lines.index("model.add(Dense(1))")
    assert lines[at - 1] == 'model.add(Dense(1, activation="sigmoid"))'
