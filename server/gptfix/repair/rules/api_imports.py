"""Rules for imports that fail in the installed versions.

Bridges ``ModuleNotFoundError: No module named 'keras.layers.experimental'`` and
``ImportError: cannot import name 'X' from 'M'`` with the ``import`` statements of the
script: each imported name is looked up in the user's interpreter in the module's
parents, a table of known moves and the usual Keras/TF homes, and the statement is
rewritten to import it from where it lives now.
"""

from __future__ import annotations

import ast
import re

from gptfix.index.imports import KERAS_SUBMODULES
from gptfix.model import Fix
from gptfix.repair.rules.api_attrs import NAME_RENAMES
from gptfix.repair.rules.base import SAFE, Rule, RuleContext
from gptfix.repair.rules.text import Patch

#: Module path rewrites known across Keras 2 -> 3 (tried first, then checked).
MODULE_MOVES = [
    (".layers.experimental.preprocessing", ".layers"),
    (".layers.experimental", ".layers"),
    (".utils.np_utils", ".utils"),
    (".utils.generic_utils", ".utils"),
    (".layers.core", ".layers"),
    (".layers.convolutional", ".layers"),
    (".layers.pooling", ".layers"),
    (".layers.normalization", ".layers"),
    (".layers.recurrent", ".layers"),
    (".layers.merge", ".layers"),
    (".layers.embeddings", ".layers"),
    (".optimizers.legacy", ".optimizers"),
    (".engine.topology", ".layers"),
    (".preprocessing.image", ".utils"),
    (".preprocessing.sequence", ".utils"),
    (".wrappers.scikit_learn", ".wrappers"),
]


def _failing_imports(ctx: RuleContext, module: str | None) -> list[ast.ImportFrom | ast.Import]:
    out: list[ast.ImportFrom | ast.Import] = []
    lines = set(ctx.user_lines)
    for node in ctx.src.walk():
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if module and (node.module == module or node.module.startswith(module + ".")):
                out.append(node)
            elif not module and node.lineno in lines:
                out.append(node)
        elif isinstance(node, ast.Import) and module:
            if any(a.name == module or a.name.startswith(module + ".") for a in node.names):
                out.append(node)
    out.sort(key=lambda n: (n.lineno not in lines, n.lineno))
    return out


def _candidates(module: str) -> list[str]:
    root = "tensorflow.keras" if module.startswith("tensorflow.keras") else module.split(".")[0]
    out: list[str] = []
    for old, new in MODULE_MOVES:
        if old in module:
            out.append(module.replace(old, new, 1))
    parts = module.split(".")
    for i in range(len(parts) - 1, 0, -1):
        out.append(".".join(parts[:i]))
    if root in ("keras", "tensorflow.keras"):
        out += [f"{root}.{h}" for h in KERAS_SUBMODULES]
        other = "tensorflow.keras" if root == "keras" else "keras"
        out += [f"{other}.{h}" for h in KERAS_SUBMODULES]
    return [c for c in dict.fromkeys(out) if c != module]


