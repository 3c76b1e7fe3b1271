"""`gptfix names ORIGINAL CHANGED [--json]` and `--snippet` as a user runs them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gptfix.cli import main

ORIGINAL = """import keras
import tensorflow as tf

BATCH = 8
train_dataset = tf.data.Dataset.range(64).batch(BATCH)
model = keras.Sequential([keras.layers.Dense(1)])
model.compile(optimizer="adam", loss="mse")
model.fit(train_dataset, epochs=1)
"""


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_names_reports_a_broken_rename_and_proposes_a_mapping(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    original = _write(tmp_path, "a.py", ORIGINAL)
    changed = _write(
        tmp_path, "b.py", ORIGINAL.replace("model.fit(train_dataset", "model.fit(train_ds")
    )
    assert main(["names", str(original), str(changed)]) == 1
    out = capsys.readouterr().out
    assert "unbound: train_ds at line 8:11 in <module>: never bound" in out
    # the original passes train_dataset where the change passes train_ds: the same argument
    assert "proposed: train_ds -> train_dataset (argument:" in out
    assert "passes train_dataset (line 8)" in out


def test_names_json_and_clean_change(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    original = _write(tmp_path, "a.py", ORIGINAL)
    changed = _write(tmp_path, "b.py", ORIGINAL.replace("BATCH", "BATCH_SIZE"))
    assert main(["names", str(original), str(changed), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["ok"] is True
    assert [(r["name"], r["renamed_to"]) for r in data["removed"]] == [("BATCH", "BATCH_SIZE")]


def test_names_snippet_mode_rewrites_the_snippet(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    original = _write(tmp_path, "a.py", ORIGINAL)
    snippet = _write(
        tmp_path, "s.py", "from tensorflow.keras import layers\nnet.fit(ds, epochs=3)\n"
    )
    prose = _write(tmp_path, "answer.md", "假设 `net` 是你编译好的模型，`ds` 是训练集。")
    code = main(["names", str(original), str(snippet), "--snippet", "--prose", f"@{prose}"])
    out = capsys.readouterr().out
    assert code == 0
    assert "map: net -> model (prose:" in out
    assert out.endswith(
        "--- snippet in the script's names ---\nmodel.fit(train_dataset, epochs=3)\n"
    )


def test_names_snippet_and_prose_may_be_any_text_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    original = _write(tmp_path, "a.py", ORIGINAL)
    answer = _write(tmp_path, "answer.txt", "Sure! Assume `net` is your compiled model.")
    snippet = _write(tmp_path, "snippet.txt", "net.fit(train_dataset, epochs=3)\n")
    code = main(["names", str(original), str(snippet), "--snippet", "--prose", f"@{answer}"])
    assert code == 0
    assert capsys.readouterr().out.endswith("model.fit(train_dataset, epochs=3)\n")
    broken = _write(tmp_path, "broken.txt", "def f(:\n")
    assert main(["names", str(original), str(broken), "--snippet"]) == 5
    assert "the snippet does not parse" in capsys.readouterr().err


CONFIGURED = """class CFG:
    batch_size = 32
    epochs = 3


def train(data):
    for start in range(0, len(data), CFG.batch_size):
        print(data[start:start + CFG.batch_size], CFG.epochs)


train(list(range(100)))
"""


def test_names_reports_a_config_attribute_no_config_defines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    original = _write(tmp_path, "a.py", CONFIGURED)
    changed = _write(
        tmp_path,
        "b.py",
        CONFIGURED.replace("len(data), CFG.batch_size", "len(data), CFG.BATCH_SIZE"),
    )
    assert main(["names", str(original), str(changed)]) == 1
    out = capsys.readouterr().out
    assert (
        "undefined config: CFG.BATCH_SIZE at line 7:38; did you mean CFG.batch_size (line 2)?"
        in out
    )


def test_names_snippet_reads_of_undefined_config_attributes_are_mapped_or_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    original = _write(tmp_path, "a.py", CONFIGURED)
    snippet = _write(
        tmp_path,
        "s.txt",
        "    print(CFG.EPOCHS, CFG.batchsize)\n    print(CFG.weight_decay, CFG.epoch)\n",
    )
    assert main(["names", str(original), str(snippet), "--snippet", "--at", "9"]) == 1
    out = capsys.readouterr().out
    # the same name but for case and underscores: mapped onto the script's spelling
    assert "map: CFG.EPOCHS -> CFG.epochs (config:" in out
    assert "map: CFG.batchsize -> CFG.batch_size (config:" in out
    # a close spelling is only a guess; nothing close is unresolved, like an unbound name
    assert "ambiguous: CFG.epoch: CFG.epochs (no configuration defines it)" in out
    assert "unresolved: CFG.weight_decay" in out
    assert out.endswith(
        "--- snippet in the script's names ---\n"
        "print(CFG.epochs, CFG.batch_size)\nprint(CFG.weight_decay, CFG.epoch)\n"
    )
    # the script's own reads are not the snippet's problem: a clean snippet passes
    clean = _write(tmp_path, "c.txt", "print(CFG.epochs)\n")
    assert main(["names", str(original), str(clean), "--snippet"]) == 0
