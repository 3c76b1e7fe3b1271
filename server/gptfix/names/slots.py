"""Where a snippet's placeholder is used, and the script value in that same place.

A name the snippet reads but never binds (``X_va`` in ``validation_data=(X_va, y_va)``)
stands for the script's value that reaches the same parameter of the same call: the
script's ``validation_data=(x_val, y_val)``. The place is an argument *slot*: the call
(``model.fit``, ``tf.data.Dataset.from_tensor_slices``), the parameter (a keyword, or a
position named by the call's signature, so ``fit(x=...)`` and ``fit(X, ...)`` are the same
slot) and, inside a tuple or list argument, the element. A script argument that is a name
bound once to a tuple or list (``validation_data=val_data``) is followed to that value.

Across several calls of the same function only calls that move data count (``fit``,
``evaluate``, ``predict``, ``from_tensor_slices``...): the script's one
``keras.Input(shape=(SEQ_LEN,))`` says what ``MAXLEN`` stands for in the answer's
``keras.Input(shape=(MAXLEN,))``; its three ``keras.Input`` calls with other shapes say
nothing.

Candidates are every script name in that argument (the members of its tuple or list, in
every such call); they are narrowed, in order, by what the prose says the placeholder is
("where `images` is your photo array"), by the words of the name (``train``/``val``/
``test``, ``image``/``meta``, short forms such as ``tr``, ``va``, ``imgs``), by names other
placeholders of the same argument took, by the position inside the argument, and last by
spelling. A placeholder with several candidates left is reported with them, never guessed.
"""

from __future__ import annotations

import ast
import difflib
import re
from dataclasses import dataclass, field

from gptfix.index import Binding, ScriptIndex
from gptfix.index.imports import dotted
from gptfix.names.described import described_binding
from gptfix.names.hints import RoleHint

Path = tuple[str | int, ...]

#: positional parameters of the calls that move data, so ``fit(X, y)`` and ``fit(x=X, y=y)``
#: fill the same slots
_PARAMS: dict[str, tuple[str, ...]] = {
    "fit": ("x", "y", "batch_size", "epochs", "verbose", "callbacks", "validation_split",
            "validation_data"),
    "evaluate": ("x", "y", "batch_size", "verbose"),
    "predict": ("x", "batch_size", "verbose"),
    "train_on_batch": ("x", "y"),
    "test_on_batch": ("x", "y"),
    "fit_generator": ("generator", "steps_per_epoch", "epochs", "verbose", "callbacks",
                      "validation_data"),
    "from_tensor_slices": ("tensors",),
    "from_tensors": ("tensors",),
}  # fmt: skip

#: word families of names; a name in one family is not a value of another of the same group
_FAMILIES: dict[str, tuple[str, ...]] = {
    "train": ("train", "tr", "trn", "fit"),
    "val": ("val", "valid", "validation", "va", "dev"),
    "test": ("test", "te", "tst", "holdout"),
    "image": ("image", "img", "photo", "pic", "picture"),
    "meta": ("meta", "metadata", "tab", "tabular"),
}
_GROUPS = ({"train", "val", "test"}, {"image", "meta"})


@dataclass
class SlotChoice:
    """What the slots say about one placeholder: a script name, or the candidates left."""

    name: str
    chosen: str | None = None
    evidence: str = ""
    candidates: list[str] = field(default_factory=list)
    #: read from a call of another receiver's method: what the words or the use say first
    weak: bool = False


@dataclass
class _Facts:
    cands: set[str] = field(default_factory=set)  #: script names in the same argument
    positional: set[str] = field(default_factory=set)  #: ... at the very same position
    where: str = ""
    lines: dict[str, int] = field(default_factory=dict)  #: script name -> line it is passed
    #: the call is the script's by its method only (``model.fit`` for ``siamese.fit``)
    weak: bool = False


