"""The rules for what a secret looks like: the one set used everywhere in gptfix.

Standard library only and self-contained: it is imported as a top-level module inside
the user's interpreter (by the boot hook, to redact locals, source lines and messages)
and as ``gptfix._boot._gptfix_boot_secrets`` by :mod:`gptfix.redact` in the server and
CLI, so both sides apply exactly the same rules.

Two kinds of rule:

- by name: a variable, attribute, dict key, keyword argument or environment variable
  whose name says it holds a credential (``api_key``, ``password``, ``HF_TOKEN``,
  ``clientSecret``, ``X-Api-Key``) has its string value replaced;
- by shape: well-known key prefixes of any length (``sk-``, ``sk-proj-``, ``hf_``,
  ``ghp_``, ``github_pat_``, ``xoxb-``, ``AKIA``, ``AIza``, ``glpat-``...), JWTs, bearer
  tokens, and long high-entropy strings.

Replacements never span lines, so line numbers stay true.
"""

from __future__ import annotations

import math
import re

REDACTED = "<redacted>"

#: name parts that mark a credential on their own
_SECRET_PARTS = frozenset(
    {
        "secret",
        "secrets",
        "token",
        "password",
        "passwd",
        "pwd",
        "passphrase",
        "credential",
        "credentials",
        "creds",
        "auth",
        "bearer",
        "apikey",
        "privatekey",
        "accesskey",
        "secretkey",
    }
)
#: parts that make a following ``key`` a credential (``api_key``, ``access_key``)
_KEY_QUALIFIERS = frozenset(
    {"api", "access", "secret", "private", "signing", "encryption", "client", "master", "auth"}
)
#: words before ``token`` that make it a text or protocol token, not a credential
#: (``start_token``, ``eos_token``, ``work_done_token``, ``partialResultToken``)
_NOT_CREDENTIAL_TOKEN = frozenset(
    {
        "pad",
        "oov",
        "unk",
        "bos",
        "eos",
        "cls",
        "sep",
        "mask",
        "start",
        "end",
        "stop",
        "special",
        "done",
        "result",
        "progress",
        "num",
        "max",
        "min",
        "first",
        "last",
    }
)
_SECRET_SUBSTRINGS = ("secret", "password", "passwd", "apikey", "api_key", "accesstoken")

#: well-known credential shapes -> kind
VALUE_SHAPES: dict[str, re.Pattern[str]] = {
    "openai-key": re.compile(r"\bsk-(?!learn\b)[A-Za-z0-9_\-]{4,}"),
    "huggingface-token": re.compile(r"\bhf_(?=[a-z]*[A-Z0-9])[A-Za-z0-9]{4,}"),
    "github-token": re.compile(r"\b(?:gh[pousr]_[A-Za-z0-9]{4,}|github_pat_[A-Za-z0-9_]{4,})"),
    "gitlab-token": re.compile(r"\bglpat-[A-Za-z0-9_\-]{4,}"),
    "slack-token": re.compile(r"\bxox[abposr]-[A-Za-z0-9\-]{4,}"),
    "aws-key": re.compile(r"\b(?:AKIA|ASIA)[0-9A-Z]{8,}"),
    "google-key": re.compile(r"\bAIza[0-9A-Za-z_\-]{8,}"),
    "jwt": re.compile(r"\beyJ[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]{8,}"),
    "bearer": re.compile(r"(?i:\bbearer)\s+[A-Za-z0-9_\-\.=+/]{8,}"),
}
#: a run of key-like characters long enough to be a random credential
_LONG_RUN = re.compile(r"(?<![A-Za-z0-9+_\-])[A-Za-z0-9+_\-]{32,}(?![A-Za-z0-9+_\-])")
ENTROPY_BITS = 4.3  #: bits per character above which a long mixed run counts as random

#: ``name = "v"``, ``name: str = "v"``, ``"name": "v"``, ``name="v"``, ``["name"] = "v"``,
#: ``("NAME", "v")``; the name is checked with :func:`secret_name`
_NAMED_STRING = re.compile(
    r"""(?P<q0>["']?)(?<![\w.-])(?P<name>-{0,2}[A-Za-z_][A-Za-z0-9_.\-]*)(?P=q0)\s*\]?\s*"""
    r"""(?::\s*[A-Za-z_][\w\[\], .|]*?\s*)?(?P<op>==?|:|,)\s*"""
    r"""(?P<pre>[rRbBuUfF]{0,2})(?P<q>["'])(?P<val>[^"'\n]*)(?P=q)"""
)
#: ``NAME=value`` / ``export NAME=value`` / ``--name value`` unquoted, as in shells, logs
_NAMED_BARE = re.compile(
    r"""(?P<head>(?<![\w.\-])(?P<name>-{0,2}[A-Za-z_][A-Za-z0-9_\-]*)=)(?P<val>[^\s"'#,;)]+)"""
)


