"""An elision marker inside a re-pasted list: ``keras.Sequential([...new layer...,
# ... rest of the layers unchanged ...])``.

Bridges a statement whose list the answer shows in part and the script's statement it
replaces: the answer's items are matched to the script's in order (same code), and the
marker stands for the script's items between the matched ones around it, which are put
back in its place, each as the script writes it. The answer's own items stay where it
puts them; one that makes the same call as the one script item it stands beside
(``Input(shape=(24, 1))`` for ``Input(shape=(24,))``) replaces that item. None when the lists cannot be lined up (items sharing a line, no list in the
script's statement): the caller refuses, as before.
"""

from __future__ import annotations

import ast
import re

from gptfix.llm.stmts import SENTINEL, Stmt


def _elided_list(node: ast.AST) -> ast.List | None:
    """The one list of ``node`` that has an elision marker among its items."""
    found = [
        n
        for n in ast.walk(node)
        if isinstance(n, ast.List)
        and any(isinstance(e, ast.Name) and e.id == SENTINEL for e in n.elts)
    ]
    return found[0] if len(found) == 1 else None


def _holder(node: ast.AST, lst: ast.List) -> str | None:
    """The call the list is given to (``keras.Sequential``), if any."""
    for n in ast.walk(node):
        if isinstance(n, ast.Call) and any(a is lst for a in n.args):
            return ast.unparse(n.func)
    return None


def _script_list(node: ast.AST, holder: str | None) -> ast.List | None:
    lists = [n for n in ast.walk(node) if isinstance(n, ast.List) and n.elts]
    if holder is not None:
        given = [lst for lst in lists if _holder(node, lst) == holder]
        if len(given) == 1:
            return given[0]
    return lists[0] if len(lists) == 1 else None


def _own_lines(elts: list[ast.expr]) -> bool:
    """Every item starts on a line of its own and ends before the next one starts."""
    return all(
        a.end_lineno is not None and a.end_lineno < b.lineno
        for a, b in zip(elts, elts[1:], strict=False)
    )


def _callee(e: ast.expr) -> str | None:
    return ast.unparse(e.func) if isinstance(e, ast.Call) else None


def _akin(theirs: str | None, mine: str) -> bool:
    """The same call, or a sibling of it (``GlobalMaxPooling1D`` for
    ``GlobalAveragePooling1D``: the same module path and the same last word)."""
    if theirs is None:
        return False
    if theirs == mine:
        return True
    a, b = theirs.rsplit(".", 1), mine.rsplit(".", 1)
    if len(a) != len(b) or (len(a) == 2 and a[0] != b[0]):
        return False
    words = [re.findall(r"[A-Z][a-z]+|\d+[A-Z]*", x[-1]) for x in (a, b)]
    return len(words[0]) > 1 and words[0][0] == words[1][0] and words[0][-2:] == words[1][-2:]


def _match_variants(
    mine: list[ast.expr], theirs: list[ast.expr], matched: list[int | None]
) -> None:
    """An item of the answer matched to nothing is a new version of the one script item
    between its matched neighbours that makes the same call (``Input(shape=(24, 1))`` for
    ``Input(shape=(24,))``): that item is the one it replaces, not one the marker keeps."""
    for i, e in enumerate(mine):
        call = _callee(e)
        if matched[i] is not None or call is None:
            continue
        before = [k for k in matched[:i] if k is not None]
        after = [k for k in matched[i + 1 :] if k is not None]
        lo, hi = (before[-1] + 1 if before else 0), (after[0] if after else len(theirs))
        if lo < hi and lo not in matched and _akin(_callee(theirs[lo]), call):
            # the script's next item, making the same call or its sibling: the answer's new
            # version of it (``GlobalMaxPooling1D`` right after the matched ``Conv1D``)
            # (``Conv2D(64, 3, kernel_regularizer=...)`` right after the matched pooling,
            # the second of two changed ``Conv2D`` layers)
            matched[i] = lo
            continue
        same = [j for j in range(lo, hi) if j not in matched and _callee(theirs[j]) == call]
        if len(same) == 1 and not any(
            _callee(x) == call for k, x in enumerate(mine) if k != i and matched[k] is None
        ):
            matched[i] = same[0]


def expand_list_elision(
    script_lines: list[str], old: Stmt, block_lines: list[str], new: Stmt
) -> list[str] | None:
    """The block's lines of ``new`` with its list's marker replaced by the script's items
    it stands for, or None. Lines keep the block's indentation (the caller re-indents)."""
    lst = _elided_list(new.node)
    if lst is None:
        return None
    theirs = _script_list(old.node, _holder(new.node, lst))
    if theirs is None or not _own_lines(lst.elts) or not _own_lines(theirs.elts):
        return None
    dumps = [ast.dump(e) for e in theirs.elts]
    matched: list[int | None] = []
    cursor = 0
    for e in lst.elts:
        if isinstance(e, ast.Name) and e.id == SENTINEL:
            matched.append(None)
            continue
        k = next((j for j in range(cursor, len(dumps)) if dumps[j] == ast.dump(e)), None)
        matched.append(k)
        if k is not None:
            cursor = k + 1
    _match_variants(lst.elts, theirs.elts, matched)
    if not any(k is not None for k in matched) and len(lst.elts) > 1:
        return None  # nothing lines the two lists up: the marker's items are unknown
    # (a list that is only the marker, ``Sequential([...])``, stands for all the script's)
    out = list(block_lines[new.start : new.end])
    # markers from the last, so earlier line numbers stay right
    for i in reversed(range(len(lst.elts))):
        e = lst.elts[i]
        if not (isinstance(e, ast.Name) and e.id == SENTINEL):
            continue
        before = [k for k in matched[:i] if k is not None]
        after = [k for k in matched[i + 1 :] if k is not None]
        lo, hi = (before[-1] + 1 if before else 0), (after[0] if after else len(dumps))
        gap = [j for j in range(lo, hi) if j not in matched]
        row = e.lineno - 1 - new.start
        marker = out[row]
        indent = marker[: len(marker) - len(marker.lstrip())]
        kept: list[str] = []
        for j in gap:
            item = theirs.elts[j]
            chunk = script_lines[item.lineno - 1 : item.end_lineno]
            base = len(chunk[0]) - len(chunk[0].lstrip())
            chunk = [indent + x[base:] if x[:base].strip() == "" else x for x in chunk]
            if not chunk[-1].rstrip().endswith(","):
                chunk[-1] = chunk[-1].rstrip() + ","
            kept += chunk
        out[row : row + 1] = kept
    return out
