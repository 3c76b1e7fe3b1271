"""Code blocks of an answer that only inspect: run them, do not paste them.

Answers mix edits with code meant to be run or read: "run this in a new cell to check the
versions", ``for x, y in ds.take(1): print(x.shape)``, "### Quick check" over ``x, y =
get_data(4, 0); print(y.shape)``. :func:`inspection` tells them apart: a block that only
prints, displays or inspects (imports, ``print``, ``model.summary()``, a bare ``df.shape``,
loops of those), with, when the prose calls it a check, temporary names of its own (names
the script does not bind at module level, and calls on them: ``m = MLP(8); m.build(...)``),
unless it is a close variant of one of the script's own display lines with no "check"/"new
cell" wording around it (then it edits that line). The applier skips such blocks with a
note (:mod:`gptfix.llm.nonedit`).
"""

from __future__ import annotations

import ast
import difflib
import re

from gptfix.index import build_index
from gptfix.llm.blocks import introducing
from gptfix.llm.cells import adds_cell
from gptfix.llm.displays import display_stmt
from gptfix.llm.placewords import END
from gptfix.llm.prose_anchor import prose_anchor
from gptfix.llm.roles import adds_code, script_stmts

_INSPECT_CUE = re.compile(
    r"(?i)(new cell|separate cell|another cell|\bcheck\b|\bconfirm\b|\bverify\b|\binspect\b|"
    r"\bdebug\b|\bsanity\b|to see (?:what|which|whether|if)|paste (?:the|its) output|"
    r"run (?:this|the following)|新的?单元格|新建.*cell|检查|查看|确认|打印出来|看看|"
    r"nueva celda|celda nueva|新しいセル|確認|compr(?:ue|o)b|verifica|nova c[ée]lula|nuova cella|nouvelle cellule|"
    r"neue[nr]? Zelle|[üu]berpr[üu]f|pr[üu]fe|новой ячейке|провер|nowej kom[óo]rce|sprawd[źz]|"
    r"nieuwe cel|controleer|ô mới|kiểm tra|เซลล์ใหม่|ตรวจสอบ|नई सेल|जाँच|जांच|새 셀|확인|"
    r"yeni h[üu]cre|kontrol et|sel baru|periksa|\bcek\b|controlla|v[ée]rifie)"
)
#: the answer asks to run the block and report what it prints: a probe, whatever it binds
_REPORT_BACK = re.compile(
    r"(?i)paste (?:me )?(?:the|its|your) output|share (?:the|its|your) output|"
    # "Paste the printed numbers (or the plot) here", "post the values back"
    r"\b(?:paste|post|share|send)\s+(?:me\s+)?(?:the|its|your|those)\s+(?:printed\s+)?"
    r"(?:numbers|values|stats|statistics|shapes|plot|results?)\b[^.\n]{0,30}\b(?:here|back)\b|"
    r"\b(?:paste|post|share|send|show)\s+(?:me|us)\s+(?:back\s+)?(?:the\s+|its\s+|your\s+)?"
    r"(?:output|results?|what (?:it|this|they) (?:prints?|shows?|says))\b|"
    r"tell me what (?:it|this) prints|\b(?:interpreter|REPL)\b|インタプリタ|出力(?:結果)?を(?:貼|共有)|"
    r"贴(?:出来|上来|给我)|把输出|collez la sortie|pega (?:la|el) (?:salida|resultado)|"
    r"cole a sa[íi]da|f[üu]ge die Ausgabe|결과를\s*알려|출력(?:을|\s*결과를)\s*알려|결과를\s*공유|"
    r"告诉我(?:结果|输出)|(?:结果|输出)(?:发给我|贴给我)|結果を教えて|出力を教えて|"
    r"d[ií]me (?:qu[ée]|lo que) (?:imprime|sale|muestra)|schick mir die Ausgabe"
)
_CHANGES_STATE = frozenset(
    {"fit", "compile", "save", "save_weights", "train_on_batch", "load_weights", "export"}
)


def _probe(body: list[ast.stmt]) -> bool:
    """Statements that show something and train, save or define nothing."""
    if any(isinstance(s, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) for s in body):
        return False
    calls = [n for s in body for n in ast.walk(s) if isinstance(n, ast.Call)]
    if any(isinstance(c.func, ast.Attribute) and c.func.attr in _CHANGES_STATE for c in calls):
        return False
    return any(_shows(s) for s in body)


def _shows(node: ast.stmt) -> bool:
    """Whether the statement actually shows something (not only imports)."""
    return not isinstance(node, ast.Import | ast.ImportFrom | ast.Pass)


_CELL_WORD = re.compile(r"(?i)cell|celda|c[ée]lula|cellule|Zelle|cella|ячейк|单元格|セル|셀")
#: "(in the same cell, right below)": placed in the cell the block before it added
_SAME_CELL = re.compile(
    r"(?i)\b(?:in|into|at the end of) the same cell|in derselben Zelle|in der gleichen Zelle|"
    r"dans la m[êe]me cellule|en la misma celda|na mesma c[ée]lula|nella stessa cella|"
    r"в той же ячейке|在同一个?单元格|同じセル|같은 셀"
)


