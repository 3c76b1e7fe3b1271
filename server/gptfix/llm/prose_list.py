"""An item said in prose to go into a list the script names ("Add
`keras.callbacks.ReduceLROnPlateau(...)` to your `cbs` list").

Bridges the sentence and :mod:`gptfix.llm.list_item`: the quoted call becomes a block of its
own, with the sentence as its prose, which that module places in the list the sentence names.
"""

from __future__ import annotations

import ast
import re

from gptfix.llm.blocks import Block

#: "Add `keras.callbacks.ReduceLROnPlateau(...)` to your `cbs` list", "añade `X` a la lista
#: `cbs`", "把 `X` 加到 `cbs` 列表里": one item for a list the script names
_ADD_TO_LIST = re.compile(
    r"(?i)\b(?:add|append|put|include|a[ñn]ade|agrega|ajoute[zr]?|f[üu]ge)\s+`(?P<item>[^`\n]+\))`"
    r"\s+(?:to|into|in|a|à|zu|in die)\s+(?:the\s+|your\s+|la\s+|tu\s+|ta\s+|votre\s+|deine\s+)?"
    r"(?:(?:lista|liste|list)\s+)?`(?P<name>[A-Za-z_]\w*)`(?:\s+(?:list|lista|liste))?|"
    r"(?:把|将)\s*`(?P<item_zh>[^`\n]+\))`\s*(?:加到|加入|添加到|放进)\s*`(?P<name_zh>[A-Za-z_]\w*)`"
)


def inline_list_items(prose: str) -> list[Block]:
    """Each item the prose adds to a list it names, as a block of that one call, which
    :func:`gptfix.llm.list_item.add_list_item` places in the list the sentence names."""
    out = []
    for m in _ADD_TO_LIST.finditer(prose):
        item = m["item"] or m["item_zh"]
        try:
            node = ast.parse(item.strip(), mode="eval").body
        except SyntaxError:
            continue
        if isinstance(node, ast.Call):
            out.append(Block("code", item.strip() + "\n", prose=m.group(0)))
    return out
