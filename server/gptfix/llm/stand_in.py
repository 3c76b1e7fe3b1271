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


def renamed_setting(before: str, after: str) -> tuple[str, list[str]]:
    """``after`` with a setting the answer renamed put in the old one's place: the answer
    adds ``p.add_argument("--lstm-units", ...)`` and reads ``args.lstm_units`` exactly where
    the script read ``args.units``, which is now read nowhere. The new statement replaces
    the old one (an argparse option or a constant, one statement each, of the same
    owner); the old statement's first line is returned. Unchanged unless one pair fits."""
    old_cfg, new_cfg = build_index(before).config, build_index(after).config
    had = {(a.owner, a.name): a for a in old_cfg}
    old_lines = {line.strip() for line in before.split("\n")}
    lines = after.split("\n")

    def took_place(new_expr: str, old_expr: str, uses: list[tuple[int, int]]) -> bool:
        return bool(uses) and all(
            lines[ln - 1].replace(new_expr, old_expr).strip() in old_lines for ln, _ in uses
        )

    pairs = [
        (gone, fresh)
        for gone in new_cfg
        if (gone.owner, gone.name) in had and had[gone.owner, gone.name].uses and not gone.uses
        for fresh in new_cfg
        if (fresh.owner, fresh.name) not in had
        and fresh.style == gone.style in ("argparse", "constant")
        and fresh.owner == gone.owner
        and took_place(fresh.expr, gone.expr, fresh.uses)
    ]
    if len(pairs) != 1:
        return after, []
    gone, fresh = pairs[0]
    try:
        tree = ast.parse(after)
    except SyntaxError:
        return after, []
    stmts = {s.lineno: s for s in ast.walk(tree) if isinstance(s, ast.stmt)}
    old_st, new_st = stmts.get(gone.line), stmts.get(fresh.line)
    if old_st is None or new_st is None or old_st.lineno == new_st.lineno:
        return after, []
    indent, new_indent = _indent(lines[old_st.lineno - 1]), _indent(lines[new_st.lineno - 1])
    moved = [
        indent + x[len(new_indent) :] if x.startswith(new_indent) else x
        for x in lines[new_st.lineno - 1 : new_st.end_lineno or new_st.lineno]
    ]
    first = lines[old_st.lineno - 1].strip()
    spans = sorted(
        [
            (old_st.lineno, old_st.end_lineno or old_st.lineno, moved),
            (new_st.lineno, new_st.end_lineno or new_st.lineno, []),
        ],
        key=lambda t: -t[0],
    )
    for start, end, put in spans:
        lines[start - 1 : end] = put
    text = "\n".join(lines)
    try:
        ast.parse(text)
    except SyntaxError:
        return after, []
    return text, [first]


def _indent(line: str) -> str:
    return line[: len(line) - len(line.lstrip())]
