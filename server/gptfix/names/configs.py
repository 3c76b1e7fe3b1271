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
import functools

from gptfix.index import Binding, ConfigAttr, ScriptIndex, build_index
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
    keyed: set[int] = set()  # ``cfg["model"]``: the name read with a string key
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            if node.value.id in uses:
                uses[node.value.id].append((node, node.attr))
                attribute_heads.add(id(node.value))
        elif (
            isinstance(node, ast.Subscript)
            and isinstance(node.value, ast.Name)
            and node.value.id in uses
            and isinstance(node.slice, ast.Constant)
            and isinstance(node.slice.value, str)
        ):
            uses[node.value.id].append((node.value, node.slice.value))
            attribute_heads.add(id(node.value))
            keyed.add(id(node.value))
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
            if id(node) in keyed:  # only a dict of the script's has string keys
                found = [a for a in found if a.style == "dict" and a.owner]
            written = f"{name}.{key}" if isinstance(node, ast.Attribute) else name
            if len(found) != 1:
                if len(found) > 1:
                    ambiguous.append((written, sorted(a.expr for a in found)))
                plan = []
                break
            plan.append((node, written, found[0]))
        owners = {a.owner for n, _, a in plan if id(n) in keyed}
        if not plan or len(owners) > 1:  # one name read as two dicts: not one of them
            continue
        handled.add(name)
        for node, written, attr in plan:
            col = snip.lines.char_col(node.lineno, node.col_offset)
            expr = attr.owner if id(node) in keyed else attr.expr  # ``cfg`` -> ``config``
            chains[(node.lineno, col, written)] = expr
            if (written, expr) not in {(m[0], m[1]) for m in mappings}:
                why = (
                    f"the script's configuration has {attr.expr} = {attr.value} (line {attr.line})"
                )
                mappings.append((written, expr, why))
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


def misread_chains(
    text: str, sidx: ScriptIndex
) -> tuple[
    dict[tuple[int, int, str], str], list[tuple[str, str, str]], list[tuple[str, str]], list[str]
]:
    """(chain rewrites, (written, script expr, evidence) mappings, (written, closest)
    guesses, unresolved) for the snippet's reads of a configuration attribute the script's
    configuration does not define (``CFG.BATCH_SIZE`` where ``CFG`` has ``batch_size``).

    The snippet is read after the script (the script's index decides which owners are
    configurations and what they define): a read equal to a defined value ignoring case
    and underscores is mapped onto it; one with only a close spelling is a guess; one with
    nothing close is unresolved, like a name nothing binds.
    """
    if sidx.syntax_error is not None or not sidx.config:
        return {}, [], [], []
    chains, mappings, guesses, unresolved = _misreads(text, sidx.text)
    return dict(chains), list(mappings), list(guesses), list(unresolved)


@functools.lru_cache(maxsize=32)
def _misreads(
    text: str, script: str
) -> tuple[
    tuple[tuple[tuple[int, int, str], str], ...],
    tuple[tuple[str, str, str], ...],
    tuple[tuple[str, str], ...],
    tuple[str, ...],
]:
    """:func:`misread_chains` for texts (cached: placement tries one snippet at many lines)."""
    chains: dict[tuple[int, int, str], str] = {}
    mappings: list[tuple[str, str, str]] = []
    guesses: list[tuple[str, str]] = []
    unresolved: list[str] = []
    sidx = build_index(script)
    base = script if script.endswith("\n") or not script else script + "\n"
    offset = base.count("\n")
    merged = build_index(base + text)
    if merged.syntax_error is not None:
        return (), (), (), ()
    defined = {a.expr: a for a in sidx.config}
    for m in merged.config_misreads:
        if m.line <= offset:
            continue  # the script's own reads are `gptfix names`' whole-script report
        close = defined.get(m.close) if m.close else None
        if close is not None and _norm(close.name) == _norm(m.name):
            chains[(m.line - offset, m.col, m.expr)] = close.expr
            why = (
                f"no configuration defines {m.expr}; the script's has "
                f"{close.expr} = {close.value} (line {close.line})"
            )
            if (m.expr, close.expr) not in {(w, e) for w, e, _ in mappings}:
                mappings.append((m.expr, close.expr, why))
        elif m.close:
            guesses.append((m.expr, m.close))
        elif m.expr not in unresolved:
            unresolved.append(m.expr)
    return tuple(chains.items()), tuple(mappings), tuple(guesses), tuple(unresolved)
