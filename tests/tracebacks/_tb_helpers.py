"""Paths and readers for the captured logs and the scripts that wrote them."""

from __future__ import annotations

from pathlib import Path

LOGS = Path(__file__).resolve().parents[2] / "fixtures" / "logs"
SCRIPTS = LOGS / "scripts"


def log_text(name: str) -> str:
    """A captured log exactly as the run wrote it (raw bytes decoded, nothing cleaned)."""
    return (LOGS / name).read_bytes().decode("utf-8")


def line_of(path: Path, snippet: str) -> int:
    """1-based number of the only line of ``path`` that contains ``snippet``."""
    hits = [
        i
        for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if snippet in line
    ]
    assert len(hits) == 1, (snippet, hits)
    return hits[0]
