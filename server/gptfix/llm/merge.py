"""Place a Python code block from an answer into the script, statement by statement.

Bridges a code block (a whole function, one changed statement, a slice with elision
markers, or the whole file) and the script's syntax tree. Each top-level statement of
the block is matched against the script: an identical statement is an *anchor*; a
statement with the same *key* (``def name``, assignment target, called method such as
``model.compile``) *replaces* it; anything else is *new* and goes next to its block
neighbours. A whole function/class, or a whole-file answer, is merged recursively:
its statements become the body, and an elision marker (``# ... existing code ...``,
``# 省略原有代码``, ``...``) keeps the original statements it stands for.

Nothing is appended blindly: a block none of whose statements can be placed, or a key
that matches two places with nothing to choose between them, is refused (with the lines).
"""

from __future__ import annotations

import ast
import difflib
import textwrap
from dataclasses import dataclass, field

from gptfix.llm.anchors import first_copy, only_guessed_names, tighten, unique_first
from gptfix.llm.answer import is_elision
from gptfix.llm.between import comment_top, indented_comments, superseded_between
from gptfix.llm.call_elision import args_left_out, elided_among, expand_call_elision
from gptfix.llm.keymatch import key_match
from gptfix.llm.list_elision import expand_list_elision
from gptfix.llm.open_tail import kept_tail, stops_short
from gptfix.llm.patches import Refused, TextEdit, reindent, short
from gptfix.llm.stmts import (
    COMPOUND,
    Stmt,
    assigned_names,
    describe,
    has_marker,
    indent_of,
    is_docstring,
    make_stmts,
)


@dataclass
class Plan:
    """What to do to one script body: per statement, and insertions."""

    body: list[Stmt]
    replace: dict[int, list[str]] = field(default_factory=dict)
    delete: set[int] = field(default_factory=set)
    before: dict[int, list[str]] = field(default_factory=dict)  #: index -> lines inserted before
    after: dict[int, list[str]] = field(default_factory=dict)  #: index -> lines inserted after
    after_last: list[str] = field(default_factory=list)
    extra_ops: list[tuple[int, int, list[str]]] = field(default_factory=list)


