"""An answer's ``from M import ...`` line merged into the script's own import from ``M``.

Bridges a patched script (an answer's new import added after the script's imports) and
what the answer meant: "update the import" rewrites the script's line. When the patched
script imports from a module twice at the top level -- the script's own line and the
answer's -- the two become one line where the script had it: the answer's names, plus the
script's names that the patched script still reads or that the script never read (an
import the user keeps for later), in the answer's order, the kept ones after. Names the
answer imports from another module of the same library (``keras.layers`` where the script
has Keras 2's ``keras.layers.convolutional``) leave the script's lines for the answer's,
which takes the place of the first. A name the script read before and the answer's edits no
longer read, and that the answer's import leaves out (``Merge`` after a merge line became
``Concatenate``), goes: keeping it would keep its failure (a removed API) for nothing. So
does a script line importing from a module the answer now imports itself (``from keras
import utils`` over ``from keras.utils import np_utils``) once the edits no longer read its
names.
"""

from __future__ import annotations

import ast
import re


def _reads(tree: ast.AST) -> set[str]:
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
            out.add(node.id)
    return out


def _bound(alias: ast.alias) -> str:
    return alias.asname or alias.name


def _spelled(alias: ast.alias) -> str:
    return f"{alias.name} as {alias.asname}" if alias.asname else alias.name


def _line(module: str, level: int, names: list[ast.alias], indent: str = "") -> str:
    head = f"{indent}from {'.' * level}{module} import "
    listed = ", ".join(_spelled(a) for a in names)
    if len(head) + len(listed) <= 99:
        return head + listed
    body = "".join(f"{indent}    {_spelled(a)},\n" for a in names)
    return f"{head}(\n{body}{indent})"


def _family(module: str) -> str:
    """The library a module belongs to (``keras``; ``tensorflow.keras`` is another spelling,
    which an answer's import does not move the script to)."""
    return module.split(".")[0]


def _moved(
    new: ast.ImportFrom,
    mine: list[ast.ImportFrom],
    old_dumps: set[str],
    done: set[int],
    stale: frozenset[str] | set[str] = frozenset(),
) -> list[tuple[int, int, list[str]]]:
    """Edits that take the names the answer now imports from another module of the same
    library (``keras.layers`` for Keras 2's ``keras.layers.convolutional``) out of the
    script's lines, the answer's line in the place of the first; [] when none. So do the
    names of a module the answer now imports itself (``from keras import utils`` over
    ``from keras.utils import np_utils``) that its edits no longer read (``stale``)."""
    wanted = {_bound(a) for a in new.names}
    through = {f"{new.module}.{a.name}" for a in new.names}  # modules the answer binds
    olds = [
        o
        for o in mine
        if ast.dump(o) in old_dumps
        and o.module != new.module
        and o.level == new.level == 0
        and _family(o.module or "") == _family(new.module or "")
        and (
            wanted & {_bound(a) for a in o.names}
            or (o.module in through and {_bound(a) for a in o.names} <= stale)
        )
        and not any(a.name == "*" for a in o.names)
        and o.lineno not in done
    ]
    wanted |= {_bound(a) for o in olds if o.module in through for a in o.names}
    if not olds or new.end_lineno is None:
        return []
    edits: list[tuple[int, int, list[str]]] = [(new.lineno, new.end_lineno, [])]
    for k, o in enumerate(sorted(olds, key=lambda o: o.lineno)):
        rest = [a for a in o.names if _bound(a) not in wanted]
        repl = [_line(o.module or "", 0, rest)] if rest else []
        if k == 0:
            repl = [_line(new.module or "", 0, list(new.names)), *repl]
        edits.append((o.lineno, o.end_lineno or o.lineno, repl))
        done.add(o.lineno)
    return edits


