"""A failure raised in the user's helper module is shown on the open script's call."""

from __future__ import annotations

from pathlib import Path

import pytest
from e2e_helpers import command, gptfix_diagnostics, open_doc, wait_for
from pytest_lsp import LanguageClient

pytestmark = [pytest.mark.asyncio, pytest.mark.e2e]


async def test_error_in_a_helper_module_lands_on_the_call(vscode: LanguageClient, tmp_path: Path):
    helper = tmp_path / "augment.py"
    helper.write_text("def augment(x):\n    return x.reshape(3, 5)\n")
    script = tmp_path / "train.py"
    script.write_text(
        "import numpy as np\nfrom augment import augment\n\nbatch = np.zeros(8)\n"
        "batch = augment(batch)\nprint(batch)\n"
    )
    log = (
        "Traceback (most recent call last):\n"
        '  File "/kaggle/working/train.py", line 5, in <module>\n'
        "    batch = augment(batch)\n"
        '  File "/kaggle/working/augment.py", line 2, in augment\n'
        "    return x.reshape(3, 5)\n"
        "ValueError: cannot reshape array of size 8 into shape (3,5)\n"
    )
    uri = open_doc(vscode, script)
    result = await command(vscode, "gptfix.loadLog", uri, {"text": log})
    assert result["shown"] is True
    await wait_for(lambda: gptfix_diagnostics(vscode, uri), 10)
    (diag,) = gptfix_diagnostics(vscode, uri)
    assert diag.range.start.line == 4  # the call `batch = augment(batch)` (0-based)
    assert "augment.py:2" in diag.message
    related = [r.location.uri for r in diag.related_information or []]
    assert helper.resolve().as_uri() in related
