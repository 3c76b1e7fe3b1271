"""Rules for TensorFlow 1 session plumbing that TensorFlow 2 / Keras 3 no longer have.

Bridges ``AttributeError: module '...backend' has no attribute 'set_session'`` (and
``Session``, ``ConfigProto``, ``GPUOptions``, ...) and the statements of the script that
only exist to set a session up: TF 2 runs eagerly and has no session to configure, so
the fix deletes the failing statement and the statements that only use what it bound
(``config.gpu_options.allow_growth = True``, ``set_session(sess)``). It applies only
when every use of those names is such a plain statement; a session used for anything
else (``with sess.as_default():``, a value passed on) gets no fix here.
"""

from __future__ import annotations

import ast

from gptfix.model import Fix
from gptfix.repair.rules.base import SAFE, Rule, RuleContext
from gptfix.repair.rules.text import Patch, Source

#: TF1 session APIs with no TF 2 equivalent: setting them up is a no-op under eager execution.
SESSION_APIS = frozenset(
    {
        "set_session",
        "get_session",
        "Session",
        "InteractiveSession",
        "ConfigProto",
        "GPUOptions",
        "RunOptions",
    }
)

_SIMPLE = (ast.Expr, ast.Assign, ast.AugAssign, ast.AnnAssign)


def _loads(node: ast.AST) -> set[str]:
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}


def _root_name(node: ast.expr) -> str | None:
    while isinstance(node, ast.Attribute | ast.Subscript):
        node = node.value
    return node.id if isinstance(node, ast.Name) else None


def _bound_names(stmt: ast.stmt) -> set[str] | None:
    """Names a deletable statement binds; None when it binds something else (an attribute
    of a name it does not own, a tuple, ...)."""
    if isinstance(stmt, ast.Expr):
        return set()
    targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]  # type: ignore[attr-defined]
    out: set[str] = set()
    for t in targets:
        if isinstance(t, ast.Name):
            out.add(t.id)
        elif isinstance(t, ast.Attribute | ast.Subscript) and _root_name(t):
            continue  # config.gpu_options.allow_growth = True: configures a bound name
        else:
            return None
    return out


def _is_plumbing(st: ast.stmt, bound: set[str]) -> bool:
    """Session setup only: configuring a bound object (``config.x.y = True``) or calling a
    session API with it (``set_session(sess)``, ``Session(config=config)``)."""
    if isinstance(st, ast.Assign | ast.AugAssign | ast.AnnAssign):
        targets = st.targets if isinstance(st, ast.Assign) else [st.target]
        if all(
            isinstance(t, ast.Attribute | ast.Subscript) and _root_name(t) in bound for t in targets
        ):
            return True
    value = getattr(st, "value", None)
    if isinstance(value, ast.Call):
        func = value.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        return name in SESSION_APIS
    return False


def _statements(src: Source) -> list[ast.stmt]:
    return [n for n in src.walk() if isinstance(n, ast.stmt)]


def _session_chain(src: Source, first: ast.stmt) -> list[ast.stmt] | None:
    """``first`` plus every statement that only uses what the chain binds, or None when a
    bound name escapes into anything but a plain statement."""
    chain = [first]
    bound = _bound_names(first)
    if bound is None:
        return None
    stmts = _statements(src)
    changed = True
    while changed and bound:
        changed = False
        for st in stmts:
            if any(st is c for c in chain) or not (_loads(st) & bound):
                continue
            if not isinstance(st, _SIMPLE):
                # a compound statement (with/if/def) using the session: too much to delete
                header = [c for c in ast.iter_child_nodes(st) if not isinstance(c, ast.stmt)]
                if any(_loads(c) & bound for c in header):
                    return None
                continue
            more = _bound_names(st)
            if more is None or not _is_plumbing(st, bound):
                return None  # the session is used for real work (sess.run(...)): not ours
            chain.append(st)
            if more - bound:
                bound |= more
                changed = True
    return chain


def _delete_statements(src: Source, chain: list[ast.stmt]) -> str | None:
    patch = Patch(src.text)
    parents = {
        id(child): node
        for node in src.walk()
        for f in ("body", "orelse", "finalbody")
        for child in getattr(node, f, []) or []
        if isinstance(child, ast.stmt)
    }
    emptied: dict[int, int] = {}
    for st in chain:
        start = src.starts[st.lineno - 1]
        end = src.starts[min(st.end_lineno or st.lineno, len(src.lines))]
        if src.text[src.offset(st.lineno, 0) : src.offset(st.lineno, st.col_offset)].strip():
            return None  # shares its line with another statement (a; b)
        parent = parents.get(id(st))
        if parent is not None:
            emptied[id(parent)] = emptied.get(id(parent), 0) + 1
            body = next(
                getattr(parent, f)
                for f in ("body", "orelse", "finalbody")
                if any(c is st for c in getattr(parent, f, []) or [])
            )
            if emptied[id(parent)] >= len(body) and not isinstance(parent, ast.Module):
                patch.replace(start, end, f"{src.indent_of(st.lineno)}pass\n")
                continue
        patch.replace(start, end, "")
    return patch.apply()


def session_setup(ctx: RuleContext) -> list[Fix]:
    m = ctx.search(r"module '([\w.]+)' has no attribute '(\w+)'")
    if not m or m.group(2) not in SESSION_APIS:
        return []
    attr = m.group(2)
    nodes = [n for n in ctx.nodes_on_user_lines(ast.Attribute) if n.attr == attr]  # type: ignore[attr-defined]
    if not nodes:
        return []
    first = next(
        (
            st
            for st in _statements(ctx.src)
            if isinstance(st, _SIMPLE)
            and st.lineno <= nodes[0].lineno <= (st.end_lineno or st.lineno)  # type: ignore[attr-defined]
        ),
        None,
    )
    if first is None:
        return []
    chain = _session_chain(ctx.src, first)
    if chain is None:
        return []
    chain.sort(key=lambda s: s.lineno)
    new_text = _delete_statements(ctx.src, chain)
    lines = ", ".join(str(s.lineno) for s in chain)
    return ctx.fix(
        "api.tf1-session",
        f"delete the TF1 session setup (`{ctx.src.segment(first).splitlines()[0]}`"
        + (f" and {len(chain) - 1} statement(s) using it" if len(chain) > 1 else "")
        + ")",
        new_text,
        SAFE,
        [
            f"AttributeError: module '{m.group(1)}' has no attribute '{attr}'",
            "TensorFlow 2 runs eagerly: there is no session to create or configure",
            f"deleted line(s) {lines}; nothing else uses what they bind",
        ],
    )


RULES = [
    Rule(
        "api.tf1-session",
        "api",
        "a TF1 session API (set_session, Session, ConfigProto) missing in TF 2: delete the "
        "session setup statements, which have no TF 2 equivalent",
        session_setup,
    ),
]
