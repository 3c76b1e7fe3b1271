"""What a code block of an answer is for, when it is not an edit of the script.

Answers mix edits with code meant to be run or read, not pasted: "run this in a new cell to
check the versions", ``for x, y in ds.take(1): print(x.shape)``, or the offending "before"
code quoted ahead of its fix. The applier skips such blocks with a note instead of placing
them (or refusing the whole answer for them):

- :func:`inspection` -- a block that only prints, displays or inspects (imports, ``print``,
  ``model.summary()``, a bare ``df.shape``, loops of those), unless it is a close variant
  of one of the script's own display lines with no "check"/"new cell" wording around it
  (then it edits that line);
- :func:`before_example` -- a block introduced as the wrong/offending/removed code, or
  whose code a later block of the answer repeats in changed form.
"""

from __future__ import annotations

import ast
import re
import textwrap

from gptfix.edits import parses
from gptfix.llm.block_text import literals_out
from gptfix.llm.blocks import introducing
from gptfix.llm.contradiction import DOWN, UP
from gptfix.llm.patches import Refused, TextEdit, find_lines
from gptfix.llm.prose_place import cues
from gptfix.llm.quoted import elided_statement

#: the prose adds the block to the script ("add this before `model.compile`")
_ADD_CUE = re.compile(
    r"(?i)\b(?:add|insert|put|place|a[ñn]ade|agrega|inserta|ajoute[zr]?|f[üu]ge|adicione|"
    r"aggiungi|добавьте)\b|追加|挿入|加上|添加|插入|加入|加一|추가하|넣으세요|넣어"
)
_BEFORE_CUE = re.compile(
    r"(?i)(\bremove\b|\bdelete\b|\bdrop (?:this|these|the)|offending|culprit|problem(?:atic)? "
    r"(?:line|code|is)|\bwrong\b|incorrect|\bbefore\b(?![*_]*\s+(?:`|calling|the call|you call|model|"
    r"compil|fitting|training|it\b|that\b|this line|the line|any\b|anything\b|creating|building|"
    r"(?:the|your|a)\s+(?:[`\w.()]+\s+){0,2}?(?:call|line|statement|cell|loop|layer|block)\b))|\bold code\b|currently (?:have|has)|"
    r"you (?:have|wrote)|your (?:current|original) code|error comes from|comes from this|"
    r"删除|去掉|删掉|问题出在|错误|原来的|修改前|原代码)"
)


def adds_code(prose: str) -> bool:
    """The prose's last paragraph asks to add code ("add this before ...", "加上", "追加")."""
    return bool(_ADD_CUE.search(introducing(prose)))


def before_example(prose: str, code: str, later_codes: list[str], script_text: str = "") -> bool:
    """True when the block is the "before" code of a fix shown afterwards.

    Either its introduction calls it the wrong/offending/removed code, or a later block
    of the same answer repeats one of its statements in changed form (same target or call).
    Never when a later block reads a name this block creates and the script lacks: that
    block needs this one, which is code to add.
    """
    try:
        mine = ast.parse(code).body
    except SyntaxError:
        mine = []
    if _feeds_later(mine, later_codes, _bound(script_text)):
        return False
    paragraph = introducing(prose)
    if _says_new_value(paragraph, mine, script_text) or _moves_said_way(
        paragraph, mine, script_text
    ):
        return False  # "raise it to 64 units:" over ``Dense(64)``: the change, not the problem
    said_step = _STEP.match(paragraph) is not None
    if (_ADD_CUE.search(paragraph) or cues(paragraph) or said_step) and not _PROBLEM_CUE.search(
        paragraph
    ):
        # "add these two lines after ...", "freeze the backbone right after it is created:"
        return False
    intro = _last_sentence(prose)
    if _BEFORE_CUE.search(introducing(prose)) and not (
        _FIX_CUE.search(intro) and not _BEFORE_CUE.search(intro)
    ):
        return True
    if not mine or (_FIX_CUE.search(intro) and not _BEFORE_CUE.search(intro)):
        return False  # introduced as the fix ("change that line to:"), not as the problem
    keys = {_key(s) for s in mine} - {None}
    dumps = {ast.dump(s) for s in mine}
    for later in later_codes:
        try:
            theirs = ast.parse(later).body
        except SyntaxError:
            continue
        for node in ast.walk(ast.Module(body=theirs, type_ignores=[])):
            if isinstance(node, ast.stmt) and _key(node) in keys and ast.dump(node) not in dumps:
                return True
    return False


