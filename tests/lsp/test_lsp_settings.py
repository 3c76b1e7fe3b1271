"""Editor options become the one typed Settings; bad input falls back; secrets never pass."""

from __future__ import annotations

from pathlib import Path

from gptfix.lsp.settings import from_options, loggable
from gptfix.redact import redact_log
from gptfix.settings import Settings


def test_camel_case_options_under_gptfix_or_top_level(tmp_path: Path):
    s, note = from_options(
        {"gptfix": {"smokeSteps": 5, "runTimeout": 30, "baseUrl": "http://h/v1"}}, tmp_path
    )
    assert (s.smoke_steps, s.run_timeout, s.base_url, note) == (5, 30.0, "http://h/v1", None)
    s, _ = from_options({"maxRounds": 1, "tokenBudget": 900}, tmp_path)
    assert (s.max_rounds, s.token_budget) == (1, 900)


def test_wrong_types_fall_back_to_defaults_with_a_reason(tmp_path: Path):
    s, note = from_options({"smokeSteps": "many", "runTimeout": 30}, tmp_path)
    assert s == Settings()
    assert note is not None and note.startswith("invalid gptfix settings")


def test_unknown_keys_are_named_and_ignored(tmp_path: Path):
    s, note = from_options({"colour": "blue", "smokeSteps": 3}, tmp_path)
    assert s.smoke_steps == 3
    assert note == "ignored unknown gptfix settings: colour"


def test_the_editor_client_trace_setting_is_not_reported(tmp_path: Path):
    s, note = from_options({"trace": {"server": "verbose"}, "smokeSteps": 3}, tmp_path)
    assert (s.smoke_steps, note) == (3, None)


def test_pyproject_values_stay_under_editor_options(tmp_path: Path):
    (tmp_path / "pyproject.toml").write_text("[tool.gptfix]\nsmoke_steps = 7\nmodel = 'local'\n")
    s, _ = from_options({"model": "editor-model"}, tmp_path)
    assert (s.smoke_steps, s.model) == (7, "editor-model")


def test_api_keys_in_settings_are_dropped_and_urls_redacted(tmp_path: Path):
    s, note = from_options(
        {"apiKey": "sk-secret", "baseUrl": "https://user:pw@example.test/v1"}, tmp_path
    )
    assert "sk-secret" not in repr(s) and note is None
    assert loggable(s)["base_url"] == "https://***@example.test/v1"
    assert redact_log("key=sk-secret!", "sk-secret") == "key=<redacted>!"
