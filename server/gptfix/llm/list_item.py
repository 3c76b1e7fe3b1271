"""One list item written over several lines (``keras.callbacks.ModelCheckpoint(\\n ...\\n),``)
added to the script's list it belongs to.

Bridges an answer's fragment that is a single expression followed by a comma -- an item
of a list, shown without the list -- and the list in the script: the one the prose names
(a name the script assigns a list to, quoted or not: "add it to your callbacks list"), else
the one multi-line list whose items call what the new item calls (``keras.callbacks.``).
The item goes where the prose puts it among the list's items ("right after the first
`Dense` layer"), else at the end of the list, at its items' indentation. The lists a prose
names ("your `callbacks` list", "the list in `build_model`") are found here too, for items
given one a line.
"""

from __future__ import annotations

import ast
import re
import textwrap

from gptfix.llm.blocks import introducing
from gptfix.llm.patches import TextEdit, indent_of_line
from gptfix.llm.prose_place import cues

_CLOSERS = ("]", "],", "])", "]),")


def _items(fragment: str) -> list[str] | None:
    """The items of a fragment that is list items shown without their list: one call
    ending with a comma over several lines, or several calls separated by commas."""
    whole = textwrap.dedent(fragment).strip()
    src = "[" + whole + "]"
    try:
        node = ast.parse(src, mode="eval").body
    except SyntaxError:
        return None
    if not isinstance(node, ast.List) or not node.elts:
        return None
    if not all(isinstance(e, ast.Call) for e in node.elts):
        return None
    if len(node.elts) == 1 and not (whole.endswith(",") and "\n" in whole):
        return None
    out = []
    for e in node.elts:
        seg = ast.get_source_segment(src, e)
        if seg is None:
            return None
        out.append(seg)
    return out


def _head(call: ast.expr) -> str:
    return ast.unparse(call.func).rsplit(".", 1)[0] if isinstance(call, ast.Call) else ""


def _lists(tree: ast.Module, lines: list[str]) -> list[tuple[str, ast.List]]:
    """(assigned name or "", list) for every list literal with items written over several
    lines, and every one assigned to a name (``cbs = [CSVLogger("log.csv")]``)."""
    named: dict[int, str] = {}
    for n in ast.walk(tree):
        if isinstance(n, ast.Assign) and isinstance(n.value, ast.List):
            for t in n.targets:
                if isinstance(t, ast.Name):
                    named[id(n.value)] = t.id
    out = []
    for n in ast.walk(tree):
        if not isinstance(n, ast.List) or not n.elts:
            continue
        if n.elts[0].lineno != n.lineno:
            if lines[(n.end_lineno or 1) - 1].strip() in _CLOSERS:
                out.append((named.get(id(n), ""), n))
        elif id(n) in named and n.end_lineno == n.lineno:
            out.append((named[id(n)], n))
    return out


def _indented(item: str, indent: str) -> list[str]:
    """An item's lines at ``indent`` (its continuation lines keep their offset), the last
    one ending with a comma."""
    out = [indent + x if x.strip() else x for x in item.split("\n")]
    out[-1] = out[-1].rstrip().rstrip(",") + ","
    return out


def _own_lines(target: ast.List) -> bool:
    """Every item of the list starts on a line of its own."""
    return (
        all(
            (a.end_lineno or a.lineno) < b.lineno
            for a, b in zip(target.elts, target.elts[1:], strict=False)
        )
        and target.elts[0].lineno > target.lineno
    )


def _short(seg: str | None) -> str:
    text = " ".join((seg or "").split())
    return text if len(text) <= 40 else text[:37] + "..."


def _said_item(target: ast.List, text: str, prose: str) -> tuple[int, bool] | None:
    """The item of ``target`` the prose puts the new items after or before ("right after
    the first `Dense` layer", "before `layers.Dropout(0.3)`"): (its index, after)."""
    last = introducing(prose)
    for cue in cues(last):
        if not cue.quoted:
            continue
        quote = re.sub(r"\s+", "", cue.anchor).rstrip(",")  # "`layers.Dense(32),`"
        found = [
            k
            for k, e in enumerate(target.elts)
            if isinstance(e, ast.Call)
            and (
                re.sub(r"\s+", "", ast.get_source_segment(text, e) or "").startswith(quote)
                or ast.unparse(e.func).rsplit(".", 1)[-1] == quote
                or re.sub(r"\s+", "", ast.unparse(e)).startswith(quote.rstrip(")"))
            )
        ]
        if len(found) > 1 and cue.which:
            found = [found[-1] if cue.which == "last" else found[0]]
        if len(found) == 1:
            return found[0], cue.after
    return None


