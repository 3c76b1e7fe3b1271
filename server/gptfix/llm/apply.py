"""Apply a chat answer to a script: the patched text, what changed, or why it does not fit.

Bridges a parsed answer (:mod:`gptfix.llm.answer`) and the script text. Blocks are
applied in order, each against the text as the blocks before it left it: SEARCH/REPLACE
and diffs by their text (:mod:`gptfix.llm.patches`), Python blocks statement by
statement (:mod:`gptfix.llm.merge`) after their names are reconciled with the script's
(:mod:`gptfix.names`). The result must parse and must not rename anything the rest of
the script still uses; otherwise :class:`ApplyResult` carries a one-line refusal and no
text. A generic example unrelated to the script is refused, never appended, and so is an
answer written for another script's data (:mod:`gptfix.llm.dataflow`) or one that adds a statement doing nothing
(:mod:`gptfix.llm.effects`). Blocks that are not
edits (:mod:`gptfix.llm.roles`, :mod:`gptfix.llm.nonedit`) are skipped with a note; after
a refusal the remaining blocks are still reported, and none is reported as applied.
"""

from __future__ import annotations

import dataclasses
import logging
import re
import textwrap

from gptfix.errors import Unclear, Unrelated
from gptfix.llm import names_bridge
from gptfix.llm.answer import parse_answer
from gptfix.llm.block_apply import apply_block
from gptfix.llm.blocks import Block
from gptfix.llm.code_block import named_place
from gptfix.llm.config_entry import holder_entries
from gptfix.llm.config_move import config_migration
from gptfix.llm.constants import constants_place
from gptfix.llm.contradiction import contradiction, rewritten, set_and_dropped, written_by
from gptfix.llm.deferred import NewTopLevel, place_deferred, values_for_later
from gptfix.llm.finish import finish
from gptfix.llm.import_merge import with_imports
from gptfix.llm.keyword_fragment import keyword_fragments
from gptfix.llm.nonedit import (
    foreign_framework,
    not_an_edit,
    not_pasted,
    real_reason,
)
from gptfix.llm.occurrence import traced_statements
from gptfix.llm.option_choice import unchosen_options
from gptfix.llm.patches import Refused, short
from gptfix.llm.prose_apply import apply_prose_step, old_of_new
from gptfix.llm.prose_place import placed_in_prose
from gptfix.llm.renaming import prose_renames, rename_in_script
from gptfix.llm.result import ApplyResult, BlockReport, NameChange, changed_where, last_changed
from gptfix.llm.roles import (
    before_example,
    in_script,
    removal_request,
    remove_quoted,
    repeated_later,
)
from gptfix.llm.same_change import inline_tail, same_change, same_clause
from gptfix.llm.shapes import answer_values, defined_by
from gptfix.llm.signatures import unknown_keywords
from gptfix.llm.steps import unread_steps

log = logging.getLogger(__name__)


def apply_answer(
    script_text: str,
    answer_text: str,
    *,
    at_line: int | None = None,
    new_data_ok: bool = False,
) -> ApplyResult:
    """Apply ``answer_text`` (a chat reply) to ``script_text``.

    ``at_line`` (1-based) is where the failure is, used to reconcile names in scope there.
    ``new_data_ok`` lets the answer train on data of its own instead of the script's (a
    request to change the data); otherwise such an answer is taken as written for another
    script and refused. Never raises for a bad answer: the result carries a one-line
    refusal instead.
    """
    try:
        result = _apply(script_text, answer_text, at_line, new_data_ok)
    except (ValueError, IndexError, KeyError, AttributeError, TypeError, RecursionError) as exc:
        # a shape of answer this code does not handle: say so, change nothing
        log.warning("gptfix llm: could not apply an answer", exc_info=True)
        result = ApplyResult(None, original=script_text)
        result.refusal = (
            f"gptfix could not read this answer ({type(exc).__name__}); nothing changed"
        )
    if result.refusal is not None:
        result.refusal = " ".join(result.refusal.split())
        result.new_text = None
        result.edits = []
        for r in result.blocks:
            if r.status == "applied":  # a refused answer applies nothing
                r.status = "not applied"
                r.detail = f"it fits ({r.detail}), but the answer as a whole is refused"
    return result


