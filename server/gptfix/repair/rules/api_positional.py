"""Rules for positional arguments that the installed Keras/TF binds to a different parameter.

Bridges "`name` must be passed as a keyword argument. Received: add_weight('masks', ...)"
and "got multiple values for argument 'shape'" style messages (a signature that moved or
reordered its parameters between versions: Keras 2's ``add_weight(name, shape, ...)`` is
Keras 3's ``add_weight(shape, ...)``) and the calls on the failing lines: the positional
argument the message points at is passed by its keyword instead. The keyword comes from
the message; the callee's keywords in the user's interpreter (probed, never imported
here) confirm it when the callee can be resolved. Every call of the same callee written
the same way is fixed in the same edit. A ``super().__init__(self, ...)`` whose extra
positional is the method's own ``self`` (the bound call passes it already) loses it.
"""

from __future__ import annotations

import ast

from gptfix.model import Fix
from gptfix.repair.rules.base import SAFE, UNSAFE, Rule, RuleContext
from gptfix.repair.rules.text import Patch, call_name, calls, dotted, imported_names, literal

#: "`name` must be passed as a keyword argument" (Keras 3), "argument 'x' must be keyword".
_MUST_BE_KEYWORD = [
    r"`(?P<kw>\w+)` (?:must|should) be passed as a keyword argument",
    r"'(?P<kw>\w+)' (?:must|should) be passed as a keyword argument",
    r"argument '(?P<kw>\w+)' must be (?:passed )?(?:by|as a) keyword",
]
#: Python's own message when a positional lands on a parameter also passed by keyword.
_MULTIPLE = r"(?P<callee>[\w.]+)\(\) got multiple values for argument '(?P<kw>\w+)'"


def _received(ctx: RuleContext) -> object:
    """The first positional value the message shows: ``Received: f('masks', ...)``."""
    m = ctx.search(r"Received:\s*[\w.]+\(\s*('[^']*'|\"[^\"]*\"|-?\d+(?:\.\d+)?)")
    if not m:
        return ...
    try:
        return ast.literal_eval(m.group(1))
    except (ValueError, SyntaxError):
        return ...


def _callee_expr(ctx: RuleContext, call: ast.Call) -> str | None:
    """An expression the probe can evaluate for the callee: an imported dotted name, or
    ``Base.method`` for ``self.method(...)`` inside a class whose base is imported."""
    name = dotted(call.func)
    if name is None:
        return None
    imported = imported_names(ctx.src)
    if name.split(".")[0] in imported:
        return name
    if not (isinstance(call.func, ast.Attribute) and name == f"self.{call.func.attr}"):
        return None
    for cls in ctx.src.walk():
        if not isinstance(cls, ast.ClassDef):
            continue
        if not (cls.lineno <= call.lineno <= (cls.end_lineno or cls.lineno)):
            continue
        for base in cls.bases:
            b = dotted(base)
            if b and b.split(".")[0] in imported:
                return f"{b}.{call.func.attr}"
    return None


def _same_kind(a: object, b: object) -> bool:
    return a is not ... and b is not ... and type(a) is type(b)


def _move(ctx: RuleContext, call: ast.Call, index: int, kw: str, patch: Patch) -> bool:
    """Pass positional ``index`` of ``call`` as ``kw=``: it is taken out of the positional
    list and written as the call's last keyword, so the arguments after it keep their
    places; False when the call already passes ``kw``."""
    if any(k.arg == kw for k in call.keywords) or index >= len(call.args):
        return False
    arg = call.args[index]
    if any(isinstance(a, ast.Starred) for a in call.args[: index + 1]):
        return False
    value = ctx.src.segment(arg)
    items: list[ast.AST] = [*call.args, *call.keywords]
    items.sort(key=lambda a: (a.lineno, a.col_offset))  # type: ignore[attr-defined]
    i = items.index(arg)
    start, end = ctx.src.span(arg)
    if len(items) == 1:
        patch.replace(start, end, f"{kw}={value}")
        return True
    if index == len(call.args) - 1 and not call.keywords:
        patch.replace(start, end, f"{kw}={value}")
        return True
    nxt = ctx.src.span(items[i + 1])[0]
    patch.replace(start, nxt, "")
    last_end = ctx.src.span(items[-1])[1]
    patch.insert(last_end, f", {kw}={value}")
    return True


