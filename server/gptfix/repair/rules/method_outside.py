"""Rules for a method written outside its class, and a method called by another word.

Bridges a failure at ``obj.m(...)`` -- Keras's own ``Model.fit`` running on a model never
compiled ("You must call `compile()` before using the model"), or "'C' object has no
attribute 'm'" -- and the script's structure: a module-level ``def m(self, ...)`` that
nothing reads by its name (no ``C.m = m``, no plain call) is a method that lost its
indentation (a notebook cell pasted one level out), and ``obj`` is
an instance of the script's class ``C``, which has no ``m`` of its own. The ``def`` moves
into ``C``, indented as its body.

Also bridges "'C' object has no attribute 'loss_fn'" for a class of the script that has
one method or attribute named with a synonym in place of one word (``cost_fn``: loss,
cost and objective name one thing in training code), or a spelling slip of it.
"""

from __future__ import annotations

import ast

from gptfix.index.config import class_members
from gptfix.model import Fix
from gptfix.repair.rules.api_attrs import is_typo
from gptfix.repair.rules.base import SAFE, UNSAFE, Rule, RuleContext
from gptfix.repair.rules.text import Patch, Source

#: words that name one thing in training code: a name spelt with one for the other
_SYNONYMS = (
    frozenset({"loss", "cost", "objective"}),
    frozenset({"acc", "accuracy"}),
    frozenset({"pred", "predict", "prediction"}),
    frozenset({"preds", "predictions"}),
    frozenset({"lr", "learning_rate"}),
    frozenset({"val", "valid", "validation"}),
    frozenset({"img", "image"}),
    frozenset({"imgs", "images"}),
)


def _classes(src: Source) -> dict[str, ast.ClassDef]:
    return {n.name: n for n in src.tree.body if isinstance(n, ast.ClassDef)}


def _members(cls: ast.ClassDef, classes: dict[str, ast.ClassDef]) -> list[str]:
    """What ``cls`` and its bases in the script have (the program model's class members:
    methods, class attributes, ``self.x = ...``), sorted."""
    out = set(class_members(cls))
    for base in cls.bases:
        if isinstance(base, ast.Name) and base.id in classes and classes[base.id] is not cls:
            out |= set(_members(classes[base.id], classes))
    return sorted(out - {"*"})


def _class_of(ctx: RuleContext, receiver: ast.expr, classes: dict[str, ast.ClassDef]) -> str | None:
    """The script's class ``receiver`` is an instance of: ``self`` in its methods, or a
    name bound once to ``C(...)``."""
    if not isinstance(receiver, ast.Name):
        return None
    if receiver.id == "self":
        owners = [
            c.name
            for c in classes.values()
            if c.lineno <= receiver.lineno <= (c.end_lineno or c.lineno)
        ]
        return owners[-1] if owners else None
    made = {
        node.value.func.id
        for node in ctx.src.walk()
        if isinstance(node, ast.Assign)
        and any(isinstance(t, ast.Name) and t.id == receiver.id for t in node.targets)
        and isinstance(node.value, ast.Call)
        and isinstance(node.value.func, ast.Name)
    }
    made |= {m.cls for m in ctx.index.keras.models if m.var == receiver.id and m.cls}
    return next(iter(made)) if len(made) == 1 and next(iter(made)) in classes else None


def _loose_defs(src: Source) -> dict[str, ast.FunctionDef]:
    """Module-level functions whose first parameter is ``self``."""
    return {
        n.name: n
        for n in src.tree.body
        if isinstance(n, ast.FunctionDef) and n.args.args and n.args.args[0].arg == "self"
    }


