"""Text edits the operators make, located by ``ast`` nodes of the current text.

Bridges the program model's facts (nodes, lines) and a patched text: replace a node's
source, add a keyword argument to a call, insert a statement after another at its
indentation. Columns from ``ast`` are UTF-8 byte offsets; they are converted here. The
caller checks that the result parses (:meth:`RuleContext.fix` drops one that does not).
"""

from __future__ import annotations

import ast

from gptfix.index.provenance import last_name


def text_offset(text: str, line: int, byte_col: int) -> int:
    """Character offset in ``text`` of (1-based line, UTF-8 byte column)."""
    return _offset(text.splitlines(keepends=True), line, byte_col)


def _offset(lines: list[str], line: int, byte_col: int) -> int:
    """Character offset in the joined text of (1-based line, byte column)."""
    before = sum(len(x) for x in lines[: line - 1])
    text = lines[line - 1] if line - 1 < len(lines) else ""
    chars = len(text.encode("utf-8")[:byte_col].decode("utf-8", errors="replace"))
    return before + chars


def replace_node(text: str, node: ast.AST, new: str) -> str:
    """``text`` with the source of ``node`` replaced by ``new``."""
    lines = text.splitlines(keepends=True)
    start = _offset(lines, node.lineno, node.col_offset)  # type: ignore[attr-defined]
    end = _offset(lines, node.end_lineno or node.lineno, node.end_col_offset or 0)  # type: ignore[attr-defined]
    return text[:start] + new + text[end:]


def replace_span(text: str, first: ast.AST, last: ast.AST, new: str) -> str:
    """``text`` with the source from ``first``'s start to ``last``'s end replaced."""
    lines = text.splitlines(keepends=True)
    start = _offset(lines, first.lineno, first.col_offset)  # type: ignore[attr-defined]
    end = _offset(lines, last.end_lineno or last.lineno, last.end_col_offset or 0)  # type: ignore[attr-defined]
    return text[:start] + new + text[end:]


def segment(text: str, node: ast.AST) -> str:
    return ast.get_source_segment(text, node) or ""


def add_kwarg(text: str, call: ast.Call, name: str, value: str) -> str:
    """``text`` with ``name=value`` added to (or replacing the value in) ``call``."""
    for kw in call.keywords:
        if kw.arg == name:
            return replace_node(text, kw.value, value)
    lines = text.splitlines(keepends=True)
    end = _offset(lines, call.end_lineno or call.lineno, (call.end_col_offset or 1) - 1)
    head = text[:end].rstrip()
    sep = "" if head.endswith("(") else (" " if head.endswith(",") else ", ")
    return head + f"{sep}{name}={value}" + text[end:]


def drop_kwarg(text: str, call: ast.Call, name: str) -> str:
    """``text`` without the ``name=`` argument of ``call``."""
    seg = segment(text, call)
    kws = [k for k in call.keywords if k.arg == name]
    if not kws or not seg:
        return text
    new_call = ast.Call(
        func=call.func, args=call.args, keywords=[k for k in call.keywords if k.arg != name]
    )
    rebuilt = ast.unparse(new_call)
    return replace_node(text, call, rebuilt)


def insert_after(text: str, stmt: ast.stmt, code: str) -> str:
    """``text`` with the one-line statement ``code`` after ``stmt``, at its indentation."""
    lines = text.splitlines(keepends=True)
    first = lines[stmt.lineno - 1]
    indent = first[: len(first) - len(first.lstrip())]
    at = stmt.end_lineno or stmt.lineno
    newline = "\n" if not lines[at - 1].endswith("\n") else ""
    return "".join(lines[:at]) + newline + f"{indent}{code}\n" + "".join(lines[at:])


def assignment_of(tree: ast.Module, name: str, before: int) -> ast.Assign | None:
    """The last plain ``name = <expr>`` before line ``before``."""
    found: ast.Assign | None = None
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Assign)
            and node.lineno < before
            and len(node.targets) == 1
            and isinstance(node.targets[0], ast.Name)
            and node.targets[0].id == name
            and (found is None or node.lineno > found.lineno)
        ):
            found = node
    return found


def statement_at(tree: ast.Module, line: int) -> ast.stmt | None:
    """The innermost simple statement starting at ``line``."""
    best: ast.stmt | None = None
    for node in ast.walk(tree):
        if isinstance(node, ast.stmt) and node.lineno == line:
            if not isinstance(node, ast.FunctionDef | ast.ClassDef | ast.If | ast.For | ast.While):
                best = node
    return best


def calls_on_line(tree: ast.Module, first: int, last: int) -> list[ast.Call]:
    return [n for n in ast.walk(tree) if isinstance(n, ast.Call) and first <= n.lineno <= last]


_FEEDS = ("fit", "evaluate", "predict", "train_on_batch", "fit_generator")


def feed_calls(tree: ast.Module) -> list[ast.Call]:
    return [
        n
        for n in ast.walk(tree)
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr in _FEEDS
    ]


def x_arg(call: ast.Call) -> ast.expr | None:
    for kw in call.keywords:
        if kw.arg == "x":
            return kw.value
    return call.args[0] if call.args else None


__all__ = [
    "add_kwarg",
    "assignment_of",
    "calls_on_line",
    "drop_kwarg",
    "feed_calls",
    "insert_after",
    "last_name",
    "replace_node",
    "replace_span",
    "segment",
    "statement_at",
    "x_arg",
]


def y_args(call: ast.Call) -> list[ast.expr]:
    """The label arrays a feed call passes: ``y`` and the validation tuple's labels."""
    out: list[ast.expr] = []
    y = next((k.value for k in call.keywords if k.arg == "y"), None)
    if y is None and len(call.args) > 1:
        y = call.args[1]
    if y is not None:
        out.append(y)
    val = next((k.value for k in call.keywords if k.arg == "validation_data"), None)
    if isinstance(val, ast.Tuple | ast.List) and len(val.elts) >= 2:
        out.append(val.elts[1])
    return out


def layer_holder(tree: ast.Module, layer: ast.Call) -> tuple[str, ast.AST] | None:
    """Where a layer call sits in the model: ``("add", <the model.add statement>)``,
    ``("item", <the list it is an item of>)`` or ``("chain", <x = Layer(...)(x)>)``."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):
            outer = node.value
            if (
                isinstance(outer.func, ast.Attribute)
                and outer.func.attr == "add"
                and outer.args
                and outer.args[0] is layer
            ):
                return "add", node
        if isinstance(node, ast.List) and any(e is layer for e in node.elts):
            return "item", node
        if (
            isinstance(node, ast.Assign)
            and len(node.targets) == 1
            and isinstance(node.targets[0], ast.Name)
            and isinstance(node.value, ast.Call)
            and node.value.func is layer
        ):
            return "chain", node
    return None


def apply_edits(text: str, edits: list[tuple[int, int, str]]) -> str:
    """``text`` with each (start, end, new) character range replaced; ranges must not
    overlap (insertions at one offset land in the order given, reversed)."""
    for a, b, s in sorted(edits, key=lambda e: e[0], reverse=True):
        text = text[:a] + s + text[b:]
    return text
