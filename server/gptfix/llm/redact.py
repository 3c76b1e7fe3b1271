"""Redaction of secrets and home paths from anything that goes into a prompt.

Bridges the user's script/log text and the LLM request: API keys and tokens (by their
well-known shapes), values assigned to secret-looking names (``api_key = "..."``,
``HF_TOKEN=...``, ``password: ...``) and absolute home paths (``/home/alice``,
``/Users/bob``, ``C:\\Users\\carol``) are replaced by placeholders. Line structure is
kept, so line numbers in the context still match the script.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

#: well-known token shapes -> label
_TOKEN_PATTERNS: dict[str, re.Pattern[str]] = {
    "openai-key": re.compile(r"\bsk-(?:proj-|svcacct-)?[A-Za-z0-9_\-]{16,}"),
    "anthropic-key": re.compile(r"\bsk-ant-[A-Za-z0-9_\-]{16,}"),
    "huggingface-token": re.compile(r"\bhf_[A-Za-z0-9]{20,}"),
    "github-token": re.compile(r"\b(?:ghp|gho|ghu|ghs|ghr|github_pat)_[A-Za-z0-9_]{20,}"),
    "aws-key": re.compile(r"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b"),
    "google-key": re.compile(r"\bAIza[0-9A-Za-z_\-]{35}"),
    "slack-token": re.compile(r"\bxox[abprs]-[A-Za-z0-9\-]{10,}"),
    "wandb-key": re.compile(r"(?<=WANDB_API_KEY=)[0-9a-f]{40}\b"),
    "jwt": re.compile(r"\beyJ[A-Za-z0-9_\-]{10,}\.[A-Za-z0-9_\-]{10,}\.[A-Za-z0-9_\-]{10,}"),
    "bearer": re.compile(r"(?<=Bearer )[A-Za-z0-9._\-]{16,}"),
}

_SECRET_NAME = r"[A-Za-z_][A-Za-z0-9_]*(?:api[_-]?key|apikey|secret|token|passw(?:or)?d|passwd|pwd|credential|auth)[A-Za-z0-9_]*"

#: ``name = "value"`` / ``name: 'value'`` / ``["name"] = "value"`` in code or config
_ASSIGN_STR = re.compile(
    rf"""(?ix)
    (?P<head>\b{_SECRET_NAME}\b["']?\]?\s*[:=]\s*[rbuf]?)
    (?P<q>["'])(?P<val>[^"'\n]{{4,}})(?P=q)
    """
)
#: ``environ["NAME"] = "value"`` / ``setdefault("NAME", "value")`` / ``os.environ.get("NAME", "value")``
_ENV_CALL = re.compile(
    rf"""(?ix)
    (?P<head>["']{_SECRET_NAME}["']\s*(?:\]\s*=|,)\s*)
    (?P<q>["'])(?P<val>[^"'\n]{{4,}})(?P=q)
    """
)
#: shell/env-file style ``export NAME=value`` / ``NAME=value``
_ENV_LINE = re.compile(rf"(?im)^(?P<head>\s*(?:export\s+)?{_SECRET_NAME}=)(?P<val>[^\s\"']{{4,}})")

_HOME = re.compile(r"(?P<root>/home/|/Users/|[A-Za-z]:\\Users\\)(?P<user>[A-Za-z0-9._\-]+)")
_ROOT_HOME = re.compile(r"(?<![\w/])/root(?=/)")

_PLACEHOLDER = "<redacted>"


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


def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def redact(text: str) -> Redaction:
    """Replace secrets and home paths in ``text``; keeps the number of lines."""
    removed: list[tuple[str, int]] = []
    out = text
    for label, pattern in _TOKEN_PATTERNS.items():
        out = _sub(pattern, out, label, removed, lambda m: _PLACEHOLDER)
    for pattern in (_ASSIGN_STR, _ENV_CALL):
        out = _sub(
            pattern,
            out,
            "secret-assignment",
            removed,
            lambda m: f"{m['head']}{m['q']}{_PLACEHOLDER}{m['q']}",
            skip=lambda m: m["val"] == _PLACEHOLDER or _looks_like_reference(m["val"]),
        )
    out = _sub(
        _ENV_LINE,
        out,
        "secret-assignment",
        removed,
        lambda m: f"{m['head']}{_PLACEHOLDER}",
        skip=lambda m: m["val"].startswith(("$", "<")),
    )
    out = _sub(_HOME, out, "home-path", removed, lambda m: "~")
    out = _sub(_ROOT_HOME, out, "home-path", removed, lambda m: "~")
    removed.sort(key=lambda item: item[1])
    return Redaction(out, removed)


def _looks_like_reference(value: str) -> bool:
    """Values that are names of secrets, not secrets (``"OPENAI_API_KEY"``, ``"{token}"``)."""
    return bool(re.fullmatch(r"[A-Z][A-Z0-9_]*|\{[^}]*\}|<[^>]*>|\$\w+", value))


def _sub(
    pattern: re.Pattern[str],
    text: str,
    label: str,
    removed: list[tuple[str, int]],
    repl: Callable[[re.Match[str]], str],
    skip: Callable[[re.Match[str]], bool] | None = None,
) -> str:
    pieces: list[str] = []
    last = 0
    for m in pattern.finditer(text):
        if skip is not None and skip(m):
            continue
        pieces.append(text[last : m.start()])
        pieces.append(repl(m))
        removed.append((label, _line_of(text, m.start())))
        last = m.end()
    pieces.append(text[last:])
    return "".join(pieces)
