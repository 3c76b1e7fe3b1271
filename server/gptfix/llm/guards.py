"""Checks on a patched script before it is handed back: nothing lost, the data flow intact.

Run by the applier on the final text of every answer, whatever kind of block produced it:

- :func:`lost_code` -- every function of the script keeps its ``return`` and every statement
  outside the region an answer edits. A statement removed with nothing in its place is
  only accepted when the answer says so explicitly (the statement appears in a SEARCH
  text, a diff's ``-`` lines or "before" code, or the answer re-pastes the function whole
  without an elision marker); otherwise the elision stood for it and the answer is refused.
- :func:`flow_problem` -- in every function the edit touched, nothing lands after the
  ``return``, no statement appears more often than in the script and the answer together,
  no layer object is applied to its own output again along one path, and no tensor an
  edit creates is overwritten before anything reads it.
- :func:`read_before_bound` -- no statement of the module or of a function reads a name
  before that body first binds it (``labels = labels - 1`` put in place of the line that
  created ``labels``), unless the script already did.
"""

from __future__ import annotations

import ast
import difflib
import re
import textwrap
from collections import Counter
from collections.abc import Iterator

from gptfix.llm.answer import Block, is_elision

_Func = ast.FunctionDef | ast.AsyncFunctionDef


def _functions(tree: ast.AST, prefix: str = "") -> Iterator[tuple[str, _Func]]:
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            name = prefix + node.name
            yield name, node
            yield from _functions(node, name + ".")
        elif isinstance(node, ast.ClassDef):
            yield from _functions(node, prefix + node.name + ".")


def _parse(text: str) -> ast.Module | None:
    try:
        return ast.parse(text)
    except SyntaxError:
        return None


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", text).replace("'", '"')


def _has_return(fn: _Func) -> bool:
    return any(
        isinstance(n, ast.Return) and n.value is not None
        for n in ast.walk(fn)
        if not (n is not fn and isinstance(n, ast.FunctionDef | ast.Lambda))
    )


def lost_code(original: str, new: str, explicit: str, whole_defs: set[str]) -> str | None:
    """A one-line refusal when ``new`` drops code of a function of ``original``.

    ``explicit`` is the answer's text that names code to remove (SEARCH texts, ``-`` lines,
    "before" code); ``whole_defs`` the functions the answer re-pastes whole, no elision.
    """
    old_tree, new_tree = _parse(original), _parse(new)
    if old_tree is None or new_tree is None:
        return None
    new_fns = dict(_functions(new_tree))
    said = _norm(explicit)
    for name, fn in _functions(old_tree):
        after = new_fns.get(name)
        if after is None:
            continue
        if _has_return(fn) and not _has_return(after):
            return f"the patched `{name}` would lose its `return`: refused, nothing changed"
        if name.rsplit(".", 1)[-1] in whole_defs:
            continue
        old_body = [ast.dump(s) for s in fn.body]
        new_body = [ast.dump(s) for s in after.body]
        sm = difflib.SequenceMatcher(a=old_body, b=new_body, autojunk=False)
        for tag, i1, i2, _, _ in sm.get_opcodes():
            if tag != "delete":
                continue
            for stmt in fn.body[i1:i2]:
                if _norm(ast.unparse(stmt).split("\n")[0]) in said:
                    continue
                if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant):
                    return f"the patched `{name}` would lose its docstring"
                line = ast.unparse(stmt).split("\n")[0]
                return (
                    f"the patched `{name}` would lose `{line[:60]}` (line {stmt.lineno}), which "
                    "the answer does not remove explicitly: refused, nothing changed"
                )
    return None


def flow_problem(original: str, new: str, answer_code: str) -> str | None:
    """A one-line refusal when an edited function's data flow is broken (module docstring)."""
    old_tree, new_tree = _parse(original), _parse(new)
    if old_tree is None or new_tree is None:
        return None
    old_fns = dict(_functions(old_tree))
    answer_counts = _answer_counts(answer_code)
    scopes: list[tuple[str, list[ast.stmt], list[ast.stmt] | None]] = [
        ("the script", new_tree.body, old_tree.body)
    ]
    scopes += [
        (f"`{n}`", f.body, old_fns[n].body if n in old_fns else None)
        for n, f in _functions(new_tree)
    ]
    for where, body, old_body in scopes:
        if old_body is not None and [ast.dump(s) for s in body] == [ast.dump(s) for s in old_body]:
            continue  # untouched
        problem = _after_return(where, body, old_body)
        problem = problem or _duplicated(where, body, old_body, answer_counts)
        problem = problem or _reapplied(where, body, old_body)
        problem = problem or _dangling(where, body, old_body)
        if problem:
            return problem
    return None


