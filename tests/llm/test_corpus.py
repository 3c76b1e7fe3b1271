"""The answer corpus: realistic chat answers applied to real scripts, checked by properties.

Each case in ``corpus/cases.toml`` names an answer, a script and what must hold: applied
(the patched script parses, keeps the script's names and imports, contains the intended
change, carries no elision marker) or refused for the stated reason with nothing changed.
"""

from __future__ import annotations

import ast
import re
import tomllib
from pathlib import Path
from typing import Any

import pytest

from gptfix.llm import apply_answer

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
ALL_CASES: list[dict[str, Any]] = tomllib.loads((HERE / "corpus" / "cases.toml").read_text())[
    "case"
]
#: a seeded random quarter kept out of development and measured once by
#: bench/bench_answers.py --heldout (figures in bench/README.md); guarded here since
HELDOUT = set(tomllib.loads((HERE / "corpus" / "heldout.toml").read_text())["answers"])
#: answers of an independent evaluation, measured before their fixes: regression cases,
#: not part of the corpus's size or its held-out quarter
SEEN: list[dict[str, Any]] = tomllib.loads((HERE / "corpus" / "seen.toml").read_text())["case"]
#: answers written together with a fix, in styles of their own: regression cases too
FIXES: list[dict[str, Any]] = tomllib.loads((HERE / "corpus" / "fixes.toml").read_text())["case"]
CASES = ALL_CASES + SEEN + FIXES
ELISION = re.compile(
    r"existing code|省略|rest of the script unchanged|unchanged \.\.\.|^\s*\.\.\.\s*$", re.M
)


def script_text(name: str) -> str:
    local = HERE / "scripts" / name
    path = local if local.is_file() else ROOT / "fixtures" / name / "train.py"
    return path.read_text(encoding="utf-8")


def parses(text: str) -> bool:
    try:
        ast.parse(text)
    except SyntaxError:
        return False
    return True


def top_level_names(text: str) -> set[str]:
    out = set()
    for node in ast.parse(text).body:
        if isinstance(node, ast.FunctionDef | ast.ClassDef):
            out.add(node.name)
        elif isinstance(node, ast.Import | ast.ImportFrom):
            out.update(a.asname or a.name.split(".")[0] for a in node.names)
    return out


def imported(text: str) -> set[str]:
    return {
        a.asname or a.name.split(".")[0]
        for node in ast.parse(text).body
        if isinstance(node, ast.Import | ast.ImportFrom)
        for a in node.names
    }


def test_corpus_is_big_and_mixed() -> None:
    assert len(ALL_CASES) >= 120
    assert len(HELDOUT) * 4 >= len(ALL_CASES) - 3 and HELDOUT <= {c["answer"] for c in ALL_CASES}
    texts = [(HERE / "corpus" / c["answer"]).read_text(encoding="utf-8") for c in ALL_CASES]
    assert any(re.search(r"[\u4e00-\u9fff]", t) for t in texts)
    assert {c["expect"] for c in CASES} == {"applied", "refused"}


@pytest.mark.parametrize("case", CASES, ids=[c["answer"].removesuffix(".md") for c in CASES])
def test_answer(case: dict[str, Any]) -> None:
    original = script_text(case["script"])
    answer = (HERE / "corpus" / case["answer"]).read_text(encoding="utf-8")
    result = apply_answer(original, answer)
    if case["expect"] == "refused":
        assert result.new_text is None, "a refused answer must not produce a script"
        assert result.refusal is not None and case["refusal"] in result.refusal, result.refusal
        assert "\n" not in result.refusal
        return
    assert result.ok, result.refusal
    new = result.new_text
    assert new is not None and new != original
    ast.parse(new)
    if parses(original):
        lost = top_level_names(original) - top_level_names(new)
        # an imported name may go only with its last read (an answer that updates an import)
        reads = {n.id for n in ast.walk(ast.parse(new)) if isinstance(n, ast.Name)}
        assert not lost or (lost <= imported(original) and not lost & reads), f"lost: {lost}"
    assert not ELISION.search(new) or ELISION.search(original), "an elision marker was pasted in"
    for pattern in case.get("contains", []):
        assert re.search(pattern, new, re.M), f"missing: {pattern}\n{new}"
    for pattern in case.get("absent", []):
        assert not re.search(pattern, new, re.M), f"should be gone: {pattern}"
    reconciled = {n.answer for n in result.names}
    for name in case.get("names", []):
        assert name in reconciled, f"{name} was not reported as reconciled: {result.names}"
    if not parses(original):
        return
    # the rest of the script is still there: only statements the answer edits changed
    before = [ast.dump(n) for n in ast.parse(original).body]
    after = {ast.dump(n) for n in ast.parse(new).body}
    changed = [d for d in before if d not in after]
    # (an answer that moves statements into a function says how many it means to change)
    limit = max(case.get("changes", 2), len(result.edits))
    assert len(changed) <= limit, f"{len(changed)} statements changed"
