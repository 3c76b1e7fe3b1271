"""New top-level functions, classes and values of an answer, placed once every block is in.

Bridges the applier's loop over blocks (:mod:`gptfix.llm.apply`) and the finished script: a
new value one block makes and a later block reads (``es = EarlyStopping(...)`` before "pass
it to `fit`"), and new definitions, go where the prose puts them, else before their first
use, else after the imports and definitions.
"""

from __future__ import annotations

import ast
import builtins
import textwrap
from dataclasses import dataclass

from gptfix.index import CONVENTIONAL, build_index
from gptfix.llm.related import bound_names
from gptfix.llm.result import ApplyResult
from gptfix.llm.stmts import Stmt, make_stmts


@dataclass
class NewTopLevel:
    """A new top-level function, class or value of an answer, placed once every block is in."""

    name: str
    lines: list[str]
    #: the first line of the top-level statement the prose puts it next to, and whether after
    place: tuple[str, bool] | None = None
    #: the answer wrote it indented, as a function's line: it may go inside the function
    nested: bool = False


def _said_place(
    lines: list[str], top: list[Stmt], item: NewTopLevel, first_use: int | None
) -> int | None:
    """Where the prose put a new definition ("add this class right after `build_model`"),
    when that statement is still there once and the place comes before the first use."""
    if item.place is None:
        return None
    anchor, after = item.place
    found = [s for s in top if lines[s.start].strip() == anchor]
    if len(found) != 1:
        return None
    k = top.index(found[0])
    while after and found[0].is_import and k + 1 < len(top) and top[k + 1].is_import:
        k += 1  # "right after the imports": after the ones the answer added there too
    at = top[k].end if after else found[0].start
    if not after:
        while at > 0 and lines[at - 1].strip().startswith("#"):
            at -= 1
    return at if first_use is None or at <= first_use else None


def _inside_user(lines: list[str], top: list[Stmt], item: NewTopLevel) -> tuple[int, str] | None:
    """A new value (not a definition) that one function alone uses, and nothing at the top
    level: (0-based line of the statement of that function's body using it first, its
    indentation); None otherwise."""
    if item.lines and item.lines[0].lstrip().startswith(("def ", "class ", "async def ", "@")):
        return None

    def uses(node: ast.AST) -> bool:
        return any(isinstance(n, ast.Name) and n.id == item.name for n in ast.walk(node))

    users = [st for st in top if uses(st.node)]
    if len(users) != 1 or not isinstance(users[0].node, ast.FunctionDef | ast.AsyncFunctionDef):
        return None
    body = make_stmts(users[0].node.body, lines)
    first = next((st for st in body if uses(st.node)), None)
    if first is None:
        return None
    row = lines[first.start]
    return first.start, row[: len(row) - len(row.lstrip())]


def place_deferred(text: str, deferred: list[NewTopLevel], result: ApplyResult) -> str:
    """New top-level functions/classes (and new values a later step reads) go where the
    prose put them, else before their first use, else after the imports/defs."""
    for item in deferred:
        name, new_lines = item.name, item.lines
        lines = text.split("\n")
        top = make_stmts(ast.parse(text).body, lines)
        first_use = None
        for st in top:
            used = any(isinstance(n, ast.Name) and n.id == name for n in ast.walk(st.node))
            if used:
                first_use = st.start
                while first_use > 0 and lines[first_use - 1].strip().startswith("#"):
                    first_use -= 1
                break
        at = _said_place(lines, top, item, first_use)
        if at is None and item.place is None and item.nested:
            inside = _inside_user(lines, top, item)
            if inside is not None:  # the one function using it: before its use there
                at, indent = inside
                lines[at:at] = [
                    indent + x if x.strip() else x
                    for x in textwrap.dedent("\n".join(new_lines)).split("\n")
                ]
                text = "\n".join(lines)
                continue
        if at is None:
            at = first_use
        if at is None:
            heads = [s for s in top if s.is_import or s.is_def]
            at = heads[-1].end if heads else 0
        is_def = bool(new_lines) and new_lines[0].lstrip().startswith(
            ("def ", "class ", "async def ", "@")
        )
        if is_def and 0 < at < len(lines):  # two blank lines around it, none added twice
            before = [] if not lines[at - 1].strip() else ["", ""]
            after = [] if not lines[at].strip() else ["", ""]
            lines[at:at] = [*before, *new_lines, *after]
        elif at < len(lines):
            lines[at:at] = [*new_lines, *(["", ""] if is_def else [])]
        else:
            lines[at:at] = [*(["", ""] if is_def else []), *new_lines]
        text = "\n".join(lines)
    return text


#: the libraries whose modules a new value may read before the script imports them
_LIBRARY = ("keras", "tensorflow")


def values_for_later(code: str, later: list[str], script_text: str) -> list[NewTopLevel]:
    """New top-level values a later block of the answer uses (``aug = keras.Sequential([
    layers.RandomFlip(...)])`` before "apply it right after `inputs`: ``x = aug(inputs)``"),
    to place before their first use like new functions; [] when the block
    is anything else: it binds a name the script has, reads a value of the script (then
    its place depends on that value), or no later block reads what it makes."""
    try:
        body = ast.parse(textwrap.dedent(code)).body
        script = ast.parse(script_text)
    except SyntaxError:
        return []
    script_names = bound_names(script)
    # what a new value may read: the module's imports, functions, classes and constants
    # (``IMG = 32``), not arrays the script computes (the program model's value kinds)
    top = {
        b.name
        for b in build_index(script_text).bindings
        if b.scope == 0 and (b.kind in ("import", "def", "class") or b.value_kind == "constant")
    }
    later_reads = set()
    for c in later:
        try:
            tree = ast.parse(textwrap.dedent(c))
        except SyntaxError:
            continue
        later_reads |= {x.id for x in ast.walk(tree) if isinstance(x, ast.Name)}
    out: list[NewTopLevel] = []
    made: set[str] = set()
    lines = textwrap.dedent(code).split("\n")
    for st in body:
        if not (
            isinstance(st, ast.Assign)
            and len(st.targets) == 1
            and isinstance(st.targets[0], ast.Name)
            and st.targets[0].id not in script_names
        ):
            return []
        name = st.targets[0].id
        reads = {x.id for x in ast.walk(st.value) if isinstance(x, ast.Name)}
        # a module the script does not import yet (``keras``): the answer's import adds it
        modules = {
            x
            for x in reads
            if x not in script_names and CONVENTIONAL.get(x, "").split(".")[0] in _LIBRARY
        }
        if not reads <= (top | made | modules | set(dir(builtins))):
            return []
        made.add(name)
        out.append(NewTopLevel(name, lines[st.lineno - 1 : st.end_lineno]))
    if not out or not made & later_reads:
        return []
    return out
