"""Code an answer shows as a change from one version to another: "Before:" / "After:"
blocks, ``# ❌ Wrong`` / ``# ✅ Correct`` sections of one block, and a sentence that runs
across two blocks ("replace" ``a`` "with" ``b``).

Bridges the blocks :mod:`gptfix.llm.answer` reads and the "pair" edits the applier makes:
the first code is what to replace, the second what it becomes.
"""

from __future__ import annotations

import ast
import re
import textwrap

from gptfix.llm.blocks import Block, introducing
from gptfix.llm.displays import display_stmt

_WRONG = re.compile(
    r"(?i)(\bwrong\b|incorrect|\boffending\b|\bfaulty\b|\bbuggy\b|\bculprit\b|\bbefore\b(?![*_]*\s+[*_]*(?:the|you|calling|compil|fitting|training|any|it|this|`))|"
    r"\bold\b|original(?=\s*(?:code|lines?|version|snippet|call|block|cell)?\s*[:：(])|"
    r"original\s+(?:code|lines?|version|snippet|call|block|cell)\b|\bcurrent\b|\bbad\b|instead of|"
    r"\bantes\b(?!\s+(?:de(?:l)?\b|`))|\bincorrect[oa]\b|\berr[oó]ne[oa]\b|\bavant\b(?!\s+(?:de|d'|le|la|l'|`))|\bvorher\b|"
    r"\bfalsch\b|错误|原来|修改前|改前|原代码|修正前|変更前|誤り|間違|現在のコード|❌|"
    r"把(?:这|下面的?|上面的?)(?:两|几|一|三)?(?:行|句)|these (?:two |three )?lines|"
    # a label on its own line: "Было:", "Przed:", "Voor:", "Prima:", "Önce:", "변경 전:"
    r"(?:^|\n)\W*(?:было|до\s+исправления|przed|voor|vóór|prima|önce|(?:변경|수정)\s*전)\W*[:：]\s*$)"
)
_RIGHT = re.compile(
    r"(?i)(\bcorrect(?:ed|ly|o|a)?\b|(?<!are )(?<!is )(?<!look )(?<!be )\bright\b|\bafter\b|\bfixed\b|\bgood\b|change it to|replace (?:it )?with|"
    r"should be|\bdespu[eé]s\b|\bcorregid[oa]\b|\bapr[eè]s\b|\bnachher\b|\brichtig\b|"
    r"修改后|改后|正确|改为|改成|换成|替换成|替换为|修正後|変更後|正しい|✅|"
    r"(?:^|\n)\W*(?:стало|после\s+исправления|po|na|dopo|depois|sonra|(?:변경|수정)\s*후)\W*[:：]\s*$)"
)


#: a sentence that stops at its verb right before a block: "In `build_model()`, replace"
_REPLACE_END = re.compile(
    r"(?i)\b(?:replace|swap(?:\s+out)?|substitute|ersetze|remplace[zr]?|reemplaza|sustituye|"
    r"substitua|troque|sostituisci)(?:\s+(?:[^\W\d_`]+|`[^`\n]+`)){0,5}\s*[:：]?\s*$"
)
#: ... and goes on right after it: "with", "durch", "par", "por", "con", "com"
_WITH_ONLY = re.compile(
    r"(?i)^\s*(?:with|by|durch|mit|par|por|con|com|替换为|换成)\s*"
    r"(?:this(?:\s+one)?|the\s+following|esta|este|esto|lo\s+siguiente|ceci|celle-ci|celui-ci|"
    r"diese[nrm]?|folgende[nrm]?|questa|questo|isto|esta\s+l[ií]nea|this\s+line|:)?\s*[:：]?\s*$|"
    # "with an explicit mapping (keep the dict around, you'll need it later):"
    r"^\s*with\s+(?:an?|the|this|these)\s+(?:[^\W\d_`]+[\s,-]*){1,4}(?:\([^()\n]*\))?\s*[:：]\s*$"
)


#: the words right below a quoted block that change it, the verb after its object (Korean,
#: Japanese, Chinese): "을 아래처럼 바꾸세요:", "を次のように変更してください：", "改成："
_OBJECT_THEN_VERB = re.compile(
    r"^\s*(?:(?:을|를)\s*[^\n`]{0,20}?(?:바꾸|바꿔|변경|수정|교체|대체)|"
    r"を\s*[^\n`]{0,20}?(?:変更|書き換え|置き換え|修正|直して|変えて)|"
    r"(?:改为|改成|替换为|替换成|换成|修改为|改写为))[^\n`]{0,30}[:：]\s*$"
)


