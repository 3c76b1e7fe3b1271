"""Names the answer's prose asks to rename everywhere: "rename `X_tr` to `x_train`".

Bridges the prose ("rename `A` to `B`", "Rinomina `A` in `B` ovunque (anche `y_tr` →
`y_train`)", "переименуйте `A` в `B`") and the script: each pair whose old name the script
binds and whose new name it does not have yet is renamed in the whole script (plain names,
never attributes) before the answer's blocks are applied, so a block written with the new
names anchors, and the names reconciliation never maps them back.
"""

from __future__ import annotations

import ast
import re

from gptfix.llm.renames import rename_names

_IDENT = r"`([A-Za-z_]\w*)`"
_RENAME = re.compile(
    r"(?i)\b(?:rename|renombra|rinomina|renomme[zr]?|benenne|umbenennen|переименуйте|"
    r"переименуй|đổi tên|ganti nama|zmień nazwę|hernoem|renomeie)\b"
)
#: "you could rename ...", "optionally rename ...": a suggestion, not a change to make
_MAYBE = re.compile(
    r"(?i)\b(?:might|could|may|optionally|consider|feel free|if you (?:want|like|prefer))\b|"
    r"\b(?:don'?t|do not|never)\s+rename\b"
)
#: one pair after the verb: "`A` to `B`", "`A` in `B`", "`A` → `B`"
_PAIR = re.compile(
    rf"{_IDENT}\s*(?:to|into|as|in|en|a|zu|um in|в|thành|menjadi|na|naar|para|->|→|=>)\s*{_IDENT}"
)


def prose_renames(prose: str) -> list[tuple[str, str]]:
    """(old, new) pairs of the sentences that ask for a rename."""
    out: list[tuple[str, str]] = []
    for sentence in re.split(r"(?<=[.!?。:：])\s+|\n\s*\n", prose):
        m = _RENAME.search(sentence)
        if m is None or _MAYBE.search(sentence):
            continue
        for a, b in _PAIR.findall(sentence[m.end() :]):
            if a != b and (a, b) not in out:
                out.append((a, b))
    return out


def rename_in_script(text: str, pairs: list[tuple[str, str]]) -> tuple[str, list[tuple[str, str]]]:
    """``text`` with each pair renamed whose old name it binds and new name it lacks."""
    try:
        tree = ast.parse(text)
    except SyntaxError:
        return text, []
    bound = {
        n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)
    }
    used = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
    done = [(a, b) for a, b in pairs if a in bound and b not in used]
    if not done:
        return text, []
    return rename_names(text, dict(done)), done
