"""Bridges a script's configuration and its readers: ``CFG.batch_size`` and who uses it.

Four styles are recognised: a config class (``class CFG: batch_size = 8``, including
dataclasses and instances of it), a config dict (``cfg = dict(lr=1e-3)`` /
``config = {"lr": 1e-3}``), argparse defaults (``parser.add_argument("--batch-size",
default=32)`` read as ``args.batch_size``) and module-level UPPER_CASE constants.
"""

from __future__ import annotations

import ast
import re

from gptfix.index.facts import ConfigAttr, ConfigMisread
from gptfix.index.positions import LineMap, short
from gptfix.index.scopes import ScopeWalker

_DICT_NAME = re.compile(r"(cfg|conf|config|param|hparam|^hp$|setting|option|^opt$|args)", re.I)
_CONSTANT = re.compile(r"^[A-Z][A-Z0-9_]*$")


def find_config(
    tree: ast.Module,
    walker: ScopeWalker,
    lines: LineMap,
    misreads: list[ConfigMisread] | None = None,
) -> list[ConfigAttr]:
    """Every configuration value of the script with the places that read it.

    ``misreads``, when given, receives the reads of attributes no configuration defines.
    """
    attrs: list[ConfigAttr] = []
    owners_attr: dict[str, str] = {}  # instance/alias name -> owner it reads like
    for name, (cls, sid) in walker.classes.items():
        if walker.class_kinds.get(name) != "config" or walker.scopes[sid].kind == "class":
            continue
        owners_attr[name] = name
        for stmt in cls.body:
            target = (
                stmt.targets[0] if isinstance(stmt, ast.Assign) else getattr(stmt, "target", None)
            )
            value = getattr(stmt, "value", None)
            if isinstance(target, ast.Name):
                attrs.append(
                    ConfigAttr(
                        name,
                        target.id,
                        _src(value, lines),
                        stmt.lineno,
                        "class",
                        f"{name}.{target.id}",
                        span=lines.span(value) if value is not None else None,
                    )
                )
    for b in walker.bindings:
        if b.value_kind == "config" and b.value and b.value.split("(")[0] in owners_attr:
            owners_attr[b.name] = b.value.split("(")[0]
    dict_owners = _dict_configs(tree, lines, attrs)
    arg_owner = _argparse(walker, lines, attrs)
    _constants(tree, lines, attrs)
    _collect_uses(attrs, owners_attr, dict_owners, arg_owner, walker)
    if misreads is not None:
        misreads.extend(
            find_misreads(tree, walker, lines, attrs, owners_attr, dict_owners, arg_owner)
        )
    return attrs


def _src(node: ast.AST | None, lines: LineMap) -> str:
    return "" if node is None else short(lines.node_text(node), 120)


def _dict_configs(tree: ast.Module, lines: LineMap, attrs: list[ConfigAttr]) -> set[str]:
    owners: set[str] = set()
    for stmt in tree.body:
        if not (isinstance(stmt, ast.Assign) and isinstance(stmt.targets[0], ast.Name)):
            continue
        owner = stmt.targets[0].id
        value = stmt.value
        items: list[tuple[str, ast.expr, int]] = []
        if isinstance(value, ast.Dict) and value.keys:
            if not _DICT_NAME.search(owner) or None in value.keys:
                continue  # ``{**config, "lr": 1e-4}``: the keys of another dict too
            for knode, vnode in zip(value.keys, value.values, strict=True):
                if isinstance(knode, ast.Constant) and isinstance(knode.value, str):
                    items.append((knode.value, vnode, knode.lineno))
        elif (
            isinstance(value, ast.Call)
            and isinstance(value.func, ast.Name)
            and value.func.id == "dict"
            and value.keywords
            and not value.args  # ``dict(config, units=64)``: the keys of another dict too
            and all(k.arg for k in value.keywords)
        ):
            items = [(k.arg, k.value, k.value.lineno) for k in value.keywords if k.arg]
        if not items:
            continue
        owners.add(owner)
        for key, item, line in items:
            attrs.append(
                ConfigAttr(
                    owner, key, _src(item, lines), line, "dict", f'{owner}["{key}"]',
                    span=lines.span(item),
                )
            )  # fmt: skip
    return owners


