"""The one command table: every shell is derived from it, and nothing else declares commands."""

from __future__ import annotations

import importlib
import inspect
import json
import re
import subprocess
import sys
from pathlib import Path

from gptfix.cli import COMMANDS as CLI_COMMANDS
from gptfix.lsp import notebooks
from gptfix.lsp.handlers import HANDLERS
from gptfix.service import ops, recipe_ops
from gptfix.service.table import BY_ID, COMMANDS, EDITOR_IDS, cli_subcommands

ROOT = Path(__file__).resolve().parents[2]
EXT = ROOT / "client-vscode"


def test_every_editor_command_has_one_handler_and_no_handler_lacks_a_row() -> None:
    assert set(HANDLERS) <= set(EDITOR_IDS)
    # the rows without a shared handler: the server's own state (the API key), and the
    # commands that need notebook document sync (gptfix lsp's notebook module)
    notebook = {c.id for c in COMMANDS if c.notebook_sync}
    assert notebook == {"gptfix.runNotebook"}
    assert set(EDITOR_IDS) - set(HANDLERS) == {"gptfix.setApiKey"} | notebook
    assert len({c.name for c in COMMANDS}) == len(COMMANDS)


def test_each_row_reaches_its_behaviour_in_one_hop() -> None:
    for row in COMMANDS:
        if row.op is not None:
            # an operation of the service layer, which every shell calls as it is
            module = next((m for m in (ops, recipe_ops) if m.__name__ == row.op.__module__), None)
            assert module is not None and row.op is getattr(module, row.op.__name__), row.name
            assert inspect.getdoc(row.op), f"{row.name}: the operation says what it does"
        elif row.cli is not None:
            module = importlib.import_module(CLI_COMMANDS[row.cli.split()[0]][0])
            assert callable(module.run) and callable(module.add_arguments), row.name
        elif row.notebook_sync:
            assert row.id is not None and callable(notebooks.run_notebook), row.name
        else:
            assert row.id == "gptfix.setApiKey"


def test_vscode_extension_knows_exactly_the_server_commands_of_the_table() -> None:
    constants = (EXT / "src" / "common" / "constants.ts").read_text(encoding="utf-8")
    block = constants.split("export const ServerCommands = {", 1)[1].split("}", 1)[0]
    ids = re.findall(r"'(gptfix\.[A-Za-z]+)'", block)
    assert sorted(ids) == sorted(EDITOR_IDS)
    manifest = json.loads((EXT / "package.json").read_text(encoding="utf-8"))
    contributed = {c["command"] for c in manifest["contributes"]["commands"]}
    # the language client registers the server's ids; the palette must not reuse them
    assert not contributed & set(BY_ID)


def test_cli_help_lists_every_cli_row() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "gptfix", "--help"], capture_output=True, text=True, timeout=60
    ).stdout
    assert set(CLI_COMMANDS) == set(cli_subcommands())
    for row in COMMANDS:
        if row.cli is None or " --" in row.cli:
            continue
        word = row.cli.split()[0]
        line = next(li for li in out.splitlines() if li.strip().startswith(f"{word} "))
        assert row.summary in line, (row.name, line)
