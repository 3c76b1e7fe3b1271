"""Bridges a snippet's configuration reads and the script's: ``CFG.batch_size`` vs ``BATCH_SIZE``.

Chat answers invent their own configuration spelling: ``CFG.batch_size`` in a script that
has ``BATCH_SIZE = 32``, ``BATCH_SIZE`` in one with ``class CFG``, ``config.lr`` where the
script has ``args.lr``. A snippet read whose owner (or bare name) the script does not
have is mapped onto the script's one configuration value of the same name (compared
without case and underscores); several candidates are reported as ambiguous. A read of
the script's own configuration object under an attribute it does not define
(``CFG.LR`` where ``class CFG`` has ``lr``) becomes the one attribute of that object
spelled the same way but for case and underscores.
"""

from __future__ import annotations

import ast

from gptfix.index import Binding, ConfigAttr, ScriptIndex
from gptfix.index.config import open_owners
from gptfix.index.imports import CONVENTIONAL


def _norm(name: str) -> str:
    return name.replace("_", "").lower()


def _matches(sidx: ScriptIndex, name: str) -> list[ConfigAttr]:
    found: dict[str, ConfigAttr] = {}
    for attr in sidx.config:
        if _norm(attr.name) == _norm(name):
            found.setdefault(attr.expr, attr)
    return list(found.values())


def config_chains(
    snip: ScriptIndex,
    tree: ast.Module,
    sidx: ScriptIndex,
    free: list[str],
    visible: dict[str, Binding],
) -> tuple[
    dict[tuple[int, int, str], str],
    list[tuple[str, str, str]],
    list[tuple[str, list[str]]],
    set[str],
]:
    """(chain rewrites, (written, script expr, evidence) mappings, ambiguous (written,
    candidates), free names fully handled) for the snippet's configuration reads."""
    chains: dict[tuple[int, int, str], str] = {}
    mappings: list[tuple[str, str, str]] = []
    ambiguous: list[tuple[str, list[str]]] = []
    if not sidx.config:
        return chains, mappings, ambiguous, set()
    _respell_own(tree, sidx, [n for n in free if n in visible], chains, mappings, ambiguous, snip)
    candidates = [n for n in free if n not in visible and n not in CONVENTIONAL]
    if not candidates:
        return chains, mappings, ambiguous, set()
    uses: dict[str, list[tuple[ast.expr, str]]] = {n: [] for n in candidates}
    other: set[str] = set()
    attribute_heads: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            if node.value.id in uses:
                uses[node.value.id].append((node, node.attr))
                attribute_heads.add(id(node.value))
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and node.id in uses and id(node) not in attribute_heads:
            if node.id.isupper() or "_" in node.id:
                uses[node.id].append((node, node.id))
            else:
                other.add(node.id)
    handled: set[str] = set()
    for name, reads in uses.items():
        if not reads or name in other:
            continue
        plan: list[tuple[ast.expr, str, ConfigAttr]] = []
        for node, key in reads:
            found = _matches(sidx, key)
            written = f"{name}.{key}" if isinstance(node, ast.Attribute) else name
            if len(found) != 1:
                if len(found) > 1:
                    ambiguous.append((written, sorted(a.expr for a in found)))
                plan = []
                break
            plan.append((node, written, found[0]))
        if not plan:
            continue
        handled.add(name)
        for node, written, attr in plan:
            col = snip.lines.char_col(node.lineno, node.col_offset)
            chains[(node.lineno, col, written)] = attr.expr
            if (written, attr.expr) not in {(m[0], m[1]) for m in mappings}:
                why = (
                    f"the script's configuration has {attr.expr} = {attr.value} (line {attr.line})"
                )
                mappings.append((written, attr.expr, why))
    return chains, mappings, ambiguous, handled


def _respell_own(
    tree: ast.Module,
    sidx: ScriptIndex,
    owners: list[str],
    chains: dict[tuple[int, int, str], str],
    mappings: list[tuple[str, str, str]],
    ambiguous: list[tuple[str, list[str]]],
    snip: ScriptIndex,
) -> None:
    """``CFG.LR`` read from the script's own ``CFG``, which defines ``lr`` and no ``LR``:
    the one attribute of that object spelled alike (case and underscores aside)."""
    try:
        script_tree = ast.parse(sidx.lines.text)
    except SyntaxError:
        return
    closed = set(owners) - open_owners(script_tree, set(owners))  # setattr, update: left alone
    for node in ast.walk(tree):
        if not (
            isinstance(node, ast.Attribute)
            and isinstance(node.ctx, ast.Load)
            and isinstance(node.value, ast.Name)
            and node.value.id in closed
        ):
            continue
        attrs = [a for a in sidx.config if a.owner == node.value.id and a.style != "dict"]
        if not attrs or any(a.name == node.attr for a in attrs):
            continue
        found = {a.expr: a for a in attrs if _norm(a.name) == _norm(node.attr)}
        written = f"{node.value.id}.{node.attr}"
        if len(found) > 1:
            ambiguous.append((written, sorted(found)))
            continue
        if not found:
            continue
        attr = next(iter(found.values()))
        col = snip.lines.char_col(node.lineno, node.col_offset)
        chains[(node.lineno, col, written)] = attr.expr
        if (written, attr.expr) not in {(m[0], m[1]) for m in mappings}:
            why = f"the script's configuration has {attr.expr} = {attr.value} (line {attr.line})"
            mappings.append((written, attr.expr, why))