def merge_from_imports(before: str, after: str) -> tuple[str, list[tuple[str, str]]]:
    """``after`` with each new top-level ``from M import ...`` merged into the script's own
    line importing from ``M`` (see the module doc), and for each merge (``M``, what was
    done, in words)."""
    try:
        old_tree, new_tree = ast.parse(before), ast.parse(after)
    except SyntaxError:
        return after, []
    old_dumps = {ast.dump(n) for n in old_tree.body if isinstance(n, ast.ImportFrom)}
    read_before, read_after = _reads(old_tree), _reads(new_tree)
    lines = after.split("\n")
    edits: list[tuple[int, int, list[str]]] = []  # (first line, end line, replacement), 1-based
    notes: list[tuple[str, str]] = []
    mine = [n for n in new_tree.body if isinstance(n, ast.ImportFrom) and n.module]
    done: set[int] = set()
    for new in [n for n in mine if ast.dump(n) not in old_dumps]:
        if any(a.name == "*" for a in new.names):
            continue
        wanted = {_bound(a) for a in new.names}
        same = [
            o
            for o in mine
            if ast.dump(o) in old_dumps
            and (o.module, o.level) == (new.module, new.level)
            and not any(a.name == "*" for a in o.names)
            and o.lineno not in done
        ]
        if not same:
            moved = _moved(new, mine, old_dumps, done, read_before - read_after)
            if moved:
                edits.extend(moved)
                where = ", ".join(str(e[0]) for e in moved if e[0] != new.lineno)
                notes.append(
                    (new.module or "", f"imports from `{new.module}` instead (line {where})")
                )
            continue
        own = max(same, key=lambda o: len(wanted & {_bound(a) for a in o.names}))
        kept = [
            a
            for a in own.names
            if _bound(a) not in wanted and (_bound(a) in read_after or _bound(a) not in read_before)
        ]
        dropped = [_bound(a) for a in own.names if _bound(a) not in wanted and a not in kept]
        merged = [*new.names, *kept]  # the line as the answer writes it, then what stays
        assert own.end_lineno is not None and new.end_lineno is not None
        edits.append(
            (own.lineno, own.end_lineno, _line(new.module or "", new.level, merged).split("\n"))
        )
        edits.append((new.lineno, new.end_lineno, []))
        note = f"updated `from {new.module} import ...` at line {own.lineno}"
        if dropped:
            note += f" (without {', '.join(f'`{d}`' for d in dropped)}, no longer used)"
        notes.append((new.module or "", note))
        done.add(own.lineno)
    for first, end, repl in sorted(edits, key=lambda e: e[0], reverse=True):
        lines[first - 1 : end] = repl
    return "\n".join(lines), notes


def with_imports(text: str, imports: list[str]) -> str:
    """``text`` with each import statement of ``imports`` it lacks placed after its last
    top-level import (at its top when it has none)."""
    tree = ast.parse(text)
    have = {ast.dump(n) for n in tree.body if isinstance(n, ast.Import | ast.ImportFrom)}
    new = [x for x in imports if ast.dump(ast.parse(x.strip()).body[0]) not in have]
    if not new:
        return text
    heads = [n for n in tree.body if isinstance(n, ast.Import | ast.ImportFrom)]
    at = (heads[-1].end_lineno or heads[-1].lineno) if heads else 0
    lines = text.split("\n")
    lines[at:at] = [x.strip() for x in new]
    return "\n".join(lines)


#: an import statement quoted in prose: "don't forget `import json` at the top"
_QUOTED_IMPORT = re.compile(
    r"`((?:from\s+[\w.]+\s+)?import\s+[\w.]+(?:\s*,\s*[\w.]+)*(?:\s+as\s+\w+)?)`"
)


def said_imports(text: str, prose: str, missing: set[str]) -> list[str]:
    """The import statements the prose quotes ("no olvides añadir `import json` junto a los
    demás imports") that bind a name the patched script reads but never binds."""
    out = []
    for quote in _QUOTED_IMPORT.findall(prose):
        try:
            node = ast.parse(quote.strip()).body[0]
        except (SyntaxError, IndexError):
            continue
        assert isinstance(node, ast.Import | ast.ImportFrom)
        binds = {(a.asname or a.name).split(".")[0] for a in node.names}
        if binds & missing and quote.strip() not in out:
            out.append(quote.strip())
    return out
