"""One list item written over several lines (``keras.callbacks.ModelCheckpoint(\\n ...\\n),``)
added to the script's list it belongs to.

Bridges an answer's fragment that is a single expression followed by a comma -- an item
of a list, shown without the list -- and the list in the script: the one the prose names
(a name the script assigns a list to, quoted or not: "add it to your callbacks list"), else
the one multi-line list whose items call what the new item calls (``keras.callbacks.``).
The item goes at the end of the list, at its items' indentation.
"""

from __future__ import annotations

import ast
import re
import textwrap

from gptfix.llm.patches import TextEdit, indent_of_line

_CLOSERS = ("]", "],", "])", "]),")


def _one_item(fragment: str) -> str | None:
    whole = textwrap.dedent(fragment).strip()
    if not whole.endswith(",") or "\n" not in whole:
        return None
    try:
        node = ast.parse(whole[:-1], mode="eval").body
    except SyntaxError:
        return None
    return whole if isinstance(node, ast.Call) else None


def _head(call: ast.expr) -> str:
    return ast.unparse(call.func).rsplit(".", 1)[0] if isinstance(call, ast.Call) else ""


def _lists(tree: ast.Module, lines: list[str]) -> list[tuple[str, ast.List]]:
    """(assigned name or "", list) for every multi-line list literal with items."""
    named: dict[int, str] = {}
    for n in ast.walk(tree):
        if isinstance(n, ast.Assign) and isinstance(n.value, ast.List):
            for t in n.targets:
                if isinstance(t, ast.Name):
                    named[id(n.value)] = t.id
    out = []
    for n in ast.walk(tree):
        if isinstance(n, ast.List) and n.elts and n.elts[0].lineno != n.lineno:
            if lines[(n.end_lineno or 1) - 1].strip() in _CLOSERS:
                out.append((named.get(id(n), ""), n))
    return out


def add_list_item(text: str, fragment: str, prose: str) -> tuple[str, list[TextEdit]] | None:
    """``text`` with the fragment's one item at the end of its list, or None."""
    item = _one_item(fragment)
    if item is None:
        return None
    try:
        tree = ast.parse(text)
        new = ast.parse(item[:-1], mode="eval").body
    except SyntaxError:
        return None
    lines = text.split("\n")
    lists = _lists(tree, lines)
    words = set(
        re.findall(r"[A-Za-z_]\w*", prose.strip().split("\n\n")[-1] if prose.strip() else "")
    )
    chosen = [(name, n) for name, n in lists if name and name in words]
    if len(chosen) != 1:
        head = _head(new)
        chosen = [(name, n) for name, n in lists if head and all(_head(e) == head for e in n.elts)]
    if len(chosen) != 1:
        return None
    name, target = chosen[0]
    close = (target.end_lineno or 1) - 1
    indent = indent_of_line(lines[target.elts[0].lineno - 1])
    if lines[close - 1].strip() and not lines[close - 1].rstrip().endswith((",", "[")):
        lines[close - 1] = lines[close - 1].rstrip() + ","
    added = [indent + x if x.strip() else x for x in item.split("\n")]
    grown = lines[:close] + added + lines[close:]
    where = f"the list `{name}`" if name else f"the list at line {target.lineno}"
    summary = f"added 1 item at the end of {where}"
    return "\n".join(grown), [TextEdit("insert_line", close + 1, close, summary)]
