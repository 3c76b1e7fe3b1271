"""Code an answer sets in double quotes instead of backticks, read as the inline code it is.

Answers pasted from forums and issue threads often quote code with ``"..."``: "reemplaza
"optimizer=Adam(learning_rate=CONFIG["lr"])" por "..."", "use "history.history['accuracy']"",
a line given alone in quotes, ``"X" yerine "Y"``. A quoted piece becomes inline code when it is
code (an attribute, an index, a call, keyword arguments, an assignment or, alone on its line,
one statement); quoted words, numbers and sentences stay as they are. Fenced and indented
blocks, lines that are code themselves and inline code are left alone. Used by
:func:`gptfix.llm.answer.parse_answer` before the answer is read.
"""

from __future__ import annotations

import ast
import re

from gptfix.llm.bare_lines import code_line, parses
from gptfix.llm.block_text import FENCE


def _edge(char: str) -> bool:
    """Whether a quote next to ``char`` may open or close quoted code: not inside a word
    or an expression (a Korean or Japanese particle right after the quote is fine)."""
    # ``model.save("model.keras")``: a string argument of a call, not quoted code
    return not (char.isascii() and (char.isalnum() or char in "_'\"`\\(),=[]{}"))


def _quoted_code(inner: str) -> bool:
    """Whether the text between two double quotes is code: an attribute, an index, a call,
    keyword arguments (``optimizer=Adam(learning_rate=lr)``) or an assignment with one of
    those; a quoted word, number or sentence is not."""
    inner = inner.strip()
    if not inner or "`" in inner or "\n" in inner:
        return False
    try:
        node = ast.parse(inner, mode="eval").body
        return isinstance(node, ast.Attribute | ast.Subscript | ast.Call)
    except SyntaxError:
        pass
    try:
        call = ast.parse(f"f({inner})", mode="eval").body
        if isinstance(call, ast.Call) and call.keywords and not call.args:
            return True
    except SyntaxError:
        pass
    try:
        body = ast.parse(inner).body
    except SyntaxError:
        return False
    return (
        len(body) == 1
        and isinstance(body[0], ast.Assign)
        and isinstance(body[0].value, ast.Attribute | ast.Subscript | ast.Call)
    )


def _quoted_statement(inner: str) -> bool:
    """Whether a line set alone in quotes is one statement of code (``return a + b``,
    ``x = f(x)``), not a quoted word or sentence."""
    if '"' in inner.replace('\\"', "") and inner.count('"') % 2:
        return False
    try:
        body = ast.parse(inner.strip()).body
    except SyntaxError:
        return False
    if len(body) != 1:
        return False
    node = body[0]
    if isinstance(node, ast.Expr):
        return isinstance(node.value, ast.Call | ast.Attribute | ast.Subscript)
    return bool(re.search(r"[(=\[.]|^\s*(?:return|import|from|raise)\b", inner))


def _line_quotes(line: str) -> str:
    out, i = [], 0
    while i < len(line):
        c = line[i]
        if c in '"“' and (i == 0 or _edge(line[i - 1])):
            close = "”" if c == "“" else '"'
            found = None
            for j in range(i + 1, len(line)):
                if line[j] == close and (j + 1 == len(line) or _edge(line[j + 1])):
                    if _quoted_code(line[i + 1 : j]):
                        found = j
                        break
            if found is not None:
                out.append(f"`{line[i + 1 : found].strip()}`")
                i = found + 1
                continue
        out.append(c)
        i += 1
    return "".join(out)


def quote_double_quoted_code(text: str) -> str:
    """``text`` with code its sentences set in double quotes ("reemplaza
    "optimizer=Adam(learning_rate=CONFIG["lr"])" por "..."", "use
    "history.history['accuracy']"") put in backticks, as the inline code it is. Fenced and
    indented blocks, lines that are code themselves and inline code are left alone."""
    out, fence = [], ""
    for line in text.split("\n"):
        m = FENCE.match(line)
        if m is not None:
            mark = m["fence"]
            if not fence:
                fence = mark
            elif mark.startswith(fence[0] * len(fence)):
                fence = ""
            out.append(line)
            continue
        whole = re.fullmatch(r"\s*[\"“](.+)[\"”]\s*", line)
        if not fence and whole is not None and _quoted_statement(whole.group(1)):
            out.append(f"`{whole.group(1).strip()}`")  # a line given alone, in quotes
            continue
        if (
            fence
            or line.startswith(("    ", "\t"))
            or "`" in line
            or not ('"' in line or "“" in line)
            or parses(line)
            or code_line(line)
        ):
            out.append(line)
            continue
        out.append(_line_quotes(line))
    return "\n".join(out)
