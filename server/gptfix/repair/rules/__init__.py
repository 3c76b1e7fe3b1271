"""The offline rules: an explicit registry (id -> Rule) and the one entry point over it.

Bridges a located failure and the rule modules (one per family); each rule is a
general mechanism driven by the error message, the runtime facts and the script's
structure. :func:`candidate_fixes` runs every rule, drops duplicates and returns the
fixes best first (safe before unsafe, in registry order).
"""

from __future__ import annotations

import logging

from gptfix.model import Applicability, Failure, Fix, Script
from gptfix.repair.operators import OPERATORS
from gptfix.repair.rules import (
    api_attrs,
    api_backend,
    api_imports,
    api_kwargs,
    api_merge,
    api_positional,
    batch_shape,
    branch_literal,
    compile_args,
    concat_axis,
    count_index,
    data,
    dataset_weights,
    dtype,
    evaluate,
    files,
    flatten_rows,
    functional_add,
    history,
    identifiers,
    imports_missing,
    initial_weights,
    inputs,
    io,
    keras1_layers,
    layer_call_args,
    loss,
    loss_missing,
    method_outside,
    model_as_tensor,
    model_call_inputs,
    names,
    names_builder,
    object_arrays,
    oom,
    rank,
    residual,
    saved,
    shape,
    stateful_batch,
    step_unpack,
    super_init,
    tf1,
    tf1_graph,
    unbuilt,
)
from gptfix.repair.rules.base import Rule, RuleContext, import_statements
from gptfix.repair.rules.text import Source
from gptfix.runner.probe import Probe

log = logging.getLogger(__name__)

#: rule id -> Rule, in the order their fixes are preferred.
RULES: dict[str, Rule] = {
    **OPERATORS,  # evidence-driven edits at the provenance sites come first
    **{
        r.id: r
        for r in [
            *initial_weights.RULES,
            *batch_shape.RULES,
            *stateful_batch.RULES,
            *method_outside.RULES,
            *branch_literal.RULES,
            *compile_args.RULES,
            *dataset_weights.RULES,
            *keras1_layers.RULES,
            *api_kwargs.RULES,
            *api_positional.RULES,
            *tf1.RULES,
            *tf1_graph.RULES,
            *api_backend.RULES,
            *api_attrs.RULES,
            *identifiers.RULES,
            *api_merge.RULES,
            *functional_add.RULES,
            *layer_call_args.RULES,
            *model_call_inputs.RULES,
            *api_imports.RULES,
            *names.RULES,
            *names_builder.RULES,
            *model_as_tensor.RULES,
            *step_unpack.RULES,
            *super_init.RULES,
            *imports_missing.RULES,
            *files.RULES,
            *saved.RULES,
            *unbuilt.RULES,
            *history.RULES,
            *evaluate.RULES,
            *io.RULES,
            *data.RULES,
            *count_index.RULES,
            *shape.RULES,
            *flatten_rows.RULES,
            *concat_axis.RULES,
            *rank.RULES,
            *inputs.RULES,
            *residual.RULES,
            *loss.RULES,
            *loss_missing.RULES,
            *dtype.RULES,
            *object_arrays.RULES,
            *oom.RULES,
        ]
    },
}

_RANK = {Applicability.SAFE: 0, Applicability.UNSAFE: 1, Applicability.SUGGESTION: 2}


def candidate_fixes(
    script: Script,
    failure: Failure,
    *,
    python: str | None = None,
    rules: dict[str, Rule] | None = None,
) -> list[Fix]:
    """Every fix the rules propose for ``failure`` in ``script``, best first.

    Cheap: no subprocess except the probes of the user's interpreter (``python``,
    default: the one gptfix runs in), whose answers are cached.
    """
    src = Source.parse(script.text)
    if src is None:
        return []
    ctx = RuleContext(script=script, failure=failure, src=src, python=python)
    ctx._probe = Probe(python, import_statements(src))
    out: list[Fix] = []
    seen: set[str] = set()
    for rule in (rules or RULES).values():
        try:
            fixes = rule.propose(ctx)
        except Exception:  # one broken rule must not hide the others' fixes
            log.exception("rule %s failed", rule.id)
            continue
        for fix in fixes:
            if fix.new_text in seen:
                continue
            seen.add(fix.new_text)
            fix.id = f"{rule.id}#{sum(1 for f in out if f.origin == fix.origin)}"
            out.append(fix)
    order = {rid: i for i, rid in enumerate(rules or RULES)}
    out.sort(key=lambda f: (_RANK[f.applicability], order.get(f.origin.removeprefix("rule:"), 99)))
    return out


__all__ = ["RULES", "Rule", "RuleContext", "candidate_fixes"]