class Merger:
    """Merges one parsed block into the script's lines; collects line operations."""

    def __init__(
        self, script_lines: list[str], block_lines: list[str], guessed: frozenset[str] = frozenset()
    ) -> None:
        self.s = script_lines
        self.b = block_lines
        #: the script indents with tabs: the answer's lines are re-indented to match
        self.tabs = any(x.startswith("\t") for x in script_lines)
        #: script names the answer's own names were reconciled to (``img_input`` ->
        #: ``image_input``): the answer's guesses, not choices to impose on the script
        self.guessed = guessed
        #: names the script binds somewhere
        self.bound: frozenset[str] = frozenset()
        self.edits: list[TextEdit] = []
        #: first lines of the script statements this merge removes on the answer's word
        self.removed: list[str] = []
        #: inline code the block's prose quotes (see :mod:`gptfix.llm.left_out`)
        self.quotes: frozenset[str] = frozenset()
        #: where the block before this one ended its change (:attr:`Block.follows`)
        self.follows = -1
        #: the words that introduce the block ("before the second compile"): which of
        #: several alike statements it means (:mod:`gptfix.llm.occurrence`)
        self.said = ""
        #: the statements a traceback the answer quotes shows (:attr:`Block.traced`)
        self.traced: frozenset[str] = frozenset()

    # -- rendering -------------------------------------------------------------------
    def new_lines(self, n: Stmt, target_indent: str, with_comments: bool = False) -> list[str]:
        start = n.start
        if with_comments:
            while start > 0 and self.b[start - 1].strip().startswith("#"):
                if is_elision(self.b[start - 1]):
                    break
                start -= 1
        chunk = self.b[start : n.end]
        return reindent(chunk, target_indent + "x", self.b[n.start], self.tabs)

    def ops(self, plan: Plan) -> list[tuple[int, int, list[str]]]:
        out = list(plan.extra_ops)
        for k, st in enumerate(plan.body):
            ins, post = plan.before.get(k, []), plan.after.get(k, [])
            if k in plan.delete:
                out.append((st.start, st.end, ins + post))
            elif k in plan.replace:
                out.append((st.start, st.end, ins + plan.replace[k] + post))
            else:
                if ins:
                    at = st.start
                    if k > 0 or indent_of(self.s[st.start]):
                        # above the comments that describe the statement (``# time masking``)
                        floor = plan.body[k - 1].end - 1 if k > 0 else st.start - 1
                        at = comment_top(self.s, st.start, floor if k > 0 else 0)
                        at = max(at, indented_comments(self.s, st.start, at))
                    out.append((at, at, ins))
                if post:
                    out.append((st.end, st.end, post))
        if plan.after_last:
            end = plan.body[-1].end
            out.append((end, end, plan.after_last))
        return out

    # -- one replaced statement (recursive for compound statements) -------------------
    def replacement(self, o: Stmt, n: Stmt, plan: Plan, k: int) -> None:
        indent = indent_of(self.s[o.start])
        same = type(o.node) is type(n.node) and isinstance(n.node, COMPOUND)
        onode, nnode = o.node, n.node
        if (
            same
            and not getattr(onode, "orelse", None)
            and not getattr(nnode, "orelse", None)
            and onode.body[0].lineno > onode.lineno  # type: ignore[attr-defined]
            and nnode.body[0].lineno > nnode.lineno  # type: ignore[attr-defined]
        ):
            old_body = make_stmts(onode.body, self.s)  # type: ignore[attr-defined]
            new_body = make_stmts(nnode.body, self.b)  # type: ignore[attr-defined]
            # the comments right above each side's first statement stay with it (``# time
            # masking`` above the script's first line, a new step's own comment above it)
            header = self.new_lines(n, indent)[
                : comment_top(self.b, new_body[0].start, n.start) - n.start
            ]
            top = o.start
            if getattr(onode, "decorator_list", None) and not getattr(
                nnode, "decorator_list", None
            ):
                top = onode.lineno - 1  # re-pasted without its ``@dataclass``: the script's stays
            plan.extra_ops.append((top, comment_top(self.s, old_body[0].start, o.start), header))
            # a config class given with only the attributes that change is a slice, not
            # the whole class (``class CFG: batch_size = 16``)
            old_keys = {x.key for x in old_body}
            covered = sum(1 for x in new_body if x.key in old_keys)
            config_like = (
                isinstance(nnode, ast.ClassDef)
                and all(
                    isinstance(x.node, ast.Assign | ast.AnnAssign) or x.marker for x in new_body
                )
                and covered < 0.5 * len(old_body)
            )
            sub = self.merge_body(
                old_body,
                new_body,
                whole=not config_like,
                open_tail=stops_short(self.b, old_body, new_body, n),
            )
            plan.extra_ops.extend(self.ops(sub))
            plan.delete.discard(k)
            plan.replace.pop(k, None)
            return
        if has_marker(n.node) or elided_among(n.node):
            expanded = expand_list_elision(self.s, o, self.b, n) or expand_call_elision(
                self.s, o, self.b, n
            )
            if expanded is not None and _same_code(expanded, o.dump):
                return  # ``model.fit(ds, validation_data=v, ...)  # unchanged``: as it is
            if expanded is not None:  # ``Sequential([..., # ... rest unchanged ...])``
                plan.replace[k] = reindent(expanded, indent + "x", self.b[n.start], self.tabs)
                return
            raise Refused(
                f"cannot resolve the elision inside `{short(self.b[n.start])}`: "
                "give the whole statement"
            )
        lines = self.new_lines(n, indent)
        if isinstance(n.node, ast.Expr) and isinstance(o.node, ast.Assign | ast.AnnAssign):
            # the answer dropped the script's target (``model.fit(...)`` for ``history = ...``)
            value = o.node.value
            assert value is not None
            head = (
                self.s[o.node.lineno - 1][: value.col_offset]
                if value.lineno == o.node.lineno
                else ""
            )
            if head.strip():
                lines[0] = indent + head.strip() + " " + lines[0].lstrip()
        plan.replace[k] = lines

    # -- a body against a list of new statements --------------------------------------
    def merge_body(
        self, old: list[Stmt], new: list[Stmt], whole: bool, open_tail: bool = False
    ) -> Plan:
        """Match ``new`` against ``old`` (siblings) and plan the changes.

        ``whole``: ``new`` is the complete new body (old statements it leaves out are
        deleted unless an elision marker stands for them); otherwise ``new`` is a slice
        and old statements it does not mention are kept. ``open_tail``: the body stops
        short of the script's (:func:`gptfix.llm.open_tail.kept_tail`): what follows stays.
        """
        plan = Plan(old)
        if not whole and self._reorder(old, new, plan):
            return plan
        sm = difflib.SequenceMatcher(
            a=[o.dump for o in old], b=[n.dump if not n.marker else "" for n in new], autojunk=False
        )
        anchors: dict[int, int] = {}  # new index -> old index
        for blk in sm.get_matching_blocks():
            for d in range(blk.size):
                if not new[blk.b + d].marker:
                    anchors[blk.b + d] = blk.a + d
        anchors = first_copy(new, tighten(old, new, unique_first(old, new, anchors)))
        if not whole:
            self._check_anchor_ambiguity(old, new, anchors)
        indent = indent_of(self.s[old[0].start]) if old else ""
        used: set[int] = set(anchors.values())
        cursor = -1  # old index of the last placed statement
        placed_i = -1  # answer index of the statement placed at ``cursor``
        pending: list[str] = []
        gap_marker = False
        # an elided re-paste (a marker anywhere) stands for what it leaves out at its ends
        elided = any(n.marker for n in new)
        bounded_before = whole
        for i, n in enumerate(new):
            if n.marker:
                gap_marker = True
                continue
            if i in anchors:
                k = anchors[i]
                self._close_gap(plan, cursor, k, whole, gap_marker or (cursor < 0 and elided))
                if not whole and not gap_marker:
                    self._superseded(plan, new, placed_i, i, cursor, k, used)
                if pending:
                    plan.before.setdefault(k, []).extend(pending)
                    pending = []
                cursor, gap_marker, bounded_before, placed_i = k, False, True, i
                continue
            nxt = next((anchors[j] for j in range(i + 1, len(new)) if j in anchors), len(old))
            km = key_match(
                self.b,
                old,
                n,
                cursor,
                nxt,
                used,
                bounded_before or nxt < len(old),
                gap_marker,
                new[i + 1 :],
                {t for m in new[:i] for t in assigned_names(m.node)},
                self.follows,
                self.said,
                self.traced,
            )
            if km is not None:
                k = km
                used.add(k)
                self._close_gap(plan, cursor, k, whole, gap_marker or (cursor < 0 and elided))
                if not whole and not gap_marker:
                    self._superseded(plan, new, placed_i, i, cursor, k, used)
                if pending:
                    plan.before.setdefault(k, []).extend(pending)
                    pending = []
                if only_guessed_names(
                    old[k].node, n.node, self.guessed, self.bound
                ) or args_left_out(n.node):
                    # ``x = base_model(img_input)`` re-pasted for ``x = backbone(x)``: the
                    # statement's role anchors the answer; the script's inputs stay (and
                    # ``model.compile(...)  # unchanged`` stands for the script's call)
                    self.edits.append(
                        TextEdit("anchor", old[k].start + 1, old[k].end, f"kept {describe(old[k])}")
                    )
                else:
                    self.replacement(old[k], n, plan, k)
                    self.edits.append(
                        TextEdit(
                            "replace_statement", old[k].start + 1, old[k].end, describe(old[k])
                        )
                    )
                cursor, gap_marker, bounded_before, placed_i = k, False, True, i
                continue
            lines = self.new_lines(n, indent, with_comments=True)
            if n.is_def:
                lines = ["", *lines] if indent else ["", "", *lines]
            self.edits.append(
                TextEdit("insert_statement", 0, -1, f"inserted `{short(self.b[n.start])}`")
            )
            if gap_marker or (cursor < 0 and not whole):
                # before the next statement placed: the next anchor, or a rewritten statement
                # before it (``xy_err = ...`` above the ``box_err = ...`` it feeds), else at
                # the end
                pending.extend(lines)
            elif cursor < 0:
                plan.before.setdefault(0, []).extend(lines)
            else:
                plan.after.setdefault(cursor, []).extend(lines)
        if pending and cursor < 0 and old and new[0].marker and not new[-1].marker:
            # ``class Config:`` / ``# ... existing fields unchanged ...`` / ``n_folds: int = 4``:
            # the marker stands for the whole body, the new statements come after it
            plan.after_last.extend(pending)
            pending = []
        if pending and whole:
            plan.after_last.extend(pending)
            pending = []
        if pending:
            raise Refused(
                f"no anchor for `{short(pending[0])}`: none of the answer's statements "
                "around it is in the script"
            )
        if whole:
            kept = open_tail and kept_tail(self.b, old, cursor)
            self._close_gap(plan, cursor, len(old), whole, gap_marker or elided or kept)
        return plan

    def _superseded(
        self,
        plan: Plan,
        new: list[Stmt],
        placed_i: int,
        i: int,
        cursor: int,
        k: int,
        used: set[int],
    ) -> None:
        """Drop the script statements between two placed ones that the answer's code
        supersedes (:func:`gptfix.llm.between.superseded_between`)."""
        if cursor < 0 or placed_i < 0:
            return
        taken = used | set(plan.replace) | plan.delete
        for j, why in superseded_between(
            self.s, self.quotes, plan.body, taken, new, placed_i, i, cursor, k
        ):
            if j not in plan.delete:
                self._drop(plan, j, why)

    def _drop(self, plan: Plan, j: int, why: str) -> None:
        st = plan.body[j]
        plan.delete.add(j)
        self.removed.append(self.s[st.start])
        self.edits.append(
            TextEdit("delete_statement", st.start + 1, st.end, f"removed {describe(st)}: {why}")
        )

    def _reorder(self, old: list[Stmt], new: list[Stmt], plan: Plan) -> bool:
        """A slice of the script's own statements in a new order (swap two lines)."""
        real = [n for n in new if not n.marker]
        if len(real) < 2 or len(real) != len(new):
            return False
        spots = []
        for n in real:
            found = [k for k, o in enumerate(old) if o.dump == n.dump]
            if len(found) != 1:
                return False
            spots.append(found[0])
        ordered = sorted(spots)
        if spots == ordered or ordered != list(range(ordered[0], ordered[0] + len(ordered))):
            return False
        for k, n in zip(ordered, real, strict=True):
            plan.replace[k] = self.new_lines(n, indent_of(self.s[old[k].start]))
        self.edits.append(
            TextEdit(
                "reorder", old[ordered[0]].start + 1, old[ordered[-1]].end, "reordered statements"
            )
        )
        return True

    def _close_gap(self, plan: Plan, cursor: int, upto: int, whole: bool, marker: bool) -> None:
        """Old statements between two placed ones: kept, or deleted in a whole body.

        Functions, classes and docstrings an answer leaves out are kept: answers drop them
        "for brevity", and deleting one is never how a failure gets fixed.
        """
        if not whole or marker:
            return
        for k in range(cursor + 1, upto):
            st = plan.body[k]
            if k not in plan.replace and not is_docstring(st.node) and not st.is_def:
                plan.delete.add(k)
                self.removed.append(self.s[st.start])
                self.edits.append(
                    TextEdit(
                        "delete_statement",
                        plan.body[k].start + 1,
                        plan.body[k].end,
                        f"removed {describe(plan.body[k])}",
                    )
                )

    def _check_anchor_ambiguity(
        self, old: list[Stmt], new: list[Stmt], anchors: dict[int, int]
    ) -> None:
        """A slice whose only anchors also occur elsewhere cannot be placed."""
        real = [i for i in anchors if not new[i].is_import]
        if not real:
            return
        for i in real:
            if sum(1 for o in old if o.dump == new[i].dump) == 1:
                return
        i = real[0]
        where = " and ".join(str(o.start + 1) for o in old if o.dump == new[i].dump)
        raise Refused(f"ambiguous anchor: `{short(self.b[new[i].start])}` matches lines {where}")


def _same_code(lines: list[str], dump: str) -> bool:
    """Whether ``lines`` (one statement) parse to the statement dumped as ``dump``."""
    try:
        body = ast.parse(textwrap.dedent("\n".join(lines))).body
    except SyntaxError:
        return False
    return len(body) == 1 and ast.dump(body[0]) == dump
