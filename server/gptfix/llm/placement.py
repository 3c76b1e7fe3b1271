"""Where a Python block from an answer goes when it is a slice, not a whole file.

Bridges the statement model (:mod:`gptfix.llm.stmts`) and the applier: the script body a
slice belongs to (the one most of its statements match, ties broken by shared inner
statements), new imports and new top-level functions (placed by the imports, and before
their first use), locals a rewritten function renamed, a line quoted in the prose as the
anchor, a lone statement that clearly rewrites one script statement, new transformations
(``y = f(y)``) placed after the value they transform, and the check that refuses a generic
example unrelated to the script.
"""

from __future__ import annotations

import ast
import builtins
import difflib
import re

from gptfix.index import build_index
from gptfix.llm.answer import Block
from gptfix.llm.merge import Merger
from gptfix.llm.patches import Refused, TextEdit, prose_anchor, short
from gptfix.llm.prose_place import place_from_prose
from gptfix.llm.renames import local_renames, rename_names
from gptfix.llm.result import ApplyResult, NameChange
from gptfix.llm.stmts import (
    COMPOUND,
    Stmt,
    all_bodies,
    assigned_names,
    callee,
    make_stmts,
    rebinds_itself,
)

_MODEL_BUILDING = re.compile(
    r"Sequential\(|\bModel\(|applications\.|keras_cv\.models|keras_hub\.models"
)


