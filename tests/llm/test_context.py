"""The context builder: targeted sections, the budget, redaction; and `gptfix context`."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from gptfix.llm import build_context, get_counter
from gptfix.llm.budget import TokenCounter
from gptfix.model import Script
from gptfix.tracebacks import diagnose_log

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
LOG = HERE / "logs" / "01-missing-flatten.log"
KAGGLE = HERE / "scripts" / "kaggle_baseline.py"

KAGGLE_LOG = """\
Traceback (most recent call last):
  File "/kaggle/working/kaggle_baseline.py", line 98, in <module>
    model = build_model()
  File "/kaggle/working/kaggle_baseline.py", line 84, in build_model
    x = backbone(x)
  File "/opt/conda/lib/python3.10/site-packages/keras/src/utils/traceback_utils.py", line 122, in error_handler
    raise e.with_traceback(filtered_tb) from None
  File "/opt/conda/lib/python3.10/site-packages/keras/src/layers/input_spec.py", line 245, in assert_input_compatibility
    raise ValueError(
ValueError: Input 0 of layer "efficientnetb0" is incompatible with the layer: expected shape=(None, 224, 224, 3), found shape=(None, 224, 224, 1)
"""


def fixture_failure(script: Path = ROOT / "fixtures" / "01-missing-flatten" / "train.py"):  # type: ignore[no-untyped-def]
    return diagnose_log(LOG.read_text(), script)


def test_sections_target_the_failure() -> None:
    script = Script.read(ROOT / "fixtures" / "01-missing-flatten" / "train.py")
    ctx = build_context(script, fixture_failure(), 6000, whole_file_share=0)
    names = [s.name for s in ctx.included]
    assert names[:3] == ["failure", "failing_code", "traceback"]
    text = ctx.user_message()
    assert "It fails at line 40: `history = model.fit(`" in text
    assert 'layers.Dense(64, activation="relu")' in text  # the model the fit call uses
    assert "... 1 library frame(s) ..." in text  # library frames collapsed
    assert "/opt/conda" not in text and "site-packages" not in text
    assert "NUM_CLASSES" in text  # config values


def test_function_level_failure_shows_the_enclosing_function(tmp_path: Path) -> None:
    ctx = build_context(
        Script.read(KAGGLE), diagnose_log(KAGGLE_LOG, KAGGLE), 6000, whole_file_share=0
    )
    failing = next(s for s in ctx.included if s.name == "failing_code")
    assert "def build_model():" in failing.text and "return model" in failing.text
    deps = next(s for s in ctx.included if s.name in ("dependencies", "config"))
    assert "image_size" in deps.text
    # every script line is shown once at most
    shown = [n for s in ctx.included for n in s.lines]
    assert len(shown) == len(set(shown))


def test_a_small_script_is_sent_whole() -> None:
    script = Script.read(ROOT / "fixtures" / "01-missing-flatten" / "train.py")
    ctx = build_context(script, fixture_failure(), 6000)
    code = next(s for s in ctx.included if s.name == "script")
    assert code.lines == list(range(1, script.text.count("\n") + 1))
    assert "print(history.history)" in code.text and '"""Small CNN' in code.text


def test_methods_come_with_the_attributes_they_read() -> None:
    script = ROOT / "fixtures" / "16-subclass-residual-channels" / "train.py"
    log = (ROOT / "fixtures" / "16-subclass-residual-channels" / "traceback.txt").read_text()
    failure = diagnose_log(log.replace("<FIXTURE>", str(script.parent)), script)
    ctx = build_context(Script.read(script), failure, 6000, whole_file_share=0)
    assert "self.project = layers.Conv2D(" in ctx.user_message()


@pytest.mark.parametrize("budget", [400, 700, 1200, 3000])
def test_budget_is_respected_with_the_estimate(budget: int) -> None:
    counter = TokenCounter("estimate", False)
    ctx = build_context(
        Script.read(KAGGLE), diagnose_log(KAGGLE_LOG, KAGGLE), budget, counter=counter
    )
    assert ctx.total_tokens <= budget
    assert "x = backbone(x)" in ctx.user_message()  # the failing line survives any budget
    if budget <= 700:
        assert any(s.dropped or s.trimmed for s in ctx.sections)


def test_budget_is_respected_with_tiktoken(tiktoken_cache: Path) -> None:
    counter = get_counter("gpt-4o-mini")
    assert counter.exact
    for budget in (500, 1500):
        ctx = build_context(
            Script.read(KAGGLE), diagnose_log(KAGGLE_LOG, KAGGLE), budget, counter=counter
        )
        assert ctx.total_tokens <= budget
        assert ctx.to_json()["tokenizer"] == "o200k_base"


def test_secrets_and_home_paths_never_reach_the_prompt(tmp_path: Path) -> None:
    script = tmp_path / "train.py"
    script.write_text(
        "import os\n"
        'os.environ["OPENAI_API_KEY"] = "sk-proj-A1b2C3d4E5f6G7h8I9j0K1l2M3n4"\n'
        'HF_TOKEN = "hf_abcdefghijklmnopqrstuvwxyz0123"\n'
        'DATA = "/home/alice/datasets/leaves"\n'
        "db_password = 'correct-horse-battery'\n"
        "x = undefined_thing + 1\n"
    )
    log = (
        "Traceback (most recent call last):\n"
        f'  File "{script}", line 6, in <module>\n'
        "    x = undefined_thing + 1\n"
        "NameError: name 'undefined_thing' is not defined\n"
    )
    ctx = build_context(Script.read(script), diagnose_log(log, script), 4000)
    blob = json.dumps(ctx.messages())
    for secret in ("sk-proj-A1b2", "hf_abcdef", "alice", "correct-horse"):
        assert secret not in blob
    assert "undefined_thing" in blob
    assert {k for k, _ in ctx.redactions} >= {"openai-key", "huggingface-token", "home-path"}


def test_cli_context_json_and_text(tmp_path: Path) -> None:
    script = ROOT / "fixtures" / "01-missing-flatten" / "train.py"
    cmd = [sys.executable, "-m", "gptfix", "context", str(script), "--log", str(LOG)]
    env = {"PATH": "/usr/bin:/bin", "GPTFIX_TOKENIZER": "estimate", "HOME": str(tmp_path)}
    out = subprocess.run(
        [*cmd, "--budget", "900", "--json"], capture_output=True, text=True, env=env
    )
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["total_tokens"] <= 900 and data["exact"] is False
    assert data["messages"][1]["content"].count("## ") >= 3
    text = subprocess.run(cmd, capture_output=True, text=True, env=env)
    assert text.returncode == 0
    assert "=== failure: Failure (" in text.stdout
    assert "estimate (bytes/3.2), errs high" in text.stdout
    bad = subprocess.run(
        [*cmd[:-1], str(tmp_path / "missing.log")], capture_output=True, text=True, env=env
    )
    assert bad.returncode == 7 and bad.stderr.startswith("gptfix:")
