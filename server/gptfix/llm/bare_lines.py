"""Code written on lines of its own with no fence, in an answer that has no fence at all:
"Should be replaced with" / ``optimizer=keras.optimizers.Adam(learning_rate=0.001),``,
"You should use:" / ``from tensorflow.keras.utils import to_categorical``. Answers pasted
from forums and issue threads often lose their Markdown; such a line is still code.

A run of lines is code when it parses as Python (lines whose brackets are still open
continue it), has the marks of code (a call, an assignment, an index or an import) and
none of Markdown's (a heading, a list item, a quote, inline code): sentences do not
parse, so prose is never taken for code.
"""

from __future__ import annotations

import ast
import re
import textwrap

from gptfix.llm.block_text import bracket_depth

#: a line of Markdown, not code: a heading, a list item, a quote, a table row, inline code
_MARKDOWN = re.compile(r"^\s*(?:#|[-*+•>|]\s|\d+[.)]\s)|`")
#: the marks of code
_CODE_MARK = re.compile(r"[(=\[]|^\s*(?:import|from)\s+[\w.]+")


def _parses(text: str) -> bool:
    try:
        ast.parse(textwrap.dedent(text))
    except SyntaxError:
        return False
    return True


def bare_run(lines: list[str], i: int) -> int:
    """End (exclusive) of a run of bare code lines starting at line ``i``, or 0."""
    if not lines[i].strip() or _MARKDOWN.search(lines[i]) or not _CODE_MARK.search(lines[i]):
        return 0
    j, depth = i, 0
    while j < len(lines) and lines[j].strip() and not (depth == 0 and _MARKDOWN.search(lines[j])):
        if depth == 0 and j > i and not _parses(lines[j]) and not bracket_depth(lines[j]) > 0:
            break  # a sentence after the code
        depth += bracket_depth(lines[j])
        j += 1
        if depth <= 0:
            depth = 0
            if not _parses("\n".join(lines[i:j])):
                return 0
    if depth > 0 or not _parses("\n".join(lines[i:j])):
        return 0
    return j
