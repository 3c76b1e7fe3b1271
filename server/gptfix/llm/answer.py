"""Parse a chat answer into the pieces gptfix can apply, exactly as chat models write them.

Bridges free-form model replies and the applier. An answer is prose around fenced
blocks; each block becomes one :class:`Block`:

- ``search_replace``: ``<<<<<<< SEARCH`` / ``=======`` / ``>>>>>>> REPLACE`` blocks (fenced
  or not, several per fence);
- ``diff``: unified diffs (``diff``/``patch`` fences, or bodies made of ``@@``/``+``/``-`` lines);
- ``code``: Python code (``python``/``py`` fences, unlabelled fences that parse, or a
  Markdown indented code block that parses);
- ``suggestion``: anything else (``bash pip install ...``, ``!pip`` lines, tracebacks):
  shown to the user, never inserted.

Edits said in the prose, pairs and alternatives are read by :mod:`gptfix.llm.prose_edits`
(blocks offered as an alternative stay suggestions, so two alternatives are never both
applied). Code pasted from a Python or IPython session loses its prompts and output; a
log pasted in a ``python`` fence is a suggestion. Elision markers
(``# ... existing code ...``, ``# 省略原有代码``, a bare ``...``) are recognised by
:func:`is_elision`; the applier resolves them from the original code.
"""

from __future__ import annotations

import ast
import re
import textwrap

from gptfix.llm.bare_lines import (
    bare_code,
    bare_run,
    connected_statement,
    indented_code,
    lead_in_lines,
    quote_bare_calls,
    quoted_variants,
    unfenced_script,
)
from gptfix.llm.block_text import (
    FENCE,
    is_log,
    looks_like_diff,
    looks_like_python,
    session_output,
    shell_line,
    silent_inputs,
    strip_line_numbers,
    strip_prompts,
)
from gptfix.llm.blocks import Block, ParsedAnswer
from gptfix.llm.double_quoted import quote_double_quoted_code
from gptfix.llm.moves import prose_moves
from gptfix.llm.options import UPDATE, mark_alternatives
from gptfix.llm.pairs import pair_before_after
from gptfix.llm.prose_edits import (
    inline_edits,
    pair_quoted_line,
)
from gptfix.llm.prose_inline import (
    inline_additions,
    inline_becomes,
    inline_new_calls,
)
from gptfix.llm.prose_keywords import inline_keywords
from gptfix.llm.prose_list import inline_list_items
from gptfix.llm.prose_loss import inline_losses
from gptfix.llm.prose_removals import prose_removals
from gptfix.llm.prose_setting import code_sets, inline_entries, inline_settings, kept_or_corrected
from gptfix.llm.prose_variants import inline_variants
from gptfix.llm.shell_edits import heredoc_body, sed_substitutions
from gptfix.llm.tables import tables_as_sentences
from gptfix.llm.worded import one_reading, worded_blocks

#: ``<<<<<<< SEARCH`` and the conflict-marker spellings of other tools (``ORIGINAL``, ``HEAD``)
_SR_START = re.compile(r"^\s*<{5,9}(?:\s.*)?$")
_SR_MID = re.compile(r"^\s*={5,9}\s*$")
_SR_END = re.compile(r"^\s*>{5,9}(?:\s.*)?$")