_NUMBER = re.compile(r"(?<![\w.`])(\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)(?![\w`])")


def _says_new_value(paragraph: str, mine: list[ast.stmt], script_text: str) -> bool:
    """Whether the sentence before a block names, outside code, a number the block writes
    and the script's version of that statement has not (the statements that differ from
    the block's by numbers alone; the whole script when none does): a value the block is
    introduced to set."""
    words = re.sub(r"`[^`\n]*`", " ", _STEP.sub(" ", paragraph.lstrip("#*> ")))
    said = {float(x) for x in _NUMBER.findall(words)}
    if not said or not script_text:
        return False
    try:
        theirs = script_stmts(script_text)
    except SyntaxError:
        return False
    shapes = {literals_out(s, numbers_only=True) for s in mine}
    twins = [
        s
        for s in theirs
        for n in ast.walk(s)
        if isinstance(n, ast.stmt) and literals_out(n, numbers_only=True) in shapes
    ]
    have = {v for s in (twins or theirs) for v in _numbers(s)}
    return any(v in said and v not in have for s in mine for v in _numbers(s))


def _moves_said_way(paragraph: str, mine: list[ast.stmt], script_text: str) -> bool:
    """Whether the sentence before a block says to move a value one way ("you want to
    increase `FF_DIM`:") and the block is the script's statement with its numbers moved
    that way (``FF_DIM = 128`` for ``FF_DIM = 64``): the change, not the problem."""
    words = re.sub(r"`[^`\n]*`", " ", paragraph)
    up, down = bool(UP.search(words)), bool(DOWN.search(words))
    if up == down or not mine or not script_text:
        return False
    theirs = script_stmts(script_text)  # every statement, nested ones once
    for stmt in mine:
        twins = [
            t
            for t in theirs
            if literals_out(t, numbers_only=True) == literals_out(stmt, numbers_only=True)
        ]
        pairs = [
            (a.value, b.value)
            for t in twins[:1]
            for a, b in zip(ast.walk(t), ast.walk(stmt), strict=False)
            if isinstance(a, ast.Constant)
            and isinstance(b, ast.Constant)
            and isinstance(a.value, int | float)
            and isinstance(b.value, int | float)
            and a.value != b.value
        ]
        if len(twins) != 1 or not pairs or not all((y > x) == up for x, y in pairs):
            return False
    return True


def _numbers(node: ast.AST) -> set[float]:
    return {
        float(n.value)
        for n in ast.walk(node)
        if isinstance(n, ast.Constant) and isinstance(n.value, int | float)
        if not isinstance(n.value, bool)
    }


#: a numbered step of instructions ("**Step 1** -", "2.", "Schritt 3:"): its code is to apply
_STEP = re.compile(
    r"(?i)^\s*(?:\*\*)?(?:step|schritt|paso|[ée]tape|passo|шаг|步骤)\s*\d+|^\s*\d+[.)]\s"
)
#: the block is named as the code at fault (the "before" cue without its place word)
_PROBLEM_CUE = re.compile(
    r"(?i)(\bremove\b|\bdelete\b|\bdrop (?:this|these|the)|offending|culprit|problem(?:atic)? "
    r"(?:line|code|is)|\bwrong\b|incorrect|\bold code\b|currently (?:have|has)|you (?:have|wrote)(?:\s+(?:now|here|right now))?\s*[:：]|"
    r"your (?:current|original) code|error comes from|comes from this|删除|去掉|删掉|问题出在|错误|"
    r"原来的|修改前|原代码)"
)
_REMOVE_CUE = re.compile(
    r"(?i)(\bremove\b|\bdelete\b|\bdrop (?:this|these|the)\b|get rid of|删除|去掉|删掉|"
    r"\bentferne\b|\bl[öo]sche\b|\belimina\b|\bborra\b|\bsupprime[zr]?\b|\bremova\b|\bapague\b|"
    r"\brimuovi\b|\bcancella\b|удалите|削除して|消して|삭제하|지우)"
)


