"""Secrets never leave, LLM failures are said plainly, project settings are not trusted.

Each test drives the real ``gptfix`` CLI in a subprocess against the real local
OpenAI-compatible server (``tests/llm/fake_openai.py``) and looks at what it received.
The script is plain Python (no TensorFlow): a NameError no offline rule fixes, so the
LLM is asked.
"""

from __future__ import annotations

import json
import os
import socket
import stat
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from fake_openai import FakeOpenAI, Reply

from gptfix.errors import EXIT_NOT_FIXED

KEY = "sk-user-key-abcdefghijklmnop"
SECRETS = {
    "short sk- key": "sk-ab12cd",
    "api_key =": "Tr0ub4dor-and-3",
    "password =": "hunter2-horse",
    "token =": "plain-token-value",
    "secret =": "my-own-secret-words",
    "OpenAI(api_key=)": "kw-key-value-99",
    '{"api_key": }': "dict-key-value-77",
    "HF_TOKEN=": "hf_Ab3dEf6hIj",
    "outside-home path": "/srv/acme-clients",
}
SCRIPT = f'''"""Summarise a run; `summarise` was renamed."""
import os

api_key = "{SECRETS["api_key ="]}"
password = "{SECRETS["password ="]}"
token = "{SECRETS["token ="]}"
secret = "{SECRETS["secret ="]}"
short = "{SECRETS["short sk- key"]}"
settings = {{"api_key": "{SECRETS['{"api_key": }']}", "epochs": 3}}
os.environ.setdefault("HF_TOKEN", "{SECRETS["HF_TOKEN="]}")
DATA = "{SECRETS["outside-home path"]}/q3/train.csv"


def make_client():
    return dict(api_key="{SECRETS["OpenAI(api_key=)"]}")


scores = [0.5, 0.75]
print(summarise(scores))
'''

ANSWER = """`summarise` is not defined. Define it before it is used:

<<<<<<< SEARCH
scores = [0.5, 0.75]
=======
def summarise(values):
    return sum(values) / len(values)


scores = [0.5, 0.75]
>>>>>>> REPLACE
"""


def gptfix(
    *args: str, fake: FakeOpenAI | None = None, base_url: str | None = None, **env: str
) -> subprocess.CompletedProcess[str]:
    full = {**os.environ, "OPENAI_API_KEY": KEY, "NO_COLOR": "1", **env}
    url = base_url or (fake.base_url if fake is not None else None)
    if url:
        full["OPENAI_BASE_URL"] = url
    return subprocess.run(
        [sys.executable, "-m", "gptfix", *args],
        capture_output=True,
        text=True,
        env=full,
        timeout=240,
    )


def fix_json(script: Path, fake: FakeOpenAI | None, **env: str) -> tuple[Any, dict[str, Any]]:
    out = gptfix("run", "--smoke", "--fix", "--yes", "--json", str(script), fake=fake, **env)
    return out, json.loads(out.stdout)


@pytest.fixture
def script(tmp_path: Path) -> Path:
    path = tmp_path / "job" / "summary.py"
    path.parent.mkdir()
    path.write_text(SCRIPT, encoding="utf-8")
    return path


def test_no_secret_reaches_the_request_the_cache_or_the_json(
    fake_llm: FakeOpenAI, script: Path, tmp_path: Path
) -> None:
    fake_llm.default = Reply(ANSWER)
    out, result = fix_json(script, fake_llm)
    assert out.returncode == 0, out.stderr
    assert "def summarise(values):" in script.read_text()
    assert len(fake_llm.requests) == 1
    sent = json.dumps(fake_llm.requests[0])
    assert "summarise(scores)" in sent  # the script did go out
    cache_files = list((tmp_path / "gptfix-cache").rglob("*.json"))
    assert cache_files
    stored = "".join(p.read_text() for p in cache_files)
    for what, value in SECRETS.items():
        assert value not in sent, f"{what} was sent"
        assert value not in stored, f"{what} was cached"
        assert value not in out.stdout, f"{what} is in run --json"
    assert KEY not in sent and KEY not in stored
    # the cache is private to the user
    cache = tmp_path / "gptfix-cache"
    for path in [cache, *cache.rglob("*")]:
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode == (0o700 if path.is_dir() else 0o600), (path, oct(mode))
    # the endpoint is said, on the CLI and in the fix's evidence
    assert f"LLM requests go to {fake_llm.base_url}" in out.stderr
    assert f"evidence: endpoint: {fake_llm.base_url}" in out.stderr
    assert [r["endpoint"] for r in result["rounds"]] == [fake_llm.base_url]


def test_the_failing_runs_locals_hold_no_secret(script: Path) -> None:
    out = gptfix("run", "--smoke", "--json", str(script))
    data = json.loads(out.stdout)
    blob = json.dumps(data["failure"])
    assert "scores" in blob  # the locals were recorded
    for what, value in SECRETS.items():
        if what != "outside-home path":  # a local path stays visible on this machine
            assert value not in blob, f"{what} is in the locals"


