"""One name per thing: the names once used for two things each are now used once."""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import gptfix

PACKAGE = Path(gptfix.__file__).resolve().parent
#: each of these named two different classes; one was renamed
ONCE = {"Source", "Patch", "Refused", "Context", "LineMap", "Job", "Style", "Option"}


def test_names_that_meant_two_things_mean_one() -> None:
    where: dict[str, list[str]] = defaultdict(list)
    for path in sorted(PACKAGE.rglob("*.py")):
        if "_boot" in path.parts:  # runs in the user's interpreter, a namespace of its own
            continue
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.ClassDef) and node.name in ONCE:
                where[node.name].append(str(path.relative_to(PACKAGE)))
    shared = {name: files for name, files in where.items() if len(files) > 1}
    assert not shared, shared
