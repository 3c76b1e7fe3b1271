"""A block whose code contradicts the sentence that introduces it: "Lower the default
learning rate to `1e-4`:" over ``default=1e-2`` (a tenfold increase), "you should
**increase** the batch size instead:" over ``batch_size=8`` for 32.

Bridges the numbers a block changes in the script (old and new value, from the script
before and after the block) and what the sentence right before it says of them: a value
("to `1e-4`") or a direction (a verb that raises or lowers). An answer that says one thing
and writes the other is refused rather than applied either way.
"""

from __future__ import annotations

import difflib
import io
import re
import tokenize

#: the value a sentence sets: "to `1e-4`", "auf 4", "a 0.3", "到 16"
_TO_VALUE = re.compile(
    r"(?i)\b(?:set|change|lower|raise|increase|decrease|reduce|bump|drop|cut|make|"
    r"setze|senke|erh[öo]he|baja|sube|aumenta|reduce|cambia|baisse[zr]?|augmente[zr]?|r[ée]dui(?:s|sez))"
    r"\b[^.:\n]{0,60}?\s(?:to|auf|a|à|para|на)\s+\**`?(-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)`?"
)
_UP = re.compile(
    r"(?i)\b(?:increase|raise|bump(?:\s+up)?|double|erh[öo]he|aumenta|sube|augmente[zr]?|aumente)\b"
)
_DOWN = re.compile(
    r"(?i)\b(?:lower|decrease|reduce|halve|cut|senke|verringere|reduziere|baja|reduce|"
    r"disminuye|baisse[zr]?|diminue[zr]?|r[ée]dui(?:s|sez)|diminua|reduza)\b"
)


def _numbers(lines: list[str]) -> list[float] | None:
    out: list[float] = []
    try:
        for tok in tokenize.generate_tokens(io.StringIO("\n".join(lines) + "\n").readline):
            if tok.type == tokenize.NUMBER:
                out.append(float(tok.string.replace("_", "").rstrip("jJ")))
    except (tokenize.TokenError, IndentationError, SyntaxError, ValueError):
        return None
    return out


def _changed(old: str, new: str) -> list[tuple[float, float]]:
    """(old, new) of each number the edit rewrote in place (lines replaced one for one with
    as many numbers on both sides)."""
    a, b = old.split("\n"), new.split("\n")
    out: list[tuple[float, float]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op != "replace":
            continue
        was, now = _numbers(a[i1:i2]), _numbers(b[j1:j2])
        if was is None or now is None or len(was) != len(now):
            continue
        out.extend((x, y) for x, y in zip(was, now, strict=True) if x != y)
    return out


def _same(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-9 * max(abs(a), abs(b), 1.0)


def contradiction(intro: str, old: str, new: str) -> str | None:
    """Why the block that turned ``old`` into ``new`` contradicts ``intro`` (the sentence
    right before it), or None."""
    last = intro.strip().split("\n\n")[-1] if intro.strip() else ""
    changes = _changed(old, new)
    if not last or not changes:
        return None
    said = [float(m.group(1)) for m in _TO_VALUE.finditer(last)]
    if said and not any(_same(y, v) for _, y in changes for v in said):
        return (
            f"the answer says to set it to {said[0]:g}, but its code writes "
            f"{changes[0][1]:g} (was {changes[0][0]:g})"
        )
    up, down = bool(_UP.search(last)), bool(_DOWN.search(last))
    if up != down:
        against = [(x, y) for x, y in changes if (y < x if up else y > x)]
        if len(against) == len(changes):
            x, y = changes[0]
            return (
                f"the answer says to {'increase' if up else 'lower'} it, but its code "
                f"{'lowers' if up else 'raises'} {x:g} to {y:g}"
            )
    return None