_PYTHON_LANGS = {"python", "py", "python3", "py3", "ipython", "python2"}
_DIFF_LANGS = {"diff", "patch", "udiff"}
_OTHER_LANGS = frozenset(
    "bash sh shell zsh console shell-session powershell ps cmd bat text txt plaintext output "
    "log json yaml yml toml ini cfg markdown md html xml javascript js typescript ts "
    "dockerfile".split()
)
_ELISION_WORDS = re.compile(
    r"(?ix)(existing\s+(?:\w+\s+){0,2}(?:code|lines?|logic|implementation|stuff|parts?|setup)|"
    r"\bunchanged\b|rest\s+of|same\s+as\s+(?:before|above|original)|omitted|"
    r"remains?\s+the\s+same|as\s+before|(?:your|previous|other|original)\s+code|"
    r"keep\s+(?:the\s+)?(?:rest|remaining|others?)|no\s+changes?|"
    r"省略|不变|原有代码|原代码|其余|其他代码|同上|保持原样|保持不变|"
    r"sin\s+cambios|resto\s+(?:del|de\s+la|igual)|c[oó]digo\s+(?:existente|original|anterior)|"
    r"igual\s+que\s+antes|reste\s+(?:du|inchang)|inchang|code\s+existant|"
    r"元のコード|既存のコード|そのまま|変更なし|以下同)"
)
_NEW_MARK = re.compile(
    r"(?i)#.*(\bnew\b|\badd(?:ed)?\b|\binsert(?:ed)?\b|<-+|←|新增|添加|增加|加入|插入|"
    r"追加|挿入|\bnuev[oa]\b|\ba[ñn]adid[oa]\b|\bagregad[oa]\b|\bnouveau\b|\bajout[ée]e?\b)"
)


def is_elision(line: str) -> bool:
    """True for a line that stands for code left out: ``# ... existing code ...``, ``...``."""
    s = line.strip()
    if s in ("...", "…", "...,", "…,", "pass  # ...", "# ...", "#..."):
        return True  # ``...,`` among a call's arguments stands for the ones left out
    if s.startswith("//"):  # a C-style comment some models write in Python code
        s = "#" + s[2:]
    if not s.startswith("#"):
        if re.fullmatch(r"(\.\.\.|…),?\s*#.*", s):
            return True
        # ``pass  # unchanged``: a placeholder body that stands for the code left out
        m = re.fullmatch(r"(?:pass|\.\.\.|…)\s*#\s*(.*)", s)
        return m is not None and (
            m.group(1).startswith(("...", "…")) or bool(_ELISION_WORDS.search(m.group(1)))
        )
    body = s.lstrip("#").strip()
    if body.startswith(("...", "…", "。。。")):
        return True
    return bool(_ELISION_WORDS.search(body)) and len(body) < 80


#: an arrow that points at a changed line, not an added one: ``# <- changed``, ``# <-- 修正``
_CHANGED_ARROW = re.compile(
    r"(?i)#\s*(?:<-+|←)\s*(?:this\s+(?:line\s+)?)?(?:chang|fix|modif|updat|edit|replac|here\b|"
    r"geändert|korrigiert|cambi|corregid|modifi|chang[ée]|corrig|alterad|corrigid|"
    r"変更|修正|改|更改|修改|替换|변경|수정|изменен|исправлен)"
)


def is_marked_new(line: str) -> bool:
    """True when a code line carries a comment marking it as added (``# new``, ``# 新增``)."""
    return bool(_NEW_MARK.search(line)) and not is_elision(line) and not _CHANGED_ARROW.search(line)


