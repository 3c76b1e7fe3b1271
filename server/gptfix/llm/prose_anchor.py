"""The line of the script a prose sentence points at: "after `x = ...`", "just before the
`model.compile(...)` call", "在 `model.fit` 之前" -- a quoted line, an assignment by its
name, or a call by its head, with whether the new code goes before it.
"""

from __future__ import annotations

import ast
import re

from gptfix.errors import Refused
from gptfix.llm.patches import callee_tail, find_lines
from gptfix.llm.placewords import AFTERWARDS, BEFORE_WORDS

_PLACE_WORD = re.compile(
    r"(?i)\b(?:before|after|above|below|following)\b|之前|之后|前面|后面|直後|の後|の前|"
    r"despu[eé]s|antes"
)


def _assigned_at(lines: list[str], name: str) -> list[int]:
    """0-based first lines of the statements that assign ``name`` (``name = ...``)."""
    try:
        tree = ast.parse("\n".join(lines))
    except SyntaxError:
        return []
    return [
        n.lineno - 1
        for n in ast.walk(tree)
        if isinstance(n, ast.Assign)
        and any(isinstance(t, ast.Name) and t.id == name for t in n.targets)
    ]


#: where the new code goes relative to a quoted line: words before the quote ("before
#: `x`", "antes de `x`") or, in Chinese and Japanese, right after it ("`x` 之前", "`x` の前に")
_BEFORE_LEAD = re.compile(rf"(?i)\b(?:{BEFORE_WORDS})\b|之前|前面|上方|前")
#: "after" words near a quote: the unambiguous ones only (short words of other languages,
#: "po", "na", "setelah itu" = "after that", also open sentences that place nothing)
_AFTER_LEAD = re.compile(
    r"(?i)\b(?:after|below|following|despu[eé]s de|apr[eè]s|nach|depois d[eoa]s?|dopo|после)\b|"
    r"之后|后面|后"
)
_BEFORE_TAIL = re.compile(
    r"^\s*(?:这一?行)?\s*(?:之前|前面|上方|の前|の上|より前|前に|(?:바로\s*)?(?:앞에|전에|이전에|위에))"
)
_AFTER_TAIL = re.compile(
    r"^\s*(?:这一?行)?\s*(?:之后|后面|下方|の後|の下|より後|後に|直後|"
    r"(?:바로\s*)?(?:다음에|뒤에|후에|아래에|밑에))"
)


def prose_anchor(lines: list[str], prose: str, placed: bool = False) -> tuple[int, bool] | None:
    """A script line quoted in the prose ("add it after `x = ...`"): (0-based line, before?).

    The quote is a whole line, the start of one ending in ``...`` (`outputs = ...`), a call
    named by its callee, or (next to a place word) a name assigned once. ``placed``: only
    a quote with a place word right next to it ("before `x`", "`x` の前に") counts; without
    it such a quote still comes first ("right after the `Dense(64)` line in the
    `Sequential` list": after the layer, not the list's first line).
    """
    return (
        _anchor(lines, prose, True)
        if placed
        else _anchor(lines, prose, True) or _anchor(lines, prose, False)
    )


def _anchor(lines: list[str], prose: str, placed: bool) -> tuple[int, bool] | None:
    for m in reversed(list(re.finditer(r"`([^`\n]{4,})`", prose))):
        quoted = m.group(1).strip()
        lead = prose[max(0, m.start() - 25) : m.start()]
        tail = prose[m.end() : m.end() + 12]
        if AFTERWARDS.search(lead):
            continue  # "After that `tta_preds.argmax(1)` has length 40": afterwards, no place
        if placed and not (
            _BEFORE_LEAD.search(lead)
            or _AFTER_LEAD.search(lead)
            or _BEFORE_TAIL.search(tail)
            or _AFTER_TAIL.search(tail)
        ):
            continue
        try:
            start, _ = find_lines(lines, [quoted])
        except Refused:
            spots = _quoted_start(lines, quoted)
            call = re.fullmatch(r"([A-Za-z_][\w.]*)(?:\(\)|\(\.\.\.\))?\(?", quoted)
            if not spots and call is not None:
                # a call named by its callee ("just before `model.compile`"), made on one line
                name = re.escape(call.group(1))
                head = re.compile(rf"^\s*(?:[\w.,\s]+=\s*)?(?:[\w.]+\.)?{name}\(")
                spots = [k for k, line in enumerate(lines) if head.match(line)]
                if not spots and _PLACE_WORD.search(prose[max(0, m.start() - 40) : m.start()]):
                    # "right after the `callbacks` list is defined": the one line binding it
                    spots = _assigned_at(lines, call.group(1))
                if len(spots) > 1 and spots[-1] - spots[0] == len(spots) - 1:
                    # consecutive calls (``to_categorical`` of train, then test): before
                    # the run means before its first, after it after its last
                    after = _AFTER_TAIL.search(tail) or _AFTER_LEAD.search(lead)
                    spots = [spots[-1] if after else spots[0]]
            if not spots:  # "right after the `Dense(64)` layer": the one call it abbreviates
                spots = _abbreviated_call(lines, quoted)
            if len(spots) != 1:
                continue
            start = spots[0]
        lead = prose[max(0, m.start() - 40) : m.start()]
        if _BEFORE_TAIL.search(tail) or _AFTER_TAIL.search(tail):
            return start, bool(_BEFORE_TAIL.search(tail))
        return start, bool(_BEFORE_LEAD.search(lead)) and not _AFTER_LEAD.search(lead)
    return None


def _quoted_start(lines: list[str], quoted: str) -> list[int]:
    """Lines that start like a quote ending in ``...`` (``outputs = ...``,
    ``history = model.fit(...)``): the quote's text before the elision."""
    m = re.fullmatch(r"(.*?)(?:\(\.\.\.\)|\.\.\.|…)", quoted)
    if m is None or len(m.group(1).strip()) < 3:
        return []
    prefix = re.sub(r"\s+", " ", m.group(1).strip())
    return [
        k for k, line in enumerate(lines) if re.sub(r"\s+", " ", line.strip()).startswith(prefix)
    ]


def _abbreviated_call(lines: list[str], quoted: str) -> list[int]:
    """0-based lines of the script's calls that a shortened quote names: the same function
    (``Dense`` for ``layers.Dense``), its positional arguments first, its keywords among
    theirs (``Dense(64)`` for ``layers.Dense(64, activation="relu")``); one call a line."""
    try:
        want = ast.parse(quoted.strip(), mode="eval").body
        tree = ast.parse("\n".join(lines))
    except SyntaxError:
        return []
    if not isinstance(want, ast.Call):
        return []
    tail = callee_tail(want)
    args = [ast.dump(a) for a in want.args]
    keys = {(k.arg, ast.dump(k.value)) for k in want.keywords}
    out = []
    for n in ast.walk(tree):
        if not isinstance(n, ast.Call) or callee_tail(n) != tail:
            continue
        theirs = {(k.arg, ast.dump(k.value)) for k in n.keywords}
        if [ast.dump(a) for a in n.args[: len(args)]] == args and keys <= theirs:
            out.append(n.lineno - 1)
    return sorted(set(out))
