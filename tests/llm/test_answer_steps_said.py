"""More steps said in prose, read as their authors mean them, in several languages.

- "switch the loss in `model.compile` from `A` to `B`"; a closing "After that change ..."
  is no step;
- "insert `layers.Flatten()` right after the `keras.Input(...)` line" puts an item in the
  list that line is an item of; "juste après la première couche `A`, avant le `Dropout`";
- "Füge im `keras.Sequential([...])` nach `keras.Input(...)` diese zwei Schichten ein:" is
  the block below, not a placeholder;
- an "**Optional:**" block after the edits is advice; "bump the learning rate constant up
  to 3e-3" sets the learning rate;
- "In `Config`, add a new attribute:" goes into that class;
- "`Adam(cfg.lr)` 호출에 `clipnorm=1.0`을 추가하세요", "`epochs`를 3으로 늘려 주세요";
- "Lösche die Zeile `model.summary()`"; "Am Ende des Notebooks ... ausgeben:" is placed;
- "Set `EPOCHS` to 10 and `BATCH_SIZE` to 32" sets both;
- "Ersetze `main()` durch:" over a ``def main()`` replaces the function, not its call;
- "**3단계: ...**" "... 줄을 `model = MLP(...)`로 바꾸세요" is a step and is applied;
- deleting the only line that reads a setting and setting it in another step contradicts.

Every answer was written for its test; the scripts are short programs written here.
"""

from __future__ import annotations

from gptfix.llm import apply_answer

F = "```"

FLAT = """import numpy as np
import keras
from keras import layers

EPOCHS = 2
BATCH_SIZE = 64
LEARNING_RATE = 1e-3
CFG = {"dropout": 0.2}
x = np.random.rand(64, 28, 28).astype("float32")
y = np.random.randint(0, 10, 64)
model = keras.Sequential([
    keras.Input(shape=(28, 28)),
    layers.Dense(64, activation="relu"),
    layers.Dropout(CFG["dropout"]),
    layers.Dense(10, activation="softmax"),
])
model.summary()
model.compile(optimizer=keras.optimizers.Adam(LEARNING_RATE), loss="sparse_categorical_crossentropy")
model.fit(x, y, epochs=EPOCHS, batch_size=BATCH_SIZE, verbose=0)
"""

CLASSY = """import numpy as np
import keras
from keras import layers


class Config:
    units = 16
    epochs = 2


class MLP(keras.Model):
    def __init__(self, units, weight_decay=0.0):
        super().__init__()
        self.d = layers.Dense(units, kernel_regularizer=keras.regularizers.l2(weight_decay))
        self.out = layers.Dense(1)

    def call(self, inputs):
        return self.out(self.d(inputs))


def main():
    cfg = Config()
    x = np.random.rand(64, 4).astype("float32")
    y = np.random.rand(64, 1).astype("float32")
    model = MLP(cfg.units)
    model.compile(optimizer=keras.optimizers.Adam(1e-3), loss="mse")
    model.fit(x, y, epochs=cfg.epochs, verbose=0)
    print("done")


if __name__ == "__main__":
    main()
"""


def applied(script: str, answer: str) -> str:
    result = apply_answer(script, answer)
    assert result.ok and result.new_text is not None, result.refusal
    return result.new_text


def test_a_loss_switched_from_one_quote_to_another_and_a_closing_remark() -> None:
    text = applied(
        FLAT,
        "**Fix**\n\nJust switch the loss in `model.compile` from `sparse_categorical_crossentropy`"
        " to `categorical_crossentropy`.\n\nAfter that change the training should start "
        "normally and `model.evaluate` will report the loss.\n",
    )
    assert 'loss="categorical_crossentropy"' in text


def test_an_item_placed_by_a_quoted_item_of_a_list_goes_into_that_list() -> None:
    for step in (
        "In your Sequential model, insert `layers.Flatten()` right after the "
        "`keras.Input(shape=(28, 28))` line.",
        "Ajoutez une couche `layers.Flatten()` juste après la première couche "
        "`keras.Input(shape=(28, 28))`, avant le `Dense`.",
    ):
        text = applied(FLAT, f"The Dense layers see 2-D images.\n\n{step}\n")
        assert "keras.Input(shape=(28, 28)),\n    layers.Flatten(),\n" in text, step


