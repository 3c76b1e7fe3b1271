"""apply_answer never raises on malformed or mangled answers: it applies or refuses."""

from __future__ import annotations

import random
from pathlib import Path

from gptfix.llm import apply_answer

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
MARKERS = [
    "# ... existing code ...",
    "...",
    "# 省略原有代码",
    "    # ...",
    "// ...",
    "```",
    "```python",
    "<<<<<<< SEARCH",
    "=======",
    ">>>>>>> REPLACE",
    "@@ -1,3 +1,4 @@",
    "+x = 1",
    "-y = 2",
]


def test_mangled_answers_apply_or_refuse() -> None:
    scripts = [p.read_text() for p in sorted((ROOT / "fixtures").glob("*/train.py"))]
    answers = [p.read_text() for p in sorted((HERE / "corpus").glob("*.md"))]
    rng = random.Random(7)
    outcomes = {"applied": 0, "refused": 0}
    for _ in range(300):
        script = rng.choice(scripts)
        lines = script.split("\n")
        if rng.random() < 0.5:
            a, b = sorted(rng.sample(range(len(lines)), 2))
            chunk = lines[a : b + 1]
            for _ in range(rng.randint(0, 3)):
                chunk.insert(rng.randint(0, len(chunk)), rng.choice(MARKERS))
            answer = "Fix:\n```python\n" + "\n".join(chunk) + "\n```\n"
        else:
            parts = rng.choice(answers).split("\n")
            for _ in range(rng.randint(1, 4)):
                parts[rng.randrange(len(parts))] = rng.choice(MARKERS)
            answer = "\n".join(parts)
        result = apply_answer(script, answer)
        assert (result.new_text is None) != (result.refusal is None)
        if result.new_text is not None:
            compile(result.new_text, "train.py", "exec")
            outcomes["applied"] += 1
        else:
            assert result.refusal and "\n" not in result.refusal
            assert "could not read this answer" not in result.refusal, answer  # no crash
            outcomes["refused"] += 1
    assert outcomes["applied"] > 0 and outcomes["refused"] > 0
