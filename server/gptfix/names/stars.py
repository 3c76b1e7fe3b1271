"""What a script's star imports bind: ``Flatten`` under ``from tensorflow.keras.layers import *``.

Bridges the name reconciler and scripts written in the old tutorial style, whose layer
names come from a star import the index cannot expand: a name the star-imported module
is known to export (or that the script itself reads unbound) is the script's own, and an
answer's bare ``Flatten()`` stays as written.
"""

from __future__ import annotations

import ast

from gptfix.index import CONVENTIONAL, canonical


def star_modules(text: str) -> list[str]:
    """Canonical paths of the modules a script star-imports (``from keras.layers import *``)."""
    try:
        tree = ast.parse(text)
    except SyntaxError:
        return []
    return [
        canonical(node.module)
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
        and node.module
        and not node.level
        and any(a.name == "*" for a in node.names)
    ]


def star_binds(name: str, starred: list[str]) -> bool:
    """Whether a star import of a known module binds ``name`` (``Flatten`` from keras.layers);
    a name the script itself reads unbound under a star import counts too (``Input``)."""
    path = CONVENTIONAL.get(name)
    return path is not None and any(path.startswith(m + ".") for m in starred)
