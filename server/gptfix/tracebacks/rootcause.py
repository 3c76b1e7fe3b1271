"""The root-cause line of a located failure: where the failing value was made.

Bridges a :class:`~gptfix.model.Failure` located on its crash line and the program
model's provenance (:mod:`gptfix.index.provenance`): the values the crash statement
reads are followed back to the statements that made them. With the value trace of the
run that failed, the trace decides (:mod:`gptfix.tracebacks.valuecause`: where the bad
shape, dtype or range first shows), and declarations that disagree with the data are
checked (:mod:`gptfix.tracebacks.declared`: the loss, a layer's size, the model's output).
Without it the root cause is named only on the program model's evidence: a label variable
unpacked from the value that holds the features (or the other way round), else the
nearest statement that reshaped/recast the value upstream of the crash; for an int/float
clash in one op, where the integer operand was made; for an object array, where it was
made ``object``; for data whose name the model's tensors took over, where they took it.
:func:`edited_line` gives the line a verified fix amends (the repair loop's root line).
"""

from __future__ import annotations

import ast
import difflib
import re
from pathlib import Path

from gptfix.index import ScriptIndex, build_index
from gptfix.index.provenance import Provenance, Step
from gptfix.model import Failure, Location, RootCause
from gptfix.tracebacks.declared import declared_root
from gptfix.tracebacks.graphcause import declared_elsewhere, producing_layer
from gptfix.tracebacks.valuecause import value_root
from gptfix.values import ValueTrace

#: Exception types whose cause is not a value made upstream (a name, an import, memory).
_NOT_DATA = {
    "NameError",
    "UnboundLocalError",
    "AttributeError",
    "ImportError",
    "ModuleNotFoundError",
    "SyntaxError",
    "IndentationError",
    "FileNotFoundError",
    "ResourceExhaustedError",
    "OutOfMemoryError",
    "MemoryError",
    "KeyboardInterrupt",
}
_NOT_VALUES = {
    "module",
    "function",
    "class",
    "model",
    "compiled-model",
    "layer",
    "optimizer",
    "loss",
    "metric",
    "callback",
    "history",
    "config",
    "path",
}
#: transforms that change the dtype, never the shape: no root cause of a shape error
_DTYPE_ONLY = frozenset({"astype", "cast", "convert_to_tensor"})
_RANK = re.compile(r"expected (?:min_|max_)?ndim=\d+, found ndim=\d+")
_LABEL = re.compile(r"^(y|Y)(_|\d|$)|label|target|^t_?(train|test|val)", re.I)
_FEATURE = re.compile(r"^(x|X)(_|\d|$)|feature|image|^inputs?(_|$)|^data(_|$)", re.I)


def role(name: str) -> str | None:
    """ "label" or "feature" when the variable's name says which it holds."""
    if _LABEL.search(name):
        return "label"
    if _FEATURE.search(name):
        return "feature"
    return None


def _steps_text(steps: list[Step]) -> list[str]:
    return [f"{s.line}: {s.expr}" for s in steps]


def _swap(name: str, steps: list[Step]) -> Step | None:
    """The unpacking that gave a label variable the features (or the other way round)."""
    mine = role(name)
    if mine is None:
        return None
    unpack: Step | None = None
    for step in steps:
        if step.kind == "unpack" and unpack is None:
            unpack = step
        if step.kind in ("param", "assign", "unpack") and step.name != name:
            other = role(step.name)
            if other is not None and other != mine:
                return unpack
            if other == mine:
                return None
    return None


_GRAPH_DTYPE = re.compile(
    r"Input '([xy])' of '\w+' Op has type (\w+) that does not match type (\w+) of argument '([xy])'"
)
_EAGER_DTYPE = re.compile(
    r"cannot compute \w+ as input #(\d)\(zero-based\) was expected to be a (\w+) tensor "
    r"but is a (\w+) tensor"
)


_OBJECT = re.compile(r"[Ii]nvalid dtype: object|Unsupported object type|dtype=object")
_SHAPE_WORDS = re.compile(
    r"shape|ndim|rank|dimension|cardinality|sizes|incompatible|must be equal|axis", re.I
)


def _object_origin(
    index: ScriptIndex, prov: Provenance, first: int, last: int, line: int
) -> RootCause | None:
    """For an object array given to TensorFlow: the statement that made it ``object``."""
    seen: list[str] = []
    for acc in sorted(index.accesses, key=lambda a: (a.line, a.col)):
        if not first <= acc.line <= last or acc.name in seen:
            continue
        seen.append(acc.name)
        steps = prov.trace(acc.name, line)
        made = next((s for s in steps if "object" in s.expr and s.kind == "assign"), None)
        if made is not None and not first <= made.line <= last:
            return RootCause(
                Location(index.path or "", made.line, 1, made.end_line),
                f"`{acc.name}` is made an object array here (line {made.line})",
                _steps_text(steps),
            )
    return None


