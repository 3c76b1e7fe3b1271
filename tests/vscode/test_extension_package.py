"""The VS Code extension's manifest and package agree with the server's contract."""

from __future__ import annotations

import dataclasses
import json
import re
import zipfile
from pathlib import Path

import pytest

from gptfix.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
EXT = ROOT / "client-vscode"
VSIX = EXT / "gptfix.vsix"


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(p.title() for p in rest)


def _manifest() -> dict:
    return json.loads((EXT / "package.json").read_text(encoding="utf-8"))


def test_every_server_setting_is_an_extension_setting_with_the_same_default() -> None:
    props = _manifest()["contributes"]["configuration"]["properties"]
    for field in dataclasses.fields(Settings):
        key = f"gptfix.{_camel(field.name)}"
        assert key in props, f"{key} missing from package.json"
        assert props[key]["default"] == getattr(Settings(), field.name), key


def test_no_secret_is_a_setting() -> None:
    props = _manifest()["contributes"]["configuration"]["properties"]
    secretish = re.compile(r"apikey|api_key|secret|password", re.IGNORECASE)
    assert not [k for k in props if secretish.search(k)]


def test_packaged_vsix_holds_the_entry_point_commands_and_settings() -> None:
    if not VSIX.exists():
        pytest.skip("client-vscode/gptfix.vsix not built: run `make vsix` (make test does)")
    with zipfile.ZipFile(VSIX) as z:
        names = set(z.namelist())
        packaged = json.loads(z.read("extension/package.json"))
    main = "extension/" + packaged["main"].removeprefix("./")
    assert main in names, f"entry point {main} is not in the package"
    titles = {c["title"] for c in packaged["contributes"]["commands"]}
    for title in (
        "Run",
        "Smoke run",
        "Fix loop",
        "Load log file…",
        "Apply recipe…",
        "Show AI context",
        "Set API key",
        "Restart server",
        "Show output",
    ):
        assert title in titles
    assert "gptfix.interpreter" in packaged["contributes"]["configuration"]["properties"]
    assert any(n.startswith("extension/bundled/gptfix-") and n.endswith(".whl") for n in names), (
        "the vsix must bundle the gptfix wheel so it can install gptfix offline"
    )
    assert not any("/src/" in n or n.endswith(".ts") for n in names), "sources leaked into the vsix"
