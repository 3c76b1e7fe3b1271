"""Where the prose says new code goes: "add this after `val_dataset = ...`", "right after the
imports", "right after your early-stopping callback", "放在 `model.fit` 之前", "`x` の後に".

Bridges an answer's words and the script's statements for code that has no line of
context to anchor it. A cue is a relation (after / before) and an anchor: quoted code
(a line, ``name = ...``, a call head such as ``model.fit``, a bare name) or a described
statement (the imports, "your early-stopping callback", training / compiling). Anchors
resolve against the script's statements by text, by the name a statement binds, by the
call it makes, or by the words of its target and callee (``early_stop =
keras.callbacks.EarlyStopping(...)`` is the "early-stopping callback"). Several cues
must agree ("before `model.fit`, e.g. right after `val_dataset = ...`" takes the more
precise one); an anchor that matches several statements is refused, never guessed.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass

from gptfix.index import build_index
from gptfix.llm.blocks import Block, introducing
from gptfix.llm.cells import CELL_MARK, cells
from gptfix.llm.code_anchor import by_code
from gptfix.llm.constants import last_constant
from gptfix.llm.described import by_words, described_cell, one_run, using_run
from gptfix.llm.patches import Refused, short
from gptfix.llm.placewords import (
    AFTER_IMPORTS,
    AFTER_WORDS,
    AFTERWARDS,
    AND_QUOTE,
    BEFORE_POST,
    BEFORE_WORDS,
    BETWEEN,
    CELL_END,
    CLASS_IN,
    CONSTANTS,
    DESCRIBED_CJK,
    DESCRIBED_DE,
    DESCRIBED_EN,
    END,
    FIRST,
    FUNCTION_END,
    FUNCTION_TOP,
    LAST,
    NAMED_CELL_END,
    ORDINAL,
    QUOTED_CJK,
    QUOTED_EN,
    QUOTED_POST,
    THE_FOLLOWING,
    TOP,
    nth,
)
from gptfix.llm.scoped import named_function_lines
from gptfix.llm.stmts import Stmt, all_bodies

_IMPORTS = re.compile(r"(?i)\bimports?\b|\bimport (?:lines|statements|block|section)\b|导入|import")
_END_ANCHOR = "the end of the script"
_CONSTANTS = "the script's constants"
_FN_END = "the end of the function "
_FN_TOP = "the start of the function "
_CLASS_END = "the end of the class "
_CELL_END_ANCHOR = "the end of the cell "
_NAMED_CELL_END = "the end of the cell that defines "


#: "the line that creates `X`": the statement that first binds it, not a later rebinding
_CREATES = re.compile(
    r"(?i)\b(?:creates?|defines?|makes?|builds?|generates?|crea|erzeugt|définit|cria)\s+`?$"
)


@dataclass
class Cue:
    """One placement the prose states."""

    after: bool  #: after the anchor (else before it)
    anchor: str  #: the quoted code or the described phrase
    quoted: bool  #: the anchor is quoted code
    which: str = ""  #: "first" or "last" when the prose says which of several matches
    #: the function a described place is said to be in ("the first Dense layer in
    #: `build_model`"): only its statements
    scope: str = ""


def cues(prose: str) -> list[Cue]:
    """Placement cues in ``prose``, in the order written."""
    found: list[tuple[int, Cue]] = []
    for m in QUOTED_EN.finditer(prose):
        if (
            prose[: m.start()].rstrip().endswith("(")
            and prose[m.end() :].lstrip().startswith(")")
            and not prose[m.end("rel") : m.start("code") - 1].strip()
            and re.fullmatch(r"[A-Za-z_][\w.]*", m["code"].strip())
        ):
            # "(nach `val_auc`)": by that value, an aside, not a place ("(after
            # `os.makedirs(...)`)" quotes a statement: a place)
            continue
        if AFTERWARDS.search(prose[: m.start("code") - 1]):
            continue  # "After that `tta_preds.argmax(1)` has length 40": afterwards, no place
        if m["rel"].lower() in ("following", "sau") and THE_FOLLOWING.search(prose[: m.start()]):
            continue  # "add the following to `main()`", "thêm dòng sau vào": "the next one"
        said = prose[m.start() : m.start("code")]
        which = "last" if LAST.search(said) else "first" if FIRST.search(said) else ""
        if (
            not which
            and (pos := re.search(rf"(?i)(?<!\w){ORDINAL}", said))
            and nth(pos.group(0)) > 1
        ):
            which = str(nth(pos.group(0)))  # "right after the second shared `Dense`"
        if not which and _CREATES.search(said):
            which = "first"  # "right after the line that creates `masks`": its first binding
        if _LINES_AFTER.match(prose, m.end()) and re.fullmatch(r"[A-Za-z_]\w*", m["code"].strip()):
            which = "lines"  # "below the `val_pred` lines": the binding and the lines using it
        after = _is_after(m["rel"])
        found.append((m.start(), Cue(after, m["code"].strip(), True, which)))
        more = AND_QUOTE.match(prose, m.end())
        if more is not None:  # "after `X` and `y`": the later of the two places wins
            found.append((m.start() + 1, Cue(after, more.group(1).strip(), True)))
    for m in QUOTED_CJK.finditer(prose):
        found.append((m.start(), Cue(_is_after(m["rel"]), m["code"].strip(), True)))
    for m in QUOTED_POST.finditer(prose):
        after = not BEFORE_POST.search(m["rel"])
        found.append((m.start(), Cue(after, m["code"].strip(), True)))
    for m in BETWEEN.finditer(prose):
        found.append((m.start(), Cue(True, m["a"].strip(), True)))
        found.append((m.start() + 1, Cue(False, m["b"].strip(), True)))
    taken = [range(p, p + 1) for p, _ in found]
    for m in DESCRIBED_EN.finditer(prose):
        if "`" not in m["phrase"] and not any(m.start() in r for r in taken):
            phrase, which = m["phrase"].strip(), ""
            # "right after the first Dense layer": which of the statements it describes
            pos = re.match(rf"(?i)((?:the|your|my)\s+)?({ORDINAL})\s+", phrase)
            if pos is not None:
                n = nth(pos.group(2))
                which = "first" if n == 1 else "last" if n == -1 else str(n)
                phrase = (pos.group(1) or "") + phrase[pos.end() :]
            inside = re.match(r"\s+in\s+(?:the\s+)?`([A-Za-z_][\w.]*)(?:\(\))?`", prose[m.end() :])
            scope = inside.group(1) if inside else ""
            found.append((m.start(), Cue(_is_after(m["rel"]), phrase, False, which, scope)))
    for m in DESCRIBED_CJK.finditer(prose):
        found.append((m.start(), Cue(_is_after(m["rel"]), m["phrase"].strip(), False)))
    constants = CONSTANTS.search(prose)
    if constants is not None:  # "oben bei den Konstanten": after the block of constants
        found.append((constants.start(), Cue(True, _CONSTANTS, False)))
    top = TOP.search(prose) or AFTER_IMPORTS.search(prose)
    if top is not None:
        found.append((top.start(), Cue(True, "imports", False)))
    end = END.search(prose)
    if end is not None:
        found.append((end.start(), Cue(True, _END_ANCHOR, False)))
    for m in CELL_END.finditer(prose):  # "at the end of cell 4": that cell's last statement
        number = next(g for g in m.groups() if g)
        found.append((m.start(), Cue(True, _CELL_END_ANCHOR + number, False)))
    for m in NAMED_CELL_END.finditer(prose):  # "at the end of the `CFG` cell"
        name = next(g for g in m.groups() if g)
        found.append((m.start(), Cue(True, _NAMED_CELL_END + name, False)))
    for m in FUNCTION_END.finditer(prose):  # "at the end of `main()`": its body's end
        if re.match(r"\s+(?:cell|单元格)", prose[m.end() :]):
            continue  # the cell that defines it (above)
        name = next(g for g in m.groups() if g)
        found.append((m.start(), Cue(True, _FN_END + name, False)))
    for m in CLASS_IN.finditer(prose):  # "In `Config`, add a new attribute:"
        found.append((m.start(), Cue(True, _CLASS_END + next(g for g in m.groups() if g), False)))
    for m in FUNCTION_TOP.finditer(prose):  # "at the top of `main()`": its body's start
        name = next(g for g in m.groups() if g)
        found.append((m.start(), Cue(False, _FN_TOP + name, False)))
    return [c for _, c in sorted(found, key=lambda t: t[0])]


def places_after_imports(prose: str) -> bool:
    """Whether ``prose`` puts code right after the imports or at the top of the script."""
    return bool(TOP.search(prose) or AFTER_IMPORTS.search(prose))


def _is_docstring(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Expr)
        and isinstance(node.value, ast.Constant)
        and isinstance(node.value.value, str)
    )


def _is_after(rel: str) -> bool:
    return not re.fullmatch(
        rf"(?i){BEFORE_WORDS}|antes|之前|以前|前面|前边|上面|上方|前|の(?:直前|前|上)", rel.strip()
    )


@dataclass
class Spot:
    """Where a cue puts new code: insert at line ``at`` (0-based) with ``indent``."""

    at: int
    indent: str
    anchor: int  #: 0-based first line of the anchoring statement
    after: bool
    quoted: bool
    body: int  #: which statement list of the script


def place_from_prose(lines: list[str], tree: ast.Module, before: str, after: str) -> Spot | None:
    """Where the prose around a block (``before`` it, then ``after`` it) puts its code.

    None when no cue resolves; :class:`Refused` when a cue's anchor is ambiguous or two
    cues contradict each other.
    """
    bodies = all_bodies(tree, lines)
    vague: list[Refused] = []
    spots = _spots(cues(introducing(before)), lines, bodies, vague)
    tail = _first_paragraph(after)
    if not spots and not tail.rstrip().endswith((":", "：")):
        # "放在 `model.fit` 之前即可" written below the block (not the next block's intro)
        spots = _spots(cues(tail), lines, bodies, vague)
    elif not spots:
        # "right after `x, y = load_data()`, and in `make_model`:": the clause the line
        # below the block opens with is about the block; the rest introduces the next one
        spots = _spots(cues(opening_clause(tail)), lines, bodies, vague)
    if not spots:
        if vague:
            raise vague[0]
        return None
    rank = sorted(spots, key=lambda s: (not s.quoted, not s.after, -s.at if s.after else s.at))
    best = rank[0]
    for other in spots:
        if other.body != best.body or other.quoted != best.quoted:
            continue  # "at the top of `main()`, right after `args = ...`": the quote refines
        if (other.after and best.at < other.at) or (not other.after and best.at > other.at):
            raise Refused(
                f"the prose puts the new code in two places (near lines {best.anchor + 1} "
                f"and {other.anchor + 1})"
            )
    return best


def german_place(lines: list[str], tree: ast.Module, prose: str) -> Spot | None:
    """The place a German intro names by a noun ("Und vor der Auswertung das beste Modell
    laden:"), for a block whose code matches several places (its verb comes last, so the
    English reading of described places cannot take it)."""
    found = list(DESCRIBED_DE.finditer(introducing(prose)))
    if len(found) != 1:
        return None
    m = found[0]
    try:
        return _resolve(Cue(m["rel"] == "nach", m["phrase"], False), lines, all_bodies(tree, lines))
    except Refused:
        return None


def _spots(
    said: list[Cue], lines: list[str], bodies: list[list[Stmt]], vague: list[Refused]
) -> list[Spot]:
    """The places cues resolve to; a described statement matching several is set aside in
    ``vague`` (refused only when nothing else places the code), a quoted one is refused."""
    out = []
    for cue in said:
        try:
            spot = _resolve(cue, lines, bodies)
        except Refused as exc:
            if cue.quoted:
                raise
            vague.append(exc)
            continue
        if spot is not None:
            out.append(spot)
    return out


def _defines_in(lines: list[str], name: str, start: int, end: int) -> bool:
    """Whether the script binds ``name`` at module level on lines ``start``-``end``
    (0-based, end exclusive), as the program model reads its bindings."""
    index = build_index("\n".join(lines))
    return any(b.name == name and b.scope == 0 and start < b.line <= end for b in index.bindings)


def _described_cell(cue: Cue, lines: list[str], bodies: list[list[Stmt]]) -> Spot | None:
    """ "before the TTA cell": the end of the cell above it; "after the submission cell":
    the end of that cell (:func:`gptfix.llm.described.described_cell`)."""
    found = described_cell(cue.anchor, cue.after, lines, bodies[0])
    if found is None:
        return None
    at, anchor, after = found
    return Spot(at, "", anchor, after, False, 0)


def _resolve(cue: Cue, lines: list[str], bodies: list[list[Stmt]]) -> Spot | None:
    if cue.quoted:
        found = by_code(cue.anchor, lines, bodies)
    elif cue.anchor == _CONSTANTS:  # after the first run of module-level constants
        last = last_constant(bodies[0])
        return Spot(last.end, "", last.start, True, False, 0) if last is not None else None
    elif cue.anchor == _END_ANCHOR:  # after the script's last top-level statement
        if not bodies[0]:
            return None
        last = bodies[0][-1]
        return Spot(last.end, "", last.start, True, False, 0)
    elif cue.anchor.startswith((_CELL_END_ANCHOR, _NAMED_CELL_END)):
        label = cue.anchor.rsplit(" ", 1)[-1]
        spans = [
            (a, z)
            for name, a, z in cells(lines)
            if (
                _defines_in(lines, label, a, z)
                if cue.anchor.startswith(_NAMED_CELL_END)
                else name == label
            )
        ]
        inside = [st for st in bodies[0] if spans and spans[0][0] <= st.start < spans[0][1]]
        if len(spans) != 1 or not inside:
            return None
        return Spot(inside[-1].end, "", inside[-1].start, True, False, 0)
    elif cue.anchor.startswith((_FN_END, _FN_TOP, _CLASS_END)):
        name = cue.anchor.rsplit(" ", 1)[-1]
        want = (
            (ast.ClassDef,)
            if cue.anchor.startswith(_CLASS_END)
            else (ast.FunctionDef, ast.AsyncFunctionDef)
        )
        defs = [
            st.node
            for body in bodies
            for st in body
            if isinstance(st.node, want) and st.node.name == name
        ]
        if len(defs) != 1:
            return None
        b = next(k for k, body in enumerate(bodies) if body and body[0].node is defs[0].body[0])
        if cue.anchor.startswith(_FN_TOP):  # before its first statement (after a docstring)
            first = next((st for st in bodies[b] if not _is_docstring(st.node)), bodies[b][-1])
            indent = lines[first.start][
                : len(lines[first.start]) - len(lines[first.start].lstrip())
            ]
            return Spot(first.start, indent, first.start, False, False, b)
        last = bodies[b][-1]
        indent = lines[last.start][: len(lines[last.start]) - len(lines[last.start].lstrip())]
        if isinstance(last.node, ast.Return | ast.Raise):  # the end it still runs: its return
            return Spot(last.start, indent, last.start, False, False, b)
        return Spot(last.end, indent, last.start, True, False, b)
    elif _IMPORTS.search(cue.anchor):
        imports = [s for s in bodies[0] if s.is_import]
        if not imports:
            return None
        last = imports[-1]
        return Spot(last.end, "", last.start, True, False, 0)
    else:
        cell = _described_cell(cue, lines, bodies)
        if cell is not None:  # "before the TTA cell": before its first statement
            return cell
        found = by_words(cue.anchor, bodies)
        span = named_function_lines("\n".join(lines), f"`{cue.scope}`") if cue.scope else None
        if span is not None:  # "the first Dense layer in `build_model`": there only
            found = [(b, s) for b, s in found if span[0] <= s.start <= span[1]] or found
    if not found:
        return None
    if cue.which == "lines" and len(found) == 1:
        found = using_run(bodies, found[0], cue.anchor.strip())
    where = sorted({(b, s.start) for b, s in found})
    if len(where) > 1 and cue.which.isdigit():
        if int(cue.which) > len(where):
            raise Refused(
                f"the prose names call {cue.which} of `{short(cue.anchor, 40)}`, which the script has not"
            )
        pick = where[int(cue.which) - 1]
        found = [next((b, s) for b, s in found if (b, s.start) == pick)]
        where = [pick]
    if len(where) > 1 and cue.which:
        at_end = cue.which == "last" or (cue.which == "lines" and cue.after)
        by_line = sorted(where, key=lambda w: w[1])  # first and last as the file reads
        pick = by_line[-1] if at_end else by_line[0]
        found = [next((b, s) for b, s in found if (b, s.start) == pick)]
        where = [pick]
    if len(where) > 1:
        runs = one_run(found, bodies)
        if runs is None:
            raise Refused(
                f"ambiguous place: the prose says {'after' if cue.after else 'before'} "
                f"`{short(cue.anchor, 40)}`, which matches lines "
                + " and ".join(str(s + 1) for _, s in where[:4])
            )
        found = [runs[-1] if cue.after else runs[0]]
    b, st = found[0]
    indent = lines[st.start][: len(lines[st.start]) - len(lines[st.start].lstrip())]
    at = st.end if cue.after else st.start
    if not cue.after:
        while (
            at > 0
            and lines[at - 1].strip().startswith("#")
            and not CELL_MARK.match(lines[at - 1].strip())
        ):
            at -= 1  # a comment that introduces the anchor stays with it (in its cell)
    return Spot(at, indent, st.start, cue.after, cue.quoted, b)


_LINES_AFTER = re.compile(r"\s+(?:lines|statements|code)\b")


def _first_paragraph(prose: str) -> str:
    text = prose.strip()
    return text.split("\n\n")[0] if text else ""


#: where a sentence's first clause ends: a full stop, a semicolon, ", and" / ", then"
_CLAUSE_END = re.compile(
    r"[.;。；!?]\s|,\s*(?:and|then|also|plus|y|et|und|e|и|а также|then in|and in)\b|，|、"
)
#: words a line below a block may open with before its place ("right after", "just before")
_OPENING = re.compile(
    r"(?i)^\s*(?:(?:and|then|right|just|directly|immediately|put it|place it)\s+)*"
)


def opening_clause(prose: str) -> str:
    """The first clause of ``prose`` when it opens with a place ("right after `X`, and in
    `f`:"), else nothing. Commas inside quoted code do not end it."""
    masked = re.sub(r"`[^`\n]*`", lambda m: "`" + "x" * (len(m[0]) - 2) + "`", prose)
    end = _CLAUSE_END.search(masked)
    clause = prose[: end.start()] if end else prose
    rest = clause[_OPENING.match(clause).end() :]  # type: ignore[union-attr]
    return clause if re.match(rf"(?i)(?:{AFTER_WORDS}|{BEFORE_WORDS})\b", rest) else ""


def placed_in_prose(text: str, block: Block) -> bool:
    """Whether the prose around ``block`` says where its code goes (a place word with a
    quote or a described statement, the top of a function, after the imports...)."""
    lines = text.split("\n")
    try:
        tree = ast.parse(text)
        return place_from_prose(lines, tree, block.prose, block.after) is not None
    except (Refused, SyntaxError):
        return True  # a place said but unclear: the block's own placement decides
