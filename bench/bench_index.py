"""Benchmark: script index build time and names checks.

Builds a KerasCV-starter-style training script of about 30k characters (~1,000 lines) and
one of 5,000 lines (the same sections repeated with renamed functions, Chinese comments
included), then times:

- ``build_index`` cold (a fresh build of the text);
- ``IndexCache.update`` after a one-line edit (what the language server does per keystroke);
- ``check`` of one edited function (original vs changed function text);
- ``reconcile`` of a chat-style snippet against the whole script;
- with jedi (``infer_names`` / ``definitions``, under no deadline): the types of five
  module-level names the first time in the process (cold), after a one-line edit (a new
  text: jedi re-reads the script, its library caches are warm), the same text asked again
  (answered from the cache), and the definitions the ``fit(...)`` line depends on.

Run: ``.venv/bin/python bench/bench_index.py [--repeat N] [--no-infer]``. Prints Markdown
tables.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

from gptfix.index import IndexCache, build_index, definitions, infer_names
from gptfix.names import check, reconcile

HEADER = """import os
import numpy as np
import pandas as pd
import tensorflow as tf
import keras
import keras_cv
from keras import layers

# 配置 (configuration)
class CFG:
    seed = 42
    preset = "efficientnetv2_b2_imagenet"
    image_size = [128, 128]
    batch_size = 32
    epochs = 8
    lr = 1e-3
    num_classes = 4
"""

SECTION = """

# ---- 第 {i} 部分: data and model ({i}) ----
def decode_{i}(path, label):
    image = tf.io.read_file(path)  # 读取图像
    image = tf.image.decode_jpeg(image, channels=3)
    image = tf.image.resize(image, CFG.image_size)
    return image, label


def build_augmenter_{i}():
    aug_layers = [
        keras_cv.layers.RandomCutout(height_factor=(0.02, 0.06), width_factor=(0.02, 0.06)),
        keras_cv.layers.RandomFlip(mode="horizontal"),
        keras_cv.layers.RandomBrightness(factor=0.1),
    ]

    def augment(image, label):
        for layer in aug_layers:
            image = layer(image, training=True)
        return image, label

    return augment


def build_dataset_{i}(paths, labels, batch_size=32, augment=False, shuffle=1024):
    ds = tf.data.Dataset.from_tensor_slices((paths, labels))
    ds = ds.map(decode_{i}, num_parallel_calls=tf.data.AUTOTUNE)
    if shuffle:
        ds = ds.shuffle(shuffle, seed=CFG.seed)
    if augment:
        ds = ds.map(build_augmenter_{i}(), num_parallel_calls=tf.data.AUTOTUNE)
    ds = ds.batch(batch_size, drop_remainder=True)
    return ds.prefetch(tf.data.AUTOTUNE)


def build_model_{i}(num_meta=8):
    image_input = keras.Input(shape=(*CFG.image_size, 3), name="images")
    meta_input = keras.Input(shape=(num_meta,), name="meta")
    backbone = keras_cv.models.EfficientNetV2Backbone.from_preset(CFG.preset)
    x1 = backbone(image_input)
    x1 = layers.GlobalAveragePooling2D()(x1)
    x1 = layers.Dropout(0.2)(x1)
    x2 = layers.Dense(32, activation="selu")(meta_input)
    x2 = layers.Dense(16, activation="selu")(x2)
    x2 = layers.Dropout(0.1)(x2)
    concat = layers.Concatenate()([x1, x2])
    output = layers.Dense(CFG.num_classes, activation="softmax")(concat)
    model = keras.Model([image_input, meta_input], output)
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate=CFG.lr),
        loss=keras.losses.CategoricalCrossentropy(label_smoothing=0.02),
        metrics=[keras.metrics.AUC(name="auc")],
    )
    return model


def lr_schedule_{i}(epoch, lr_start=1e-4, lr_max=3e-4, warmup=3):
    if epoch < warmup:
        return lr_start + (lr_max - lr_start) * epoch / warmup
    progress = (epoch - warmup) / max(CFG.epochs - warmup, 1)
    return lr_max * 0.5 * (1 + np.cos(np.pi * progress))  # 余弦退火
"""

FOOTER = """

df = pd.read_csv("train.csv")
train_ds = build_dataset_0(df.path.values, df.label.values, batch_size=CFG.batch_size, augment=True)
valid_ds = build_dataset_0(df.path.values, df.label.values, batch_size=CFG.batch_size)
model = build_model_0()
lr_cb = keras.callbacks.LearningRateScheduler(lr_schedule_0)
history = model.fit(train_ds, epochs=CFG.epochs, validation_data=valid_ds, callbacks=[lr_cb])
"""


def make_script(min_chars: int = 0, min_lines: int = 0) -> str:
    parts = [HEADER]
    i = 0
    while True:
        text = "".join(parts) + FOOTER
        if len(text) >= min_chars and text.count("\n") >= min_lines:
            return text
        parts.append(SECTION.format(i=i))
        i += 1


def timed(fn: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Median (wall, CPU) time in milliseconds. On a shared machine the CPU time is the
    honest figure: wall time also counts the time other processes held the cores."""
    wall, cpu = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        fn()
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return statistics.median(wall), statistics.median(cpu)