#: a verb that ends the sentence a block sits in, deleting it ("die beiden Zeilen [block]
#: löschen", "[block] を削除します", "[block] 삭제", "[block] satırlarını silin")
_REMOVE_AFTER = re.compile(
    r"^\s*(?:\S+\s+){0,2}?(?:l[öo]schen|entfernen|weglassen|streichen|silin|kald[ıi]r[ıi]n|"
    r"hapus|удалить|удалите)(?!\w)|^\s*(?:を|は)?\s*(?:削除して|削除します|消して)|^\s*(?:를|을)?\s*(?:삭제하세요|삭제해|지우세요)"
)
#: a negation in the clause that deletes: "nicht löschen", "を削除しないでください"
_KEEP_NOT = re.compile(
    r"(?i)\b(?:nicht|kein\w*|not|don'?t|no|не|nie)\b|しないで|しない|하지\s*마|않"
)


def removal_request(prose: str, after: str = "") -> bool:
    """The block is introduced as code to delete ("remove this line", "删掉这一行"), or the
    sentence it sits in ends by deleting it ("die beiden Zeilen [block] löschen")."""
    if _REMOVE_CUE.search(introducing(prose)):
        return True
    clause = re.split(r"[.!?;。！？；]", after.strip(), maxsplit=1)[0]
    return bool(_REMOVE_AFTER.match(after)) and not _KEEP_NOT.search(clause + " " + prose[-80:])


def repeated_later(code: str, later_codes: list[str]) -> int | None:
    """The 0-based position among ``later_codes`` of a later block that holds every
    statement of this one as written (a preview of the code it then gives in full)."""
    try:
        mine = {ast.dump(s) for s in ast.parse(code).body}
    except SyntaxError:
        return None
    if not mine:
        return None
    for k, later in enumerate(later_codes):
        try:
            theirs = {ast.dump(s) for s in ast.parse(textwrap.dedent(later)).body}
        except SyntaxError:
            continue
        if mine <= theirs and len(theirs) > len(mine):
            return k
    return None


def in_script(code: str, script_text: str) -> bool:
    """Whether any statement of ``code`` is, as written, a statement of the script."""
    try:
        mine = ast.parse(code).body
    except SyntaxError:
        return False
    have = {ast.dump(s) for s in script_stmts(script_text)}
    return any(ast.dump(s) in have for s in mine)


def _feeds_later(mine: list[ast.stmt], later_codes: list[str], script_names: set[str]) -> bool:
    """A later block reads a name this block binds and does not bind it itself
    (``lr_schedule`` built here, passed to the optimizer in the next step): this block is
    code to add, not the "before" version of that one."""
    made = {
        x.id
        for st in mine
        for x in ast.walk(st)
        if isinstance(x, ast.Name) and isinstance(x.ctx, ast.Store)
    } - script_names
    for later in later_codes:
        for name in made:
            if not re.search(rf"\b{re.escape(name)}\b", later):
                continue
            if not re.search(rf"(?m)^\s*{re.escape(name)}\s*=[^=]", later):
                return True
    return False


def _key(node: ast.stmt) -> str | None:
    if isinstance(node, ast.Assign):
        return "=" + " ".join(ast.unparse(t) for t in node.targets)
    if isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):
        return "()" + ast.unparse(node.value.func)
    return None