def test_a_german_intro_that_names_the_list_is_the_place_of_the_block_below() -> None:
    answer = f"""**Schritt 1: Augmentation**

Füge im `keras.Sequential([...])` direkt nach `keras.Input(...)` diese Schicht ein:

{F}python
    layers.GaussianNoise(0.1),
{F}

**Schritt 2:** Setze `EPOCHS` auf 3.
"""
    text = applied(FLAT, answer)
    assert "keras.Input(shape=(28, 28)),\n    layers.GaussianNoise(0.1),\n" in text
    assert "EPOCHS = 3" in text


def test_an_optional_block_after_the_edits_is_advice_and_a_worded_constant_is_set() -> None:
    answer = f"""1. **Faster steps.** BatchNorm tolerates larger steps, so bump the learning rate constant up to 3e-3.

**Optional:** if you later move to a GPU, you could also enable mixed precision:

{F}python
keras.mixed_precision.set_global_policy("mixed_float16")
{F}

but on CPU I'd leave it out.
"""
    text = applied(FLAT, answer)
    assert "LEARNING_RATE = 3e-3" in text and "mixed_precision" not in text


def test_a_block_said_to_go_in_a_class_goes_at_the_end_of_its_body() -> None:
    answer = f"""In `Config`, add a new attribute:

{F}python
    checkpoint_path = "best.keras"
{F}
"""
    text = applied(CLASSY, answer)
    assert '    epochs = 2\n    checkpoint_path = "best.keras"\n' in text


def test_korean_keyword_into_the_marked_call_and_a_value_raised() -> None:
    answer = (
        "먼저 `main()`의 `keras.optimizers.Adam(1e-3)` 호출에 `clipnorm=1.0` 키워드 인자를 "
        "추가하세요.\n\n그리고 `Config` 클래스의 `epochs`를 3으로 늘려 주세요.\n"
    )
    text = applied(CLASSY, answer)
    assert "keras.optimizers.Adam(1e-3, clipnorm=1.0)" in text and "epochs = 3" in text


def test_german_line_removal_and_a_print_placed_at_the_end_of_the_notebook() -> None:
    answer = f"""1. Lösche die Zeile `model.summary()` – die brauchst du nicht.

2. Am Ende des Notebooks kannst du zur Kontrolle noch ausgeben, wie lange trainiert wurde:

{F}python
print("epochs:", EPOCHS)
{F}
"""
    text = applied(FLAT, answer)
    assert "model.summary()" not in text
    assert text.rstrip().endswith('print("epochs:", EPOCHS)')


def test_two_settings_under_one_verb_are_both_set() -> None:
    text = applied(FLAT, "Set `EPOCHS` to 10 and `BATCH_SIZE` to 32; more updates help.\n")
    assert "EPOCHS = 10" in text and "BATCH_SIZE = 32" in text


def test_a_setting_quoted_with_a_new_value_that_nothing_sets_refuses_the_answer() -> None:
    result = apply_answer(FLAT, "Raise `EPOCHS` to 10; `BATCH_SIZE` to 32 as well.\n")
    assert not result.ok and result.new_text is None


def test_a_function_replaced_by_name_is_replaced_whole_and_its_call_kept() -> None:
    answer = f"""Ersetze `main()` durch:

{F}python
def main():
    cfg = Config()
    x = np.random.rand(64, 4).astype("float32")
    y = np.random.rand(64, 1).astype("float32")
    for fold in range(2):
        model = MLP(cfg.units)
        model.compile(optimizer=keras.optimizers.Adam(1e-3), loss="mse")
        model.fit(x, y, epochs=cfg.epochs, verbose=0)
        print("fold", fold)
{F}
"""
    text = applied(CLASSY, answer)
    assert text.count("def main():") == 1 and 'print("fold", fold)' in text
    assert 'print("done")' not in text
    assert "    main()\n" in text


