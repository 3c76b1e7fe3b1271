"""A value to set, said only in prose: "increase `epochs` to 20", "把 `batch_size` 改成 16".

Bridges a sentence that names a setting (quoted: ``epochs``, ``"epochs"``,
``config["epochs"]``, ``CFG.lr``, ``--lr``) and a new literal value, and the one place
the script writes that setting (:mod:`gptfix.llm.settings` sets it there).
"""

from __future__ import annotations

import re

from gptfix.llm.blocks import Block

_NAME = r"`(?P<name>[^`\n]{1,60})`"
_VALUE = r"`?(?P<value>-?(?:\d+(?:\.\d+)?|\.\d+)(?:[eE][-+]?\d+)?|True|False|\"[\w\- ]{1,30}\"|'[\w\- ]{1,30}')`?"
_FROM = r"(?:(?:from|de|von|da|от|с|z|ze|van|dari|từ)\s+`?[^\s`]{1,20}`?\s+)?"
#: where the setting lives, said after it: "`dropout` in `config`", "`lr` de `CFG`"
_HOLDER = (
    r"(?:\s+(?:in|of|inside|en|de|dans|im|in der|in dem|no|na|nel|nella|в|w|di|trong)\s+"
    r"(?:(?:the|your|tu|ton|votre|deinem|deiner|seu|sua)\s+)?`[^`\n]{1,40}`(?:-\w+)?)?"
)
#: verb, quoted setting, a few words, relation word, value, in the languages answers use
_PATTERNS = [
    re.compile(
        rf"(?i)\b(?:set|change|increase|raise|bump|lower|decrease|reduce|drop|make|update|"
        rf"cambia|pon|aumenta|sube|baja|reduce|establece|ajusta|mets|passe[zr]?|change[zr]?|"
        rf"augmente[zr]?|diminue[zr]?|r[ée]dui(?:s|sez)|r[èe]gle[zr]?|setze|setzt|erh[öo]he|"
        rf"verringere|reduziere|[äa]ndere|mude|altere|aumente|diminua|reduza|defina|coloque|"
        rf"imposta|riduci|porta|aumentare|impostare|ridurre|portare|cambiare|alzare|abbassare|"
        rf"erh[öo]hen|setzen|[äa]ndern|reduzieren|aumentar|cambiar|reducir|poner|augmenter|r[ée]gler|"
        rf"установите|увеличьте|уменьшите|поставьте|измените|"
        rf"ubah|naikkan|turunkan|tingkatkan|atur|tăng|giảm|đặt|zmień|zwiększ|zmniejsz|ustaw)\s+"
        rf"(?:(?:the|your|el|la|le|den|die|das|o|a|il|lo)\s+)?(?:[^\W\d_`]+\s+){{0,2}}?{_NAME}"
        rf"{_HOLDER}(?:\s+[^\W\d_`]+){{0,2}}?\s+{_FROM}"
        rf"(?:to|=|a|à|auf|para|на|до|jadi|menjadi|thành|lên|xuống|na|do)\s+{_VALUE}"
    ),
    # "set `EPOCHS = 3`", "change it to `lr = 1e-4`": the assignment quoted whole
    re.compile(
        r"(?i)\b(?:set|change|make|use|setze|[äa]ndere|cambia|pon|mets|change[zr]|imposta|defina)\s+"
        r"(?:(?:it|this|that)\s+(?:to\s+)?)?`(?P<name>[A-Za-z_][\w.]*(?:\[[\"'][\w]+[\"']\])?)\s*=\s*"
        r"(?P<value>-?(?:\d+(?:\.\d+)?|\.\d+)(?:[eE][-+]?\d+)?|True|False|\"[\w\- ]{1,30}\"|'[\w\- ]{1,30}')`"
        r"(?!\s+(?:to|with|by|into|for|durch|auf|par|por|para|a|in|zu)\s+`)"  # not "change `A` to `B`"
    ),
    # "把 `X` 改成 16" (zh)
    re.compile(
        rf"(?:把|将)\s*{_NAME}\s*(?:的值)?\s*(?:从\s*`?[^\s`]{{1,20}}`?\s*)?"
        rf"(?:改成|改为|设为|设置为|设成|调到|调成|调整为|增加到|提高到|降低到|减少到|减小到|加到)\s*{_VALUE}"
    ),
    # "תוריד את `"lr"` ב-`CFG` ל-`5e-4`" (he): verb, the setting, where, ל- and the value
    re.compile(
        rf"(?:שנה|תשנה|שנו|הגדר|תגדיר|הורד|תוריד|הורידו|הגדל|תגדיל|הגדילו|העלה|תעלה|קבע|תקבע)\s+"
        rf"(?:את\s+)?{_NAME}(?:\s*ב-?\s*`[^`\n]{{1,30}}`)?\s*ל-?\s*{_VALUE}"
    ),
    # "`X` を 16 に変更" (ja)
    re.compile(rf"{_NAME}\s*を\s*{_VALUE}\s*に\s*(?:変更|設定|増や|減ら|し|上げ|下げ)"),
    # "`X`를 16으로 바꾸세요" (ko)
    re.compile(
        rf"{_NAME}\s*(?:을|를)\s*{_VALUE}\s*(?:으로|로)\s*(?:바꾸|늘리|줄이|설정|변경|올리|낮추)"
    ),
]


#: "if you set `batch_size` to 1, ...", "don't set `lr` to 1": not a change to make
_HYPOTHETICAL = re.compile(
    r"(?i)\b(?:if|when|unless|would|could|don'?t|do not|never|not|si|wenn|falls|se|если|не|"
    r"jika|kalau|nếu|jeśli|jeżeli)\b|如果|要是|もし|만약|하지\s*마"
)


def inline_settings(prose: str) -> list[Block]:
    """Each "set `X` to V" of ``prose`` as a ``setting`` block (text: the setting's name,
    replace: the value)."""
    out = []
    for pattern in _PATTERNS:
        for m in pattern.finditer(prose):
            name = setting_name(m["name"])
            said = re.split(r"[.!?。！？\n]", prose[: m.start()])[-1]
            if name and not _HYPOTHETICAL.search(said + m.group(0)):
                out.append(Block("setting", name, replace=m["value"], prose=m.group(0)))
    return out


def setting_name(quoted: str) -> str:
    """``config["epochs"]`` / ``CFG.epochs`` / ``"epochs"`` / ``--epochs`` as ``epochs``;
    empty when the quote is code rather than a setting's name."""
    text = quoted.strip().strip("\"'")
    m = re.fullmatch(
        r"(?:[A-Za-z_][\w.]*\[\s*[\"'](\w+)[\"']\s*\]|(?:[A-Za-z_]\w*\.)*([A-Za-z_]\w*)|--?([\w-]+))",
        text,
    )
    if m is None:
        return ""
    return (m.group(1) or m.group(2) or m.group(3) or "").replace("-", "_")
