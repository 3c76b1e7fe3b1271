"""`gptfix recipe list|apply` through the real CLI entry point."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest

from gptfix.cli import main
from gptfix.errors import EXIT_NO_SCRIPT, EXIT_REFUSED, EXIT_USAGE

STARTER = "17-kerascv-starter"


@pytest.fixture
def starter(scratch_fixture) -> Path:  # noqa: ANN001
    """The KerasCV-starter fixture's working version, as train.py in a temp folder."""
    dest: Path = scratch_fixture(STARTER)
    shutil.copy(dest.parent / "fixed.py", dest)
    return dest


def test_list_shows_each_recipe_with_its_line(starter: Path, capsys) -> None:  # noqa: ANN001
    assert main(["recipe", "list", str(starter)]) == 0
    out = capsys.readouterr().out
    text = starter.read_text().splitlines()
    for recipe_id, needle in [
        ("add-augmentation", 'layers.RandomFlip("horizontal_and_vertical")'),
        ("attention", 'layers.GlobalAveragePooling2D(name="image_pool")(x)'),
        ("swap-backbone", "keras.applications.MobileNetV3Small("),
    ]:
        line = next(i for i, t in enumerate(text, 1) if needle in t)
        matches = [ln for ln in out.splitlines() if f" {recipe_id} " in ln]
        assert matches, out
        shown = int(matches[0].split(":")[1])
        assert abs(shown - line) <= 6, (recipe_id, shown, line)  # at the construct it edits


def test_list_json_and_the_registry_listing(starter: Path, capsys) -> None:  # noqa: ANN001
    assert main(["recipe", "list", str(starter), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {d["recipe"] for d in data} == {
        "add-augmentation",
        "attention",
        "swap-backbone",
        "lr-schedule",
        "memory",
    }
    assert main(["recipe", "list"]) == 0
    out = capsys.readouterr().out
    assert "--opt kind=se (se|cbam|mhsa)" in out


def test_dry_run_prints_the_diff_and_changes_nothing(starter: Path, capsys) -> None:  # noqa: ANN001
    before = starter.read_text()
    args = ["recipe", "apply", "memory", str(starter), "--opt", "remedy=halve-batch", "--dry-run"]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "-    batch_size = 8\n+    batch_size = 4\n" in out
    assert starter.read_text() == before


def test_unverified_apply_is_journaled_and_undo_restores(starter: Path, capsys) -> None:  # noqa: ANN001
    before = starter.read_text()
    args = ["recipe", "apply", "lr-schedule", str(starter), "--opt", "warmup_epochs=1"]
    assert main([*args, "--no-verify"]) == 0
    changed = starter.read_text()
    assert "cosine_schedule(CFG.epochs, warmup_epochs=1)" in changed
    assert main(args) == EXIT_REFUSED  # second time: already present, nothing written
    assert "already present" in capsys.readouterr().err
    assert starter.read_text() == changed
    assert main(["undo", str(starter)]) == 0
    assert starter.read_text() == before


@pytest.mark.parametrize(
    ("argv", "code", "message"),
    [
        (["recipe", "apply", "nope", "{s}"], EXIT_USAGE, "unknown recipe 'nope'"),
        (["recipe", "apply", "attention", "{s}", "--opt", "kind=xl"], EXIT_USAGE, "kind=xl"),
        (["recipe", "apply", "attention", "{s}", "--opt", "size"], EXIT_USAGE, "KEY=VALUE"),
        (["recipe", "apply", "attention", "missing.py"], EXIT_NO_SCRIPT, "no such script"),
    ],
)
def test_bad_input_exits_with_one_line(
    starter: Path,
    capsys,
    argv: list[str],
    code: int,
    message: str,  # noqa: ANN001
) -> None:
    argv = [a.replace("{s}", str(starter)) for a in argv]
    assert main(argv) == code
    err = capsys.readouterr().err
    assert err.startswith("gptfix: ") and message in err and err.count("\n") == 1


@pytest.mark.tf
def test_every_recipe_on_the_starter_then_a_verified_apply(starter: Path, capsys) -> None:  # noqa: ANN001
    """The field report's improvements, in a row, on the KerasCV-starter fixture."""
    original = starter.read_text()
    steps = [
        ["add-augmentation", "--opt", "layer=RandomTranslation", "--opt", "height_factor=0.1"],
        ["swap-backbone", "--opt", "to=ResNet50"],
        ["lr-schedule", "--opt", "kind=cosine", "--opt", "warmup_epochs=1"],
        ["memory", "--opt", "remedy=mixed-precision"],
    ]
    for step in steps:
        assert main(["recipe", "apply", step[0], str(starter), *step[1:], "--no-verify"]) == 0
    capsys.readouterr()
    args = ["recipe", "apply", "attention", str(starter), "--opt", "kind=se", "--json"]
    assert main([*args, "--python", sys.executable]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["written"] is True
    assert report["fix"]["verification"]["stages"] == ["parse", "names", "screen", "build", "smoke"]
    model = report["build"]["models"][0]
    layers = {layer["name"]: layer for layer in model["layers"]}
    assert layers["augmenter"]["sublayers"] == 5  # RandomTranslation joined the four
    assert layers["resnet50"]["class"] == "Functional"
    assert layers["se_squeeze"]["inbound"] == ["resnet50"]  # on the backbone's 4-D output
    assert layers["image_pool"]["inbound"] == ["se_scale"]  # and before the pooling
    assert layers["se_scale"]["dtype"] == "float16"
    assert layers["disease"]["dtype"] == "float32"  # the output layer stays float32
    tab = [n for n, layer in layers.items() if layer["inbound"] == ["tabular"]]
    assert [layers[n]["class"] for n in tab] == ["Dense"]  # the tabular branch is untouched
    for _ in range(5):
        assert main(["undo", str(starter)]) == 0
    assert starter.read_text() == original


@pytest.mark.tf
def test_a_patch_that_does_not_build_is_not_written(tmp_path: Path, capsys) -> None:  # noqa: ANN001
    script = tmp_path / "train.py"
    script.write_text(
        "import keras\n"
        "inputs = keras.Input(shape=(None, None, 3))\n"
        "x = keras.layers.Conv2D(8, 3)(inputs)\n"
        "x = keras.layers.GlobalAveragePooling2D()(x)\n"
        "model = keras.Model(inputs, keras.layers.Dense(2)(x))\n"
        "model.compile(loss='mse')\n"
    )
    before = script.read_text()
    args = ["recipe", "apply", "attention", str(script), "--opt", "kind=mhsa"]
    assert main([*args, "--python", sys.executable]) == EXIT_REFUSED
    err = capsys.readouterr().err
    assert "the build fails" in err and "nothing was changed" in err
    assert script.read_text() == before
    assert not (tmp_path / ".gptfix").exists()  # no journal entry either
