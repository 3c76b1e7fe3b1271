"""Code in an answer with no fence: a Markdown indented block, a whole script pasted bare,
an answer that is only code, and code written on lines of its own in an answer that has no
fence at all ("Should be replaced with" / ``optimizer=keras.optimizers.Adam(learning_rate=
0.001),``; "You should use:" / ``from tensorflow.keras.utils import to_categorical``).
Answers pasted from forums and issue threads often lose their Markdown; such a line is still
code.

A run of bare lines is code when it parses as Python (lines whose brackets are still open
continue it), has the marks of code (a call, an assignment, an index or an import) and none
of Markdown's (a heading, a list item, a quote, inline code): sentences do not parse, so
prose is never taken for code.
"""

from __future__ import annotations

import ast
import re
import textwrap

from gptfix.llm.block_text import FENCE, bracket_depth

#: a line of Markdown, not code: a heading, a list item, a quote, a table row, inline code
_MARKDOWN = re.compile(r"^\s*(?:#|[-*+•>|]\s|\d+[.)]\s)|`")
#: the marks of code
_CODE_MARK = re.compile(r"[(=\[]|^\s*(?:import|from)\s+[\w.]+")


def parses(text: str) -> bool:
    try:
        ast.parse(textwrap.dedent(text))
    except SyntaxError:
        return False
    return True


#: a line that introduces what a run printed, not code to write: "`history.history.keys()`
#: gives:" / ``dict_keys(['loss', 'accuracy'])``, "the output is:", "输出：", "出力:"
_SHOWS_OUTPUT = re.compile(
    r"(?i)(?:\b(?:gives|gave|prints|printed|returns|returned|outputs?|shows|showed|displays|"
    r"result|results|yields)|\b(?:I|you|we)\s+(?:get|got|see|saw)|"
    r"(?:输出|结果|打印出|出力|結果|출력|결과)(?:例|示例|样例|如下|例子|예시)?|"
    r"Ausgabe|sortie|salida|resultado)\s*(?:is|was|are|were|like this|something like)?"
    r"\s*[:：]\s*$"
)


def shows_output(lines: list[str], i: int) -> bool:
    """Whether the nearest line with text above line ``i`` introduces printed output."""
    above = [x for x in lines[:i] if x.strip()]
    return bool(above) and _SHOWS_OUTPUT.search(above[-1].rstrip()) is not None


def bare_run(lines: list[str], i: int) -> int:
    """End (exclusive) of a run of bare code lines starting at line ``i``, or 0."""
    if not lines[i].strip() or _MARKDOWN.search(lines[i]) or not _CODE_MARK.search(lines[i]):
        return 0
    if shows_output(lines, i):
        return 0  # what a call printed, set on lines of its own
    j, depth = i, 0
    while j < len(lines) and lines[j].strip() and not (depth == 0 and _MARKDOWN.search(lines[j])):
        if depth == 0 and j > i and not parses(lines[j]) and not bracket_depth(lines[j]) > 0:
            break  # a sentence after the code
        depth += bracket_depth(lines[j])
        j += 1
        if depth <= 0:
            depth = 0
            if not parses("\n".join(lines[i:j])):
                return 0
    if depth > 0 or not parses("\n".join(lines[i:j])):
        return 0
    return j


#: the first line of a script pasted with no fence
SCRIPT_START = re.compile(r"^(?:import \w|from [\w.]+ import |#!|def |class )")


def indented_code(lines: list[str], i: int) -> int:
    """End of a Markdown indented code block (4 spaces or a tab) starting at line ``i``,
    or 0: it follows a blank line, is Python that parses, and is more than a word."""
    if not lines[i].startswith(("    ", "\t")) or not lines[i].strip():
        return 0
    if i > 0 and lines[i - 1].strip():
        return 0
    j = i
    while j < len(lines) and (lines[j].startswith(("    ", "\t")) or not lines[j].strip()):
        if FENCE.match(lines[j]):
            return 0
        j += 1
    while j > i and not lines[j - 1].strip():
        j -= 1
    body = textwrap.dedent("\n".join(lines[i:j]))
    if not re.search(r"[(=\[]|^\s*(?:import|from|def|class)\b", body, re.M):
        return 0
    try:
        ast.parse(body)
    except SyntaxError:
        try:  # "Replace\n\n    def f(a, b):\n\nwith ...": a header line alone
            ast.parse(body.rstrip() + "\n    pass" if body.rstrip().endswith(":") else "(")
        except SyntaxError:
            return 0
    return j


