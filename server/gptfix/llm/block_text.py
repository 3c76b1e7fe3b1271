"""What kind of text a block of an answer holds, read from the text alone.

Bridges the fenced blocks :mod:`gptfix.llm.answer` cuts out and its choice of block kind: a
diff, Python (also with copied line numbers or session prompts), a session transcript with
its output, a pasted log, and shell lines among Python lines.
"""

from __future__ import annotations

import ast
import re
import textwrap
from copy import deepcopy

_HUNK = re.compile(r"^@@\s*(?:-(?P<old>\d+)(?:,\d+)?\s+\+\d+(?:,\d+)?)?\s*@@")


def looks_like_diff(body: str) -> bool:
    lines = [x for x in body.split("\n") if x.strip()]
    if not lines:
        return False
    if any(_HUNK.match(x) for x in lines) and any(x.startswith(("+", "-")) for x in lines):
        return True
    return lines[0].startswith("--- ") and len(lines) > 1 and lines[1].startswith("+++ ")


def looks_like_python(body: str) -> bool:
    stripped = body.strip()
    if not stripped or stripped.startswith(("$ ", "pip ", "conda ", "apt", "sudo ", "!")):
        return False
    if "Traceback (most recent call last)" in stripped:
        return False
    try:
        ast.parse(textwrap.dedent(body))
    except SyntaxError:
        rows = [x for x in body.split("\n") if x.strip() and not x.strip().startswith("#")]
        if rows and all(_worked_out(x) for x in rows):
            return False  # "n = 1 + (4000 - 256) // 128  =  30": arithmetic worked out
        return bool(re.search(r"^\s*(import |from \S+ import |def |class |\w+\s*=)", body, re.M))
    return True


def _worked_out(line: str) -> bool:
    """A calculation written out, not a statement: ``a = b = 30`` that does not parse,
    with several ``=`` and a number after the last one."""
    parts = re.split(r"(?<![=!<>])=(?!=)", line)
    if len(parts) < 3 or not re.fullmatch(r"\s*[-+]?[\d.,_]+(?:e-?\d+)?\s*\S{0,4}\s*", parts[-1]):
        return False
    try:
        ast.parse(line.strip())
    except SyntaxError:
        return True
    return False


_NUMBERED = re.compile(r"^(\s*)(\d+)(?:: |\| |:|\||\t| |$)")


def strip_line_numbers(body: str) -> str:
    """``34 model.compile(`` / ``35|    optimizer=...``: code copied with its line numbers."""
    lines = body.split("\n")
    numbered = [(i, _NUMBERED.match(x)) for i, x in enumerate(lines) if x.strip()]
    if len(numbered) < 2 or not all(m for _, m in numbered):
        return body
    values = [int(m.group(2)) for _, m in numbered if m]
    if values != list(range(values[0], values[0] + len(values))):
        return body
    out = []
    for x in lines:
        m = _NUMBERED.match(x)
        out.append(x[m.end() :] if m and x.strip() else x)
    return "\n".join(out)


_PROMPT = re.compile(r"^\s*(?:>>>|In \[\d*\]:)(?: |$)")
_CONTINUATION = re.compile(r"^\s*(?:\.\.\.|\s*\.\.\.:)(?: |$)")


def session_output(body: str) -> bool:
    """True for a session transcript: prompted code followed by what it printed. The
    user has run it already; it is read, not pasted (prompted code alone is code, and so
    is prompted code beside a prompted shell line and what that printed)."""
    in_code = False
    shell = False  # the output of ``In [7]: !head submission.csv`` is the shell's
    for x in body.split("\n"):
        m = _PROMPT.match(x)
        if m or (in_code and _CONTINUATION.match(x)):
            in_code = True
            if m:
                shell = x[m.end() :].lstrip().startswith(("!", "%"))
        elif x.strip() and in_code and not shell:
            return True
    return False


