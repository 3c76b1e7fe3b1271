"""llm_fixes end to end: context -> the real openai client -> a local server -> applied fix.

Asserts on what the server received: the current code, the budget respected, no secret.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from fake_openai import FakeOpenAI, Reply

from gptfix.llm import get_counter, llm_attempt, llm_fixes, retry_fixes
from gptfix.llm.client import ChatClient
from gptfix.model import Applicability, Failure, Location, Script
from gptfix.settings import Settings
from gptfix.tracebacks import diagnose_log

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
LOG = HERE / "logs" / "01-missing-flatten.log"

FLATTEN = """The Dense layer receives the 4D feature map; flatten it first.

<<<<<<< SEARCH
        layers.MaxPooling2D(),
        layers.Dense(64, activation="relu"),
=======
        layers.MaxPooling2D(),
        layers.Flatten(),
        layers.Dense(64, activation="relu"),
>>>>>>> REPLACE
"""


def scratch(tmp_path: Path) -> Script:
    dest = tmp_path / "train.py"
    shutil.copy(ROOT / "fixtures" / "01-missing-flatten" / "train.py", dest)
    text = dest.read_text().replace(
        "EPOCHS = 2\n", 'EPOCHS = 2\nWANDB_API_KEY = "0123456789abcdef0123456789abcdef01234567"\n'
    )
    dest.write_text(text)
    return Script.read(dest)


def settings_for(fake: FakeOpenAI, budget: int = 1500) -> Settings:
    return Settings(base_url=fake.base_url, model="gpt-4o-mini", token_budget=budget)


def test_llm_fix_from_a_local_server(fake_llm: FakeOpenAI, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("OPENAI_API_KEY", "sk-live-abcdefghijklmnopqrstuvwxyz")
    monkeypatch.setenv("GPTFIX_TOKENIZER", "estimate")
    script = scratch(tmp_path)
    failure = diagnose_log(LOG.read_text(), script.path)
    fake_llm.replies.append(Reply(FLATTEN, usage=(900, 60)))
    fixes = llm_fixes(script, failure, settings_for(fake_llm))
    assert len(fixes) == 1
    fix = fixes[0]
    assert fix.origin == "llm:gpt-4o-mini"
    assert fix.applicability is not Applicability.SAFE
    assert "layers.Flatten()," in fix.new_text and fix.new_text != script.text
    assert any("900 in, 60 out" in e for e in fix.evidence)
    assert script.path.read_text() == script.text  # nothing written: REPAIR verifies first
    body = fake_llm.requests[0]
    sent = json.dumps(body)
    assert "sk-live" not in sent and "0123456789abcdef0123456789abcdef" not in sent
    user = body["messages"][-1]["content"]
    assert "history = model.fit(" in user and 'layers.Dense(64, activation="relu"),' in user
    counter = get_counter("gpt-4o-mini")
    assert sum(counter.count(m["content"]) for m in body["messages"]) <= 1500


def test_second_round_sends_the_new_error_and_current_code(
    fake_llm: FakeOpenAI, tmp_path: Path
) -> None:
    script = scratch(tmp_path)
    failure = diagnose_log(LOG.read_text(), script.path)
    fake_llm.replies.append(Reply(FLATTEN))
    first = llm_fixes(script, failure, settings_for(fake_llm))[0]
    patched = Script(script.path, first.new_text)
    new_failure = Failure(
        "ValueError",
        "Input 0 of layer dense is incompatible: expected axis -1 to have value 800",
        location=Location(str(script.path), 27),
    )
    fake_llm.replies.append(Reply("I cannot see the problem."))
    attempt = llm_attempt(patched, new_failure, settings_for(fake_llm), feedback=new_failure)
    user = fake_llm.requests[1]["messages"][-1]["content"]
    assert "It still fails" in user and "expected axis -1 to have value 800" in user
    assert "layers.Flatten()," in user  # the current code, with the first change in it
    assert attempt.fixes == [] and attempt.error and "did not fit" in attempt.error


def test_refused_answer_gives_no_fix(fake_llm: FakeOpenAI, tmp_path: Path) -> None:
    script = scratch(tmp_path)
    fake_llm.replies.append(
        Reply(
            "```python\nmodel = tf.keras.Sequential([tf.keras.layers.Dense(10)])\n"
            "model.compile('adam', 'mse')\nmodel.fit(X, Y)\n```"
        )
    )
    attempt = llm_attempt(
        script, diagnose_log(LOG.read_text(), script.path), settings_for(fake_llm)
    )
    assert attempt.fixes == [] and "unrelated" in (attempt.error or "")


def test_offline_by_default_makes_no_request(fake_llm: FakeOpenAI, tmp_path: Path) -> None:
    script = scratch(tmp_path)
    assert llm_fixes(script, diagnose_log(LOG.read_text(), script.path), Settings()) == []
    assert fake_llm.requests == []


def test_endpoint_down_gives_no_fix(tmp_path: Path) -> None:
    script = scratch(tmp_path)
    settings = Settings(base_url="http://127.0.0.1:9/v1", token_budget=1500)
    client = ChatClient(settings, max_retries=0)
    attempt = llm_attempt(
        script, diagnose_log(LOG.read_text(), script.path), settings, client=client
    )
    assert attempt.fixes == [] and "connection refused by http://127.0.0.1:9/v1" in (
        attempt.error or ""
    )


def test_pass_at_2_starts_from_the_failed_fix(fake_llm: FakeOpenAI, tmp_path: Path) -> None:
    script = scratch(tmp_path)
    failure = diagnose_log(LOG.read_text(), script.path)
    fake_llm.replies.append(Reply(FLATTEN))
    first = llm_fixes(script, failure, settings_for(fake_llm))[0]
    new_failure = Failure("ValueError", "expected axis -1 of input shape to have value 800")
    fake_llm.replies.append(
        Reply(
            "<<<<<<< SEARCH\n        layers.Dropout(0.3),\n=======\n"
            "        layers.Dropout(0.5),\n>>>>>>> REPLACE\n"
        )
    )
    second = retry_fixes(script, first, new_failure, failure, settings_for(fake_llm))
    assert len(second) == 1 and second[0].origin == "llm:gpt-4o-mini"
    assert "layers.Flatten()," in second[0].new_text and "Dropout(0.5)" in second[0].new_text
    user = fake_llm.requests[1]["messages"][-1]["content"]
    assert "expected axis -1 of input shape to have value 800" in user
    assert "layers.Flatten()," in user
