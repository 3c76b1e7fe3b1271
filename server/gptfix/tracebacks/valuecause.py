"""The root cause read from the runtime value trace: where the failing value went bad.

Bridges a located failure, the program model's provenance
(:mod:`gptfix.index.provenance`) and the value trace of the run that failed
(:class:`gptfix.values.ValueTrace`, what each assignment bound). From the values the crash
statement reads and what the error says about them (a shape it quotes, ``dtype=object``,
an id out of range, a symbolic tensor given as data, a quoted string), a test on a value's
runtime facts is built; the failing operand's provenance is then followed upstream while
the facts recorded at each statement still fail that test. The statement where the bad
value first appears is the root cause: for a shape or range, the deepest such statement
(a one-hot width follows back to the ids' range through ``to_categorical``); for a dtype,
the statement that binds the value training reads (a cast goes there), with the statement
that made it so as a second place. Earlier bindings of the same name are followed too when
the value flows through a call the provenance does not see into (``x = Dense(8)(x)``).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable
from dataclasses import dataclass

from gptfix.index import ScriptIndex
from gptfix.index.provenance import ENCODING, Provenance, Step
from gptfix.model import Failure, Location, RootCause
from gptfix.values import ValueFact, ValueTrace

Test = Callable[[ValueFact], bool]

_TARGET = re.compile(r"target\.shape=\(([^)]*)\), output\.shape=\(([^)]*)\)")
#: a shape the error says a value was received with (not the one expected)
_SHAPE = re.compile(
    r"(?:Full shape received:?|incompatible shape|received input with shape|"
    r"Received `?inputs? shape=|and input of shape)\s*[\[(]([\dNone, ]+)[\])]",
    re.I,
)
_STRINGS = re.compile(r"[Cc]ast string to|string to (?:float|int)|could not convert string")
_SPEC_SHAPE = re.compile(r"TensorSpec\(shape=\(([\dNone, ]*)\)")
_RANGE = re.compile(r"indices\[[^\]]*\] = (-?\d+) is not in \[0, (\d+)\)")
_OBJECT = re.compile(r"[Ii]nvalid dtype: object|Unsupported object type|dtype=object")
_TRAINING = ("fit", "evaluate", "predict", "train_on_batch", "test_on_batch")


@dataclass
class Bad:
    """What is wrong with one failing operand, as a test on its runtime facts."""

    name: str
    test: Test
    what: str  #: e.g. "dtype object", "shape (.., 123)"
    kind: str  #: "dtype" | "shape" | "range" | "kind"
    width: int | None = None  #: the trailing axis the error quotes (a one-hot width)
    #: the operand's own value is known bad (a dataset of strings): its nearest binding is
    #: the first place even when the trace recorded nothing there
    bound: bool = False


def _dims(text: str) -> list[int | None]:
    out: list[int | None] = []
    for part in text.split(","):
        part = part.strip()
        if part.isdigit():
            out.append(int(part))
        elif part:
            out.append(None)
    return out


def _fact(entry: object, name: str) -> ValueFact | None:
    """A crash frame's local (``facts["locals"][name]``) as a value fact."""
    if not isinstance(entry, dict):
        return None
    shape = entry.get("shape")
    return ValueFact(
        name=name,
        type=str(entry.get("type", "")).rsplit(".", 1)[-1],
        shape=list(shape) if isinstance(shape, list) else None,
        dtype=entry.get("dtype"),
    )


def _is_text(f: ValueFact) -> bool:
    return str(f.dtype or "").startswith(("str", "<U", "|S", "bytes"))


def _at_least(bound: int) -> Test:
    return lambda f: f.max is not None and f.max >= bound


def _ids_below(width: int) -> Test:
    """Ids whose largest is ``width - 1`` (what a one-hot of that width was made from)."""
    return lambda f: f.max is not None and f.max == width - 1


def _same_tail(want: list[int | None]) -> Test:
    """Facts whose non-batch axes are ``want``'s (the rank included)."""

    def test(f: ValueFact) -> bool:
        return (
            f.shape is not None
            and len(f.shape) == len(want)
            and all(w is None or w == d for w, d in zip(want[1:], f.shape[1:], strict=True))
        )

    return test


def operand_names(index: ScriptIndex, first: int, last: int) -> list[str]:
    """Names the crash statement reads that hold values (not modules, defs, classes)."""
    names: list[str] = []
    for acc in sorted(index.accesses, key=lambda a: (a.line, a.col)):
        if first <= acc.line <= last and acc.name not in names:
            b = index.lookup(acc.name, acc.line, acc.scope)
            if b is not None and b.kind not in ("import", "def", "class"):
                names.append(acc.name)
    return names


