"""Configuration styles: config classes, dicts, argparse defaults, constants, and their readers."""

from __future__ import annotations

from gptfix.index import build_index

CLASS_STYLE = '''class CFG:
    """Settings."""
    batch_size = 8
    image_size: int = 224
    lr = 3e-4

cfg = CFG()
ds = make(CFG.batch_size)
size = (cfg.image_size, CFG.image_size)
'''


def test_config_class_attributes_and_instance_reads() -> None:
    index = build_index(CLASS_STYLE)
    attrs = {c.name: c for c in index.config}
    assert set(attrs) == {"batch_size", "image_size", "lr"}
    bs = attrs["batch_size"]
    assert (bs.owner, bs.value, bs.line, bs.style, bs.expr) == (
        "CFG",
        "8",
        3,
        "class",
        "CFG.batch_size",
    )
    assert bs.uses == [(8, CLASS_STYLE.splitlines()[7].index("CFG.batch_size"))]
    line9 = CLASS_STYLE.splitlines()[8]
    assert sorted(attrs["image_size"].uses) == [(9, line9.index("cfg.")), (9, line9.index("CFG."))]
    assert attrs["lr"].uses == []


DICT_STYLE = """config = {
    "lr": 1e-3,
    "epochs": 5,
}
hp = dict(batch_size=32, dropout=0.2)
labels = {"cat": 0, "dog": 1}
opt = Adam(config["lr"])
fit(epochs=config.get("epochs"), batch_size=hp["batch_size"])
"""


def test_dict_configs_by_literal_and_by_dict_call() -> None:
    index = build_index(DICT_STYLE)
    found = {(c.owner, c.name): c for c in index.config}
    assert set(found) == {
        ("config", "lr"),
        ("config", "epochs"),
        ("hp", "batch_size"),
        ("hp", "dropout"),
    }
    assert found[("config", "lr")].expr == 'config["lr"]'
    assert found[("config", "lr")].line == 2
    line7, line8 = DICT_STYLE.splitlines()[6:8]
    assert found[("config", "lr")].uses == [(7, line7.index('config["lr"]'))]
    assert found[("config", "epochs")].uses == [(8, line8.index("config.get"))]
    assert found[("hp", "batch_size")].value == "32"
    assert found[("hp", "batch_size")].uses == [(8, line8.index('hp["batch_size"]'))]


def test_a_dict_copied_from_the_config_has_the_configs_keys_too() -> None:
    script = (
        'config = {"lr": 1e-3, "units": 8}\n'
        "config_b = dict(config, units=16)\n"
        'config_c = {**config, "units": 32}\n'
        'print(config_b["lr"], config_c["lr"], config["units"], config["epochs"])\n'
    )
    index = build_index(script)
    assert {(c.owner, c.name) for c in index.config} == {("config", "lr"), ("config", "units")}
    # a read of a key the copies have from ``config`` is no misread; ``config["epochs"]`` is
    assert [(m.owner, m.name) for m in index.config_misreads] == [("config", "epochs")]


ARGPARSE_STYLE = """import argparse

def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--lr", type=float, default=1e-3, dest="learning_rate")
    parser.add_argument("-e", "--epochs", type=int)
    opts = parser.parse_args()
    train(opts.batch_size, opts.learning_rate, opts.epochs)
"""


def test_argparse_defaults_and_dest_names() -> None:
    index = build_index(ARGPARSE_STYLE)
    found = {c.name: c for c in index.config}
    assert set(found) == {"batch_size", "learning_rate", "epochs"}
    assert found["batch_size"].value == "64"
    assert found["batch_size"].expr == "opts.batch_size"
    assert found["batch_size"].line == 5
    assert found["epochs"].value == "None"
    line9 = ARGPARSE_STYLE.splitlines()[8]
    assert found["learning_rate"].uses == [(9, line9.index("opts.learning_rate"))]


def test_module_constants_are_config_but_computed_values_are_not() -> None:
    text = "BATCH_SIZE = 16\nIMG = (224, 224)\nSTEPS = BATCH_SIZE * 2\nDATA = load()\nfit(BATCH_SIZE)\n"
    index = build_index(text)
    found = {c.name: c for c in index.config}
    assert set(found) == {"BATCH_SIZE", "IMG", "STEPS"}
    assert found["BATCH_SIZE"].style == "constant"
    assert [u[0] for u in found["BATCH_SIZE"].uses] == [3, 5]


def test_config_used_at_a_line() -> None:
    index = build_index(CLASS_STYLE)
    assert [c.name for c in index.config_used_at(9)] == ["image_size"]
    assert index.config_attr("batch_size") is not None
    assert index.config_attr("batch_size", owner="cfg") is None