def parse_answer(text: str) -> ParsedAnswer:
    """Split an answer into blocks (see the module docstring) and prose."""
    text = text.replace("\r\n", "\n")
    # reasoning models (DeepSeek-R1, QwQ via Ollama) think aloud first: drafts, not answers
    text = re.sub(r"(?s)<think>.*?</think>", "", text)
    if "<think>" in text and "</think>" not in text:
        text = text.split("<think>", 1)[0]
    text = quote_double_quoted_code(text)  # "reemplaza "optimizer=Adam(...)" por "...""
    text = quote_bare_calls(text)  # "in keras.optimizers.Adam(lr=0.001) change lr by ..."
    lines = _unquoted(text.split("\n"))
    out = ParsedAnswer()
    prose: list[str] = []
    all_prose: list[str] = []
    fenced = any(FENCE.match(x) or _SR_START.match(x) for x in lines)
    i = 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if m:
            fence, indent = m["fence"], len(m["indent"].expandtabs(4))
            info = m["info"].strip()
            body: list[str] = []
            j = i + 1
            while j < len(lines):
                close = FENCE.match(lines[j])
                if close and close["fence"].startswith(fence[0] * len(fence)) and not close["info"]:
                    break
                body.append(lines[j])
                j += 1
            body_text = "\n".join(_strip_indent(line, indent) for line in body)
            out.blocks.extend(_classify(body_text, info, i + 1, "\n".join(prose)))
            all_prose.extend(prose)
            prose = []
            i = j + 1
            continue
        if _SR_START.match(lines[i]):
            j = i
            while j < len(lines) and not _SR_END.match(lines[j]):
                j += 1
            body_text = "\n".join(lines[i : j + 1])
            out.blocks.extend(_classify(body_text, "", i + 1, "\n".join(prose)))
            all_prose.extend(prose)
            prose = []
            i = j + 1
            continue
        run = indented_code(lines, i) or (0 if fenced else bare_run(lines, i))
        said = None if fenced or run else connected_statement(lines[i])
        if said is not None:  # "and then `model.fit(..., callbacks=[es])`" with no fence
            out.blocks.extend(_classify(said + "\n", "", i + 1, "\n".join([*prose, lines[i]])))
            all_prose.extend([*prose, lines[i]])
            prose = []
            i += 1
            continue
        if run:
            body_text = textwrap.dedent("\n".join(lines[i:run]))
            out.blocks.extend(_classify(body_text, "", i + 1, "\n".join(prose)))
            all_prose.extend(prose)
            prose = []
            i = run
            continue
        prose.append(lines[i])
        i += 1
    all_prose.extend(prose)
    _set_after(out.blocks, "\n".join(prose))
    # "| Line | Old | New |" tables: their rows read as the sentences they stand for
    out.prose = tables_as_sentences("\n".join(all_prose).strip())
    if not out.blocks and bare_code(text):
        out.blocks.append(Block("code", textwrap.dedent(text).strip("\n") + "\n", line=1))
    elif not out.blocks:  # a whole script pasted with no fence, between lines of prose
        unfenced = unfenced_script(text)
        variants = quoted_variants(text)
        if variants is not None:  # two quoted versions of one line: the script has one
            start, first, second = variants
            before = "\n".join(text.split("\n")[:start])
            pair = Block("pair", second, line=start + 1, search=first, replace=second, prose=before)
            pair.either_way = True
            out.blocks.append(pair)
        elif unfenced is not None:
            start, code = unfenced
            before = "\n".join(text.split("\n")[:start])
            out.blocks.append(Block("code", code, line=start + 1, prose=before))
        else:  # "Change line 29 to use AdamW:" / a quoted line set apart below it
            rows, done = text.split("\n"), 0
            for start, code in lead_in_lines(text):
                own = Block("code", code + "\n", line=start + 1)
                own.prose = "\n".join(rows[done:start])
                out.blocks.append(own)
                done = start + 1
            _set_after(out.blocks, "\n".join(rows[done:]))
    if not out.edit_blocks:
        edits = inline_edits(out.prose)
        news = inline_new_calls(out.prose) or inline_losses(out.prose)
        # "change `X` to `Y`, and replace the print with `print(...)`": both, each once
        out.blocks.extend(edits + [b for b in news if not _said_by(b, edits)])
        out.blocks.extend(inline_additions(out.prose))
        out.blocks.extend(inline_list_items(out.prose))
        out.blocks.extend(inline_becomes(out.prose))
        out.blocks.extend(inline_keywords(out.prose))
        out.blocks.extend(inline_settings(out.prose))
        out.blocks.extend(inline_entries(out.prose))
        out.blocks.extend(worded_blocks(out.prose, out.blocks, ""))
    else:  # a step said only in prose ("3. in `compile`, change `X` to `Y`") among blocks
        codes = "\n".join(b.text for b in out.blocks)
        out.blocks.extend(
            b
            for b in inline_edits(out.prose)
            # a block's own code said again in words is no second change; "i.e. `B` in
            # place of `A`" below a block that writes `A` (and nowhere `B`) corrects it
            if not _written(codes, b.replace or "")
            and (not _written(codes, b.search or "") or _corrects(out.prose, b.search or ""))
        )
        out.blocks.extend(b for b in inline_additions(out.prose) if b.text.strip() not in codes)
        out.blocks.extend(b for b in inline_becomes(out.prose) if b.text.strip() not in codes)
        out.blocks.extend(b for b in inline_new_calls(out.prose) if (b.replace or "") not in codes)
        out.blocks.extend(
            b for b in inline_losses(out.prose) if (b.replace or "")[1:-1] not in codes
        )
        out.blocks.extend(
            b
            for b in inline_settings(out.prose)
            # a block's ``patience=1`` in another call is not "the `patience` of `EarlyStopping`"
            if not code_sets(codes, b.text, b.replace) or (b.scope and b.scope not in codes)
        )
        out.blocks.extend(b for b in inline_entries(out.prose) if not code_sets(codes, b.text))
        out.blocks.extend(b for b in inline_keywords(out.prose) if b.text not in codes)
        out.blocks.extend(worded_blocks(out.prose, out.blocks, codes))
    # "`A` satırını `B` yap": two alike statements said together, in any wording
    out.blocks.extend(
        b
        for b in inline_variants(out.prose)
        if not any(
            b.search in (e.search, e.text) or b.replace in (e.replace, e.text) for e in out.blocks
        )
        and not _written("\n".join(e.text for e in out.blocks), b.replace or "")
    )
    out.blocks = kept_or_corrected(one_reading(out.blocks), out.prose)
    pair_quoted_line(out.blocks)
    out.blocks = pair_before_after(out.blocks)
    out.blocks.extend(prose_removals(out.prose, out.blocks))
    out.blocks.extend(prose_moves(out.prose, out.blocks))
    mark_alternatives(out.blocks)
    return out


