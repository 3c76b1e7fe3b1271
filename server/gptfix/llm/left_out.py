"""Script statements a re-pasted run leaves out on purpose: the prose names them.

Bridges the answer's words and the statement merge (:mod:`gptfix.llm.merge`): a slice that
re-pastes a run of the script's statements with one left out between two lines it keeps
(``x = augment(inputs)`` then ``x = base_model(x)``, without the ``Rescaling`` between
them) removes that statement only when the prose quotes it ("remove
`Rescaling(1.0 / 127.5, offset=-1)`", in any language); a statement left out that the
prose does not name is kept, as answers shorten what they do not change.
"""

from __future__ import annotations

import re

from gptfix.llm.stmts import Stmt

_QUOTE = re.compile(r"`([^`\n]{6,})`")


def _plain(code: str) -> str:
    """Code without spaces, whole floats written as integers (``1.0 / 127.5`` as
    ``1/127.5``), so a quote matches however the script spells its numbers."""
    return re.sub(r"\b(\d+)\.0\b", r"\1", re.sub(r"\s+", "", code))


#: a line (a sentence, a table row) that keeps what it quotes: "| `--epochs` | 1 | 1 | keep |"
_KEEPS = re.compile(
    r"(?i)\b(?:keep|kept|unchanged|stays?|as it is|as is|leave it)\b|behalten|bleibt|garde[zr]?|"
    r"mant[eé]n|inchangé|保持|不变|不用改|そのまま|変更なし|그대로|유지"
)


def prose_quotes(prose: str) -> frozenset[str]:
    """The inline-code spans of the prose, plain (six characters or more), but for those on
    a line that says to keep what it quotes."""
    return frozenset(
        _plain(m.group(1))
        for line in prose.split("\n")
        if not _KEEPS.search(line)
        for m in _QUOTE.finditer(line)
    )


def said_left_out(
    script_lines: list[str], body: list[Stmt], between: range, quotes: frozenset[str]
) -> list[int]:
    """Indices (in ``between``) of the body's statements that the quotes name."""
    out = []
    for j in between:
        st = body[j]
        text = _plain("\n".join(script_lines[st.start : st.end]))
        if any(q in text for q in quotes):
            out.append(j)
    return out
