"""`gptfix.run` answers exactly what `gptfix run --json` prints (same core call)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from e2e_helpers import command, open_doc
from pytest_lsp import LanguageClient

pytestmark = [pytest.mark.asyncio, pytest.mark.e2e]

SCRIPT = "import json\n\nconfig = json.loads('{\"lr\": 0.1}')\nprint(config['batch_size'])\n"


def comparable(result: dict) -> dict:
    """The result without what differs between two runs (timing, free memory)."""
    out = dict(result)
    out.pop("duration_s", None)
    failure = dict(out["failure"])
    facts = dict(failure["facts"])
    facts.pop("memory", None)
    failure["facts"] = facts
    out["failure"] = failure
    return out


async def test_run_command_equals_cli_json(vscode: LanguageClient, tmp_path: Path):
    script = tmp_path / "train.py"
    script.write_text(SCRIPT)
    cli = subprocess.run(
        [sys.executable, "-m", "gptfix", "run", "--json", str(script)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    expected = json.loads(cli.stdout)
    assert expected["failure"]["type"] == "KeyError"
    uri = open_doc(vscode, script)
    got = await command(vscode, "gptfix.run", uri, {"smoke": False})
    assert comparable(got) == comparable(expected)
