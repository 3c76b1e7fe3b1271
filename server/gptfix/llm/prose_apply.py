"""Apply one change said only in prose: a keyword added to a call, a value set, a new
configuration entry, a quoted line removed (or commented out), a line moved.

Bridges the prose blocks of :mod:`gptfix.llm.answer` and the edits that make them; the
block loop of :mod:`gptfix.llm.apply` calls :func:`apply_prose_step` for each block.
"""

from __future__ import annotations

import ast
import re

from gptfix.errors import Unclear
from gptfix.index import build_index
from gptfix.llm.blocks import Block
from gptfix.llm.chained import remove_chained, without_list_reads
from gptfix.llm.config_entry import add_entry
from gptfix.llm.move_apply import move_statement
from gptfix.llm.occurrence import named_layer, picked_calls
from gptfix.llm.patches import (
    Refused,
    TextEdit,
    apply_inline,
    nth_call,
    quoted_call,
    same_call,
    short,
    with_keyword,
)
from gptfix.llm.prose_keywords import says_set
from gptfix.llm.result import ApplyResult
from gptfix.llm.roles import quoted_statement, remove_line, statement_with
from gptfix.llm.settings import AlreadySet, keyword_value, set_value
from gptfix.llm.stmts import stmt_key

#: a removal said of the line a quoted expression is in: "... so you can delete that line"
_THAT_LINE = re.compile(r"(?i)\b(?:delete|remove|drop)\s+(?:that|this|the)\s+(?:line|call|print)\b")

#: (new text, status, detail, the answer's refusal or None)
Step = tuple[str, str, str, str | None]


def apply_prose_step(text: str, script_text: str, block: Block, result: ApplyResult) -> Step | None:
    """``block`` applied to ``text`` when it is a change said in prose, else None.

    An applied step adds its edit (and the lines it removed) to ``result``. A step that
    cannot be made is skipped with the reason; one whose making is unclear while the
    script has what it names (a setting written in several places, a line to move that
    cannot move) refuses the answer: the rest applied alone would be half the change."""
    try:
        picked = (
            picked_calls(text, block.search or "fit", block.prose)
            if block.kind == "keyword" and block.search is not None and "(" not in block.search
            else None
        )
        if picked is not None:  # "pass `n_classes=...` in both calls to `build_dataset`"
            new, edits = text, []
            for source in picked:
                new, edit = apply_inline(
                    new, source, with_keyword(source, block.text, block.beside)
                )
                edits.append(edit)
            edit = TextEdit(
                "inline",
                edits[0].start_line,
                edits[-1].end_line,
                f"set `{short(block.text)}` in {len(edits)} calls (lines "
                + ", ".join(str(e.start_line) for e in edits)
                + ")",
            )
        elif block.kind == "keyword" and block.search is not None:
            # "add `callbacks=[es]` to `model.fit(...)`": the script's one such call
            call = named_layer(text, block.search) or (  # "the output layer `price`"
                same_call(text, "fit()")  # a keyword only ``fit`` takes
                if not block.search
                else quoted_call(text, block.search)
                if "(" in block.search
                else nth_call(text, block.search, block.which)
                if block.which
                else same_call(text, f"{block.search}()")
            )
            if call is None:
                raise Refused(f"the script has no call `{short(block.search)}`")
            asked = says_set(block.prose)  # "in `compile` use `optimizer=...`": its value
            new, edit = apply_inline(
                text, call, with_keyword(call, block.text, block.beside, replace=asked)
            )
        elif block.kind == "entry" and block.replace is not None:
            new, edit = add_entry(text, block)  # "add `"n_folds": 5` to `config`"
        elif block.kind == "setting" and block.replace is not None:
            # "set `epochs` to 20", "lower the learning rate to 1e-4"
            try:
                new, edit = set_value(
                    text, block.text, block.replace, worded=block.worded, holder=block.scope
                )
            except Refused as exc:
                # "In the `EarlyStopping` callback, set ... `min_delta` to 1e-4": a keyword
                # the named call does not give yet is added to it
                # only a class the script constructs (``EarlyStopping(...)``, ``Dense(...)``):
                # a method such as ``compile`` takes no keyword it does not list
                built = bool(re.match(r"[A-Z]", block.scope.rsplit(".", 1)[-1]))
                call = same_call(text, f"{block.scope}()") if block.scope and built else None
                if call is None or isinstance(exc, Unclear | AlreadySet) or not _is_keyword(block):
                    raise
                new, edit = apply_inline(
                    text, call, with_keyword(call, f"{block.text}={block.replace}")
                )
                edit.summary = (
                    f"added `{block.text}={block.replace}` to `{block.scope}(...)` at line "
                    f"{edit.start_line}"
                )
            if _set_by_a_block(script_text, text, block.text):
                # a block of the answer already gave it another value: which one it means
                # is unclear ("lower it to 1e-4" beside a config written with 3e-3)
                raise Unclear(
                    f"the answer's code gives `{block.text}` one value and its prose another"
                )
        elif block.kind == "remove":  # "remove the `X` line"
            # an elided quote names a statement of the script as it was
            whole = quoted_statement(script_text, block.text) or block.text
            removed = remove_line(text, whole, block.comment)
            trimmed = without_list_reads(text, whole) if removed is None else None
            if trimmed is not None:  # "delete the `rlr = ...` line": it leaves `callbacks=[es]`
                removed = remove_line(trimmed, whole, block.comment)
            if (
                removed is None
                and _THAT_LINE.search(block.prose)
                and (holder := statement_with(script_text, block.text))
            ):
                whole = holder  # "the cell that prints `X` ... delete that line"
                removed = remove_line(text, whole, block.comment)
            if removed is None and (line := _call_line(text, block.text)) is not None:
                # "`Dense(16, activation="relu")` disappears": the line that layer is
                whole, removed = line, remove_line(text, line, block.comment)
            if removed is None and not block.comment:
                whole, removed = block.text, remove_chained(text, block.text)  # `.prefetch(...)`
            if removed is None:
                why = (
                    f"the line the prose asks to remove is not in the script: `{short(block.text)}`"
                )
                return text, "skipped", why, None
            new, edit = removed
            result.removed.append(whole)
        elif block.kind == "move":  # "move `X` before the `fit` call"
            try:
                shifted = move_statement(text, block)
            except Refused as exc:  # the script has the line: a move left undone is refused
                return text, "refused", exc.reason, exc.reason
            if shifted is None:
                why = f"the prose moves a line the script lacks: `{short(block.text)}`"
                return text, "skipped", why, None
            new, edit = shifted
        else:
            return None
    except (Refused, SyntaxError) as exc:
        what = "a keyword" if block.kind == "keyword" else "a value"
        detail = (
            f"{what} said in prose, not {'applied' if block.kind == 'keyword' else 'set'}: {exc}"
        )
        if isinstance(exc, Unclear) or (block.worded and not isinstance(exc, AlreadySet)):
            # which of the script's places the step means is unclear, or the script has no
            # one place for a setting said in words: not half done
            return text, "refused", detail, str(exc)
        return text, "skipped", detail, None
    result.edits.append(edit)
    return new, "applied", edit.summary, None


