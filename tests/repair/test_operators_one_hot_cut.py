"""One-hot labels indexed back down to one value per sample (the fault of the twentieth
real-world set's held-out thread, in scripts written here): the labels' provenance runs
through a list filled by appends and a method's return to a constant index after
``to_categorical``. The cut is taken out and the loss is left as the script wrote it; labels
that were never one-hot still get the sparse loss.
"""

from __future__ import annotations

from typing import Any

import pytest
from repair_support import applied_rounds, fix_runs, rule_fixes

from gptfix.index import build_index
from gptfix.index.provenance import Provenance

SCRIPT = """import numpy as np
from tensorflow import keras

NAMES = ["cat", "dog", "owl"]


class Clips:
    def __init__(self, names):
        self.names = names

    def target(self, name):
        onehot = keras.utils.to_categorical(self.names.index(name), len(self.names))
        onehot = onehot[0]  # one row per clip
        return onehot

    def load(self, n):
        feats, targets = [], []
        for i in range(n):
            name = self.names[i % 3]
            feats.append(np.random.rand(6).astype("float32") + i % 3)
            targets.append(self.target(name))
        return np.array(feats), np.array(targets)


clips = Clips(NAMES)
xs, ys = clips.load(12)
net = keras.Sequential([keras.Input((6,)), keras.layers.Dense(8, activation="relu"),
                        keras.layers.Dense(3, activation="softmax")])
net.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
net.fit(xs, ys, epochs=1, batch_size=4, verbose=0)
print("trained")
"""

RANK = (
    "Arguments `target` and `output` must have the same rank (ndim). Received: "
    "target.shape=(None,), output.shape=(None, 3)"
)
FIT_LINE = SCRIPT.split("\n").index("net.fit(xs, ys, epochs=1, batch_size=4, verbose=0)") + 1

INLINE = """import numpy as np
from tensorflow import keras

ids = np.random.randint(0, 4, size=20)
x = np.random.rand(20, 5).astype("float32")
y = keras.utils.to_categorical(ids, 4)[:, 0]
model = keras.Sequential([keras.Input((5,)), keras.layers.Dense(4, activation="softmax")])
model.compile(optimizer="adam", loss="categorical_crossentropy")
model.fit(x, y, epochs=1, verbose=0)
"""
INLINE_FIT = INLINE.split("\n").index("model.fit(x, y, epochs=1, verbose=0)") + 1
INLINE_RANK = RANK.replace("(None, 3)", "(None, 4)")


def test_provenance_follows_appends_and_methods_to_the_cut() -> None:
    prov = Provenance(build_index(SCRIPT, "/project/train.py"))
    kinds = [s.kind for s in prov.trace("ys", FIT_LINE)]
    assert "append" in kinds and "return" in kinds
    cut = prov.encoded_then_cut("ys", FIT_LINE)
    assert cut is not None and cut.expr.startswith("onehot = onehot[0]")


def test_the_cut_line_goes_and_the_loss_stays() -> None:
    fixes = rule_fixes(SCRIPT, "ValueError", RANK, FIT_LINE, "ops.one-hot-cut")
    assert len(fixes) == 1
    new = fixes[0].new_text
    assert "onehot = onehot[0]" not in new
    assert new.count("\n") == SCRIPT.count("\n") - 1  # that line only
    assert 'loss="categorical_crossentropy"' in new
    assert rule_fixes(SCRIPT, "ValueError", RANK, FIT_LINE, "loss.label-encoding") == []


def test_an_index_after_an_encoding_in_one_statement_is_taken_out() -> None:
    fixes = rule_fixes(INLINE, "ValueError", INLINE_RANK, INLINE_FIT, "ops.one-hot-cut")
    assert [f.new_text for f in fixes] == [
        INLINE.replace("to_categorical(ids, 4)[:, 0]", "to_categorical(ids, 4)")
    ]


@pytest.mark.parametrize(
    "labels",
    [
        "y = np.random.randint(0, 4, size=20)",  # class ids all along
        "y = keras.utils.to_categorical(ids, 4)[idx]",  # rows picked, not a column
        "y = np.argmax(keras.utils.to_categorical(ids, 4)[:, 0:4], axis=1)",  # decoded again
    ],
)
def test_labels_never_cut_from_an_encoding_get_the_sparse_loss(labels: str) -> None:
    text = INLINE.replace("y = keras.utils.to_categorical(ids, 4)[:, 0]", labels).replace(
        "ids = np.random", "idx = np.arange(20)\nids = np.random"
    )
    fit = text.split("\n").index("model.fit(x, y, epochs=1, verbose=0)") + 1
    assert rule_fixes(text, "ValueError", INLINE_RANK, fit, "ops.one-hot-cut") == []
    sparse = rule_fixes(text, "ValueError", INLINE_RANK, fit, "loss.label-encoding")
    assert any("sparse_categorical_crossentropy" in f.new_text for f in sparse)


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return fix_runs(tmp_path_factory.mktemp("onehotcut"), {"clips": SCRIPT})


@pytest.mark.tf
def test_the_fixed_script_trains_on_whole_one_hot_rows(runs: dict[str, Any]) -> None:
    path, out, data = runs["clips"]
    assert out.returncode == 0, out.stdout[-2000:] + out.stderr[-2000:]
    assert applied_rounds(data)
    text = path.read_text()
    assert "onehot = onehot[0]" not in text
    assert 'loss="categorical_crossentropy"' in text


CATALOG = """import numpy as np
from tensorflow import keras


class Catalog:
    def load(self, i):
        hot = keras.utils.to_categorical(i, 3)
        hot = hot[0]
        return hot


xs = np.random.rand(12, 6).astype("float32")
ys = np.random.randint(0, 3, size=12)
np.save("/tmp/unused.npy", ys)
ys = np.load("/tmp/unused.npy")
net = keras.Sequential([keras.Input((6,)), keras.layers.Dense(3, activation="softmax")])
net.compile(optimizer="adam", loss="categorical_crossentropy")
net.fit(xs, ys, epochs=1, verbose=0)
"""
CATALOG_FIT = CATALOG.split("\n").index("net.fit(xs, ys, epochs=1, verbose=0)") + 1


def test_a_method_of_the_same_name_on_another_object_is_not_followed() -> None:
    message = RANK
    assert rule_fixes(CATALOG, "ValueError", message, CATALOG_FIT, "ops.one-hot-cut") == []
    sparse = rule_fixes(CATALOG, "ValueError", message, CATALOG_FIT, "loss.label-encoding")
    assert any("sparse_categorical_crossentropy" in f.new_text for f in sparse)


def test_a_cut_that_is_a_blocks_only_statement_or_shares_its_line() -> None:
    alone = SCRIPT.replace(
        "        onehot = onehot[0]  # one row per clip\n",
        "        if True:\n            onehot = onehot[0]\n",
    )
    (fix,) = rule_fixes(alone, "ValueError", RANK, FIT_LINE + 1, "ops.one-hot-cut")
    assert "            onehot = onehot\n" in fix.new_text  # the block keeps a body
    shared = SCRIPT.replace(
        "        onehot = onehot[0]  # one row per clip\n",
        "        onehot = onehot[0]; kept = True\n",
    )
    (fix,) = rule_fixes(shared, "ValueError", RANK, FIT_LINE, "ops.one-hot-cut")
    assert "        onehot = onehot; kept = True\n" in fix.new_text