def rename_locals(
    tree: ast.Module, lines: list[str], btree: ast.Module, blines: list[str], result: ApplyResult
) -> tuple[ast.Module, list[str]]:
    """Map locals a rewritten function renamed back to the script's (``base_model``)."""
    defs: dict[str, list[ast.AST]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            defs.setdefault(node.name, []).append(node)
    mapping: dict[str, str] = {}
    for node in btree.body:
        if (
            isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
            and len(defs.get(node.name, [])) == 1
        ):
            for new, (old, why) in local_renames(defs[node.name][0], node).items():
                mapping[new] = old
                result.names.append(NameChange(new, old, why))
    if not mapping:
        return btree, blines
    code = rename_names("\n".join(blines), mapping)
    return ast.parse(code), code.split("\n")


def import_op(
    n: Stmt,
    top: list[Stmt],
    lines: list[str],
    blines: list[str],
    result: ApplyResult,
    used: set[str],
) -> list[tuple[int, int, list[str]]]:
    """A new import from the answer, at the end of the script's imports; skipped when the
    script already binds its names or the answer's code (in the script's names) no longer
    uses it."""
    if any(o.dump == n.dump for o in top):
        return []
    bound = {a.asname or a.name.split(".")[0] for a in n.node.names}  # type: ignore[attr-defined]
    have = bound_names(ast.parse("\n".join(lines)))
    only_imports = not used
    if bound <= have or not (bound & used or only_imports):
        return []
    imports = [o for o in top if o.is_import]
    at = imports[-1].end if imports else 0
    result.edits.append(TextEdit("insert_import", at + 1, at, f"added `{short(blines[n.start])}`"))
    return [(at, at, blines[n.start : n.end])]


def home_body(
    tree: ast.Module, lines: list[str], rest: list[Stmt], blines: list[str]
) -> list[Stmt] | None:
    """The script body the slice belongs to: the one most of its statements match."""
    scored = []
    for body in all_bodies(tree, lines):
        dumps = {o.dump for o in body}
        keys = {o.key for o in body if o.key} | {o.alt for o in body if o.alt}
        exact = sum(1 for n in rest if not n.marker and n.dump in dumps)
        keyed = sum(1 for n in rest if not n.marker and n.dump not in dumps and n.key in keys)
        if exact or keyed:
            scored.append((2 * exact + keyed, exact, body))
    if not scored:
        return None
    scored.sort(key=lambda t: (t[0], t[1]), reverse=True)
    best = scored[0]
    ties = [s for s in scored if s[0] == best[0] and s[1] == best[1]]
    if len(ties) > 1:
        # the statement's role: the body where a same-key statement also makes the same
        # call (``x = layers.Reshape(...)(x)`` belongs where a Reshape is, not with every x)
        roles = sorted(
            ((_same_calls(body, rest), body) for _, _, body in ties),
            key=lambda t: t[0],
            reverse=True,
        )
        if roles[0][0] > roles[1][0]:
            return roles[0][1]
        overlaps = [(_overlap(body, rest), body) for _, _, body in ties]
        overlaps.sort(key=lambda t: t[0], reverse=True)
        if overlaps[0][0] > overlaps[1][0]:
            return overlaps[0][1]
        n = next(n for n in rest if not n.marker)
        where = sorted(
            o.start + 1
            for _, _, body in ties
            for o in body
            if o.dump == n.dump or (n.key and o.key == n.key)
        )
        raise Refused(
            f"ambiguous anchor: `{short(blines[n.start])}` matches lines "
            + " and ".join(str(w) for w in where[:4])
        )
    return best[2]


def similar_statement(tree: ast.Module, lines: list[str], n: Stmt) -> tuple[list[Stmt], int] | None:
    """The one script statement a lone answer statement clearly rewrites (``fit_generator``)."""
    if n.is_def or n.is_import or n.new_mark:
        return None
    want = (
        ast.unparse(n.node.value)
        if isinstance(n.node, ast.Expr | ast.Assign)
        else ast.unparse(n.node)
    )
    scored = []
    for body in all_bodies(tree, lines):
        for k, o in enumerate(body):
            if isinstance(o.node, ast.Assign | ast.Expr) and type(n.node) in (
                ast.Expr,
                type(o.node),
            ):
                have = ast.unparse(o.node.value)
                ratio = difflib.SequenceMatcher(a=want, b=have, autojunk=False).ratio()
                scored.append((ratio, body, k))
    scored.sort(key=lambda t: t[0], reverse=True)
    if not scored or scored[0][0] < 0.75:
        return None
    if len(scored) > 1 and scored[1][0] > scored[0][0] - 0.1:
        return None
    return scored[0][1], scored[0][2]


def _closest(cands: list[Stmt], n: Stmt) -> Stmt:
    """The candidate most like ``n`` (same key: its role), by text."""
    text = ast.unparse(n.node)
    return max(cands, key=lambda o: difflib.SequenceMatcher(a=ast.unparse(o.node), b=text).ratio())


def _same_calls(body: list[Stmt], rest: list[Stmt]) -> int:
    """Statements of a slice with a same-key statement in ``body`` that calls the same."""
    return sum(
        1
        for n in rest
        if n.key
        and any(o.key == n.key and callee(o.node) == callee(n.node) is not None for o in body)
    )


def _overlap(body: list[Stmt], rest: list[Stmt]) -> int:
    """Inner statements a slice shares with the same-key statements of a body."""
    total = 0
    for n in rest:
        for o in body:
            if n.key and o.key == n.key:
                inner_n = {ast.dump(x) for x in ast.walk(n.node) if isinstance(x, ast.stmt)}
                inner_o = {ast.dump(x) for x in ast.walk(o.node) if isinstance(x, ast.stmt)}
                total += len(inner_n & inner_o)
    return total


def check_related(
    home: list[Stmt],
    rest: list[Stmt],
    blines: list[str],
    text: str,
    answer_defs: set[str] | frozenset[str] = frozenset(),
) -> None:
    """Refuse a generic example instead of letting it replace the script's code.

    Two signs, either enough: (1) it rewrites the script's statements into unlike ones and
    reads names the script does not have (``x_train`` in a script without it), with at
    most boilerplate identical; (2) it builds a model unlike the script's and drops the
    script's own names those statements used (``NUM_CLASSES`` becomes ``10``).
    """
    dumps = {o.dump for o in home}
    real = [n for n in rest if not n.marker]
    exact = [n for n in real if n.dump in dumps]
    pairs = [
        (_closest([o for o in home if n.key in (o.key, o.alt)], n), n)
        for n in real
        if n.dump not in dumps and n.key and any(n.key in (o.key, o.alt) for o in home)
    ]
    sims = [
        difflib.SequenceMatcher(a=ast.unparse(o.node), b=ast.unparse(n.node)).ratio()
        for o, n in pairs
    ]
    low = not sims or sum(sims) / len(sims) < 0.5
    block = "\n".join(blines)
    builds_model = bool(_MODEL_BUILDING.search(block))
    what = "defines an unrelated model" if builds_model else "is unrelated code"
    refusal = f"answer {what}: no statement of it matches the script"
    models = [
        (o, n, sim)
        for (o, n), sim in zip(pairs, sims, strict=True)
        if not isinstance(n.node, COMPOUND) and _MODEL_BUILDING.search(ast.unparse(n.node))
    ]
    if models:
        simple = [(o, n) for o, n in pairs if not isinstance(n.node, COMPOUND)]
        lost = _read_names([o for o, _ in simple]) - _read_names(real)
        lost -= {o.key.partition(" ")[2] for o, _ in simple if o.key}
        if min(sim for _, _, sim in models) < 0.6 and lost & bound_names(ast.parse(text)):
            raise Refused(refusal)
        config = {c.expr for c in build_index(text).config}
        dropped = sorted(lost & config)
        if dropped and min(sim for _, _, sim in models) < 0.8:
            raise Refused(refusal)
        if dropped:
            raise Refused(
                f"answer rewrites the script's code without its own names "
                f"{', '.join(dropped[:4])}: a generic example, not a fix for this script"
            )
    script_names = bound_names(ast.parse(text))
    reads = {
        x.id
        for n in real
        for x in ast.walk(n.node)
        if isinstance(x, ast.Name) and isinstance(x.ctx, ast.Load)
    }
    if not exact and low and not (reads & script_names) and not any(o.is_def for o, _ in pairs):
        raise Refused(refusal)  # rewrites unlike statements and touches none of the script's values
    if len(real) < 3:
        return
    foreign = _free_names(real) - bound_names(ast.parse(text)) - set(dir(builtins)) - answer_defs
    if exact and not (foreign and low and len(exact) * 3 <= len(real)):
        return
    if foreign or low:
        raise Refused(refusal)


def _read_names(stmts: list[Stmt]) -> set[str]:
    """Names and ``CFG.attr`` reads of statements."""
    out: set[str] = set()
    for s in stmts:
        for n in ast.walk(s.node):
            if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load):
                out.add(n.id)
            elif isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name):
                out.add(f"{n.value.id}.{n.attr}")
    return out