def _said_by(block: Block, edits: list[Block]) -> bool:
    """Whether an inline edit already says ``block``'s change (its words or its new code)."""
    return any(
        block.text in e.text or e.text in block.text or block.replace == e.replace for e in edits
    )


def _corrects(prose: str, search: str) -> bool:
    """Whether the sentence that quotes ``search`` comes after an "UPDATE:" / "EDIT:" line
    of the answer (it changes the code a block above wrote)."""
    mark = UPDATE.search(prose)
    return mark is not None and prose.find(f"`{search}`", mark.end()) >= 0


def _written(codes: str, piece: str) -> bool:
    """``piece`` is in the answer's code as written, not inside a longer name
    (``learning_rate=CFG.lr`` is not in ``initial_learning_rate=CFG.lr``)."""
    return bool(piece) and re.search(rf"(?<!\w){re.escape(piece)}(?!\w)", codes) is not None


def _set_after(blocks: list[Block], tail: str) -> None:
    """Give each block the prose that follows it (what the next fence's block was told)."""
    for k, block in enumerate(blocks):
        nxt = next((b for b in blocks[k + 1 :] if b.line != block.line), None)
        block.after = nxt.prose if nxt is not None else tail


_QUOTE_MARK = re.compile(r"^\s*>\s?")


def _unquoted(lines: list[str]) -> list[str]:
    """Markdown block quotes (``> ``) that hold a fenced code block, unquoted: an answer
    quoted in a reply ("> ```python" ... "> ```") is still the answer."""
    out: list[str] = []
    i = 0
    while i < len(lines):
        if not lines[i].lstrip().startswith(">"):
            out.append(lines[i])
            i += 1
            continue
        j = i
        while j < len(lines) and lines[j].lstrip().startswith(">"):
            j += 1
        region = lines[i:j]
        bare = [_QUOTE_MARK.sub("", x, count=1) for x in region]
        out += bare if any(FENCE.match(x) for x in bare) else region
        i = j
    return out


def _strip_indent(line: str, indent: int) -> str:
    """Remove a list item's indentation (``indent`` columns) from a fenced line.

    Tabs are kept as written (the applier re-indents to the script's style, a tab
    counting as one level of four columns); inside a list item they count four columns.
    """
    if indent == 0:
        return line
    expanded = line.expandtabs(4)
    lead = len(expanded) - len(expanded.lstrip(" "))
    return expanded[min(lead, indent) :]