def test_context_shows_no_secret(script: Path) -> None:
    out = gptfix("context", str(script))
    assert out.returncode == 0, out.stderr
    assert "summarise(scores)" in out.stdout
    for what, value in SECRETS.items():
        assert value not in out.stdout, f"{what} is shown as sent"


ECHOING_ANSWER = """Define `summarise` next to the settings:

<<<<<<< SEARCH
token = "<redacted>"
secret = "<redacted>"
=======
token = "<redacted>"
secret = "<redacted>"


def summarise(values):
    return sum(values) / len(values)
>>>>>>> REPLACE
"""


def test_an_answer_echoing_redacted_lines_keeps_the_real_values(
    fake_llm: FakeOpenAI, script: Path
) -> None:
    fake_llm.default = Reply(ECHOING_ANSWER)
    out, _ = fix_json(script, fake_llm)
    assert out.returncode == 0, out.stderr
    text = script.read_text()
    assert "def summarise(values):" in text and "<redacted>" not in text
    assert f'token = "{SECRETS["token ="]}"' in text
    assert f'secret = "{SECRETS["secret ="]}"' in text


@pytest.mark.parametrize(
    ("reply", "said"),
    [
        (Reply(status=429), "rate-limited (429)"),
        (Reply(status=500), "server error (HTTP 500)"),
        (Reply(garbage=True), "malformed answer"),
        (Reply("x" * 300_000), "answer too large"),
    ],
    ids=["429", "500", "garbage", "huge"],
)
def test_llm_failures_are_said_in_one_line(
    fake_llm: FakeOpenAI, script: Path, reply: Reply, said: str
) -> None:
    fake_llm.default = reply
    before = script.read_text()
    out, result = fix_json(script, fake_llm)
    assert out.returncode == EXIT_NOT_FIXED
    assert script.read_text() == before
    errors = [r["error"] for r in result["rounds"] if r.get("error")]
    assert errors and said in errors[0], result["rounds"]
    assert "\n" not in errors[0]
    assert said in out.stderr  # the narrative says it too
    assert len(fake_llm.requests) <= 3  # retries are bounded


def test_a_hanging_endpoint_costs_a_bounded_time_with_progress(
    fake_llm: FakeOpenAI, script: Path
) -> None:
    fake_llm.default = Reply("late", delay=30)
    started = time.monotonic()
    out, result = fix_json(script, fake_llm, GPTFIX_LLM_TIMEOUT="1")
    took = time.monotonic() - started
    errors = [r["error"] for r in result["rounds"] if r.get("error")]
    assert errors and "timed out after 1 s" in errors[0]
    assert "retrying" in out.stderr  # progress while it waits
    assert took < 25, took


def test_connection_refused_is_said(script: Path) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    out, result = fix_json(script, None, OPENAI_BASE_URL=f"http://127.0.0.1:{port}/v1")
    errors = [r["error"] for r in result["rounds"] if r.get("error")]
    assert errors and "connection refused" in errors[0]


def test_a_projects_endpoint_gets_no_key_unless_trusted(fake_llm: FakeOpenAI, script: Path) -> None:
    fake_llm.default = Reply(ANSWER)
    (script.parent / "pyproject.toml").write_text(
        f'[tool.gptfix]\nbase_url = "{fake_llm.base_url}"\n', encoding="utf-8"
    )
    env = {k: v for k, v in os.environ.items() if k != "OPENAI_BASE_URL"}
    env.update(OPENAI_API_KEY=KEY, NO_COLOR="1")
    env.pop("GPTFIX_TRUST_PROJECT", None)
    cmd = [sys.executable, "-m", "gptfix", "run", "--smoke", "--fix", "--yes", str(script)]
    out = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=240)
    assert fake_llm.requests == []  # the key never went to the project's server
    assert "not trusted" in out.stderr and "--trust-project" in out.stderr
    trusted = subprocess.run(
        [*cmd[:3], "--trust-project", *cmd[3:]], capture_output=True, text=True, env=env
    )
    assert trusted.returncode == 0, trusted.stderr
    assert len(fake_llm.requests) == 1
    assert fake_llm.headers[0]["authorization"] == f"Bearer {KEY}"


def test_a_projects_interpreter_is_not_run_unless_trusted(script: Path, tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    fake_python = tmp_path / "evil-python"
    fake_python.write_text(f'#!/bin/sh\ntouch {marker}\nexec {sys.executable} "$@"\n')
    fake_python.chmod(0o755)
    (script.parent / "pyproject.toml").write_text(
        f'[tool.gptfix]\ninterpreter = "{fake_python}"\n', encoding="utf-8"
    )
    out = gptfix("run", "--smoke", str(script), OPENAI_API_KEY="")
    assert not marker.exists()
    assert "interpreter" in out.stderr and "not trusted" in out.stderr
    gptfix("run", "--smoke", "--trust-project", str(script), OPENAI_API_KEY="")
    assert marker.exists()
