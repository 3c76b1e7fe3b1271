"""What a block of answer code looks like, before it is placed: shape predicates.

Bridges a parsed block and the applier's choice of path: a fragment of a bigger
statement (``loss="mse",``), ``...`` left as a value, an elision inside brackets, the
functions and classes an answer defines, and code the prose asks to add next to a line
it quotes.
"""

from __future__ import annotations

import ast
import re
import textwrap

from gptfix.index import build_index
from gptfix.llm.answer import Block, is_elision
from gptfix.llm.block_text import bracket_depth
from gptfix.llm.blocks import introducing
from gptfix.llm.patches import Refused
from gptfix.llm.placewords import END
from gptfix.llm.prose_anchor import prose_anchor
from gptfix.llm.prose_place import opening_clause, place_from_prose
from gptfix.llm.roles import adds_code
from gptfix.llm.stmts import Stmt, all_bodies, callee, parse_block


def defined_by(codes: list[str]) -> frozenset[str]:
    """Functions and classes the answer's blocks define at their top level."""
    out: set[str] = set()
    for code in codes:
        try:
            tree = ast.parse(textwrap.dedent(code))
        except SyntaxError:
            continue
        out.update(n.name for n in tree.body if isinstance(n, ast.FunctionDef | ast.ClassDef))
    return frozenset(out)


def answer_values(codes: list[str], script_text: str) -> frozenset[str]:
    """New values the answer makes, never to be taken for one of the script's names.

    ``y_train_oh = to_categorical(y_train, 10)`` makes a value from the script's
    ``y_train`` (so it is not ``y_train`` under another name), and ``callbacks =
    [EarlyStopping(...)]`` binds a name the script does not have (so it is not
    ``keras.callbacks`` respelled): a name assigned by the answer that the script does not
    bind, whose value reads a variable of the script's other than itself or is a new list,
    dict or call of the answer's.
    """
    index = build_index(script_text)
    if index.syntax_error is not None:
        return frozenset()
    variables = {b.name for b in index.bindings if b.kind in ("assign", "augassign", "annassign")}
    bound = {b.name for b in index.bindings}
    out: set[str] = set()
    for code in codes:
        try:
            tree = ast.parse(textwrap.dedent(code))
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if not isinstance(node, ast.Assign) or len(node.targets) != 1:
                continue
            target = node.targets[0]
            if not isinstance(target, ast.Name) or target.id in bound:
                continue
            reads = {n.id for n in ast.walk(node.value) if isinstance(n, ast.Name)}
            if target.id in reads:
                continue
            if reads & variables or isinstance(node.value, ast.List | ast.Dict):
                out.add(target.id)
    return frozenset(out)


def elided_inside_brackets(code: str) -> bool:
    """An elision marker line inside an open bracket (a list or a call's arguments)."""
    depth = 0
    for line in code.split("\n"):
        if is_elision(line) and depth > 0:
            return True
        depth += bracket_depth(line)
    return False


def placeholders(text: str) -> int:
    """``...`` used as a value (``epochs=...``), not as numpy's ``x[..., 0]``."""
    try:
        tree = ast.parse(text)
    except SyntaxError:
        return 0
    in_subscript = {
        id(n) for s in ast.walk(tree) if isinstance(s, ast.Subscript) for n in ast.walk(s.slice)
    }
    return sum(
        1
        for n in ast.walk(tree)
        if isinstance(n, ast.Constant) and n.value is Ellipsis and id(n) not in in_subscript
    )


def _one_item(tree: ast.Module, body: list[str]) -> bool:
    """One call over several lines closed by ``),``: an item of a list (a lone tuple as a
    statement would build the object and throw it away)."""
    only = tree.body[0] if len(tree.body) == 1 else None
    return (
        isinstance(only, ast.Expr)
        and isinstance(only.value, ast.Tuple)
        and len(only.value.elts) == 1
        and isinstance(only.value.elts[0], ast.Call)
        and body[-1].split("#")[0].rstrip().endswith(("),", "],"))
    )


def is_fragment(code: str) -> bool:
    """Lines of a bigger statement (``loss="mse",``): unbalanced, or a trailing comma."""
    body = [x.strip() for x in code.split("\n") if x.strip() and not is_elision(x)]
    body = [x for x in body if not x.startswith("#")]
    if not body:
        return False
    try:
        # a statement whole but for an elision among its arguments parses with the marker
        tree, _ = parse_block(textwrap.dedent(code))
        if (
            not all(x.split("#")[0].rstrip().endswith(",") for x in body)
            and not _argument_list(tree)
            and not _one_item(tree, body)
        ):
            return False
    except (SyntaxError, Refused):
        pass
    try:
        ast.parse("(\n" + "\n".join(body) + "\n)")
        return True
    except SyntaxError:
        pass
    try:
        ast.parse("f(\n" + "\n".join(body) + "\n)")
        return True
    except SyntaxError:
        return False


