"""Unpackings of ``evaluate`` widened for the metrics an answer adds to ``compile``.

Bridges an answer that adds metrics to a ``compile`` call (as the program model records the
model's ``compile`` calls, before and after the answer) (``metrics=["accuracy",
SparseTopKCategoricalAccuracy(k=2, name="top2")]`` for ``["accuracy"]``) and the script's
``val_loss, val_acc = model.evaluate(...)``: ``evaluate`` now returns the loss and one value
per metric, so an unpacking sized for the old list would stop the script. When the old
metrics are, in order, among the new ones and the unpacking has exactly one name per old
value, a name is added for each new metric at its place (``val_top2``: the metric's
``name=``, its string, or its class in snake case, after the loss name's prefix). Nothing is
done when the answer rewrote the unpacking itself, when the names would clash with the
script's or are no identifiers, when the unpacking spans lines, or when the lists are not
written out.
"""

from __future__ import annotations

import ast
import keyword
import re

from gptfix.index import build_index
from gptfix.llm.patches import TextEdit


def _compiles(text: str) -> list[tuple[str, int, list[ast.expr] | None]]:
    """``(receiver, line, metrics)`` of each model ``compile`` the program model records, in
    source order; ``metrics`` is None when the list is not written out (``metrics=METRICS``)."""
    out: list[tuple[str, int, list[ast.expr] | None]] = []
    for fact in sorted(build_index(text).keras.compile, key=lambda c: c.line):
        said: list[ast.expr] | None = []
        if fact.metrics is not None:
            try:
                value = ast.parse(fact.metrics.strip(), mode="eval").body
            except SyntaxError:
                value = None
            said = list(value.elts) if isinstance(value, ast.List | ast.Tuple) else None
        out.append((fact.model, fact.line, said))
    return out


def _name(metric: ast.expr) -> str | None:
    """The name a metric's value goes by: ``name="top2"``, ``"mae"``, ``R2Score()``."""
    if isinstance(metric, ast.Constant) and isinstance(metric.value, str):
        return re.sub(r"\W+", "_", metric.value).strip("_") or None
    if isinstance(metric, ast.Call):
        named = next((k.value for k in metric.keywords if k.arg == "name"), None)
        if isinstance(named, ast.Constant) and isinstance(named.value, str):
            return re.sub(r"\W+", "_", named.value).strip("_") or None
        callee = metric.func
        tail = callee.attr if isinstance(callee, ast.Attribute) else getattr(callee, "id", None)
        if tail:
            return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", tail).lower()
    return None


def _inserted(old: list[ast.expr], new: list[ast.expr]) -> list[int] | None:
    """The places in ``new`` of the metrics not in ``old``, when ``old`` is ``new`` with
    those left out (same order); None otherwise."""
    dumps = [ast.dump(m) for m in old]
    at, added = 0, []
    for k, m in enumerate(new):
        if at < len(dumps) and ast.dump(m) == dumps[at]:
            at += 1
        else:
            added.append(k)
    return added if at == len(dumps) and added else None


def widened_unpacks(script_text: str, text: str) -> tuple[str, list[TextEdit]]:
    """``text`` with each ``evaluate`` unpacking sized for a ``compile``'s old metrics given
    names for the metrics the answer added, and the edits made."""
    try:
        new_tree = ast.parse(text)
    except SyntaxError:
        return text, []
    old_calls, new_calls = _compiles(script_text), _compiles(text)
    if len(old_calls) != len(new_calls):
        return text, []
    bound = {n.id for n in ast.walk(new_tree) if isinstance(n, ast.Name)}
    lines = text.split("\n")
    edits: list[TextEdit] = []
    replaced: list[tuple[ast.Tuple, str]] = []
    pairs = list(zip(old_calls, new_calls, strict=True))
    for k, ((owner, _, was), (same, at, now)) in enumerate(pairs):
        if owner != same or was is None or now is None:
            continue
        added = _inserted(was, now)
        if added is None:
            continue
        # the unpackings this compile is in effect for: up to the owner's next compile
        nxt = [line for (o, _, _), (_, line, _) in pairs[k + 1 :] if o == owner]
        upto = nxt[0] if nxt else float("inf")
        for node in ast.walk(new_tree):
            if not _evaluate_unpack(node, owner, 1 + len(was)):
                continue
            if not at < getattr(node, "lineno", 0) < upto:
                continue
            assert isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Tuple)
            names = [e.id for e in node.targets[0].elts if isinstance(e, ast.Name)]
            prefix = names[0][: -len("loss")] if names[0].endswith("loss") else ""
            fresh = [_name(now[k]) for k in added]
            if any(f is None for f in fresh) or node.targets[0].end_lineno != node.lineno:
                continue  # no name to give, or an unpacking over several lines
            wanted = [prefix + f for f in fresh if f is not None]
            if any(w in bound or not w.isidentifier() or keyword.iskeyword(w) for w in wanted):
                continue
            if len(set(wanted)) != len(wanted):
                continue
            widened = [names[0]]
            olds = iter(names[1:])
            for j in range(len(now)):
                widened.append(wanted[added.index(j)] if j in added else next(olds))
            replaced.append((node.targets[0], ", ".join(widened)))
            edits.append(
                TextEdit(
                    "replace_statement",
                    node.lineno,
                    node.lineno,
                    f"`{owner}.evaluate` now returns {len(widened)} values: unpacked into "
                    + ", ".join(f"`{w}`" for w in widened),
                )
            )
    for target, new in sorted(
        replaced, key=lambda tn: (tn[0].lineno, tn[0].col_offset), reverse=True
    ):
        row = target.lineno - 1
        line = lines[row]
        head, body = line[: target.col_offset], line[target.col_offset : target.end_col_offset]
        if body.startswith("("):
            new = f"({new})"
        lines[row] = head + new + line[target.end_col_offset :]
    return "\n".join(lines), edits


def _evaluate_unpack(node: ast.AST, owner: str, count: int) -> bool:
    """``a, b = <owner>.evaluate(...)`` with ``count`` plain names and no ``return_dict``."""
    if not (isinstance(node, ast.Assign) and len(node.targets) == 1):
        return False
    target, value = node.targets[0], node.value
    return (
        isinstance(target, ast.Tuple)
        and len(target.elts) == count
        and all(isinstance(e, ast.Name) for e in target.elts)
        and isinstance(value, ast.Call)
        and isinstance(value.func, ast.Attribute)
        and value.func.attr == "evaluate"
        and isinstance(value.func.value, ast.Name)
        and value.func.value.id == owner
        and not any(k.arg == "return_dict" for k in value.keywords)
    )
