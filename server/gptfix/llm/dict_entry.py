"""New entries of one of the script's dicts, given alone: ``"noise_std": 0.02,`` under
"在 `CFG` 字典里 `"dropout"` 后面加一项" / "add this to your `CONFIG` dict, after `"lr"`".

Bridges entry lines of an answer (``"key": value,``, a comment after them allowed) and the
multi-line dict literals the script assigns to a name: the dict the prose names (else the
one whose keys the prose quotes), the entry it places them after or before (else its end).
Entries whose key the dict has already are not new: they replace that entry elsewhere
(:mod:`gptfix.llm.fragments`).
"""

from __future__ import annotations

import ast
import io
import re
import tokenize

from gptfix.llm.blocks import introducing
from gptfix.llm.patches import TextEdit, indent_of_line
from gptfix.llm.prose_place import cues


def _entry_key(line: str) -> str | None:
    """The key of a line that is one dict entry (``"lr": 1e-3,  # lower``), else None."""
    try:
        node = ast.parse("{\n" + line.strip() + "\n}", mode="eval").body
    except SyntaxError:
        return None
    if not isinstance(node, ast.Dict) or len(node.keys) != 1:
        return None
    key = node.keys[0]
    return key.value if isinstance(key, ast.Constant) and isinstance(key.value, str) else None


def _dicts(tree: ast.Module, lines: list[str]) -> dict[str, ast.Dict]:
    """Names assigned a dict literal written one entry per line, ``}`` on a line of its
    own, once in the script."""
    seen: dict[str, list[ast.Dict]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
            if isinstance(target, ast.Name):
                value = node.value if isinstance(node.value, ast.Dict) else None
                seen.setdefault(target.id, []).append(value)  # type: ignore[arg-type]
    out = {}
    for name, values in seen.items():
        d = values[0] if len(values) == 1 else None
        if d is None or not d.keys or any(k is None for k in d.keys):
            continue
        close = (d.end_lineno or 0) - 1
        first = d.keys[0]
        if first is None or first.lineno == d.lineno or lines[close].strip() not in ("}", "},"):
            continue
        out[name] = d
    return out


def _with_comma(entry: str) -> str:
    """The entry line ending in a comma (before a comment after it)."""
    cut = len(entry)
    try:
        for tok in tokenize.generate_tokens(io.StringIO(entry).readline):
            if tok.type == tokenize.COMMENT:
                cut = tok.start[1]
                break
    except (tokenize.TokenError, SyntaxError):  # a value's closing line: ``    ]``
        if "#" in entry:
            return entry
    code = entry[:cut].rstrip()
    return entry if code.endswith(",") else code + "," + entry[len(code) :]


def _keys(d: ast.Dict) -> list[str | None]:
    return [
        k.value if isinstance(k, ast.Constant) and isinstance(k.value, str) else None
        for k in d.keys
    ]


def add_dict_entries(text: str, items: list[str], prose: str) -> tuple[str, list[TextEdit]] | None:
    """``text`` with ``items`` (entry lines) added to the dict the prose names, or None."""
    keys = [_entry_key(x) for x in items]
    if not items or any(k is None for k in keys):
        return None
    try:
        tree = ast.parse(text)
    except SyntaxError:
        return None
    lines = text.split("\n")
    dicts = _dicts(tree, lines)
    last = introducing(prose)
    named = [n for n in re.findall(r"`([A-Za-z_]\w*)`", last) if n in dicts]
    quoted = set(re.findall(r"`[\"']?([^`\"'\n]+)[\"']?`", last))
    if not named:
        named = [n for n, d in dicts.items() if quoted & {k for k in _keys(d) if k}]
    if len(set(named)) != 1:
        return None
    name = named[0]
    target = dicts[name]
    have = _keys(target)
    if any(k in have for k in keys):
        return None  # not new: the entry with that key is replaced instead
    row, where = (target.end_lineno or 0) - 1, f"at the end of the dict `{name}`"
    for cue in cues(last):
        said = cue.anchor.strip().strip("\"'")
        if cue.quoted and said in have:
            k = have.index(said)
            value = target.values[k]
            row = (value.end_lineno or value.lineno) if cue.after else target.keys[k].lineno - 1  # type: ignore[union-attr]
            where = f"{'after' if cue.after else 'before'} the entry `{said}` of `{name}`"
            break
    indent = indent_of_line(lines[target.keys[0].lineno - 1])  # type: ignore[union-attr]
    above = row - 1
    while above >= 0 and not lines[above].strip():
        above -= 1
    if above >= 0 and not lines[above].rstrip().endswith("{"):
        lines[above] = _with_comma(lines[above])  # the entry above goes on: a comma after it
    new = [indent + _with_comma(x.strip()) for x in items]
    lines[row:row] = new
    summary = f"added {len(items)} entr{'y' if len(items) == 1 else 'ies'} {where}"
    return "\n".join(lines), [TextEdit("insert_line", row + 1, row, summary)]
