"""`ask` end to end: the real openai client, a local OpenAI-compatible server, real TF runs.

Scripted answers (tests/llm/ask_answers.py) play the model; what the server received is
checked (the request, the measured shapes, the error of the previous round), and what
came back is verified by building and smoke-running it on the three model styles.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import ask_answers as answers
import pytest
from fake_openai import FakeOpenAI, Reply

from gptfix.llm.ask import ask
from gptfix.llm.change_context import ChangeFacts
from gptfix.model import Applicability, Script
from gptfix.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
SE_REQUEST = "add a squeeze-and-excitation block after the backbone"


def working(tmp_path: Path, case: str) -> Script:
    """The fixture case's working version (``fixed.py``) as a scratch ``train.py``."""
    dest = tmp_path / "train.py"
    shutil.copy(ROOT / "fixtures" / case / "fixed.py", dest)
    return Script.read(dest)


def settings_for(fake: FakeOpenAI) -> Settings:
    return Settings(base_url=fake.base_url, model="gpt-4o-mini", token_budget=6000)


def user_message(fake: FakeOpenAI, n: int) -> str:
    return str(fake.requests[n]["messages"][-1]["content"])


@pytest.mark.tf
def test_kerascv_starter_se_block_fixed_in_the_second_round(
    fake_llm: FakeOpenAI, tmp_path: Path
) -> None:
    script = working(tmp_path, "17-kerascv-starter")
    fake_llm.replies += [
        Reply(answers.SE_ELIDED_MISNAMED, usage=(2100, 90)),
        Reply(answers.SE_FIXED, usage=(2300, 150), expect="has no attribute 'SqueezeExcitation'"),
    ]
    steps: list[str] = []
    result = ask(script, SE_REQUEST, settings_for(fake_llm), progress=steps.append)

    assert result.outcome == "verified" and result.change is not None
    change = result.change
    assert change.origin == "llm:gpt-4o-mini" and change.applicability is not Applicability.SAFE
    assert change.verification is not None and change.verification.stages[-1] == "smoke"
    # the elided, misnamed first answer was placed with the script's name, then failed to build
    first, second = result.rounds
    assert first.applied and first.problem is not None and "SqueezeExcitation" in first.problem
    assert second.problem is None
    assert [(r.prompt_tokens, r.completion_tokens) for r in result.rounds] == [
        (2100, 90),
        (2300, 150),
    ]
    assert (result.prompt_tokens, result.completion_tokens) == (4400, 240)
    assert "layers.Multiply()" in change.new_text and "base_model" not in change.new_text
    assert "SqueezeExcitation" not in change.new_text
    assert "standard layers" in change.title  # the answer's one-line explanation
    assert script.path.read_text() == script.text  # nothing written by ask itself
    # what the model was told: the request, the shapes measured at build time, the versions
    sent = user_message(fake_llm, 0)
    assert SE_REQUEST in sent and "576" in sent and "keras 3." in sent
    # round 2 got the error on its line, with runtime facts, and the code with its change
    again = user_message(fake_llm, 1)
    assert "x = layers.SqueezeExcitation(ratio=16)(x)" in again
    assert "AttributeError" in again and "local `x`" in again
    assert any("building the model" in s for s in steps) and any("round 2" in s for s in steps)


@pytest.mark.tf
def test_sequential_change_too_big_for_the_gpu_is_not_offered_until_it_fits(
    fake_llm: FakeOpenAI, tmp_path: Path
) -> None:
    script = working(tmp_path, "01-missing-flatten")
    fake_llm.replies += [
        Reply(answers.WIDE_TOO_BIG),
        Reply(answers.WIDE_SMALL, expect="it will not fit the GPU"),
    ]
    result = ask(script, "add a wider hidden layer", settings_for(fake_llm), gpu_mem_gb=0.6)

    first, second = result.rounds
    assert first.check is not None and first.check.forecast is not None
    assert first.check.forecast.fits is False
    assert first.problem is not None and "will not fit the GPU" in first.problem
    assert "0.6 GiB" in first.problem
    assert "will not fit the GPU" in user_message(fake_llm, 1)
    assert "GPU memory: 0.6 GiB" in user_message(fake_llm, 0)
    assert result.outcome == "verified" and result.change is not None
    assert "Dense(256" in result.change.new_text and "Dense(8192" not in result.change.new_text
    assert second.check is not None and "memory" in second.check.verification.stages


@pytest.mark.tf
def test_sequential_best_attempt_is_a_suggestion_with_its_forecast(
    fake_llm: FakeOpenAI, tmp_path: Path
) -> None:
    script = working(tmp_path, "01-missing-flatten")
    fake_llm.replies += [Reply(answers.WIDE_TOO_BIG)]
    result = ask(
        script, "widen the classifier", settings_for(fake_llm), gpu_mem_gb=0.6, max_rounds=1
    )
    assert result.outcome == "unverified" and result.change is None
    assert result.best is not None and result.best.applicability is Applicability.SUGGESTION
    assert result.reason is not None and "will not fit" in result.reason
    data = result.to_json()
    assert data["verified"] is False and data["rounds"][0]["forecast"]["fits"] is False
    assert "+        layers.Dense(8192" in data["diff"]


@pytest.mark.tf
def test_subclassed_model_dropout_verified_in_one_round(
    fake_llm: FakeOpenAI, tmp_path: Path
) -> None:
    script = working(tmp_path, "16-subclass-residual-channels")
    fake_llm.replies += [Reply(answers.SUBCLASS_DROPOUT)]
    result = ask(script, "add dropout before the classifier head", settings_for(fake_llm))
    assert result.outcome == "verified" and result.change is not None
    assert len(fake_llm.requests) == 1 and len(result.rounds) == 1
    assert "x = self.dropout(x, training=training)" in result.change.new_text
    assert result.explanation.startswith("Adds dropout")


def test_a_change_that_ignores_the_request_is_refused_with_its_reason(
    fake_llm: FakeOpenAI, tmp_path: Path
) -> None:
    script = working(tmp_path, "01-missing-flatten")
    fake_llm.replies += [Reply(answers.ONLY_EPOCHS), Reply(answers.ONLY_EPOCHS)]
    request = "add batch normalization after each conv layer"
    # facts given: this test is about the request check, which needs no run
    result = ask(script, request, settings_for(fake_llm), facts=ChangeFacts())
    assert result.outcome == "not_addressed" and result.change is None
    assert result.reason is not None and "model code" in result.reason
    assert all(r.check is None for r in result.rounds)  # never verified, never offered
    again = user_message(fake_llm, 1)
    assert "does not address the request" in again
    assert "EPOCHS = 2" in again and "EPOCHS = 5" not in again  # the missed change is dropped


def test_selection_bounds_the_change(fake_llm: FakeOpenAI, tmp_path: Path) -> None:
    script = working(tmp_path, "01-missing-flatten")
    fake_llm.replies += [Reply(answers.SEQ_BATCHNORM)]
    lines = script.text.split("\n")
    compile_line = next(i for i, t in enumerate(lines, 1) if t.startswith("model.compile("))
    result = ask(
        script,
        "use a smaller learning rate",
        settings_for(fake_llm),
        line=compile_line,
        max_rounds=1,
        facts=ChangeFacts(),
    )
    assert result.outcome == "not_addressed"
    assert result.reason is not None and "selected code" in result.reason
    assert f"(It is about script line {compile_line})" in user_message(fake_llm, 0)
