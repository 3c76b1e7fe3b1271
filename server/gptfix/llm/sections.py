"""The sections of an LLM context, each rendered from the script's index and the failure.

Bridges :mod:`gptfix.index` (scopes, bindings, statements, Keras facts) and the context
builder: each function returns a section's text and the script lines (1-based) it shows,
skipping lines an earlier section already showed. Code is shown as it is in the script
(already redacted), with ``# ...`` where lines are left out. The names table adds the
types jedi infers (:func:`gptfix.index.infer_names`) when it answers within a deadline.
"""

from __future__ import annotations

import ast
import json
from pathlib import Path
from typing import Any

from gptfix import settings
from gptfix.index import ScriptIndex, infer_names
from gptfix.model import Failure, Script
from gptfix.redact import redact

_MAX_FUNCTION_LINES = 80
_MAX_NAME_ROWS = 60
#: seconds the names table waits for jedi's inferred types before it is sent without them
INFER_DEADLINE = 1.0


def numbered(lines: list[str], numbers: list[int]) -> str:
    """Code lines as a python block; gaps between shown lines are marked."""
    out: list[str] = []
    prev = None
    for n in numbers:
        if prev is not None and n != prev + 1:
            out.append("    # ...")
        out.append(lines[n - 1] if 0 < n <= len(lines) else "")
        prev = n
    first, last = (numbers[0], numbers[-1]) if numbers else (0, 0)
    return f"(script lines {first}-{last})\n```python\n" + "\n".join(out) + "\n```"


def failure_text(failure: Failure | None, lines: list[str], line: int | None) -> str:
    if failure is None:
        return "No failure: the request is about improving the script shown below."
    msg = redact(failure.message.strip()).text
    if len(msg) > 1200:
        msg = msg[:1200] + " ..."
    out = f"{failure.type}: {msg}"
    if line is not None and 0 < line <= len(lines):
        out += f"\nIt fails at line {line}: `{lines[line - 1].strip()}`"
    return out


def _function_span(index: ScriptIndex, line: int) -> tuple[int, int] | None:
    fn = index.enclosing_function(line)
    return (fn.line, fn.end_line) if fn is not None else None


def failing_code(
    index: ScriptIndex, lines: list[str], line: int | None, shown: set[int], whole: bool
) -> tuple[str, list[int]]:
    if whole:
        numbers = list(range(1, len(lines) + (0 if lines and not lines[-1] else 1)))
        return numbered(lines, numbers), numbers
    if line is None:
        return "", []
    first, last = index.statement_at(line)
    span = _function_span(index, line)
    if span is not None and span[1] - span[0] < _MAX_FUNCTION_LINES:
        start, end = span
    else:
        start, end = _snap(index, max(1, first - 12), min(len(lines), last + 12))
    numbers = [n for n in range(start, end + 1) if n not in shown]
    return (numbered(lines, numbers), numbers) if numbers else ("", [])


def _snap(index: ScriptIndex, start: int, end: int) -> tuple[int, int]:
    """Widen a line window so it starts and ends on whole top-level statements."""
    tops = [
        (a, b)
        for a, b, _ in index.statements
        if not any(a2 < a and b <= b2 for a2, b2, _ in index.statements if (a2, b2) != (a, b))
    ]
    for a, b in tops:
        if a < start <= b:
            start = a
        if a <= end < b:
            end = b if b - a < _MAX_FUNCTION_LINES else end
    return start, end


def _short_path(path: str) -> str:
    """A library path from its package folder on (``keras/src/...``)."""
    for marker in ("site-packages/", "dist-packages/"):
        if marker in path:
            return path.split(marker, 1)[1]
    return path