def _call_line(text: str, quote: str) -> str | None:
    """The line of ``text`` the quoted call is (``Dense(16)`` of ``x = layers.Dense(16)(x)``
    or of a list item ``layers.Dense(16),``): the statement it is the value (or the called
    layer) of, or the list item alone on its line; None when the script writes it not once."""
    found = quoted_call(text, quote)
    if found is None:
        return None
    tree = ast.parse(text)
    lines = text.split("\n")
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign | ast.Expr) and (
            ast.get_source_segment(text, node.value) == found
            or isinstance(node.value, ast.Call)
            and ast.get_source_segment(text, node.value.func) == found
        ):
            return "\n".join(lines[node.lineno - 1 : node.end_lineno])
        if isinstance(node, ast.List | ast.Tuple):
            for item in node.elts:
                if ast.get_source_segment(text, item) == found and item.lineno == item.end_lineno:
                    line = lines[item.lineno - 1].strip()
                    return line if line.rstrip(",") == found else None
    return None


def old_of_new(text: str, block: Block) -> str:
    """What a change quoting only its new code replaces: the script's one call of the same
    function ("change the input layer to `Input(shape=(24, 1))`"), else the value of the
    one keyword its role names ("change the optimizer to `AdamW(1e-3)`"). Raises
    :class:`Refused` when neither is found, :class:`Unclear` when which one is unclear."""
    assert block.replace is not None
    try:
        return same_call(text, block.replace)
    except (Refused, SyntaxError, AttributeError) as exc:
        keyed = _same_key(text, block.replace)
        if keyed is not None:  # "replace the print with `print(f"fold {fold}: ...")`"
            return keyed
        found = keyword_value(text, block.text)
        if found is not None:
            return found
        if isinstance(exc, AttributeError):  # a literal: only a keyword's value can take it
            raise Unclear("no one call of the script gives the keyword it names") from None
        if isinstance(exc, Refused):
            raise
        raise Refused(str(exc)) from None


def _set_by_a_block(script_text: str, text: str, name: str) -> bool:
    """Whether an earlier block of the answer changed the value of the setting ``name``
    (its value in ``text`` is not the script's)."""

    def values(source: str) -> list[str]:
        return [a.value for a in build_index(source).config if a.name == name]

    return values(text) != values(script_text)


def _same_key(text: str, new: str) -> str | None:
    """The source of the script's one statement about what ``new`` is about (a ``print``
    of the same message among several prints), or None."""
    try:
        node = ast.parse(new).body[0]
        tree = ast.parse(text)
    except (SyntaxError, IndexError):
        return None
    key = stmt_key(node)
    if key is None or not key.startswith("call "):
        return None
    found = [n for n in ast.walk(tree) if isinstance(n, ast.Expr) and stmt_key(n) == key]
    if len(found) != 1:
        return None
    return ast.get_source_segment(text, found[0].value)


def _is_keyword(block: Block) -> bool:
    """A setting named as a keyword argument could be: a plain lower-case identifier."""
    return re.fullmatch(r"[a-z_][a-z0-9_]*", block.text) is not None