def _free_names(stmts: list[Stmt]) -> set[str]:
    module = ast.Module(body=[s.node for s in stmts], type_ignores=[])
    loaded = {
        n.id for n in ast.walk(module) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)
    }
    return loaded - bound_names(module)


def bound_names(tree: ast.AST) -> set[str]:
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store | ast.Del):
            out.add(node.id)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            out.add(node.name)
        elif isinstance(node, ast.arg):
            out.add(node.arg)
        elif isinstance(node, ast.alias):
            out.add(node.asname or node.name.split(".")[0])
        elif isinstance(node, ast.ExceptHandler) and node.name:
            out.add(node.name)
    return out


def place_by_prose(
    lines: list[str], tree: ast.Module, rest: list[Stmt], merger: Merger, block: Block
) -> list[tuple[int, int, list[str]]]:
    """Place a slice with no anchor in its code where the prose around it says (see
    :mod:`gptfix.llm.prose_place`), else by a line quoted in the prose before it."""
    spot = place_from_prose(lines, tree, block.prose, block.after)
    if spot is not None:
        new = [x for n in rest if not n.marker for x in merger.new_lines(n, spot.indent, True)]
        where = "after" if spot.after else "before"
        merger.edits.append(
            TextEdit(
                "insert_statement",
                spot.at + 1,
                spot.at,
                f"inserted {where} line {spot.anchor + 1}, where the prose puts it",
            )
        )
        return [(spot.at, spot.at, new)]
    hint = prose_anchor(lines, block.prose)
    holder = _innermost_stmt(tree, lines, hint[0]) if hint is not None else None
    if hint is not None and holder is not None:
        indent = lines[holder.start][: len(lines[holder.start]) - len(lines[holder.start].lstrip())]
        new = [x for n in rest if not n.marker for x in merger.new_lines(n, indent, True)]
        at = holder.start if hint[1] else holder.end
        merger.edits.append(
            TextEdit("insert_statement", at + 1, at, f"inserted near line {hint[0] + 1}")
        )
        return [(at, at, new)]
    block_text = "\n".join(merger.b)
    if _MODEL_BUILDING.search(block_text):
        raise Refused("answer defines an unrelated model: no statement of it matches the script")
    first = next(n for n in rest if not n.marker)
    raise Refused(
        f"no anchor for `{short(merger.b[first.start])}`: no statement of the answer matches the script"
    )


def _innermost_stmt(tree: ast.Module, lines: list[str], line0: int) -> Stmt | None:
    best = None
    for body in all_bodies(tree, lines):
        for st in body:
            if st.start <= line0 < st.end and (
                best is None or st.end - st.start < best.end - best.start
            ):
                best = st
    return best


def place_deferred(text: str, deferred: list[tuple[str, list[str]]], result: ApplyResult) -> str:
    """New top-level functions/classes go before their first use, else after the imports/defs."""
    for name, new_lines in deferred:
        lines = text.split("\n")
        top = make_stmts(ast.parse(text).body, lines)
        at = None
        for st in top:
            used = any(isinstance(n, ast.Name) and n.id == name for n in ast.walk(st.node))
            if used:
                at = st.start
                while at > 0 and lines[at - 1].strip().startswith("#"):
                    at -= 1
                break
        if at is None:
            heads = [s for s in top if s.is_import or s.is_def]
            at = heads[-1].end if heads else 0
        lines[at:at] = [*new_lines, "", ""] if at < len(lines) else ["", "", *new_lines]
        text = "\n".join(lines)
    return text