def _method_outside(ctx: RuleContext) -> list[Fix]:
    loose, classes = _loose_defs(ctx.src), _classes(ctx.src)
    if not loose or not classes:
        return []
    missing = ctx.search(r"object has no attribute '(\w+)'")
    uncompiled = ctx.search(r"must call `?compile\(\)`?")
    # a name read anywhere (``Scaler.transform = transform``, ``transform(s, x)``): the
    # function is used as a function, whatever its first parameter says
    read = {n.id for n in ctx.src.walk() if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
    for node in ctx.nodes_on_user_lines(ast.Call):
        func = getattr(node, "func", None)
        if not isinstance(func, ast.Attribute) or func.attr not in loose or func.attr in read:
            continue
        if not (missing and missing.group(1) == func.attr) and uncompiled is None:
            continue  # another failure on that line: not this one
        owner = _class_of(ctx, func.value, classes)
        if owner is None or func.attr in {
            n.name for n in classes[owner].body if isinstance(n, ast.FunctionDef)
        }:
            continue
        return _move_into(ctx, loose[func.attr], classes[owner])
    return []


def _move_into(ctx: RuleContext, fn: ast.FunctionDef, cls: ast.ClassDef) -> list[Fix]:
    src = ctx.src
    first = min([fn.lineno, *(d.lineno for d in fn.decorator_list)])
    last = fn.end_lineno or fn.lineno
    body_indent = src.indent_of(cls.body[0].lineno)
    moved = "".join(
        body_indent + line if line.strip() else line for line in src.lines[first - 1 : last]
    )
    if not moved.endswith("\n"):
        moved += "\n"
    patch = Patch(src.text)
    start, end = src.at(first, 0), src.at(last + 1, 0) if last < len(src.lines) else len(src.text)
    class_end = cls.end_lineno or cls.lineno
    between = "".join(src.lines[class_end : first - 1])
    if not between.strip():  # right below the class: indent it where it stands
        patch.replace(start, end, moved)
    else:
        patch.replace(start, end, "")
        at = src.at(class_end + 1, 0) if class_end < len(src.lines) else len(src.text)
        patch.insert(at, "\n" + moved)  # a blank line between it and the method above
    evidence = [
        f"`def {fn.name}(self, ...)` at line {fn.lineno} is written at module level, "
        f"and line {ctx.line} calls `.{fn.name}(...)` on a `{cls.name}`, which has no "
        f"`{fn.name}` of its own",
    ]
    text, renamed = _members_named(patch.apply(), cls.name, fn.name)
    title = f"indent `def {fn.name}(self, ...)` into class `{cls.name}`: it is a method"
    if renamed:  # it reads the class's members by another word: as a method it must not
        title += "; in it, " + ", ".join(f"`self.{a}` -> `self.{b}`" for a, b in renamed)
        evidence += [f"`{cls.name}` has `{b}`, not `{a}`" for a, b in renamed]
    return ctx.fix("def.method-outside-class", title, text, SAFE, evidence)


def _members_named(text: str, cls_name: str, fn_name: str) -> tuple[str, list[tuple[str, str]]]:
    """``text`` with the ``self.x`` reads of the moved method that the class lacks, and that
    one member of it names otherwise, renamed to that member; and the renames."""
    src = Source.parse(text)
    if src is None:
        return text, []
    classes = _classes(src)
    cls = classes[cls_name]
    members = _members(cls, classes)
    fn = next(n for n in cls.body if isinstance(n, ast.FunctionDef) and n.name == fn_name)
    patch, renamed = Patch(text), []
    for node in ast.walk(fn):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.ctx, ast.Load)
            and isinstance(node.value, ast.Name)
            and node.value.id == "self"
            and node.attr not in members
        ):
            close = [n for n in members if _said_otherwise(node.attr, n) or is_typo(node.attr, n)]
            if len(close) == 1:
                end = src.span(node)[1]
                patch.replace(end - len(node.attr), end, close[0])
                if (node.attr, close[0]) not in renamed:
                    renamed.append((node.attr, close[0]))
    return patch.apply(), renamed


def _same_word(a: str, b: str) -> bool:
    return any(a in group and b in group for group in _SYNONYMS)


def _said_otherwise(wrong: str, right: str) -> bool:
    """``cost_fn`` for ``loss_fn``: the same words but one, which is a synonym."""
    if _same_word(wrong.lower(), right.lower()):
        return True  # ``lr`` for ``learning_rate``
    x, y = wrong.lower().split("_"), right.lower().split("_")
    if len(x) != len(y):
        return False
    diff = [(p, q) for p, q in zip(x, y, strict=True) if p != q]
    return len(diff) == 1 and _same_word(*diff[0])


def _member_otherwise(ctx: RuleContext) -> list[Fix]:
    m = ctx.search(r"'(\w+)' object has no attribute '(\w+)'")
    classes = _classes(ctx.src)
    if m is None or not ctx.is_type("AttributeError") or m.group(1) not in classes:
        return []
    attr = m.group(2)
    members = _members(classes[m.group(1)], classes)
    close = [n for n in members if n != attr and (_said_otherwise(attr, n) or is_typo(attr, n))]
    if len(close) != 1:
        return []
    new = close[0]
    nodes = [
        n
        for n in ctx.nodes_on_user_lines(ast.Attribute)
        if isinstance(n, ast.Attribute)
        and n.attr == attr
        and _class_of(ctx, n.value, classes) == m.group(1)
    ]
    if not nodes:
        return []
    patch = Patch(ctx.src.text)
    for n in {id(n): n for n in nodes}.values():
        end = ctx.src.span(n)[1]
        patch.replace(end - len(attr), end, new)
    synonym = _said_otherwise(attr, new)
    return ctx.fix(
        "attr.member-otherwise",
        f"replace `.{attr}` with `.{new}`",
        patch.apply(),
        UNSAFE if synonym else SAFE,
        [
            f"AttributeError: '{m.group(1)}' object has no attribute '{attr}'",
            f"`{m.group(1)}` has `{new}`"
            + (", the same name with a synonym" if synonym else ", a spelling away"),
        ],
    )


RULES = [
    Rule(
        "def.method-outside-class",
        "names",
        "a method written at module level (its indentation lost) called on an instance",
        _method_outside,
    ),
    Rule(
        "attr.member-otherwise",
        "names",
        "a method or attribute of the script's class called by a synonym or a misspelling",
        _member_otherwise,
    ),
]
