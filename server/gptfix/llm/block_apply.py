"""Apply one block of an answer to the script text, by the kind of block it is.

Bridges the applier's loop over blocks (:mod:`gptfix.llm.apply`) and the placers: a
SEARCH/REPLACE or a pair by its text (its replacement read in the scope where the SEARCH
text is), an inline change, a diff, and Python code by its statements
(:mod:`gptfix.llm.code_block`), as a list item, or line by line when it is a fragment.
"""

from __future__ import annotations

import ast
import builtins
import re
import textwrap

from gptfix.errors import Unrelated
from gptfix.llm import names_bridge
from gptfix.llm.answer import Block, is_elision
from gptfix.llm.arguments import keywords_of_one_call
from gptfix.llm.blocks import introducing
from gptfix.llm.code_block import apply_code
from gptfix.llm.deferred import NewTopLevel
from gptfix.llm.diffs import apply_diff
from gptfix.llm.fragments import apply_fragment
from gptfix.llm.list_item import add_list_item, as_item_of_quoted
from gptfix.llm.nonedit import not_in_script
from gptfix.llm.occurrence import said_which
from gptfix.llm.patches import (
    Refused,
    TextEdit,
    apply_inline,
    apply_search_replace,
    callee_tail,
    find_lines,
    short,
)
from gptfix.llm.prose_edits import BOTH_PLACES
from gptfix.llm.prose_place import places_after_imports
from gptfix.llm.quoted_run import quoted_followers
from gptfix.llm.related import bound_names
from gptfix.llm.renames import made_by, rename_names
from gptfix.llm.requalify import changed_elsewhere, requalified, respelled
from gptfix.llm.result import ApplyResult, NameChange
from gptfix.llm.roles import in_script
from gptfix.llm.scoped import apply_scoped_inline
from gptfix.llm.shapes import elided_inside_brackets, is_fragment
from gptfix.llm.stmts import starred_elisions


def _search_line(text: str, search: str) -> int | None:
    """The 1-based line where a SEARCH text starts in the script, when it is there once:
    its replacement is read in that scope (``cfg`` a parameter of the function there)."""
    try:
        start, _ = find_lines(text.split("\n"), search.split("\n"), what="SEARCH text")
    except Refused:
        return None
    return start + 1


def _quoted_line(text: str, prose: str) -> int | None:
    """The 1-based line of the script that the last paragraph of ``prose`` quotes as a
    whole statement line, when exactly one line is quoted so."""
    last = introducing(prose)
    rows = [re.sub(r"\s+", "", x) for x in text.split("\n")]
    hits = {
        k + 1
        for q in re.findall(r"`([^`\n]{8,})`", last)
        for k, row in enumerate(rows)
        if row and row == re.sub(r"\s+", "", q)
    }
    if len(hits) != 1:
        return None
    at = hits.pop()
    # what the quoted line binds is in scope for the block placed by it ("right after
    # `y_train, y_val = ...`, add:" reads ``y_train``): the line after it, in its body
    lines = text.split("\n")
    depth = len(lines[at - 1]) - len(lines[at - 1].lstrip())
    below = next((k for k in range(at, len(lines)) if lines[k].strip()), None)
    if below is not None and len(lines[below]) - len(lines[below].lstrip()) >= depth:
        return below + 1
    return at