def failing_operands(
    failure: Failure, names: list[str], trace: ValueTrace | None, path: str, training: bool
) -> list[Bad]:
    """The operands the error is about, each with the test its bad value fails."""
    local = failure.facts.get("locals") if isinstance(failure.facts, dict) else None
    facts = {n: _fact(local.get(n), n) for n in names} if isinstance(local, dict) else {}
    have = {n: f for n, f in facts.items() if f is not None}
    msg = failure.message
    out: list[Bad] = []
    if _OBJECT.search(msg):
        out += [
            Bad(n, lambda f: f.dtype == "object", "dtype object", "dtype")
            for n, f in have.items()
            if f.dtype == "object"
        ]
        return out
    if _STRINGS.search(msg) and isinstance(local, dict):
        for n in names:
            entry = local.get(n)
            spec = str(entry.get("element_spec", "")) if isinstance(entry, dict) else ""
            f = have.get(n)
            if "dtype=string" in spec or (f is not None and _is_text(f)):
                out.append(Bad(n, _is_text, "strings", "dtype", bound=True))
        return out
    if training:
        symbolic = [n for n, f in have.items() if "KerasTensor" in f.type]
        out += [
            Bad(n, lambda f: "KerasTensor" in f.type, "a symbolic tensor", "kind") for n in symbolic
        ]
    ranged = _RANGE.search(msg)
    if ranged and trace is not None:
        bound = int(ranged.group(2))
        for n in names:
            if any(f.max is not None and f.max >= bound for _, f in trace.of(n, path)):
                out.append(
                    Bad(
                        n,
                        _at_least(bound),
                        f"ids up to {ranged.group(1)}",
                        "range",
                    )
                )
    shapes: list[list[int | None]] = []
    target = _TARGET.search(msg)
    if target:
        shapes.append(_dims(target.group(1)))
    shapes += [_dims(m.group(1)) for m in _SHAPE.finditer(msg)]
    for want in shapes:
        if len(want) < 1:
            continue
        for n in names:  # a dataset whose elements are the shape received (not batched)
            entry = local.get(n) if isinstance(local, dict) else None
            spec = str(entry.get("element_spec", "")) if isinstance(entry, dict) else ""
            if any(_dims(m) == want for m in _SPEC_SHAPE.findall(spec)):
                out.append(
                    Bad(n, lambda f: False, f"elements of shape {tuple(want)}", "shape", bound=True)
                )
        test = _same_tail(want)
        hits = [n for n, f in have.items() if f.shape is not None and test(f)]
        if target and len(hits) > 1:  # labels: integer ids before float targets
            hits = sorted(hits, key=lambda n: not str(have[n].dtype).startswith("int"))[:1]
        width = want[-1] if len(want) > 1 else None
        shown = "(" + ", ".join("None" if d is None else str(d) for d in [None, *want[1:]]) + ")"
        out += [Bad(n, test, f"shape {shown}", "shape", width) for n in hits]
        if hits:
            break
    return out


def _facts_at(trace: ValueTrace, path: str, step: Step) -> list[ValueFact]:
    return [f for f in trace.at(path, step.line) if f.name == step.name]


def walk(
    bad: Bad, prov: Provenance, trace: ValueTrace, path: str, line: int, first: int, last: int
) -> tuple[Step | None, Step | None, list[Step]]:
    """(the nearest statement outside the crash whose value fails the test, the deepest
    one upstream of it with the bad value still there, the steps followed)."""
    steps = prov.trace(bad.name, line)
    test = bad.test
    nearest: Step | None = None
    origin: Step | None = None
    previous: Step | None = None
    for step in steps:
        facts = _facts_at(trace, path, step)
        if bad.bound and nearest is None and step.name == bad.name and not facts:
            if step.kind in ("assign", "unpack") and not first <= step.line <= last:
                nearest = origin = previous = step  # the operand's own binding
                continue
        if step.kind in ("return", "param", "argument") or not facts:
            continue
        if first <= step.line <= last:
            previous = step
            continue
        if not any(test(f) for f in facts):
            if previous is not None and previous.op in ENCODING and bad.width:
                ids = _ids_below(bad.width)
                if any(ids(f) for f in facts):  # a one-hot width comes from the ids' range
                    test, nearest, origin = ids, step, step
                    bad.what = f"ids up to {bad.width - 1} (a one-hot {bad.width} wide)"
                    previous = step
                    continue
            break
        nearest = nearest or step
        origin = previous = step
    if bad.kind == "kind" and origin is not None and origin is steps[-1]:
        origin = _earlier_binding(prov.index, trace, path, origin, test) or origin
    return nearest, origin, steps