def map_by_slots(
    tree: ast.Module,
    sidx: ScriptIndex,
    visible: dict[str, Binding],
    names: list[str],
    hints: dict[str, RoleHint],
) -> dict[str, SlotChoice]:
    """For each of ``names`` (placeholders) used in an argument the script also fills: the
    script name it stands for, or the candidates that remain (jointly decided)."""
    if sidx.tree is None or not names:
        return {}
    facts = _facts(tree, sidx, visible, set(names), hints)
    out: dict[str, SlotChoice] = {}
    narrowed: dict[str, tuple[set[str], str]] = {}
    for name, f in facts.items():
        narrowed[name] = _narrow(name, f.cands, hints.get(name), visible, sidx)
    taken = {next(iter(c)) for c, _ in narrowed.values() if len(c) == 1}
    for name in names:  # in the order the snippet reads them
        if name not in facts:
            continue
        f = facts[name]
        left, why = narrowed[name]
        pick: str | None = next(iter(left)) if len(left) == 1 else None
        if pick is not None:
            out[name] = SlotChoice(name, pick, _evidence(f, pick, why), weak=f.weak)
            continue
        free = left - taken
        pos = f.positional & free
        if len(free) == 1:
            pick, why = next(iter(free)), "is the one value of that argument left"
        elif len(pos) == 1:
            pick, why = next(iter(pos)), "is in the same position"
        else:
            pick, why = _closest(name, free or left), "is the most similar name"
        if pick is None:
            out[name] = SlotChoice(name, None, f.where, sorted(pos or free or left), f.weak)
            continue
        taken.add(pick)
        out[name] = SlotChoice(name, pick, _evidence(f, pick, why), weak=f.weak)
    return out


def _evidence(f: _Facts, pick: str, why: str) -> str:
    said = f"{f.where}, where the script passes {pick} (line {f.lines.get(pick, '?')})"
    return f"{said}; {pick} {why}" if why else said


def _facts(
    tree: ast.Module,
    sidx: ScriptIndex,
    visible: dict[str, Binding],
    names: set[str],
    hints: dict[str, RoleHint],
) -> dict[str, _Facts]:
    assert sidx.tree is not None
    defs = {
        n.name: tuple(a.arg for a in n.args.posonlyargs + n.args.args)
        for n in ast.walk(sidx.tree)
        if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)
    }
    tuples = _bound_containers(sidx.tree)
    script_calls: dict[str, list[ast.Call]] = {}
    for node in ast.walk(sidx.tree):
        if isinstance(node, ast.Call) and (head := dotted(node.func)) is not None:
            script_calls.setdefault(head, []).append(node)
    per_name: dict[str, list[_Facts]] = {}
    setting_uses: dict[str, int] = {}  # slots of calls that do not move data
    data_uses: set[str] = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or (head := dotted(node.func)) is None:
            continue
        calls = script_calls.get(head, [])
        data = head.rsplit(".", 1)[-1] in _PARAMS
        receiver, _, method = head.rpartition(".")
        by_method = not calls and data and receiver in names
        if by_method:
            # ``model.fit(...)`` with the answer's own name for the model: the script's
            # ``siamese.fit(...)`` fills the same slots
            calls = [
                c for h, cs in script_calls.items() if h.rpartition(".")[2] == method for c in cs
            ]
            calls = [c for c in calls if isinstance(c.func, ast.Attribute)]
        if not calls or (len(calls) > 1 and not data):
            continue  # another call than one moving data: only the script's one call counts
        for slot, value in _slots(node, defs).items():
            for path, leaf, width in _leaves(value, (slot,)):
                if leaf not in names:
                    continue
                f = _Facts(where=f"the snippet's {head}(...) passes {leaf} as {_say(path)}")
                f.weak = by_method
                for call in calls:
                    theirs = _slots(call, defs).get(slot)
                    if isinstance(theirs, ast.Name) and len(path) > 1:
                        theirs = tuples.get(theirs.id, theirs)
                    if theirs is None:
                        continue
                    members = _at(theirs, path[1:-1]) if len(path) > 1 else None
                    if len(path) > 1:
                        items = _members(members)
                        if items is None or len(items) != width:
                            continue
                        group = [e.id for e in items if isinstance(e, ast.Name)]
                        at = _at(theirs, path[1:])
                    else:
                        at = theirs
                        group = [theirs.id] if isinstance(theirs, ast.Name) else []
                    group = [g for g in group if g in visible and g != leaf]
                    f.cands.update(group)
                    for n in ast.walk(theirs):
                        if isinstance(n, ast.Name) and n.id in group:
                            f.lines.setdefault(n.id, n.lineno)
                    if isinstance(at, ast.Name) and at.id in group:
                        f.positional.add(at.id)
                if f.cands:
                    per_name.setdefault(leaf, []).append(f)
                    setting_uses[leaf] = setting_uses.get(leaf, 0) + (0 if data else 1)
                    if data:
                        data_uses.add(leaf)
    reads: dict[str, int] = {}
    for n in ast.walk(tree):
        if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load):
            reads[n.id] = reads.get(n.id, 0) + 1
    for leaf, uses in setting_uses.items():
        if leaf not in data_uses and uses < reads.get(leaf, 0):
            # ``channels`` in ``Dense(channels)`` but also in ``channels // ratio`` and
            # ``Reshape((1, 1, channels))``: one setting slot of a layer is no evidence
            # that the name means the script's value there (NUM_CLASSES)
            per_name.pop(leaf, None)
    out: dict[str, _Facts] = {}
    for name, found in per_name.items():
        common = set.intersection(*(f.cands for f in found))
        pos = set.intersection(*(f.positional for f in found))
        lines = {k: v for f in found for k, v in f.lines.items()}
        out[name] = _Facts(
            common or set.union(*(f.cands for f in found)),
            pos,
            found[0].where,
            lines,
            all(f.weak for f in found),
        )
    return out