#: fences for plain text that some models put around Python
_PLAIN_LANGS = frozenset({"text", "txt", "plaintext", "plain"})


def _whole_python(body: str) -> bool:
    """A plain-text fence holding Python: it parses and has imports or calls, not a log."""
    try:
        tree = ast.parse(textwrap.dedent(body))
    except SyntaxError:
        return False
    return any(isinstance(n, ast.Import | ast.ImportFrom | ast.Call) for n in ast.walk(tree))


def _classify(body: str, info: str, line: int, prose: str) -> list[Block]:
    lang = re.split(r"[\s:{},=]", info.strip("{}. "))[0].lower() if info else ""
    fed = heredoc_body(body)
    if fed is not None:  # ``patch -p0 <<'EOF'`` ... ``EOF``: the diff (or code) it feeds
        return _classify(fed, "", line, prose)
    subs = sed_substitutions(body) if lang not in _PYTHON_LANGS else []
    if subs:  # ``sed -i 's/A/B/' train.py``: "replace `A` with `B`"
        return [Block("inline", body, lang, line, prose, search=a, replace=b) for a, b in subs]
    if any(_SR_START.match(x) for x in body.split("\n")):
        return _search_replace_blocks(body, lang, line, prose)
    if lang in _DIFF_LANGS or looks_like_diff(body):
        return [Block("diff", body, lang, line, prose)]
    bare = strip_line_numbers(strip_prompts(body))  # numbered lines, session prompts
    if (
        lang in _PYTHON_LANGS
        or (lang not in _OTHER_LANGS and looks_like_python(bare))
        or (lang in _PLAIN_LANGS and _whole_python(bare))
    ):
        return _python_block(body, lang, line, prose)
    note = "not Python: shown as a suggestion, not inserted"
    if "Traceback (most recent call last)" in body:
        note = "a traceback, not code"
    return [Block("suggestion", body, lang, line, prose, note=note)]


def _python_block(body: str, lang: str, line: int, prose: str) -> list[Block]:
    """A Python block; notebook shell lines (``!pip ...``, ``%pip``) become suggestions."""
    if session_output(body):
        silent = silent_inputs(body)
        if silent:  # ``In [5]: x = ...`` (no output) beside ``In [6]: x.shape`` / ``Out[6]:``
            return [Block("code", silent, lang, line, prose, session=True)]
        note = (
            "an interactive session (`>>>` / `In [n]:` prompts) with its output: read, not pasted"
        )
        return [Block("suggestion", body, lang, line, prose, note=note)]
    body = strip_line_numbers(strip_prompts(body))
    if is_log(body):
        return [Block("suggestion", body, lang, line, prose, note="printed output, not code")]
    shell = [x for x in body.split("\n") if shell_line(x)]
    code = "\n".join(x for x in body.split("\n") if not shell_line(x))
    out = []
    if shell:
        out.append(
            Block(
                "suggestion",
                "\n".join(shell),
                "bash",
                line,
                prose,
                note="a shell command or notebook magic",
            )
        )
    if code.strip():
        out.append(Block("code", textwrap.dedent(code).strip("\n") + "\n", lang, line, prose))
    return out


def _search_replace_blocks(body: str, lang: str, line: int, prose: str) -> list[Block]:
    out: list[Block] = []
    lines = body.split("\n")
    i = 0
    while i < len(lines):
        if not _SR_START.match(lines[i]):
            i += 1
            continue
        search: list[str] = []
        replace: list[str] = []
        j = i + 1
        while j < len(lines) and not _SR_MID.match(lines[j]):
            search.append(lines[j])
            j += 1
        j += 1
        while j < len(lines) and not _SR_END.match(lines[j]):
            replace.append(lines[j])
            j += 1
        out.append(
            Block(
                "search_replace",
                "\n".join(lines[i : j + 1]),
                lang,
                line + i,
                prose,
                search="\n".join(search),
                replace="\n".join(replace),
            )
        )
        prose = ""
        i = j + 1
    return out
