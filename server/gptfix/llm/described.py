"""The script's statements a place phrase describes in words: "the early-stopping
callback" (every word of it a word of a statement's target or callee), "training" / "after
compiling the model" (the statement that calls ``fit`` / ``compile``), and runs of them
(``train_ds = ...`` three times as a pipeline; a name's binding and the lines that read it).
"""

from __future__ import annotations

import ast
import re

from gptfix.llm.cells import cells
from gptfix.llm.code_anchor import by_code, targets_of
from gptfix.llm.stmts import COMPOUND, Stmt

_VERB_CALLS = {
    "train": "fit",
    "fit": "fit",
    "compil": "compile",
    "evaluat": "evaluate",
    "predict": "predict",
    "inferen": "predict",
    "auswertung": "evaluate",
    "evaluación": "evaluate",
    "vorhersage": "predict",
    "predicción": "predict",
    "prédiction": "predict",
    "训练": "fit",
    "编译": "compile",
    "评估": "evaluate",
    "预测": "predict",
}
_STOP = frozenset(
    "the your my a an line lines call statement definition code existing current one that this "
    "where you define defined create created of to for with object instance variable block "
    "part section which we i already have has got made there earlier above below".split()
)


def using_run(bodies: list[list[Stmt]], hit: tuple[int, Stmt], name: str) -> list[tuple[int, Stmt]]:
    """The statement binding ``name`` and the ones right after it that read it."""
    b, st = hit
    body = bodies[b]
    k = body.index(st)
    run = [hit]
    for nxt in body[k + 1 :]:
        if not any(isinstance(x, ast.Name) and x.id == name for x in ast.walk(nxt.node)):
            break
        run.append((b, nxt))
    return run


def one_run(
    found: list[tuple[int, Stmt]], bodies: list[list[Stmt]]
) -> list[tuple[int, Stmt]] | None:
    """Several statements of one body, one right after another (``train_ds = ...`` three
    times as a pipeline): the anchor is that run."""
    if len({b for b, _ in found}) != 1:
        return None
    b = found[0][0]
    starts = {st.start for _, st in found}
    idx = [k for k, st in enumerate(bodies[b]) if st.start in starts]
    if idx != list(range(idx[0], idx[-1] + 1)):
        return None
    return [(b, bodies[b][k]) for k in idx]


def by_words(phrase: str, bodies: list[list[Stmt]]) -> list[tuple[int, Stmt]]:
    """Statements a phrase describes: every word of it is a word of their target or callee
    ("early-stopping callback": ``early_stop = keras.callbacks.EarlyStopping(...)``)."""
    low = phrase.lower()
    for stem, method in _VERB_CALLS.items():
        if re.fullmatch(
            rf"(?:(?:the|your|my|del|el|la|le|les|der|dem|den|die|do|da) )?(?:you )?{stem}\w*(?: (?:the|your) model)?"
            rf"(?: (?:section|part|step|loop|code|cell|call|block|phase|run|stage))?"
            rf"|(?:模型)?{stem}(?:模型)?",
            low,
        ):
            return by_code(f"model.{method}", [], bodies) or by_code(method, [], bodies)
    # "BatchNormalization layer": the words of a class name, as a callee's are split
    split = re.findall(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])", phrase)
    words = [w for w in (x.lower() for x in split) if w not in _STOP and len(w) >= 3]
    if not words:
        return []
    out: list[tuple[int, Stmt]] = []
    for b, body in enumerate(bodies):
        for st in body:
            if isinstance(st.node, COMPOUND) or st.is_def or st.is_import:
                continue
            have = _stmt_words(st.node)
            if all(any(_same_word(w, t) for t in have) for w in words):
                out.append((b, st))
    return out


def _stmt_words(node: ast.stmt) -> set[str]:
    names = set(targets_of(node))
    for c in ast.walk(node):
        if isinstance(c, ast.Call):
            names.add(ast.unparse(c.func))
    out: set[str] = set()
    for name in names:
        for part in re.split(r"[._]", name):
            out.update(w.lower() for w in re.findall(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])", part))
    return out


def _same_word(w: str, t: str) -> bool:
    if w == t:
        return True
    short_, long_ = sorted((w, t), key=len)
    return len(short_) >= 4 and long_.startswith(short_)


_A_CELL = re.compile(r"(?i)\s+(?:cell|celda|c[ée]lula|cellule|Zelle|cella)$|\s*(?:单元格|セル|셀)$")


def described_cell(
    phrase: str, after: bool, lines: list[str], top: list[Stmt]
) -> tuple[int, int, bool] | None:
    """A notebook cell named by what its code does ("the TTA cell", "the submission
    cell"): the one cell whose top-level statements the words describe. Returns (0-based
    line to insert at, the anchoring statement's first line, after it): after the cell, the
    end of its last statement; before it, the end of the statement above the cell (else
    its own first statement)."""
    words = _A_CELL.split(phrase)[0] if _A_CELL.search(phrase) else None
    found = cells(lines)
    if not words or not found:
        return None
    said = [st for _, st in by_words(words, [top])]
    # the cell that makes the value the words name (``tta = ...``), before those reading it
    makers = [st for st in said if _makes(st, words)]
    hits = {c for c in found for st in makers or said if c[1] <= st.start < c[2]}
    if len(hits) != 1:
        return None
    (_, a, z) = hits.pop()
    inside = [st for st in top if a <= st.start < z]
    above = [st for st in top if st.end <= a]
    if not inside:
        return None
    if after:
        return inside[-1].end, inside[-1].start, True
    if above:
        return above[-1].end, above[-1].start, True
    return inside[0].start, inside[0].start, False


def _makes(st: Stmt, words: str) -> bool:
    """Whether a statement binds a name made of the words (``tta`` for "the TTA")."""
    want = [w.lower() for w in re.findall(r"[A-Za-z]+", words) if w.lower() not in _STOP]
    have = {p.lower() for t in targets_of(st.node) for p in re.split(r"[._]", t)}
    return bool(want) and all(any(_same_word(w, h) for h in have) for w in want)
