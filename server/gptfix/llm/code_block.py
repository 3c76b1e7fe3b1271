"""Place one Python block of an answer (after its names are reconciled) into the script by
its statements: a whole-file answer merged body by body, new imports and functions, and a
slice in the script body it belongs to (:mod:`gptfix.llm.placement`), after the values it
transforms, where the prose says (:mod:`gptfix.llm.anchorless`), or as a lone statement
that rewrites one of the script's; a generic example unrelated to the script is refused
(:mod:`gptfix.llm.related`)."""

from __future__ import annotations

import ast
import re
import textwrap

from gptfix.edits import parses
from gptfix.llm.anchorless import (
    after_binding,
    after_siblings,
    after_source,
    class_attribute,
    described_place,
    place_by_prose,
)
from gptfix.llm.answer import Block
from gptfix.llm.blocks import introducing
from gptfix.llm.cells import CELL_MARK, new_cell_spot
from gptfix.llm.deferred import NewTopLevel
from gptfix.llm.left_out import prose_quotes
from gptfix.llm.loop_wrap import wrap_in_loop
from gptfix.llm.merge import Merger, Plan
from gptfix.llm.methods import def_in_place_of, method_into_class
from gptfix.llm.patches import Refused, TextEdit, short
from gptfix.llm.placement import (
    home_body,
    import_op,
    rename_locals,
    similar_statement,
)
from gptfix.llm.placewords import ORDINAL
from gptfix.llm.prose_place import place_from_prose
from gptfix.llm.related import bound_names, check_own_definition, check_related
from gptfix.llm.result import ApplyResult
from gptfix.llm.roles import adds_code
from gptfix.llm.shapes import added_at_end, added_at_quoted_place, rebinds_at_place
from gptfix.llm.stmts import Stmt, all_bodies, apply_ops, make_stmts, parse_block
from gptfix.llm.wrap import wrap_in_function


def answer_defs(result: ApplyResult) -> set[str]:
    """Functions and classes the answer adds in other blocks (placed once all are in)."""
    return {
        e.summary.split()[-1]
        for e in result.edits
        if e.kind == "insert_definition" and e.summary.startswith("added ")
    }


def _keep_needed(plan: Plan, top: list[Stmt], btree: ast.Module, merger: Merger) -> None:
    """A script statement a whole re-paste leaves out stays when the re-paste still reads a
    name it binds that the answer does not bind itself: an import (written the script's
    way), or the data a "corrected part" reads without showing (``x12 = ...``)."""
    reads = {
        n.id for n in ast.walk(btree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)
    }
    bound = {
        a.asname or a.name.split(".")[0]
        for n in ast.walk(btree)
        if isinstance(n, ast.Import | ast.ImportFrom)
        for a in n.names
    } | {n.id for n in ast.walk(btree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}
    kept = True
    while kept:  # what a kept statement reads is needed too (``rng`` of ``x12 = rng.rand()``)
        kept = False
        for k in sorted(plan.delete, reverse=True):
            st = top[k]
            if isinstance(st.node, ast.Import | ast.ImportFrom):
                names = {a.asname or a.name.split(".")[0] for a in st.node.names}
            elif isinstance(st.node, ast.Assign | ast.AnnAssign | ast.AugAssign):
                names = {
                    n.id
                    for n in ast.walk(st.node)
                    if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)
                }
            else:
                continue
            if not names & (reads - bound):
                continue
            kept = True
            reads |= {
                n.id
                for n in ast.walk(st.node)
                if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)
            }
            plan.delete.discard(k)
            gone = merger.s[st.start]
            if gone in merger.removed:
                merger.removed.remove(gone)
            merger.edits[:] = [
                e
                for e in merger.edits
                if not (e.kind == "delete_statement" and e.start_line == st.start + 1)
            ]


def _repasted_script(top: list[Stmt], real: list[Stmt], matched: int) -> bool:
    """A whole script re-pasted with its model rewritten: it opens with imports as the
    script does, ends with the script's own last statement, and keeps many of the rest."""
    return (
        len(top) >= 4
        and real[0].is_import
        and top[0].is_import
        and real[-1].dump == top[-1].dump
        and matched >= max(4, 0.4 * len(top))
    )