def secret_name(name: str) -> bool:
    """True for names that usually hold credentials (api_key, hfToken, X-Api-Key, PASSWORD)."""
    low = name.lower()
    if any(s in low.replace("-", "_").replace("_", "") for s in _SECRET_SUBSTRINGS) or any(
        s in low for s in _SECRET_SUBSTRINGS
    ):
        return True
    spaced = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name).lower()
    parts = [p for p in re.split(r"[_.\-]+", spaced) if p]
    if any(
        p in _SECRET_PARTS
        and not (p in ("token", "tokens") and i and parts[i - 1] in _NOT_CREDENTIAL_TOKEN)
        for i, p in enumerate(parts)
    ):
        return True
    return any(p == "key" and i and parts[i - 1] in _KEY_QUALIFIERS for i, p in enumerate(parts))


def key_like(name: str, value: str) -> bool:
    """``wandb_key = "0123abcd..."``: a ``*key`` name holding a long token-shaped value.

    (``sort_key = "val_loss"`` is not: a word, not a token.)
    """
    parts = re.split(r"[_.\-]+", re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name).lower())
    if not parts or not parts[-1].endswith("key"):
        return False
    return bool(
        len(value) >= 16
        and re.fullmatch(r"[A-Za-z0-9_\-.=+/]+", value)
        and re.search(r"\d", value)
        and re.search(r"[A-Za-z]", value)
    )


def placeholder(value: str) -> bool:
    """Values that name or stand for a secret rather than being one."""
    return bool(
        not value
        or value == REDACTED
        or re.fullmatch(r"[A-Z][A-Z0-9_]*|\{[^}]*\}|<[^>]*>|\[[^\]]*\]|\$\{?\w+\}?|\*+", value)
    )


def entropy(text: str) -> float:
    counts: dict[str, int] = {}
    for ch in text:
        counts[ch] = counts.get(ch, 0) + 1
    n = len(text)
    return -sum(c / n * math.log2(c / n) for c in counts.values())


def _random_looking(run: str) -> bool:
    mixed = (
        any(c.isdigit() for c in run)
        and any(c.islower() for c in run)
        and any(c.isupper() for c in run)
    )
    return mixed and entropy(run) >= ENTROPY_BITS


def _line(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def redact_text(text: str) -> tuple[str, list[tuple[str, int]]]:
    """``text`` with secrets replaced; also the (kind, 1-based line) of each, never values."""
    removed: list[tuple[str, int]] = []
    out = text
    for kind, pattern in VALUE_SHAPES.items():
        text = out

        def shape(m: re.Match[str], kind: str = kind, text: str = text) -> str:
            removed.append((kind, _line(text, m.start())))
            return REDACTED

        out = pattern.sub(shape, out)
    text = out

    def named(m: re.Match[str]) -> str:
        if placeholder(m["val"]):
            return m[0]
        if not secret_name(m["name"]) and not key_like(m["name"], m["val"]):
            return m[0]
        if m["op"] == "," and not m["q0"]:
            return m[0]  # f(token, "x"): a positional argument, not a value of `token`
        removed.append(("secret-by-name", _line(text, m.start())))
        cut = m.start("val") - m.start()
        return m[0][:cut] + REDACTED + m["q"]

    out = _NAMED_STRING.sub(named, out)
    text = out

    def bare(m: re.Match[str]) -> str:
        if not secret_name(m["name"]) or placeholder(m["val"]):
            return m[0]
        removed.append(("secret-by-name", _line(text, m.start())))
        return m["head"] + REDACTED

    out = _NAMED_BARE.sub(bare, out)
    text = out

    def long_run(m: re.Match[str]) -> str:
        if not _random_looking(m[0]):
            return m[0]
        removed.append(("random-string", _line(text, m.start())))
        return REDACTED

    out = _LONG_RUN.sub(long_run, out)
    removed.sort(key=lambda item: item[1])
    return out, removed


def redact_secrets(text: str) -> str:
    """``text`` with every secret replaced by ``<redacted>``."""
    return redact_text(text)[0]
