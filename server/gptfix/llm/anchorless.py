"""Where a slice goes when none of its statements matches one of the script's: where the
prose around it says, after the imports, a class attribute set where the class defines it,
after the one statement that creates the value it changes, or after the values a new
transformation (``y = f(y)``) reads."""

from __future__ import annotations

import ast
import textwrap

from gptfix.errors import Unrelated
from gptfix.llm.answer import Block
from gptfix.llm.blocks import introducing
from gptfix.llm.keymatch import named_by, unlike_steps
from gptfix.llm.merge import Merger
from gptfix.llm.occurrence import each_place
from gptfix.llm.patches import Refused, TextEdit, short
from gptfix.llm.placewords import BELOW_PREVIOUS, DESCRIBED_DE
from gptfix.llm.prose_anchor import prose_anchor
from gptfix.llm.prose_place import Spot, cues, german_place, place_from_prose, places_after_imports
from gptfix.llm.related import MODEL_BUILDING
from gptfix.llm.roles import adds_code
from gptfix.llm.scoped import end_of_named_function
from gptfix.llm.stmts import (
    Stmt,
    all_bodies,
    assigned_names,
    callee,
    make_stmts,
    rebinds_itself,
)


def described_place(
    lines: list[str], tree: ast.Module, rest: list[Stmt], merger: Merger, block: Block
) -> list[tuple[int, int, list[str]]] | None:
    """New statements whose code is like several of the script's, placed where the prose
    that asks to add them describes ("add a dropout right after the BatchNormalization
    layer"); None when the prose names no place. The one statement already at that place
    with the same target and call is rewritten rather than doubled."""
    if any(n.marker for n in rest) or not (adds_code(block.prose) or _introduced_at(block.prose)):
        return None
    spot = place_from_prose(lines, tree, block.prose, block.after) or german_place(
        lines, tree, block.prose
    )
    if spot is None:
        return None
    body = all_bodies(tree, lines)[spot.body]
    there = (
        next((st for st in body if st.start >= spot.at), None)
        if spot.after
        else next((st for st in reversed(body) if st.end <= spot.at), None)
    )
    new = [x for n in rest for x in merger.new_lines(n, spot.indent, True)]
    if (
        len(rest) == 1
        and there is not None
        and there.key is not None
        and (there.key, callee(there.node)) == (rest[0].key, callee(rest[0].node))
    ):
        merger.edits.append(
            TextEdit(
                "replace_statement",
                there.start + 1,
                there.end,
                f"replaced line {there.start + 1}, the one at the place the prose describes",
            )
        )
        return [(there.start, there.end, new)]
    return _insert_at(lines, tree, spot, rest, merger)


def _introduced_at(prose: str) -> bool:
    """Prose that ends by placing the block at quoted code or a described statement ("and
    in `call`, after `x = self.d1(x)` and before `x = self.flatten(x)`:", "and load it
    before the evaluation:"), its verb said earlier or not at all."""
    last = introducing(prose)
    return last.rstrip().endswith((":", "：")) and bool(cues(last) or DESCRIBED_DE.search(last))


