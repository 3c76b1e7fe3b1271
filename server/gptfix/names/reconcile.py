"""Bridges a chat answer's snippet and the script it goes into: whose ``x`` is it?

``reconcile(snippet, script_text, at_line, prose)`` maps every name the snippet reads
but does not define onto the script's names, using in order: explicit hints in the
prose ("assume `train_ds` is your training dataset", "假设 `x` 是…"), the argument it
fills in a call the script makes (``callbacks=cbs`` where the script's ``model.fit``
passes ``callbacks=callbacks``; ``validation_data=(X_va, y_va)`` for ``(x_val, y_val)``:
:mod:`gptfix.names.slots`), the role of the value (an Input, a backbone, a dataset,
a compiled model), module-alias equivalence
(``layers.Dense`` written as the script's ``keras.layers.Dense``; ``tf.keras`` is
``keras``) and textual similarity last. Ambiguous mappings are reported, never guessed;
names the snippet defines that would clobber a different script value are made unique.
The mapping is one-to-one: two answer names (``train_generator``, ``validation_generator``)
never become the same script name; such names stay unmapped, and the answer unresolved.
:meth:`Reconciliation.apply` rewrites the snippet accordingly.
"""

from __future__ import annotations

import ast
import difflib
import re
import textwrap

from gptfix.index import CONVENTIONAL, Binding, ScriptIndex, build_index
from gptfix.names.alike import made_alike
from gptfix.names.configs import config_chains, misread_chains
from gptfix.names.described import described_binding
from gptfix.names.hints import RoleHint, prose_hints, usage_hint
from gptfix.names.reconciliation import Ambiguity, NameMapping, Reconciliation
from gptfix.names.self_attrs import drifted_attributes
from gptfix.names.slots import SlotChoice, map_by_slots
from gptfix.names.spelling import module_rewrites

_COMPATIBLE = {
    "dataset": {"dataset", "generator"},
    "model": {"model", "compiled-model"},
    "backbone": {"backbone"},
    "input": {"input"},
    "tensor": {"tensor"},
    "optimizer": {"optimizer"},
    "loss": {"loss"},
}
_QUAL_WORDS = {"train": ("train",), "val": ("val", "valid"), "test": ("test",),
               "image": ("image", "img"), "meta": ("meta", "tab")}  # fmt: skip


def reconcile(
    snippet: str,
    script: str | ScriptIndex,
    at_line: int | None = None,
    prose: str = "",
    own: frozenset[str] = frozenset(),
) -> Reconciliation:
    """Map the snippet's names onto the script's names at ``at_line`` (default: the end).

    ``own``: names the answer itself defines elsewhere (a helper function in another
    block): they stay as written, never mapped to a similar script name.
    """
    text = textwrap.dedent(snippet)
    rec = Reconciliation(text)
    snip = build_index(text)
    if snip.syntax_error is not None:
        rec.error = f"line {snip.syntax_error.line}: {snip.syntax_error.message}"
        return rec
    sidx = script if isinstance(script, ScriptIndex) else build_index(script)
    line = at_line if at_line is not None else len(sidx.lines.lines) + 1
    visible = sidx.names_in_scope(line, before_only=True) if sidx.syntax_error is None else {}
    tree = ast.parse(text)
    free = _free_names(snip)
    hints = prose_hints(prose)
    mapped: dict[str, str] = {}
    chains, configs, unclear, handled = config_chains(snip, tree, sidx, free, visible)
    rec._chains.update(chains)
    rec.mappings += [NameMapping(w, e, "config", why) for w, e, why in configs]
    rec.ambiguous += [Ambiguity(w, c, "several configuration values match") for w, c in unclear]
    # reads of an attribute no configuration defines that the spelling match above left
    # (dict keys, close spellings, nothing close): mapped, guessed or unresolved
    chains, configs, guesses, unknown = misread_chains(text, sidx)
    done = {m.snippet_name for m in rec.mappings} | {a.snippet_name for a in rec.ambiguous}
    rec._chains.update({k: v for k, v in chains.items() if k[2] not in done})
    rec.mappings += [NameMapping(w, e, "config", why) for w, e, why in configs if w not in done]
    rec.ambiguous += [
        Ambiguity(w, [c], "no configuration defines it") for w, c in guesses if w not in done
    ]
    rec.unresolved += unknown
    placeholders = [
        n
        for n in free
        if n not in handled and n not in own and n not in visible and n not in CONVENTIONAL
        and not (n in hints and hints[n].script_name in visible)
    ]  # fmt: skip
    slots = map_by_slots(tree, sidx, visible, placeholders, hints)
    for name in free:
        if name in handled or name in own:
            continue
        target = _map_one(name, hints.get(name), visible, sidx, line, tree, rec, slots.get(name))
        if target is not None:
            mapped[name] = target
    made_alike(tree, sidx, visible, mapped, rec, prose)
    drifted = drifted_attributes(tree, sidx.tree) if sidx.tree is not None else {}
    _one_to_one(mapped, rec)
    module_rewrites(snip, tree, sidx, line, visible, free, rec, own)
    if not _repasted(tree, sidx):
        # a section re-pasted with its statements (``first = Sequential()``... then
        # ``merged = Concatenate()([...])``) rebinds the script's names on purpose
        _unique_new_names(snip, visible, free, rec, mapped)
    for node in ast.walk(tree):  # ``self.student`` for the class's ``self.student_net``
        moved = drifted.get(node.attr) if isinstance(node, ast.Attribute) else None
        if moved is not None and isinstance(node, ast.Attribute):
            col = snip.lines.char_col(node.lineno, node.col_offset)
            rec._chains[(node.lineno, col, f"self.{node.attr}")] = f"self.{moved}"
    for old_attr, new_attr in drifted.items():
        rec.mappings.append(
            NameMapping(
                f"self.{old_attr}",
                f"self.{new_attr}",
                "similarity",
                f"the class has `self.{new_attr}` and no `self.{old_attr}`",
            )
        )
    positions = _global_positions(snip)
    for old, new in mapped.items():
        if old != new:
            for pos in positions.get(old, []):
                rec._renames[pos] = new
    return rec