def inspection(code: str, prose: str, script_text: str, after: str = "") -> bool:
    """True when the block only inspects (see the module docstring): run it, don't paste it.

    Temporary names (``batch = next(iter(ds))``) are allowed when the prose says the block
    is a check and the script does not bind them, and so is a line of the script run again
    (``(x_train, y_train), _ = load_data()``) to have its values at hand.
    """
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return False
    body = tree.body
    if not body:
        return False
    cue = bool(_INSPECT_CUE.search(introducing(prose)))
    # "run this in a new cell": a build there only shows (a build before the script's own
    # ``summary()`` said as a fix is an edit)
    in_cell = cue and bool(_CELL_WORD.search(introducing(prose)))
    if cue and _REPORT_BACK.search(prose + "\n" + after) and _probe(body):
        # "run this in a new cell (at the end of your notebook) and paste me the output",
        # "add a new cell after In[4] and run it ... paste the output here"
        return True
    if adds_cell(prose, after) or _SAME_CELL.search(introducing(prose)):
        # "add a new cell after the training cell that prints the history", "check that
        # it loads (in the same cell, right below):"
        return False
    at_end = END.search(introducing(prose))
    if at_end is not None and not _CELL_WORD.search(at_end.group(0)):
        return False  # "Am Ende des Notebooks kannst du noch ausgeben ...": placed in it
    script_names = _module_names(script_text)
    script_dumps = {ast.dump(x) for x in script_stmts(script_text)} if cue else set()
    temps: list[ast.stmt] = [
        s
        for s in body
        if isinstance(s, ast.Assign)
        and (
            all(
                # ``_`` is a throwaway name, whoever else binds it
                isinstance(n, ast.Name) and (n.id not in script_names or n.id == "_")
                for t in s.targets
                for n in ast.walk(t)
                if isinstance(n, ast.Name | ast.Attribute | ast.Subscript)
            )
            # the script's own line run again to have the values at hand in a new cell
            or ast.dump(s) in script_dumps
        )
    ]
    mine = {
        n.id
        for s in temps
        for n in ast.walk(s)
        if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)
    }
    # ``m.build((None, 20))`` on a temporary model of the check: part of the check; in a
    # check, ``model.build(...)`` before ``model.summary()`` only builds to show
    temps += [
        s
        for s in body
        if _call_on(s, mine) or _on_own_sample(s, mine) or (in_cell and _builds_to_show(s, body))
    ]
    if not all(display_stmt(s) or (cue and (s in temps or _looped_check(s))) for s in body):
        return False
    if not any(_shows(s) and s not in temps for s in body):
        return False
    if cue:
        return True
    last = introducing(prose)
    if adds_code(last) and prose_anchor(script_text.split("\n"), last) is not None:
        return False  # "add `model.summary()` before `model.compile`": a line to add
    # no wording: a close variant of one of the script's own display lines edits that line
    script_lines = [ast.unparse(s) for s in script_stmts(script_text)]
    for s in body:
        if not _shows(s):
            continue
        text = ast.unparse(s)
        for have in script_lines:
            if have != text and difflib.SequenceMatcher(a=have, b=text).ratio() >= 0.75:
                return False
    return True


def _module_names(text: str) -> set[str]:
    """The names the script binds at module level (a check run in a new cell rebinds
    only those; a function's locals are not touched)."""
    return {b.name for b in build_index(text).bindings if b.scope == 0}


def _call_on(node: ast.stmt, names: set[str]) -> bool:
    """``m.build(...)``: a call of a method of one of ``names`` that trains or saves nothing."""
    value = node.value if isinstance(node, ast.Expr) else None
    return (
        isinstance(value, ast.Call)
        and isinstance(value.func, ast.Attribute)
        and isinstance(value.func.value, ast.Name)
        and value.func.value.id in names
        and value.func.attr not in _CHANGES_STATE
    )


def _builds_to_show(node: ast.stmt, body: list[ast.stmt]) -> bool:
    """``model.build((None, 64, 32, 1))`` followed in the block by ``model.summary()``."""
    value = node.value if isinstance(node, ast.Expr) else None
    if not (
        isinstance(value, ast.Call)
        and isinstance(value.func, ast.Attribute)
        and value.func.attr == "build"
        and isinstance(value.func.value, ast.Name)
    ):
        return False
    owner = value.func.value.id
    return any(
        isinstance(c := getattr(s, "value", None), ast.Call)
        and isinstance(c.func, ast.Attribute)
        and c.func.attr == "summary"
        and isinstance(c.func.value, ast.Name)
        and c.func.value.id == owner
        for s in body[body.index(node) + 1 :]
    )


def _looped_check(node: ast.stmt) -> bool:
    """``for _ in range(2): xb, yb = next(iter(ds_val)); print(...)``: a loop of reads and
    displays that trains, saves and defines nothing."""
    if not isinstance(node, ast.For | ast.While | ast.With):
        return False
    inner = [s for s in ast.walk(node) if isinstance(s, ast.stmt) and s is not node]
    return _probe([node]) and all(display_stmt(s) or _binds_names(s) for s in inner)


def _binds_names(node: ast.stmt) -> bool:
    """``xb, yb = next(iter(ds))``: plain names bound, no attribute set
    (``layer.trainable = False`` changes the model)."""
    if not isinstance(node, ast.Assign):
        return False
    return all(
        isinstance(t, ast.Name)
        or (isinstance(t, ast.Tuple) and all(isinstance(e, ast.Name) for e in t.elts))
        for t in node.targets
    )


def _on_own_sample(node: ast.stmt, names: set[str]) -> bool:
    """``model.fit(small_x, small_y, epochs=50)`` in a check: the script's model trained
    or scored on the check's own sample (every data argument one of ``names``), an
    experiment to run, not the script's training."""
    value = node.value if isinstance(node, ast.Expr) else None
    if not (isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute)):
        return False
    if value.func.attr not in ("fit", "evaluate", "predict", "train_on_batch"):
        return False
    data = [*value.args, *(k.value for k in value.keywords if k.arg in ("x", "y"))]
    return bool(data) and all(isinstance(a, ast.Name) and a.id in names for a in data)
