"""Script lines a "replace" sentence quotes beside the statement its block rewrites:
"Replace the `table = np.empty(...)` block (the `np.empty` line and the three
`table[:, i] = ...` lines) with:" over one ``table = np.column_stack(...)``.

Bridges the quotes of the sentence that introduces a code block and the script as the
block left it: the statements right after the one the block rewrote that fill in the same
value in place (``table[:, 0] = age``) and that a quote of the sentence stands for (a name
the script does not bind, like ``i``, stands for any index) go with it, as the sentence
says. A count the sentence gives ("the three ... lines") must be the count found; nothing
is removed otherwise.
"""

from __future__ import annotations

import ast
import difflib
import re

from gptfix.index import build_index
from gptfix.llm.blocks import introducing
from gptfix.llm.patches import TextEdit

#: the verb of a sentence that replaces code with the block's
_REPLACE = re.compile(
    r"(?i)\b(?:replace|swap|ersetze[nr]?|remplace[zr]?|reemplaza|sustituye|substitua|"
    r"sostituisci|замените|замени)\b|替换|换成|置き換え|교체|바꾸"
)
_COUNTS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "zwei": 2, "drei": 3, "vier": 4, "deux": 2,
    "trois": 3, "quatre": 4, "dos": 2, "tres": 3, "cuatro": 4, "duas": 2, "dois": 2,
    "três": 3, "два": 2, "две": 2, "три": 3, "четыре": 4, "两": 2, "三": 3, "四": 4,
}  # fmt: skip
_COUNT = re.compile(r"(?i)(\d+|[^\W\d_]+)\s*(?:个|行|つの|개의)?\s*$")


def _squeeze(code: str) -> str:
    return re.sub(r"\s+", "", code)


def _pattern(quote: str, bound: set[str]) -> re.Pattern[str] | None:
    """A quote such as ``table[:, i] = ...`` as a pattern over squeezed statements: a name
    the script never binds (``i``) stands for any index or name."""
    head, mark, tail = quote.replace("\u2026", "...").partition("...")
    head, tail = _squeeze(head), _squeeze(tail)
    if not mark or not re.match(r"[A-Za-z_]\w*\[", head) or not head.endswith("="):
        return None  # only in-place writes of an element: ``x[...] = ...``
    parts: list[str] = []
    for tok in re.findall(r"[A-Za-z_]\w*|\d+|.", head):
        if re.fullmatch(r"[A-Za-z_]\w*", tok) and tok not in bound and parts:
            parts.append(r"[\w.\"']+")
        else:
            parts.append(re.escape(tok))
    return re.compile("".join(parts) + r"(?!=).*" + re.escape(tail) + "$", re.S)


def _said_count(sentence: str, start: int) -> int | None:
    m = _COUNT.search(sentence[max(0, start - 20) : start].rstrip(" `"))
    if m is None:
        return None
    word = m.group(1).lower()
    return int(word) if word.isdigit() else _COUNTS.get(word)


def quoted_followers(before: str, after: str, prose: str) -> tuple[str, TextEdit, list[str]] | None:
    """``after`` without the in-place writes the block's "replace" sentence quotes right
    after the statement the block rewrote, what was done and the first line of each
    statement removed; None when there are none."""
    sentence = introducing(prose)
    if not _REPLACE.search(sentence):
        return None
    try:
        tree = ast.parse(after)
    except SyntaxError:
        return None
    bound = {b.name for b in build_index(after).bindings}  # the script's names, any scope
    quotes = [
        (m.start(), p)
        for m in re.finditer(r"`([^`\n]+)`", sentence)
        if (p := _pattern(m.group(1), bound)) is not None
    ]
    if not quotes:
        return None
    a, b = before.split("\n"), after.split("\n")
    changed = {
        j
        for op, _, _, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes()
        if op in ("replace", "insert")
        for j in range(j1, j2)
    }
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if not isinstance(body, list):
            continue
        for k, stmt in enumerate(body):
            if not (
                isinstance(stmt, ast.Assign)
                and len(stmt.targets) == 1
                and isinstance(stmt.targets[0], ast.Name)
                and stmt.lineno - 1 in changed
            ):
                continue
            name = stmt.targets[0].id
            if any(isinstance(x, ast.Name) and x.id == name for x in ast.walk(stmt.value)):
                continue  # the block's value reads the old one: its writes still count
            run = []
            for nxt in body[k + 1 :]:
                seg = ast.get_source_segment(after, nxt) or ""
                target = nxt.targets[0] if isinstance(nxt, ast.Assign) else None
                if not (
                    isinstance(target, ast.Subscript)
                    and isinstance(target.value, ast.Name)
                    and target.value.id == name
                    and any(p.match(_squeeze(seg)) for _, p in quotes)
                ):
                    break
                run.append(nxt)
            counts = {c for at, _ in quotes if (c := _said_count(sentence, at)) is not None}
            if not run or (counts and counts != {len(run)}):
                continue
            first, last = run[0].lineno - 1, run[-1].end_lineno or run[-1].lineno
            text = "\n".join(b[:first] + b[last:])
            return (
                text,
                TextEdit(
                    "remove_statement",
                    first + 1,
                    last,
                    f"removed the {len(run)} in-place writes of `{name}` the answer replaces too",
                ),
                [b[s.lineno - 1] for s in run],
            )
    return None
