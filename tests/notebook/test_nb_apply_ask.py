"""Pasted answers (`gptfix apply`) and change requests (`gptfix ask`) on a notebook itself.

The change goes into the cell it belongs to, is verified by running the notebook's cells
as one program first, and every other byte of the notebook stays as it was; `gptfix undo`
restores the exact bytes. Real TensorFlow runs; `ask` talks to a local OpenAI-compatible
server through the real openai client.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest
from nb_support import gptfix

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "llm"))
from fake_openai import FakeOpenAI, Reply  # noqa: E402

pytestmark = pytest.mark.tf

LR_ANSWER = """Keras 3 removed the `lr` alias of the optimizers; pass `learning_rate`:

```python
<<<<<<< SEARCH
    optimizer=Adam(lr=CFG.lr),
=======
    optimizer=Adam(learning_rate=CFG.lr),
>>>>>>> REPLACE
```
"""

DROPOUT_ANSWER = """Add a dropout layer before the classifier:

```python
<<<<<<< SEARCH
    x = layers.GlobalAveragePooling2D()(x)
=======
    x = layers.GlobalAveragePooling2D()(x)
    x = layers.Dropout(0.3)(x)
>>>>>>> REPLACE
```
"""


def _only_cell_changed(before: bytes, after: bytes, cell: int) -> None:
    """Every cell but ``cell`` (and every output) is as it was; the file differs only there."""
    old, new = json.loads(before), json.loads(after)
    for i, (a, b) in enumerate(zip(old["cells"], new["cells"], strict=True)):
        if i != cell:
            assert a == b, f"cell {i} changed"
        assert a.get("outputs") == b.get("outputs")
    assert old["metadata"] == new["metadata"]
    prefix = os.path.commonprefix([before, after])
    suffix = os.path.commonprefix([before[::-1], after[::-1]])
    assert len(before) - len(prefix) - len(suffix) < 200  # one source line, not a re-dump


def test_apply_writes_a_verified_answer_into_its_cell_and_undo_restores(notebook_copy):
    path = notebook_copy("adam-lr-vscode.ipynb")
    before = path.read_bytes()
    answer = path.parent / "answer.md"
    answer.write_text(LR_ANSWER)
    proc = gptfix("apply", path.name, "--answer", str(answer), cwd=path.parent, timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "verified" in proc.stdout
    after = path.read_bytes()
    assert b"Adam(learning_rate=CFG.lr)" in after
    _only_cell_changed(before, after, 4)
    assert gptfix("undo", path.name, cwd=path.parent).returncode == 0
    assert path.read_bytes() == before


def test_apply_refuses_an_answer_that_does_not_run_and_writes_nothing(notebook_copy):
    path = notebook_copy("adam-lr-vscode.ipynb")
    before = path.read_bytes()
    answer = path.parent / "answer.md"
    answer.write_text(LR_ANSWER.replace("learning_rate=CFG.lr", "learning_rate=CFG.lr, beta=2"))
    proc = gptfix("apply", path.name, "--answer", str(answer), cwd=path.parent, timeout=600)
    assert proc.returncode != 0, proc.stdout + proc.stderr
    assert path.read_bytes() == before


def test_ask_changes_the_cell_that_builds_the_model(notebook_copy, monkeypatch):
    path = notebook_copy("adam-lr-vscode.ipynb")
    fixed = path.read_text(encoding="utf-8").replace(
        "Adam(lr=CFG.lr)", "Adam(learning_rate=CFG.lr)"
    )
    path.write_text(fixed, encoding="utf-8")
    before = path.read_bytes()
    server = FakeOpenAI(default=Reply(DROPOUT_ANSWER)).start()
    monkeypatch.setenv("OPENAI_BASE_URL", server.base_url)
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-notebook-0123")
    try:
        proc = gptfix(
            "ask", path.name, "--yes", "add dropout before the classifier", cwd=path.parent
        )
    finally:
        server.stop()
    assert proc.returncode == 0, proc.stdout + proc.stderr
    # the model went to the LLM as the notebook's program, cell by cell
    assert "# %% cell" in str(server.requests[0])
    after = path.read_bytes()
    assert b"layers.Dropout(0.3)(x)" in after
    _only_cell_changed(before, after, 2)
    assert gptfix("undo", path.name, cwd=path.parent).returncode == 0
    assert path.read_bytes() == before
