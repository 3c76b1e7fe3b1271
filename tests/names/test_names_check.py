"""check(original, changed): unbound names, removed/renamed bindings and their remaining users."""

from __future__ import annotations

from gptfix.names import check

CLASS_CFG = """import keras

class CFG:
    batch_size = 32
    epochs = 3

def make_ds(n):
    return load(n).batch(CFG.batch_size)

train_ds = make_ds(100)
model = keras.Sequential([keras.layers.Dense(1)])
model.fit(train_ds, epochs=CFG.epochs)
"""


def test_config_attribute_moved_to_a_constant_with_a_reader_left() -> None:
    changed = CLASS_CFG.replace("    batch_size = 32\n", "").replace(
        "import keras\n", "import keras\n\nBATCH_SIZE = 32\n"
    )
    report = check(CLASS_CFG, changed)
    (removed,) = [r for r in report.removed if r.kind == "config"]
    assert removed.name == "CFG.batch_size"
    assert removed.renamed_to == "BATCH_SIZE"
    line = changed.splitlines().index("    return load(n).batch(CFG.batch_size)") + 1
    assert removed.users == [(line, changed.splitlines()[line - 1].index("CFG.batch_size"))]
    assert removed.breaking and not report.ok
    assert any("CFG.batch_size" in p for p in report.problems)


def test_renaming_every_user_too_is_fine() -> None:
    changed = CLASS_CFG.replace("train_ds", "train_data")
    report = check(CLASS_CFG, changed)
    (removed,) = report.removed
    assert (removed.name, removed.renamed_to, removed.users) == ("train_ds", "train_data", [])
    assert report.ok


def test_renamed_binding_with_a_remaining_user() -> None:
    changed = CLASS_CFG.replace("train_ds = make_ds(100)", "train_data = make_ds(100)")
    report = check(CLASS_CFG, changed)
    (removed,) = report.removed
    assert removed.renamed_to == "train_data"
    assert [u[0] for u in removed.users] == [12]
    new = [u for u in report.unbound if not u.preexisting]
    assert [(u.name, u.line) for u in new] == [("train_ds", 12)]
    assert [u.name for u in report.unbound if u.preexisting] == ["load"]
    assert not report.ok


def test_dict_config_key_removed() -> None:
    original = 'cfg = {"lr": 0.1, "epochs": 2}\nrun(cfg["lr"], cfg["epochs"])\n'
    changed = 'cfg = {"learning_rate": 0.1, "epochs": 2}\nrun(cfg["lr"], cfg["epochs"])\n'
    report = check(original, changed)
    (removed,) = report.removed
    assert (removed.name, removed.renamed_to) == ('cfg["lr"]', 'cfg["learning_rate"]')
    assert removed.users == [(2, 4)]


def test_unbound_in_a_function_and_preexisting_ones() -> None:
    original = "def f():\n    return missing_a\n"
    changed = "def f():\n    return missing_a + missing_b\n"
    report = check(original, changed)
    found = {(u.name, u.scope, u.preexisting) for u in report.unbound}
    assert found == {("missing_a", "f", True), ("missing_b", "f", False)}
    assert [p for p in report.problems] == ["missing_b at line 2 is never bound"]


def test_module_level_use_before_binding() -> None:
    report = check("x = 1\nprint(x)\n", "print(x)\nx = 1\n")
    (u,) = report.unbound
    assert (u.name, u.line, u.reason) == ("x", 1, "used before it is bound (line 2)")


def test_a_function_may_read_a_global_defined_later() -> None:
    report = check("", "def f():\n    return LATER\n\nLATER = 1\n")
    assert report.unbound == [] and report.ok


def test_syntax_error_and_star_import() -> None:
    broken = check("x = 1\n", "x = (1,\n")
    assert broken.syntax_error is not None and not broken.ok
    star = check("", "from keras.layers import *\ny = Dense(2)\n")
    assert star.star_import and star.unbound == []


def test_argparse_option_renamed_with_a_reader_left() -> None:
    original = (
        "import argparse\n"
        "p = argparse.ArgumentParser()\n"
        'p.add_argument("--batch-size", type=int, default=32)\n'
        "args = p.parse_args()\n"
        "run(args.batch_size)\n"
    )
    changed = original.replace('"--batch-size"', '"--bs"')
    report = check(original, changed)
    (removed,) = report.removed
    assert (removed.name, removed.kind, removed.renamed_to) == (
        "args.batch_size",
        "config",
        "args.bs",
    )
    assert removed.users == [(5, 4)]
    assert not report.ok


def test_config_attribute_read_in_another_spelling_is_reported_with_the_close_match() -> None:
    changed = CLASS_CFG.replace("batch(CFG.batch_size)", "batch(CFG.BATCH_SIZE)")
    report = check(CLASS_CFG, changed)
    assert not report.ok
    (misread,) = report.misread
    assert misread.expr == "CFG.BATCH_SIZE"
    assert misread.close == "CFG.batch_size"
    assert (
        misread.line == changed.splitlines().index("    return load(n).batch(CFG.BATCH_SIZE)") + 1
    )
    assert any("did you mean CFG.batch_size" in p for p in report.problems)


def test_argparse_and_dict_reads_that_no_default_defines() -> None:
    text = (
        "import argparse\n"
        "config = {'epochs': 3}\n"
        "p = argparse.ArgumentParser()\n"
        "p.add_argument('--num-classes', type=int, default=10)\n"
        "args = p.parse_args()\n"
        "print(args.num_class, config['Epochs'], config.get('seed', 0))\n"
    )
    report = check(text, text)
    found = {m.expr: m.close for m in report.misread}
    assert found == {"args.num_class": "args.num_classes", 'config["Epochs"]': 'config["epochs"]'}
    assert report.ok  # already in the original: reported, not blamed on the change


def test_config_the_script_extends_is_not_second_guessed() -> None:
    text = (
        "class CFG:\n    lr = 1e-3\n"
        "setattr(CFG, 'batch_size', 8)\n"
        "args = {'lr': 1}\nargs['seed'] = 3\n"
        "print(CFG.batch_size, args['seed'])\n"
    )
    assert check(text, text).misread == []