def _argparse(walker: ScopeWalker, lines: LineMap, attrs: list[ConfigAttr]) -> str | None:
    owner = None
    for a in walker.assignments:
        v = a.value
        if (
            isinstance(v, ast.Call)
            and isinstance(v.func, ast.Attribute)
            and v.func.attr in ("parse_args", "parse_known_args")
            and a.targets
        ):
            owner = a.targets[0]
    found = False
    for call, _sid in walker.calls:
        if not (isinstance(call.func, ast.Attribute) and call.func.attr == "add_argument"):
            continue
        flags = [
            a.value for a in call.args if isinstance(a, ast.Constant) and isinstance(a.value, str)
        ]
        kw = {k.arg: k.value for k in call.keywords if k.arg}
        dest_node = kw.get("dest")
        if isinstance(dest_node, ast.Constant) and isinstance(dest_node.value, str):
            dest = dest_node.value
        else:
            longs = [f for f in flags if f.startswith("--")] or flags
            if not longs:
                continue
            dest = longs[0].lstrip("-").replace("-", "_")
        default = _src(kw["default"], lines) if "default" in kw else "None"
        found = True
        owned = owner or "args"
        span = lines.span(kw["default"]) if "default" in kw else None
        attrs.append(
            ConfigAttr(owned, dest, default, call.lineno, "argparse", f"{owned}.{dest}", span=span)
        )
    return (owner or "args") if found else None


def _constants(tree: ast.Module, lines: LineMap, attrs: list[ConfigAttr]) -> None:
    for stmt in tree.body:
        if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1:
            target, value = stmt.targets[0], stmt.value
        elif isinstance(stmt, ast.AnnAssign) and stmt.value is not None:
            target, value = stmt.target, stmt.value
        else:
            continue
        if not (isinstance(target, ast.Name) and _CONSTANT.match(target.id)):
            continue
        if not _is_literal(value):
            continue
        attrs.append(
            ConfigAttr(
                "", target.id, _src(value, lines), stmt.lineno, "constant", target.id,
                span=lines.span(value),
            )
        )  # fmt: skip


def _is_literal(node: ast.expr) -> bool:
    for sub in ast.walk(node):
        if not isinstance(
            sub,
            (ast.Constant, ast.List, ast.Tuple, ast.Set, ast.BinOp, ast.UnaryOp, ast.operator,
             ast.unaryop, ast.Load, ast.Dict, ast.Name),
        ):  # fmt: skip
            return False
        if isinstance(sub, ast.Name) and not _CONSTANT.match(sub.id):
            return False
    return True


def _collect_uses(
    attrs: list[ConfigAttr],
    owners_attr: dict[str, str],
    dict_owners: set[str],
    arg_owner: str | None,
    walker: ScopeWalker,
) -> None:
    by_key: dict[tuple[str, str], ConfigAttr] = {}
    for attr in attrs:
        by_key.setdefault((attr.owner, attr.name), attr)

    for base, name, line, col in walker.attr_reads:
        owner = owners_attr.get(base) or (arg_owner if base == arg_owner else None)
        found = by_key.get((owner, name)) if owner else None
        if found is not None:
            found.uses.append((line, col))
    for base, name, line, col in walker.key_reads:
        found = by_key.get((base, name)) if base in dict_owners else None
        if found is not None:
            found.uses.append((line, col))
    constants = {a.name: a for a in attrs if a.style == "constant"}
    for acc in walker.accesses:
        if acc.name in constants and acc.ctx != "del":
            constants[acc.name].uses.append((acc.line, acc.col))


def _norm(name: str) -> str:
    return name.replace("_", "").replace("-", "").lower()


def open_owners(tree: ast.Module, owners: set[str]) -> set[str]:
    """Owners the script extends in ways a static read cannot follow: attribute or key
    stores, ``setattr``/``update``/``vars``, or a config class with base classes."""
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute | ast.Subscript) and isinstance(node.ctx, ast.Store):
            if isinstance(node.value, ast.Name) and node.value.id in owners:
                out.add(node.value.id)
        elif isinstance(node, ast.Call):
            f = node.func
            if isinstance(f, ast.Name) and f.id in ("setattr", "vars", "getattr") and node.args:
                first = node.args[0]
                if isinstance(first, ast.Name):
                    out.add(first.id)
            elif (
                isinstance(f, ast.Attribute)
                and isinstance(f.value, ast.Name)
                and f.attr in ("update", "setdefault", "__setitem__")
            ):
                out.add(f.value.id)
        elif isinstance(node, ast.ClassDef) and node.name in owners:
            if any(not (isinstance(b, ast.Name) and b.id == "object") for b in node.bases):
                out.add(node.name)
    return out


