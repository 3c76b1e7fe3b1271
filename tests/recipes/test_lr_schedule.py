"""lr-schedule, before/after: the script's own LR function mode, or a scheduler in fit."""

from __future__ import annotations

import ast
import textwrap

import pytest

from gptfix.errors import EXIT_REFUSED, GptfixError
from gptfix.recipes import apply_recipe

MODE_SCRIPT = """
class CFG:
    lr_mode = "exp"
    epochs = 10


def get_lr_callback(batch_size=8, mode="cos", epochs=10):
    lr_ramp_ep, lr_sus_ep = 3, 0

    def lrfn(epoch):
        if mode == "exp":
            return 0.1
        elif mode == "cos":
            return 0.2
        return 0.3

    return lrfn


cb = get_lr_callback(8, mode=CFG.lr_mode, epochs=CFG.epochs)
"""

FIT_SCRIPT = """
import keras

model = keras.Sequential([keras.layers.Dense(1)])
model.compile(optimizer=keras.optimizers.Adam(
    learning_rate=keras.optimizers.schedules.ExponentialDecay(3e-4, 100, 0.9)), loss="mse")
model.fit(x, y, epochs=EPOCHS, callbacks=[keras.callbacks.EarlyStopping()])
"""


def test_mode_is_set_where_the_script_sets_it_and_warmup_in_the_function() -> None:
    fix = apply_recipe("lr-schedule", MODE_SCRIPT, {"kind": "cosine", "warmup_epochs": "1"})
    assert '    lr_mode = "cos"\n' in fix.new_text
    assert "    lr_ramp_ep, lr_sus_ep = 1, 0\n" in fix.new_text
    # nothing else changed: same number of lines, same call
    assert len(fix.new_text.splitlines()) == len(MODE_SCRIPT.splitlines())
    assert "cb = get_lr_callback(8, mode=CFG.lr_mode, epochs=CFG.epochs)" in fix.new_text


def test_mode_the_function_lacks_is_refused_and_same_mode_is_already_present() -> None:
    with pytest.raises(GptfixError) as err:
        apply_recipe("lr-schedule", MODE_SCRIPT, {"kind": "step"})
    assert err.value.exit_code == EXIT_REFUSED
    assert "has no step mode" in err.value.message
    with pytest.raises(GptfixError) as err:
        apply_recipe("lr-schedule", MODE_SCRIPT, {"kind": "exponential"})
    assert "already present" in err.value.message


def test_scheduler_is_added_to_fit_and_the_optimizer_schedule_becomes_its_start() -> None:
    fix = apply_recipe("lr-schedule", FIT_SCRIPT, {"kind": "cosine", "warmup_epochs": "2"})
    text = fix.new_text
    assert "keras.optimizers.Adam(\n    learning_rate=3e-4)" in text
    assert (
        "lr_scheduler = keras.callbacks.LearningRateScheduler("
        "cosine_schedule(EPOCHS, warmup_epochs=2))\n"
        "model.fit(x, y, epochs=EPOCHS, callbacks=[keras.callbacks.EarlyStopping(), lr_scheduler])"
    ) in text
    assert "import math" in text
    names = [n.name for n in ast.parse(text).body if isinstance(n, ast.FunctionDef)]
    assert names == ["cosine_schedule"]


def test_applying_again_is_already_present_and_another_kind_replaces_it() -> None:
    once = apply_recipe("lr-schedule", FIT_SCRIPT, {"kind": "step"}).new_text
    with pytest.raises(GptfixError) as err:
        apply_recipe("lr-schedule", once, {"kind": "step"})
    assert "already present: step_schedule" in err.value.message
    other = apply_recipe("lr-schedule", once, {"kind": "exponential"}).new_text
    assert "LearningRateScheduler(exponential_schedule(EPOCHS))" in other
    assert other.count("LearningRateScheduler(") == 1


def test_schedule_helpers_compute_the_curves_they_promise() -> None:
    """Run the generated helpers (plain Python) and check the curve's shape."""
    text = textwrap.dedent(
        """
        import keras

        model.fit(x, y, epochs=6)
        """
    )
    fix = apply_recipe("lr-schedule", text, {"kind": "cosine", "warmup_epochs": "1"})
    helper = fix.new_text.split("model.fit")[0].replace("import keras", "")
    helper = helper.rsplit("lr_scheduler =", 1)[0]
    scope: dict[str, object] = {}
    exec(compile(helper, "helper", "exec"), scope)  # noqa: S102 - our generated helper
    schedule = scope["cosine_schedule"](6, warmup_epochs=1)  # type: ignore[operator]
    lrs = [schedule(epoch, 1.0 if epoch == 0 else 0.0) for epoch in range(6)]
    assert lrs[0] == pytest.approx(0.5)  # warmup from half the start rate
    assert lrs[1] == pytest.approx(1.0)  # the peak is the optimizer's own rate
    assert all(a > b for a, b in zip(lrs[1:], lrs[2:], strict=False))  # then decays
    assert lrs[-1] > 0


def test_script_without_fit_has_nothing_to_act_on() -> None:
    with pytest.raises(GptfixError) as err:
        apply_recipe("lr-schedule", "import keras\n", {})
    assert "nothing to act on" in err.value.message


def test_via_optimizer_replaces_the_rate_with_a_keras_schedule() -> None:
    text = FIT_SCRIPT.replace("ExponentialDecay(3e-4, 100, 0.9)", "CosineDecay(3e-4, 100)")
    options = {"via": "optimizer", "decay_steps": "EPOCHS * 100", "warmup_steps": "50"}
    fix = apply_recipe("lr-schedule", FIT_SCRIPT, options)
    assert (
        "lr_schedule = keras.optimizers.schedules.CosineDecay(0.0, decay_steps=EPOCHS * 100, "
        "warmup_target=3e-4, warmup_steps=50)\n"
        "model.compile(optimizer=keras.optimizers.Adam(\n    learning_rate=lr_schedule)"
    ) in fix.new_text
    with pytest.raises(GptfixError) as err:
        apply_recipe("lr-schedule", text, {"via": "optimizer", "decay_steps": "10"})
    assert err.value.message.startswith("already present: CosineDecay")
    with pytest.raises(GptfixError) as err:
        apply_recipe("lr-schedule", FIT_SCRIPT, {"via": "optimizer"})
    assert "needs --opt decay_steps" in err.value.message
