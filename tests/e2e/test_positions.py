"""Ranges are right on lines with Chinese text and emoji, in every position encoding."""

from __future__ import annotations

from pathlib import Path

import pytest
from e2e_helpers import ENCODINGS, command, gptfix_diagnostics, open_doc, text_in_range
from pytest_lsp import LanguageClient

pytestmark = [pytest.mark.asyncio, pytest.mark.e2e]

SCRIPT = (
    '# 中文注释：数据处理 😀\n数据 = {"标签": 1}\nvalue = 数据["标签"] + 未定义的名字  # 😀 注释\n'
)


async def test_failure_range_in_each_encoding(client: LanguageClient, tmp_path: Path):
    encoding = ENCODINGS[client.spec]  # type: ignore[attr-defined]
    assert client.init_result.capabilities.position_encoding == encoding  # type: ignore[attr-defined]
    script = tmp_path / "train.py"
    script.write_text(SCRIPT, encoding="utf-8")
    uri = open_doc(client, script)
    run = await command(client, "gptfix.run", uri, {})
    assert run["status"] == "failed" and run["failure"]["type"] == "NameError"
    (diag,) = gptfix_diagnostics(client, uri)
    assert diag.range.start.line == 2
    assert text_in_range(SCRIPT, diag.range, encoding) == "未定义的名字"