def place_by_prose(
    lines: list[str], tree: ast.Module, rest: list[Stmt], merger: Merger, block: Block
) -> list[tuple[int, int, list[str]]]:
    """Place a slice with no anchor in its code where the prose around it says (see
    :mod:`gptfix.llm.prose_place`), else by a line quoted in the prose before it."""
    try:
        spot = place_from_prose(lines, tree, block.prose, block.after)
    except Refused:
        spots = each_place(lines, tree, block.prose)  # "in `train_step` and `test_step`, each"
        if spots is None:
            raise
        return [op for s in spots for op in _insert_at(lines, tree, s, rest, merger)]
    if spot is not None:
        return _insert_at(lines, tree, spot, rest, merger)
    last = introducing(block.prose)
    hint = prose_anchor(lines, last, placed=True) or prose_anchor(lines, block.prose)
    holder = _innermost_stmt(tree, lines, hint[0]) if hint is not None else None
    if hint is not None and holder is not None:
        indent = lines[holder.start][: len(lines[holder.start]) - len(lines[holder.start].lstrip())]
        new = [x for n in rest if not n.marker for x in merger.new_lines(n, indent, True)]
        at = holder.start if hint[1] else holder.end
        merger.edits.append(
            TextEdit("insert_statement", at + 1, at, f"inserted near line {hint[0] + 1}")
        )
        return [(at, at, new)]
    inside = end_of_named_function("\n".join(lines), tree, last)
    if inside is not None and not any(n.marker for n in rest):
        # "In `FailureNet.__init__` add": new lines at the end of that function's body
        body = next(
            b
            for b, sts in enumerate(all_bodies(tree, lines))
            if any(st.start == inside[2] for st in sts)
        )
        return _insert_at(
            lines, tree, Spot(inside[0], inside[1], inside[2], inside[3], False, body), rest, merger
        )
    k = min(block.follows, len(lines) - 1)
    while k > 0 and not lines[k].strip():
        k -= 1  # the step before ended on a blank line: its last statement
    below = _innermost_stmt(tree, lines, k) if block.follows >= 0 else None
    if below is not None and BELOW_PREVIOUS.search(last) and not any(n.marker for n in rest):
        # "check that it loads (in the same cell, right below):": after the step before it
        indent = lines[below.start][: len(lines[below.start]) - len(lines[below.start].lstrip())]
        new = [x for n in rest for x in merger.new_lines(n, indent, True)]
        merger.edits.append(
            TextEdit(
                "insert_statement", below.end + 1, below.end, "inserted below the step before it"
            )
        )
        return [(below.end, below.end, new)]
    at_imports = after_imports(tree, lines, block.prose, "\n".join(merger.b))
    if at_imports is not None and not any(n.marker for n in rest):
        new = [x for n in rest for x in merger.new_lines(n, "", True)]
        merger.edits.append(
            TextEdit("insert_statement", at_imports + 1, at_imports, "inserted after the imports")
        )
        return [(at_imports, at_imports, new)]
    block_text = "\n".join(merger.b)
    if MODEL_BUILDING.search(block_text):
        raise Unrelated("answer defines an unrelated model: no statement of it matches the script")
    first = next(n for n in rest if not n.marker)
    raise Refused(
        f"no anchor for `{short(merger.b[first.start])}`: no statement of the answer matches the script"
    )


def after_imports(tree: ast.Module, lines: list[str], prose: str, code: str = "") -> int | None:
    """The line after the script's leading imports, when the prose places code there, or
    the block opens with import lines the script has (in any words: "Import'lardan hemen
    sonra")."""
    last = introducing(prose)
    if not places_after_imports(last) and not _opens_with_scripts_imports(tree, code):
        return None
    end = None
    for node in tree.body:
        if isinstance(node, ast.Import | ast.ImportFrom):
            end = node.end_lineno
        elif end is not None and not _is_setup(node):
            break
    return end


def _opens_with_scripts_imports(tree: ast.Module, code: str) -> bool:
    """Whether a block's first statements are imports, each one the script has, followed
    by other code: the imports say where that code goes."""
    try:
        body = ast.parse(textwrap.dedent(code)).body
    except SyntaxError:
        return False
    imports = [n for n in tree.body if isinstance(n, ast.Import | ast.ImportFrom)]
    head = 0
    while head < len(body) and isinstance(body[head], ast.Import | ast.ImportFrom):
        head += 1
    have = {ast.dump(n) for n in imports}
    return (
        0 < head < len(body)
        and all(ast.dump(n) in have for n in body[:head])
        and ast.dump(body[head - 1]) == ast.dump(imports[-1])  # the script's last import
        and not MODEL_BUILDING.search(code)
    )


