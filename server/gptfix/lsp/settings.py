"""Editor settings to :class:`gptfix.settings.Settings`: initializationOptions and workspace/configuration.

Editors send camelCase JSON (``{"smokeSteps": 2, "runTimeout": 60}``), either as the
whole ``initializationOptions`` or under a ``gptfix`` key. A cattrs converter
structures it onto the one typed ``Settings``; anything invalid is logged and the
defaults (plus ``pyproject.toml`` and environment values) are used instead. Secrets
are never settings: an ``apiKey`` sent here is ignored and never logged.
"""

from __future__ import annotations

import dataclasses
import logging
import re
from pathlib import Path
from typing import Any

import cattrs
from cattrs.gen import make_dict_structure_fn, override

from gptfix import settings as core_settings
from gptfix.settings import Settings

log = logging.getLogger(__name__)

#: keys that must never be read from editor settings nor written to a log
SECRET_KEYS = frozenset({"apiKey", "api_key", "openaiApiKey", "token", "password"})


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(p.title() for p in rest)


def _converter() -> cattrs.Converter:
    conv = cattrs.Converter()
    overrides = {f.name: override(rename=_camel(f.name)) for f in dataclasses.fields(Settings)}
    hook = make_dict_structure_fn(Settings, conv, **overrides)  # type: ignore[arg-type]
    conv.register_structure_hook(Settings, hook)
    return conv


_CONVERTER = _converter()


def _section(options: Any) -> dict[str, Any]:
    """The gptfix part of an options object (top level or under ``gptfix``)."""
    if not isinstance(options, dict):
        return {}
    inner = options.get("gptfix")
    section = inner if isinstance(inner, dict) else options
    return {k: v for k, v in section.items() if k not in SECRET_KEYS and v is not None}


def from_options(options: Any, start: Path | None = None) -> tuple[Settings, str | None]:
    """Settings from an editor's options; returns (settings, error or None).

    Keys the editor leaves out keep the values from ``pyproject.toml``/environment.
    Unknown keys are ignored and named in the returned note (editors add their own,
    such as ``trace``). On a wrong type the editor's values are dropped whole, the
    problem is returned as one line and the base settings are used.
    """
    section = _section(options)
    # the editor's workspace trust: only then may the project choose endpoint/interpreter
    trusted = section.get("trustProject") is True
    base = core_settings.load(start, trust_project=True if trusted else None)
    known = {_camel(n) for n in Settings.field_names()}
    client_only = {"trace", "trustProject"}  # trace.server is read by the editor's client
    unknown = sorted(k for k in section if k not in known and k not in client_only)
    section = {k: v for k, v in section.items() if k in known}
    note = f"ignored unknown gptfix settings: {', '.join(unknown)}" if unknown else None
    if not section:
        return base, note
    try:
        full = {_camel(k): v for k, v in dataclasses.asdict(base).items()}
        full.update(section)
        full = {k: v for k, v in full.items() if v is not None}
        return _CONVERTER.structure(full, Settings), note
    except Exception as exc:  # cattrs raises ClassValidationError / ForbiddenExtraKeysError
        reason = "; ".join(_messages(exc)) or str(exc)
        return base, f"invalid gptfix settings ({reason}); using defaults"


def _messages(exc: BaseException) -> list[str]:
    if isinstance(exc, cattrs.BaseValidationError):
        out: list[str] = []
        for sub in exc.exceptions:
            out.extend(_messages(sub))
        return out
    return [str(exc)]


_URL_CREDENTIALS = re.compile(r"//[^/@\s]+@")


def loggable(settings: Settings) -> dict[str, Any]:
    """The settings as a dict safe to log: no secrets, no credentials in URLs."""
    out = dataclasses.asdict(settings)
    if isinstance(out.get("base_url"), str):
        out["base_url"] = _URL_CREDENTIALS.sub("//***@", out["base_url"])
    return out