def test_a_korean_step_heading_with_a_statement_to_change_to() -> None:
    answer = f"""**1단계: 모델 수정**

`Config`에 값을 추가합니다:

{F}python
class Config:
    units = 16
    epochs = 2
    weight_decay = 1e-4
{F}

**2단계: 값 전달**

`main()`에서 모델을 만드는 줄을 `model = MLP(cfg.units, cfg.weight_decay)`로 바꾸세요.
"""
    text = applied(CLASSY, answer)
    assert "model = MLP(cfg.units, cfg.weight_decay)" in text
    assert "weight_decay = 1e-4" in text


def test_a_setting_set_while_the_only_line_reading_it_is_deleted_is_refused() -> None:
    answer = (
        '1. **Remove the Dropout layer**: delete the `layers.Dropout(CFG["dropout"]),` line.\n\n'
        '2. **More dropout**: set `"dropout"` in `CFG` to 0.5.\n'
    )
    result = apply_answer(FLAT, answer)
    assert not result.ok and result.new_text is None
    assert "contradicts" in (result.refusal or "")


ARGS = """import argparse

import numpy as np
import keras
from keras import layers

p = argparse.ArgumentParser()
p.add_argument("--lr", type=float, default=0.01)
args = p.parse_args([])


class Config:
    classes = 3


def build(cfg):
    inp = keras.Input((8, 8, 1))
    x = layers.Conv2D(4, 3, padding="same")(inp)
    x = layers.MaxPooling2D()(x)
    x = layers.Conv2D(4, 3, padding="same")(x)
    x = layers.MaxPooling2D()(x)
    x = layers.Flatten()(x)
    outputs = layers.Dense(cfg.classes, activation="softmax")(x)
    return keras.Model(inp, outputs)


def main():
    cfg = Config()
    model = build(cfg)
    model.compile(optimizer=keras.optimizers.SGD(args.lr), loss="sparse_categorical_crossentropy")
    model.fit(np.random.rand(32, 8, 8, 1), np.random.randint(0, 3, 32), epochs=1, verbose=0)


main()
"""


def test_an_option_default_said_in_portuguese_and_a_described_keyword_is_no_step() -> None:
    answer = (
        "1. **Taxa menor.** No `argparse`, mude o default de `--lr` para `0.005`.\n\n"
        "O Keras passa `training=True` automaticamente durante o `fit`.\n"
    )
    text = applied(ARGS, answer)
    assert "default=0.005" in text and "training=True" not in text


def test_below_the_imports_in_korean_and_a_repasted_line_keeps_its_parameter() -> None:
    answer = f"""1. import 바로 아래에 전역 정책을 설정하세요:

{F}python
keras.mixed_precision.set_global_policy("mixed_float16")
{F}

2. 출력층은 float32로 유지하세요:

{F}python
    outputs = layers.Dense(cfg.classes, activation="softmax", dtype="float32")(x)
{F}
"""
    text = applied(ARGS, answer)
    assert (
        'from keras import layers\nkeras.mixed_precision.set_global_policy("mixed_float16")' in text
    )
    assert 'layers.Dense(cfg.classes, activation="softmax", dtype="float32")' in text


def test_context_lines_around_a_new_line_are_not_added_again() -> None:
    answer = f"""Add a global pooling layer right after the last `MaxPooling2D`:

{F}python
    x = layers.MaxPooling2D()(x)
    x = layers.GlobalAveragePooling2D()(x)  # new
    x = layers.Flatten()(x)
{F}
"""
    text = applied(ARGS, answer)
    assert text.count("layers.MaxPooling2D()(x)") == 2
    assert "    x = layers.MaxPooling2D()(x)\n    x = layers.GlobalAveragePooling2D()(x)" in text