def said_row(text: str, target: ast.List | int, prose: str) -> tuple[int, str] | None:
    """The line (0-based) where new items of ``target`` (a list, or the 0-based line of
    its closing bracket) go when the prose places them among its items, and the words
    for the report; None when it does not (they go at the end)."""
    if isinstance(target, int):
        try:
            tree = ast.parse(text)
        except SyntaxError:
            return None
        found = [
            n
            for n in ast.walk(tree)
            if isinstance(n, ast.List) and n.elts and (n.end_lineno or 0) - 1 == target
        ]
        if len(found) != 1:
            return None
        target = found[0]
    if not _own_lines(target):
        return None
    spot = _said_item(target, text, prose)
    if spot is None:
        return None
    item = target.elts[spot[0]]
    row = (item.end_lineno or item.lineno) if spot[1] else item.lineno - 1
    words = f"{'after' if spot[1] else 'before'} `{_short(ast.get_source_segment(text, item))}`"
    return row, words


def said_list(text: str, prose: str) -> tuple[int, str, str] | None:
    """The one multi-line list among whose items the prose places new ones ("right after
    the first `Dense` layer") when it names no list: (0-based line of its ``]``, its items'
    indentation, "": it has no name)."""
    try:
        tree = ast.parse(text)
    except SyntaxError:
        return None
    lines = text.split("\n")
    found = [
        lst
        for _, lst in _lists(tree, lines)
        if lst.elts[0].lineno > lst.lineno and _said_item(lst, text, prose) is not None
    ]
    if len(found) != 1:
        return None
    lst = found[0]
    return (
        (lst.end_lineno or 1) - 1,
        indent_of_line(lines[lst.elts[0].lineno - 1]),
        f"at line {lst.lineno}",
    )


def add_list_item(
    text: str, fragment: str, prose: str, after: str = ""
) -> tuple[str, list[TextEdit]] | None:
    """``text`` with the fragment's items at the end of their list, or None.

    One call with no trailing comma is an item too when the sentence around it says it
    goes into a list ("add this to your `callbacks` list", "... added to the list") and
    the script has one list of calls like it."""
    items = _items(fragment)
    lone = False
    if items is None:
        around = (
            (introducing(prose)) + " " + (after.strip().split("\n\n")[0] if after.strip() else "")
        )
        whole = textwrap.dedent(fragment).strip()
        try:
            node = ast.parse(whole, mode="eval").body
        except SyntaxError:
            return None
        if not isinstance(node, ast.Call) or not re.search(r"(?i)\blist\b|列表|リスト", around):
            return None
        items, lone = [whole], True
        prose = around
    try:
        tree = ast.parse(text)
        new = [ast.parse(x, mode="eval").body for x in items]
    except SyntaxError:
        return None
    lines = text.split("\n")
    lists = _lists(tree, lines)
    words = set(re.findall(r"[A-Za-z_]\w*", introducing(prose)))
    chosen = [(name, n) for name, n in lists if name and name in words]
    if lone:  # the list's calls are like the new one (``keras.callbacks.X(...)``)
        chosen = [(name, n) for name, n in chosen if all(_head(e) == _head(new[0]) for e in n.elts)]
    if len(chosen) != 1:
        heads = {_head(e) for e in new}
        chosen = [
            (name, n)
            for name, n in lists
            if len(heads) == 1 and "" not in heads and all(_head(e) in heads for e in n.elts)
        ]
    if len(chosen) != 1:
        return None
    name, target = chosen[0]
    where = f"the list `{name}`" if name else f"the list at line {target.lineno}"
    said = said_row(text, target, prose)
    if said is not None:
        row, place = said
        indent = indent_of_line(lines[target.elts[0].lineno - 1])
        if lines[row - 1].strip() and not lines[row - 1].rstrip().endswith((",", "[")):
            lines[row - 1] = lines[row - 1].rstrip() + ","
        added = [x for it in items for x in _indented(it, indent)]
        summary = f"added {len(items)} item(s) to {where}, {place}"
        return "\n".join(lines[:row] + added + lines[row:]), [
            TextEdit("insert_line", row + 1, row, summary)
        ]
    summary = f"added {len(items)} item(s) at the end of {where}"
    if target.elts[0].lineno == target.lineno:  # a list on one line: one item a line now
        row = target.lineno - 1
        head = lines[row][: len(lines[row].encode()[: target.col_offset].decode())]
        tail = lines[row].encode()[target.end_col_offset or 0 :].decode()
        indent = indent_of_line(lines[row]) + "    "
        old = [ast.get_source_segment(text, e) or "" for e in target.elts]
        body = [x for item in old + items for x in _indented(item, indent)]
        grown = [*lines[:row], head + "[", *body, indent[:-4] + "]" + tail, *lines[row + 1 :]]
        return "\n".join(grown), [TextEdit("replace_statement", row + 1, row + 1, summary)]
    close = (target.end_lineno or 1) - 1
    indent = indent_of_line(lines[target.elts[0].lineno - 1])
    if lines[close - 1].strip() and not lines[close - 1].rstrip().endswith((",", "[")):
        lines[close - 1] = lines[close - 1].rstrip() + ","
    added = [x for item in items for x in _indented(item, indent)]
    grown = lines[:close] + added + lines[close:]
    return "\n".join(grown), [TextEdit("insert_line", close + 1, close, summary)]