def _after_return(where: str, body: list[ast.stmt], old: list[ast.stmt] | None) -> str | None:
    """A statement placed after the body's ``return``: it would never run."""
    ends = [i for i, st in enumerate(body) if isinstance(st, ast.Return)]
    if not ends or ends[0] == len(body) - 1:
        return None
    old_ends = [i for i, st in enumerate(old or []) if isinstance(st, ast.Return)]
    if old is not None and old_ends and old_ends[0] < len(old) - 1:
        return None  # the script already had code there
    stmt = body[ends[0] + 1]
    return (
        f"`{ast.unparse(stmt).split(chr(10))[0][:60]}` would land after the `return` of "
        f"{where}, where it never runs: refused, nothing changed"
    )


def _answer_counts(code: str) -> Counter[str]:
    counts: Counter[str] = Counter()
    for chunk in code.split("\n\x00\n"):
        lines = chunk.split("\n")
        if any(x.startswith("@@") for x in lines):  # a diff: the lines it adds
            chunk = "\n".join(x[1:] for x in lines if x.startswith("+") and not x.startswith("+++"))
        tree = _parse(_dedent(chunk))
        if tree is None:
            continue
        chunk_counts = Counter(ast.dump(n) for n in ast.walk(tree) if isinstance(n, ast.Assign))
        for k, v in chunk_counts.items():
            counts[k] = max(counts[k], v)
    return counts


def _dedent(text: str) -> str:
    return textwrap.dedent(text)


def _duplicated(
    where: str, body: list[ast.stmt], old: list[ast.stmt] | None, answer: Counter[str]
) -> str | None:
    """``x1 = backbone(x1)`` more often than the script and the answer together write it,
    or twice in a row where neither has it twice (a second ``Dropout(0.3)`` further down,
    written by the answer, is fine)."""
    dumps = [ast.dump(s) if isinstance(s, ast.Assign) else "" for s in body]
    have = Counter(d for d in dumps if d)
    before = Counter(ast.dump(s) for s in old or [] if isinstance(s, ast.Assign))
    adjacent = {a for a, b in zip(dumps, dumps[1:], strict=False) if a and a == b}
    for dump, n in have.items():
        extra = n > before[dump] + answer[dump]
        if n > 1 and (extra or (dump in adjacent and n > max(before[dump], answer[dump]))):
            stmt = next(s for s in body if ast.dump(s) == dump)
            return (
                f"`{ast.unparse(stmt)[:60]}` would appear twice in {where}: the edit is "
                "placed twice; refused, nothing changed"
            )
    return None


def _layer_calls(body: list[ast.stmt]) -> Iterator[tuple[ast.Assign, str, list[str]]]:
    """``t = layer(u, ...)`` where ``layer`` is a variable: (stmt, layer, tensor names read)."""
    for s in body:
        if isinstance(s, ast.Assign) and isinstance(s.value, ast.Call):
            func = s.value.func
            args = [n.id for a in s.value.args for n in ast.walk(a) if isinstance(n, ast.Name)]
            if isinstance(func, ast.Name):
                yield s, func.id, args
            else:
                yield s, "", args


def _reapplied(where: str, body: list[ast.stmt], old: list[ast.stmt] | None) -> str | None:
    """A layer object applied again to a tensor that already went through it."""
    bad_before = _reapplications(old or [])
    for layer, stmt in _reapplications(body):
        if layer not in {b for b, _ in bad_before}:
            return (
                f"`{ast.unparse(stmt)[:60]}` in {where} applies `{layer}` twice along one "
                "path (to its own output): refused, nothing changed"
            )
    return None


def _reapplications(body: list[ast.stmt]) -> list[tuple[str, ast.Assign]]:
    lineage: dict[str, set[str]] = {}
    objects = {
        t.id
        for s in body
        if isinstance(s, ast.Assign) and isinstance(s.value, ast.Call) and _constructs(s.value)
        for t in s.targets
        if isinstance(t, ast.Name)
    }
    out: list[tuple[str, ast.Assign]] = []
    for s, layer, args in _layer_calls(body):
        seen: set[str] = set()
        for a in args:
            seen |= lineage.get(a, set())
        if layer and layer in objects and args:
            if layer in seen:
                out.append((layer, s))
            seen = seen | {layer}
        for t in s.targets:
            if isinstance(t, ast.Name):
                lineage[t.id] = seen
    return out


def _constructs(call: ast.Call) -> bool:
    """``keras.applications.X(...)``, ``layers.Dense(4)``, ``Dense(4)``: a layer object."""
    func = call.func
    if isinstance(func, ast.Attribute):
        return func.attr[:1].isupper()
    return isinstance(func, ast.Name) and func.id[:1].isupper()


def _dangling(where: str, body: list[ast.stmt], old: list[ast.stmt] | None) -> str | None:
    """A tensor the edit assigns that nothing reads before it is overwritten or the end."""
    old_dead = {(_target(s), _callee(s)) for s in _dead_stores(old or [])}
    for s in _dead_stores(body):
        if (_target(s), _callee(s)) not in old_dead:
            return (
                f"`{ast.unparse(s)[:60]}` in {where} is never used afterwards: the chain "
                "no longer reaches the output; refused, nothing changed"
            )
    return None


