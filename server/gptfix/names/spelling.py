"""Module paths in a snippet spelled the script's way (``layers.Dense`` written as the
script's ``keras.layers.Dense``; ``tf.keras`` is ``keras``), and the snippet imports that
become redundant once they are: the module-alias half of snippet reconciliation."""

from __future__ import annotations

import ast
import re

from gptfix.index import CONVENTIONAL, Binding, ScriptIndex, canonical
from gptfix.index.imports import dotted
from gptfix.names.reconciliation import ModuleRewrite, Reconciliation
from gptfix.names.stars import star_binds, star_modules


def _chain_nodes(tree: ast.Module) -> list[ast.expr]:
    """Maximal ``a.b.c`` chains (and bare names) read in the snippet."""
    inner: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute):
            inner.add(id(node.value))
    out: list[ast.expr] = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.Attribute, ast.Name)) and id(node) not in inner:
            if isinstance(node.ctx, ast.Load) and dotted(node):
                out.append(node)
    return out


def module_rewrites(
    snip: ScriptIndex,
    tree: ast.Module,
    sidx: ScriptIndex,
    line: int,
    visible: dict[str, Binding],
    free: list[str],
    rec: Reconciliation,
    own: frozenset[str] = frozenset(),
) -> None:
    """Record in ``rec`` each module path the snippet spells otherwise than the script
    (with the imports the script lacks for it), and the snippet imports made redundant.
    ``own``: names the answer binds itself (``callbacks = [...]``): never module paths."""
    scopes = set(sidx.scope_chain(sidx.enclosing_scope(line).id))
    snippet_imports = {n.local: n for n in snip.imports.names if n.scope == 0}
    droppable = {local: True for local in snippet_imports}
    starred = star_modules(sidx.text)
    for node in _chain_nodes(tree):
        written = dotted(node) or ""
        head, _, rest = written.partition(".")
        if head in own:
            continue
        if head in free and head not in snippet_imports:
            if head in visible and visible[head].kind != "import":
                continue  # the script's own variable, not a module path
            if head in visible:
                # the script binds the head itself: it names what the script means by it;
                # only respell it when the script writes that thing another way
                q = sidx.imports.resolve(written, scopes)
                if q is None or sidx.imports.spell(q, scopes) is None:
                    continue
            elif starred and (
                star_binds(head, starred) or any(a.name == head for a in sidx.accesses)
            ):
                continue  # ``Flatten`` under ``from tensorflow.keras.layers import *``
        if head in snippet_imports:
            if _same_style(snippet_imports[head].written, sidx) and head not in visible:
                droppable[head] = False  # ``from keras.x import Y`` in a ``keras`` script: kept
                continue
            q = snip.imports.resolve(written)
        elif head in visible and visible[head].kind == "import" and head in free:
            q = sidx.imports.resolve(written, scopes)
        elif (
            head in free
            and head in CONVENTIONAL
            and (head not in visible or visible[head].value_kind == "module")
        ):
            base = CONVENTIONAL[head]
            q = canonical(f"{base}.{rest}" if rest else base)
        else:
            continue
        if q is None:
            continue
        spelled = sidx.imports.spell(q, scopes)
        if spelled is None:
            if head in snippet_imports:
                droppable[head] = False
                continue
            spelled, stmt = sidx.imports.spell_or_import(q)
            if stmt and stmt not in rec.imports_needed:
                rec.imports_needed.append(stmt)
        if spelled != written and _valid_as_written(sidx, written, spelled):
            continue
        if spelled != written:
            ln = node.lineno
            col = snip.lines.char_col(ln, node.col_offset)
            rec._chains[(ln, col, written)] = spelled
            rec.module_rewrites.append(ModuleRewrite(written, spelled, ln))
    for local, imported in snippet_imports.items():
        if droppable[local] and sidx.imports.spell(imported.qualified, scopes) is not None:
            rec._drops.add((imported.line, local))
            rec.dropped_imports.append(f"{local} ({imported.written})")


def _valid_as_written(sidx: ScriptIndex, written: str, spelled: str) -> bool:
    """Whether the snippet's spelling already names the same thing in the script and the
    script writes it that way at least as often (``keras.Sequential`` in a script that also
    imports ``tensorflow as tf`` but writes ``keras.`` itself)."""
    same = sidx.imports.resolve(written)
    if same is None or same != sidx.imports.resolve(spelled):
        return False
    # respell only into a spelling the script has: ``keras.utils.x`` stays as written in a
    # script that writes ``keras.`` and never ``tf.keras.``
    mine, theirs = _style_roots(written, spelled)
    if _uses(sidx.text, theirs + ".x") == 0:
        return True
    return _uses(sidx.text, written) >= max(1, _uses(sidx.text, spelled)) or _uses(
        sidx.text, mine + ".x"
    ) >= _uses(sidx.text, theirs + ".x")


def _style_roots(written: str, spelled: str) -> tuple[str, str]:
    """The parts of two spellings of one thing that differ, up to their first shared part
    (``keras`` and ``tf.keras`` for ``keras.utils.f`` / ``tf.keras.utils.f``)."""
    a, b = written.split("."), spelled.split(".")
    k = 0
    while k < min(len(a), len(b)) and a[-1 - k] == b[-1 - k]:
        k += 1
    return ".".join(a[: len(a) - k + 1]), ".".join(b[: len(b) - k + 1])


def _uses(text: str, path: str) -> int:
    """How often ``text`` writes the module part of ``path`` (``keras.`` in ``keras.Input``)."""
    prefix = path.rsplit(".", 1)[0] if "." in path else path
    return len(re.findall(rf"(?<![\w.]){re.escape(prefix)}\.", text))


def _same_style(written: str, sidx: ScriptIndex) -> bool:
    """An answer's import written the way the script reaches Keras already (``keras.x`` in
    a script that imports ``keras``; ``tensorflow.keras.x`` in one that imports from
    ``tensorflow.keras``): the author's spelling needs no respelling."""
    paths = [n.written for n in sidx.imports.names]
    if written == "keras" or written.startswith("keras."):
        return any(p == "keras" or p.startswith("keras.") for p in paths)
    if written.startswith("tensorflow.keras"):
        return any(p.startswith("tensorflow.keras") for p in paths)
    return False