def _slots(call: ast.Call, defs: dict[str, tuple[str, ...]]) -> dict[str, ast.expr]:
    """Argument slot -> value; positions named by the call's signature where it is known."""
    head = dotted(call.func) or ""
    short = head.rsplit(".", 1)[-1]
    params = defs.get(head) or _PARAMS.get(short, ())
    out: dict[str, ast.expr] = {}
    for i, a in enumerate(call.args):
        if isinstance(a, ast.Starred):
            break
        out[params[i] if i < len(params) else f"#{i}"] = a
    out.update({k.arg: k.value for k in call.keywords if k.arg})
    return out


def _leaves(value: ast.expr, path: Path) -> list[tuple[Path, str, int]]:
    """(path, name, width of the enclosing tuple/list) of the plain names in an argument."""
    if isinstance(value, ast.Name):
        return [(path, value.id, 1)]
    out: list[tuple[Path, str, int]] = []
    if isinstance(value, ast.Tuple | ast.List):
        for i, e in enumerate(value.elts):
            for p, n, w in _leaves(e, (*path, i)):
                out.append((p, n, len(value.elts) if len(p) == len(path) + 1 else w))
    if isinstance(value, ast.Dict):  # ``{"segment": y_seg_tr, "spend": y_spend_tr}``
        for k, e in zip(value.keys, value.values, strict=True):
            if isinstance(k, ast.Constant) and isinstance(k.value, str):
                for p, n, w in _leaves(e, (*path, k.value)):
                    out.append((p, n, len(value.keys) if len(p) == len(path) + 1 else w))
    return out


def _members(node: ast.expr | None) -> list[ast.expr] | None:
    """The items of a tuple or list, the values of a dict."""
    if isinstance(node, ast.Tuple | ast.List):
        return list(node.elts)
    if isinstance(node, ast.Dict):
        return list(node.values)
    return None