def class_attribute(
    tree: ast.Module, lines: list[str], n: Stmt, blines: list[str]
) -> tuple[int, int, list[str]] | None:
    """``CFG.batch_size = 16`` for a config class: set the class attribute where it is defined."""
    node = n.node
    if not (
        isinstance(node, ast.Assign)
        and len(node.targets) == 1
        and isinstance(node.targets[0], ast.Attribute)
        and isinstance(node.targets[0].value, ast.Name)
    ):
        return None
    owner, attr = node.targets[0].value.id, node.targets[0].attr
    for cls in tree.body:
        if not (isinstance(cls, ast.ClassDef) and cls.name == owner):
            continue
        for st in make_stmts(cls.body, lines):
            target = st.node.targets[0] if isinstance(st.node, ast.Assign) else None
            if isinstance(target, ast.Name) and target.id == attr:
                value = ast.get_source_segment("\n".join(blines), node.value) or ast.unparse(
                    node.value
                )
                indent = lines[st.start][: len(lines[st.start]) - len(lines[st.start].lstrip())]
                new = [indent + f"{attr} = " + value.split("\n")[0], *value.split("\n")[1:]]
                return st.start, st.end, new
    return None


def after_binding(
    tree: ast.Module, lines: list[str], n: Stmt, blines: list[str]
) -> list[tuple[int, int, list[str]]] | None:
    """``backbone.trainable = False`` with no anchor: right after the one statement that
    creates ``backbone``."""
    node = n.node
    target: ast.expr | None = None
    if isinstance(node, ast.Assign) and len(node.targets) == 1:
        target = node.targets[0]
    if not (isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name)):
        return None
    var = target.value.id
    spots = [
        st
        for body in all_bodies(tree, lines)
        for st in body
        if isinstance(st.node, ast.Assign)
        and any(isinstance(t, ast.Name) and t.id == var for t in st.node.targets)
    ]
    if len(spots) != 1:
        return None
    st = spots[0]
    indent = lines[st.start][: len(lines[st.start]) - len(lines[st.start].lstrip())]
    code = blines[n.start : n.end]
    have = code[0][: len(code[0]) - len(code[0].lstrip())]
    new = [indent + x[len(have) :] if x.startswith(have) else indent + x.lstrip() for x in code]
    return [(st.end, st.end, new)]


def after_source(
    tree: ast.Module, lines: list[str], rest: list[Stmt], merger: Merger
) -> list[tuple[int, int, list[str]]] | None:
    """New transformations (``labels = labels - 1``, ``y = to_categorical(y, n)``) go after
    the statements that create the values they read, and after the transformations that
    directly follow those (the script's own preparation steps), never in their place.

    None when the statements are not all new transformations of values one script body
    creates once (a later statement with the same target is replaced by the merger).
    """
    real = [n for n in rest if not n.marker]
    if not real or not all(rebinds_itself(n.node) for n in real):
        return None
    wanted = set().union(*(assigned_names(n.node) for n in real))
    for body in all_bodies(tree, lines):
        if any(o.dump == n.dump for o in body for n in real):
            return None
        if any(rebinds_itself(o.node) and o.key == n.key for o in body for n in real):
            return None
    homes = []
    for body in all_bodies(tree, lines):
        spots = [k for k, o in enumerate(body) if assigned_names(o.node) & wanted]
        made = [x for k in spots for x in assigned_names(body[k].node) if x in wanted]
        if len(made) > len(set(made)):
            return None  # bound more than once: the merger picks the statement it rewrites
        if wanted <= set(made):
            homes.append((body, spots[-1]))
    if len(homes) != 1:
        return None
    body, k = homes[0]
    while k + 1 < len(body) and rebinds_itself(body[k + 1].node):
        k += 1
    st = body[k]
    indent = lines[st.start][: len(lines[st.start]) - len(lines[st.start].lstrip())]
    new = [x for n in real for x in merger.new_lines(n, indent, True)]
    merger.edits.append(
        TextEdit(
            "insert_statement",
            st.end + 1,
            st.end,
            f"inserted {len(real)} statement(s) after line {st.end}, after the values they read",
        )
    )
    return [(st.end, st.end, new)]
