"""On-disk cache of LLM answers, keyed by the request, so one question is never paid twice.

Bridges the client (which asks) and the disk. The key is the sha256 of the request's
canonical JSON (model, endpoint, messages, options); the API key is never part of it and
never written, and the messages are already redacted. The folders are private to the
user (0700) and each answer file is 0600. Where: ``$GPTFIX_CACHE_DIR``, else ``$XDG_CACHE_HOME/gptfix``, else
``~/.cache/gptfix``.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from pathlib import Path
from typing import Any

from gptfix.files import private_dir, write_private


def cache_dir() -> Path:
    """The folder gptfix caches in (answers, tokenizer files); not created here."""
    explicit = os.environ.get("GPTFIX_CACHE_DIR")
    if explicit:
        return Path(explicit)
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg) if xdg else Path.home() / ".cache"
    return base / "gptfix"


def request_key(request: dict[str, Any]) -> str:
    """A stable key for a request: sha256 of its canonical JSON."""
    blob = json.dumps(request, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


class AnswerCache:
    """Answers stored as one JSON file per request under ``<cache dir>/answers``."""

    def __init__(self, root: Path | None = None) -> None:
        self.root = (root or cache_dir()) / "answers"

    def _path(self, key: str) -> Path:
        return self.root / key[:2] / f"{key}.json"

    def get(self, request: dict[str, Any]) -> dict[str, Any] | None:
        """The stored answer for ``request`` (``{"text", "usage", "model"}``), or None."""
        path = self._path(request_key(request))
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return data if isinstance(data, dict) and isinstance(data.get("text"), str) else None

    def put(self, request: dict[str, Any], answer: dict[str, Any]) -> None:
        """Store an answer; a cache that cannot be written is silently skipped."""
        key = request_key(request)
        path = self._path(key)
        record = {"key": key, "time": time.time(), "request": request, **answer}
        try:
            for folder in (self.root.parent, self.root, path.parent):
                private_dir(folder)
            write_private(path, json.dumps(record, ensure_ascii=False, indent=1).encode("utf-8"))
        except OSError:
            return
