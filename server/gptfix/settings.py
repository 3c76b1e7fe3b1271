"""Typed settings shared by the CLI, the language server and the editor extensions.

One source of truth: defaults here are mirrored by ``client-vscode/package.json``
(a test checks they agree). Values come from, in increasing priority: defaults,
``[tool.gptfix]`` in the nearest ``pyproject.toml``, ``GPTFIX_*``/``OPENAI_*``
environment variables, then editor settings. Secrets are never settings: the API
key is read from the environment (or handed over by the editor) at call time.
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
}


def _coerce(name: str, value: Any) -> Any:
    default = getattr(Settings(), name)
    if isinstance(default, bool):
        return bool(value)
    if isinstance(default, int):
        return int(value)
    if isinstance(default, float):
        return float(value)
    return None if value in (None, "") else str(value)


def _pyproject_table(start: Path) -> dict[str, Any]:
    for folder in [start, *start.parents]:
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            try:
                data = tomllib.loads(candidate.read_text(encoding="utf-8"))
            except (OSError, tomllib.TOMLDecodeError):
                return {}
            table = data.get("tool", {}).get("gptfix", {})
            return table if isinstance(table, dict) else {}
    return {}


def load(start: Path | None = None, overrides: dict[str, Any] | None = None) -> Settings:
    """Settings for a script in folder ``start``; ``overrides`` (snake or camelCase) win."""
    values: dict[str, Any] = {}
    names = Settings.field_names()
    camel = {_camel(n): n for n in names}
    if start is not None:
        for key, value in _pyproject_table(start).items():
            key = camel.get(key, key.replace("-", "_"))
            if key in names:
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
