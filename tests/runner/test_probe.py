"""The one interpreter probe: the recipes' signature questions and the rules' questions."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from gptfix.runner.probe import clear_cache, signatures


def test_signatures_come_from_the_users_interpreter_through_the_one_cache(tmp_path: Path) -> None:
    python = tmp_path / "python"
    os.symlink(sys.executable, python)
    clear_cache()
    paths = ("json.dumps", "json.nope", "no_such_module_here.thing")
    sigs = signatures(str(python), paths)
    dumps = sigs["json.dumps"]
    assert dumps.exists and dumps.required == ("obj",) and "indent" in (dumps.params or ())
    assert not sigs["json.nope"].exists and not sigs["no_such_module_here.thing"].exists
    python.unlink()  # the interpreter is gone: only the cache can answer now
    assert signatures(str(python), paths) == sigs
    clear_cache()  # the rules' clear_cache forgets the recipes' answers too
    assert signatures(str(python), paths) == {}