#: the words right below a block that say what it replaces: "These two lines replace the
#: single `X` line", "Diese Zeilen ersetzen `X`", "Estas líneas reemplazan `X`", "这两行替换 `X`"
_REPLACES_BELOW = re.compile(
    r"(?i)^\s*(?:(?:these|this|the)\s+(?:\w+\s+){0,2}(?:lines?|code|block|items?|layers?)\s+"
    r"(?:replaces?|go(?:es)?\s+in\s+place\s+of|take\s+the\s+place\s+of)|"
    r"(?:diese|dieser|die)\s+(?:\w+\s+)?(?:Zeilen?|Code|Block)\s+ersetz\w*|"
    r"(?:estas|esta|esas|estos)\s+(?:\w+\s+)?(?:l[ií]neas?|c[oó]digo|bloque)\s+(?:reemplaza\w*|sustituye\w*)|"
    r"(?:ces|cette|ce)\s+(?:\w+\s+)?(?:lignes?|code|bloc)\s+remplace\w*|"
    r"(?:estas|esta|esse|este)\s+(?:\w+\s+)?(?:linhas?|c[oó]digo|bloco)\s+substitu\w*|"
    r"(?:这|這)(?:两|兩|几|幾|一)?(?:行|段)(?:代码)?\s*(?:替换|替代|取代)(?:掉|了)?)\s*"
    r"(?:the\s+|die\s+|la\s+|el\s+|le\s+|a\s+|o\s+)?(?:single\s+|old\s+|current\s+|existing\s+|"
    r"original\s+|alte[n]?\s+|única\s+|seule\s+)?(?:line\s+|Zeile\s+|línea\s+|ligne\s+)?"
    r"`(?P<old>[^`\n]+)`"
)


def pair_before_after(blocks: list[Block]) -> list[Block]:
    """ "Before:" / "After:" (or ❌ / ✅) code becomes one edit: the first is what to replace."""
    out: list[Block] = []
    for block in blocks:
        if block.kind == "code":
            split = _split_wrong_right(block.text)
            if split is not None:
                out.append(Block("pair", split[1], block.lang, block.line, block.prose, *split))
                continue
            below = _REPLACES_BELOW.match(block.after.strip())
            if below is not None and block.line > 0:  # "These two lines replace `X`"
                out.append(
                    Block(
                        "pair",
                        block.text,
                        block.lang,
                        block.line,
                        block.prose,
                        below["old"].strip(),
                        block.text,
                        after=block.after,
                    )  # fmt: skip
                )
                continue
        prev = out[-1] if out else None
        last = introducing(block.prose)
        said = (
            prev.prose.strip().split("\n\n")[-1] if prev is not None and prev.prose.strip() else ""
        )
        if (
            prev is not None
            and prev.kind == "code"
            and block.kind == "code"
            and block.line > 0  # a line said in prose is no "after" of the block before it
            and not _only_displays(block.text)  # "Quick check:" ``model.summary()``
            and not _whole_def_holding(block.text, prev.text)
            and (
                (
                    _WRONG.search(said)
                    and _RIGHT.search(last)
                    and not _RIGHT.search(said)
                    and not _other_targets(prev.text, block.text)
                )
                # "replace" ``a`` "with" ``b``: the sentence runs across the two blocks
                or (_REPLACE_END.search(said) and _WITH_ONLY.match(last))
                # "`train_step` 안의 마지막 줄" ``a`` "을 아래처럼 바꾸세요:" ``b``: the verb
                # comes after the object, in the words below the first block
                or _OBJECT_THEN_VERB.match(last) is not None
            )
        ):
            out[-1] = Block(
                "pair", block.text, block.lang, prev.line, prev.prose, prev.text, block.text
            )
            continue
        out.append(block)
    return out


def _whole_def_holding(after: str, before: str) -> bool:
    """Whether ``after`` is one whole function that still has the lines ``before`` quotes,
    or lines that make the same calls or set the same names: the function given back (in
    full or with ``...``), the line above it only shown (not what it replaces)."""
    try:
        tree = ast.parse(textwrap.dedent(after))
        ast.parse(textwrap.dedent(before))
    except SyntaxError:
        return False
    if len(tree.body) != 1 or not isinstance(tree.body[0], ast.FunctionDef | ast.AsyncFunctionDef):
        return False
    lines = {" ".join(x.split()) for x in after.split("\n")}
    quoted = [" ".join(x.split()) for x in before.split("\n") if x.strip()]
    keys = {_statement_key(x) for x in lines} - {None}
    # each quoted line is there, or (the function given back with the change made in it)
    # a line that makes the same call or sets the same name: ``model.compile(`` with a schedule
    return bool(quoted) and all(q in lines or _statement_key(q) in keys for q in quoted)


def _other_targets(before: str, after: str) -> bool:
    """Two one-statement blocks that bind different names (``contract_oh = ...`` then
    ``contract_lookup = ...``): two changes, never the old and new version of one line."""
    try:
        a, b = (ast.parse(textwrap.dedent(x)).body for x in (before, after))
    except SyntaxError:
        return False
    if (
        len(a) != 1
        or len(b) != 1
        or not isinstance(a[0], ast.Assign)
        or not isinstance(b[0], ast.Assign)
    ):
        return False
    return ast.dump(a[0].targets[0]) != ast.dump(b[0].targets[0])


def _statement_key(line: str) -> str | None:
    m = re.match(r"\s*([A-Za-z_][\w.]*)\s*(=(?!=)|\()", line)
    return m.group(1) + m.group(2) if m else None


def _only_displays(code: str) -> bool:
    """A block that only prints or displays (``model.summary()``): a check, no "after"."""
    try:
        body = ast.parse(textwrap.dedent(code)).body
    except SyntaxError:
        return False
    return bool(body) and all(display_stmt(s) for s in body)


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