def apply_code(
    text: str, code: str, block: Block, result: ApplyResult, deferred: list[NewTopLevel]
) -> str:
    lines = text.split("\n")
    problem = parses(text)
    if problem is not None:
        raise Refused(
            f"the script does not parse ({problem}), so code cannot be placed by its "
            "statements: a SEARCH/REPLACE block or a diff is needed"
        )
    tree = ast.parse(text)
    btree, blines = parse_block(code)
    btree, blines = rename_locals(tree, lines, btree, blines, result)
    new = make_stmts(btree.body, blines)
    merger = Merger(lines, blines, frozenset(n.script for n in result.names))
    merger.bound = frozenset(bound_names(tree))
    merger.quotes = prose_quotes(block.prose)
    merger.said = introducing(block.prose)
    merger.traced = block.traced
    if not re.search(ORDINAL, introducing(block.prose), re.I):
        merger.follows = block.follows  # no word says which one: the step order does
    top = make_stmts(tree.body, lines)
    script_defs = {s.key for body in all_bodies(tree, lines) for s in body if s.is_def}
    real = [n for n in new if not n.marker]
    if not real:
        return text  # comments or elision markers only: nothing to place
    matched_top = sum(
        1 for n in real if any(o.dump == n.dump or o.key == n.key and n.key for o in top)
    )
    has_marker = any(n.marker for n in new)
    if top and (
        matched_top >= max(3, 0.6 * len(top))
        or (has_marker and matched_top >= max(3, 0.3 * len(top)) and real[0].is_import)
        or _repasted_script(top, real, matched_top)
    ):
        check_related(top, new, blines, text, answer_defs(result))
        plan = merger.merge_body(top, new, whole=True)
        _keep_needed(plan, top, btree, merger)
        result.edits.extend(merger.edits)
        result.removed.extend(merger.removed)
        return "\n".join(apply_ops(lines, merger.ops(plan)))

    ops: list[tuple[int, int, list[str]]] = []
    rest: list[Stmt] = []
    used = {
        x.id for n in new if not n.is_import for x in ast.walk(n.node) if isinstance(x, ast.Name)
    }
    wrapped = wrap_in_function(lines, top, new, blines, script_defs)
    if wrapped is not None:  # ``def main():`` holding the script's code, then ``main()``
        for n in new:
            if n.is_import:
                ops.extend(import_op(n, top, lines, blines, result, used))
        result.edits.append(wrapped[1])
        return "\n".join(apply_ops(lines, ops + wrapped[0]))
    looped = wrap_in_loop(lines, top, new, blines, block.prose)
    if looped is not None:  # a run of the script's code put inside a new loop
        for n in new:
            if n.is_import:
                ops.extend(import_op(n, top, lines, blines, result, used))
        result.edits.append(looped[1])
        return "\n".join(apply_ops(lines, ops + looped[0]))
    method = method_into_class(lines, tree, new, blines, block.prose) or def_in_place_of(
        lines, tree, new, blines, block.prose
    )
    if method is not None:  # "Add this method to the `VAE` class", "Replace `f1_score` by:"
        result.edits.append(method[1])
        return "\n".join(apply_ops(lines, method[0]))
    only_defs = all(n.is_import or n.is_def or n.marker for n in new)
    said = said_top_place(lines, tree, block) if only_defs else None
    replaces = bool(REPLACES_IMPORT.search(introducing(block.prose)))
    for n in new:
        if n.is_import:
            ops.extend(import_op(n, top, lines, blines, result, used, replaces))
        elif n.is_def and n.key not in script_defs:
            check_own_definition(n.key or "", block.prose, script_defs)
            name = n.key.split(" ", 1)[1] if n.key else ""
            deferred.append(NewTopLevel(name, merger.new_lines(n, "", True), said))
            result.edits.append(TextEdit("insert_definition", 0, -1, f"added {n.key}"))
        else:
            rest.append(n)
    while rest and rest[0].marker:
        rest.pop(0)
    while rest and rest[-1].marker:
        rest.pop()
    cell = (
        new_cell_spot(lines, tree, block.prose, block.after)
        if rest and not any(n.marker for n in rest)
        else None
    )
    if cell is not None:  # "add a new cell after the training cell:"
        at, head = cell
        real = [n for n in rest if not n.marker]
        first = real[0].start
        while (
            first > 0
            and merger.b[first - 1].strip().startswith("#")
            and not CELL_MARK.match(merger.b[first - 1].strip())  # the marker is written anew
        ):
            first -= 1
        body = [
            x.rstrip()
            for x in textwrap.dedent("\n".join(merger.b[first : real[-1].end])).split("\n")
        ]
        result.edits.append(TextEdit("insert_statement", at + 1, at, "added as a new cell"))
        return "\n".join(apply_ops(lines, [*ops, (at, at, [*head, *body])]))
    if rest and (
        added_at_quoted_place(lines, tree, rest, block)
        or rebinds_at_place(lines, tree, rest, block)
        or added_at_end(lines, tree, rest, block)
    ):
        # "add this before `model.compile`": new statements go where the prose says, even
        # when one looks like a script statement elsewhere (a second ``print``, a dropout)
        by_prose = place_by_prose(lines, tree, rest, merger, block)
        result.edits.extend(merger.edits)
        return "\n".join(apply_ops(lines, ops + by_prose))
    if rest:
        try:
            return _place_rest(text, tree, lines, rest, blines, merger, result, block, ops)
        except Refused as exc:
            if "ambiguous anchor" not in exc.reason:
                raise
            # a new line like several of the script's (``x = layers.Dropout(0.3)(x)``
            # among ``x = ...(x)``): the place the prose describes decides, or it is refused
            merger.edits.clear()
            described = described_place(lines, tree, rest, merger, block)
            if described is None:
                raise
            result.edits.extend(merger.edits)
            return "\n".join(apply_ops(lines, ops + described))
    return "\n".join(apply_ops(lines, ops))


