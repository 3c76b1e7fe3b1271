"""Which script statement a block statement with a *key* (``def name``, an assignment
target, a called method such as ``model.compile``) replaces: the candidates between the
placed neighbours, a transformation (``x = f(x)``) never taking the place of the statement
that creates its value, close variants, rewritten runs of lines, and the refusal of a key
that matches several places with nothing to choose between them."""

from __future__ import annotations

import ast
import difflib
import re

from gptfix.llm.block_text import literals_out
from gptfix.llm.occurrence import named_in, pick, said_layer_names, said_which
from gptfix.llm.patches import Refused, short
from gptfix.llm.stmts import Stmt, assigned_names, callee, rebinds_itself


def _label(node: ast.stmt) -> str:
    """What names a statement's call among its siblings: its first positional string
    (``"--units"``, a file name, a key) or its ``name=`` string; "" when it has neither."""
    value = getattr(node, "value", None)
    if not isinstance(value, ast.Call):
        return ""
    first = value.args[0] if value.args else None
    if isinstance(first, ast.Constant) and isinstance(first.value, str):
        return first.value
    named = [k.value for k in value.keywords if k.arg == "name"]
    if named and isinstance(named[0], ast.Constant) and isinstance(named[0].value, str):
        return named[0].value
    return ""


def _unpacked(old: list[Stmt], n: Stmt, cursor: int, nxt: int, used: set[int]) -> int | None:
    """``y_s, mu, sd = scale(y)`` for the script's ``y_s = scale(y)``, ``loss, mae, rmse =
    model.evaluate(...)`` for ``loss, mae = model.evaluate(...)``: the same value, now
    unpacked into more names, among them the script's, rewrites that statement."""
    node = n.node
    if not (
        isinstance(node, ast.Assign)
        and len(node.targets) == 1
        and isinstance(node.targets[0], ast.Tuple | ast.List)
    ):
        return None
    names = {e.id for e in node.targets[0].elts if isinstance(e, ast.Name)}
    value = ast.dump(node.value)
    same = [
        k
        for k in range(cursor + 1, nxt)
        if k not in used
        and isinstance(o := old[k].node, ast.Assign)
        and len(o.targets) == 1
        and (theirs := _target_names(o.targets[0])) is not None
        and theirs < names
        and ast.dump(o.value) == value
    ]
    return same[0] if len(same) == 1 else None


def _renamed_result(
    old: list[Stmt], n: Stmt, cursor: int, nxt: int, used: set[int], later: list[Stmt]
) -> int | None:
    """``history = net.fit(...)`` for the script's ``hist = net.fit(...)``: the same call's
    result under a name the body never binds is that statement, renamed by the answer;
    never when the answer goes on to use its name (``tta = model.predict(X)`` then ``tta +=
    ...``: a value of its own)."""
    same = [
        k for k in range(cursor + 1, nxt) if k not in used and renamed_like(n, old[k], old, later)
    ]
    return same[0] if len(same) == 1 else None


#: a model's runs: one call, one result, whatever the answer names it
_RUNS = frozenset({"fit", "fit_generator", "evaluate", "predict", "train_on_batch"})


def renamed_like(n: Stmt, o: Stmt, body: list[Stmt], others: list[Stmt]) -> bool:
    """Whether the answer's assignment ``n`` is the script's ``o`` under a name the body
    never binds: the same run of a model of the body (``net.fit``), its result named
    otherwise, and not read by the answer's ``others`` statements."""
    if not isinstance(n.node, ast.Assign) or not isinstance(o.node, ast.Assign) or n.alt is None:
        return False
    func = n.node.value.func if isinstance(n.node.value, ast.Call) else None
    if not (
        isinstance(func, ast.Attribute)
        and isinstance(func.value, ast.Name)
        and func.attr in _RUNS
        and any(func.value.id in assigned_names(b.node) for b in body)
    ):
        return False  # ``twin = Net(...)``, ``val = rng.integers(...)``: a new value
    mine = assigned_names(n.node)
    return (
        bool(mine)
        and o.alt == n.alt
        and not any(mine & assigned_names(b.node) for b in body)
        # ``tta = model.predict(X)`` then ``tta += ...``: the answer's own value
        and not any(
            isinstance(x, ast.Name) and x.id in mine
            for m in others
            if m is not n
            for x in ast.walk(m.node)
        )
    )


