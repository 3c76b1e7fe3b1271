"""`gptfix index SCRIPT [--json]` as a user runs it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gptfix.cli import main

SCRIPT = """import keras
from keras import layers

class CFG:
    batch_size = 4  # 批大小

inputs = keras.Input(shape=(8,), name="feats")
x = layers.Dense(4)(inputs)
outputs = layers.Dense(1)(x)
model = keras.Model(inputs, outputs)
model.compile(optimizer="adam", loss="mse")
model.fit(data, batch_size=CFG.batch_size, epochs=1)
"""


def test_index_prints_the_model_facts(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    script = tmp_path / "train.py"
    script.write_text(SCRIPT, encoding="utf-8")
    assert main(["index", str(script)]) == 0
    out = capsys.readouterr().out
    assert "Keras layers are written `layers.Dense`" in out
    assert "input: line 7: inputs shape=(8,) name='feats'" in out
    assert "line 9: outputs = layers.Dense(1)(x)" in out
    assert "model (functional): line 10: model" in out
    assert "batch size: CFG.batch_size = 4 (defined line 5, used via fit at line 12)" in out


def test_index_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    script = tmp_path / "train.py"
    script.write_text(SCRIPT, encoding="utf-8")
    assert main(["index", str(script), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["keras"]["fit"][0]["batch_size"] == "CFG.batch_size"
    assert data["config"][0]["expr"] == "CFG.batch_size"
    assert data["syntax_error"] is None


def test_index_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["index", str(tmp_path / "nope.py")]) == 4
    assert "no such script" in capsys.readouterr().err
    broken = tmp_path / "broken.py"
    broken.write_text("x = '中文' $ 1\n", encoding="utf-8")
    assert main(["index", str(broken)]) == 5
    assert f"gptfix: {broken}:1:10: syntax error" in capsys.readouterr().err


def test_index_names_unread_config_and_a_backbone_built_on_an_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    script = tmp_path / "train.py"
    script.write_text(
        "import tensorflow as tf\n"
        "class CFG:\n"
        "    classes = ['cat', 'dog']\n"
        "inp = tf.keras.Input((32, 32, 3))\n"
        "base = tf.keras.applications.ResNet50(include_top=False, weights=None, input_tensor=inp)\n"
        "x = tf.keras.layers.GlobalAveragePooling2D()(base.output)\n",
        encoding="utf-8",
    )
    assert main(["index", str(script)]) == 0
    out = capsys.readouterr().out
    assert "CFG.classes = ['cat', 'dog']  (class; never read)" in out
    assert "backbone: line 5: base = keras.applications.ResNet50; applied at line 5 (inp" in out


def test_index_refuses_binary_files_and_folders(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "model.py").write_bytes(b"\x89HDF\r\n\x1a\n\x00\x00\x01\x08")
    assert main(["index", str(tmp_path / "model.py")]) == 5
    assert "not a Python script" in capsys.readouterr().err
    (tmp_path / "pkg.py").mkdir()
    assert main(["index", str(tmp_path / "pkg.py")]) == 4
