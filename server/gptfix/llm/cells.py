"""The cells of a script exported from a notebook, and code an answer adds as a new cell.

Bridges nbconvert's ``# In[7]:`` markers and ``# %%`` cells and the answer's words: "add a
new cell after the training cell", "Add a new cell at the end", "在训练 cell 后面加一个新
cell", "新建一个 cell" after "the last cell": the block goes after that cell (the one that
calls ``fit``, ``evaluate`` or ``predict``, the cell of a number, the last one), under a
new marker written the way the script writes its own; in a script with no markers, after
the statement that does that (or at the end). Code added as a new cell is an edit even
when it only prints: the user asked for it in the notebook.
"""

from __future__ import annotations

import ast
import re

from gptfix.index import build_index
from gptfix.llm.blocks import introducing

#: a cell's marker in an exported notebook: ``# In[7]:`` (nbconvert) or ``# %%``
CELL_MARK = re.compile(r"^#\s*(?:In\s*\[\s*(?P<n>\d*)\s*\]\s*:|%%)")

#: the prose adds the block as a new cell (not "run this in a new cell to check")
NEW_CELL = re.compile(
    r"(?i)\b(?:add|create|insert|make|start|append|put (?:this|it) in)\b[^.\n`]{0,25}?\bnew cell\b|"
    r"\b(?:run|use) (?:this|it) as a new cell\b|"
    r"\b(?:a[ñn]ade|agrega|crea)\s+una\s+(?:nueva\s+)?celda|"
    r"\bajoute[zr]?\s+une\s+(?:nouvelle\s+)?cellule|\bf[üu]ge\s+eine\s+neue\s+Zelle|"
    r"\badicione\s+uma\s+nova\s+c[ée]lula|добавьте\s+новую\s+ячейку|"
    r"新建(?:一个)?\s*(?:cell|单元格)|(?:加|添加)(?:一个)?新的?\s*(?:cell|单元格)|"
    r"(?:新しい|次の|新規|別の)セルを[^。\n]{0,6}?(?:追加|作|挿入)|"
    r"(?:새|다음)\s*셀(?:을|를)?\s*(?:하나\s*|한\s*개\s*)?(?:추가|만들)|"
    r"(?:加|添加|新增|插入)(?:一个|下面的|以下的?)?(?:新的?)?\s*(?:cell|单元格)"
)
_END = re.compile(
    r"(?i)\bat the (?:very )?(?:end|bottom)\b|\b(?:after|below) the (?:very )?last (?:one|cell)\b|"
    r"\bal final\b|[àa] la fin\b|\bam Ende\b|в конце|最后一个\s*(?:cell|单元格)|末尾|最後|마지막"
)
#: which cell the new one follows, by what it does
_ROLE_WORDS = {
    "fit": r"training|train|fit|训练|学習|학습|entrenamiento|entra[iî]nement|Training",
    "evaluate": r"evaluation|evaluate|评估|評価|평가|evaluaci[oó]n|[ée]valuation",
    "predict": r"prediction|predict|inference|预测|推理|予測|예측|predicci[oó]n|pr[ée]diction",
}
_NUMBER = re.compile(
    r"(?i)\b(?:after|below)\s+(?:cell\s*#?\s*|(?:the\s+)?(?:cell\s+)?In\s*\[\s*)(\d+)|"
    r"(?:cell|单元格|In\s*\[)\s*(\d+)\s*\]?\s*(?:后面|之后|后|の後|の下|다음|뒤)"
)


#: a cell named by the code it holds: "the cell that builds `X_train`", "`X = ...` を作って
#: いるセル", "生成 `X` 的单元格" (quotes near a cell word that is not the new cell)
_CELL_WORD = re.compile(
    r"(?i)(?<!new )(?<!nueva )(?<!nouvelle )(?<!neue )(?<!nova )(?<!новую )"
    r"(?<!新しい)(?<!次の)(?<!新的)(?<!新)(?<!새 )(?<!다음 )"
    r"\b(?:cell|celda|cellule|Zelle|c[ée]lula|ячейк\w*)\b|セル|单元格|셀"
)


_BINDING_KINDS = ("assign", "annassign", "augassign", "for", "def", "class")


def _binding_lines(text: str, name: str) -> set[int]:
    """The first lines of the top-level statements that bind ``name`` (the program model's)."""
    try:
        index = build_index(text)
    except SyntaxError:
        return set()
    return {
        b.stmt_line or b.line
        for b in index.bindings
        if b.name == name and b.scope == 0 and b.kind in _BINDING_KINDS
    }


def _squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text).replace("'", '"')