def test_a_cell_named_by_its_role_is_replaced() -> None:
    notebook = """# %%
import numpy as np
import keras

# %%
X = np.random.rand(64, 4).astype("float32")
y = np.random.randint(0, 2, 64)

# %%
model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1, activation="sigmoid")])
model.compile(optimizer="adam", loss="binary_crossentropy")
model.fit(X, y, epochs=1, verbose=0)

# %%
print(model.predict(X[:2], verbose=0))
"""
    answer = f"""Replace your training cell with this one:

{F}python
# %%
for seed in range(2):
    keras.utils.set_random_seed(seed)
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1, activation="sigmoid")])
    model.compile(optimizer="adam", loss="binary_crossentropy")
    model.fit(X, y, epochs=1, verbose=0)
{F}
"""
    text = applied(notebook, answer)
    assert text.count("model.fit(") == 1 and "for seed in range(2):" in text
    assert text.count("# %%") == 4
    assert text.rstrip().endswith("print(model.predict(X[:2], verbose=0))")


def test_japanese_and_korean_prose_steps_beside_a_block_are_applied() -> None:
    ja = f"""**ステップ1：チェックポイント**

`model.fit(...)` の直前に次を追加してください：

{F}python
    stop = keras.callbacks.EarlyStopping(monitor="loss", patience=1)
{F}

そして `model.fit(...)` に `callbacks=[stop]` を渡します。

**ステップ2：保存**

`model.compile(...)` の行の後に、`model.summary()` を追加してください。
"""
    text = applied(ARGS, ja)
    assert "callbacks=[stop]" in text
    assert 'loss="sparse_categorical_crossentropy")\n    model.summary()' in text
    ko = f"""**1단계:** `Flatten` 앞에 풀링을 하나 더 넣으세요.

{F}python
    x = layers.MaxPooling2D()(x)
    x = layers.GlobalAveragePooling2D()(x)
{F}

**2단계:** 상수 `EPOCHS`를 2에서 3으로 올리세요.
"""
    text = applied(LITERALS_KO, ko)
    assert "EPOCHS = 3" in text


LITERALS_KO = """import numpy as np
import keras

EPOCHS = 2
x = np.random.rand(16, 4).astype("float32")
y = np.random.rand(16, 1).astype("float32")
model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1)])
model.compile(optimizer="adam", loss="mse")
model.fit(x, y, epochs=EPOCHS, verbose=0)
"""


def test_a_step_that_describes_the_block_below_is_read_by_it() -> None:
    answer = f"""**Schritt 1:** Füge nach jeder `Dense`-Schicht außer der letzten eine `layers.Dropout(0.3)`-Schicht ein.

**Schritt 2:** Senke die Lernrate `LEARNING_RATE` von `1e-3` auf `5e-4`.

So sieht das Modell danach aus:

{F}python
model = keras.Sequential([
    keras.Input(shape=(28, 28)),
    layers.Dense(64, activation="relu"),
    layers.Dropout(0.3),
    layers.Dropout(CFG["dropout"]),
    layers.Dense(10, activation="softmax"),
])
{F}
"""
    text = applied(FLAT, answer)
    assert "layers.Dropout(0.3)," in text and "LEARNING_RATE = 5e-4" in text


def test_a_call_given_anew_keeps_the_names_of_its_function_and_a_method_chained() -> None:
    answer = f"""In `main()`, use SGD with momentum:

{F}python
model.compile(optimizer=keras.optimizers.SGD(args.lr, momentum=0.9), loss="sparse_categorical_crossentropy")
{F}
"""
    text = applied(
        ARGS.replace("    cfg = Config()\n", "    cfg = Config()\n    lr = cfg.classes\n"), answer
    )
    assert "SGD(args.lr, momentum=0.9)" in text
    chained = applied(
        ARGS, 'Add `.astype("float32")` after `np.random.rand(32, 8, 8, 1)` in `main()`.\n'
    )
    assert 'np.random.rand(32, 8, 8, 1).astype("float32")' in chained


def test_a_dict_entry_set_with_its_holder_quoted_is_no_unread_step() -> None:
    text = applied(
        FLAT, '1. **More dropout.** Set `"dropout"` in `CFG` to 0.3 for a stronger head.\n'
    )
    assert 'CFG = {"dropout": 0.3}' in text