def silent_inputs(body: str) -> str:
    """The code of a session transcript's inputs that printed nothing (``In [5]: x = ...``
    and its ``...:`` lines before the next prompt), without prompts; what an input showed
    (``In [6]: model.output_shape`` / ``Out[6]: (None, 12)``) is left out with it."""
    cells: list[tuple[list[str], bool]] = []  # (code lines, printed something)
    in_code = False
    for x in body.split("\n"):
        m = _PROMPT.match(x)
        if m:
            cells.append(([x[m.end() :]], False))
            in_code = True
        elif in_code and (c := _CONTINUATION.match(x)):
            cells[-1][0].append(x[c.end() :])
        elif x.strip() and cells:
            cells[-1] = (cells[-1][0], True)
            in_code = False
    code = [line for lines, printed in cells if not printed for line in lines]
    return textwrap.dedent("\n".join(code)).strip("\n")


def strip_prompts(body: str) -> str:
    """Code copied from a Python or IPython session (``>>> x``, ``In [3]: x``, ``...: x``):
    the code without its prompts; the session's printed output is left out."""
    lines = body.split("\n")
    if not any(_PROMPT.match(x) for x in lines):
        return body
    out: list[str] = []
    in_code = False
    for x in lines:
        m = _PROMPT.match(x) or (_CONTINUATION.match(x) if in_code else None)
        if m:
            out.append(x[m.end() :])
            in_code = True
        elif not x.strip():
            out.append("")
        else:
            in_code = False  # printed output
    return textwrap.dedent("\n".join(out))


#: lines a program prints while training or failing (a log pasted in a ``python`` fence)
_LOG_LINE = re.compile(
    r"^\s*(?:Epoch \d+/\d+|\d+/\d+ [\[━=]|Traceback \(most recent call last\)|"
    r"(?:[A-Z]\w*(?:Error|Exception|Warning)):\s|File \"[^\"]+\", line \d+)"
)


def is_log(body: str) -> bool:
    """A block that does not parse and is mostly printed output (epochs, errors)."""
    try:
        ast.parse(textwrap.dedent(body))
    except SyntaxError:
        lines = [x for x in body.split("\n") if x.strip()]
        return bool(lines) and sum(bool(_LOG_LINE.match(x)) for x in lines) * 2 >= len(lines)
    return False


#: a shell command pasted among Python lines (``pip install -U "tensorflow>=2.16"``)
_SHELL_LINE = re.compile(
    r"^\s*(?:[!%]|\$ |(?:sudo\s+)?(?:pip3?|conda|mamba|apt(?:-get)?|python3? -m pip|uv pip|nvidia-smi)\b(?!\s*[=(.\[]))"
)


def shell_line(line: str) -> bool:
    """Whether a line of a Python block is a shell command (``!pip``, ``%pip``, ``pip
    install ...``, ``$ nvidia-smi``) rather than Python."""
    return bool(_SHELL_LINE.match(line))


def bracket_depth(line: str) -> int:
    """Brackets opened minus closed on a line (strings and comments ignored, roughly)."""
    code = re.sub(r"(\"[^\"]*\"|'[^']*')", "", line.split("#")[0])
    return sum(code.count(c) for c in "([{") - sum(code.count(c) for c in ")]}")


#: a fence line: its indentation, its backticks or tildes, its info string
FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>[^\n`]*)$")


def literals_out(node: ast.AST, numbers_only: bool = False) -> str:
    """``node`` (as ``ast.dump``) with its literal values left out: ``Dense(64)`` and
    ``Dense(16)`` alike. ``numbers_only`` keeps strings: ``Dense(64, activation="relu")``
    is ``Dense(32, activation="relu")`` with another size, not ``Dense(3, activation="softmax")``."""
    copy = deepcopy(node)
    for sub in ast.walk(copy):
        if isinstance(sub, ast.Constant) and (not numbers_only or type(sub.value) in (int, float)):
            sub.value = None
    return ast.dump(copy)