def _repasted(tree: ast.Module, sidx: ScriptIndex) -> bool:
    """Whether the snippet repeats at least three of the script's top-level statements as
    written (it re-pastes a section of the script rather than adding code beside it)."""
    if sidx.tree is None:
        return False
    have = {ast.dump(s) for s in sidx.tree.body if not isinstance(s, ast.Import | ast.ImportFrom)}
    same = [s for s in tree.body if not isinstance(s, ast.Import | ast.ImportFrom)]
    return sum(1 for s in same if ast.dump(s) in have) >= 3


def _one_to_one(mapped: dict[str, str], rec: Reconciliation) -> None:
    """Undo mappings that would merge two answer names into one script name."""
    owners: dict[str, list[str]] = {}
    for old, new in mapped.items():
        owners.setdefault(new, []).append(old)
    for new, olds in owners.items():
        if len(olds) < 2:
            continue
        moved = [o for o in olds if o != new]
        for o in moved:
            del mapped[o]
            rec.unresolved.append(o)
        rec.mappings = [m for m in rec.mappings if m.snippet_name not in moved]
        rec.ambiguous.append(
            Ambiguity(
                moved[0],
                [new],
                f"{' and '.join(f'`{o}`' for o in olds)} would all become `{new}`: "
                "the answer's names are not the script's",
            )
        )


def _free_names(snip: ScriptIndex) -> list[str]:
    """Names the snippet reads without binding them first (builtins excepted).

    A read in the statement that first binds the name (``x = f(x)``) reads the
    script's value, so it is free too.
    """
    first: dict[str, Binding] = {}
    for b in snip.bindings:
        if b.scope == 0:
            first.setdefault(b.name, b)
    out: list[str] = []
    for acc in snip.accesses:
        if acc.name in out or snip.is_builtin(acc.name):
            continue
        target = snip.resolving_scope(acc.name, acc.scope)
        if target is None:
            out.append(acc.name)
        elif target == 0 and acc.scope == 0:
            bound = first[acc.name]
            if bound.line > acc.line or snip.statement_at(acc.line)[0] == bound.stmt_line:
                out.append(acc.name)
    return out


def _global_positions(snip: ScriptIndex) -> dict[str, list[tuple[int, int]]]:
    """Every reference to a snippet-global name (reads and plain bindings)."""
    out: dict[str, list[tuple[int, int]]] = {}
    for acc in snip.accesses:
        if snip.resolving_scope(acc.name, acc.scope) in (None, 0):
            out.setdefault(acc.name, []).append((acc.line, acc.col))
    for b in snip.bindings:
        if b.scope == 0 and b.kind not in ("import", "def", "class"):
            out.setdefault(b.name, []).append((b.line, b.col))
    return out