def _target_names(target: ast.expr) -> set[str] | None:
    """The plain names an assignment target binds (``a`` or ``a, b``), or None."""
    if isinstance(target, ast.Name):
        return {target.id}
    if isinstance(target, ast.Tuple | ast.List) and all(
        isinstance(e, ast.Name) for e in target.elts
    ):
        return {e.id for e in target.elts if isinstance(e, ast.Name)}
    return None


def _dotted(node: ast.AST) -> set[str]:
    """The names and attribute chains a statement reads (``Config.lr_ft``, ``x_val``)."""
    out = set()
    for sub in ast.walk(node):
        if isinstance(sub, ast.Attribute | ast.Name):
            try:
                out.add(ast.unparse(sub))
            except (ValueError, RecursionError):
                continue
    return out


def _own_names(old: list[Stmt], cands: list[int], block_lines: list[str]) -> list[int]:
    """Of ``cands``, those reading a name or attribute (``Config.lr_ft``) that the answer's
    block reads too and no other candidate reads."""
    theirs = {k: _dotted(old[k].node) for k in cands}
    code = "\n".join(x.split("#", 1)[0] for x in block_lines)
    mine = set(re.findall(r"(?<![\w.])[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*", code))
    return [
        k
        for k in cands
        if any(d in mine and all(d not in theirs[j] for j in cands if j != k) for d in theirs[k])
    ]


def _elided_before(anchor: Stmt, later: list[Stmt]) -> bool:
    """An elision marker among the answer's statements before the one that is ``anchor``."""
    for m in later:
        if m.marker:
            return True
        if m.dump == anchor.dump:
            return False
    return False


