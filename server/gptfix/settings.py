"""Typed settings shared by the CLI, the language server and the editor extensions.

One source of truth: defaults here are mirrored by ``client-vscode/package.json``
(a test checks they agree). Values come from, in increasing priority: defaults, the
user's own ``~/.config/gptfix/config.toml`` (``$XDG_CONFIG_HOME``), ``[tool.gptfix]`` in
the nearest ``pyproject.toml``, ``GPTFIX_*``/``OPENAI_*`` environment variables, then
editor settings. Secrets are never settings: the API key is read from the environment
(or handed over by the editor) at call time.

A project folder is not trusted: a cloned repository must not choose where the user's
API key is sent, nor which program runs. So the project's ``base_url`` and
``interpreter`` (:data:`PROJECT_UNTRUSTED`) are ignored unless the user trusts the
project (``--trust-project``, ``GPTFIX_TRUST_PROJECT=1``, a yes at the CLI prompt, or
the editor's workspace trust); :func:`untrusted_project_values` says what was ignored.
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass
class Settings:
    interpreter: str | None = None  #: python used to run the script; None = the one gptfix runs in
    smoke_steps: int = 2  #: steps per fit/evaluate/predict in smoke mode
    run_timeout: float = 600.0  #: seconds before a run is killed
    model: str = "gpt-4o-mini"  #: LLM model name
    #: OpenAI-compatible endpoint; None = not configured (unless OPENAI_API_KEY is set)
    base_url: str | None = None
    token_budget: int = 6000  #: tokens of context sent to the LLM
    max_rounds: int = 3  #: rounds of run -> fix -> rerun
    llm_timeout: float = 60.0  #: seconds one LLM request may take before it is given up

    @classmethod
    def field_names(cls) -> list[str]:
        return [f.name for f in dataclasses.fields(cls)]


_ENV = {
    "interpreter": "GPTFIX_PYTHON",
    "smoke_steps": "GPTFIX_SMOKE_STEPS",
    "run_timeout": "GPTFIX_TIMEOUT",
    "model": "GPTFIX_MODEL",
    "base_url": "OPENAI_BASE_URL",
    "token_budget": "GPTFIX_TOKEN_BUDGET",
    "max_rounds": "GPTFIX_MAX_ROUNDS",
    "llm_timeout": "GPTFIX_LLM_TIMEOUT",
}

#: settings a project folder may not choose on its own: where the key goes, what runs
PROJECT_UNTRUSTED = ("base_url", "interpreter")
#: set to 1 by the user (or ``--trust-project``) to accept the project's own values
TRUST_ENV = "GPTFIX_TRUST_PROJECT"


def project_trusted() -> bool:
    return os.environ.get(TRUST_ENV, "").strip().lower() in ("1", "true", "yes")


def user_config_file() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME")
    return (Path(base) if base else Path.home() / ".config") / "gptfix" / "config.toml"


def _user_table() -> dict[str, Any]:
    try:
        data = tomllib.loads(user_config_file().read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError):
        return {}
    table = data.get("tool", {}).get("gptfix", data)
    return table if isinstance(table, dict) else {}


def _coerce(name: str, value: Any) -> Any:
    default = getattr(Settings(), name)
    if isinstance(default, bool):
        return bool(value)
    if isinstance(default, int):
        return int(value)
    if isinstance(default, float):
        return float(value)
    return None if value in (None, "") else str(value)


def _pyproject(start: Path) -> tuple[Path | None, dict[str, Any]]:
    for folder in [start, *start.parents]:
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            try:
                data = tomllib.loads(candidate.read_text(encoding="utf-8"))
            except (OSError, tomllib.TOMLDecodeError):
                return candidate, {}
            table = data.get("tool", {}).get("gptfix", {})
            return candidate, table if isinstance(table, dict) else {}
    return None, {}


def _named(table: dict[str, Any]) -> dict[str, Any]:
    names = Settings.field_names()
    camel = {_camel(n): n for n in names}
    out = {}
    for key, value in table.items():
        key = camel.get(key, key.replace("-", "_"))
        if key in names:
            out[key] = value
    return out


def untrusted_project_values(start: Path | None) -> tuple[Path | None, dict[str, str]]:
    """The project's ``pyproject.toml`` and the values in it that need the user's trust."""
    if start is None:
        return None, {}
    where, table = _pyproject(start)
    named = _named(table)
    return where, {k: str(named[k]) for k in PROJECT_UNTRUSTED if named.get(k) not in (None, "")}


def load(
    start: Path | None = None,
    overrides: dict[str, Any] | None = None,
    *,
    trust_project: bool | None = None,
) -> Settings:
    """Settings for a script in folder ``start``; ``overrides`` (snake or camelCase) win.

    The project's :data:`PROJECT_UNTRUSTED` values are used only when ``trust_project``
    (default: :func:`project_trusted`).
    """
    values: dict[str, Any] = dict(_named(_user_table()))
    names = Settings.field_names()
    camel = {_camel(n): n for n in names}
    trusted = project_trusted() if trust_project is None else trust_project
    if start is not None:
        for key, value in _named(_pyproject(start)[1]).items():
            if key in PROJECT_UNTRUSTED and not trusted:
                continue
            values[key] = value
    for name, env in _ENV.items():
        if os.environ.get(env):
            values[name] = os.environ[env]
    for key, value in (overrides or {}).items():
        key = camel.get(key, key)
        if key in names and value is not None:
            values[key] = value
    out = Settings()
    for key, value in values.items():
        try:
            setattr(out, key, _coerce(key, value))
        except (TypeError, ValueError):
            continue  # invalid value: keep the default
    return out


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(p.title() for p in rest)