def unfenced_script(text: str) -> tuple[int, str] | None:
    """A script pasted with no fence: from its first import (or def, class) to the
    longest end that parses, at least eight lines with an import at the top level;
    (0-based first line, code)."""
    lines = text.split("\n")
    start = next((k for k, x in enumerate(lines) if SCRIPT_START.match(x)), None)
    if start is None:
        return None
    for end in range(len(lines), start + 7, -1):
        if not lines[end - 1].strip():
            continue
        code = "\n".join(lines[start:end]).strip("\n")
        try:
            tree = ast.parse(code)
        except SyntaxError:
            continue
        if any(isinstance(n, ast.Import | ast.ImportFrom) for n in tree.body):
            return start, code + "\n"
        return None
    return None


def bare_code(text: str) -> bool:
    """An unfenced answer that is just Python code (some local models answer that way)."""
    stripped = textwrap.dedent(text).strip()
    if not stripped or "\n" not in stripped:
        return False
    try:
        ast.parse(stripped)
    except SyntaxError:
        return False
    return True


#: a line that is only one quoted statement: "`sgdv = SGD(learning_rate=0.01)`"
_QUOTED_LINE = re.compile(r"^\s*`([^`\n]+)`\s*$")


def _key(code: str) -> str | None:
    """What a one-statement line sets or calls (``sgdv``, ``model.compile``), or None."""
    try:
        body = ast.parse(code.strip()).body
    except SyntaxError:
        return None
    if len(body) != 1:
        return None
    node = body[0]
    if isinstance(node, ast.Assign) and len(node.targets) == 1:
        return ast.unparse(node.targets[0])
    if isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):
        return ast.unparse(node.value.func)
    return None


def quoted_variants(text: str) -> tuple[int, str, str] | None:
    """Two lines of an answer with no fence, each one quoted statement setting or calling
    the same thing in two versions ("change your code as follows:" / `` `sgdv =
    SGD(learning_rate=0.01, ...)` `` / `` `sgdv = SGD(lr=0.01, ...)` ``): one is the
    script's line, the other what it becomes, with no word for which is which.
    (0-based line of the first, first, second), or None."""
    found = [
        (k, m.group(1))
        for k, line in enumerate(text.split("\n"))
        if (m := _QUOTED_LINE.match(line)) and _key(m.group(1))
    ]
    if len(found) != 2 or found[1][0] - found[0][0] > 2:
        return None
    (k, first), (_, second) = found
    if _key(first) != _key(second) or first.strip() == second.strip():
        return None
    return k, first.strip(), second.strip()


#: "and then `model.fit(x, y, callbacks=[es])`": a line that goes on with one quoted statement
_CONNECTED = re.compile(
    r"(?i)^\s*(?:and\s+)?(?:then|after\s+that|afterwards|next|finally)\b[,:]?\s+"
    r"(?:(?:call|use|run|change\s+it\s+to|make\s+it)\s+)?`([^`\n]+)`\s*[.;:]?\s*$"
)


def connected_statement(line: str) -> str | None:
    """The statement a prose line of an answer with no fence goes on with ("and then
    `model.fit(..., callbacks=[es])`"), when it is one whole statement with a call; None
    otherwise."""
    m = _CONNECTED.match(line)
    if m is None:
        return None
    try:
        body = ast.parse(m.group(1).strip()).body
    except SyntaxError:
        return None
    if len(body) != 1 or not any(isinstance(n, ast.Call) for n in ast.walk(body[0])):
        return None
    return m.group(1).strip()


def code_line(code: str) -> bool:
    """One statement, or the first line of one (``model.compile(optimizer=X,``): it parses
    once its open brackets are closed, and it calls or sets something."""
    code = code.strip()
    depth = bracket_depth(code)
    if depth > 0:
        code = code.rstrip().rstrip(",") + ")" * depth
    return _key(code) is not None


