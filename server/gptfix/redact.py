"""Redaction of secrets and private paths: the one module the server, CLI and LLM path use.

The rules for secrets live in :mod:`gptfix._boot._gptfix_boot_secrets` (stdlib only, so
the boot hook applies the very same rules inside the user's interpreter). On top of
them this module handles what only matters for text that leaves the machine: absolute
paths. Home paths become ``~``, paths inside the script's folder become relative, and
any other absolute path keeps only its last part (``<path>/train.csv``); library paths
keep their package part (``site-packages/keras/...``). Line structure is kept, so line
numbers in a context still match the script.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gptfix._boot import _gptfix_boot_secrets as rules

REDACTED = rules.REDACTED
secret_name = rules.secret_name

_HOME = re.compile(r"(?P<root>/home/|/Users/|[A-Za-z]:\\Users\\)(?P<user>[A-Za-z0-9._\-]+)")
_ROOT_HOME = re.compile(r"(?<![\w/])/root(?=/|\b)")
#: an absolute POSIX path of two or more parts (``/a/b``), or a Windows drive path
_ABS_PATH = re.compile(
    r"(?<![\w.~/:<>-])(?P<path>/(?:[^\s/\"'`:,;()\[\]{}<>|]+/)+[^\s/\"'`:,;()\[\]{}<>|]+"
    r"|[A-Za-z]:\\(?:[^\s\\\"'`:,;()\[\]{}<>|]+\\)+[^\s\\\"'`:,;()\[\]{}<>|]*)"
)
_LIBRARY_MARKERS = ("site-packages/", "dist-packages/", "site-packages\\", "dist-packages\\")


@dataclass
class Redaction:
    """Redacted text and what was removed (kinds and 1-based lines, never the values)."""

    text: str
    removed: list[tuple[str, int]] = field(default_factory=list)

    @property
    def summary(self) -> str:
        if not self.removed:
            return "nothing redacted"
        kinds = sorted({k for k, _ in self.removed})
        return f"{len(self.removed)} redacted ({', '.join(kinds)})"


def _line(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def redact(text: str, base: Path | str | None = None) -> Redaction:
    """Replace secrets and private paths in ``text``; ``base``: the script's folder."""
    out, removed = rules.redact_text(text)
    out = _paths(out, removed, Path(base).resolve() if base is not None else None)
    removed.sort(key=lambda item: item[1])
    return Redaction(out, removed)


def redact_secrets(text: str) -> str:
    """Only the secrets (for logs and messages that stay on this machine)."""
    return str(rules.redact_secrets(text))


def redact_log(text: str, secret: str | None = None) -> str:
    """A log line: the known ``secret`` (the API key in use) and anything secret-shaped."""
    if secret:
        text = text.replace(secret, REDACTED)
    return redact_secrets(text)


class LogRedactor(logging.Filter):
    """A logging filter that removes secrets from every record a handler writes."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a malformed record: leave it to logging's own error path
            return True
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        clean = redact_secrets(message)
        if record.exc_text:
            record.exc_text = redact_secrets(record.exc_text)
        record.msg, record.args = clean, ()
        return True


def redact_logs() -> None:
    """Put :class:`LogRedactor` on every handler of the root logger (call after setup)."""
    for handler in logging.getLogger().handlers:
        if not any(isinstance(f, LogRedactor) for f in handler.filters):
            handler.addFilter(LogRedactor())


def redact_value(value: Any) -> Any:
    """A JSON-able value with secrets removed: by key name in dicts, by shape in strings."""
    if isinstance(value, dict):
        return {
            k: (REDACTED if isinstance(k, str) and secret_name(k) and v else redact_value(v))
            for k, v in value.items()
        }
    if isinstance(value, list | tuple):
        return [redact_value(v) for v in value]
    if isinstance(value, str):
        return redact_secrets(value)
    return value


def restore(original: str, answer: str, base: Path | str | None = None) -> str:
    """``answer`` with the script's lines it echoes put back as they are in the script.

    A model shown the redacted script copies its placeholders into its answer; each
    redacted line of ``original`` that the answer repeats gets its own text back, so the
    answer fits the real script and never writes a placeholder over a real value.
    """
    red = redact(original, base).text
    pairs: dict[str, set[str]] = {}
    for old, new in zip(original.split("\n"), red.split("\n"), strict=False):
        if old != new and new.strip():
            pairs.setdefault(new.strip(), set()).add(old.strip())
    for new, olds in sorted(pairs.items(), key=lambda item: -len(item[0])):
        if len(olds) == 1:
            answer = answer.replace(new, next(iter(olds)))
    return answer


def leaves_placeholder(original: str, changed: str) -> bool:
    """True when ``changed`` holds a redaction placeholder ``original`` did not have."""
    return any(p in changed and p not in original for p in (REDACTED, "<path>/"))


def _paths(text: str, removed: list[tuple[str, int]], base: Path | None) -> str:
    home = str(Path.home())

    def one(m: re.Match[str]) -> str:
        path = m["path"]
        for marker in _LIBRARY_MARKERS:
            if marker in path:
                return marker + path.split(marker, 1)[1]
        if base is not None and (path == str(base) or path.startswith(str(base) + "/")):
            rel = path[len(str(base)) :].lstrip("/")
            removed.append(("script-folder-path", _line(text, m.start())))
            return rel or "."
        if path == home or path.startswith(home.rstrip("/") + "/"):
            removed.append(("home-path", _line(text, m.start())))
            return "~" + path[len(home.rstrip("/")) :]
        if _HOME.match(path) or _ROOT_HOME.match(path):
            removed.append(("home-path", _line(text, m.start())))
            return _ROOT_HOME.sub("~", _HOME.sub("~", path, count=1), count=1)
        last = re.split(r"[/\\]", path.rstrip("/\\"))[-1]
        removed.append(("absolute-path", _line(text, m.start())))
        return f"<path>/{last}" if last else "<path>"

    return _ABS_PATH.sub(one, text)
