"""Write a new configuration entry said only in prose: "add `"n_folds": 5` to your `config` dict",
"ajoute `n_folds = 5` à la classe `CFG`", "在 `config` 中添加 `"n_folds": 5`".

Bridges the sentence and the script's configuration holder the program model knows (a
config class or a config dict, :mod:`gptfix.index.config`): the entry is written after the
holder's last entry, in the holder's own style (a quoted key, a keyword of ``dict(...)``, a
class attribute, annotated when its neighbours are). An entry the holder already has is a
value to set (:func:`gptfix.llm.settings.set_value`); a holder that is not named and not the
script's only one is reported, never guessed.
"""

from __future__ import annotations

import ast
import re
import textwrap

from gptfix.index import build_index
from gptfix.index.positions import LineMap
from gptfix.llm.blocks import Block, introducing
from gptfix.llm.patches import Refused, TextEdit
from gptfix.llm.placewords import beside_sign
from gptfix.llm.settings import set_value


def add_entry(text: str, block: Block) -> tuple[str, TextEdit]:
    """``text`` with the entry of ``block`` written into its configuration holder."""
    key, value = block.text, block.replace or ""
    index = build_index(text)
    if index.tree is None:
        raise Refused("the script does not parse")
    holders = {a.owner: a.style for a in index.config if a.style in ("class", "dict")}
    named = (block.search or "").split(".")[0]
    if named:
        aliases = {b.name: (b.value or "").split("(")[0] for b in index.bindings}
        owner = named if named in holders else aliases.get(named, "")
        if owner not in holders:
            raise Refused(f"`{named}` is not a configuration class or dict of the script")
    elif len(holders) == 1:
        owner = next(iter(holders))
    else:
        raise Refused("the configuration to add the entry to is unclear")
    if any(a.owner == owner and a.name == key for a in index.config):
        return set_value(text, key, value)  # already an entry: its value is set
    node = _holder_node(index.tree, owner)
    if node is None:
        raise Refused(f"`{owner}` is not written as a literal the entry can be added to")
    lines = text.split("\n")
    if isinstance(node, ast.ClassDef):
        new_lines, at = _class_entry(node, lines, key, value, block.beside)
    else:
        new_lines, at = _dict_entry(node, lines, key, value)
    new = "\n".join(new_lines)
    try:
        ast.parse(new)
    except SyntaxError as exc:
        raise Refused(f"adding `{key}` to `{owner}` would not parse") from exc
    return new, TextEdit("add_entry", at, at, f"added `{key}` ({value}) to `{owner}` at line {at}")


def _holder_node(tree: ast.Module, owner: str) -> ast.ClassDef | ast.Dict | ast.Call | None:
    for st in tree.body:
        if isinstance(st, ast.ClassDef) and st.name == owner:
            return st
        if (
            isinstance(st, ast.Assign)
            and isinstance(st.targets[0], ast.Name)
            and st.targets[0].id == owner
            and isinstance(st.value, ast.Dict | ast.Call)
        ):
            return st.value
    return None


def _class_entry(
    cls: ast.ClassDef, lines: list[str], key: str, value: str, beside: str = ""
) -> tuple[list[str], int]:
    """The class written with ``key = value`` after its last entry, or next to the entry
    ``beside`` names (``+lr``: after ``lr``, ``-lr``: before it)."""
    fields = [s for s in cls.body if isinstance(s, ast.Assign | ast.AnnAssign)]
    if not fields:
        raise Refused(f"`{cls.name}` has no entry to write the new one beside")
    named = [
        s
        for s in fields
        for t in (s.targets if isinstance(s, ast.Assign) else [s.target])
        if isinstance(t, ast.Name) and beside and t.id == beside[1:]
    ]
    last = named[0] if len(named) == 1 else fields[-1]
    assert last.end_lineno is not None
    indent = re.match(r"\s*", lines[last.lineno - 1])
    pad = indent.group(0) if indent else "    "
    ann = _type_of(value) if isinstance(last, ast.AnnAssign) else ""
    line = f"{pad}{key}: {ann} = {value}" if ann else f"{pad}{key} = {value}"
    at = last.lineno - 1 if len(named) == 1 and beside.startswith("-") else last.end_lineno
    return lines[:at] + [line] + lines[at:], at + 1