def lead_in_lines(text: str) -> list[tuple[int, str]]:
    """Lines of an answer with no fence that are one quoted statement (or its first line)
    in a paragraph of their own, right after a paragraph ending with a colon ("Change line
    29 to use AdamW:" / `` `model.compile(optimizer=AdamW(...),` ``): code set apart as a
    block would be. (0-based line, code) for each."""
    lines = text.split("\n")
    quoted = [
        m.group(1).strip() if (m := _QUOTED_LINE.match(x)) and code_line(m.group(1)) else None
        for x in lines
    ]
    out: list[tuple[int, str]] = []
    k = 0
    while k < len(lines):
        if quoted[k] is None:
            k += 1
            continue
        # a paragraph of such lines, one statement each ("... would fix the error:" /
        # `` `acc = ...` `` / `` `val_acc = ...` ``), right after a line ending with a colon
        end = k
        while end < len(lines) and quoted[end] is not None:
            end += 1
        above = [x for x in lines[:k] if x.strip()]
        blank_after = end >= len(lines) or not lines[end].strip()
        if above and blank_after and above[-1].rstrip().endswith((":", "：")):
            if not shows_output(lines, k):
                out.extend((j, str(quoted[j])) for j in range(k, end))
        k = end
    return out


#: where a call written bare in a sentence may start: a dotted callee
#: (``keras.optimizers.Adam(``) or any callee given a keyword (``Dense(units=3``)
_BARE_CALL = re.compile(r"(?<![\w.`])[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*\(")


def quote_bare_calls(text: str) -> str:
    """``text`` with the calls an answer with no Markdown at all writes inside its
    sentences put in backticks ("in keras.optimizers.Adam(lr=0.001) change lr by
    learning_rate"), so that they read as the inline code they are; so are a bare keyword
    (``class_weight=class_weight``) and a dotted name (``model.fit``). Lines that are code by
    themselves are left to :func:`bare_run`; only a call that parses and is dotted or has a
    keyword is quoted."""
    if "`" in text or FENCE.search(text):
        return text
    out = []
    for line in text.split("\n"):
        if not line.strip() or parses(line) or code_line(line):
            out.append(line)
            continue
        pieces, at = [], 0
        for m in _BARE_CALL.finditer(line):
            if m.start() < at:
                continue
            end, depth = m.end(), 1
            while end < len(line) and depth:
                depth += {"(": 1, ")": -1}.get(line[end], 0)
                end += 1
            call = line[m.start() : end]
            try:
                node = ast.parse(call, mode="eval").body
            except SyntaxError:
                continue
            if depth or not isinstance(node, ast.Call):
                continue
            if "." not in m.group(0) and not node.keywords:
                continue  # ``example(s)``: a word with brackets, not code
            pieces += [line[at : m.start()], f"`{call}`"]
            at = end
        out.append(_BARE_WORD.sub(_quote_word, "".join(pieces) + line[at:]))
    return "\n".join(out)


#: a keyword (``class_weight=class_weight``) or a dotted name (``model.fit``) written bare
#: in a sentence, outside what is quoted already
_BARE_WORD = re.compile(
    r"(`[^`\n]*`)|(?<![\w./@:-])([A-Za-z_]\w*=[^\s,;()`]+|[a-z_]\w*(?:\.[A-Za-z_]\w*)+)"
    r"(?![\w/@(`])"
)


#: how a dotted word that is a file or a site ends (``config.yaml``, ``keras.io``)
_NOT_CODE_ENDS = frozenset(
    "py ipynb csv tsv txt json yaml yml h5 hdf5 keras pt pth pkl npy npz png jpg jpeg md html "
    "zip gz tar io com org net ai dev".split()
)


def _quote_word(m: re.Match[str]) -> str:
    """The bare keyword or dotted name of ``m`` in backticks when it is code."""
    word = m.group(2)
    if word is None:
        return m.group(0)  # inline code already
    if word.endswith(".") and not word[-2:-1].isdigit():
        word = word.rstrip(".")  # the sentence's full stop (``lr=1.`` keeps its float)
    tail = m.group(2)[len(word) :]
    if "=" in word:
        try:
            call = ast.parse(f"f({word})", mode="eval").body
        except SyntaxError:
            return m.group(0)
        ok = isinstance(call, ast.Call) and len(call.keywords) == 1
    else:
        last = word.rsplit(".", 1)[-1].lower()
        ok = (
            "." in word
            and len(word.split(".", 1)[0]) > 1  # "e.g", "i.e"
            and last not in _NOT_CODE_ENDS
        )
    return f"`{word}`{tail}" if ok else m.group(0)