def stored_on_self(node: ast.AST) -> dict[str, int]:
    """Attributes stored on ``self`` inside ``node`` (a class or a method): name -> the
    line of the first store."""
    out: dict[str, int] = {}
    for sub in ast.walk(node):
        if (
            isinstance(sub, ast.Attribute)
            and isinstance(sub.ctx, ast.Store)
            and isinstance(sub.value, ast.Name)
            and sub.value.id == "self"
        ):
            out.setdefault(sub.attr, sub.lineno)
    return out


def class_members(cls: ast.ClassDef) -> set[str]:
    """Names a class has from its own code: what its body defines (methods, nested classes,
    class attributes) and what its methods store on ``self`` (also in tuples and ``+=``);
    ``setattr(self, name, ...)`` with a literal name adds it, with a name made at run time
    adds ``"*"`` (anything may be set)."""
    out: set[str] = set(stored_on_self(cls))
    for stmt in cls.body:
        if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            out.add(stmt.name)
        for node in ast.walk(stmt) if isinstance(stmt, ast.Assign | ast.AnnAssign) else []:
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                out.add(node.id)
    for node in ast.walk(cls):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "setattr"
            and len(node.args) >= 2
        ):
            name = node.args[1]
            literal = isinstance(name, ast.Constant) and isinstance(name.value, str)
            out.add(str(name.value) if isinstance(name, ast.Constant) and literal else "*")
    return out


def find_misreads(
    tree: ast.Module,
    walker: ScopeWalker,
    lines: LineMap,
    attrs: list[ConfigAttr],
    owners_attr: dict[str, str],
    dict_owners: set[str],
    arg_owner: str | None,
) -> list[ConfigMisread]:
    """Reads of configuration attributes (or keys) that no configuration defines.

    Only owners whose every value the script shows are checked: a config class without
    base classes, argparse results, config dicts; an owner the script also writes to,
    extends (``setattr``, ``update``) or hands to ``vars`` is left alone. The close match
    is the defined value of the same owner whose name is equal ignoring case and
    underscores, else the closest spelling.
    """
    import difflib

    open_names = open_owners(
        tree, {*owners_attr, *dict_owners, *([arg_owner] if arg_owner else [])}
    )
    defined: dict[str, dict[str, ConfigAttr]] = {}
    for attr in attrs:
        if attr.style != "constant":
            defined.setdefault(attr.owner, {}).setdefault(attr.name, attr)
    members: dict[str, set[str]] = {}
    for name, (cls, _sid) in walker.classes.items():
        if name in owners_attr.values():
            members[name] = class_members(cls)
    out: list[ConfigMisread] = []
    seen: set[tuple[str, str, int, int]] = set()

    def check(base: str, owner: str, name: str, line: int, col: int, expr: str) -> None:
        if base in open_names or owner in open_names or name.startswith("__"):
            return
        known = defined.get(owner, {})
        has = members.get(owner, set())
        if name in known or name in has or "*" in has:
            return
        if (base, name, line, col) in seen:
            return
        seen.add((base, name, line, col))
        same = [a for n, a in known.items() if _norm(n) == _norm(name)]
        if not same:
            close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.75)
            same = [known[close[0]]] if close else []
        match = same[0] if same else None
        close_expr = None
        if match is not None:
            close_expr = (
                f'{base}["{match.name}"]' if match.style == "dict" else f"{base}.{match.name}"
            )
        out.append(
            ConfigMisread(owner, name, line, col, expr, close_expr, match.line if match else None)
        )

    for base, name, line, col in walker.attr_reads:
        owner = owners_attr.get(base) or (arg_owner if base == arg_owner else None)
        if owner and owner in defined:
            check(base, owner, name, line, col, f"{base}.{name}")
    for node in ast.walk(tree):  # ``cfg["key"]`` (``cfg.get("key", default)`` may miss)
        if (
            isinstance(node, ast.Subscript)
            and isinstance(node.ctx, ast.Load)
            and isinstance(node.value, ast.Name)
            and node.value.id in dict_owners
            and isinstance(node.slice, ast.Constant)
            and isinstance(node.slice.value, str)
        ):
            base, key = node.value.id, node.slice.value
            col = lines.char_col(node.lineno, node.col_offset)
            check(base, base, key, node.lineno, col, f'{base}["{key}"]')
    return out
