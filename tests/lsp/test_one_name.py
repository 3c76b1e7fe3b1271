"""One name per thing: no two public classes of the gptfix package share a name."""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import gptfix

PACKAGE = Path(gptfix.__file__).resolve().parent


def test_no_two_public_classes_share_a_name() -> None:
    where: dict[str, list[str]] = defaultdict(list)
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.ClassDef) and not node.name.startswith("_"):
                where[node.name].append(str(path.relative_to(PACKAGE)))
    shared = {name: files for name, files in where.items() if len(files) > 1}
    assert not shared, shared