def _keyword_for_positional(ctx: RuleContext) -> list[Fix]:
    target = next((m.group("kw") for p in _MUST_BE_KEYWORD if (m := ctx.search(p))), None)
    multiple = ctx.search(_MULTIPLE)
    if target is None and multiple is None:
        return []
    on_lines = [c for c in ctx.nodes_on_user_lines(ast.Call) if isinstance(c, ast.Call) and c.args]
    if not on_lines:
        return []
    shown = _received(ctx)
    for call in on_lines:
        named = multiple.group("callee").removesuffix(".__init__") if multiple else ""
        if multiple and call_name(call) != named.rsplit(".", 1)[-1]:
            continue
        index = next((i for i, a in enumerate(call.args) if _same_kind(literal(a), shown)), 0)
        value = literal(call.args[index])
        callee = _callee_expr(ctx, call)
        accepted = ctx.probe.params(callee) if callee else None
        evidence = [f"{ctx.failure.type}: {ctx.failure.message.splitlines()[0][:160]}"]
        kw = target
        applicability = SAFE
        if kw is None and multiple is not None:
            # the positional landed on `shape`, which the call also passes by keyword: a
            # string there is the object's name in the older signature
            conflicted = multiple.group("kw")
            if not isinstance(value, str) or not any(k.arg == conflicted for k in call.keywords):
                continue
            kw, applicability = "name", UNSAFE
            evidence.append(
                f"the installed `{call_name(call)}` binds positional {index + 1} to `{conflicted}`,"
                f" which the call also passes by keyword; the string {value!r} is a name"
            )
        elif kw is not None:
            evidence.append(f"the installed `{call_name(call)}` takes `{kw}` only by keyword")
        if kw is None:
            continue
        if accepted is not None and callee:
            if kw not in accepted and not ctx.probe.takes_kwargs(callee):
                continue
            evidence.append(f"`{callee}` accepts `{kw}=` in the installed version")
        same = [
            c
            for c in calls(ctx.src)
            if call_name(c) == call_name(call)
            and dotted(c.func) == dotted(call.func)
            and len(c.args) > index
            and _same_kind(literal(c.args[index]), value)
        ]
        patch = Patch(ctx.src.text)
        moved = 0
        for c in same or [call]:
            try:
                moved += _move(ctx, c, index, kw, patch)
            except ValueError:  # overlaps an edit already made
                continue
        if not moved:
            continue
        title = f"pass {value!r} to `{call_name(call)}` as `{kw}=`" + (
            f" ({moved} calls)" if moved > 1 else ""
        )
        return ctx.fix("api.positional-to-keyword", title, patch.apply(), applicability, evidence)
    return []


#: Python's messages for a call given more positional arguments than its signature has.
_TOO_MANY = (
    r"takes (?:from \d+ to )?\d+ positional arguments? but \d+ [^\n]*?(?:were|was) given"
    r"|got multiple values for argument|got an unexpected positional argument"
)


def _method_self(ctx: RuleContext, call: ast.Call) -> str | None:
    """The first parameter of the method that makes ``call`` (innermost enclosing def)."""
    best: ast.FunctionDef | None = None
    for node in ctx.src.walk():
        if isinstance(node, ast.FunctionDef) and node.lineno <= call.lineno <= (
            node.end_lineno or node.lineno
        ):
            if best is None or node.lineno >= best.lineno:
                best = node
    params = best.args.posonlyargs + best.args.args if best is not None else []
    return params[0].arg if params else None


def _is_super_call(call: ast.Call) -> bool:
    """``super().m(...)`` or ``super(Cls, self).m(...)``: a bound call of the parent's method."""
    inner = call.func.value if isinstance(call.func, ast.Attribute) else None
    return (
        isinstance(inner, ast.Call)
        and isinstance(inner.func, ast.Name)
        and inner.func.id == "super"
    )


def _explicit_self(ctx: RuleContext) -> list[Fix]:
    """``super().__init__(self)``: the bound call gets ``self`` twice, and the parent's
    signature takes the extra one as a positional it does not have."""
    if not ctx.search(_TOO_MANY):
        return []
    for call in ctx.nodes_on_user_lines(ast.Call):
        assert isinstance(call, ast.Call)
        if not _is_super_call(call) or not call.args:
            continue
        first = call.args[0]
        me = _method_self(ctx, call)
        if not (isinstance(first, ast.Name) and me and first.id == me):
            continue
        start, end = ctx.src.span(first)
        rest = [*call.args[1:], *call.keywords]
        if rest:
            end = min(ctx.src.span(n)[0] for n in rest)
        method = call.func.attr if isinstance(call.func, ast.Attribute) else "method"
        return ctx.fix(
            "api.super-self",
            f"drop the `{me}` passed to `super().{method}(...)` (the call is already bound)",
            Patch(ctx.src.text).replace(start, end, "").apply(),
            SAFE,
            [
                f"{ctx.failure.type}: {ctx.failure.message.splitlines()[0][:160]}",
                f"line {call.lineno}: `super()` binds `{me}` itself; passing it again adds a"
                " positional argument the parent's signature does not take",
            ],
        )
    return []


RULES = [
    Rule(
        "api.super-self",
        "api",
        "`super().__init__(self, ...)`: the bound parent call given `self` again; drop it",
        _explicit_self,
    ),
    Rule(
        "api.positional-to-keyword",
        "api",
        "a positional argument the installed signature binds elsewhere (a parameter moved or "
        "became keyword-only): pass it by the keyword the error names",
        _keyword_for_positional,
    ),
]
