"""Code that is not whole statements, applied line by line: ``loss="mse",``, list items.

Bridges an answer's fragment (lines of a bigger statement, items for a list) and the
script text: each line anchors on an equal script line, replaces the line that sets the
same thing (``loss=``, ``x =``, a call head) or is inserted after the line before it;
items for a list the prose names go at its end.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable

from gptfix.errors import Refused
from gptfix.llm.arguments import (
    keyword_items,
    keywords_of_one_call,
    keywords_outside_call,
    open_lines_of,
)
from gptfix.llm.block_text import bracket_depth, literals_out
from gptfix.llm.blocks import introducing
from gptfix.llm.dict_entry import add_dict_entries
from gptfix.llm.keymatch import unlike_steps
from gptfix.llm.list_item import (
    add_list_item,
    list_items,
    named_list,
    said_list,
    said_row,
    scoped_list,
)
from gptfix.llm.occurrence import every_before_call, said_calls, same_kind_entry
from gptfix.llm.patches import (
    TextEdit,
    callee_tail,
    indent_of_line,
    short,
)
from gptfix.llm.placewords import BELOW_PREVIOUS
from gptfix.llm.prose_anchor import prose_anchor
from gptfix.llm.roles import adds_code
from gptfix.llm.scoped import named_function_lines

_LINE_KEY = re.compile(r"^\s*([A-Za-z_][\w.]*(?:\[[^\]]*\])?)\s*(=(?!=)|\()")
#: an entry of a dict written out (``"lr": 1e-3,``) by its key
_DICT_KEY = re.compile(r"""^\s*(["'])([^"'\n]{1,60})\1\s*:""")
#: a loop header by its target, a function header by its name
_HEADER_KEY = re.compile(r"^\s*(?:async\s+)?(for\s+.+?\s+in\s|def\s+\w+\s*\()")


def _line_key(line: str) -> str | None:
    """What a code line sets: ``loss=`` / ``x =`` (a keyword or a target), a call head, a
    dict entry's key, the target of a ``for`` header or the name of a ``def`` header."""
    h = _HEADER_KEY.match(line)
    if h:
        return re.sub(r"\s+", "", h.group(1))
    d = _DICT_KEY.match(line)
    if d:
        return f'"{d.group(2)}":'
    m = _LINE_KEY.match(line)
    return f"{m.group(1)}{m.group(2)}" if m else None


def _norm_line(line: str) -> str:
    return re.sub(r"\s+", " ", line.strip()).replace("'", '"')


def _closing_only(line: str) -> bool:
    return bool(re.fullmatch(r"[\s)\]},:]*", line))


def _extended(normed: list[str], line: str) -> list[int]:
    """The one script line this line extends with more items (``x, y, epochs=2`` re-pasted
    as ``x, y, epochs=2, callbacks=[cb]``): it replaces that line."""
    spots = [
        j
        for j, x in enumerate(normed)
        if len(x) >= 16 and line != x and line.startswith(x.rstrip(",") + ",")
    ]
    return spots if len(spots) == 1 else []


def _moved(lines: list[str], line: str) -> list[int]:
    """The one script line that makes this line's call with the same arguments through
    another module path (``keras.layers.experimental.preprocessing.Rescaling(1 / 255),``
    re-pasted as ``keras.layers.Rescaling(1 / 255),``): it replaces that line."""
    mine = _call_of(line)
    if mine is None:
        return []
    args = ast.dump(ast.Tuple(elts=mine.args)), [ast.dump(k) for k in mine.keywords]
    spots = [
        j
        for j, x in enumerate(lines)
        if (theirs := _call_of(x)) is not None
        and callee_tail(theirs) == callee_tail(mine)
        and ast.unparse(theirs.func) != ast.unparse(mine.func)
        and (ast.dump(ast.Tuple(elts=theirs.args)), [ast.dump(k) for k in theirs.keywords]) == args
    ]
    return spots if len(spots) == 1 else []


def _call_of(line: str) -> ast.Call | None:
    """The call a fragment line is (``layers.Dense(10, activation="softmax"),``), or None."""
    src = line.strip().rstrip(",")
    if "=" in src.split("(", 1)[0]:
        src = src.split("=", 1)[1]
    try:
        node = ast.parse(src.strip(), mode="eval").body
    except SyntaxError:
        return None
    return node if isinstance(node, ast.Call) else None


def _shared_arguments(a: ast.Call, b: ast.Call) -> int:
    """How many arguments two calls pass equally (positional by place, keywords by name)."""
    same = sum(ast.dump(x) == ast.dump(y) for x, y in zip(a.args, b.args, strict=False))
    kb = {k.arg: ast.dump(k.value) for k in b.keywords if k.arg}
    return same + sum(1 for k in a.keywords if k.arg and kb.get(k.arg) == ast.dump(k.value))


def closest_call(line: str, cands: list[int], lines: list[str]) -> int | None:
    """Of several script lines making the same call as ``line``, the one passing the most
    of its arguments equally (``Dense(N_CLASSES, activation="softmax", dtype=...)`` is the
    output layer, not ``Dense(64, activation="relu")``); None on a tie."""
    mine = _call_of(line)
    if mine is None:
        return None
    scored = []
    for j in cands:
        theirs = _call_of(lines[j])
        scored.append((_shared_arguments(mine, theirs) if theirs is not None else -1, j))
    scored.sort(reverse=True)
    if scored[0][0] > 0 and (len(scored) < 2 or scored[0][0] > scored[1][0]):
        return scored[0][1]
    return None


def _consecutive_run(
    kind: list[str], cands: list[list[int]], pos: list[int | None], lines: list[str]
) -> None:
    """Lines that each match several script lines but, in order, match one run of
    consecutive script lines only (``Dense(64)``, new ``Dropout``, ``Dense(64)`` for a
    script with two ``Dense(64)`` in a row): placed on that run."""
    anchors = [i for i, k in enumerate(kind) if k == "anchor"]
    if len(anchors) < 2 or all(pos[i] is not None for i in anchors):
        return
    code = [j for j, x in enumerate(lines) if x.strip()]  # blank lines do not break a run
    at = {j: n for n, j in enumerate(code)}
    runs = []
    for start in cands[anchors[0]]:
        if start not in at:
            continue
        spots = [
            code[at[start] + t] if at[start] + t < len(code) else -1 for t in range(len(anchors))
        ]
        if all(s in cands[i] for s, i in zip(spots, anchors, strict=True)):
            runs.append(spots)
    if len(runs) == 1:
        for s, i in zip(runs[0], anchors, strict=True):
            pos[i] = s


def _new_first_line(line: str, olds: list[str]) -> bool:
    """``model.compile(optimizer=AdamW(...),`` for the script's one
    ``model.compile(optimizer=Adam(...),``: the first line of a call the script also writes
    over several lines, with other arguments on it; it replaces that line (the lines after
    it stay). A bare opening line (``model = keras.Sequential([``) only anchors."""
    if len(olds) != 1 or bracket_depth(olds[0]) <= 0 or re.search(r"[(\[{]\s*$", line):
        return False
    return _norm_line(line) != _norm_line(olds[0])


def _another_step(new: str, old: str) -> bool:
    """Two one-line statements that transform the same value by different kinds of step."""
    try:
        a, b = ast.parse(old.strip()).body, ast.parse(new.strip()).body
    except SyntaxError:
        return False
    return len(a) == len(b) == 1 and unlike_steps(a[0], b[0])


def _alike(line: str, others: list[str]) -> bool:
    """Whether ``line`` is each of ``others`` with other literal values only."""

    def shape(x: str) -> str | None:
        try:
            return literals_out(ast.parse(x.strip().rstrip(","), mode="eval"))
        except SyntaxError:
            return None

    mine = shape(line)
    return mine is not None and all(shape(o) == mine for o in others)


def apply_fragment(
    text: str,
    fragment: str,
    is_elision: Callable[[str], bool],
    prose: str = "",
    follows: int = -1,
) -> tuple[str, list[TextEdit]]:
    """Apply code that is not whole statements (``loss="mse",``, list items) line by line.

    A line equal to one script line anchors (equal to several: the one between its
    neighbours); a line that sets the same thing as a script line (``loss=``, ``x =``,
    a call head) replaces it, keeping its indentation; an opening line
    (``model = keras.Sequential([``) only anchors; closing brackets and elision markers
    are skipped; other lines are inserted after the line before them. Lines with no anchor
    at all go where the prose puts them; "right after that layer" is after ``follows``, the
    line where the step before this one ended its change.
    """
    lines = text.split("\n")
    if not any(
        _norm_line(x) in {_norm_line(y) for y in lines} for x in fragment.split("\n") if x.strip()
    ):
        item = add_list_item(text, fragment, prose)  # one item over several lines
        if item is not None:
            return item
    normed = [_norm_line(x) for x in lines]
    want = [x for x in fragment.split("\n") if x.strip()]
    kind: list[str] = []
    cands: list[list[int]] = []
    for line in want:
        s = line.strip()
        if is_elision(line) or _closing_only(s) or s.startswith("#"):
            kind.append("skip")
            cands.append([])
            continue
        same = [j for j, x in enumerate(normed) if x == _norm_line(s)]
        if same:
            kind.append("anchor")
            cands.append(same)
            continue
        key = _line_key(s)
        keyed = [j for j, x in enumerate(lines) if key and _line_key(x) == key]
        if keyed and s.endswith(",") and keyword_items([s]) is not None:
            # ``class_weight=class_weight,`` is an argument: never the statement that makes it
            keyed = [j for j in keyed if j in open_lines_of(text)]
        if not keyed:
            keyed = _extended(normed, _norm_line(s)) or _moved(lines, s)
        if keyed and all(_another_step(s, lines[j]) for j in keyed):
            keyed = []  # ``X = np.expand_dims(X, -1)`` beside ``X = (X - mu) / sd``: a new step
        opener = (
            keyed and bracket_depth(s) > 0 and not _new_first_line(s, [lines[j] for j in keyed])
        )
        kind.append("anchor" if opener else "replace" if keyed else "new")
        cands.append(keyed)
    if kind == ["replace"] and adds_code(prose) and _alike(want[0], [lines[j] for j in cands[0]]):
        # "after `Dense(16),` add another one:" a line like one the script has (other
        # values only), added where the prose puts it, not written over the one it is like
        hint = prose_anchor(lines, prose)
        if hint is not None and hint[0] not in cands[0]:
            kind = ["new"]
    pos: list[int | None] = [c[0] if len(c) == 1 else None for c in cands]
    if all(k in ("new", "skip") for k in kind):
        items = [x.strip() for x, k in zip(want, kind, strict=True) if k == "new"]
        entries = add_dict_entries(text, items, prose)  # ``"noise_std": 0.02,`` in `CFG`
        if entries is not None:
            return entries
        into = named_list(lines, prose) if all(x.endswith(",") for x in items) else None
        if into is None and list_items(items):
            into = scoped_list(lines, prose, items) or said_list(text, prose)
        if into is not None:
            close, indent, name = into
            said = said_row(text, close, prose)
            where = "at the end of"
            if said is not None:
                close, where = said[0], f"{said[1]} in"
            if lines[close - 1].strip() and not lines[close - 1].rstrip().endswith((",", "[")):
                lines[close - 1] = lines[close - 1].rstrip() + ","
            grown = lines[:close] + [indent + x for x in items] + lines[close:]
            named = (
                f"the list {name}"  # "at line 23": a list with no name
                if name.startswith("at line")
                else f"the list `{name}`"
                if name
                else f"the list ending at line {close + 1}"
            )
            summary = f"added {len(items)} item(s) {where} {named}"
            return "\n".join(grown), [TextEdit("insert_line", close + 1, close, summary)]
        hint = prose_anchor(lines, prose)
        if hint is None and 0 <= follows < len(lines) and BELOW_PREVIOUS.search(introducing(prose)):
            hint = (follows, False)  # "justo después de esa capa": the line the step before changed
        if hint is not None:
            spot, put_before = hint
            added = [
                indent_of_line(lines[spot]) + x.strip()
                for x, k in zip(want, kind, strict=True)
                if k == "new"
            ]
            cut = spot if put_before else spot + 1
            if cut not in open_lines_of(text):  # between statements: not an argument line
                return keywords_outside_call(text, spot, added, prose)
            summary = f"inserted {len(added)} line(s) at line {cut + 1}"
            return "\n".join(lines[:cut] + added + lines[cut:]), [
                TextEdit("insert_line", cut + 1, cut, summary)
            ]
        if hint is None:  # ``epochs=20,`` alone: the one call that passes ``epochs=``
            news = [x.strip() for x, k in zip(want, kind, strict=True) if k == "new"]
            given = keywords_of_one_call(text, news, prose)
            if given is not None:
                return given
    for _ in range(len(want)):  # narrow ambiguous lines by their resolved neighbours
        changed = False
        for i, c in enumerate(cands):
            if pos[i] is not None or len(c) < 2:
                continue
            before = [k for k in range(i) if pos[k] is not None]
            after = [k for k in range(i + 1, len(want)) if pos[k] is not None]
            lo = pos[before[-1]] if before else -1
            hi = pos[after[0]] if after else len(lines)
            assert lo is not None and hi is not None
            inside = [j for j in c if lo < j < hi]
            if len(inside) == 1 or (inside and (before or after)):
                # stick to the neighbour not separated from this line by an elision
                cut_before = not before or any(is_elision(want[k]) for k in range(before[-1], i))
                cut_after = not after or any(is_elision(want[k]) for k in range(i, after[0]))
                use_next = cut_before and not cut_after
                pos[i] = max(inside) if use_next else min(inside)
                changed = True
        if not changed:
            break
    _consecutive_run(kind, cands, pos, lines)
    every: list[int] = []  # more lines the one line of the fragment replaces
    for i, c in enumerate(cands):
        if pos[i] is None and len(c) > 1 and kind[i] == "replace":
            chosen = said_calls(text, c, prose) if sum(k != "skip" for k in kind) == 1 else None
            if chosen is not None and len(chosen) > 1 and every_before_call(prose, text, c[0]):
                pos[i], every = chosen[0], chosen[1:]  # "и в **обоих** `compile`": each one
                continue
            pos[i] = closest_call(want[i], c, lines)
            if pos[i] is None:  # ``"out":`` in the loss dict, not in the metrics dict
                pos[i] = same_kind_entry(want[i], c, lines)
    in_def = named_function_lines(text, introducing(prose)) if prose else None
    for i, c in enumerate(cands):
        inside = [j for j in c if in_def is not None and in_def[0] <= j <= in_def[1]]
        if pos[i] is None and len(c) > 1 and len(inside) == 1:
            pos[i] = inside[0]  # "In `ScaledEmbedding.call`, change the return to:"
        if pos[i] is None and len(c) > 1:
            chosen = said_calls(text, c, prose) if kind[i] == "replace" else None
            if chosen is not None and len(chosen) == 1:
                pos[i] = chosen[0]  # "in the second `compile`"
            elif chosen is not None and sum(k != "skip" for k in kind) == 1:
                pos[i] = chosen[0]  # "in both `compile` calls": the others below
                every = chosen[1:]
            else:
                where = " and ".join(str(j + 1) for j in c[:4])
                raise Refused(f"ambiguous anchor: `{short(want[i])}` matches lines {where}")
    ops: dict[int, str] = {}
    inserts: dict[int, list[str]] = {}
    open_lines = open_lines_of(text)
    edits: list[TextEdit] = []
    for i, line in enumerate(want):
        at = pos[i]
        if kind[i] == "replace" and at is not None:
            for row in [at, *every]:
                ops[row] = indent_of_line(lines[row]) + line.strip()
                edits.append(TextEdit("replace_line", row + 1, row + 1, f"replaced line {row + 1}"))
        elif kind[i] == "new":
            prev = next((p for p in reversed(pos[:i]) if p is not None), None)
            nxt = next((p for p in pos[i + 1 :] if p is not None), None)
            if prev is None and nxt is None:
                raise Refused(
                    f"no anchor for `{short(line)}`: no line of the answer matches the script"
                )
            if prev is not None:
                ref = (
                    lines[prev + 1]
                    if bracket_depth(lines[prev]) > 0 and prev + 1 < len(lines)
                    else lines[prev]
                )
                at_line = prev + 1
            else:
                assert nxt is not None
                ref, at_line = lines[nxt], nxt
            if at_line not in open_lines and keyword_items([line.strip()]) is not None:
                raise Refused(f"`{short(line)}` is part of a call, but its place is not inside one")
            inserts.setdefault(at_line, []).append(indent_of_line(ref) + line.strip())
            edits.append(TextEdit("insert_line", at_line + 1, at_line, f"inserted `{short(line)}`"))
    ops = {k: v for k, v in ops.items() if v != lines[k]}
    if not ops and not inserts:
        return text, []  # only lines already in the script (a "before" quote)
    out: list[str] = []
    for i, line in enumerate(lines):
        out.extend(inserts.get(i, []))
        out.append(ops.get(i, line))
    out.extend(inserts.get(len(lines), []))
    return "\n".join(out), edits