def _target(s: ast.Assign) -> str:
    return ast.unparse(s.targets[0])


def _callee(s: ast.Assign) -> str:
    value: ast.expr = s.value
    while isinstance(value, ast.Call):
        value = value.func
    return ast.unparse(value)


def _dead_stores(body: list[ast.stmt]) -> list[ast.Assign]:
    """``x = Layer(...)(x)`` tensors overwritten before any read (straight-line code only)."""
    out: list[ast.Assign] = []
    for i, s in enumerate(body):
        if not (
            isinstance(s, ast.Assign)
            and len(s.targets) == 1
            and isinstance(s.targets[0], ast.Name)
            and isinstance(s.value, ast.Call)
            and isinstance(s.value.func, ast.Call)  # a layer applied to a tensor
        ):
            continue
        name = s.targets[0].id
        for later in body[i + 1 :]:
            reads = any(
                isinstance(n, ast.Name) and n.id == name and isinstance(n.ctx, ast.Load)
                for n in ast.walk(later)
            )
            if reads:
                break
            writes = any(
                isinstance(t, ast.Name) and t.id == name
                for n in ast.walk(later)
                if isinstance(n, ast.Assign)
                for t in n.targets
            )
            if writes:
                out.append(s)
                break
    return out


def explicit_removals(blocks: list[Block]) -> str:
    """Answer text that names code to remove: SEARCH texts, ``-`` lines, "before" code."""
    out: list[str] = []
    for b in blocks:
        if b.search:
            out.append(b.search)
        if b.kind == "diff":
            out += [
                x[1:] for x in b.text.split("\n") if x.startswith("-") and not x.startswith("---")
            ]
    return "\n".join(out)


def whole_defs(blocks: list[Block]) -> set[str]:
    """Functions an applied block re-pastes whole, with no elision marker inside."""
    out: set[str] = set()
    for b in blocks:
        if b.kind not in ("code", "pair"):
            continue
        code = b.replace if b.kind == "pair" and b.replace else b.text
        try:
            tree = ast.parse(textwrap.dedent(code))
        except SyntaxError:
            continue
        lines = textwrap.dedent(code).split("\n")
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                span = lines[node.lineno - 1 : node.end_lineno]
                if not any(is_elision(x) for x in span):
                    out.add(node.name)
    return out


_SCOPES = (ast.Lambda, ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)
_COMPOUND = (ast.If, ast.For, ast.AsyncFor, ast.While, ast.With, ast.AsyncWith, ast.Try)


def read_before_bound(original: str, new: str) -> str | None:
    """A one-line refusal when the patched script reads a name before its body binds it."""
    old_tree, new_tree = _parse(original), _parse(new)
    if old_tree is None or new_tree is None:
        return None
    known = {(where, name) for where, name, _ in _early_reads(old_tree)}
    for where, name, line in _early_reads(new_tree):
        if (where, name) not in known:
            return f"answer reads `{name}` at line {line} of {where} before it is bound there"
    return None


def _early_reads(tree: ast.Module) -> Iterator[tuple[str, str, int]]:
    """(scope, name, line) for reads in a simple statement before the body binds the name."""
    scopes: list[tuple[str, list[ast.stmt], set[str]]] = [("the script", tree.body, set())]
    for name, fn in _functions(tree):
        a = fn.args
        params = {x.arg for x in [*a.posonlyargs, *a.args, *a.kwonlyargs]}
        params |= {x.arg for x in (a.vararg, a.kwarg) if x is not None}
        scopes.append((f"`{name}`", fn.body, params))
    for where, body, bound in scopes:
        per = []
        for st in body:
            loads: dict[str, int] = {}
            stores: set[str] = set()
            _names(st, loads, stores)
            per.append((st, loads, stores))
        declared = {
            n for st in body for x in ast.walk(st) if isinstance(x, ast.Global | ast.Nonlocal)
            for n in x.names
        }  # fmt: skip
        local = set().union(*(stores for _, _, stores in per)) - declared
        seen = set(bound)
        for st, loads, stores in per:
            if not isinstance(st, _COMPOUND):
                for name, line in loads.items():
                    if name in local and name not in seen:
                        yield where, name, line
            seen |= stores


def _names(node: ast.AST, loads: dict[str, int], stores: set[str]) -> None:
    """Names a statement reads and binds in its own scope (nested scopes left out)."""
    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
        stores.add(node.name)
        return
    if isinstance(node, _SCOPES):
        return
    if isinstance(node, ast.Import | ast.ImportFrom):
        stores.update((a.asname or a.name).split(".")[0] for a in node.names)
        return
    if isinstance(node, ast.Name):
        if isinstance(node.ctx, ast.Load):
            loads.setdefault(node.id, node.lineno)
        else:
            stores.add(node.id)
    elif isinstance(node, ast.ExceptHandler) and node.name:
        stores.add(node.name)
    for child in ast.iter_child_nodes(node):
        _names(child, loads, stores)