#: the sentence that introduces a block as the code to use ("use a single sigmoid unit:")
_FIX_CUE = re.compile(
    r"(?i)\b(use|change (?:it|this|that)? ?to|replace (?:it|this|that)? ?with|should (?:be|read)|"
    r"instead|switch to|fix(?:ed)? (?:it|version|code)|corrected|try|(?:so|then|just) (?:set|pass|add|"
    r"update|define|write))\b|改成|换成|改为|应该|使用|"
    r"に変更|に置き換え|로 바꾸|로 변경|\b(?:cambia(?:la)? por|c[aá]mbialo a|ersetze|[äa]ndere)\b"
)


def _last_sentence(prose: str) -> str:
    """The sentence right before the block (the one that introduces it)."""
    text = introducing(prose).strip()
    parts = re.split(r"(?<=[.!?。！？])\s+", text)
    return parts[-1] if parts else ""


def script_stmts(text: str) -> list[ast.stmt]:
    try:
        tree = ast.parse(text)
    except SyntaxError:
        return []
    return [n for n in ast.walk(tree) if isinstance(n, ast.stmt)]


def _bound(text: str) -> set[str]:
    out: set[str] = set()
    for node in script_stmts(text):
        for sub in ast.walk(node):
            if isinstance(sub, ast.Name) and isinstance(sub.ctx, ast.Store):
                out.add(sub.id)
            elif isinstance(sub, ast.FunctionDef | ast.ClassDef):
                out.add(sub.name)
            elif isinstance(sub, ast.arg):
                out.add(sub.arg)
    return out


def remove_quoted(text: str, code: str) -> tuple[str, TextEdit] | None:
    """Delete the statements a "remove this" block quotes, when they are in the script once."""
    lines = text.split("\n")
    try:
        start, end = find_lines(lines, code.strip("\n").split("\n"))
    except Refused:
        return None
    out = lines[:start] + lines[end:]
    if parses("\n".join(out)) is not None:
        return None
    where = f"line {start + 1}" if end == start + 1 else f"lines {start + 1}-{end}"
    edit = TextEdit("delete_statement", start + 1, end, f"removed {where} as asked")
    return "\n".join(out), edit


def quoted_statement(text: str, quoted: str) -> str | None:
    """The whole source of the one statement an elided quote abbreviates in ``text``
    (``model.compile(...)``), or None: the script as it was, before any block changed it."""
    if "..." not in quoted and "\u2026" not in quoted:
        return None
    span = elided_statement(text, quoted.strip())
    if span is None:
        return None
    return "\n".join(text.split("\n")[span[0] : span[1]])


def statement_with(text: str, quoted: str) -> str | None:
    """The source of the one expression statement of ``text`` (a call made for its effect)
    holding the expression ``quoted`` (``print(history.history["val_accuracy"])`` for "the
    line that prints `history.history["val_accuracy"]`"), or None when none or several do."""
    try:
        tree = ast.parse(text)
        want = ast.dump(ast.parse(quoted.strip(), mode="eval").body)
    except SyntaxError:
        return None
    found = [
        st
        for st in ast.walk(tree)
        if isinstance(st, ast.Expr)
        and any(ast.dump(x) == want for x in ast.walk(st) if isinstance(x, ast.expr))
    ]
    if len(found) != 1:
        return None
    st = found[0]
    return "\n".join(text.split("\n")[st.lineno - 1 : st.end_lineno])


def _commented(lines: list[str]) -> list[str]:
    """Lines turned into comments at their own indentation (``    # x = 1``)."""
    out = []
    for line in lines:
        body = line.lstrip()
        out.append(line[: len(line) - len(body)] + "# " + body if body else line)
    return out