def _shadowed_data(index: ScriptIndex, first: int, last: int) -> RootCause | None:
    """Data fed to fit/evaluate under a name the model's tensors took over: the first
    statement that rebinds the array's name to a tensor."""
    tree = index.tree
    if tree is None:
        return None
    for node in ast.walk(tree):
        if not (
            isinstance(node, ast.Call)
            and first <= node.lineno <= last
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in ("fit", "evaluate", "train_on_batch")
            and node.args
            and isinstance(node.args[0], ast.Name)
        ):
            continue
        name = node.args[0].id
        now = index.lookup(name, node.lineno)
        if now is None or now.value_kind not in ("tensor", "input"):
            continue
        same = [b for b in index.bindings_of(name, now.scope) if b.line <= now.line]
        arrays = [b for b in same if b.value_kind in ("array", None) and b.kind == "assign"]
        if not arrays or arrays[0] is now:
            continue
        taken = next((b for b in same if b.line > arrays[0].line), None)
        if taken is not None:
            return RootCause(
                Location(index.path or "", taken.line, 1, taken.line),
                f"`{name}`, the data made at line {arrays[0].line}, is rebound to the "
                f"model's tensors here (line {taken.line})",
                [f"{b.line}: {index.lines.line_text(b.line).strip()}" for b in same],
            )
    return None


def _integer_operand(message: str) -> int | None:
    """Which operand (0 or 1) of a two-operand op is the integer tensor in a dtype clash."""
    m = _GRAPH_DTYPE.search(message)
    if m:
        if m.group(2).startswith(("int", "uint")):
            return "xy".index(m.group(1))
        if m.group(3).startswith(("int", "uint")):
            return "xy".index(m.group(4))
        return None
    e = _EAGER_DTYPE.search(message)
    if e and int(e.group(1)) in (0, 1):
        idx = int(e.group(1))
        if e.group(3).startswith(("int", "uint")):
            return idx
        if e.group(2).startswith(("int", "uint")):
            return 1 - idx
    return None


def _dtype_origin(
    index: ScriptIndex, prov: Provenance, failure: Failure, first: int, last: int, line: int
) -> RootCause | None:
    """For an int/float clash: where the integer operand was made (its first maker)."""
    which = _integer_operand(failure.message)
    tree = index.tree
    if which is None or tree is None:
        return None
    for node in ast.walk(tree):
        if not (isinstance(node, ast.BinOp) and first <= node.lineno <= last):
            continue
        operand = (node.left, node.right)[which]
        if not isinstance(operand, ast.Name):
            continue
        steps = [s for s in prov.trace(operand.id, line) if s.kind in ("assign", "unpack")]
        outside = [s for s in steps if not first <= s.line <= last]
        if outside:
            origin = outside[-1]  # the deepest: where the integer tensor was made
            return RootCause(
                Location(index.path or "", origin.line, 1, origin.end_line),
                f"`{operand.id}`, the integer operand, is made here (line {origin.line})",
                _steps_text(steps),
            )
    return None


def _value_names(index: ScriptIndex, first: int, last: int) -> list[str]:
    names: list[str] = []
    for acc in index.accesses:
        if first <= acc.line <= last and acc.name not in names:
            b = index.lookup(acc.name, acc.line, acc.scope)
            if b is None or b.kind in ("import", "def", "class") or b.value_kind in _NOT_VALUES:
                continue
            names.append(acc.name)
    return names


def _swapped(
    index: ScriptIndex, prov: Provenance, names: list[str], first: int, last: int, line: int
) -> RootCause | None:
    for name in names:
        steps = prov.trace(name, line)
        swap = _swap(name, steps)
        if swap is not None and not first <= swap.line <= last:
            return RootCause(
                Location(index.path or "", swap.line, 1, swap.end_line),
                f"{name} is unpacked here from a value that holds the "
                f"{'features' if role(name) == 'label' else 'labels'} (line {swap.line})",
                _steps_text(steps),
            )
    return None