def traceback_text(failure: Failure | None, script: Script) -> str:
    if failure is None or not failure.frames:
        return ""
    out = ["Traceback (most recent call last):"]
    lib: list[str] = []

    def flush(keep_last: bool) -> None:
        if not lib:
            return
        if len(lib) > 1:
            out.append(f"  ... {len(lib) - 1} library frame(s) ...")
        if keep_last or len(lib) == 1:
            out.append(lib[-1])
        lib.clear()

    for frame in failure.frames:
        if frame.is_user:
            flush(False)
            name = script.path.name if frame.local_path else frame.file
            entry = f'  File "{name}", line {frame.line}, in {frame.function}'
            if frame.source:
                entry += f"\n    {frame.source.strip()}"
            out.append(entry)
        else:
            entry = f'  File "{_short_path(frame.file)}", line {frame.line}, in {frame.function}'
            lib.append(entry)
    flush(True)
    out.append(
        f"{failure.type}: {failure.message.strip().splitlines()[0] if failure.message.strip() else ''}"
    )
    for cause in failure.causes:
        out.append(f"(caused by {cause.type}: {cause.message.strip()[:200]})")
    return redact("\n".join(out)).text


def facts_text(failure: Failure | None) -> str:
    if failure is None or not failure.facts:
        return ""
    out = []
    for key, value in failure.facts.items():
        if key == "locals" and isinstance(value, dict):
            for name, desc in list(value.items())[:20]:
                out.append(f"- local `{name}`: {_describe(desc)}")
        else:
            blob = json.dumps(value, ensure_ascii=False, default=str)
            out.append(f"- {key}: {blob[:400]}")
    return redact("\n".join(out)).text


def _describe(desc: Any) -> str:
    if isinstance(desc, dict):
        parts = [str(desc.get(k)) for k in ("type", "shape", "dtype") if desc.get(k) is not None]
        if desc.get("repr") and len(parts) < 2:
            parts.append(str(desc["repr"])[:80])
        return " ".join(parts)
    return str(desc)[:120]


def _stmt_lines(index: ScriptIndex, line: int) -> list[int]:
    """All lines of the top statement starting at ``line`` (whole defs included)."""
    best = (line, line)
    for start, end, _header in index.statements:
        if start == line and end >= best[1]:
            best = (start, end)
    return list(range(best[0], best[1] + 1))


def _innermost_lines(index: ScriptIndex, line: int) -> list[int]:
    """All lines of the smallest statement containing ``line`` (a simple statement)."""
    best: tuple[int, int] | None = None
    for start, end, header in index.statements:
        if (
            start <= line <= end
            and header >= end
            and (best is None or end - start < best[1] - best[0])
        ):
            best = (start, end)
    if best is None:
        first, last = index.statement_at(line)
        best = (first, last)
    return list(range(best[0], best[1] + 1))


def dependencies(
    index: ScriptIndex, lines: list[str], line: int | None, shown: set[int]
) -> tuple[str, list[int]]:
    if line is None:
        return "", []
    numbers: set[int] = set(_self_attributes(index, line, shown))
    for b in index.dependencies(line):
        if b.kind == "import":
            continue
        stmt = _stmt_lines(index, b.stmt_line or b.line)
        if len(stmt) > _MAX_FUNCTION_LINES:
            stmt = stmt[:_MAX_FUNCTION_LINES]
        numbers.update(n for n in stmt if n not in shown)
    nums = sorted(numbers)
    return (numbered(lines, nums), nums) if nums else ("", [])


def _self_attributes(index: ScriptIndex, line: int, shown: set[int]) -> list[int]:
    """Lines that set the ``self.x`` attributes the failing method reads (in its class)."""
    fn = index.enclosing_function(line)
    if fn is None or fn.parent is None or index.scopes[fn.parent].kind != "class":
        return []
    cls = index.scopes[fn.parent]
    try:
        tree = ast.parse(index.text)
    except SyntaxError:
        return []
    read: set[str] = set()
    setters: dict[str, list[int]] = {}
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)):
            continue
        if node.value.id != "self" or not cls.line <= node.lineno <= cls.end_line:
            continue
        if isinstance(node.ctx, ast.Store):
            setters.setdefault(node.attr, []).append(node.lineno)
        elif fn.line <= node.lineno <= fn.end_line:
            read.add(node.attr)
    out: list[int] = []
    for attr in sorted(read):
        for start in setters.get(attr, []):
            out.extend(n for n in _innermost_lines(index, start) if n not in shown)
    return out


