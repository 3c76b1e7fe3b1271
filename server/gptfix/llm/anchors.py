"""Which script statement an answer's statement stands on, when its text alone is not enough.

Two facts of the merger's matching (:mod:`gptfix.llm.merge`):

- :func:`tighten` -- a statement the script has several times (``x = MaxPooling2D()(x)``)
  anchors at the occurrence next to the answer's neighbouring lines, not the first one;
- :func:`only_guessed_names` -- a re-pasted statement that differs from the script's only
  by names the answer guessed (``x = base_model(img_input)`` for ``x = backbone(x)``) is
  an anchor by its role: the script's own inputs stay (unless the answer only moves
  them: its change is their order).
"""

from __future__ import annotations

import ast

from gptfix.llm.stmts import Stmt


def only_guessed_names(
    a: ast.stmt, b: ast.stmt, guessed: frozenset[str], bound: frozenset[str]
) -> bool:
    """Whether ``b`` is ``a`` with some plain names the script binds (``bound``) swapped
    for names the answer only guessed (reconciled onto the script's), nothing else changed.
    A script name bound nowhere (the bug being fixed) may be replaced. A script name the
    answer's statement still reads elsewhere (``fit([photos, meta])`` for ``fit([meta,
    photos])``) is not replaced but moved: the answer rearranges the script's values."""
    if not guessed or type(a) is not type(b):
        return False
    reads = {n.id for n in ast.walk(b) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
    nodes_a, nodes_b = list(ast.walk(a)), list(ast.walk(b))
    if len(nodes_a) != len(nodes_b):
        return False
    differs = False
    for x, y in zip(nodes_a, nodes_b, strict=True):
        if type(x) is not type(y):
            return False
        if isinstance(x, ast.Name) and isinstance(y, ast.Name):
            if x.id != y.id:
                if y.id not in guessed or x.id not in bound or not isinstance(x.ctx, ast.Load):
                    return False
                if x.id in reads:
                    return False
                differs = True
            continue
        fields = [f for f in x._fields if not isinstance(getattr(x, f), ast.AST | list)]
        if any(getattr(x, f) != getattr(y, f) for f in fields if f != "ctx"):
            return False
    return differs


def tighten(old: list[Stmt], new: list[Stmt], anchors: dict[int, int]) -> dict[int, int]:
    """An anchor whose statement occurs several times in the script goes to the occurrence
    nearest the answer's next (else previous) unique anchor: the answer's neighbouring
    lines are neighbours in the script too (the second ``x = MaxPooling2D()(x)``, the one
    right before ``Dense(64)``, for a Flatten inserted between them)."""
    count: dict[str, list[int]] = {}
    for k, o in enumerate(old):
        count.setdefault(o.dump, []).append(k)
    order = sorted(anchors)
    unique = [i for i in order if len(count.get(new[i].dump, [])) == 1]
    out = dict(anchors)
    for i in order:
        spots = count.get(new[i].dump, [])
        if len(spots) < 2:
            continue
        taken = set(out.values()) - {out[i]}
        nxt = next((out[j] for j in unique if j > i), None)
        prv = next((out[j] for j in reversed(unique) if j < i), None)
        if nxt is not None:
            fits = [k for k in spots if k < nxt and k not in taken and (prv is None or k > prv)]
            pick = fits[-1] if fits else None
        elif prv is not None:
            fits = [k for k in spots if k > prv and k not in taken]
            pick = fits[0] if fits else None
        else:
            pick = None
        if pick is not None:
            out[i] = pick
    ordered = [out[i] for i in order]
    return out if ordered == sorted(ordered) and len(set(ordered)) == len(ordered) else anchors


def unique_first(old: list[Stmt], new: list[Stmt], anchors: dict[int, int]) -> dict[int, int]:
    """Anchors led by the statements the script has once (as patience diff does): the
    plain sequence match may pair the answer's ``x = MaxPooling2D()(x)`` with the script's
    first one and lose the unique ``Conv2D(32, ...)`` line written right above it. The
    unique statements are anchored first, in order; each other anchor keeps its place
    when it fits between them, else moves to the first occurrence after its previous
    unique anchor."""
    count: dict[str, list[int]] = {}
    for k, o in enumerate(old):
        count.setdefault(o.dump, []).append(k)
    in_new: dict[str, int] = {}
    for n in new:
        if not n.marker:
            in_new[n.dump] = in_new.get(n.dump, 0) + 1
    uniq = [
        (i, count[n.dump][0])
        for i, n in enumerate(new)
        if not n.marker and len(count.get(n.dump, [])) == 1 and in_new[n.dump] == 1
    ]
    kept = _increasing(uniq)
    if all(anchors.get(i) == k for i, k in kept):
        return anchors
    out = dict(kept)
    for i in sorted(anchors):
        if i in out:
            continue
        lo = max((out[j] for j in out if j < i), default=-1)
        hi = min((out[j] for j in out if j > i), default=len(old))
        spots = [k for k in count.get(new[i].dump, []) if lo < k < hi and k not in out.values()]
        if anchors[i] in spots:
            out[i] = anchors[i]
        elif spots:
            out[i] = spots[0]
    return out


def _increasing(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The longest run of (answer index, script index) pairs increasing in both."""
    best: list[list[tuple[int, int]]] = []
    for p in pairs:
        chains = [c for c in best if c[-1][1] < p[1]]
        best.append([*max(chains, key=len), p] if chains else [p])
    return max(best, key=len) if best else []


def first_copy(new: list[Stmt], anchors: dict[int, int]) -> dict[int, int]:
    """A script statement the answer writes twice, the first copy right after an elision
    marker (``# ... existing code ...`` / ``model.fit(...)`` / a second stage / the same
    ``model.fit(...)``): the copy after the marker is the script's, the later one is new.
    The plain match pairs the later copy (it sits next to more matching lines) and leaves
    the new stage's statements to match the script's earlier ones."""
    out = dict(anchors)
    for j in sorted(anchors):
        i = next(
            (
                i
                for i in range(j)
                if i not in out and new[i].dump == new[j].dump and i > 0 and new[i - 1].marker
            ),
            None,
        )
        if i is None or any(i < m < j for m in out):
            continue
        if any(m < i and out[m] >= out[j] for m in out):
            continue
        out[i] = out.pop(j)
    return out
