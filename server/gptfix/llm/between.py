"""What lies between two statements a merge has placed: comments and superseded code.

Bridges the script's lines and the merge (:mod:`gptfix.llm.merge`): the comment lines right
above a statement describe it, so new code inserted before the statement goes above them
(not above a notebook cell's marker or an elision marker); and script statements between two
placed ones that the answer's code supersedes (a chain value it makes anew, a statement it
writes further down, one the prose says it leaves out) are the ones to drop.
"""

from __future__ import annotations

import ast

from gptfix.llm.answer import is_elision
from gptfix.llm.cells import CELL_MARK
from gptfix.llm.left_out import said_left_out
from gptfix.llm.stmts import Stmt, assigned_names, indent_of, read_names


def comment_top(lines: list[str], start: int, floor: int) -> int:
    """The first of the comment lines right above line ``start`` (not above ``floor``, nor
    an elision marker's or a notebook cell's)."""
    while start - 1 > floor and lines[start - 1].strip().startswith("#"):
        if is_elision(lines[start - 1]) or CELL_MARK.match(lines[start - 1].strip()):
            break
        start -= 1
    return start


def indented_comments(lines: list[str], start: int, top: int) -> int:
    """Of the comment lines ``top``..``start`` above a statement, where the run indented as
    the statement begins (a comment further out belongs to the code around)."""
    indent = indent_of(lines[start])
    at = start
    while at > top and indent_of(lines[at - 1]) == indent:
        at -= 1
    return at


def superseded_between(
    script_lines: list[str],
    quotes: frozenset[str],
    body: list[Stmt],
    taken: set[int],
    new: list[Stmt],
    placed_i: int,
    i: int,
    cursor: int,
    k: int,
) -> list[tuple[int, str]]:
    """Script statements between two placed ones that continue a chain the answer
    rewrites: ``x1 = GlobalAveragePooling2D()(x1)`` between ``x1 = backbone(left)`` and a
    Concatenate, when new statements of the answer in between (no marker) read ``x1``
    straight from the backbone. They go; anything else between two anchors stays."""
    out: list[tuple[int, str]] = []
    if cursor < 0 or placed_i < 0:
        return out
    if i == placed_i + 1 and quotes:  # nothing of the answer's between the two
        between = range(cursor + 1, k)
        for j in said_left_out(script_lines, body, between, quotes):
            if j not in taken:
                out.append((j, "the answer leaves it out and its prose names it"))
    if i == placed_i + 1 and not any(m.marker for m in new):
        # a whole re-paste that writes ``mean = ...`` further down, not here: moved
        later = {m.key for m in new[i + 1 :] if not m.marker and m.key}
        again = {m.dump for m in new[i + 1 :] if not m.marker}
        script_keys = [st.key for st in body]
        script_dumps = [st.dump for st in body]
        for j in range(cursor + 1, k):
            st = body[j]
            if (
                (
                    st.key in later
                    and script_keys.count(st.key) == 1
                    and sum(m.key == st.key for m in new) == 1
                )
                or (
                    st.dump in again
                    and script_dumps.count(st.dump) == 1
                    and sum(m.dump == st.dump for m in new) == 1
                )
            ) and j not in taken:
                out.append((j, "the answer writes it further down"))
    run = [m for m in new[:i] if not m.marker]
    bound = {t for m in run for t in assigned_names(m.node)}
    inserted = [m for m in new[placed_i + 1 : i] if not m.marker]
    reads = {x for m in inserted for x in read_names(m.node)}
    # ``x = backbone(inputs)``: the answer makes the chain's value anew, from elsewhere
    restart = {t for m in inserted for t in assigned_names(m.node) if t not in read_names(m.node)}
    dumps = {m.dump for m in new}
    for j in range(cursor + 1, k):
        st = body[j]
        if j in taken or st.dump in dumps:
            continue
        targets = assigned_names(st.node)
        if (
            isinstance(st.node, ast.Assign)
            and targets
            and targets <= bound
            and ((targets <= read_names(st.node) and targets <= reads) or targets <= restart)
        ):
            out.append((j, "the answer's code replaces it"))
    return out
