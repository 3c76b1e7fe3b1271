"""Parse a chat answer into the pieces gptfix can apply, exactly as chat models write them.

Bridges free-form model replies and the applier. An answer is prose around fenced
blocks; each block becomes one :class:`Block`:

- ``search_replace``: ``<<<<<<< SEARCH`` / ``=======`` / ``>>>>>>> REPLACE`` blocks (fenced
  or not, several per fence);
- ``diff``: unified diffs (``diff``/``patch`` fences, or bodies made of ``@@``/``+``/``-`` lines);
- ``code``: Python code (``python``/``py`` fences, or unlabelled fences that parse);
- ``suggestion``: anything else (``bash pip install ...``, ``!pip`` lines, tracebacks):
  shown to the user, never inserted.

Blocks introduced as an alternative ("Alternatively", "Option 2", "或者", "方案二") are
kept as suggestions, so two alternatives are never both applied. Elision markers
(``# ... existing code ...``, ``# 省略原有代码``, a bare ``...``) are recognised by
:func:`is_elision`; the applier resolves them from the original code.
"""

from __future__ import annotations

import ast
import re
import textwrap
from dataclasses import dataclass, field

_FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>[^\n`]*)$")
_SR_START = re.compile(r"^\s*<{5,9}\s*SEARCH\b.*$")
_SR_MID = re.compile(r"^\s*={5,9}\s*$")
_SR_END = re.compile(r"^\s*>{5,9}\s*REPLACE\b.*$")
_HUNK = re.compile(r"^@@\s*(?:-(?P<old>\d+)(?:,\d+)?\s+\+\d+(?:,\d+)?)?\s*@@")

_PYTHON_LANGS = {"python", "py", "python3", "py3", "ipython", "python2"}
_DIFF_LANGS = {"diff", "patch", "udiff"}
_OTHER_LANGS = frozenset(
    "bash sh shell zsh console shell-session powershell ps cmd bat text txt plaintext output "
    "log json yaml yml toml ini cfg markdown md html xml javascript js typescript ts "
    "dockerfile".split()
)
_ALTERNATIVE = re.compile(
    r"(?i)\b(alternatively|option\s*(?:2|3|b|two)|another (?:option|way|approach)|"
    r"or,? you (?:can|could)|if you prefer)\b|或者|方案[二三2 3]|另一种|也可以"
)
_ELISION_WORDS = re.compile(
    r"(?ix)(existing\s+(?:\w+\s+){0,2}(?:code|lines?|logic|implementation|stuff|parts?|setup)|"
    r"\bunchanged\b|rest\s+of|same\s+as\s+(?:before|above|original)|omitted|"
    r"remains?\s+the\s+same|as\s+before|(?:your|previous|other|original)\s+code|"
    r"keep\s+(?:the\s+)?(?:rest|remaining|others?)|no\s+changes?|"
    r"省略|不变|原有代码|原代码|其余|其他代码|同上|保持原样|保持不变)"
)
_NEW_MARK = re.compile(
    r"(?i)#.*(\bnew\b|\badd(?:ed)?\b|\binsert(?:ed)?\b|<-+|←|新增|添加|增加|加入|插入)"
)


@dataclass
class Block:
    """One fenced (or bare) block of an answer."""

    kind: str  #: "search_replace", "diff", "code", "pair", "inline" or "suggestion"
    text: str  #: the block's body, dedented
    lang: str = ""  #: the fence's info string
    line: int = 0  #: 1-based line of the answer where the block starts
    prose: str = ""  #: the prose between the previous block and this one
    search: str | None = None  #: SEARCH text (search_replace only)
    replace: str | None = None  #: REPLACE text (search_replace only)
    note: str = ""  #: why a block is a suggestion
    after: str = ""  #: the prose between this block and the next one (or the answer's end)


@dataclass
class ParsedAnswer:
    blocks: list[Block] = field(default_factory=list)
    prose: str = ""  #: all text outside blocks

    @property
    def edit_blocks(self) -> list[Block]:
        return [b for b in self.blocks if b.kind != "suggestion"]

    @property
    def suggestions(self) -> list[Block]:
        return [b for b in self.blocks if b.kind == "suggestion"]


def is_elision(line: str) -> bool:
    """True for a line that stands for code left out: ``# ... existing code ...``, ``...``."""
    s = line.strip()
    if s in ("...", "…", "pass  # ...", "# ...", "#..."):
        return True
    if s.startswith("//"):  # a C-style comment some models write in Python code
        s = "#" + s[2:]
    if not s.startswith("#"):
        return bool(re.fullmatch(r"(\.\.\.|…)\s*#.*", s))
    body = s.lstrip("#").strip()
    if body.startswith(("...", "…", "。。。")):
        return True
    return bool(_ELISION_WORDS.search(body)) and len(body) < 80


def is_marked_new(line: str) -> bool:
    """True when a code line carries a comment marking it as added (``# new``, ``# 新增``)."""
    return bool(_NEW_MARK.search(line)) and not is_elision(line)


def parse_answer(text: str) -> ParsedAnswer:
    """Split an answer into blocks (see the module docstring) and prose."""
    text = text.replace("\r\n", "\n")
    # reasoning models (DeepSeek-R1, QwQ via Ollama) think aloud first: drafts, not answers
    text = re.sub(r"(?s)<think>.*?</think>", "", text)
    if "<think>" in text and "</think>" not in text:
        text = text.split("<think>", 1)[0]
    lines = text.split("\n")
    out = ParsedAnswer()
    prose: list[str] = []
    all_prose: list[str] = []
    i = 0
    while i < len(lines):
        m = _FENCE.match(lines[i])
        if m:
            fence, indent = m["fence"], len(m["indent"].expandtabs())
            info = m["info"].strip()
            body: list[str] = []
            j = i + 1
            while j < len(lines):
                close = _FENCE.match(lines[j])
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
        prose.append(lines[i])
        i += 1
    all_prose.extend(prose)
    _set_after(out.blocks, "\n".join(prose))
    out.prose = "\n".join(all_prose).strip()
    if not out.blocks and _bare_code(text):
        out.blocks.append(Block("code", textwrap.dedent(text).strip("\n") + "\n", line=1))
    if not out.edit_blocks:
        out.blocks.extend(_inline_edits(out.prose))
    out.blocks = _pair_before_after(out.blocks)
    _mark_alternatives(out.blocks)
    return out


def _set_after(blocks: list[Block], tail: str) -> None:
    """Give each block the prose that follows it (what the next fence's block was told)."""
    for k, block in enumerate(blocks):
        nxt = next((b for b in blocks[k + 1 :] if b.line != block.line), None)
        block.after = nxt.prose if nxt is not None else tail


_CODE = r"`([^`\n]+)`"
#: "change `X` to `Y`" in prose, in the ways answers say it (English and Chinese)
_INLINE: list[tuple[re.Pattern[str], bool]] = [
    (
        re.compile(
            rf"(?i)\b(?:change|replace|swap|update)\s+{_CODE}\s+(?:to|with|by|into)\s+{_CODE}"
        ),
        False,
    ),
    (re.compile(rf"(?i)\buse\s+{_CODE}\s+instead\s+of\s+{_CODE}"), True),
    (
        re.compile(
            rf"(?:把|将)\s*{_CODE}\s*(?:改成|改为|换成|替换为|替换成|修改为|改写为)\s*{_CODE}"
        ),
        False,
    ),
    (re.compile(rf"{_CODE}\s*(?:->|→|=>)\s*{_CODE}"), False),
]


def _inline_edits(prose: str) -> list[Block]:
    """Edits stated in prose only ("change `lr=1e-3` to `lr=1e-4`"), when there is no code."""
    out = []
    for pattern, reverse in _INLINE:
        for m in pattern.finditer(prose):
            old, new = (m.group(2), m.group(1)) if reverse else (m.group(1), m.group(2))
            if old != new:
                out.append(Block("inline", m.group(0), search=old, replace=new, prose=prose))
    return out


def _strip_indent(line: str, indent: int) -> str:
    """Remove a list item's indentation (``indent`` columns) from a fenced line."""
    expanded = line.expandtabs()
    lead = len(expanded) - len(expanded.lstrip(" "))
    return expanded[min(lead, indent) :]


def _bare_code(text: str) -> bool:
    """An unfenced answer that is just Python code (some local models answer that way)."""
    stripped = textwrap.dedent(text).strip()
    if not stripped or "\n" not in stripped:
        return False
    try:
        ast.parse(stripped)
    except SyntaxError:
        return False
    return True


def _classify(body: str, info: str, line: int, prose: str) -> list[Block]:
    lang = re.split(r"[\s:{},=]", info.strip("{}. "))[0].lower() if info else ""
    if any(_SR_START.match(x) for x in body.split("\n")):
        return _search_replace_blocks(body, lang, line, prose)
    if lang in _DIFF_LANGS or _looks_like_diff(body):
        return [Block("diff", body, lang, line, prose)]
    if lang in _PYTHON_LANGS or (lang not in _OTHER_LANGS and _looks_like_python(body)):
        return _python_block(body, lang, line, prose)
    note = "not Python: shown as a suggestion, not inserted"
    if "Traceback (most recent call last)" in body:
        note = "a traceback, not code"
    return [Block("suggestion", body, lang, line, prose, note=note)]


def _looks_like_diff(body: str) -> bool:
    lines = [x for x in body.split("\n") if x.strip()]
    if not lines:
        return False
    if any(_HUNK.match(x) for x in lines) and any(x.startswith(("+", "-")) for x in lines):
        return True
    return lines[0].startswith("--- ") and len(lines) > 1 and lines[1].startswith("+++ ")


def _looks_like_python(body: str) -> bool:
    stripped = body.strip()
    if not stripped or stripped.startswith(("$ ", "pip ", "conda ", "apt", "sudo ", "!")):
        return False
    if "Traceback (most recent call last)" in stripped:
        return False
    try:
        ast.parse(textwrap.dedent(body))
    except SyntaxError:
        return bool(re.search(r"^\s*(import |from \S+ import |def |class |\w+\s*=)", body, re.M))
    return True


_NUMBERED = re.compile(r"^(\s*)(\d+)(?:: |\| |:|\||\t| |$)")


def _strip_line_numbers(body: str) -> str:
    """``34 model.compile(`` / ``35|    optimizer=...``: code copied with its line numbers."""
    lines = body.split("\n")
    numbered = [(i, _NUMBERED.match(x)) for i, x in enumerate(lines) if x.strip()]
    if len(numbered) < 2 or not all(m for _, m in numbered):
        return body
    values = [int(m.group(2)) for _, m in numbered if m]
    if values != list(range(values[0], values[0] + len(values))):
        return body
    out = []
    for x in lines:
        m = _NUMBERED.match(x)
        out.append(x[m.end() :] if m and x.strip() else x)
    return "\n".join(out)


def _python_block(body: str, lang: str, line: int, prose: str) -> list[Block]:
    """A Python block; notebook shell lines (``!pip ...``, ``%pip``) become suggestions."""
    body = _strip_line_numbers(body)
    shell = [x for x in body.split("\n") if x.strip().startswith(("!", "%"))]
    code = "\n".join(x for x in body.split("\n") if not x.strip().startswith(("!", "%")))
    out = []
    if shell:
        out.append(Block("suggestion", "\n".join(shell), "bash", line, prose, note="shell command"))
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


_WRONG = re.compile(
    r"(?i)(\bwrong\b|incorrect|\bbefore\b|\bold\b|original|current|\bbad\b|instead of|"
    r"错误|原来|修改前|改前|原代码|❌)"
)
_RIGHT = re.compile(
    r"(?i)(correct|\bright\b|\bafter\b|\bfixed\b|\bgood\b|change it to|replace (?:it )?with|"
    r"should be|修改后|改后|正确|改为|改成|✅)"
)


def _pair_before_after(blocks: list[Block]) -> list[Block]:
    """ "Before:" / "After:" (or ❌ / ✅) code becomes one edit: the first is what to replace."""
    out: list[Block] = []
    for block in blocks:
        if block.kind == "code":
            split = _split_wrong_right(block.text)
            if split is not None:
                out.append(Block("pair", split[1], block.lang, block.line, block.prose, *split))
                continue
        prev = out[-1] if out else None
        last = block.prose.strip().split("\n\n")[-1] if block.prose.strip() else ""
        if (
            prev is not None
            and prev.kind == "code"
            and block.kind == "code"
            and _WRONG.search(prev.prose.strip().split("\n\n")[-1] if prev.prose.strip() else "")
            and _RIGHT.search(last)
            and not _RIGHT.search(prev.prose.strip().split("\n\n")[-1])
        ):
            out[-1] = Block(
                "pair", block.text, block.lang, prev.line, prev.prose, prev.text, block.text
            )
            continue
        out.append(block)
    return out


def _split_wrong_right(code: str) -> tuple[str, str] | None:
    """A block made of a "# wrong" section then a "# correct" section."""
    lines = code.rstrip("\n").split("\n")
    if not lines or not lines[0].strip().startswith("#") or not _WRONG.search(lines[0]):
        return None
    for i, line in enumerate(lines[1:], 1):
        if line.strip().startswith("#") and _RIGHT.search(line) and not _WRONG.search(line):
            wrong = [x for x in lines[1:i] if x.strip()]
            right = [x for x in lines[i + 1 :] if x.strip()]
            if wrong and right:
                return "\n".join(wrong), "\n".join(right)
            return None
    return None


def _mark_alternatives(blocks: list[Block]) -> None:
    """Blocks introduced as an alternative to an earlier edit become suggestions."""
    seen_edit = False
    for block in blocks:
        if block.kind == "suggestion":
            continue
        last_para = block.prose.strip().split("\n\n")[-1] if block.prose.strip() else ""
        if seen_edit and _ALTERNATIVE.search(last_para):
            block.kind = "suggestion"
            block.note = "an alternative to the edit above: not applied"
            continue
        seen_edit = True