def _in_its_place(
    text: str,
    block: Block,
    result: ApplyResult,
    deferred: list[NewTopLevel],
    at_line: int | None,
    prose: str,
    own: frozenset[str],
) -> str:
    """:func:`apply_block`; a block that replaces a taken-back one ("Use bfloat16 instead
    -- replace the policy line above with:") and has no anchor of its own goes where the
    words over the taken-back block put it."""
    before = len(result.edits)
    try:
        return apply_block(text, block, result, deferred, at_line, prose, own)
    except Refused as exc:
        if not block.in_place_of or "no anchor" not in exc.reason:
            raise
        del result.edits[before:]
        stand = dataclasses.replace(block, prose=block.in_place_of, in_place_of="")
        return apply_block(text, stand, result, deferred, at_line, prose, own)


def _indented(answer_text: str, block: Block) -> bool:
    """Whether the answer wrote the block's first code line indented (a function's line)."""
    rows = answer_text.split("\n")
    start = (
        block.line
        if block.line > 0 and rows[block.line - 1].lstrip().startswith(("```", "~~~"))
        else block.line - 1
    )
    first = next((r for r in rows[max(start, 0) :] if r.strip()), "") if block.line > 0 else ""
    return first[:1] in (" ", "\t")


def _defer(
    early: list[NewTopLevel], text: str, prose: str, deferred: list[NewTopLevel], indented: bool
) -> tuple[str, str]:
    """Set new values aside to place once the other blocks are in: the script with the
    imports they need (``import keras`` for ``keras.callbacks.EarlyStopping(...)``), and
    what the report says."""
    for item in early:  # "Put `aug`'s definition right after `val_ds`"
        item.place = named_place(text, item.name, prose) or constants_place(text, prose)
        item.nested = indented
        code, changes = names_bridge.reconcile("\n".join(item.lines), text, None, prose)
        needed = [c[0] for c in changes if c[0] == c[1] and c[0].startswith(("import ", "from "))]
        rows = code.rstrip("\n").split("\n")
        item.lines = [x for x in rows if x.strip() not in needed]
        text = with_imports(text, needed)
    deferred.extend(early)
    names = ", ".join(f"`{n.name}`" for n in early)
    if not any(n.place for n in early):
        return text, f"added {names} before its first use"
    return text, f"added {names} where the prose puts it (else before its first use)"