def as_item_of_quoted(text: str, code: str, prose: str) -> str:
    """``code`` as a list item (with its comma) when it is one call and the place the
    prose quotes is an item of one of the script's lists ("insert `layers.Flatten()`
    right after the `keras.Input(shape=(28, 28))` line" in a ``Sequential([...])``)."""
    whole = code.strip()
    if whole.endswith(",") or "\n" in whole:
        return code
    try:
        body = ast.parse(whole).body
    except SyntaxError:
        return code
    if (
        len(body) != 1
        or not isinstance(body[0], ast.Expr)
        or not isinstance(body[0].value, ast.Call)
    ):
        return code
    quoted = {_flat(q).rstrip(",") for q in re.findall(r"`([^`\n]+)`", prose)}
    tree = ast.parse(text)
    items = {
        _flat(ast.get_source_segment(text, e) or "")
        for node in ast.walk(tree)
        if isinstance(node, ast.List)
        for e in node.elts
    }
    return code.rstrip("\n") + ",\n" if quoted & items else code


def _flat(code: str) -> str:
    return re.sub(r"\s+", "", code)


def named_list(lines: list[str], prose: str) -> tuple[int, str, str] | None:
    """A list the prose names ("add this to your `callbacks` list"), written over several
    lines in the script: (0-based line of its closing bracket, its items' indentation,
    its name). Only a name assigned a list literal exactly once counts."""
    try:
        tree = ast.parse("\n".join(lines))
    except SyntaxError:
        return None
    last = introducing(prose)
    for name in re.findall(r"`([A-Za-z_]\w*)`", last):
        spots = [
            n.value
            for n in ast.walk(tree)
            if isinstance(n, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id == name for t in n.targets)
        ]
        if len(spots) != 1 or not isinstance(spots[0], ast.List) or not spots[0].elts:
            continue
        value = spots[0]
        close = (value.end_lineno or 0) - 1
        first = value.elts[0].lineno - 1
        if first == value.lineno - 1 or lines[close].strip() not in ("]", "],", "])", "]),"):
            continue
        return close, indent_of_line(lines[first]), name
    return None


def _multiline_list(node: ast.AST, lines: list[str]) -> bool:
    """A list literal with items, written one per line, its ``]`` on a line of its own."""
    if not isinstance(node, ast.List) or not node.elts:
        return False
    close = (node.end_lineno or 0) - 1
    return node.elts[0].lineno != node.lineno and lines[close].strip() in (
        "]",
        "],",
        "])",
        "]),",
    )


def scoped_list(lines: list[str], prose: str, items: list[str]) -> tuple[int, str, str] | None:
    """The list inside the function or class the prose names ("add this to the list of
    layers in `get_augmenter`"): (0-based line of its ``]``, its items' indentation, the
    name). Only the one list there, or the one whose items call what the new items call
    (``layers.``), counts."""
    try:
        tree = ast.parse("\n".join(lines))
    except SyntaxError:
        return None
    heads = {x.strip().split("(", 1)[0].rsplit(".", 1)[0] for x in items if "(" in x}
    for name in re.findall(r"`([A-Za-z_]\w*)(?:\(\))?`", prose):
        scopes = [
            n
            for n in ast.walk(tree)
            if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
            and n.name == name
        ]
        if len(scopes) != 1:
            continue
        found = [n for n in ast.walk(scopes[0]) if _multiline_list(n, lines)]
        if len(found) > 1 and heads:
            found = [
                n
                for n in found
                if all(
                    isinstance(e, ast.Call) and ast.unparse(e.func).rsplit(".", 1)[0] in heads
                    for e in n.elts  # type: ignore[attr-defined]
                )
            ]
        if len(found) == 1:
            value = found[0]
            assert isinstance(value, ast.List)
            close = (value.end_lineno or 0) - 1
            return close, indent_of_line(lines[value.elts[0].lineno - 1]), name
    return None


def list_items(items: list[str]) -> bool:
    """Lines that are items of a list: each an expression followed by a comma."""
    for x in items:
        if not x.endswith(","):
            return False
        try:
            ast.parse(x.rstrip(","), mode="eval")
        except SyntaxError:
            return False
    return bool(items)
