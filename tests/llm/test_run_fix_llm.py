"""`gptfix run --smoke --fix` with no rule for the failure: the LLM's fix, verified, applied.

Real TensorFlow in a subprocess, the real openai client, a local OpenAI-compatible server.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from fake_openai import FakeOpenAI, Reply

SCRIPT = '''"""Tiny regressor; the targets were sliced one short."""
import numpy as np
import keras

features = np.random.default_rng(0).random((32, 8)).astype("float32")
targets = np.random.default_rng(1).random((32, 1)).astype("float32")[:31]

model = keras.Sequential([keras.Input(shape=(8,)), keras.layers.Dense(1)])
model.compile(optimizer="sgd", loss="mse")
model.fit(features, targets, epochs=1, verbose=0)
print("done")
'''

ANSWER = """`targets` lost its last row, so x has 32 samples and y 31. Keep all rows:

<<<<<<< SEARCH
targets = np.random.default_rng(1).random((32, 1)).astype("float32")[:31]
=======
targets = np.random.default_rng(1).random((32, 1)).astype("float32")
>>>>>>> REPLACE
"""


@pytest.mark.tf
def test_run_fix_uses_the_llm_when_no_rule_fits(fake_llm: FakeOpenAI, tmp_path: Path) -> None:
    script = tmp_path / "train.py"
    script.write_text(SCRIPT)
    fake_llm.default = Reply(ANSWER)
    env = {
        **os.environ,
        "OPENAI_BASE_URL": fake_llm.base_url,
        "OPENAI_API_KEY": "sk-local-abcdefghijklmnopqrstuv",
        "GPTFIX_TOKENIZER": "estimate",
    }
    out = subprocess.run(
        [sys.executable, "-m", "gptfix", "run", "--smoke", "--fix", "--yes", str(script)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert out.returncode == 0, out.stdout + out.stderr
    assert "[llm:gpt-4o-mini" in out.stdout
    assert '.astype("float32")\n' in script.read_text()
    assert len(fake_llm.requests) == 1
    user = fake_llm.requests[0]["messages"][-1]["content"]
    assert "model.fit(features, targets, epochs=1, verbose=0)" in user
    assert "Data cardinality is ambiguous" in user
    assert "sk-local" not in str(fake_llm.requests[0])


WRONG_ANSWER = """Slice the features too so both have 31 rows:

<<<<<<< SEARCH
targets = np.random.default_rng(1).random((32, 1)).astype("float32")[:31]
=======
targets = np.random.default_rng(1).random((32, 1)).astype("float32")[:30]
>>>>>>> REPLACE
"""


@pytest.mark.tf
def test_a_failed_llm_fix_sends_the_new_error_back_once(
    fake_llm: FakeOpenAI, tmp_path: Path
) -> None:
    script = tmp_path / "train.py"
    script.write_text(SCRIPT)
    fake_llm.replies = [Reply(WRONG_ANSWER)]
    fake_llm.default = Reply(ANSWER.replace("[:31]", "[:30]"))  # fixes the script it was shown
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
        timeout=400,
    )
    assert out.returncode == 0, out.stdout + out.stderr
    assert len(fake_llm.requests) == 2  # pass@2: exactly one second request
    second = fake_llm.requests[1]["messages"][-1]["content"]
    assert '.astype("float32")[:30]' in second  # the model sees where its first fix led
    assert "Data cardinality is ambiguous" in second
    assert '.astype("float32")\n' in script.read_text()
