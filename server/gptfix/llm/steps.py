"""Steps of an answer said only in prose that no reader understood: "2. Raise the `dropout`
in `config` to 0.3" when only step 1 became an edit. Applying the rest would leave the
change half done while reporting it done, so such an answer is refused with the step named.

Bridges the answer's list items and the blocks read from it: an item (numbered or bulleted)
that opens (or opens a clause after a colon or dash) with a verb of a definite change
(set, change, raise, double, replace, remove, move, rename...) and quotes code is read when a block came from it (it shares a quote with one
of the prose's edits), when it introduces a code block, or when it is conditional advice
("if it still overfits, lower `lr` to 1e-4").
"""

from __future__ import annotations

import re

from gptfix.llm.blocks import Block

_ITEM = re.compile(
    # "**Step 2**:", "Schritt 2:", "Étape 2 :", "Paso 2:", "**第二步**：", "ステップ2："
    r"^\s*(?:(?:\*\*)?(?:step|schritt|[ée]tape|paso|passo|шаг|ステップ)\s*\d+(?:\*\*)?\s*[:：.]"
    r"(?:\*\*)?|(?:\*\*)?第[一二三四五六七八九十\d]+步(?:\*\*)?\s*[:：]?(?:\*\*)?|"
    r"\*\*\d+[.)]\*\*|\d+[.)]|[-*•](?=\s))\s*(?P<body>.+)$",
    re.IGNORECASE,
)
_CHANGE = re.compile(
    r"(?i)(?:^|[:–—]\s+|\s-\s+)(?:\*\*)?(?:then,?\s+|and\s+|also,?\s+|finally,?\s+|next,?\s+|now,?\s+)?"
    r"(?:set|change|increase|raise|bump|double|halve|"
    r"lower|decrease|reduce|replace|swap|remove|delete|drop|rename|move|comment out|switch|"
    r"add(?=\s[^`]{0,30}`[^`]+`\s+(?:to|in|into)\s)|"
    r"(?:pass|give|übergib|[üu]bergebe|passe[zr]?|pasa|passa)(?=\s[^`\n]{0,40}`)(?![^\n]*command)|"
    r"insert(?=\s[^`\n]{0,30}`)|f[üu]ge(?=\s[^\n]{0,80}`)|"
    r"[äa]ndere|setze|erh[öo]he|verringere|reduziere|ersetze|entferne|l[öo]sche|verschiebe|"
    r"benenne|cambia|aumenta|baja|sube|pon|reduce|reemplaza|elimina|borra|mueve|renombra|change[zr]|"
    r"augmente[zr]|diminue[zr]|remplace[zr]|supprime[zr]|d[ée]place[zr]|renomme[zr]|"
    r"modifica|sostituisci|rimuovi|sposta|rinomina|aumente|diminua|substitua|remova|mova|"
    r"измените|увеличьте|уменьшите|замените|удалите|перенесите|переименуйте)\b(?!-)"
    r"|^(?:删除|去掉|删掉)"
)
#: the verb of a definite change where Chinese, Japanese and Korean put it, as a request
#: ("把 `EPOCHS` 改成 5", "`dropout` の行を削除してください", "`Dropout` 줄을 삭제하세요"),
#: not as an explanation ("`trainable` を変更したら ...")
_CHANGE_CJK = re.compile(
    r"(?:请|把|将|然后|再)[^。！？\n]{0,60}?(?:改成|改为|改到|换成|替换|删除|删掉|去掉|移到|移动到|"
    r"挪到|注释掉|重命名|传给|传入|加到)|^(?:删除|删掉|去掉|替换|注释掉|重命名)|"
    r"在\s*`[^`\n]+`[^。！？\n]{0,20}?(?:加上|添加|加入)\s*`|"
    r"(?:変更|削除|置き換え|置換|移動|コメントアウト|変え|消し|渡し)(?:し?て(?:ください|下さい)|し?ましょう)|"
    r"(?:바꾸|바꿔|변경하|삭제하|제거하|지우|이동하|옮기|옮겨|주석\s*처리하|넘겨|전달하)"
    r"(?:세요|십시오|\s*주세요)"
)
_ADVICE = re.compile(
    r"(?i)\b(?:if|when|unless|optionally|optional|you (?:can|could|may|might)|consider|maybe|"
    r"perhaps|later|si|wenn|falls|se|если|quando|cuando)\b|如果|可以考虑|也可以|不需要|无需|不用|"
    r"不必|もし|場合|必要はありません|만약|경우|필요\s*없"
)
_QUOTE = re.compile(r"`([^`\n]+)`")


def unread_steps(answer_text: str, blocks: list[Block]) -> list[str]:
    """Items of the answer's lists that state a change in prose and that no block came
    from, as written."""
    intros = {_last_line(b.prose) for b in blocks if b.line > 0}
    said: set[str] = set()
    for b in blocks:
        if b.line > 0 and b.kind not in ("remove", "move", "setting", "entry", "inline", "keyword"):
            continue
        said |= {x.strip() for x in (b.text, b.search or "", b.replace or "") if x.strip()}
        if len(b.prose) < 400:
            said |= {q.strip() for q in _QUOTE.findall(b.prose)}
    out = []
    for line, body in _step_bodies(answer_text):
        quotes = {q.strip() for q in _QUOTE.findall(body)}
        if (
            not quotes
            or not (_CHANGE.search(body) or _CHANGE_CJK.search(body))
            or _ADVICE.search(body)
        ):
            continue
        if line.strip() in intros or body.rstrip().endswith((":", "：")):
            continue  # it introduces a code block
        if quotes & said:
            continue
        out.append(body)
    return out


#: a step said as a heading over its paragraph: "**2. Train for longer**", "### 3. Clean up"
_HEADING = re.compile(
    r"^\s*(?:#{1,6}\s*|\*\*)(?:step\s*)?\d+[.):]\s*[^*\n]{1,80}?(?:\*\*)?\s*$", re.I
)
_SENTENCE_END = re.compile(r"(?<=[.!?。])\s+")


def _step_bodies(answer_text: str) -> list[tuple[str, str]]:
    """(line, body) of each list item outside fences, and of each sentence of the paragraph
    under a numbered heading ("**2. Train for longer**" then "... set `EPOCHS` to 5.")."""
    out: list[tuple[str, str]] = []
    in_fence = False
    under = False
    for line in answer_text.split("\n"):
        if line.strip().startswith(("```", "~~~")):
            in_fence = not in_fence
            under = False
            continue
        if in_fence:
            continue
        if _HEADING.match(line):
            under = True
            continue
        m = _ITEM.match(line)
        if m is not None:
            out.append((line, m["body"].strip()))
            under = False
            continue
        if under and line.strip():
            # each sentence as a step body; the last one may introduce a block
            out.extend((line, x.strip()) for x in _SENTENCE_END.split(line.strip()) if x.strip())
    return out


def _last_line(prose: str) -> str:
    rows = [x.strip() for x in prose.strip().split("\n") if x.strip()]
    return rows[-1] if rows else ""