def _fix_imports(ctx: RuleContext) -> list[Fix]:
    m = ctx.search(r"No module named '([\w.]+)'")
    name_m = ctx.search(r"cannot import name '(\w+)' from '([\w.]+)'")
    if not m and not name_m:
        return []
    missing = m.group(1) if m else name_m.group(2) if name_m else ""
    if missing and "." not in missing and not name_m:
        return []  # a whole package is missing: nothing to rewrite offline
    stmts = _failing_imports(ctx, missing)
    if not stmts:
        return []
    stmt = stmts[0]
    if isinstance(stmt, ast.Import):
        return _fix_plain_import(ctx, stmt, missing)
    assert stmt.module
    wanted = [(a.name, a.asname) for a in stmt.names]
    # the statement's own module first: where it exists, only some names are gone
    cands = [stmt.module, *_candidates(stmt.module)]
    queries = [f"from {c} import {n}" for n, _ in wanted for c in cands]
    queries += [q for n, _ in wanted for _, q in _renamed_homes(stmt.module, cands, n)]
    ok = ctx.probe.importable(queries)
    lines: list[str] = []
    moved: list[str] = []
    uses: dict[str, str] = {}  # local name -> the replacement's name, where the uses change
    for name, asname in wanted:
        home = next((c for c in cands if ok.get(f"from {c} import {name}")), None)
        renamed = next((q for q in _renamed_homes(stmt.module, cands, name) if ok.get(q[1])), None)
        if home is None and renamed is not None:
            line, new = renamed[1], renamed[1].rsplit(" ", 1)[1]
            if asname or _bound(ctx, new):  # keep the script's local name
                line += f" as {asname or name}"
            else:
                uses[name] = new
            lines.append(line)
            moved.append(f"`{name}` was removed; `{line.split()[1]}.{new}` replaces it")
            continue
        if home is None:
            if not _read(ctx, asname or name):
                moved.append(
                    f"`{name}` is gone and the script never reads it: the import is dropped"
                )
                continue
            module_line = _vanished_submodule(ctx, stmt.module, name, asname)
            if module_line is None:
                return []
            lines.append(module_line)
            moved.append(
                f"`{name}` is gone; what the script uses from it is in `{module_line.split()[1]}`"
            )
            continue
        alias = f" as {asname}" if asname else ""
        lines.append(f"from {home} import {name}{alias}")
        moved.append(f"`{name}` is importable from `{home}` in the installed version")
    merged = _merge(lines)
    indent = ctx.src.indent_of(stmt.lineno)
    s, e = ctx.src.span(stmt)
    if uses and merged:
        patch = Patch(ctx.src.text).replace(s, e, ("\n" + indent).join(merged))
        for n in ctx.src.walk():
            if isinstance(n, ast.Name) and n.id in uses:
                a, b = ctx.src.span(n)
                patch.replace(a, b, uses[n.id])
        moved += [f"its uses are renamed: `{o}` -> `{n}`" for o, n in uses.items()]
        return ctx.fix(
            "api.moved-import",
            f"import {', '.join(uses.values())} instead of the removed "
            f"{', '.join(uses)} (and rename its uses)",
            patch.apply(),
            SAFE,
            [f"{ctx.failure.type}: {ctx.failure.message.splitlines()[0][:160]}", *moved],
        )
    if not merged:  # every name it imported is gone and unread: drop the statement
        return ctx.fix(
            "api.moved-import",
            f"remove the import of {', '.join(n for n, _ in wanted)} (gone, never used)",
            _drop_statement(ctx, stmt),
            SAFE,
            [f"{ctx.failure.type}: {ctx.failure.message.splitlines()[0][:160]}", *moved],
        )
    new_text = ctx.src.text[:s] + ("\n" + indent).join(merged) + ctx.src.text[e:]
    evidence = [f"{ctx.failure.type}: {ctx.failure.message.splitlines()[0][:160]}", *moved]
    return ctx.fix(
        "api.moved-import",
        f"import from {', '.join(sorted({ln.split()[1] for ln in merged}))} instead of {stmt.module}.{wanted[0][0]}"
        if merged[0].startswith("import ")
        else f"import from {', '.join(sorted({ln.split()[1] for ln in merged}))} instead of {stmt.module}",
        new_text,
        SAFE,
        evidence,
    )


def _renamed_homes(module: str, cands: list[str], name: str) -> list[tuple[str, str]]:
    """Where a removed name's known replacement may be imported from, as (name, statement):
    ``CuDNNLSTM`` -> ``from keras.layers import LSTM``, ``set_random_seed`` (from
    ``tensorflow``) -> ``from tensorflow.random import set_seed``."""
    out: list[tuple[str, str]] = []
    for new in NAME_RENAMES.get(name, []):
        sub, _, leaf = new.rpartition(".")
        for home in dict.fromkeys([module, *cands]):
            out.append((leaf, f"from {home}{'.' + sub if sub else ''} import {leaf}"))
    return out