def key_match(
    block_lines: list[str],
    old: list[Stmt],
    n: Stmt,
    cursor: int,
    nxt: int,
    used: set[int],
    bounded: bool,
    after_marker: bool = False,
    later: list[Stmt] | None = None,
    block_bound: set[str] | None = None,
    follows: int = -1,
    said: str = "",
    traced: frozenset[str] = frozenset(),
) -> int | None:
    """The script statement of ``old`` that the block statement ``n``, which has a key
    (``def name``, an assignment target, a called method), replaces; None when it is new.
    Refuses a key that matches several places with nothing to choose between them."""
    if n.key is None or n.new_mark or n.is_import:
        return None
    if new_sibling(n.node, [o.node for o in old if o.key == n.key]):
        return None
    cands = [k for k in range(cursor + 1, nxt) if k not in used and n.keyed_like(old[k])]
    if rebinds_itself(n.node) and not assigned_names(n.node) & (block_bound or set()):
        # ``labels = labels - 1`` transforms the script's labels: it never takes the
        # place of the statement that first creates them
        names = assigned_names(n.node)
        cands = [
            k
            for k in cands
            if rebinds_itself(old[k].node) or any(names & assigned_names(o.node) for o in old[:k])
        ]
    if rebinds_itself(n.node):
        # ``X = X[..., np.newaxis]`` after ``X = (X - mu) / sd``: another kind of step on
        # the same value is a new step, never a rewrite of the normalisation
        cands = [k for k in cands if not unlike_steps(old[k].node, n.node)]
    if not cands:
        return _unpacked(old, n, cursor, nxt, used) or _renamed_result(
            old, n, cursor, nxt, used, later or []
        )
    if after_marker and cursor >= 0:
        # right after an elision marker: the one statement of the same call it rewrites
        same_call = [k for k in cands if callee(old[k].node) == callee(n.node)]
        if len(same_call) == 1:
            return same_call[0]
    if len(cands) == 1 and (bounded or n.is_def or _unique(old, n.key)):
        only = old[cands[0]]
        if _same_chain(only.node, n.node):
            # ``ds = ds.map(f).batch(B)`` given as ``ds = ds.map(f).batch(B).prefetch(A)``:
            # the same method chain with steps added or changed is a rewrite of it
            return cands[0]
        if (
            cursor >= 0
            and rebinds_itself(n.node)
            and callee(only.node) != callee(n.node)
            and cands[0] != cursor + 1
        ):
            # ``ds = ds.map(augment)`` right after its anchor is a new step of the
            # chain, not a rewrite of a later ``ds = ds.batch(...)``
            return None
        if (
            cursor >= 0
            and rebinds_itself(n.node)
            and nxt != cands[0] + 1
            and not _close_callees(only.node, n.node)
        ):
            # ``x = layers.Dropout(0.3)(x)`` right after its anchor, with nothing of the
            # script after it: a new step of the chain, not a rewrite of the next one
            # (``GlobalMaxPooling2D`` for ``GlobalAveragePooling2D`` is a rewrite)
            return None
        return cands[0]
    if n.is_def:
        return cands[0] if len(cands) == 1 else None
    wrapping = [k for k in cands if _wraps(old[k].node, n.node)]
    if len(wrapping) == 1:
        # ``X = np.repeat(X.reshape(-1, 96, 96, 1), 3, axis=-1)`` of the two ``X = ...``:
        # the one whose value it takes in whole and wraps
        return wrapping[0]
    same = [k for k in cands if callee(old[k].node) == callee(n.node)]
    if cursor < 0 and nxt >= len(old) and not bounded:
        if len(same) == 1:
            return same[0]
        # several statements set the same target (``x = ...(x)`` chains): take the one
        # this is clearly a variant of (the only one that differs from it by numbers
        # alone, else the closest by far), else refuse
        twins = [
            k
            for k in cands
            if literals_out(old[k].node, numbers_only=True)
            == literals_out(n.node, numbers_only=True)
        ]
        if len(twins) == 1:
            return twins[0]
        labelled = [k for k in (same or cands) if _label(old[k].node) == _label(n.node) != ""]
        if len(labelled) == 1:
            # ``parser.add_argument("--units", type=int, default=64)`` among three
            # ``add_argument`` calls: the one for the same flag (name, path, key)
            return labelled[0]
        sims = sorted(((_similar(old[k].node, n.node), k) for k in cands), reverse=True)
        runner_up = sims[1][0] if len(sims) > 1 else 0.0
        if sims and sims[0][0] >= 0.75 and sims[0][0] - runner_up >= 0.1:
            return sims[0][1]
        if _neighbour_places(old, later or [], used):
            # ``x = Concatenate()([inputs] * 3)`` before ``x = backbone(x)``: the next
            # statement rewrites exactly one script statement (same target, same call),
            # so this one is new and goes right before that one
            return None
        run = _run_start(old, n, later or [], cands)
        if run is not None:
            return run
        pool = same or cands
        layer = said_layer_names(said)
        by_name = [k for k in cands if layer and named_in(old[k].node, layer)]
        if len(by_name) == 1:
            return by_name[0]  # "`name="flatten"` 인 레이어를 ... 로 바꾸세요"
        named = callee(n.node)
        chosen = pick(pool, said_which(said, named.rsplit(".", 1)[-1])) if named else None
        if chosen is not None and len(chosen) == 1:
            return chosen[0]  # "before the second compile, make the schedule and ..."
        down = [k for k in pool if old[k].start > follows >= 0]
        if down and len(down) < len(pool):
            # "Step 3: recompile" after step 2 rewrote the unfreezing loop: of the two
            # ``model.compile`` calls, the first one below the step before it
            return down[0]
        own = _own_names(old, same or cands, block_lines)
        if len(own) == 1:
            # ``net.compile(optimizer=Adam(CosineDecay(Config.lr_ft, ...)))`` of the two
            # compiles: the one that alone reads ``Config.lr_ft`` as the answer does
            return own[0]
        failed = [k for k in (same or cands) if old[k].dump in traced]
        if len(failed) == 1:
            return failed[0]  # the one the answer's traceback shows failing
        keeping = [k for k in (same or cands) if grown(old[k].node, n.node)]
        if len(keeping) == 1:
            # ``model.add(layers.Dense(units, activation="relu", kernel_regularizer=...))``
            # among three ``model.add(...)``: the one whose every argument it keeps
            return keeping[0]
        where = " and ".join(str(old[k].start + 1) for k in (same or cands)[:4])
        raise Refused(f"ambiguous anchor: `{short(block_lines[n.start])}` matches lines {where}")
    if cursor < 0 and len(same) == 1 and nxt >= len(old):
        return same[0]
    if cursor >= 0:
        near = [k for k in same if k - cursor <= 3]
        if near:
            return near[0]
        # right after an anchor, a close variant of the next statement replaces it
        # (``GlobalMaxPooling2D`` for ``GlobalAveragePooling2D``); anything else is new
        nxt_old = cursor + 1
        if nxt_old in cands and _similar(old[nxt_old].node, n.node) >= 0.75:
            return nxt_old
        return None
    if nxt < len(old):
        if _elided_before(old[nxt], later or []):
            # ``spec = spec * gain`` / ``...`` / ``return spec``: what the marker stands for
            # lies between, so being near the next anchor says nothing
            return None
        near = [k for k in same if nxt - k <= 3]
        return near[-1] if near else None
    return None


