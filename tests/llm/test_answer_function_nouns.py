"""A new helper placed next to a function the prose names by its quote and the word for
"function": "`decode` 함수 위에 ... 추가하세요" (Korean: "add ... above the `decode`
function"), "`decode` 関数の前に" (Japanese), "`decode` 函数之前" (Chinese), "`decode`
फ़ंक्शन से पहले" (Hindi). The helper goes right above (or below) that function, not
merely before its first use.

Every answer was written for its test; the script is a short program written here.
"""

from __future__ import annotations

import pytest

from gptfix.llm import apply_answer

SCRIPT = """import numpy as np

VOCAB = 12
rng = np.random.default_rng(1)
probs = rng.random((5, VOCAB))


def softmax(v):
    e = np.exp(v - v.max())
    return e / e.sum()


def decode(p):
    return [int(np.argmax(softmax(row))) for row in p]


print(decode(probs))
"""

HELPER = """```python
def decode_top2(p):
    return [np.argsort(softmax(row))[-2:].tolist() for row in p]
```"""


@pytest.mark.parametrize(
    "sentence",
    [
        "**1단계:** `decode` 함수 위에 다음 헬퍼 함수를 추가하세요:",
        "まず、`decode` 関数の前に次のヘルパー関数を追加してください：",
        "先在 `decode` 函数之前加上这个辅助函数：",
        "पहले `decode` फ़ंक्शन से पहले यह helper जोड़िए:",
    ],
)
def test_helper_above_the_named_function(sentence: str) -> None:
    answer = (
        f"{sentence}\n\n{HELPER}\n\n"
        "**2:** `print(decode(probs))` 다음에:\n\n```python\nprint(decode_top2(probs))\n```\n"
    )
    result = apply_answer(SCRIPT, answer)
    assert result.ok and result.new_text is not None, result.refusal
    lines = result.new_text.split("\n")
    helper = lines.index("def decode_top2(p):")
    assert helper < lines.index("def decode(p):") and helper > lines.index("def softmax(v):")
    assert lines[-2] == "print(decode_top2(probs))"


def test_helper_below_the_named_function_in_korean() -> None:
    answer = (
        "`softmax` 함수 아래에 이 함수를 추가하세요:\n\n"
        f"{HELPER}\n\n그리고 마지막에 `print(decode_top2(probs))`를 추가하세요:\n\n"
        "```python\nprint(decode_top2(probs))\n```\n"
    )
    result = apply_answer(SCRIPT, answer)
    assert result.ok and result.new_text is not None, result.refusal
    lines = result.new_text.split("\n")
    helper = lines.index("def decode_top2(p):")
    assert lines.index("def softmax(v):") < helper < lines.index("def decode(p):")