def _drifted_twin(text: str, code: str) -> tuple[int, str, str] | None:
    """(1-based line, answer name, script name) for a block that is one assignment under a
    name the script does not have, reading names it does not have either (or shown in part,
    ``model = keras.Sequential([..., ...])``), whose value the
    same function makes with as many arguments as the script's one such assignment:
    ``model = VAE(enc, dec, beta=b)`` is the answer's spelling of ``vae = VAE(encoder,
    decoder)``. None otherwise (``val_ds = make_ds(x_val)`` is a new value)."""
    try:
        body = ast.parse(textwrap.dedent(code)).body
        tree = ast.parse(text)
    except SyntaxError:
        return None
    first = body[0] if len(body) == 1 else None
    if not (
        isinstance(first, ast.Assign)
        and len(first.targets) == 1
        and isinstance(first.targets[0], ast.Name)
        and isinstance(first.value, ast.Call)
    ):
        return None
    bound = bound_names(tree) | set(dir(builtins))
    reads = {x.id for x in ast.walk(first.value) if isinstance(x, ast.Name)}
    elided = any(isinstance(n, ast.Constant) and n.value is Ellipsis for n in ast.walk(first))
    if first.targets[0].id in bound or not (reads - bound or elided):
        return None  # all the script's names and nothing left out: a new value
    want, count = made_by(first), len(first.value.args)
    hits = [
        n
        for n in ast.walk(tree)
        if isinstance(n, ast.Assign)
        and len(n.targets) == 1
        and isinstance(n.targets[0], ast.Name)
        and isinstance(n.value, ast.Call)
        and made_by(n) == want
        and len(n.value.args) == count
    ]
    if len(hits) != 1 or want is None:
        return None
    target = hits[0].targets[0]
    assert isinstance(target, ast.Name)
    mine = set(re.findall(r"[a-z]+", first.targets[0].id.lower()))
    if mine & _ROLES - set(re.findall(r"[a-z]+", target.id.lower())):
        return None  # ``test_ds = make_ds(x_test)`` beside ``train_ds``: another value
    if not any(
        isinstance(n, ast.Name) and n.id == target.id and isinstance(n.ctx, ast.Load)
        for n in ast.walk(tree)
    ):
        return None  # the script never reads its value: nothing says the answer means it
    return hits[0].lineno, first.targets[0].id, target.id


#: words that make a name another value than the script's (a test set beside the training one)
_ROLES = frozenset(
    "test val valid validation eval holdout second other extra new aug augmented ft fine "
    "teacher student ema copy twin".split()
)


def _every_place(
    text: str, block: Block, replace: str, exc: Refused
) -> tuple[str, TextEdit] | None:
    """A one-line change whose line the script has in several places, when the sentence
    that quotes it says to change it in each ("in both places", "两处都要改")."""
    assert block.search is not None
    old, new = block.search.strip(), replace.strip()
    if "ambiguous" not in exc.reason or "\n" in old or "\n" in new or not old or not new:
        return None
    said = block.prose + "\n" + block.after
    quoted = said.rfind(f"`{old}`")
    if quoted < 0:
        return None
    clause = re.split(r"[.!?。！？]\s|\n\n", said[quoted:], maxsplit=1)[0]
    if not BOTH_PLACES.search(clause):
        return None
    return apply_inline(text, old, new, 2)


def _keywords_for_calls(text: str, code: str, prose: str) -> tuple[str, list[TextEdit]] | None:
    """A block that is one call given only ``...`` and keywords (``model.fit(...,
    callbacks=[early])``), when the words pick several of the script's calls of that
    function ("pásalo a las dos llamadas a `fit`"): those keywords set in each of them."""
    try:
        body = ast.parse(textwrap.dedent(code)).body
    except SyntaxError:
        return None
    value = body[0].value if len(body) == 1 and isinstance(body[0], ast.Expr | ast.Assign) else None
    if not (
        isinstance(value, ast.Call)
        and len(value.args) == 1
        and isinstance(value.args[0], ast.Constant)
        and value.args[0].value is Ellipsis
        and value.keywords
        and all(k.arg for k in value.keywords)
    ):
        return None
    func = callee_tail(value)
    if said_which(prose, func) != 0:
        return None
    items = [ast.get_source_segment(textwrap.dedent(code), k) or "" for k in value.keywords]
    try:
        return keywords_of_one_call(text, items, f"{prose} `{func}`")
    except Refused:
        return None


def _top_then_rest(text: str, code: str, prose: str) -> tuple[str, str] | None:
    """(the new lines above the block's first elision marker, the rest) when the prose puts
    code right after the imports and nothing above the marker is the script's: the lines
    go there, the rest (``decoded = ...(dtype="float32")``) where it anchors."""
    if not places_after_imports(introducing(prose)):
        return None
    rows = code.split("\n")
    cut = next((k for k, x in enumerate(rows) if is_elision(x)), None)
    if cut is None:
        return None
    head, tail = "\n".join(rows[:cut]).strip("\n"), "\n".join(rows[cut + 1 :]).strip("\n")
    if not head.strip() or not tail.strip():
        return None
    try:
        mine = ast.parse(textwrap.dedent(head)).body
        script = ast.parse(text)
    except SyntaxError:
        return None
    theirs = {ast.dump(n) for n in ast.walk(script) if isinstance(n, ast.stmt)}
    if any(ast.dump(n) in theirs or isinstance(n, ast.Import | ast.ImportFrom) for n in mine):
        return None
    return head, tail


