"""Where a Python block from an answer goes when it is a slice, not a whole file.

Bridges the statement model (:mod:`gptfix.llm.stmts`) and the applier: the script body a
slice belongs to (the one most of its statements match, ties broken by shared inner
statements), new imports, locals a rewritten function renamed, and a lone statement that
clearly rewrites one script statement; new top-level functions and values are placed once
every block is in (:mod:`gptfix.llm.deferred`). A slice none of whose statements matches is placed by
:mod:`gptfix.llm.anchorless`; :mod:`gptfix.llm.related` refuses a generic example
unrelated to the script.
"""

from __future__ import annotations

import ast
import difflib

from gptfix.llm.keymatch import grown, renamed_like
from gptfix.llm.occurrence import named_in, said_layer_names
from gptfix.llm.patches import Refused, TextEdit, short
from gptfix.llm.related import bound_names
from gptfix.llm.renames import local_renames, module_renames, rename_names
from gptfix.llm.result import ApplyResult, NameChange
from gptfix.llm.scoped import named_function_lines
from gptfix.llm.stmts import Stmt, all_bodies, callee


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
    for new, (old, why) in module_renames(tree, btree).items():
        if new not in mapping:
            mapping[new] = old
            result.names.append(NameChange(new, old, why))
    if not mapping:
        return btree, blines
    code = rename_names("\n".join(blines), mapping)
    return ast.parse(code), code.split("\n")


def _from_elsewhere(node: ast.AST, top: list[Stmt]) -> bool:
    """Whether the answer's ``from M import a`` imports a name the script imports from
    another module of the same library (``keras.layers.convolutional``): a changed import,
    not one the script already has."""
    if not isinstance(node, ast.ImportFrom) or not node.module or node.level:
        return False
    names = {a.asname or a.name for a in node.names}
    family = {node.module.split(".")[0]}  # keras.layers.core -> keras.layers, not tf.keras
    for o in top:
        old = o.node
        if (
            isinstance(old, ast.ImportFrom)
            and old.module
            and old.module != node.module
            and old.module.split(".")[0] in family
            and names & {a.asname or a.name for a in old.names}
        ):
            return True
    return False


def _replaced_import(
    n: Stmt,
    top: list[Stmt],
    lines: list[str],
    blines: list[str],
    bound: set[str],
    result: ApplyResult,
) -> list[tuple[int, int, list[str]]] | None:
    """The answer's ``from M import N`` in the place of the script's one line importing
    ``N`` from another module (``from tensorflow.keras.layers.experimental.preprocessing
    import Normalization``); the line's other names stay on it. None when not one line."""
    new = n.node
    if not isinstance(new, ast.ImportFrom):
        return None
    olds = [
        o
        for o in top
        if isinstance(o.node, ast.ImportFrom)
        and o.node.module != new.module
        and bound & {a.asname or a.name for a in o.node.names}
    ]
    if len(olds) != 1 or not isinstance(olds[0].node, ast.ImportFrom):
        return None
    old = olds[0].node
    rest = [a for a in old.names if (a.asname or a.name) not in bound]
    kept = ", ".join(a.name + (f" as {a.asname}" if a.asname else "") for a in rest)
    repl = blines[n.start : n.end] + ([f"from {old.module} import {kept}"] if rest else [])
    start, end = olds[0].start, olds[0].end
    result.edits.append(
        TextEdit("replace_import", start + 1, end, f"replaced `{short(lines[start])}`")
    )
    return [(start, end, repl)]


def import_op(
    n: Stmt,
    top: list[Stmt],
    lines: list[str],
    blines: list[str],
    result: ApplyResult,
    used: set[str],
    replaces: bool = False,
) -> list[tuple[int, int, list[str]]]:
    """A new import from the answer, at the end of the script's imports; skipped when the
    script already binds its names or the answer's code (in the script's names) no longer
    uses it. When the prose says it replaces an import ("replace the import with:",
    ``replaces``), it takes the place of the one line importing its names from elsewhere."""
    if any(o.dump == n.dump for o in top):
        return []
    bound = {a.asname or a.name.split(".")[0] for a in n.node.names}  # type: ignore[attr-defined]
    if replaces:
        moved = _replaced_import(n, top, lines, blines, bound, result)
        if moved is not None:
            return moved
    have = bound_names(ast.parse("\n".join(lines)))
    only_imports = not used
    if bound <= have and not _from_elsewhere(n.node, top):
        return []
    if not (bound & used or only_imports):
        return []
    imports = [o for o in top if o.is_import]
    at = imports[-1].end if imports else 0
    result.edits.append(TextEdit("insert_import", at + 1, at, f"added `{short(blines[n.start])}`"))
    return [(at, at, blines[n.start : n.end])]