def _neighbour_places(old: list[Stmt], later: list[Stmt], used: set[int]) -> bool:
    """Whether the next statement of the slice names one script statement by its key
    and call (``x = backbone(x)`` for ``x = backbone(inputs)``)."""
    n = next((m for m in later if not m.marker), None)
    if n is None or n.key is None or callee(n.node) is None:
        return False
    spots = [
        k
        for k, o in enumerate(old)
        if k not in used and n.keyed_like(o) and callee(o.node) == callee(n.node)
    ]
    return len(spots) == 1


def _similar(a: ast.stmt, b: ast.stmt) -> float:
    return difflib.SequenceMatcher(a=ast.unparse(a), b=ast.unparse(b), autojunk=False).ratio()


def _unique(old: list[Stmt], key: str) -> bool:
    return sum(1 for o in old if o.key == key) == 1


def _run_start(old: list[Stmt], n: Stmt, later: list[Stmt], cands: list[int]) -> int | None:
    """The one candidate where this statement and the ones after it set, in order, the
    same targets as consecutive script statements (a rewritten run of lines:
    ``train_images = normalize(train_images)`` then ``test_images = ...`` for the
    script's two normalisation lines)."""
    run = [n]
    for m in later:
        if m.marker or m.key is None:
            break
        run.append(m)
    if len(run) < 2:
        return None
    fits = [
        k
        for k in cands
        if k + len(run) <= len(old) and all(old[k + j].key == run[j].key for j in range(len(run)))
    ]
    return fits[0] if len(fits) == 1 else None


def unlike_steps(a: ast.stmt, b: ast.stmt) -> bool:
    """Two statements that each transform a value in place (``x = f(x)``) by operations
    they share none of (an indexing beside an arithmetic, calls of other functions)."""
    if not (rebinds_itself(a) and rebinds_itself(b)):
        return False
    va, vb = getattr(a, "value", None), getattr(b, "value", None)
    if va is None or vb is None:
        return False
    sa, sb = _operations(va), _operations(vb)
    if "?" in sa | sb:
        return False  # ``x = scale(x)``: a helper of the code's own may do the same thing
    return bool(sa) and bool(sb) and not sa & sb


def _operations(value: ast.expr) -> set[str]:
    """What a value's expression does: its operators, the functions and methods it calls,
    indexing (``(x - mu) / sd``: Sub, Div; ``x[..., None]``: index)."""
    out: set[str] = set()
    for n in ast.walk(value):
        if isinstance(n, ast.BinOp | ast.UnaryOp):
            out.add(type(n.op).__name__)
        elif isinstance(n, ast.Call):
            f = n.func  # a library's function or a method by its name; a bare name is unknown
            out.add(f.attr if isinstance(f, ast.Attribute) else "?")
        elif isinstance(n, ast.Subscript):
            out.add("index")
    return out


def _close_callees(a: ast.stmt, b: ast.stmt) -> bool:
    """The same call, or close variants of one (``GlobalMaxPooling2D`` and
    ``GlobalAveragePooling2D``, ``Conv2D`` and ``Conv2DTranspose``)."""
    ca, cb = callee(a), callee(b)
    if ca is None or cb is None:
        return ca == cb
    la, lb = ca.rsplit(".", 1)[-1], cb.rsplit(".", 1)[-1]
    return la == lb or difflib.SequenceMatcher(a=la, b=lb, autojunk=False).ratio() >= 0.6