def config_lines(index: ScriptIndex, lines: list[str], shown: set[int]) -> tuple[str, list[int]]:
    nums = sorted({c.line for c in index.config if c.line not in shown})
    return (numbered(lines, nums), nums) if nums else ("", [])


def model_code(index: ScriptIndex, lines: list[str], shown: set[int]) -> tuple[str, list[int]]:
    k = index.keras
    starts = [m.line for m in k.models] + [b.line for b in k.backbones] + [s.line for s in k.heads]
    starts += [c.line for c in k.compile] + [f.line for f in k.fit] + [i.line for i in k.inputs]
    starts += [a.line for a in k.augmentations]
    for br in k.branches:
        starts += [s.line for s in br.steps]
    numbers: set[int] = set()
    for start in starts:
        numbers.update(n for n in _innermost_lines(index, start) if n not in shown)
    nums = sorted(numbers)
    return (numbered(lines, nums), nums) if nums else ("", [])


def imports_code(index: ScriptIndex, lines: list[str], shown: set[int]) -> tuple[str, list[int]]:
    nums = sorted({n.line for n in index.imports.names if n.scope == 0 and n.line not in shown})
    nums = [n for ln in nums for n in _stmt_lines(index, ln)]
    nums = sorted(set(nums) - shown)
    return (numbered(lines, nums), nums) if nums else ("", [])


def names_table(
    index: ScriptIndex,
    line: int | None,
    shown: set[int],
    *,
    infer_deadline: float | None = None,
) -> str:
    """Names visible at the failing line whose definitions are not shown above.

    When jedi infers the values' types within ``infer_deadline`` seconds (reading the
    packages of the script's configured interpreter), a "type" column says what each name
    holds (``keras.src.models.model.Model``); otherwise the table is sent without it.
    ``infer_deadline`` defaults to :data:`INFER_DEADLINE`; 0 turns inference off.
    """
    if line is None:
        return ""
    rows: list[tuple[str, str, str, int]] = []
    literal: set[str] = set()  #: names holding a literal: their value says their type
    for name, b in sorted(index.names_in_scope(line).items()):
        if (
            b.kind in ("import", "def", "class")
            or (b.stmt_line or b.line) in shown
            or b.line in shown
        ):
            continue
        what = b.value or b.value_kind or b.kind
        rows.append((name, b.kind, str(what)[:60], b.line))
        if b.value_kind == "constant":
            literal.add(name)
    rows = rows[:_MAX_NAME_ROWS]
    if not rows:
        return ""
    deadline = INFER_DEADLINE if infer_deadline is None else infer_deadline
    types = _inferred_types(index, line, [r[0] for r in rows if r[0] not in literal], deadline)
    if not types:
        body = [f"| `{n}` | {kind} | {what} | {at} |" for n, kind, what, at in rows]
        return "| name | kind | holds | line |\n|---|---|---|---|\n" + "\n".join(body)
    body = [
        f"| `{n}` | {kind} | {what} | {types.get(n, '')} | {at} |" for n, kind, what, at in rows
    ]
    return "| name | kind | holds | type | line |\n|---|---|---|---|---|\n" + "\n".join(body)


def _inferred_types(
    index: ScriptIndex, line: int, names: list[str], deadline: float
) -> dict[str, str]:
    """name -> inferred type, for those jedi answered within ``deadline`` (else ``{}``)."""
    if deadline <= 0 or index.syntax_error is not None:
        return {}
    python = None
    if index.path:
        try:
            python = settings.load(Path(index.path).parent).interpreter
        except (OSError, ValueError):
            python = None
    found = infer_names(index.text, index.path, line, names, python=python, deadline=deadline)
    return {
        name: t.type_name[:80]
        for name, t in found.items()
        if t.kind in ("instance", "class", "function") and _trusted(t.type_name)
    }


#: scalar types jedi reports for arithmetic on arrays (numpy's stubs): often wrong, and a
#: name holding a literal scalar is already described by its value
_SCALARS = frozenset({"builtins.int", "builtins.float", "builtins.bool", "builtins.complex"})


def _trusted(type_name: str) -> bool:
    """Worth showing: one type (a union means jedi is unsure), not a bare scalar."""
    return " | " not in type_name and type_name not in _SCALARS