def home_body(
    tree: ast.Module, lines: list[str], rest: list[Stmt], blines: list[str], prose: str = ""
) -> list[Stmt] | None:
    """The script body the slice belongs to: the one most of its statements match (among
    equals, the one in the function the prose names: "In `ScaledEmbedding.call`, ...")."""
    scored = []
    for body in all_bodies(tree, lines):
        dumps = {o.dump for o in body}
        exact = sum(1 for n in rest if not n.marker and n.dump in dumps)
        keyed = sum(
            1
            for n in rest
            if not n.marker
            and n.dump not in dumps
            and any(n.keyed_like(o) or renamed_like(n, o, body, rest) for o in body)
        )
        if exact or keyed:
            scored.append((2 * exact + keyed, exact, body))
    if not scored:
        return None
    scored.sort(key=lambda t: (t[0], t[1]), reverse=True)
    best = scored[0]
    ties = [s for s in scored if s[0] == best[0] and s[1] == best[1]]
    said = named_function_lines("\n".join(lines), prose) if len(ties) > 1 and prose else None
    named = [t for t in ties if said and t[2] and said[0] <= t[2][0].start <= said[1]]
    if len(named) == 1:
        return named[0][2]
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
        firsts = [n for n in rest if not n.marker]
        growing = [b for _, _, b in ties if any(grown(o.node, n.node) for o in b for n in firsts)]
        if len(growing) == 1:  # the body with the statement it keeps every argument of
            return growing[0]
        layer = said_layer_names(prose)
        by_layer = [b for _, _, b in ties if layer and any(named_in(o.node, layer) for o in b)]
        if len(by_layer) == 1:  # "replace the layer `name="flatten"`": the body that makes it
            return by_layer[0]
        n = next(n for n in rest if not n.marker)
        where = sorted(
            o.start + 1
            for _, _, body in ties
            for o in body
            if o.dump == n.dump or (n.key and o.key == n.key)
        )
        if not where:  # nothing of the block is in the script: several places fit equally
            spots = sorted(body[0].start + 1 for _, _, body in ties if body)
            raise Refused(
                "ambiguous anchor: no statement of the answer matches the script; its code fits "
                "several places equally (lines " + ", ".join(str(w) for w in spots[:4]) + ")"
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
    read = {x.id for x in ast.walk(tree) if isinstance(x, ast.Name) and isinstance(x.ctx, ast.Load)}
    read |= {  # ``self.loss_tracker`` read in another method
        ast.unparse(x)
        for x in ast.walk(tree)
        if isinstance(x, ast.Attribute) and isinstance(x.ctx, ast.Load)
    }
    for body in all_bodies(tree, lines):
        for k, o in enumerate(body):
            if (
                isinstance(o.node, ast.Assign | ast.Expr)
                and type(n.node) in (ast.Expr, type(o.node))
                and _receiver(o.node) == _receiver(n.node)
                and not _other_setting(n.node, o.node, read)
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


def _other_setting(mine: ast.stmt, theirs: ast.stmt, read: set[str]) -> bool:
    """``kl_warmup_epochs = 2`` beside the script's ``epochs = 2``, ``val_acc = Metric()``
    beside ``train_acc = Metric()`` that the script goes on reading: a value bound to another
    name is a new statement, never a rewrite of that line, when it is no call, or when it is
    the very same call and the script still reads the name that line binds (``read``)."""
    if not (isinstance(mine, ast.Assign) and isinstance(theirs, ast.Assign)):
        return False
    if [ast.dump(t) for t in mine.targets] == [ast.dump(t) for t in theirs.targets]:
        return False
    mine_names = {x.id for t in mine.targets for x in ast.walk(t) if isinstance(x, ast.Name)}
    bound = {x.id for t in theirs.targets for x in ast.walk(t) if isinstance(x, ast.Name)}
    if bound and bound < mine_names:
        return False  # ``loss, mae, rmse = m.evaluate(...)`` for ``loss, mae = ...``: unpacked anew
    if not any(isinstance(x, ast.Call) for x in ast.walk(mine.value)):
        return True
    if all(isinstance(t, ast.Attribute) for t in [*mine.targets, *theirs.targets]):
        # ``self.distill_tracker = Mean(name="distill_loss")`` beside ``self.loss_tracker =
        # Mean(name="loss")``, which the class goes on reading: another attribute
        held = {ast.unparse(t) for t in theirs.targets}
        same_call = (
            isinstance(mine.value, ast.Call)
            and isinstance(theirs.value, ast.Call)
            and ast.dump(mine.value.func) == ast.dump(theirs.value.func)
        )
        return same_call and bool(held & read)
    return ast.dump(mine.value) == ast.dump(theirs.value) and bool(bound & read)


def _receiver(node: ast.stmt) -> str | None:
    """The object a statement's call is made on (``model_b`` of ``model_b.fit(...)``):
    ``model_b.fit(...)`` is never a rewrite of ``model.fit(...)``."""
    value = node.value if isinstance(node, ast.Expr | ast.Assign) else None
    if not isinstance(value, ast.Call):
        return None
    func = value.func
    while isinstance(func, ast.Attribute):
        func = func.value
        if isinstance(func, ast.Call):
            func = func.func
    return func.id if isinstance(func, ast.Name) and func is not value.func else None


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