def _at(node: ast.expr, path: Path) -> ast.expr | None:
    for step in path:
        if isinstance(node, ast.Dict) and isinstance(step, str):
            found = [
                v
                for k, v in zip(node.keys, node.values, strict=True)
                if isinstance(k, ast.Constant) and k.value == step
            ]
            if len(found) != 1:
                return None
            node = found[0]
            continue
        if not isinstance(node, ast.Tuple | ast.List) or not isinstance(step, int):
            return None
        if step >= len(node.elts):
            return None
        node = node.elts[step]
    return node


def _bound_containers(tree: ast.Module) -> dict[str, ast.expr]:
    """Names bound once at module level to a tuple or list (``val_data = (x_val, y_val)``)."""
    seen: dict[str, int] = {}
    out: dict[str, ast.expr] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            seen[node.id] = seen.get(node.id, 0) + 1
    for st in tree.body:
        if (
            isinstance(st, ast.Assign)
            and len(st.targets) == 1
            and isinstance(st.targets[0], ast.Name)
            and isinstance(st.value, ast.Tuple | ast.List)
        ):
            out[st.targets[0].id] = st.value
    return {k: v for k, v in out.items() if seen.get(k) == 1}


def _say(path: Path) -> str:
    slot = str(path[0])
    head = f"argument {int(slot[1:]) + 1}" if slot.startswith("#") else f"{slot}="
    return head + "".join(f"[{p!r}]" if isinstance(p, str) else f"[{p}]" for p in path[1:])


def name_words(name: str) -> set[str]:
    """The families (train/val/test/image/meta) the words of a name belong to: ``Xtr`` ->
    train, ``y_va`` -> val, ``train_imgs`` -> train and image."""
    parts: list[str] = []
    for chunk in re.split(r"[^A-Za-z]+", name):
        parts.extend(w.lower() for w in re.findall(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])", chunk))
    words = set(parts)
    for p in parts:
        if len(p) > 2 and p[0] in "xy" and p[1:] in {w for ws in _FAMILIES.values() for w in ws}:
            words.add(p[1:])  # Xtr, ytr, Xte
    found: set[str] = set()
    for fam, forms in _FAMILIES.items():
        for w in words:
            if w in forms or (
                len(w) >= 3
                and any(f.startswith(w) or w.startswith(f) for f in forms if len(f) >= 3)
            ):
                found.add(fam)
    return found


def _narrow(
    name: str,
    cands: set[str],
    hint: RoleHint | None,
    visible: dict[str, Binding],
    sidx: ScriptIndex,
) -> tuple[set[str], str]:
    """The candidates the prose and the name's words leave, and why."""
    if len(cands) <= 1:
        return cands, ""
    if hint is not None and hint.description:
        pool = {c: visible[c] for c in cands if c in visible}
        chosen, why = described_binding(hint.description, pool, sidx, among=True)
        if chosen is not None:
            return {chosen.name}, f"matches the prose ({hint.evidence}; {why})"
        return cands, ""  # the prose says what it is, and nothing fits: never guessed
    mine = name_words(name) | (hint.qualifiers & set(_FAMILIES) if hint else set())
    left = set(cands)
    for group in _GROUPS:
        want = mine & group
        if not want:
            continue
        same = {c for c in left if name_words(c) & want}
        if same:
            left = same
        else:  # no candidate says "train": drop the ones that say val/test
            left = {c for c in left if not name_words(c) & (group - want)} or left
    why = f"is the one whose name says {'/'.join(sorted(mine))}" if mine else ""
    return left, why


def _closest(name: str, pool: set[str]) -> str | None:
    ranked = sorted(pool, key=lambda c: _ratio(name, c), reverse=True)
    if not ranked:
        return None
    if len(ranked) == 1:
        return ranked[0]
    best, second = _ratio(name, ranked[0]), _ratio(name, ranked[1])
    return ranked[0] if best >= 0.6 and best - second >= 0.15 else None


def _ratio(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a.lower(), b.lower()).ratio()
