"""The one-line reason a failed verification run gives is the error's own message line."""

from __future__ import annotations

from pathlib import Path

from gptfix.model import RunResult, RunStatus
from gptfix.tracebacks.parse import parse_log
from gptfix.verify.judge import headline, run_problem

ROOT = Path(__file__).resolve().parents[2]


def _failure(log: str):
    failures = parse_log(log)
    assert failures
    return failures[-1]


def test_keras_layer_error_shows_its_message_not_an_argument_bullet() -> None:
    log = (ROOT / "fixtures/16-subclass-residual-channels/traceback.txt").read_text()
    failure = _failure(log)
    reason = run_problem(RunResult(RunStatus.FAILED, 1, failure), None, "build")
    assert reason is not None
    assert "Inputs have incompatible shapes" in reason
    assert "training=" not in reason and "\u2022" not in reason


def test_user_code_section_shows_the_error_after_the_frames() -> None:
    message = (
        "in user code:\n\n"
        '    File "/tmp/s.py", line 12, in preprocess  *\n'
        "        image = tf.reshape(image, (28, 28))\n\n"
        "    InvalidArgumentError: Input to reshape is a tensor with 2352 values\n"
    )
    assert (
        headline(message) == "InvalidArgumentError: Input to reshape is a tensor with 2352 values"
    )


def test_plain_message_keeps_its_last_line() -> None:
    message = "could not convert\nstring to float: 'abc'"
    assert headline(message) == "string to float: 'abc'"
