"""No lost work: every writer checks the file, keeps BOM/CRLF/mode/links, undo never loses edits.

Through the real CLI (``gptfix apply`` with a chat answer, ``gptfix undo``) and the real
run -> fix -> rerun loop; each test reproduces a way work was lost before.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from gptfix import files
from gptfix.errors import EXIT_CHANGED, EXIT_READ_ONLY, EXIT_REFUSED
from gptfix.model import Failure, Fix, Script
from gptfix.repair.loop import fix_loop
from gptfix.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
ANSWER = ROOT / "tests" / "llm" / "corpus" / "f01-aider-sr.md"
FIXTURE = ROOT / "fixtures" / "01-missing-flatten" / "train.py"
ADDED = b"layers.Flatten(),"


def gptfix(*args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, NO_COLOR="1")
    return subprocess.run(
        [sys.executable, "-m", "gptfix", *args], capture_output=True, text=True, env=env
    )


def apply(script: Path) -> subprocess.CompletedProcess[str]:
    return gptfix("apply", str(script), "--answer", str(ANSWER))


@pytest.fixture
def script(tmp_path: Path) -> Path:
    out = tmp_path / "proj" / "train.py"
    out.parent.mkdir()
    shutil.copy(FIXTURE, out)
    return out


def test_undo_refuses_when_the_file_changed_since_gptfix_wrote_it(script: Path) -> None:
    assert apply(script).returncode == 0
    with script.open("a", encoding="utf-8") as fh:
        fh.write("# my own later edit\n")
    edited = script.read_bytes()
    undo = gptfix("undo", str(script))
    assert undo.returncode == EXIT_CHANGED, undo.stderr
    assert len(undo.stderr.strip().splitlines()) == 1
    assert script.read_bytes() == edited  # the later edit is still there
    # the entry was not used up; the offered reverse patch takes back only gptfix's change
    patch_cmd = undo.stderr.split("patch -R ", 1)[1].split()
    subprocess.run(["patch", "-R", *patch_cmd], check=True, capture_output=True)
    assert script.read_bytes() == FIXTURE.read_bytes() + b"# my own later edit\n"
    # once the file is what gptfix wrote again, undo works and uses the entry
    script.write_bytes(edited.replace(b"# my own later edit\n", b""))
    assert gptfix("undo", str(script)).returncode == 0
    assert script.read_bytes() == FIXTURE.read_bytes()
    assert "nothing to undo" in gptfix("undo", str(script)).stderr


def test_bom_crlf_mode_are_kept_by_apply_and_undo(script: Path) -> None:
    original = b"\xef\xbb\xbf" + FIXTURE.read_bytes().replace(b"\n", b"\r\n")
    script.write_bytes(original)
    script.chmod(0o755)
    assert apply(script).returncode == 0
    written = script.read_bytes()
    assert ADDED in written
    assert written.startswith(b"\xef\xbb\xbf")
    assert written.count(b"\r\n") == written.count(b"\n")  # every line still CRLF
    assert stat.S_IMODE(script.stat().st_mode) == 0o755
    script.chmod(0o700)  # undo brings the mode back too
    assert gptfix("undo", str(script)).returncode == 0
    assert script.read_bytes() == original
    assert stat.S_IMODE(script.stat().st_mode) == 0o755


def test_hard_links_stay_linked(script: Path) -> None:
    twin = script.parent / "twin.py"
    os.link(script, twin)
    assert apply(script).returncode == 0
    assert twin.stat().st_ino == script.stat().st_ino
    assert ADDED in twin.read_bytes()
    assert gptfix("undo", str(script)).returncode == 0
    assert twin.read_bytes() == FIXTURE.read_bytes()
    assert twin.stat().st_ino == script.stat().st_ino


def test_writes_and_undo_go_through_a_symlink_to_its_target(script: Path) -> None:
    link = script.parent.parent / "link.py"
    link.symlink_to(script)
    assert apply(link).returncode == 0
    assert link.is_symlink() and ADDED in script.read_bytes()
    assert gptfix("undo", str(link)).returncode == 0
    assert link.is_symlink()
    assert script.read_bytes() == FIXTURE.read_bytes()


@pytest.mark.parametrize("what", ["file", "folder"])
def test_read_only_files_and_folders_are_refused_even_as_root(script: Path, what: str) -> None:
    target = script if what == "file" else script.parent
    before = script.read_bytes()
    target.chmod(0o444 if what == "file" else 0o555)
    try:
        out = apply(script)
        assert out.returncode == EXIT_READ_ONLY, out.stderr
        assert "read-only" in out.stderr
        assert script.read_bytes() == before
    finally:
        target.chmod(0o644 if what == "file" else 0o755)


def test_undo_refuses_a_read_only_file(script: Path) -> None:
    assert apply(script).returncode == 0
    patched = script.read_bytes()
    script.chmod(0o444)
    try:
        out = gptfix("undo", str(script))
        assert out.returncode == EXIT_READ_ONLY, out.stderr
        assert script.read_bytes() == patched
    finally:
        script.chmod(0o644)
    assert gptfix("undo", str(script)).returncode == 0  # the entry is still there


def test_journal_is_private_to_the_user(script: Path) -> None:
    assert apply(script).returncode == 0
    gdir = script.parent / ".gptfix"
    for path in [gdir, *gdir.rglob("*")]:
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode == (0o700 if path.is_dir() else 0o600), (path, oct(mode))


def test_run_fix_does_not_overwrite_edits_made_while_verifying(tmp_path: Path) -> None:
    script = tmp_path / "job.py"
    script.write_text("print(undefined_name)\n", encoding="utf-8")
    users_edit = "# the user typed this while the fix was verified\nprint(undefined_name)\n"

    def fixer(s: Script, failure: Failure, previous: Failure | None) -> list[Fix]:
        script.write_text(users_edit, encoding="utf-8")  # the user saves meanwhile
        return [Fix("define it", "undefined_name = 1\nprint(undefined_name)\n", "rule:test")]

    with pytest.raises(files.FileChangedError) as err:
        fix_loop(script, Settings(max_rounds=1), fixers=[fixer])
    assert err.value.exit_code == EXIT_CHANGED
    assert script.read_text(encoding="utf-8") == users_edit
    assert err.value.kept is not None and "+undefined_name = 1" in err.value.kept.read_text()


def test_write_checked_refuses_a_moved_file_and_keeps_the_diff(tmp_path: Path) -> None:
    path = tmp_path / "a.py"
    path.write_text("x = 1\n")
    snap = files.read_for_edit(path)
    path.write_text("x = 2\n")
    with pytest.raises(files.FileChangedError) as err:
        files.write_checked(snap, "x = 3\n", "test")
    assert path.read_text() == "x = 2\n"
    assert err.value.kept is not None and "+x = 3" in err.value.kept.read_text()


def test_apply_of_an_answer_to_the_redacted_context_keeps_the_real_secret(tmp_path: Path) -> None:
    script = tmp_path / "job.py"
    script.write_text('api_key = "Tr0ub4dor-and-3"\ndata = [1]\ntotal = sum(dat)\n')
    echo = tmp_path / "echo.md"
    echo.write_text(
        '<<<<<<< SEARCH\napi_key = "<redacted>"\ndata = [1]\ntotal = sum(dat)\n=======\n'
        'api_key = "<redacted>"\ndata = [1]\ntotal = sum(data)\n>>>>>>> REPLACE\n'
    )
    out = gptfix("apply", str(script), "--answer", str(echo))
    assert out.returncode == 0, out.stderr
    assert script.read_text() == 'api_key = "Tr0ub4dor-and-3"\ndata = [1]\ntotal = sum(data)\n'
    # a new line holding the placeholder would write it instead of a key: refused
    bad = tmp_path / "bad.md"
    bad.write_text(
        "<<<<<<< SEARCH\ntotal = sum(data)\n=======\n"
        'client = dict(api_key="<redacted>")\ntotal = sum(data) + 1\n>>>>>>> REPLACE\n'
    )
    before = script.read_bytes()
    refused = gptfix("apply", str(script), "--answer", str(bad))
    assert refused.returncode == EXIT_REFUSED, refused.stderr
    assert "redacted placeholder" in refused.stderr
    assert script.read_bytes() == before