#: value kinds of the program model that a call cannot be made on
_NOT_CALLABLE = frozenset(
    {"array", "dataframe", "constant", "path", "dataset", "history", "tensor"}
)


def _called(name: str, tree: ast.Module) -> bool:
    """Whether the snippet calls ``name`` itself (``gray_to_rgb(inp)``)."""
    return any(
        isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == name
        for n in ast.walk(tree)
    )


def _map_one(
    name: str,
    hint: RoleHint | None,
    visible: dict[str, Binding],
    sidx: ScriptIndex,
    line: int,
    tree: ast.Module,
    rec: Reconciliation,
    slot: SlotChoice | None = None,
) -> str | None:
    # a hint only maps a name the script does not bind: prose such as "`arrTest1` is one
    # sample, but `model` expects a batch" never turns the script's arrTest1 into model
    if (
        hint is not None
        and hint.script_name in visible
        and name not in visible
        and not (_called(name, tree) and visible[hint.script_name].value_kind in _NOT_CALLABLE)
    ):  # a layer the snippet calls is never the script's array (`x_rgb = x_all`)
        rec.mappings.append(NameMapping(name, hint.script_name, "prose", hint.evidence))
        return hint.script_name
    here = visible.get(name)
    if here is not None:
        # a name the script binds is the script's own: never mapped to another name, whatever
        # role the prose or the snippet's use suggests
        rec.mappings.append(NameMapping(name, name, "same", f"{name} is bound at line {here.line}"))
        return name
    if name in CONVENTIONAL and here is None:
        return None  # a module alias: handled by the module rewrite
    if slot is not None and slot.chosen is not None and slot.weak:
        # the slot of another receiver's call (``model.fit`` for ``siamese.fit``): what the
        # words or the name's use pick comes first, the slot when they pick nothing
        use = usage_hint(name, tree)
        for source in (hint, use if use.evidence.startswith("the snippet has") else None):
            if source is None or source.role is None:
                continue  # a role read from the name's spelling alone is weaker than the slot
            chosen, _, why = _pick(source, name, visible, sidx, line)
            if chosen is not None:
                kind = "prose" if source is hint else "role"
                evidence = f"{source.evidence}; {chosen.name} is a {chosen.value_kind} (line {chosen.line}){why}"
                rec.mappings.append(NameMapping(name, chosen.name, kind, evidence))
                return chosen.name
    if slot is not None and slot.chosen is not None:
        # the script's value in the argument the placeholder fills (data flow, not spelling)
        rec.mappings.append(NameMapping(name, slot.chosen, "argument", slot.evidence))
        return slot.chosen
    for source in (hint, usage_hint(name, tree)):
        if source is None or source.role is None:
            continue
        chosen, candidates, why = _pick(source, name, visible, sidx, line)
        kind = "prose" if source is hint else "role"
        if chosen is not None:
            evidence = f"{source.evidence}; {chosen.name} is a {chosen.value_kind} (line {chosen.line}){why}"
            rec.mappings.append(NameMapping(name, chosen.name, kind, evidence))
            return chosen.name
        if len(candidates) > 1:
            rec.ambiguous.append(
                Ambiguity(name, candidates, f"{source.evidence}: several {source.role} values{why}")
            )
            return None
    if hint is not None and hint.description:
        # "`images` stands for your photo array": the one value fed to training it names
        chosen_b, why_b = described_binding(hint.description, visible, sidx)
        if chosen_b is not None:
            rec.mappings.append(
                NameMapping(name, chosen_b.name, "prose", f"{hint.evidence}; {why_b}")
            )
            return chosen_b.name
    pool = [n for n, b in visible.items() if b.value_kind not in ("module",)]
    close = difflib.get_close_matches(name, pool, n=3, cutoff=0.75)
    if len(close) == 1 or (
        len(close) > 1 and _ratio(name, close[0]) - _ratio(name, close[1]) >= 0.1
    ):
        rec.mappings.append(
            NameMapping(name, close[0], "similarity", f"{close[0]} is the closest name in scope")
        )
        return close[0]
    if len(close) > 1:
        rec.ambiguous.append(Ambiguity(name, close, "several names in scope are as similar"))
        return None
    if slot is not None and slot.candidates:
        rec.ambiguous.append(
            Ambiguity(name, slot.candidates, f"{slot.evidence}, where the script has several")
        )
        return None
    rec.unresolved.append(name)
    return None


