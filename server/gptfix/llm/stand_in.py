"""A value the answer builds under a name of its own in the place of the script's: "try
ResNet50 instead", ``base_model = keras.applications.ResNet50(...)`` then ``x =
base_model(inputs)``, for a script with ``backbone = MobileNetV2(...)`` and ``x =
backbone(inputs)``. Once the answer's code is in, the script's statement is read nowhere;
left in, it would still build a second backbone. It goes.

Bridges a patched script and the program model of both texts: a module-level assignment
the script had is removed when its name was read before the edit and is read nowhere
after it, and the statement right next to it is a new assignment, read after the edit,
whose value is of the same kind (the index's value kinds: a backbone, a model, an
optimizer, a dataset...).
"""

from __future__ import annotations

import ast

from gptfix.index import build_index


def _reads(tree: ast.AST, name: str) -> bool:
    return any(
        isinstance(x, ast.Name) and x.id == name and isinstance(x.ctx, ast.Load)
        for x in ast.walk(tree)
    )


def _target(node: ast.stmt) -> str | None:
    if isinstance(node, ast.Assign) and len(node.targets) == 1:
        target = node.targets[0]
        if isinstance(target, ast.Name) and isinstance(node.value, ast.Call):
            return target.id
    return None


def stood_in(before: str, after: str) -> tuple[str, list[str]]:
    """``after`` without the script's statements the answer's new values stand in for,
    and those statements' first lines."""
    try:
        old, new = ast.parse(before), ast.parse(after)
    except SyntaxError:
        return after, []
    old_dumps = {ast.dump(s) for s in old.body}
    old_index, new_index = build_index(before), build_index(after)
    gone: list[ast.stmt] = []
    body = new.body
    for k, st in enumerate(body):
        name = _target(st)
        if name is None or ast.dump(st) not in old_dumps:
            continue
        if not _reads(old, name) or _reads(new, name):
            continue
        kind = next((b.value_kind for b in old_index.bindings_of(name, 0) if b.value_kind), None)
        if kind is None:
            continue
        for near in (body[k - 1] if k else None, body[k + 1] if k + 1 < len(body) else None):
            if near is None:
                continue
            other = _target(near)
            if other is None or ast.dump(near) in old_dumps or not _reads(new, other):
                continue
            kinds = {b.value_kind for b in new_index.bindings_of(other, 0)}
            if kind in kinds:
                gone.append(st)
                break
    if not gone:
        return after, []
    lines = after.split("\n")
    for st in sorted(gone, key=lambda s: -s.lineno):
        start = st.lineno - 1
        del lines[start : st.end_lineno or st.lineno]
        if 0 < start < len(lines) and not lines[start].strip() and not lines[start - 1].strip():
            del lines[start]  # no doubled blank line where it was
    firsts = [after.split("\n")[st.lineno - 1].strip() for st in gone]
    return "\n".join(lines), firsts