def _unknown(code: str, text: str) -> int:
    """How many names ``code`` reads that neither it, the script nor Python binds."""
    try:
        tree = ast.parse(textwrap.dedent(code))
        script = ast.parse(text)
    except SyntaxError:
        return 0
    known = bound_names(tree) | bound_names(script) | set(dir(builtins))
    return len(
        {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
        - known
    )


def _twin_line(text: str, code: str) -> int | None:
    """The 1-based line of the one statement of the script that assigns what the block's
    first statement assigns, from the same call (``outputs = layers.Dense(...)(x)`` re-pasted
    with a new argument), or makes the same call (``model.compile(...)``): the block's names
    are those in scope there."""
    try:
        first = ast.parse(textwrap.dedent(code)).body[0]
        tree = ast.parse(text)
    except (SyntaxError, IndexError):
        return None

    def key(node: ast.AST) -> tuple[str, str] | None:
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):
            return "", ast.unparse(node.value.func)  # ``model.compile(...)`` given anew
        if not (isinstance(node, ast.Assign) and len(node.targets) == 1):
            return None
        target, value = node.targets[0], node.value
        while isinstance(value, ast.Call) and isinstance(value.func, ast.Call):
            value = value.func  # ``layers.Dense(n)(x)``: the layer's call
        if not isinstance(target, ast.Name) or not isinstance(value, ast.Call):
            return None
        return target.id, callee_tail(value)

    want = key(first)
    hits = [
        n.lineno
        for n in ast.walk(tree)
        if isinstance(n, ast.Assign | ast.Expr) and want and key(n) == want
    ]
    return hits[0] if len(hits) == 1 else None