def _is_setup(node: ast.stmt) -> bool:
    """A docstring or a ``try: import`` between imports (still the import section)."""
    if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
        return True
    return isinstance(node, ast.Try) and all(
        isinstance(x, ast.Import | ast.ImportFrom) for x in node.body
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


def _new_names(node: ast.Assign, tree: ast.Module) -> bool:
    """Whether every name ``node`` binds is new to the script."""
    bound = {
        x.id for x in ast.walk(tree) if isinstance(x, ast.Name) and isinstance(x.ctx, ast.Store)
    }
    names = [x for t in node.targets for x in ast.walk(t) if isinstance(x, ast.Name)]
    return (
        bool(names)
        and all(isinstance(t, ast.Name | ast.Tuple) for t in node.targets)
        and not any(x.id in bound for x in names)
    )


def after_binding(
    tree: ast.Module, lines: list[str], n: Stmt, blines: list[str], derived: bool = False
) -> list[tuple[int, int, list[str]]] | None:
    """``backbone.trainable = False`` with no anchor: right after the one statement that
    creates ``backbone``; with ``derived``, a new value derived from the script's
    (``ids = encode(species)``, for which the prose gives no place) right after the last
    statement that creates one of those it reads."""
    node = n.node
    target: ast.expr | None = None
    if isinstance(node, ast.Assign) and len(node.targets) == 1:
        target = node.targets[0]
    if isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name) and not derived:
        reads = [target.value.id]
    elif derived and isinstance(node, ast.Assign) and _new_names(node, tree):
        reads = sorted({x.id for x in ast.walk(node.value) if isinstance(x, ast.Name)})
    else:
        return None
    made = []
    for var in reads:
        spots = [
            st
            for body in all_bodies(tree, lines)
            for st in body
            if isinstance(st.node, ast.Assign) and var in assigned_names(st.node)
        ]
        if len(spots) > 1:
            # ``labels`` made inside ``load()`` and by ``xs, labels = load()``: the module's
            top = [st for st in spots if not lines[st.start][:1].isspace()]
            if len(top) != 1:
                return None
            spots = top
        made += spots
    if not made:
        return None
    st = max(made, key=lambda x: x.end)
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

    New helper values among them (names the script does not bind) go along. None when the
    statements are not new transformations of values one script body creates once (a
    later statement with the same target is replaced by the merger).
    """
    real = [n for n in rest if not n.marker]
    script_names = {
        x for body in all_bodies(tree, lines) for o in body for x in assigned_names(o.node)
    }
    # new helper values may come with them (``mean, std = images.mean(), images.std()``
    # before ``images = (images - mean) / std``; ``aug = keras.Sequential([...])``)
    steps = [n for n in real if rebinds_itself(n.node)]
    helpers = [n for n in real if not rebinds_itself(n.node)]
    if not steps or any(
        not isinstance(n.node, ast.Assign) or assigned_names(n.node) & script_names for n in helpers
    ):
        return None
    wanted = set().union(*(assigned_names(n.node) for n in steps))
    for body in all_bodies(tree, lines):
        if any(o.dump == n.dump for o in body for n in real):
            return None
        if any(
            rebinds_itself(o.node) and o.key == n.key and not unlike_steps(o.node, n.node)
            for o in body
            for n in real
        ):
            return None
    homes = []
    for body in all_bodies(tree, lines):
        spots = [k for k, o in enumerate(body) if assigned_names(o.node) & wanted]
        made = [x for k in spots for x in assigned_names(body[k].node) if x in wanted]
        firsts = [k for k in spots if not rebinds_itself(body[k].node)]
        made_first = [x for k in firsts for x in assigned_names(body[k].node) if x in wanted]
        if len(made_first) > len(set(made_first)):
            return None  # made more than once: the merger picks the statement it rewrites
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


def _insert_at(
    lines: list[str], tree: ast.Module, spot: Spot, rest: list[Stmt], merger: Merger
) -> list[tuple[int, int, list[str]]]:
    """The block's statements inserted at the place the prose gives; its last statements
    that re-paste the script's next ones (same target and call) rewrite those instead:
    "apply it right after `inputs`:" ``x = aug(inputs)`` then the script's next layer
    made to read it is that layer rewritten, not added a second time."""
    real = [n for n in rest if not n.marker]
    body = all_bodies(tree, lines)[spot.body]
    following = [st for st in body if st.start >= spot.at]
    # the block's first lines repeat the script's lines right above the place (context
    # shown around the new line): they are there already
    above = [st.dump for st in body if st.end <= spot.at]
    for k in range(min(len(real) - 1, len(above)), 0, -1):
        if [n.dump for n in real[:k]] == above[len(above) - k :]:
            real = real[k:]
            break
    tail = _rewritten_tail(real, following)
    new = _spaced(real[: len(real) - tail], merger, spot.indent)
    where = "after" if spot.after else "before"
    merger.edits.append(
        TextEdit(
            "insert_statement",
            spot.at + 1,
            spot.at,
            f"inserted {where} line {spot.anchor + 1}, where the prose puts it",
        )
    )
    if not tail:
        return [(spot.at, spot.at, new)]
    rewritten = following[tail - 1]
    new += lines[spot.at : following[0].start]
    new += [x for n in real[-tail:] for x in merger.new_lines(n, spot.indent, True)]
    merger.edits.append(
        TextEdit(
            "replace_statement",
            following[0].start + 1,
            rewritten.end,
            f"rewrote line {following[0].start + 1}, the script's next statement, re-pasted",
        )
    )
    return [(spot.at, rewritten.end, new)]


def _spaced(stmts: list[Stmt], merger: Merger, indent: str) -> list[str]:
    """The statements' lines, with a blank line between two of them where the block has one."""
    out: list[str] = []
    for i, n in enumerate(stmts):
        chunk = merger.new_lines(n, indent, True)
        above = n.start - (len(chunk) - (n.end - n.start)) - 1  # the line above its comments
        if i and above >= 0 and not merger.b[above].strip():
            out.append("")
        out.extend(chunk)
    return out


