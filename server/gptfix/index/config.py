"""Bridges a script's configuration and its readers: ``CFG.batch_size`` and who uses it.

Four styles are recognised: a config class (``class CFG: batch_size = 8``, including
dataclasses and instances of it), a config dict (``cfg = dict(lr=1e-3)`` /
``config = {"lr": 1e-3}``), argparse defaults (``parser.add_argument("--batch-size",
default=32)`` read as ``args.batch_size``) and module-level UPPER_CASE constants.
"""

from __future__ import annotations

import ast
import re

from gptfix.index.facts import ConfigAttr
from gptfix.index.positions import LineMap, short
from gptfix.index.scopes import ScopeWalker

_DICT_NAME = re.compile(r"(cfg|conf|config|param|hparam|^hp$|setting|option|^opt$|args)", re.I)
_CONSTANT = re.compile(r"^[A-Z][A-Z0-9_]*$")


def find_config(tree: ast.Module, walker: ScopeWalker, lines: LineMap) -> list[ConfigAttr]:
    """Every configuration value of the script with the places that read it."""
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
                    )
                )
    for b in walker.bindings:
        if b.value_kind == "config" and b.value and b.value.split("(")[0] in owners_attr:
            owners_attr[b.name] = b.value.split("(")[0]
    dict_owners = _dict_configs(tree, lines, attrs)
    arg_owner = _argparse(walker, lines, attrs)
    _constants(tree, lines, attrs)
    _collect_uses(attrs, owners_attr, dict_owners, arg_owner, walker)
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
            if not _DICT_NAME.search(owner):
                continue
            for knode, vnode in zip(value.keys, value.values, strict=True):
                if isinstance(knode, ast.Constant) and isinstance(knode.value, str):
                    items.append((knode.value, vnode, knode.lineno))
        elif (
            isinstance(value, ast.Call)
            and isinstance(value.func, ast.Name)
            and value.func.id == "dict"
            and value.keywords
        ):
            items = [(k.arg, k.value, k.value.lineno) for k in value.keywords if k.arg]
        if not items:
            continue
        owners.add(owner)
        for key, item, line in items:
            attrs.append(
                ConfigAttr(owner, key, _src(item, lines), line, "dict", f'{owner}["{key}"]')
            )
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
        attrs.append(
            ConfigAttr(
                owner or "args", dest, default, call.lineno, "argparse", f"{owner or 'args'}.{dest}"
            )
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
            ConfigAttr("", target.id, _src(value, lines), stmt.lineno, "constant", target.id)
        )


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
