"""Every fixture's reference fix, written the ways chat models write it, applies to give it.

The answers are generated from ``train.py`` -> ``fixed.py``: the whole fixed file, only the
top-level statements that changed (a function or a statement), and a unified diff whose
line numbers were stripped. Each must produce the reference fix (same syntax tree).
"""

from __future__ import annotations

import ast
import difflib
from pathlib import Path

import pytest

from gptfix.llm import apply_answer

ROOT = Path(__file__).resolve().parents[2]
CASES = sorted(p.parent for p in (ROOT / "fixtures").glob("*/fixed.py"))


def same_tree(a: str, b: str) -> bool:
    return ast.dump(ast.parse(a)) == ast.dump(ast.parse(b))


def changed_statements(old: str, new: str) -> list[str] | None:
    """Source of the new top-level statements that are not in the old script (None: the
    fix deletes or reorders top-level statements, which a statement answer cannot say)."""
    old_dumps = [ast.dump(n) for n in ast.parse(old).body]
    new_tree = ast.parse(new)
    lines = new.split("\n")
    out = []
    for node in new_tree.body:
        if ast.dump(node) not in old_dumps:
            start = min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])])
            out.append("\n".join(lines[start - 1 : node.end_lineno]))
    kept = [d for d in old_dumps if d in {ast.dump(n) for n in new_tree.body}]
    if len(kept) + len(out) != len(new_tree.body) or len(old_dumps) - len(kept) > len(out):
        return None
    return out


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_whole_file_answer(case: Path) -> None:
    old, new = (case / "train.py").read_text(), (case / "fixed.py").read_text()
    result = apply_answer(old, f"Here is the corrected script:\n\n```python\n{new}```\n")
    assert result.ok, result.refusal
    assert same_tree(result.new_text or "", new)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_changed_statements_answer(case: Path) -> None:
    old, new = (case / "train.py").read_text(), (case / "fixed.py").read_text()
    parts = changed_statements(old, new)
    if not parts:
        pytest.skip("the reference fix is not a set of changed top-level statements")
    answer = "Change this:\n\n```python\n" + "\n\n".join(parts) + "\n```\n"
    result = apply_answer(old, answer)
    assert result.ok, result.refusal
    assert same_tree(result.new_text or "", new)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_diff_without_line_numbers(case: Path) -> None:
    old, new = (case / "train.py").read_text(), (case / "fixed.py").read_text()
    diff = difflib.unified_diff(
        old.splitlines(), new.splitlines(), "a/train.py", "b/train.py", lineterm=""
    )
    body = "\n".join("@@ @@" if line.startswith("@@") else line for line in diff)
    result = apply_answer(old, f"```diff\n{body}\n```")
    assert result.ok, result.refusal
    assert (result.new_text or "").rstrip("\n") == new.rstrip("\n")
