"""Lines the prose asks to remove, comment out, or replace with a block shown above it:
"remove the `X` line", "comment out `print(...)`", "删除 `X`", "Replace the
`np.savetxt(...)` call with the `with open(...)` block above". Each becomes a "remove"
block naming the script's statement by its quote (made by the applier).
"""

from __future__ import annotations

import re

from gptfix.llm.blocks import Block
from gptfix.llm.prose_edit_patterns import CODE as _CODE
from gptfix.llm.prose_edits import is_code

_REMOVE_PROSE = re.compile(
    # "删除 `Sequential` 里的第二个隐藏层，也就是 `X` 这一行", "remove the second hidden
    # layer, i.e. `X`": the thing described first, then the line it is
    rf"(?i)(?:(?:\b(?:remove|delete|drop)\b|删除|去掉|删掉)[^.。\n`]{{0,60}}?"
    rf"(?:`[^`\n]*`[^.。\n`]{{0,40}}?)?(?:\bi\.e\.,?|\bthat is,?|\bnamely|也就是|即|就是)\s*{_CODE}|"
    rf"\b(?:remove|delete|drop|get rid of|comment out|quita|elimina|borra|supprime[zr]?|"
    rf"comenta|commente[zr]?|entferne|l[öo]sche|streiche|kommentiere|удалите|уберите|закомментируйте|xóa|hapus|"
    rf"kaldırın|usuń|rimuovi|commenta|remova|comente|apague|apagar|exclua|excluir|remover|"
    rf"eliminar|borrar)\s+"
    rf"(?:(?:the|la|el|die|den|a|o|las|les|os)\s+)?(?:(?:two|both|three|dos|deux|zwei|beiden)\s+)?"
    rf"(?:(?:old|original|existing|previous|current|alten?|ancienne?|vieja|antigua|vecchia|antiga)\s+)?"
    rf"(?:(?:lines?|l[ií]neas?|lignes?|zeilen?|linhas?|строк[уи]|dòng|baris|satırı|layers?|capas?|"
    rf"couches?|Schicht|слой|lapisan|camadas?|callbacks?|calls?|llamadas?|appels?|Aufruf|"
    rf"chiamata|chamada)\s+)?{_CODE}|(?:删除|去掉|删掉|注释掉)\s*{_CODE}|"
    rf"{_CODE}\s*(?:这一?行)?\s*(?:删除|去掉|删掉|注释掉)|"
    rf"{_CODE}\s*(?:の行)?\s*を\s*(?:削除|コメントアウト)|"
    rf"{_CODE}\s*(?:줄|라인|행|코드)?\s*(?:을|를)\s*(?:삭제|제거|지우|지워|주석\s*처리)|"
    # "`X` 줄은 더 이상 필요 없으니 삭제하세요": the topic, a reason, then the verb
    rf"{_CODE}\s*(?:줄|라인|행|코드)?\s*(?:은|는)\s*[^`\n.。]{{0,30}}?(?:삭제|제거|지우|지워)|"
    # "the cell that prints `X` isn't needed anymore, so you can delete that line"
    rf"{_CODE}[^.\n`]{{0,120}}?\b(?:delete|remove|drop)\s+(?:that|this|the)\s+(?:line|call|print)\b(?!\s*`))"
)
#: the removal is said as "comment it out": the line stays as a comment
_COMMENT_OUT = re.compile(
    r"(?i)comment out|\bcomenta\b|\bcommente[zr]?\b|\bcommenta\b|\bcomente\b|kommentiere|"
    r"закомментируйте|注释掉|コメントアウト"
)


#: "Replace the `np.savetxt(...)` call with the `with open(...)` block above": the block is
#: already in, the quoted line goes
_REPLACE_ABOVE = re.compile(
    rf"(?i)\b(?:replace|swap out|substitute)\s+(?:the\s+|your\s+)?(?:line\s+)?{_CODE}"
    r"[^`\n]{0,60}?\s+with\s+(?:the\s+)?(?:`[^`\n]*`|[^\n.`]){0,60}?\b(?:above|previous)\b|"
    rf"\b(?:ersetze|remplace[zr]?|reemplaza|substitua|sostituisci)\s+(?:die Zeile\s+|la ligne\s+|"
    rf"la l[ií]nea\s+|a linha\s+|la riga\s+)?{_CODE}[^\n.]{{0,80}}?\b(?:oben|ci-dessus|de arriba|"
    r"anterior|acima|sopra)\b|"
    rf"用上面的[^\n`。]{{0,12}}(?:替换|替代|代替)\s*{_CODE}"
)


