"""A chained call the prose removes: "remove the `.prefetch(...)`", "quita el `.cache()`",
"去掉 `.shuffle(...)`". The one call of that method in the script is dropped from its chain
(``ds.batch(32).prefetch(AUTOTUNE)`` becomes ``ds.batch(32)``), the rest of the statement
as it was; a chain link on a line of its own goes with its line (the text from the end of
its receiver to the end of the call is what is cut)."""

from __future__ import annotations

import ast
import re

from gptfix.edits import parses
from gptfix.llm.patches import TextEdit

_LINK = re.compile(r"\.([A-Za-z_]\w*)\s*(?:\(.*\))?")


def remove_chained(text: str, quoted: str) -> tuple[str, TextEdit] | None:
    """``text`` without the one chained call ``quoted`` names (``.prefetch(...)``), and its
    edit; None when the quote is no chained call or the script makes that call not exactly
    once on a receiver."""
    m = _LINK.fullmatch(quoted.strip())
    if m is None:
        return None
    try:
        tree = ast.parse(text)
    except SyntaxError:
        return None
    calls = [
        n
        for n in ast.walk(tree)
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr == m[1]
    ]
    if len(calls) != 1 or not isinstance(calls[0].func, ast.Attribute):
        return None
    assert isinstance(calls[0].func, ast.Attribute)
    call, func = calls[0], calls[0].func
    receiver = func.value
    if receiver.end_lineno is None or call.end_lineno is None or call.end_col_offset is None:
        return None
    lines = text.split("\n")
    start = sum(len(x) + 1 for x in lines[: receiver.end_lineno - 1]) + len(
        lines[receiver.end_lineno - 1].encode()[: receiver.end_col_offset].decode(errors="ignore")
    )
    end = sum(len(x) + 1 for x in lines[: call.end_lineno - 1]) + len(
        lines[call.end_lineno - 1].encode()[: call.end_col_offset].decode(errors="ignore")
    )
    new = text[:start] + text[end:]
    if parses(new) is not None:
        return None
    line = call.end_lineno
    return new, TextEdit("inline", line, line, f"removed `.{m[1]}(...)` on line {line} as asked")
