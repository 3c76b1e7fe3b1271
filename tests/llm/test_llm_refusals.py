"""`run --fix` with the LLM: refused answers are reported and sent back; no false history.

A real fix loop over a small script (plain Python, no TensorFlow, so the runs are quick),
the real openai client and a local OpenAI-compatible server. The first fixer is an offline
candidate that fails verification, as a rule's candidate can.
"""

from __future__ import annotations

from pathlib import Path

from fake_openai import FakeOpenAI, Reply

from gptfix.model import Applicability, Failure, Fix, Script
from gptfix.repair.fixers import LLMFixer
from gptfix.repair.loop import fix_loop
from gptfix.settings import Settings

SCRIPT = """scores = [0.5, 0.75, 1.0]
valid = [s for s in scores if s > 2]
mean = sum(scores) / len(valid)
print("mean score", mean)
"""

UNRELATED = """Here is a clean way to compute an average in Python:

```python
import statistics

data = [1, 2, 3]
print(statistics.mean(data))
```
"""

FIX = """`valid` is empty, so divide by the number of scores:

<<<<<<< SEARCH
mean = sum(scores) / len(valid)
=======
mean = sum(scores) / len(scores)
>>>>>>> REPLACE
"""


def wrong_candidate(script: Script, failure: Failure, previous: Failure | None) -> list[Fix]:
    """An offline candidate that trades the failure for another (a NameError)."""
    text = script.text.replace("len(valid)", "len(valid_scores)")
    return [Fix("divide by valid_scores", text, "rule:guess", Applicability.UNSAFE, [], "r1")]


def test_refused_answer_is_reported_sent_back_and_no_false_history(
    fake_llm: FakeOpenAI, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("GPTFIX_TOKENIZER", "estimate")
    script = tmp_path / "train.py"
    script.write_text(SCRIPT)
    fake_llm.replies = [Reply(UNRELATED)]
    fake_llm.default = Reply(FIX)
    settings = Settings(base_url=fake_llm.base_url, model="gpt-4o-mini", max_rounds=2)
    events: list[tuple[str, dict]] = []  # type: ignore[type-arg]
    result = fix_loop(
        script,
        settings,
        fixers=[wrong_candidate, LLMFixer(settings)],
        on_event=lambda name, data: events.append((name, data)),
    )
    assert "len(scores)" in script.read_text()
    first = fake_llm.requests[0]["messages"][-1]["content"]
    # the rule's candidate was never in the code shown: no "previous change" is claimed
    assert "previous change" not in first.lower() and "valid_scores" not in first
    assert len(fake_llm.requests) == 2
    second = fake_llm.requests[1]["messages"][-1]["content"]
    assert "could not be applied" in second and "unrelated" in second, second
    refused = [d["reason"] for name, d in events if name == "llm-refused"]
    assert len(refused) == 1 and "unrelated" in refused[0]
    rounds = result.rounds or []
    assert any(r.get("refused") and r["origin"] == "llm:gpt-4o-mini" for r in rounds)
    assert any(r["applied"] and r["origin"] == "llm:gpt-4o-mini" for r in rounds)


def test_cli_prints_the_refusal_and_lists_it_in_the_json_rounds(
    fake_llm: FakeOpenAI, tmp_path: Path
) -> None:
    import json
    import os
    import subprocess
    import sys

    script = tmp_path / "train.py"
    script.write_text(SCRIPT)
    fake_llm.replies = [Reply(UNRELATED)]
    fake_llm.default = Reply(FIX)
    env = {
        **os.environ,
        "OPENAI_BASE_URL": fake_llm.base_url,
        "OPENAI_API_KEY": "sk-local-abcdefghijklmnopqrstuv",
        "GPTFIX_TOKENIZER": "estimate",
    }
    out = subprocess.run(
        [sys.executable, "-m", "gptfix", "run", "--smoke", "--fix", "--yes", "--json", str(script)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert out.returncode == 0, out.stdout + out.stderr
    assert "gptfix: LLM answer not applied: " in out.stderr and "unrelated" in out.stderr
    rounds = json.loads(out.stdout)["rounds"]
    refused = [r for r in rounds if r.get("refused")]
    assert len(refused) == 1 and "unrelated" in refused[0]["refused"]
    assert "len(scores)" in script.read_text()