#: "This replaces the `feature_cols = ...`, `X = np.stack(...)` and `y = default` lines" below
#: a block: the quoted lines go (those the block rewrote are gone already)
_REPLACES_THESE = re.compile(
    rf"(?i)\b(?:this|it|the (?:code|block|snippet) above)\s+replaces\s+(?:the\s+|your\s+)?{_CODE}"
)
#: "`Flatten()` and `Dense(16)` disappear" (a block shows what takes their place): the quoted
#: lines, subjects of a verb of vanishing, go
_GONE = re.compile(
    r"(?i)((?:`[^`\n]+`\s*(?:,|\band\b|\bund\b|\by\b|\bet\b|\be\b|\bи\b|和|与|、|와|과|と)\s*){0,3}"
    r"`[^`\n]+`)\s*(?:(?:lines?|calls?|Zeilen?|righe|líneas|lignes|linhas|(?:这)?两?行|の行|줄)\s*)?"
    r"(?:disappear|go away|are gone|is gone|drop out|are no longer needed|is no longer needed|"
    r"spariscono|scompaiono|sparisce|scompare|non servono più|desaparecen|desaparece|sobran|"
    r"disparaissent|disparaît|verschwinden|verschwindet|entfallen|entfällt|fallen weg|desaparecem|"
    r"desaparece|исчезают|исчезает|(?:就|都)?(?:消失|不再需要|不需要了)|"
    r"(?:は|が)(?:消え|不要)|(?:은|는|이|가)\s*(?:사라지|필요\s*없))"
)
#: further quotes a removal names: "`a` and `b`", "`a`, `b` and `c`" (right after the first)
_MORE_QUOTES = re.compile(r"\s*(?:,|and|und|y|et|e|и|和|、)\s*`([^`\n]+)`")


def prose_removals(prose: str, blocks: list[Block]) -> list[Block]:
    """Lines the prose asks to remove ("remove the `X` line from `callbacks`"), or to replace
    with a block shown above it."""
    out = []
    quoted = "\n".join(b.text for b in blocks)
    for m in _REPLACE_ABOVE.finditer(prose):
        code = next(g for g in m.groups() if g is not None)
        if is_code(code) and code.strip() not in quoted:
            out.append(Block("remove", code.strip(), prose=m.group(0)))
    for m in _REPLACES_THESE.finditer(prose):
        at, codes = m.end(), [m.group(1)]
        while (more := _MORE_QUOTES.match(prose, at)) is not None:
            at, codes = more.end(), [*codes, more.group(1)]
        out.extend(
            Block("remove", c.strip(), prose=m.group(0))
            for c in codes
            if is_code(c) and c.strip() not in quoted
        )
    for m in _GONE.finditer(prose):
        out.extend(
            Block("remove", c.strip(), prose=m.group(0))
            for c in re.findall(r"`([^`\n]+)`", m.group(1))
            if is_code(c) and c.strip() not in quoted
        )
    for m in _REMOVE_PROSE.finditer(prose):
        # "delete the two lines `a = ...` and `b = ...`": the quotes that follow go too
        at = m.end()
        while (more := _MORE_QUOTES.match(prose, at)) is not None:
            at = more.end()
            extra = more.group(1).strip()
            if is_code(extra) and extra not in quoted:
                block = Block("remove", extra, prose=m.group(0))
                block.comment = bool(_COMMENT_OUT.search(m.group(0)))
                out.append(block)
        code = next(g for g in m.groups() if g is not None)
        if is_code(code) and code.strip() not in quoted:
            block = Block("remove", code.strip(), prose=m.group(0))
            block.comment = bool(_COMMENT_OUT.search(m.group(0)))
            out.append(block)
        elif re.fullmatch(r"[A-Z][A-Z0-9_]*", code.strip()) and _CONSTANTS_WORD.search(
            prose[m.end() : m.end() + 40]
        ):  # "delete `WARMUP_EPOCHS` from the constants": its assignment
            out.append(Block("remove", f"{code.strip()} = ...", prose=m.group(0)))
        elif re.fullmatch(r"[A-Z]\w*", code.strip()) and _FROM_LIST.match(prose, m.end()):
            # "quita el callback `ReduceLROnPlateau` de la lista `callbacks`": its entry
            out.append(Block("remove", f"{code.strip()}(...)", prose=m.group(0)))
    return out


#: "... from the `callbacks` list", "de la lista `callbacks`", "aus der Liste", "从 `callbacks`"
_FROM_LIST = re.compile(
    r"(?i)\s*(?:(?:callback|layer|entry|item|call)\s+)?(?:from|de|aus|из|da|dari|khỏi|从)\s+(?:(?:the|your|la|tu|der|deiner|a|sua)\s+)?"
    r"(?:(?:list[ae]?|Liste|списка|lista)\s+)?`[A-Za-z_]\w*`"
)


#: "... from the constants (at the top)", "aus den Konstanten", "de las constantes", "常量里"
_CONSTANTS_WORD = re.compile(
    r"(?i)\b(?:constants?|konstanten?|constantes?|costanti|константы|hyper-?parameters?)\b|常量|定数|상수"
)