def root_cause_in(
    index: ScriptIndex, failure: Failure, line: int, trace: ValueTrace | None = None
) -> RootCause | None:
    """The root cause of ``failure`` (crashing at ``line`` of ``index``), or None.

    With the value trace of the run that failed, what the trace shows about the failing
    operands (:mod:`gptfix.tracebacks.valuecause`) comes first; the program model's
    evidence alone otherwise."""
    first, last = index.statement_at(line)
    prov = Provenance(index)
    if _GRAPH_DTYPE.search(failure.message) or _EAGER_DTYPE.search(failure.message):
        return _dtype_origin(index, prov, failure, first, last, line)  # no shape question
    names = _value_names(index, first, last)
    swapped = _swapped(index, prov, names, first, last, line)
    if swapped is not None:
        return swapped
    data = value_root(index, failure, trace, line)
    found = declared_root(index, failure, first, last, trace, data) or data
    if found is not None:
        return found
    if _OBJECT.search(failure.message):
        return _object_origin(index, prov, first, last, line)
    shadowed = _shadowed_data(index, first, last)
    if shadowed is not None:
        return shadowed
    path = index.path or ""
    shaped: tuple[str, Step, list[Step]] | None = None
    for name in names:
        steps = prov.trace(name, line)
        for step in steps:
            if step.op and step.op not in _DTYPE_ONLY and not first <= step.line <= last:
                shaped = (name, step, steps)
                break
        if shaped is not None:
            break
    if not _SHAPE_WORDS.search(failure.message) or _list_read_as_inputs(failure, names):
        shaped = None  # a reshape upstream says nothing about a failure that is not a shape
    if shaped is None and re.search(r"cardinality|sizes:", failure.message):
        unpacks: dict[int, list[str]] = {}
        for name in names:
            steps = prov.trace(name, line)
            if steps and steps[0].kind == "unpack":
                unpacks.setdefault(steps[0].line, []).append(name)
        for at, together in unpacks.items():
            if len(together) > 1 and not first <= at <= last:
                return RootCause(
                    Location(path, at, 1, at),
                    f"{' and '.join(together)}, whose sizes differ, are unpacked together "
                    f"at line {at}",
                    [f"{at}: {index.lines.line_text(at).strip()}"],
                )
    declared = declared_elsewhere(index, failure, first, last)
    if shaped is None and declared is not None:
        return declared
    if shaped is None and _RANK.search(failure.message):
        layer = producing_layer(index, prov, first, last, line)
        if layer is not None:
            return layer
    if shaped is not None:
        name, step, steps = shaped
        return RootCause(
            Location(path, step.line, 1, step.end_line),
            f"{name} got its shape from {step.op}() here (line {step.line})",
            _steps_text(steps),
        )
    return None


_PER_ELEMENT_SIZES = re.compile(r"'[xy]' sizes: (\d+)(?:, \1){2,}(?!\d)")


def _list_read_as_inputs(failure: Failure, names: list[str]) -> bool:
    """A cardinality error that counts one size per element of a Python list the crash
    line passes (``'x' sizes: 24, 24, 24, ...``): the list itself, on the crash line, is
    the cause, not how the other operand was made."""
    local_vars = failure.facts.get("locals") or {}
    if not _PER_ELEMENT_SIZES.search(failure.message) or not isinstance(local_vars, dict):
        return False
    return any(
        isinstance(d := local_vars.get(n), dict) and d.get("type") in ("list", "tuple")
        for n in names
    )


def root_cause(
    failure: Failure,
    script_text: str,
    path: Path | str | None = None,
    trace: ValueTrace | None = None,
) -> RootCause | None:
    """Where the value that crashed on ``failure``'s line was made, when upstream of it.

    None when the failure is not about a value (a name, an import, memory), is not
    located in ``script_text``, or no evidence points elsewhere than the crash line.
    """
    loc = failure.location
    if loc is None or failure.type.rsplit(".", 1)[-1] in _NOT_DATA:
        return None
    if path is not None and loc.path and Path(loc.path).resolve() != Path(path).resolve():
        return None
    index = build_index(script_text, str(path or loc.path or ""))
    if index.syntax_error is not None or not 1 <= loc.line <= len(index.lines.lines):
        return None
    found = root_cause_in(index, failure, loc.line, trace)
    if found is not None and loc.path:
        for place in (found.location, *found.also):
            place.path = loc.path
    return found


def _plain(lines: list[str]) -> bool:
    """Whether ``lines`` are only imports, comments or blank (not where a value is made)."""
    for line in lines:
        s = line.strip()
        if s and not s.startswith(("#", "import ", "from ")):
            return False
    return True


def edited_line(old: str, new: str) -> int | None:
    """The line of ``old`` a fix amends (1-based): the first changed line that is not an
    import; for inserted lines, the statement above when the insertion rebinds a name
    made there (``X = X[..., None]`` after ``X = ...``), else the line it precedes."""
    a, b = old.splitlines(), new.splitlines()
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal" or (_plain(a[i1:i2]) and _plain(b[j1:j2])):
            continue
        if tag != "insert":
            return next((i + 1 for i in range(i1, i2) if not _plain(a[i : i + 1])), i1 + 1)
        added = b[j1].strip()
        target = re.match(r"([A-Za-z_]\w*)\s*=[^=]", added)
        above = a[i1 - 1] if i1 > 0 else ""
        if target and i1 > 0 and re.match(rf"\s*{target.group(1)}\b", above):
            return i1
        return min(i1 + 1, len(a))
    return None  # only imports, comments or blank lines changed


__all__ = ["edited_line", "role", "root_cause", "root_cause_in"]
