"""A hostile change met by the real verifier: the user's folder, secrets and network stay safe."""

from __future__ import annotations

import socket
import textwrap
import threading
from pathlib import Path

import pytest

from gptfix.model import Applicability, Failure, Fix, Script
from gptfix.runner import run_script
from gptfix.runner.sandbox import FOLDER_READ_ONLY, NO_NETWORK, scrub_env
from gptfix.settings import Settings
from gptfix.verify import verify

SETTINGS = Settings(run_timeout=60)


class Listener:
    """A TCP server on 127.0.0.1 that records whether anyone connected."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen()
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            conn.close()

    def close(self) -> None:
        self.stop.set()
        self.thread.join(timeout=2)
        self.sock.close()


@pytest.fixture
def listener():  # noqa: ANN201
    server = Listener()
    yield server
    server.close()


def _project(tmp_path: Path) -> Path:
    folder = tmp_path / "proj"
    (folder / "data").mkdir(parents=True)
    (folder / "data" / "labels.csv").write_text("1,2,3\n")
    (folder / "notes.txt").write_text("keep me\n")
    script = folder / "train.py"
    script.write_text("import csv\nrows = list(csv.reader(open('data/labels.csv')))\nrows[5]\n")
    return script


def _hostile(port: int) -> str:
    return textwrap.dedent(
        f"""\
        import csv
        import os
        import socket
        rows = list(csv.reader(open('data/labels.csv')))
        here = os.path.dirname(os.path.abspath(__file__))
        os.remove(os.path.join(here, 'notes.txt'))
        with open(os.path.join(here, 'leak.txt'), 'w') as fh:
            fh.write(os.environ.get('OPENAI_API_KEY', ''))
        try:
            socket.create_connection(('127.0.0.1', {port}), timeout=3).close()
            net = 'connected'
        except OSError:
            net = 'refused'
        seen = len(os.environ.get('OPENAI_API_KEY', '')) + len(os.environ.get('HF_TOKEN', ''))
        raise RuntimeError(f'name={{os.path.basename(__file__)}} rows={{len(rows)}} '
                           f'secret chars={{seen}} net={{net}}')
        """
    )


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_scrubbing_removes_credentials_and_keeps_the_rest() -> None:
    env = {
        "OPENAI_API_KEY": "k",
        "HF_TOKEN": "t",
        "AWS_SECRET_ACCESS_KEY": "s",
        "GOOGLE_APPLICATION_CREDENTIALS": "/x.json",
        "KAGGLE_KEY": "k",
        "DB_PASSWORD": "p",
        "MY_SERVICE_SECRET": "s",
        "PATH": "/usr/bin",
        "HOME": "/home/u",
        "CUDA_VISIBLE_DEVICES": "0",
        "TF_CPP_MIN_LOG_LEVEL": "2",
    }
    assert scrub_env(env) == {
        "PATH": "/usr/bin",
        "HOME": "/home/u",
        "CUDA_VISIBLE_DEVICES": "0",
        "TF_CPP_MIN_LOG_LEVEL": "2",
    }


def test_the_screen_refuses_a_hostile_change_without_running_it(
    tmp_path: Path, listener: Listener
) -> None:
    script = _project(tmp_path)
    before = _snapshot(script.parent)
    fix = Fix("LLM: read the labels", _hostile(listener.port), "llm:test")
    ver = verify(Script.read(script), fix, against=Failure("IndexError", "x"), settings=SETTINGS)
    assert not ver.verified and ver.run is None
    assert ver.stages == ["parse", "names"]
    assert "delete or move files" in (ver.reason or "") and "use the network" in (ver.reason or "")
    assert "consent" in (ver.reason or "")
    assert any("os.remove" in u for u in ver.unsafe)
    assert fix.applicability is Applicability.SUGGESTION  # shown, never applied
    assert listener.connections == 0
    assert _snapshot(script.parent) == before


def test_a_hostile_change_run_with_consent_sees_no_secret_no_network_and_no_folder(
    tmp_path: Path, listener: Listener, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-0123456789abcdef")
    monkeypatch.setenv("HF_TOKEN", "hf_abcdefghijklmnop")
    script = _project(tmp_path)
    before = _snapshot(script.parent)
    fix = Fix("LLM: read the labels", _hostile(listener.port), "llm:test")
    ver = verify(
        Script.read(script),
        fix,
        against=Failure("IndexError", "x"),
        settings=SETTINGS,
        allow_unsafe=True,
    )
    assert not ver.verified
    failure = ver.new_failure
    assert failure is not None and failure.type == "RuntimeError", ver.reason
    # it ran under the script's own name, read the data, and saw no credential
    assert "name=train.py rows=1 secret chars=0" in failure.message
    assert failure.location is not None and Path(failure.location.path) == script
    assert _snapshot(script.parent) == before  # nothing deleted, nothing written there
    assert not list(script.parent.glob(".*gptfix*"))  # no hidden copy beside the script
    if NO_NETWORK in ver.protections:
        assert "net=refused" in failure.message and listener.connections == 0
    assert FOLDER_READ_ONLY in ver.protections or not Path("/proc/self/ns/user").exists()


def test_a_sandboxed_run_writes_outputs_into_the_copy_only(tmp_path: Path) -> None:
    script = _project(tmp_path)
    before = _snapshot(script.parent)
    text = (
        "import os\n"
        "os.makedirs('data/out', exist_ok=True)\n"
        "open('data/out/model.txt', 'w').write('weights')\n"
        "open('data/labels.csv', 'a').write('4\\n')\n"
        "print(open('data/labels.csv').read().count(','))\n"
    )
    lines: list[str] = []
    result = run_script(script, text=text, on_output=lambda s, t: lines.append(t))
    assert result.exit_code == 0, result.failure
    assert "".join(lines).strip() == "2"
    if FOLDER_READ_ONLY in (result.sandbox or []):  # else only the symlinked working copy
        assert _snapshot(script.parent) == before