def _rewritten_tail(real: list[Stmt], following: list[Stmt]) -> int:
    """How many of the last statements of a block placed by the prose re-paste, in order,
    the script statements right after the place (same target, same call, other
    arguments); 0 when none, or when every statement would (nothing is new then)."""
    for tail in range(len(real) - 1, 0, -1):
        pairs = list(zip(real[-tail:], following[:tail], strict=False))
        if len(pairs) == tail and all(
            n.key is not None and n.key == o.key and _same_layer_call(n.node, o.node)
            for n, o in pairs
        ):
            return tail
    return 0


def _same_layer_call(a: ast.stmt, b: ast.stmt) -> bool:
    """The same call, down to the layer a ``model.add(...)``-style call is given
    (``model.add(Dense(40))`` is no re-paste of ``model.add(Reshape((4, 10)))``)."""
    if callee(a) != callee(b) or callee(a) is None:
        return False
    va, vb = getattr(a, "value", None), getattr(b, "value", None)
    args_a = va.args if isinstance(va, ast.Call) else []
    args_b = vb.args if isinstance(vb, ast.Call) else []
    inner_a = args_a[0] if args_a and isinstance(args_a[0], ast.Call) else None
    inner_b = args_b[0] if args_b and isinstance(args_b[0], ast.Call) else None
    if inner_a is None or inner_b is None:
        return inner_a is None and inner_b is None
    return ast.unparse(inner_a.func) == ast.unparse(inner_b.func)


def after_siblings(
    tree: ast.Module, lines: list[str], n: Stmt, blines: list[str]
) -> list[tuple[int, int, list[str]]] | None:
    """A new ``p.add_argument("--out", ...)`` with no anchor: right after the last of the
    script's calls of the same method (``p.add_argument("--lr", ...)``...), when they are in
    one statement list."""
    mine = named_by(n.node)
    if mine is None:
        return None
    for body in all_bodies(tree, lines):
        same = [st for st in body if (t := named_by(st.node)) is not None and t[0] == mine[0]]
        if len(same) < 2 or any(named_by(st.node) == mine for st in same):
            continue
        st = same[-1]
        indent = lines[st.start][: len(lines[st.start]) - len(lines[st.start].lstrip())]
        code = blines[n.start : n.end]
        have = code[0][: len(code[0]) - len(code[0].lstrip())]
        new = [indent + x[len(have) :] if x.startswith(have) else indent + x.lstrip() for x in code]
        return [(st.end, st.end, new)]
    return None