def _apply(
    script_text: str, answer_text: str, at_line: int | None, new_data_ok: bool = False
) -> ApplyResult:
    parsed = parse_answer(answer_text)
    result = ApplyResult(None, suggestions=parsed.suggestions, original=script_text)
    # "rename `X_tr` to `x_train` everywhere": done first, the blocks are in the new names
    script_text, renamed = rename_in_script(script_text, prose_renames(parsed.prose))
    for old, new in renamed:
        result.names.append(NameChange(old, new, "renamed everywhere, as the answer asks"))
        for b in parsed.blocks:  # a diff's context and "-" lines still say the old name
            if b.kind in ("diff", "search_replace", "inline"):
                word = re.compile(rf"(?<![\w.]){re.escape(old)}(?!\w)")
                b.text = word.sub(new, b.text)
                b.search = word.sub(new, b.search) if b.search else b.search
    blocks = parsed.blocks
    traced = traced_statements(answer_text)  # a traceback's frames: which line failed
    for b in blocks:
        b.traced = traced
    keyword_fragments(blocks, script_text)  # ``callbacks=[...]`` alone: the call's argument
    blocks = holder_entries(blocks, script_text)  # "Add to the `CFG` class:" / ``k = 2``
    # "group the constants in a config class, use `cfg.<name>` everywhere": done first too
    migrated = config_migration(script_text, blocks, parsed.prose)
    if migrated is not None:
        script_text, config_block = migrated[0], migrated[1]
        result.edits.append(migrated[2])
    text = script_text
    deferred: list[NewTopLevel] = []
    codes = [b.replace if b.kind == "pair" and b.replace else b.text for b in blocks]
    own = defined_by(codes) | answer_values(codes, script_text)
    refused_at: int | None = None
    wrote: dict[str, tuple[int, frozenset[int] | None]] = {}  # what each applied block wrote
    started = text  # the text as the block before this one found it
    passed = unchosen_options(answer_text)  # the options the answer does not pick
    for number, block in enumerate(blocks, 1):
        block.follows, started = last_changed(started, text) if number > 1 else -1, text
        report = BlockReport(number, block.line, block.kind, "skipped", block.note)
        result.blocks.append(report)
        if migrated is not None and number == config_block:
            report.status, report.detail = "applied", migrated[2].summary
            continue
        if block.fallback and result.blocks[-2].status in ("applied", "unchanged"):
            report.detail = "the setting read from the same words made this change"
            continue
        if block.kind == "suggestion":
            report.detail = block.note or "not code to apply"
            continue
        if block.line <= 0 and passed:  # "**Option A** ... passe `X` à `Y`" when B is picked
            said = (block.prose if block.kind in ("setting", "entry") else block.text).strip()
            at = answer_text.find(said[:60]) if said else -1
            if at >= 0 and any(a <= at < b for a, b in passed):
                report.detail = "said under an option the answer does not pick: not applied"
                continue
        aside = not_pasted(block, script_text) if block.kind == "code" else None
        if aside is not None:  # a session, output, an inspection, usage, an error demo
            report.detail = aside
            continue
        later = [
            c
            for b, c in zip(blocks[number:], codes[number:], strict=True)
            if b.kind not in ("suggestion", "remove", "move", "setting", "entry", "keyword")
            # a probe below ("what does this print?") is no fix the block is the "before" of
            and not (b.kind == "code" and not_pasted(b, script_text) is not None)
        ]
        if block.kind == "code" and repeated_later(textwrap.dedent(block.text), later) is not None:
            report.detail = "a preview of code a later block gives in full: applied there"
            continue
        others = [
            c
            for k, (b, c) in enumerate(zip(blocks, codes, strict=True), 1)
            if k != number and b.kind != "suggestion"
        ]
        if (
            block.kind == "code"
            and later
            and before_example(block.prose, block.text, later, text)
            and not in_script(textwrap.dedent(block.text), text)
        ):
            report.detail = (
                "the code it shows as the problem is not in the script and a later block gives "
                "the fix: taken as the 'before' code, left out"
            )
            continue
        if block.kind == "inline" and block.search is None and block.replace is not None:
            try:  # "change the input layer to `X`", "change the optimizer to `X`"
                block.search = old_of_new(text, block)
            except Refused as exc:
                report.detail = f"a change said in prose, not applied: {exc}"
                if isinstance(exc, Unclear) and refused_at is None:
                    # which call it means is unclear: the rest alone is half the change
                    refused_at, result.refusal = number, f"block {number}: {report.detail}"
                continue
        made_before = len(result.edits)
        step = apply_prose_step(text, script_text, block, result)
        unfit = unknown_keywords(text, step[0]) if step and block.kind == "keyword" else []
        if unfit:  # "(only when `training=True`)" read as a keyword of the script's class
            del result.edits[made_before:]
            report.detail = f"a keyword said in prose, not applied: {unfit[0]}"
            continue
        if step is not None:  # a change said in prose: a keyword, a value, a removal, a move
            text, report.status, report.detail, refuse = step
            if refuse is not None and refused_at is None:  # a step left undone: not half done
                refused_at, result.refusal = number, f"block {number}: {refuse}"
            continue
        if block.kind == "code" and removal_request(block.prose, block.after):
            removed = remove_quoted(text, block.text)
            if removed is not None:
                text, edit = removed
                result.edits.append(edit)
                result.removed.extend(x for x in block.text.split("\n") if x.strip())
                report.status, report.detail = "applied", edit.summary
                continue
        kw_users = [b.text for b in blocks[number:] if b.kind == "keyword"]
        if block.kind == "code" and kw_users and not placed_in_prose(text, block):
            # "then pass `callbacks=[es]` to the `model.fit(...)` call in `main()`:" over
            # the `es = ...` block: its quotes say where the keyword goes, not the block
            early = values_for_later(block.text, kw_users, script_text)
            if early:
                report.status = "applied"
                text, report.detail = _defer(
                    early, text, parsed.prose, deferred, _indented(answer_text, block)
                )
                continue
        before_edits, before_names = len(result.edits), len(result.names)
        before_deferred = len(deferred)
        try:
            foreign = foreign_framework(textwrap.dedent(block.text), script_text)
            if block.kind in ("code", "pair") and foreign:
                raise Unrelated(
                    f"answer is written for another framework ({', '.join(foreign)}), "
                    "which the script does not use"
                )
            new_text = _in_its_place(text, block, result, deferred, at_line, parsed.prose, own)
        except (ValueError, IndexError, KeyError, AttributeError, TypeError) as exc:
            if refused_at is None:
                raise
            # only reported: the answer is already refused, its real reason is kept
            del result.edits[before_edits:]
            report.detail = f"not examined ({type(exc).__name__}): block {refused_at} is refused"
            continue
        except Refused as exc:
            del result.edits[before_edits:]
            skip = not_an_edit(block, exc.reason, later, others, text)
            why, inline = exc.reason, block.kind == "inline" and "not in the script" in exc.reason
            if skip is None and inline and in_script(block.search or "", script_text):
                # "Cambia `WINDOW = 24` por `WINDOW = 48`" where a block wrote `WINDOW = 12`
                why = (
                    "another block of the answer rewrote that code otherwise: it contradicts itself"
                )
            elif skip is None and inline:  # "Same story for `evaluate_generator`": advice
                skip = f"a change said in prose for code the script does not have ({why})"
            if skip is not None:
                del result.names[before_names:]
                del deferred[before_deferred:]
                report.detail = skip
                continue
            # a later keyword said in prose ("pass it with `callbacks=[es]`") uses them too
            users = later + [b.text for b in blocks[number:] if b.kind == "keyword"]
            early = values_for_later(block.text, users, script_text) if block.kind == "code" else []
            if early:  # new values a later block uses: before their first use
                del result.names[before_names:]
                report.status = "applied"
                text, report.detail = _defer(
                    early, text, parsed.prose, deferred, _indented(answer_text, block)
                )
                continue
            reason = real_reason(block, why)
            if not isinstance(exc, Unrelated):  # not for this script: no name guesses
                reason += names_bridge.unclear_note(
                    result.unclear_names, re.findall(r"[A-Za-z_]\w*", block.replace or block.text)
                )
            report.status, report.detail = "refused", reason
            if refused_at is None:
                refused_at = number
                result.refusal = reason if len(blocks) == 1 else f"block {number}: {reason}"
            continue  # the other blocks are still reported
        made = result.edits[before_edits:]
        against = contradiction(
            block.prose, text, new_text, parsed.prose, block.after
        ) or rewritten(block.prose, text, new_text, wrote, script_text)
        if against is not None:  # "Lower the learning rate to `1e-4`:" over ``1e-2``
            del result.edits[before_edits:]
            report.status, report.detail = "refused", against
            if refused_at is None:
                refused_at = number
                result.refusal = against if len(blocks) == 1 else f"block {number}: {against}"
            continue
        if new_text == text and not any(e.kind == "insert_definition" for e in made):
            report.status, report.detail = "unchanged", "already in the script"
        else:
            report.status = "applied"
            what = "; ".join(e.summary for e in made) or "applied"
            report.detail = f"{what} ({changed_where(text, new_text)})"
            wrote.update({d: (number, at) for d, at in written_by(text, new_text).items()})
            tail = inline_tail(parsed.prose, block.replace or "") if block.kind == "inline" else ""
            clause = same_clause(block.after) or same_clause(tail)
            try:  # "... and the same keyword on `los` and `cost`"
                twin = same_change(text, new_text, clause) if clause else None
            except Refused as exc:
                report.status, report.detail = "refused", exc.reason
                if refused_at is None:
                    refused_at, result.refusal = number, f"block {number}: {exc.reason}"
                continue
            if twin is not None:
                new_text, said = twin
                report.detail += f"; {said}"
        text = new_text
    if refused_at is not None:
        return result
    if not renamed and not any(r.status in ("applied", "unchanged") for r in result.blocks):
        result.refusal = (
            "answer has no code to apply (only: "
            + "; ".join(f"block {r.number}: {r.detail}" for r in result.blocks)
            + ")"
            if result.blocks
            else "answer has no code to apply"
        )
        return result
    unread = unread_steps(answer_text, blocks, script_text)
    if unread:  # applying the rest would leave the change half done
        result.refusal = (
            f'step "{short(unread[0], 90)}" says a change in prose that was not understood: '
            "nothing applied, so the change is not left half done"
        )
        return result
    sets = [
        blocks[r.number - 1].text
        for r in result.blocks
        if r.kind == "setting" and r.status == "applied"
    ]
    result.refusal = set_and_dropped(script_text, text, sets)
    if result.refusal is not None:
        return result
    try:
        text = place_deferred(text, deferred, result)
    except Refused as exc:
        result.refusal = exc.reason
        return result
    return finish(
        script_text, text, result, blocks, parsed.prose, bool(renamed or migrated), new_data_ok
    )
