"""Top-level statements an answer moved into a new function and a loop that calls it.

Bridges a patched script and what answers such as "wrap the model in a function and loop
over folds instead of the single ``model.fit``" mean. When the answer adds a function
(``def build_model():``) whose body holds statements the script had at the top level
(``model = keras.Sequential(...)``, ``model.compile(...)``), those statements moved: they
leave the top level. When it also adds a loop that calls that function and makes the call
a top-level statement of the script made (``model.fit(...)`` inside ``for fold in ...:``),
the loop takes that statement's place: the single call goes. Nothing happens unless both
hold -- a function that repeats a line of the script is otherwise only a new function --
or unless the answer binds the function's result where the script built the value
(``model = build_model()`` for ``model = Sequential()``): the moved statements that
built it (``model.add(...)``) go.
"""

from __future__ import annotations

import ast


def _call_key(node: ast.stmt) -> str | None:
    """``model.fit`` for a statement that is (or assigns) a method call on a name."""
    value = node.value if isinstance(node, ast.Expr | ast.Assign) else None
    if isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute):
        if isinstance(value.func.value, ast.Name):
            return f"{value.func.value.id}.{value.func.attr}"
    return None


def _signature(node: ast.stmt) -> str | None:
    """What a statement sets or calls, so a rewritten copy is recognised: the targets and
    the callee of an assignment (``model = keras.Sequential``), a method call's key."""
    if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call):
        targets = " ".join(ast.unparse(t) for t in node.targets)
        return f"{targets} = {ast.unparse(node.value.func)}"
    key = _call_key(node)
    return f"() {key}" if key else None


def superseded(before: str, after: str) -> tuple[str, list[str]]:
    """``after`` without the top-level statements the answer moved into its new function
    or replaced by its loop (see the module doc), and their first lines."""
    try:
        old, new = ast.parse(before), ast.parse(after)
    except SyntaxError:
        return after, []
    old_dumps = {ast.dump(s) for s in old.body}
    old_defs = {s.name for s in old.body if isinstance(s, ast.FunctionDef | ast.ClassDef)}
    defs = [s for s in new.body if isinstance(s, ast.FunctionDef) and s.name not in old_defs]
    inside = {ast.dump(s) for d in defs for s in d.body}
    signed = {_signature(s) for d in defs for s in d.body} - {None}
    mine = [s for s in new.body if ast.dump(s) in old_dumps]
    # the script's statements as written, or as the answer rewrote them inside the function
    # (``model.compile(...)`` with another loss)
    moved = [
        s
        for s in new.body
        if not isinstance(s, ast.Import | ast.ImportFrom | ast.FunctionDef | ast.ClassDef)
        and not isinstance(s, ast.For | ast.While)
        and (ast.dump(s) in inside or (s in mine and _signature(s) in signed))
    ]
    if not moved:
        return after, []
    names = {d.name for d in defs}
    by_call = _made_by_call(new, names, old_dumps, moved)
    if by_call:
        return _without(after, by_call)
    loops = [
        s
        for s in new.body
        if isinstance(s, ast.For | ast.While)
        and ast.dump(s) not in old_dumps
        and any(
            isinstance(c, ast.Call) and isinstance(c.func, ast.Name) and c.func.id in names
            for c in ast.walk(s)
        )
    ]
    if not loops:
        return after, []
    in_loops = {_call_key(x) for loop in loops for x in ast.walk(loop) if isinstance(x, ast.stmt)}
    first_loop = min(loop.lineno for loop in loops)
    replaced = [
        s
        for s in mine
        if s not in moved
        and s.lineno < first_loop
        and (key := _call_key(s)) is not None
        and key in in_loops
        and key.split(".")[0]
        in {t.id for m in moved for t in ast.walk(m) if isinstance(t, ast.Name)}
    ]
    if not replaced:
        return after, []
    return _without(after, [*moved, *replaced])


def _made_by_call(
    new: ast.Module, names: set[str], old_dumps: set[str], moved: list[ast.stmt]
) -> list[ast.stmt]:
    """Moved statements that build a value the answer now gets from its new function:
    ``model = build_model()`` written where ``model = Sequential()`` was, with the
    script's ``model.add(...)`` / ``model.compile(...)`` after it moved into the function
    (left there, they would add the layers a second time)."""
    made: dict[str, int] = {}
    for s in new.body:
        if (
            isinstance(s, ast.Assign)
            and isinstance(s.value, ast.Call)
            and isinstance(s.value.func, ast.Name)
            and s.value.func.id in names
            and ast.dump(s) not in old_dumps
        ):
            for t in s.targets:
                if isinstance(t, ast.Name):
                    made.setdefault(t.id, s.lineno)
    out = []
    for s in moved:
        key = _call_key(s)
        receiver = key.split(".")[0] if key else None
        if receiver in made and s.lineno > made[receiver]:
            out.append(s)
    return out


def _without(after: str, gone: list[ast.stmt]) -> tuple[str, list[str]]:
    lines = after.split("\n")
    removed = []
    for s in sorted(gone, key=lambda s: s.lineno, reverse=True):
        removed.append(lines[s.lineno - 1].strip())
        del lines[s.lineno - 1 : s.end_lineno or s.lineno]
    return "\n".join(lines), removed


def moved_into_helper(before: str, after: str) -> tuple[str, list[str]]:
    """``after`` without the statements of a script function that the answer moved into a
    new function it calls from there: "wrap the threshold part in a function" with the
    new ``def evaluate_thresholds(...)`` and the end of ``main()`` re-pasted to call it,
    where ``main()`` still holds the lines now in the helper. At least two statements,
    as written, and at least half the helper's body; their first lines are returned."""
    try:
        old, new = ast.parse(before), ast.parse(after)
    except SyntaxError:
        return after, []
    old_defs = {s.name: s for s in ast.walk(old) if isinstance(s, ast.FunctionDef)}
    helpers = {
        s.name: s for s in new.body if isinstance(s, ast.FunctionDef) and s.name not in old_defs
    }
    gone: list[ast.stmt] = []
    for fn in (s for s in ast.walk(new) if isinstance(s, ast.FunctionDef)):
        if fn.name not in old_defs:
            continue
        had = {ast.dump(s) for s in old_defs[fn.name].body}
        called = {
            c.func.id
            for c in ast.walk(fn)
            if isinstance(c, ast.Call) and isinstance(c.func, ast.Name) and c.func.id in helpers
        }
        for name in called:
            body = {ast.dump(s) for s in helpers[name].body}
            moved = [s for s in fn.body if ast.dump(s) in body and ast.dump(s) in had]
            if len(moved) >= 2 and 2 * len(moved) >= len(helpers[name].body):
                gone += [s for s in moved if s not in gone]
    if not gone:
        return after, []
    return _without(after, gone)