def _bound(ctx: RuleContext, local: str) -> bool:
    """Whether the script binds ``local`` to something of its own (an assignment, a def, an
    import of another name as ``local``); importing ``local`` itself does not count."""
    for n in ctx.src.walk():
        if isinstance(n, ast.Name) and n.id == local and isinstance(n.ctx, ast.Store):
            return True
        if isinstance(n, ast.FunctionDef | ast.ClassDef) and n.name == local:
            return True
        if isinstance(n, ast.alias) and n.asname == local and n.name != local:
            return True
    return False


def _read(ctx: RuleContext, local: str) -> bool:
    """Whether the script reads the name ``local`` anywhere (beyond importing it)."""
    return any(
        isinstance(n, ast.Name) and n.id == local and isinstance(n.ctx, ast.Load)
        for n in ctx.src.walk()
    )


def _drop_statement(ctx: RuleContext, stmt: ast.stmt) -> str:
    """The text without ``stmt``: its whole line when it is alone there, else ``pass``."""
    s, e = ctx.src.span(stmt)
    text = ctx.src.text
    start = text.rfind("\n", 0, s) + 1
    end = text.find("\n", e)
    end = len(text) if end < 0 else end + 1
    if text[start:s].strip() or text[e:end].strip() or stmt.col_offset:
        return text[:s] + "pass" + text[e:]  # inside a block or sharing a line: keep it a statement
    return text[:start] + text[end:]


def _vanished_submodule(ctx: RuleContext, module: str, name: str, asname: str | None) -> str | None:
    """``from keras.utils import np_utils`` -> ``import keras.utils as np_utils`` when that has
    every attribute the script reads from ``np_utils``."""
    local = asname or name
    attrs = sorted(
        {
            n.attr
            for n in ctx.src.walk()
            if isinstance(n, ast.Attribute)
            and isinstance(n.value, ast.Name)
            and n.value.id == local
        }
    )
    if not attrs:
        return None
    cands = [module, *_candidates(f"{module}.{name}")]
    queries = {c: f"from {c} import {', '.join(attrs)}" for c in dict.fromkeys(cands)}
    ok = ctx.probe.importable(list(queries.values()))
    home = next((c for c, q in queries.items() if ok.get(q)), None)
    return f"import {home} as {local}" if home else None


def _merge(lines: list[str]) -> list[str]:
    by_home: dict[str, list[str]] = {}
    plain = [ln for ln in lines if ln.startswith("import ")]
    lines = [ln for ln in lines if not ln.startswith("import ")]
    for ln in lines:
        home, rest = re.match(r"from (\S+) import (.+)", ln).groups()  # type: ignore[union-attr]
        by_home.setdefault(home, []).append(rest)
    return [
        f"from {h} import {', '.join(dict.fromkeys(names))}" for h, names in by_home.items()
    ] + plain


def _fix_plain_import(ctx: RuleContext, stmt: ast.Import, missing: str) -> list[Fix]:
    cands = _candidates(missing)
    ok = ctx.probe.importable([f"import {c}" for c in cands])
    home = next((c for c in cands if ok.get(f"import {c}")), None)
    if home is None:
        return []
    seg = ctx.src.segment(stmt)
    new_stmt = seg.replace(missing, home)
    s, e = ctx.src.span(stmt)
    new_text = ctx.src.text[:s] + new_stmt + ctx.src.text[e:]
    uses = re.escape(missing) + r"\b"
    new_text = re.sub(uses, home, new_text)
    return ctx.fix(
        "api.moved-import",
        f"use `{home}` instead of the missing `{missing}`",
        new_text,
        SAFE,
        [f"No module named '{missing}'", f"`import {home}` works in the installed version"],
    )


RULES = [
    Rule(
        "api.moved-import",
        "api",
        "an import that fails in the installed version: import each name from where it lives now",
        _fix_imports,
    ),
]
