"""An answer that gathers the script's module-level constants into a config object: "group
the hyperparameters in a dataclass", ``class Config: seed: int = 42 ...`` then ``cfg =
Config()``, "replace the constants with that block, then use `cfg.<name>` everywhere".

Bridges such a block and the program model's configuration facts (each constant's value and
every read of it): a constant is taken over by a field of the same name (case and
underscores aside) and the same value; at least three must be, and the prose must say the
block replaces them ("replace", "instead of", "everywhere"). The block goes where the first
taken constant was (its imports after the script's), the taken constants' lines go, and
every read of one becomes a read of the config (``cfg.seed``, ``Config.seed`` or
``CFG["seed"]``, as the block makes it). Anything else (a field with another value, a
read the facts do not place exactly) leaves the answer to the other readers (None).
"""

from __future__ import annotations

import ast
import re
import textwrap

from gptfix.edits import parses
from gptfix.index import build_index
from gptfix.llm.blocks import Block
from gptfix.llm.patches import TextEdit

_SAYS_REPLACE = re.compile(
    r"(?i)\b(?:replace|instead of|everywhere|in place of|swap out)\b|\bersetze|\bremplace|"
    r"\breemplaza|\bsubstitu|替换|换成|代替|置き換|대신"
)


def config_migration(
    script_text: str, blocks: list[Block], prose: str
) -> tuple[str, int, TextEdit] | None:
    """The script with its constants moved into the config a block defines, the number
    (1-based) of that block and the edit; None when no block is such a config."""
    if not _SAYS_REPLACE.search(prose):
        return None
    index = build_index(script_text)
    if index.syntax_error is not None:
        return None
    constants = {a.name: a for a in index.config if a.style == "constant" and not a.owner}
    for number, block in enumerate(blocks, 1):
        if block.kind != "code":
            continue
        try:
            tree = ast.parse(textwrap.dedent(block.text))
        except SyntaxError:
            continue
        holder = _holder(tree)
        if holder is None:
            continue
        spell, fields = holder
        taken = {
            name: field
            for name, attr in constants.items()
            for field, value in fields.items()
            if _norm(name) == _norm(field) and _same_value(attr.value, value)
        }
        if len(taken) < 3:
            continue
        moved = _move(script_text, block, tree, {n: constants[n] for n in taken}, taken, spell)
        if moved is not None:
            names = ", ".join(f"`{n}`" for n in sorted(taken, key=lambda n: constants[n].line))
            return (
                moved[0],
                number,
                TextEdit(
                    "replace_statement",
                    moved[1],
                    moved[1],
                    f"moved {names} into the config it defines",
                ),
            )
    return None


def _holder(tree: ast.Module) -> tuple[str, dict[str, ast.expr]] | None:
    """The config a block defines: its fields (name -> value) and how a field is read
    (``cfg.{}`` for an instance ``cfg = Config()``, ``Config.{}`` for the class itself,
    ``CFG["{}"]`` for a dict)."""
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            fields: dict[str, ast.expr] = {}
            for st in node.body:
                if isinstance(st, ast.AnnAssign) and isinstance(st.target, ast.Name) and st.value:
                    fields[st.target.id] = st.value
                elif (
                    isinstance(st, ast.Assign)
                    and len(st.targets) == 1
                    and isinstance(st.targets[0], ast.Name)
                ):
                    fields[st.targets[0].id] = st.value
            instances = [
                s.targets[0].id
                for s in tree.body
                if isinstance(s, ast.Assign)
                and len(s.targets) == 1
                and isinstance(s.targets[0], ast.Name)
                and isinstance(s.value, ast.Call)
                and isinstance(s.value.func, ast.Name)
                and s.value.func.id == node.name
                and not s.value.args
                and not s.value.keywords
            ]
            owner = instances[0] if len(instances) == 1 else node.name
            return owner + ".{}", fields
        if (
            isinstance(node, ast.Assign)
            and len(node.targets) == 1
            and isinstance(node.targets[0], ast.Name)
            and isinstance(node.value, ast.Dict)
            and all(
                isinstance(k, ast.Constant) and isinstance(k.value, str) for k in node.value.keys
            )
        ):
            keys = [str(k.value) for k in node.value.keys if isinstance(k, ast.Constant)]
            return node.targets[0].id + '["{}"]', dict(zip(keys, node.value.values, strict=True))
    return None


def _norm(name: str) -> str:
    return name.replace("_", "").lower()


def _same_value(written: str, value: ast.expr) -> bool:
    try:
        return bool(ast.literal_eval(written) == ast.literal_eval(value))
    except (ValueError, SyntaxError, TypeError):
        return False


def _move(
    text: str,
    block: Block,
    tree: ast.Module,
    attrs: dict,  # name -> ConfigAttr
    taken: dict[str, str],
    spell: str,
) -> tuple[str, int] | None:
    """The script with the reads rewritten, the constants' lines removed and the block put
    in the first one's place; with the 1-based line where it went."""
    lines = text.split("\n")
    module = ast.parse(text)
    stmt_at = {s.lineno: s for s in module.body}
    # reads, rewritten from the last so columns stay right
    reads = sorted(
        ((line, col, name) for name, a in attrs.items() for line, col in a.uses), reverse=True
    )
    for line, col, name in reads:
        row = lines[line - 1]
        if row[col : col + len(name)] != name:
            return None  # the facts do not place this read exactly: leave it
        lines[line - 1] = row[:col] + spell.format(taken[name]) + row[col + len(name) :]
    gone: list[tuple[int, int]] = []
    for a in attrs.values():
        st = stmt_at.get(a.line)
        if st is None:
            return None
        gone.append((st.lineno - 1, st.end_lineno or st.lineno))
    gone.sort()
    imports = [s for s in tree.body if isinstance(s, ast.Import | ast.ImportFrom)]
    code = textwrap.dedent(block.text).rstrip("\n").split("\n")
    body = [
        x
        for k, x in enumerate(code, 1)
        if not any(i.lineno <= k <= (i.end_lineno or i.lineno) for i in imports)
    ]
    while body and not body[0].strip():
        body.pop(0)
    import_lines = [x for i in imports for x in code[i.lineno - 1 : i.end_lineno or i.lineno]]
    first = gone[0][0]
    if body and body[0].startswith(("@", "class ", "def ")) and first >= 2:
        if not lines[first - 1].strip() and lines[first - 2].strip():
            body.insert(0, "")  # two blank lines before a definition
    out = list(lines)
    for start, end in reversed(gone):
        out[start:end] = body if start == first else []
    last_import = max(
        (
            s.end_lineno or s.lineno
            for s in module.body
            if isinstance(s, ast.Import | ast.ImportFrom)
        ),
        default=0,
    )
    if import_lines:
        if last_import > first:
            return None  # constants above the imports: no clear place for the block's imports
        out[last_import:last_import] = import_lines
    new = "\n".join(out)
    if parses(new) is not None:
        return None
    return new, first + 1 + len(import_lines)