def cell(t: tuple[float, float]) -> str:
    return f"{t[0]:.0f} / {t[1]:.0f}"


def edit_one_line(text: str, n: int) -> str:
    lines = text.splitlines(keepends=True)
    target = next(i for i, line in enumerate(lines) if "Dropout(0.2)" in line)
    lines[target] = lines[target].replace("0.2", f"0.{n % 9 + 1}")
    return "".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--no-infer", action="store_true", help="skip the jedi timings")
    args = parser.parse_args()
    build_index(HEADER)  # warm the imports
    rows = []
    for label, text in (
        ("30k-character script", make_script(min_chars=30_000)),
        ("5,000-line script", make_script(min_lines=5_000)),
    ):
        cache = IndexCache()
        cache.update(text, "train.py")
        counter = iter(range(10**6))
        cold = timed(lambda text=text: build_index(text), args.repeat)
        edit = timed(
            lambda text=text, cache=cache, counter=counter: cache.update(
                edit_one_line(text, next(counter)), "train.py"
            ),
            args.repeat,
        )
        snippet = (
            "from tensorflow.keras import layers\n"
            "x = layers.Dense(64, activation='relu')(x)\n"
            "base_model.trainable = False\n"
            "model.fit(train_data, validation_data=val_data, epochs=3)\n"
        )
        rec = timed(
            lambda text=text, snippet=snippet: reconcile(
                snippet, text, prose="Assume `base_model` is your backbone."
            ),
            args.repeat,
        )
        rows.append((label, len(text), text.count("\n"), cold, edit, rec))
    fn_before = SECTION.format(i=0)
    fn_after = fn_before.replace("x1 = layers.Dropout(0.2)(x1)", "feat = layers.Dropout(0.2)(x1)")
    names_ms = timed(lambda: check(fn_before, fn_after), args.repeat)
    print("times in ms, wall / CPU (median)\n")
    print("| script | chars | lines | build cold | rebuild after 1-line edit | reconcile snippet |")
    print("|---|---|---|---|---|---|")
    for label, chars, lines, cold, edit, rec in rows:
        print(f"| {label} | {chars:,} | {lines:,} | {cell(cold)} | {cell(edit)} | {cell(rec)} |")
    print(
        f"\nnames check of one edited section ({fn_before.count(chr(10))} lines): {cell(names_ms)}"
    )
    if not args.no_infer:
        bench_infer(max(1, min(args.repeat, 3)))


INFER_NAMES = ["df", "train_ds", "valid_ds", "model", "lr_cb"]


def bench_infer(repeat: int) -> None:
    """jedi timings: what a caller waits for with no deadline (see the module docstring).

    The first row's first query is the process's first use of jedi (cold); the second
    row's first query already finds Keras read by the first row.
    """
    rows = []
    for label, text in (
        ("30k-character script", make_script(min_chars=30_000)),
        ("5,000-line script", make_script(min_lines=5_000)),
    ):
        asker = _Asker(text)
        first = timed(asker.ask, 1)
        edit = timed(asker.ask_edited, repeat)
        again = timed(asker.ask, repeat)
        defs = timed(asker.fit_definitions, repeat)
        rows.append((label, len(asker.found), first, edit, again, defs))
    print("\njedi: types of 5 module-level names; ms, wall / CPU (median)\n")
    print(
        "| script | inferred | first query | after a 1-line edit | same text again "
        "| definitions of the fit line |"
    )
    print("|---|---|---|---|---|---|")
    for label, n, first, edit, again, defs in rows:
        print(
            f"| {label} | {n}/{len(INFER_NAMES)} | {cell(first)} | {cell(edit)} "
            f"| {cell(again)} | {cell(defs)} |"
        )


class _Asker:
    """The jedi questions asked of one script."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.end = text.count("\n") + 1
        self.fit_line = next(i for i, s in enumerate(text.splitlines(), 1) if ".fit(" in s)
        self.found: dict[str, object] = {}
        self.edits = 0

    def ask(self) -> None:
        self.found.update(infer_names(self.text, "train.py", self.end, INFER_NAMES, deadline=600))

    def ask_edited(self) -> None:
        self.edits += 1
        edited = self.text + f"# edit {self.edits}\n"
        infer_names(edited, "train.py", self.end, INFER_NAMES, deadline=600)

    def fit_definitions(self) -> None:
        definitions(self.text, "train.py", self.fit_line, deadline=600)


if __name__ == "__main__":
    main()