def _chain_head(node: ast.stmt) -> str | None:
    """The first call of a method chain an assignment makes (``ds.map(f)`` of ``ds =
    ds.map(f).batch(B)``), when the chain has at least two calls."""
    if not isinstance(node, ast.Assign):
        return None
    value: ast.expr = node.value
    steps = 0
    while (
        isinstance(value, ast.Call)
        and isinstance(value.func, ast.Attribute)
        and isinstance(value.func.value, ast.Call)
    ):
        value, steps = value.func.value, steps + 1
    if steps == 0 or not isinstance(value, ast.Call):
        return None
    return ast.unparse(value)


def grown(old: ast.stmt, new: ast.stmt) -> bool:
    """``new`` is ``old`` with keywords added to (or changed in) its calls: every call of
    ``old`` has one in ``new`` of the same function and positional arguments that gives
    each of its keywords."""
    if type(old) is not type(new) or not isinstance(old, ast.Assign | ast.Expr):
        return False
    if isinstance(old, ast.Assign) and isinstance(new, ast.Assign):
        if [ast.dump(t) for t in old.targets] != [ast.dump(t) for t in new.targets]:
            return False
    mine = [c for c in ast.walk(old) if isinstance(c, ast.Call)]
    theirs = [c for c in ast.walk(new) if isinstance(c, ast.Call)]
    if not mine:
        return False
    for call in mine:
        head = (ast.dump(call.func), [_bare(a) for a in call.args])
        names = {k.arg for k in call.keywords}
        if not any(
            (ast.dump(t.func), [_bare(a) for a in t.args]) == head
            and names <= {k.arg for k in t.keywords}
            for t in theirs
        ):
            return False
    return ast.dump(old) != ast.dump(new)


def _bare(node: ast.expr) -> str:
    """``node`` dumped with the keywords of its calls left out (checked call by call)."""
    copy = ast.parse(ast.unparse(node), mode="eval").body
    for c in ast.walk(copy):
        if isinstance(c, ast.Call):
            c.keywords = []
    return ast.dump(copy)


def _wraps(old: ast.stmt, new: ast.stmt) -> bool:
    """``new`` assigns what ``old`` does with ``old``'s value (a call, not a bare name or
    literal) inside a larger expression: a rewrite of ``old``."""
    if not isinstance(old, ast.Assign) or not isinstance(new, ast.Assign):
        return False
    if not isinstance(old.value, ast.Call) or ast.dump(old.value) == ast.dump(new.value):
        return False
    inner = ast.dump(old.value)
    return any(ast.dump(sub) == inner for sub in ast.walk(new.value))


def _same_chain(a: ast.stmt, b: ast.stmt) -> bool:
    """Two method chains that start with the same call on the same value."""
    head = _chain_head(a)
    return head is not None and head == _chain_head(b)


def new_sibling(node: ast.stmt, same: list[ast.stmt]) -> bool:
    """``p.add_argument("--out", ...)`` beside the script's ``p.add_argument("--lr", ...)``
    lines: a method call whose first argument, a string naming what it adds, none of the
    script's calls of that method has. A new statement, never an edit of one of them."""
    mine = named_by(node)
    if mine is None or len(same) < 2:
        return False
    theirs = [named_by(o) for o in same]
    return all(t is not None for t in theirs) and mine[1] not in {t[1] for t in theirs if t}


def named_by(node: ast.stmt) -> tuple[str, str] | None:
    """(method, first argument) of a statement that is one method call given a string
    first (``parser.add_argument("--lr", ...)``), else None."""
    value = node.value if isinstance(node, ast.Expr) else None
    if not isinstance(value, ast.Call) or not isinstance(value.func, ast.Attribute):
        return None
    first = value.args[0] if value.args else None
    if not isinstance(first, ast.Constant) or not isinstance(first.value, str):
        return None
    return ast.unparse(value.func), first.value