def _earlier_binding(
    index: ScriptIndex, trace: ValueTrace, path: str, step: Step, test: Test
) -> Step | None:
    """Where the name first held a value failing ``test``, back through its own earlier
    bindings (a value fed through a call the provenance does not follow)."""
    if step.kind != "assign":
        return None
    binding = index.lookup(step.name, step.line)
    if binding is None:
        return None
    lines = sorted(
        {b.stmt_line or b.line for b in index.bindings_of(step.name, binding.scope)}, reverse=True
    )
    found: Step | None = None
    for at in lines:
        if at >= step.line:
            continue
        facts = [f for f in trace.at(path, at) if f.name == step.name]
        if not facts or not any(test(f) for f in facts):
            break
        text = index.lines.line_text(at).strip()
        found = Step(step.name, at, at, "assign", text)
    return found


def _through_callers(
    index: ScriptIndex, failure: Failure, trace: ValueTrace, bads: list[Bad]
) -> list[tuple[Bad, int]]:
    """A failing operand that entered the crashing function as a parameter (``call(self,
    x)`` run by ``fit``): the values the calling frames of the traceback read that fail the
    same test, each with the line that reads it."""
    path = index.path or ""
    loc = failure.location
    out: list[tuple[Bad, int]] = []
    for frame in reversed(failure.frames):
        where = frame.local_path or ""
        if not frame.is_user or loc is None or where != loc.path or frame.line == loc.line:
            continue
        lo, hi = index.statement_at(frame.line)
        for name in operand_names(index, lo, hi):
            now = [f for at, f in trace.of(name, path) if at < lo]
            for bad in bads:
                if bad.name != name and now and bad.test(now[-1]):
                    out.append((Bad(name, bad.test, bad.what, bad.kind, bad.width), frame.line))
    return out


def _training_call(index: ScriptIndex, first: int, last: int) -> bool:
    tree = index.tree
    return tree is not None and any(
        isinstance(n, ast.Call)
        and first <= n.lineno <= last
        and isinstance(n.func, ast.Attribute)
        and n.func.attr in _TRAINING
        for n in ast.walk(tree)
    )


def value_root(
    index: ScriptIndex, failure: Failure, trace: ValueTrace | None, line: int
) -> RootCause | None:
    """The root cause the value trace shows for ``failure`` at ``line``, or None."""
    if trace is None:
        return None
    path = index.path or ""
    first, last = index.statement_at(line)
    prov = Provenance(index)
    names = operand_names(index, first, last)
    bads = failing_operands(failure, names, trace, path, _training_call(index, first, last))
    for bad, at in [(b, line) for b in bads] + _through_callers(index, failure, trace, bads):
        lo, hi = index.statement_at(at)
        nearest, origin, steps = walk(bad, prov, trace, path, at, lo, hi)
        if origin is None or nearest is None:
            continue
        text = [f"{s.line}: {s.expr}" for s in steps]
        if bad.kind == "kind":  # the name was taken over: where that began
            return RootCause(
                Location(path, origin.line, 1, origin.end_line),
                f"`{bad.name}`, the data given to training, holds {bad.what} from here on "
                f"(line {origin.line})",
                text,
            )
        if bad.kind == "dtype":
            root = RootCause(
                Location(path, nearest.line, 1, nearest.end_line),
                f"`{bad.name}`, given to training with {bad.what}, is bound here "
                f"(line {nearest.line})",
                text,
            )
            if origin.line != nearest.line:
                root.reason += f"; made so at line {origin.line}"
                root.also.append(Location(path, origin.line, 1, origin.end_line))
            return root
        return RootCause(
            Location(path, nearest.line, 1, nearest.end_line),
            f"`{nearest.name}` is made here with {bad.what} (line {nearest.line})",
            text,
        )
    return _quoted_value(index, failure, names, first, last)


def _quoted_value(
    index: ScriptIndex, failure: Failure, names: list[str], first: int, last: int
) -> RootCause | None:
    """A string the crash statement reads and the error quotes: where it was made."""
    local = failure.facts.get("locals") if isinstance(failure.facts, dict) else None
    if not isinstance(local, dict):
        return None
    for name in names:
        entry = local.get(name)
        if not isinstance(entry, dict) or entry.get("type") != "str":
            continue
        shown = str(entry.get("repr", ""))[1:-1]
        if len(shown) < 4 or shown not in failure.message:
            continue
        b = index.lookup(name, first)
        at = (b.stmt_line or b.line) if b is not None else 0
        if b is not None and b.kind == "assign" and at and not first <= at <= last:
            return RootCause(
                Location(index.path or "", at, 1, at),
                f"`{name}`, the value the error quotes, is made here (line {at})",
                [f"{at}: {index.lines.line_text(at).strip()}"],
            )
    return None


__all__ = ["Bad", "failing_operands", "operand_names", "value_root", "walk"]
