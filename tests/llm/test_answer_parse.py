"""Parsing chat answers: blocks, suggestions, alternatives, elision markers, redaction."""

from __future__ import annotations

import pytest

from gptfix.llm import parse_answer, redact
from gptfix.llm.answer import is_elision


def test_blocks_prose_and_suggestions() -> None:
    answer = (
        "First install:\n\n```bash\npip install keras-cv\n```\n\n"
        "1. Then change the model:\n\n   ```python\n   x = layers.Flatten()(x)\n   ```\n\n"
        '```text\nTraceback (most recent call last):\n  File "a.py", line 1\n```\n'
        "~~~py\n!pip install -q keras-hub\nimport keras_hub\n~~~\n"
    )
    parsed = parse_answer(answer)
    kinds = [(b.kind, b.lang) for b in parsed.blocks]
    assert kinds == [
        ("suggestion", "bash"),
        ("code", "python"),
        ("suggestion", "text"),
        ("suggestion", "bash"),
        ("code", "py"),
    ]
    assert parsed.blocks[1].text == "x = layers.Flatten()(x)\n"  # list indentation removed
    assert parsed.blocks[3].text == "!pip install -q keras-hub"
    assert "Then change the model" in parsed.prose


def test_several_search_replace_blocks_in_one_fence() -> None:
    answer = (
        "```python\n<<<<<<< SEARCH\na = 1\n=======\na = 2\n>>>>>>> REPLACE\n\n"
        "<<<<<<< SEARCH\nb = 1\n=======\nb = 3\n>>>>>>> REPLACE\n```"
    )
    blocks = parse_answer(answer).blocks
    assert [(b.kind, b.search, b.replace) for b in blocks] == [
        ("search_replace", "a = 1", "a = 2"),
        ("search_replace", "b = 1", "b = 3"),
    ]


def test_alternatives_are_not_both_applied() -> None:
    answer = (
        "Use a smaller batch:\n```python\nBATCH = 8\n```\n\n"
        "Alternatively, enable mixed precision:\n```python\nkeras.mixed_precision.set_global_policy('mixed_float16')\n```\n"
        "或者，方案二：\n```python\nEPOCHS = 1\n```\n"
    )
    blocks = parse_answer(answer).blocks
    assert [b.kind for b in blocks] == ["code", "suggestion", "suggestion"]


@pytest.mark.parametrize(
    "line",
    [
        "# ... existing code ...",
        "    # 省略原有代码",
        "# 以下省略原有代码...",
        "...",
        "# ... rest unchanged",
        "# (rest of the function is the same as before)",
        "# 其余代码不变",
        "    # …",
    ],
)
def test_elision_markers(line: str) -> None:
    assert is_elision(line)


@pytest.mark.parametrize(
    "line", ["# load the data", "x = ...  # placeholder", "# new layer", "# 新增"]
)
def test_not_elision_markers(line: str) -> None:
    assert not is_elision(line)


def test_inline_prose_edits_only_without_code() -> None:
    blocks = parse_answer(
        "Change `patience=3` to `patience=5`, 把 `lr=1e-3` 改成 `lr=1e-4`。"
    ).blocks
    assert [(b.kind, b.search, b.replace) for b in blocks] == [
        ("inline", "patience=3", "patience=5"),
        ("inline", "lr=1e-3", "lr=1e-4"),
    ]
    with_code = parse_answer("Change `a` to `b`:\n```python\nb = 1\n```")
    # no inline edit next to code: the block is the new version of the script's line
    assert [(b.kind, b.search) for b in with_code.blocks] == [("pair", "a = 1\n")]


def test_redaction_keeps_lines_and_names_of_secrets() -> None:
    text = (
        'key = os.environ.get("OPENAI_API_KEY")\n'
        'client = OpenAI(api_key="sk-abcdefghijklmnopqrstuvwxyz12")\n'
        "export HF_TOKEN=hf_abcdefghijklmnopqrstuvwxyz\n"
        "open('/Users/bob/data.csv')\n"
    )
    red = redact(text)
    assert red.text.count("\n") == text.count("\n")
    assert "OPENAI_API_KEY" in red.text  # the variable's name is not a secret
    assert "sk-abc" not in red.text and "hf_abc" not in red.text and "bob" not in red.text
    assert [line for _, line in red.removed] == [2, 3, 4]


def test_reasoning_drafts_are_ignored() -> None:
    answer = "<think>\nmaybe ```python\nx = 1\n``` no\n</think>\nUse:\n```python\ny = 2\n```"
    assert [b.text for b in parse_answer(answer).blocks] == ["y = 2\n"]


def test_a_calculation_worked_out_in_a_bare_fence_is_no_code() -> None:
    # ``a = 1 + (4000 - 256) // 128  =  30``: the arithmetic behind a fix, not a statement;
    # a bare fence with a real assignment stays code
    answer = (
        "Only 30 full frames fit:\n\n```\nn_frames = 1 + (clip_len - n_fft) // hop"
        "  =  1 + (4000 - 256) // 128  =  30\n```\n\n"
        "So count them like this:\n\n```\nn_frames = 1 + (clip_len - n_fft) // hop\n```\n"
    )
    parsed = parse_answer(answer)
    assert [b.kind for b in parsed.blocks] == ["suggestion", "code"]