#: "replace the import with:", "Замените импорт на:", "ersetze den Import durch:"
REPLACES_IMPORT = re.compile(
    r"(?i)\b(?:replace|change|swap|update|fix|ersetze|ändere|remplace[zr]?|change[zr]|"
    r"reemplaza|cambia|substitua|troque|sostituisci|замените|замени|измените|исправьте)\b"
    r"[^.\n:]{0,30}\b(?:import|imports|Import|импорт\w*|importaci[óo]n|importa[çc][ãa]o)\b|"
    r"导入[^。\n]{0,10}(?:改成|改为|换成|替换)|インポート[^。\n]{0,10}(?:変更|置き換え)|임포트"
)


def said_top_place(lines: list[str], tree: ast.Module, block: Block) -> tuple[str, bool] | None:
    """The top-level statement the prose puts a block of new definitions next to ("add this
    class right after `build_model`"), as its first line and whether after; None when the
    prose says nothing clear or names a place inside a function."""
    try:
        spot = place_from_prose(lines, tree, block.prose, block.after)
    except Refused:
        return None
    if spot is None or spot.body != 0 or spot.indent:
        return None
    # new definitions "right after `build_model()`": after that function, not its call
    for name in re.findall(r"`([A-Za-z_]\w*)\(\)`", introducing(block.prose)):
        defs = [
            st
            for st in tree.body
            if isinstance(st, ast.FunctionDef | ast.AsyncFunctionDef) and st.name == name
        ]
        if len(defs) == 1 and f"{name}(" in lines[spot.anchor]:
            return lines[defs[0].lineno - 1].strip(), spot.after
    return lines[spot.anchor].strip(), spot.after


def _place_rest(
    text: str,
    tree: ast.Module,
    lines: list[str],
    rest: list[Stmt],
    blines: list[str],
    merger: Merger,
    result: ApplyResult,
    block: Block,
    ops: list[tuple[int, int, list[str]]],
) -> str:
    """The block's statements that are neither imports nor new definitions, placed."""
    transforms = after_source(tree, lines, rest, merger)
    if transforms is not None:
        result.edits.extend(merger.edits)
        return "\n".join(apply_ops(lines, ops + transforms))
    lone = [n for n in rest if not n.marker]
    siblings = after_siblings(tree, lines, lone[0], blines) if len(lone) == 1 else None
    if siblings is not None:  # ``p.add_argument("--out", ...)``: after the other options
        what = f"inserted `{short(blines[lone[0].start])}` after the other calls of its method"
        result.edits.append(TextEdit("insert_statement", siblings[0][0] + 1, siblings[0][0], what))
        return "\n".join(apply_ops(lines, ops + siblings))
    home = home_body(tree, lines, rest, blines, introducing(block.prose))
    if home is None and len(lone) == 1:
        placed = _place_lone(
            tree, lines, lone[0], blines, merger, result, fuzzy=not adds_code(block.prose)
        )
        if placed is not None:
            return "\n".join(apply_ops(lines, ops + placed))
    if home is None:
        try:
            by_prose = place_by_prose(lines, tree, rest, merger, block)
        except Refused:
            derived = _after_sources(tree, lines, lone, blines)
            if derived is not None:  # a new value made from the script's: after them
                what = f"inserted `{short(blines[lone[0].start])}` after the values it reads"
                result.edits.append(
                    TextEdit("insert_statement", derived[0][0] + 1, derived[0][0], what)
                )
                return "\n".join(apply_ops(lines, ops + derived))
            # nothing anchors it: an example that touches none of the script's values is
            # refused as what it is
            check_related(make_stmts(tree.body, lines), rest, blines, text, answer_defs(result))
            raise
        result.edits.extend(merger.edits)
        return "\n".join(apply_ops(lines, ops + by_prose))
    check_related(home, rest, blines, text, answer_defs(result))
    plan = merger.merge_body(home, rest, whole=False)
    ops.extend(merger.ops(plan))
    result.edits.extend(merger.edits)
    result.removed.extend(merger.removed)
    return "\n".join(apply_ops(lines, ops))