def _fits(role: str, binding: Binding) -> bool:
    return binding.value_kind is None or binding.value_kind in _COMPATIBLE.get(role, {role})


def _ratio(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a.lower(), b.lower()).ratio()


#: short forms a name's part may take for a qualifier (``ds_tr``, ``x_va``, ``y_te``)
_QUAL_PARTS = {"train": {"tr", "trn"}, "val": {"va", "vl", "dev"}, "test": {"te", "tst"}}


def _has_qual(name: str, qual: str) -> bool:
    low = name.lower()
    parts = set(re.split(r"[_\d]+", low))
    return any(w in low for w in _QUAL_WORDS.get(qual, (qual,))) or bool(
        parts & _QUAL_PARTS.get(qual, set())
    )


def _pick(
    hint: RoleHint, name: str, visible: dict[str, Binding], sidx: ScriptIndex, line: int
) -> tuple[Binding | None, list[str], str]:
    """(chosen binding, candidate names, extra evidence) for a role hint."""
    role = hint.role or ""
    pool = [b for b in visible.values() if b.value_kind in _COMPATIBLE.get(role, {role})]
    why = ""
    if role == "tensor" and "backbone" in hint.qualifiers:
        outs = {a.output for bb in sidx.keras.backbones for a in bb.applied if a.output}
        pool = [b for b in pool if b.name in outs] or pool
        why = "; it holds the backbone's output"
    if role == "model" and "compiled" in hint.qualifiers and len(pool) > 1:
        trained = [b for b in pool if b.value_kind == "compiled-model"]
        if trained:  # ``model.fit(...)`` of the script's ``encoder`` and ``siamese``
            pool = trained
            why = "; the script compiles it"
    quals = [q for q in hint.qualifiers if q in _QUAL_WORDS]
    if quals and len(pool) > 1:
        sub = [b for b in pool if any(_has_qual(b.name, q) for q in quals)]
        if not sub:  # no name says "train": drop the ones that say val/test
            others = [q for q in _QUAL_WORDS if q not in quals and q in ("train", "val", "test")]
            sub = [b for b in pool if not any(_has_qual(b.name, q) for q in others)]
        if sub:
            pool = sub
            why += f"; matches {'/'.join(sorted(quals))}"
    if len(pool) == 1:
        return pool[0], [], why
    if role == "tensor" and pool:
        scope = sidx.enclosing_scope(line, fine=True).id
        local = sorted(
            (b for b in pool if b.scope == scope and b.line < line), key=lambda b: b.line
        )
        if local:
            return local[-1], [], f"{why}; the latest tensor before line {line}"
    if len(pool) > 1:
        ranked = sorted(pool, key=lambda b: _ratio(name, b.name), reverse=True)
        if _ratio(name, ranked[0].name) - _ratio(name, ranked[1].name) >= 0.2:
            return ranked[0], [], f"{why}; the most similar name"
    return None, sorted(b.name for b in pool), why


def _unique_new_names(
    snip: ScriptIndex,
    visible: dict[str, Binding],
    free: list[str],
    rec: Reconciliation,
    mapped: dict[str, str],
) -> None:
    """Snippet definitions that would clobber a different script value get a fresh name."""
    taken = set(visible) | {b.name for b in snip.bindings} | set(mapped.values())
    seen: set[str] = set()
    for b in snip.bindings:
        if b.scope != 0 or b.name in seen or b.name in free or b.kind == "import":
            continue
        seen.add(b.name)
        old = visible.get(b.name)
        if old is None:
            continue
        if b.kind in ("def", "class") and old.kind == b.kind:
            continue  # a redefinition: the snippet replaces the script's function
        clash = old.value_kind in ("module", "function", "class") and b.value_kind != old.value_kind
        if not clash and b.value_kind and old.value_kind and b.value_kind != old.value_kind:
            clash = not ({b.value_kind, old.value_kind} <= {"model", "compiled-model"})
        if not clash:
            continue
        n = 2
        while f"{b.name}_{n}" in taken:
            n += 1
        new = f"{b.name}_{n}"
        taken.add(new)
        mapped[b.name] = new
        rec.mappings.append(
            NameMapping(
                b.name, new, "unique",
                f"the script's {b.name} (line {old.line}) is a {old.value_kind or old.kind}; "
                f"the snippet's is a {b.value_kind or b.kind}",
            )
        )  # fmt: skip