def _quoted_place(lines: list[str], tree: ast.Module, intro: str) -> int | None:
    """The 0-based line of the top-level statement a quote beside a cell word names (the
    first that binds a quoted name, the one a quote with ``...`` starts), or None."""
    text = "\n".join(lines)
    for word in _CELL_WORD.finditer(intro):
        near = intro[max(0, word.start() - 60) : word.end() + 60]
        for quote in re.findall(r"`([^`\n]+)`", near):
            head = _squeezed(quote.replace("\u2026", "...").split("...")[0])
            binders = _binding_lines(text, quote.strip()) if quote.strip().isidentifier() else set()
            hits = [
                st
                for st in tree.body
                if (
                    st.lineno in binders
                    if quote.strip().isidentifier()
                    else (len(head) >= 4 or re.fullmatch(r"[A-Za-z_]\w*=", head) is not None)
                    and _squeezed(ast.get_source_segment(text, st) or "").startswith(head)
                )
            ]
            if hits and (quote.strip().isidentifier() or len(hits) == 1):
                return hits[0].lineno - 1
    return None


def cells(lines: list[str]) -> list[tuple[str, int, int]]:
    """(label, first line, end line) of each cell, 0-based, end exclusive; labelled by
    ``In[N]``'s number, else counted from 1. Empty for a script with no markers."""
    marks = [(k, m) for k, x in enumerate(lines) if (m := CELL_MARK.match(x))]
    out = []
    for i, (k, m) in enumerate(marks):
        end = marks[i + 1][0] if i + 1 < len(marks) else len(lines)
        out.append((m["n"] or str(i + 1), k + 1, end))
    return out


def adds_cell(prose: str, after: str = "") -> bool:
    """Whether the prose just before a block (or right below it) adds it as a new cell."""
    return bool(NEW_CELL.search(_intro(prose, after)))


def _intro(prose: str, after: str = "") -> str:
    """The paragraph before the block, else the one right below it when that one says
    where the block goes ("Run it as a new cell after the prediction cell.")."""
    before = introducing(prose)
    if NEW_CELL.search(before) or not after.strip():
        return before
    below = after.strip().split("\n\n")[0]
    return below if NEW_CELL.search(below) and not below.rstrip().endswith((":", "：")) else before


def _doing(tree: ast.Module, role: str) -> list[ast.stmt]:
    """Top-level statements that call ``.fit(`` (``evaluate``, ``predict``) anywhere in them."""
    return [
        st
        for st in tree.body
        if any(
            isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr == role
            for n in ast.walk(st)
        )
    ]


def _last_code(lines: list[str], start: int, end: int) -> int:
    """The line after the last non-blank line of ``lines[start:end]``."""
    k = end
    while k > start and not lines[k - 1].strip():
        k -= 1
    return k


def new_cell_spot(
    lines: list[str], tree: ast.Module, prose: str, after_block: str = ""
) -> tuple[int, list[str]] | None:
    """Where a block added as a new cell goes (0-based line to insert at) and the lines to
    put before it (the new cell's marker); None when the prose adds no cell or names a
    cell the script does not have (or has several of)."""
    intro = _intro(prose, after_block)
    if not NEW_CELL.search(intro):
        return None
    found = cells(lines)
    after: int | None = None  # 0-based line: the new cell goes after the statement or cell there
    number = _NUMBER.search(intro)
    roles = [r for r, words in _ROLE_WORDS.items() if re.search(rf"(?i)(?:{words})", intro)]
    place = _quoted_place(lines, tree, intro)
    if place is not None:  # "right after the cell that builds `X_train`"
        after = place
    elif number is not None:
        label = number.group(1) or number.group(2)
        hit = [c for c in found if c[0] == label]
        if len(hit) != 1:
            return None
        after = hit[0][1]
    elif len(roles) == 1 and not _END.search(intro):
        doing = _doing(tree, roles[0])
        if not doing:
            return None
        after = doing[-1].lineno - 1
    if after is None:  # "at the end", "after the last cell", or no place said
        at = _last_code(lines, 0, len(lines))
    elif found:
        cell = next((c for c in found if c[1] <= after < c[2]), None)
        at = _last_code(lines, 0, cell[2]) if cell is not None else _last_code(lines, 0, len(lines))
    else:
        st = next(s for s in tree.body if s.lineno - 1 <= after <= (s.end_lineno or s.lineno) - 1)
        at = st.end_lineno or st.lineno
    if not found:
        return at, [""]
    numbers = [m["n"] for x in lines if (m := CELL_MARK.match(x)) and m["n"] is not None]
    if not numbers:
        return at, ["", "# %%"]
    # the last cell of a run notebook: the next number; elsewhere, as nbconvert writes an
    # unexecuted cell
    label = " "
    if at >= found[-1][1] and all(n.isdigit() for n in numbers):
        label = str(max(int(n) for n in numbers) + 1)
    return at, ["", "", f"# In[{label}]:", "", ""]