def apply_block(
    text: str,
    block: Block,
    result: ApplyResult,
    deferred: list[NewTopLevel],
    at_line: int | None,
    prose: str,
    own: frozenset[str] = frozenset(),
) -> str:
    """``text`` with one block of the answer applied (its names reconciled first);
    :class:`Refused` when it does not fit."""
    if block.kind in ("search_replace", "pair"):
        assert block.search is not None and block.replace is not None
        if (
            block.either_way
            and in_script(block.replace, text)
            and not in_script(block.search, text)
        ):
            block.search, block.replace = block.replace, block.search  # the script has the other
        elif block.either_way and not in_script(block.search, text):
            raise Refused(
                "the answer shows two versions of a line with no word for which is new, and "
                "the script has neither"
            )
        replace: str = block.replace
        changes: list[tuple[str, str, str]] = []
        try:
            replace, changes = names_bridge.reconcile(
                block.replace,
                text,
                at_line if at_line is not None else _search_line(text, block.search),
                prose,
                add_imports=False,
                own=own,
                unclear=result.unclear_names,
            )
            until_last = block.until_last if block.kind == "pair" else False
            text, edit = apply_search_replace(text, block.search, replace, until_last)
            result.names.extend(NameChange(*c) for c in changes)
            result.edits.append(edit)
            return text
        except Refused as exc:
            both = _every_place(text, block, replace, exc)
            if both is not None:  # "把 `X` 改成下面这样，两处都要改": each of the lines
                result.names.extend(NameChange(*c) for c in changes)
                result.edits.append(both[1])
                return both[0]
            if block.kind == "search_replace" or "not found" not in exc.reason:
                raise
            respelt = respelled(text, block.search, block.replace)
            if respelt is not None:  # "replace `np_utils.f(y)` with `f(y)`": its calls, anew
                result.edits.append(respelt[1])
                return respelt[0]
            foreign = changed_elsewhere(block.search, block.replace, text)
            if foreign is not None:  # what it changes is nothing the script does
                raise Unrelated(
                    f"the code the answer changes (`{short(foreign)}`) is not in the script: "
                    "it is written for other code"
                ) from None
        # the "before" code is misquoted: place the "after" code by itself
    if block.kind == "inline":
        assert block.search is not None and block.replace is not None
        if block.scope:
            try:  # "In `model.fit`, change `y_train` to `y_train_oh`": that call only
                text, edit = apply_scoped_inline(
                    text, block.scope, block.search, block.replace, block.every
                )
            except Refused:
                text, edit = apply_inline(text, block.search, block.replace, block.every)
        else:
            try:
                text, edit = apply_inline(text, block.search, block.replace, block.every)
            except Refused:
                respelt = respelled(text, block.search, block.replace)
                if respelt is None:
                    raise
                text, edit = respelt  # `np_utils.f(y)` -> `f(y)`: the script's calls, anew
        result.edits.append(edit)
        return text
    if block.kind == "diff":
        text, edits = apply_diff(text, block.text)
        result.edits.extend(edits)
        return text
    said = as_item_of_quoted(text, block.text, block.prose) if block.line <= 0 else block.text
    drift = _drifted_twin(text, said) if at_line is None else None
    if drift is not None:  # ``model = VAE(enc, dec)`` for the script's ``vae = VAE(...)``
        said = rename_names(said, {drift[1]: drift[2]})
        result.names.append(NameChange(drift[1], drift[2], "the same call's value, its own name"))
        at_line = drift[0]
    moved = requalified(text, textwrap.dedent(said))
    if moved is not None:  # ``utils.to_categorical(...)``: the script's calls, reached anew
        text, said = moved[0], moved[1]
        result.edits.append(moved[2])
        if not said.strip():
            return text
    # "After the line `print(...)`, add:": the block's names are those in scope there
    at = (
        at_line
        if at_line is not None
        else _twin_line(text, said) or _quoted_line(text, block.prose)
    )
    said = starred_elisions(said)  # ``net.fit(train_ds, validation_data=val_ds, ...)``
    code, changes = names_bridge.reconcile(
        said, text, at, prose, own=own, unclear=result.unclear_names
    )
    if at is not None and any(is_elision(x) for x in said.split("\n")):
        # ``# ... heads stay`` / ``model.summary()``: what follows the marker may read names
        # the script binds further down (``net = keras.Model(...)``), past the first line
        later = names_bridge.reconcile(said, text, None, prose, own=own)
        if _unknown(later[0], text) < _unknown(code, text):
            code, changes = later
    result.names.extend(NameChange(*c) for c in changes)
    keyworded = _keywords_for_calls(text, code, block.prose if block.prose.strip() else prose)
    if keyworded is not None:  # ``model.fit(..., callbacks=[early])`` "in both `fit` calls"
        result.edits.extend(keyworded[1])
        return keyworded[0]
    if not is_fragment(code):
        try:
            split = _top_then_rest(text, code, block.prose)
            if split is not None:  # "right after the imports" / ``set_policy(...)`` / ``# ...``
                head = Block("code", split[0], block.lang, block.line, block.prose)
                text = apply_code(text, split[0], head, result, deferred)
                code = split[1]
                block = Block("code", code, block.lang, block.line, "", after=block.after)
            out = apply_code(text, code, block, result, deferred)
            also = quoted_followers(text, out, block.prose)
            if also is not None:  # "(the `np.empty` line and the three `t[:, i] = ...` lines)"
                result.edits.append(also[1])
                result.removed.extend(also[2])
                return also[0]
            return out
        except Refused as exc:
            # a statement re-pasted with an elision inside its brackets (a list with
            # "# rest of the layers" in it) is matched line by line instead
            item = (
                add_list_item(text, code, block.prose, block.after)
                if not_in_script(exc.reason)
                else None
            )
            if item is not None:  # ``Callback(...),``: an item of one of the script's lists
                result.edits.extend(item[1])
                return item[0]
            if "does not parse" not in exc.reason and not (
                not_in_script(exc.reason) and elided_inside_brackets(code)
            ):
                raise
    text, edits = apply_fragment(
        text, textwrap.dedent(code), is_elision, block.prose, block.follows
    )
    result.edits.extend(edits)
    return text