def _after_sources(
    tree: ast.Module, lines: list[str], lone: list[Stmt], blines: list[str]
) -> list[tuple[int, int, list[str]]] | None:
    """New values made from the script's (``y_train_oh = to_categorical(y_train, 10)``,
    then ``y_test_oh = ...``), for which no place is given: together, right after the last
    statement that creates one of the values they read, when those are in one body."""
    spots = [after_binding(tree, lines, n, blines, derived=True) for n in lone]
    made: set[str] = set()
    for n, spot in zip(lone, spots, strict=True):
        reads = {x.id for x in ast.walk(n.node) if isinstance(x, ast.Name)}
        if spot is None and not (isinstance(n.node, ast.Assign) and reads & made):
            return None  # neither made from the script's values nor from the group's
        made |= {
            x.id
            for x in ast.walk(n.node)
            if isinstance(x, ast.Name) and isinstance(x.ctx, ast.Store)
        }
    ops = [s[0] for s in spots if s is not None]
    if not ops:
        return None
    indents = {op[2][0][: len(op[2][0]) - len(op[2][0].lstrip())] for op in ops}
    if len(indents) != 1:
        return None
    indent = indents.pop()
    at = max(op[0] for op in ops)
    new: list[str] = []
    for n, spot in zip(lone, spots, strict=True):
        if spot is not None:
            new += spot[0][2]
        else:  # a value made from the group's own (``weights = np.ones(len(labels_oh))``)
            code = blines[n.start : n.end]
            have = code[0][: len(code[0]) - len(code[0].lstrip())]
            new += [
                indent + x[len(have) :] if x.startswith(have) else indent + x.lstrip() for x in code
            ]
    return [(at, at, new)]


def _place_lone(
    tree: ast.Module,
    lines: list[str],
    n: Stmt,
    blines: list[str],
    merger: Merger,
    result: ApplyResult,
    *,
    fuzzy: bool = True,
) -> list[tuple[int, int, list[str]]] | None:
    """A lone statement matching nothing by key: a config attribute, a close variant of one
    statement (not when the prose adds it: "add one more line at the end"), or an attribute
    set on a variable (placed after its creation)."""
    attr_op = class_attribute(tree, lines, n, blines)
    if attr_op is not None:
        result.edits.append(
            TextEdit("replace_statement", attr_op[0] + 1, attr_op[1], "set a class attribute")
        )
        return [attr_op]
    close = similar_statement(tree, lines, n) if fuzzy else None
    if close is not None:
        body, k = close
        plan = Plan(body)
        merger.replacement(body[k], n, plan, k)
        where = body[k].start + 1
        result.edits.append(
            TextEdit("replace_statement", where, body[k].end, f"replaced the similar line {where}")
        )
        return merger.ops(plan)
    placed = after_binding(tree, lines, n, blines)
    if placed is not None:
        what = f"inserted `{short(blines[n.start])}` after its variable is created"
        result.edits.append(TextEdit("insert_statement", placed[0][0] + 1, placed[0][0], what))
    return placed


def named_place(text: str, name: str, prose: str) -> tuple[str, bool] | None:
    """The top-level place a sentence of the answer gives the new value ``name`` by name
    ("Put the `data_augmentation` definition above the model, e.g. right after `val_ds`"),
    as :func:`said_top_place` reads it; None when no one sentence does."""
    said = [
        x
        for x in re.split(r"(?<=[.!?])\s+(?=[A-Z])|(?<=[。！？])|\n", prose)  # not at "e.g. "
        if f"`{name}`" in x and re.search(r"(?i)\b(?:put|place|define|move|keep)\b|放在|定义在", x)
    ]
    if len(said) != 1:
        return None
    try:
        tree = ast.parse(text)
    except SyntaxError:
        return None
    return said_top_place(text.split("\n"), tree, Block("code", "", prose=said[0]))
