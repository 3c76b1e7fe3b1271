"""The last steps of applying an answer, once every block is placed.

Bridges the text the blocks left and the script as it was: statements the answer's code
supersedes or moves into a helper go, a new value stands in for the one it replaces,
"keep `X` as it is" is honoured, from-imports are merged and ``evaluate`` unpackings are
widened for the metrics the answer added (:mod:`gptfix.llm.metric_arity`); then the result
must change something, parse, fill no ``...`` placeholder, bind every name it reads, lose
no code the answer did not remove, keep the data flow and the calls' signatures, and make
nothing it throws away (:mod:`gptfix.llm.guards`, :mod:`gptfix.llm.effects`); otherwise
:class:`~gptfix.llm.result.ApplyResult` carries the one-line refusal and no text.
"""

from __future__ import annotations

from gptfix.edits import parses
from gptfix.llm import names_bridge
from gptfix.llm.blocks import Block
from gptfix.llm.dataflow import foreign_data
from gptfix.llm.effects import discarded_object
from gptfix.llm.guards import (
    explicit_removals,
    flow_problem,
    lost_code,
    read_before_bound,
    whole_defs,
)
from gptfix.llm.import_merge import merge_from_imports, said_imports, with_imports
from gptfix.llm.kept import keep_keyword, keep_said
from gptfix.llm.metric_arity import widened_unpacks
from gptfix.llm.nonedit import value_placeholders
from gptfix.llm.patches import TextEdit, short
from gptfix.llm.renames import drifted_target, rename_names
from gptfix.llm.result import ApplyResult, NameChange
from gptfix.llm.shapes import placeholders
from gptfix.llm.signatures import calls_unfit
from gptfix.llm.stand_in import renamed_setting, stood_in
from gptfix.llm.supersede import moved_into_helper, superseded


def finish(
    script_text: str,
    text: str,
    result: ApplyResult,
    blocks: list[Block],
    prose: str,
    renamed_or_migrated: bool,
    new_data_ok: bool,
) -> ApplyResult:
    """``result`` with ``text`` (the blocks applied to ``script_text``) finished and
    checked: its ``new_text``, or its refusal. ``renamed_or_migrated``: the answer renamed
    names everywhere or moved settings into a config (a change even with no block)."""
    text, moved = superseded(script_text, text)
    text, into_helper = moved_into_helper(script_text, text)
    moved += into_helper
    if moved:
        result.removed.extend(moved)
        owner = next((r for r in reversed(result.blocks) if r.status == "applied"), None)
        if owner is not None:
            owner.detail += (
                f"; {len(moved)} statement(s) it moves into its function (and loop) removed"
            )
    text, replaced = stood_in(script_text, text)
    if replaced:
        result.removed.extend(replaced)
        owner = next((r for r in reversed(result.blocks) if r.status == "applied"), None)
        if owner is not None:
            owner.detail += "; " + ", ".join(f"`{short(x)}`" for x in replaced)
            owner.detail += " removed: the answer's new value stands in its place"
    text, renamed_from = renamed_setting(script_text, text)
    owner = next((r for r in reversed(result.blocks) if r.status == "applied"), None)
    if renamed_from and owner is not None:  # ``--units`` renamed ``--lstm-units``
        result.removed.extend(renamed_from)
        owner.detail += f"; `{short(renamed_from[0])}` replaced by the renamed setting"
    text, kept = keep_said(script_text, text, prose)  # "keep `X` as it is"
    text, kept_keywords = keep_keyword(script_text, text, prose)  # "metrics 保持原样"
    kept += kept_keywords
    owner = next((r for r in reversed(result.blocks) if r.status == "applied"), None)
    if kept and owner is not None:
        owner.detail += "; " + ", ".join(f"`{short(x)}`" for x in kept) + " kept, as the prose says"
    text, merged = merge_from_imports(script_text, text)
    for module, note in merged:
        added = f"added `from {module} import "
        owner = next((r for r in result.blocks if added in r.detail), None)
        if owner is not None:
            head, _, tail = owner.detail.partition(added)
            rest = tail.split("`", 1)[1] if "`" in tail else ""
            rest = "" if rest.startswith(" (now line") else rest  # where it was added
            owner.detail = f"{head}{note}{rest}"
    text, widened = widened_unpacks(script_text, text)  # ``val_loss, val_acc, val_top2 = ...``
    result.edits.extend(widened)
    owner = next((r for r in reversed(result.blocks) if r.status == "applied"), None)
    if widened and owner is not None:
        owner.detail += "; " + "; ".join(e.summary for e in widened)
    if text.rstrip("\n") == script_text.rstrip("\n") and not renamed_or_migrated:
        result.refusal = "answer changes nothing: its change is already in the script"
        return result
    if script_text.endswith("\n") and not text.endswith("\n"):
        text += "\n"
    problem = parses(text)
    if problem is not None:
        result.refusal = f"patched script does not parse: {problem}"
        return result
    if placeholders(text) > placeholders(script_text):
        holes = [h for b in blocks for h in value_placeholders(b.replace or b.text)]
        result.refusal = (
            f"answer leaves `{holes[0]}` for you to fill in: `...` placeholders are not code to apply"
            if holes
            else "answer leaves `...` placeholders in the code: it elides what it changes"
        )
        return result
    missing = names_bridge.never_bound(script_text, text)  # "don't forget `import json`"
    for said in said_imports(text, prose, missing) if missing else []:
        text = with_imports(text, [said])
        result.edits.append(TextEdit("insert_line", 0, -1, f"added `{said}`, as the prose says"))
    drift = drifted_target(script_text, text)
    if drift is not None:  # ``model = VAE(...)`` in place of the script's ``vae = VAE(...)``
        text = rename_names(text, {drift[0]: drift[1]})
        result.names.append(
            NameChange(drift[0], drift[1], f"it takes the place of `{drift[1]}`, made the same way")
        )
    broken = names_bridge.broken_names(script_text, text, result.unclear_names)
    if broken:
        result.refusal = broken
        return result
    used = [b for b, r in zip(blocks, result.blocks, strict=True) if r.status == "applied"]
    explicit = explicit_removals(blocks) + "\n" + "\n".join(result.removed)
    problem = lost_code(script_text, text, explicit, whole_defs(used))
    renamed_to = {n.answer: n.script for n in result.names if n.answer != n.script}
    problem = problem or flow_problem(  # the answer's code in the script's names
        script_text,
        text,
        "\n\x00\n".join(rename_names(b.replace or b.text, renamed_to) for b in used),
    )
    problem = problem or read_before_bound(script_text, text)
    problem = problem or calls_unfit(script_text, text)
    problem = problem or discarded_object(script_text, text)
    if not new_data_ok:
        problem = problem or foreign_data(script_text, text)
    if problem:
        result.refusal = problem
        return result
    result.new_text = text
    return result