def remove_line(text: str, quoted: str, comment: bool = False) -> tuple[str, TextEdit] | None:
    """Delete the one statement a prose quote names ("remove the `lr_cb = ...` line"): the
    quote is the statement, or its start when it ends in ``...``. Not when a name the
    statement binds is still read elsewhere, or when the quote matches twice. With
    ``comment`` ("comment out the line"), the statement stays as comments."""
    try:
        tree = ast.parse(text)
    except SyntaxError:
        return None
    lines = text.split("\n")
    norm = _spaces(quoted.strip().rstrip(".… ").strip())
    spots = quoted_statements(tree, lines, quoted)
    # a list item (``keras.callbacks.X(...),``) is a line, not a statement
    if not spots and (m := re.fullmatch(r"([A-Za-z_]\w*)\(\.\.\.\)", norm)):
        # "remove the `ReduceLROnPlateau` callback from the list": the one list entry made
        # by that call, on lines of its own
        entries = [
            e
            for lst in ast.walk(tree)
            if isinstance(lst, ast.List)
            for e in lst.elts
            if isinstance(e, ast.Call) and ast.unparse(e.func).rsplit(".", 1)[-1] == m[1]
        ]
        if len(entries) != 1:
            return None
        first, last = entries[0].lineno - 1, (entries[0].end_lineno or entries[0].lineno) - 1
        rows = lines[first : last + 1]
        entry = entries[0]
        before = lines[first].encode()[: entry.col_offset].decode()
        after = lines[last].encode()[entry.end_col_offset or 0 :].decode()
        if not before.strip() and after.strip() in ("", ","):
            out = lines[:first] + (_commented(rows) if comment else []) + lines[last + 1 :]
            if parses("\n".join(out)) is None:
                done = "commented out" if comment else "removed"
                return "\n".join(out), TextEdit(
                    "delete_line", first + 1, last + 1, f"{done} the `{m[1]}(...)` entry as asked"
                )
        return None
    if not spots:
        items = [i for i, x in enumerate(lines) if _spaces(x) in (norm, norm + ",")]
        if len(items) != 1 or not norm.endswith(",") and not lines[items[0]].rstrip().endswith(","):
            return None
        kept = _commented(lines[items[0] : items[0] + 1]) if comment else []
        out = lines[: items[0]] + kept + lines[items[0] + 1 :]
        if parses("\n".join(out)) is not None:
            return None
        line = items[0] + 1
        done = "commented out" if comment else "removed"
        return "\n".join(out), TextEdit("delete_line", line, line, f"{done} line {line} as asked")
    if len(spots) != 1:
        return None
    node = spots[0]
    # a name the statement only transforms (``labels = to_categorical(labels, n)``) keeps
    # the value it had before: only names it makes must not be read elsewhere
    reads = {
        x.id for x in ast.walk(node) if isinstance(x, ast.Name) and isinstance(x.ctx, ast.Load)
    }
    bound = {
        x.id for x in ast.walk(node) if isinstance(x, ast.Name) and isinstance(x.ctx, ast.Store)
    } - reads
    start, end = node.lineno - 1, node.end_lineno or node.lineno
    kept = _commented(lines[start:end]) if comment else []
    out = lines[:start] + kept + lines[end:]
    rest = "\n".join(out)
    if parses(rest) is not None or any(
        isinstance(x, ast.Name) and x.id in bound and isinstance(x.ctx, ast.Load)
        for x in ast.walk(ast.parse(rest))
    ):
        return None
    where = f"line {start + 1}" if end == start + 1 else f"lines {start + 1}-{end}"
    done = "commented out" if comment else "removed"
    return rest, TextEdit("delete_statement", start + 1, end, f"{done} {where} as asked")


def quoted_statements(tree: ast.Module, lines: list[str], quoted: str) -> list[ast.stmt]:
    """The script's statements (not definitions) a prose quote names: the whole statement,
    or its start when the quote ends in ``...``, compared with spaces and quotes evened."""
    prefix = quoted.strip()
    elided = prefix.endswith(("...", "…"))
    norm = _spaces(prefix.rstrip(".… ").strip())
    spots = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.stmt) or isinstance(node, ast.FunctionDef | ast.ClassDef):
            continue
        head = _spaces(lines[node.lineno - 1])
        whole = _spaces(" ".join(lines[node.lineno - 1 : node.end_lineno or node.lineno]))
        if (elided and head.startswith(norm)) or whole == norm or whole == norm.rstrip(","):
            spots.append(node)
    return spots


def _spaces(line: str) -> str:
    return re.sub(r"\s+", " ", line.strip()).replace("'", '"')