def added_at_quoted_place(
    lines: list[str], tree: ast.Module, rest: list[Stmt], block: Block
) -> bool:
    """The prose asks to add the block next to a line it quotes, and none of the block's
    statements is already in the script, rewrites the quoted statement itself or re-pastes
    one of the script's functions or classes."""
    # "```y = ...``` right after `x, y = load_data()`, and ...": the line below says where
    below = opening_clause(block.after.strip().split("\n\n")[0]) if block.after.strip() else ""
    if not (adds_code(block.prose) or below) or any(n.marker for n in rest):
        return False
    last = introducing(block.prose)
    hint = prose_anchor(lines, last, placed=True) or (
        prose_anchor(lines, below, placed=True) if below else None
    )
    if hint is None:
        return False
    have = {s.dump for body in all_bodies(tree, lines) for s in body}
    if any(n.dump in have for n in rest) and not _repeats(lines, tree, rest, hint):
        return False
    defs = {s.key for body in all_bodies(tree, lines) for s in body if s.is_def}
    if any(n.is_def and n.key in defs for n in rest):
        return False  # a function or class of the script re-pasted: it replaces its own
    quoted = [s for body in all_bodies(tree, lines) for s in body if s.start <= hint[0] < s.end]
    # the quoted statement itself rewritten (same target and call: ``model.fit(...)``
    # for "add the callback to `model.fit`") is not code to add next to it
    spots = {(s.key, callee(s.node)) for s in quoted if s.key}
    same = {s.dump for s in quoted}  # the quoted line given again as is: a repeat, not a rewrite
    rewrites = [
        i for i, n in enumerate(rest) if (n.key, callee(n.node)) in spots and n.dump not in same
    ]
    # only at the block's end that meets the place: "before `fit`" ending with the new fit,
    # "after `fit`" opening with it; a stage added "right after your first `model.fit(...)`"
    # that ends with its own fit is new code
    edge = len(rest) - 1 if hint[1] else 0
    return edge not in rewrites


def added_at_end(lines: list[str], tree: ast.Module, rest: list[Stmt], block: Block) -> bool:
    """The prose asks to add the block at the end of the script ("add this at the end of
    the script:" over a second ``compile``/``fit`` stage): new statements, not rewrites
    of the script's own, unless the block re-pastes one of its functions or classes or
    is the script's last statements again."""
    last = introducing(block.prose)
    if not (adds_code(block.prose) and END.search(last)) or any(n.marker for n in rest):
        return False
    top = [s for s in all_bodies(tree, lines)[0]]
    defs = {s.key for s in top if s.is_def}
    if any(n.is_def and n.key in defs for n in rest):
        return False
    tail = [s.dump for s in top[-len(rest) :]] if len(top) >= len(rest) else []
    return tail != [n.dump for n in rest]


def _repeats(lines: list[str], tree: ast.Module, rest: list[Stmt], hint: tuple[int, bool]) -> bool:
    """The block's lines that the script has are repeats, not context around the place.

    A second training stage added "right after your first `model.fit(...)`" ends with its
    own ``model.fit(...)``, the same text as the script's: not the place's neighbours
    re-pasted (they would run up to the place from before or on from it), so the whole
    block is new code. Context at its ends, or both kinds at once, is not a repeat.
    """
    bodies = [b for b in all_bodies(tree, lines) if any(s.start <= hint[0] < s.end for s in b)]
    if not bodies:
        return False
    body = min(bodies, key=lambda b: next(s.end - s.start for s in b if s.start <= hint[0] < s.end))
    k = next(i for i, s in enumerate(body) if s.start <= hint[0] < s.end)
    at = k if hint[1] else k + 1  # where the block goes, as a statement index
    have = {s.dump for s in body}
    lead = 0
    while lead < len(rest) and rest[lead].dump in have:
        lead += 1
    trail = 0
    while trail < len(rest) - lead and rest[len(rest) - 1 - trail].dump in have:
        trail += 1
    before = [s.dump for s in body[max(0, at - lead) : at]]
    after = [s.dump for s in body[at : at + trail]]
    context = (lead and [n.dump for n in rest[:lead]] == before) or (
        trail and [n.dump for n in rest[len(rest) - trail :]] == after
    )
    return not context


def _argument_list(tree: ast.Module) -> bool:
    """``x, y, validation_data=(a, b), epochs=3`` parses as one chained assignment with
    tuple targets, which nobody writes: it is a call's argument list."""
    return (
        len(tree.body) == 1
        and isinstance(tree.body[0], ast.Assign)
        and len(tree.body[0].targets) > 1
        and any(isinstance(t, ast.Tuple) for t in tree.body[0].targets)
    )


_REPLACING = re.compile(
    r"(?i)\b(?:replace|instead|swap|switch|change|rewrite|redefine|ersetze|remplace|reemplaza|"
    r"substitua|substitui)|替换|换成|改成|置き換"
)


def rebinds_at_place(lines: list[str], tree: ast.Module, rest: list[Stmt], block: Block) -> bool:
    """One new statement that binds a name of the script with another call, at a place the
    prose names after the script's value is used ("before the prediction, load the best
    checkpoint: ``model = keras.models.load_model(...)``"): a new binding there, not a
    rewrite of ``model = keras.Sequential(...)``. Not when the prose says it replaces."""
    real = [n for n in rest if not n.marker]
    if len(real) != 1 or not isinstance(real[0].node, ast.Assign) or real[0].key is None:
        return False
    last = introducing(block.prose)
    if _REPLACING.search(last):
        return False
    try:
        spot = place_from_prose(lines, tree, block.prose, block.after)
    except Refused:
        return False
    if spot is None:
        return False
    n = real[0]
    assert isinstance(n.node, ast.Assign)
    names = {t.id for t in n.node.targets if isinstance(t, ast.Name)}
    olds = [s for body in all_bodies(tree, lines) for s in body if s.key == n.key]
    if not names or not olds or any(callee(o.node) == callee(n.node) for o in olds):
        return False
    first = min(o.end for o in olds)
    if spot.at < first:
        return False
    # the script's value is read between where it is made and the place: it is used first
    return any(
        isinstance(x, ast.Name) and x.id in names and isinstance(x.ctx, ast.Load)
        for body in all_bodies(tree, lines)
        for s in body
        if first <= s.start < spot.at and not s.is_def
        for x in ast.walk(s.node)
    )