def _dict_entry(
    node: ast.Dict | ast.Call, lines: list[str], key: str, value: str
) -> tuple[list[str], int]:
    if isinstance(node, ast.Dict):
        pairs = [(k, v) for k, v in zip(node.keys, node.values, strict=True) if k is not None]
        if not pairs:
            raise Refused("the configuration dict has no entry to write the new one beside")
        last_key, last_value = pairs[-1][0], pairs[-1][1]
        key_line = last_key.lineno
        at = LineMap("\n".join(lines)).char_col(key_line, last_key.col_offset)
        quote = "'" if lines[key_line - 1][at : at + 1] == "'" else '"'
        item = f"{quote}{key}{quote}: {value}"
    else:
        kws = [k for k in node.keywords if k.arg]
        if not kws:
            raise Refused("the configuration has no keyword to write the new one beside")
        key_line, last_value = kws[-1].lineno, kws[-1].value
        item = f"{key}={value}"
    assert last_value.end_lineno is not None and last_value.end_col_offset is not None
    end_line = last_value.end_lineno
    end_col = LineMap("\n".join(lines)).char_col(end_line, last_value.end_col_offset)
    row = lines[end_line - 1]
    head, tail = row[:end_col], row[end_col:]
    if node.lineno == node.end_lineno or tail.strip().startswith((")", "}")):
        # one line (or the closing bracket right after the last value): written inline
        comma = tail.lstrip().startswith(",")
        rest = tail.lstrip()[1:] if comma else tail
        new_row = f"{head}, {item}{',' if comma else ''}{rest}"
        return lines[: end_line - 1] + [new_row] + lines[end_line:], end_line
    pad = re.match(r"\s*", lines[key_line - 1])
    indent = pad.group(0) if pad else "    "
    if not tail.lstrip().startswith(","):
        row = head + "," + tail
    new = lines[: end_line - 1] + [row, f"{indent}{item},"] + lines[end_line:]
    return new, end_line + 1


def _type_of(value: str) -> str:
    try:
        v = ast.literal_eval(value)
    except (ValueError, SyntaxError):
        return ""
    return {bool: "bool", int: "int", float: "float", str: "str"}.get(type(v), "")


def holder_entries(blocks: list[Block], text: str) -> list[Block]:
    """``blocks`` with each code block of settings alone (``weight_decay = 1e-4``) that its
    sentence says goes to one configuration holder of the script ("在 `Config` 里加一个参数：",
    "CFG クラスに weight_decay を追加（lr の下）：", "Add to the `CFG` class:") as ``entry``
    blocks for that holder: a setting of the class, not a new module variable."""
    out: list[Block] = []
    for block in blocks:
        out.extend(_as_entries(block, text) or [block])
    return out


def _as_entries(block: Block, text: str) -> list[Block]:
    if block.kind != "code":
        return []
    try:
        tree = ast.parse(textwrap.dedent(block.text))
    except SyntaxError:
        return []
    pairs: list[tuple[str, str]] = []
    for node in tree.body:
        target = (
            node.targets[0]
            if isinstance(node, ast.Assign) and len(node.targets) == 1
            else node.target
            if isinstance(node, ast.AnnAssign)
            else None
        )
        value = getattr(node, "value", None)
        if not isinstance(target, ast.Name) or not isinstance(value, ast.expr):
            return []
        try:
            ast.literal_eval(value)
        except ValueError:
            return []  # a value computed from others: code, not a setting
        source = ast.get_source_segment(textwrap.dedent(block.text), value)
        pairs.append((target.id, source or ast.unparse(value)))
    if not pairs:
        return []
    index = build_index(text)
    holders = {a.owner for a in index.config if a.style in ("class", "dict")}
    said = introducing(block.prose)
    named = [h for h in holders if _mentions(said, h)]
    keys = {key for key, _ in pairs}
    if len(named) != 1 or any(a.owner == named[0] and a.name in keys for a in index.config):
        return []  # a setting the holder has: the block rewrites its line, as code
    top = (
        {
            t.id
            for node in index.tree.body
            if isinstance(node, ast.Assign | ast.AnnAssign)
            for t in (node.targets if isinstance(node, ast.Assign) else [node.target])
            if isinstance(t, ast.Name)
        }
        if index.tree is not None
        else set()
    )
    if keys & top:
        return []  # ``BATCH_SIZE = 16`` where the script sets ``BATCH_SIZE`` itself
    # "CFG クラスに weight_decay を追加（lr の下）": next to the one entry the sentence names
    near = [
        a.name
        for a in index.config
        if a.owner == named[0] and a.name not in keys and _mentions(said, a.name)
    ]
    beside = ""
    if len(near) == 1:
        quoted = re.sub(rf"(?<![\w.`]){re.escape(near[0])}(?![\w`])", f"`{near[0]}`", said)
        sign = beside_sign(quoted, near[0])
        beside = sign + near[0] if sign else ""
    out = []
    for key, value in pairs:
        entry = Block("entry", key, line=block.line, replace=value, search=named[0])
        entry.prose, entry.beside = block.prose, beside
        out.append(entry)
        beside = "+" + key if beside else ""  # the next one after it
    return out


def _mentions(sentence: str, name: str) -> bool:
    return re.search(rf"(?<![\w.]){re.escape(name)}(?!\w)", sentence) is not None
