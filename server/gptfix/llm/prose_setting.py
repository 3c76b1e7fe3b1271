"""A value to set, said only in prose: "increase `epochs` to 20", "把 `batch_size` 改成 16",
and a new configuration entry: "add `"n_folds": 5` to your `config` dict".

Bridges a sentence that names a setting (quoted: ``epochs``, ``"epochs"``,
``config["epochs"]``, ``CFG.lr``, ``--lr``) and a new literal value, and the one place
the script writes that setting (:mod:`gptfix.llm.settings` sets it there; a new entry is
written by :mod:`gptfix.llm.config_entry`).
"""

from __future__ import annotations

import ast
import re
import textwrap

from gptfix.llm.blocks import Block

_NAME = r"`(?P<name>[^`\n]{1,60})`"
_VALUE = (
    r"`?(?P<value>-?(?:\d+(?:\.\d+)?|\.\d+)(?:[eE][-+]?\d+)?|True|False|\"[\w\- ]{1,30}\"|"
    r"'[\w\- ]{1,30}'|\[[-\d.eE, ]{1,60}\]|\([-\d.eE, ]{1,60}\))`?"
)
_FROM = r"(?:(?:from|de|von|da|от|с|z|ze|van|dari|từ)\s+(?:`[^`\n]{1,40}`|[^\s`]{1,20})\s+)?"
#: where the setting lives, said after it: "`dropout` in `config`", "`lr` de `CFG`"
_HOLDER = (
    r"(?:\s+(?:in|of|inside|en|de|dans|im|in der|in dem|no|na|nel|nella|в|w|di|trong|do|da|del|"
    r"du|des)\s+"
    r"(?:(?:the|your|tu|ton|votre|deinem|deiner|seu|sua)\s+)?`(?P<holder>[^`\n]{1,40})`(?:-\w+)?)?"
)
#: verb, quoted setting, a few words, relation word, value, in the languages answers use
_PATTERNS = [
    re.compile(
        rf"(?i)\b(?:set|change|increase|raise|bump|lower|decrease|reduce|drop|make|update|"
        rf"cambia|pon|aumenta|sube|baja|reduce|establece|ajusta|mets|passe[zr]?|change[zr]?|"
        rf"augmente[zr]?|diminue[zr]?|r[ée]dui(?:s|sez)|r[èe]gle[zr]?|setze|setzt|erh[öo]he|"
        rf"verringere|senke|reduziere|[äa]ndere|mude|altere|aumente|diminua|reduza|defina|coloque|"
        rf"imposta|riduci|porta|aumentare|impostare|ridurre|portare|cambiare|alzare|abbassare|"
        rf"erh[öo]hen|setzen|[äa]ndern|reduzieren|aumentar|cambiar|reducir|poner|augmenter|r[ée]gler|"
        rf"установите|увеличьте|уменьшите|поставьте|измените|"
        rf"ubah|naikkan|turunkan|tingkatkan|atur|tăng|giảm|đặt|zmień|zwiększ|zmniejsz|ustaw)\s+"
        # "Setze in deinem `config`-Dictionary den Wert `"dropout"` auf 0.3": the holder first
        rf"(?:(?:in|im|en|dans|no|na|nel)\s+(?:(?:deinem|deiner|dem|der|your|the|tu|ton|votre|seu|sua)\s+)?"
        rf"`[^`\n]{{1,40}}`(?:-\w+)?\s+)?"
        rf"(?:(?:the|your|el|la|le|den|die|das|o|a|il|lo)\s+)?(?:[^\W\d_`]+\s+){{0,4}}?{_NAME}"
        rf"{_HOLDER}(?:\s+[^\W\d_`]+){{0,3}}?\s+{_FROM}"
        rf"(?:to|=|a|à|auf|para|на|до|jadi|menjadi|thành|lên|xuống|na|do)\s+{_VALUE}"
    ),
    # "set `EPOCHS = 3`", "change it to `lr = 1e-4`": the assignment quoted whole
    re.compile(
        r"(?i)\b(?:set|change|make|use|setting|changing|setze|[äa]ndere|cambia|pon|mets|change[zr]|"
        r"imposta|defina)\s+(?:(?:it|this|that)\s+(?:to\s+)?)?`(?P<name>[A-Za-z_][\w.]*(?:\[[\"'][\w]+[\"']\])?)\s*=\s*"
        r"(?P<value>-?(?:\d+(?:\.\d+)?|\.\d+)(?:[eE][-+]?\d+)?|True|False|\"[\w\- ]{1,30}\"|'[\w\- ]{1,30}')`"
        r"(?!\s+(?:to|with|by|into|for|durch|auf|par|por|para|a|in|zu)\s+`)"  # not "change `A` to `B`"
    ),
    # "make the `--epochs` default 2 instead of 1", "use an `lr` of 3e-4 instead of 1e-3"
    re.compile(
        rf"(?i)\b(?:use|make|bump|set|change|give|raise|lower|increase|decrease)\s+"
        rf"(?:(?:the|your|an?)\s+)?{_NAME}(?:\s+(?:default|value))?(?:\s+(?:of|=|to))?\s+{_VALUE}"
        r"\s+instead\s+of\s+`?-?[\w.]+`?"
    ),
    # "set `"epochs": 3` in `CONFIG`": a dict entry quoted whole
    re.compile(
        r"(?i)\b(?:set|change|make|use|update|setze|[äa]ndere|cambia|pon|mets|change[zr]|imposta|defina)\s+"
        r"`(?P<q>[\"'])(?P<name>\w+)(?P=q)\s*:\s*(?P<value>-?(?:\d+(?:\.\d+)?|\.\d+)(?:[eE][-+]?\d+)?|"
        r"True|False|\"[\w\- ]{1,30}\"|'[\w\- ]{1,30}')`"
        r"(?!\s+(?:to|with|by|into|durch|auf|par|por|para|a|en)\s+`)"  # not "change `A` to `B`"
    ),
    # "würde ich `epochs` in `CFG` auf 6 erhöhen", "setze `lr` auf 1e-4 herab" (de, verb last)
    re.compile(
        rf"(?i){_NAME}{_HOLDER}\s+(?:von\s+`?[^\s`]{{1,20}}`?\s+)?auf\s+{_VALUE}\s+"
        r"(?:erh[öo]hen|setzen|[äa]ndern|reduzieren|senken|verringern|stellen|anheben|herabsetzen)\b"
    ),
    # "把 `X` 改成 16" (zh)
    re.compile(
        rf"(?:把|将)\s*(?:`[^`\n]{{1,40}}`\s*(?:里|中|里面|内)的?\s*)?{_NAME}\s*(?:的值)?\s*(?:从\s*`?[^\s`]{{1,20}}`?\s*)?"
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
        rf"{_NAME}\s*(?:을|를)\s*(?:`?[-\d.eE]+`?\s*에서\s*)?{_VALUE}\s*(?:으로|로)\s*"
        r"(?:바꾸|바꿔|늘리|늘려|줄이|줄여|설정|변경|올리|올려|낮추|낮춰)"
    ),
]


#: "if you set `batch_size` to 1, ...", "don't set `lr` to 1": not a change to make
_HYPOTHETICAL = re.compile(
    r"(?i)\b(?:if|unless|would|could|si|wenn|falls|se|если|jika|kalau|nếu|jeśli|jeżeli)\b|"
    r"如果|要是|もし|만약"
)
#: words that make only their own clause no request: "Since training now stops when the
#: loss stops improving, you can safely set `EPOCHS` to 5" is one
_NOT_ASKED = re.compile(
    r"(?i)\b(?:when|once|as soon as|sobald|dès que|une fois que|una vez que|assim que|don'?t|"
    r"do not|never|not|не|как только)\b|하지\s*마|一旦"
)


#: what follows the value makes it no definite change now: a range ("to 20–30", "to 50+"), or a
#: condition ("... when you run on the full data", "... once it works", "for the final run")
_LATER = re.compile(
    r"(?i)\s*(?:\+|[–—-]\s*\d|to\s+\d|or\s+(?:more|higher|lower|so|\d))|"
    r".*?\b(?:when|once|if)\s+(?:you|it|the|your|training|everything|this|that|things)\b|"
    r".*?\bfor (?:the|a|your) (?:final|real|full|longer) (?:run|training)\b"
)


def inline_settings(prose: str) -> list[Block]:
    """Each "set `X` to V" of ``prose`` as a ``setting`` block (text: the setting's name,
    replace: the value)."""
    out = []
    for pattern in _PATTERNS:
        for m in pattern.finditer(prose):
            name = setting_name(m["name"])
            if name and setting_filters_pass(prose, m):
                # "the `patience` of `EarlyStopping`": the holder picks one of several places
                holder = m.groupdict().get("holder") or _holder_before(prose, m.start())
                holder = holder.split("(", 1)[0].strip()
                out.append(
                    Block("setting", name, replace=m["value"], prose=m.group(0), scope=holder)
                )
                out.extend(_and_more(prose, m.end(), holder))
    return out


#: the holder said before the verb: "In the `EarlyStopping` callback, set ...", "在
#: `EarlyStopping` 里把 ..."
_HOLDER_BEFORE = re.compile(
    r"(?i)(?:\b(?:in|inside|within|for|on|en|dans|im|in der|in dem|no|na|nel|nella|в|w|di|trong)"
    r"\s+(?:(?:the|your|tu|el|la|le|ton|votre|deinem|deiner|dem|der|seu|sua|il)\s+)?|在\s*)"
    r"`(?P<holder>[A-Za-z_][\w.]*)(?:\([^`]*\))?`(?:\s*[\w-]+){0,2}?\s*(?:里|中|内)?\s*[,，:]?\s*$"
)


def _holder_before(prose: str, at: int) -> str:
    """The call or holder a clause names before its setting verb ("In the
    `EarlyStopping` callback, set `patience` to 8"), or ""."""
    said = re.split(r"[.!?。！？\n]", prose[:at])[-1]
    m = _HOLDER_BEFORE.search(said)
    return m["holder"] if m else ""


#: "... and `BATCH_SIZE` to 32", ", `lr` to 1e-4": more settings under the same verb
_AND_MORE = re.compile(
    rf"(?i)\s*(?:,\s*(?:and\s+)?|\s+(?:and|und|et|y|e)\s+)(?:the\s+)?{_NAME}\s+"
    rf"(?:to|auf|à|a|para)\s+{_VALUE}"
)


def _and_more(prose: str, at: int, holder: str) -> list[Block]:
    out = []
    m = _AND_MORE.match(prose, at)
    while m is not None:
        name = setting_name(m["name"])
        if name:
            out.append(Block("setting", name, replace=m["value"], prose=m.group(0), scope=holder))
        m = _AND_MORE.match(prose, m.end())
    return out


def setting_filters_pass(prose: str, m: re.Match[str]) -> bool:
    """Whether the setting ``m`` found in ``prose`` is asked for now: not in a condition
    ("if you set ..."), not denied, not a range or a value for a later run."""
    said = re.split(r"[.!?。！？\n]", prose[: m.start()])[-1]
    clause = re.split(r"[,;:，；]", said)[-1]
    rest = re.split(r"[.!?。！？\n]", prose[m.end() :])[0]
    return not (
        _HYPOTHETICAL.search(said + m.group(0))
        or _NOT_ASKED.search(clause + m.group(0))
        or _LATER.match(rest)
    )


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


_ENTRY_LITERAL = (
    r"-?(?:\d+(?:\.\d+)?|\.\d+)(?:[eE][-+]?\d+)?|True|False|None|\"[^\"`\n]{0,40}\"|'[^'`\n]{0,40}'"
)
#: ``"n_folds": 5``, ``n_folds=5``, ``n_folds: int = 5``
_ENTRY = (
    r"`(?P<q>[\"']?)(?P<key>[A-Za-z_]\w*)(?P=q)\s*(?::\s*(?P<ann>[A-Za-z_][\w\[\], .]*?)\s*)?"
    rf"[:=]\s*(?P<value>{_ENTRY_LITERAL})\s*,?`"
)
_ENTRY_HOLDER = (
    r"(?:`(?P<holder>[A-Za-z_][\w.]*)(?:\(\))?`|(?P<word>config|cfg|CFG|CONFIG|params|hparams))"
)
_ENTRY_KIND = r"(?:[-\s]+(?:dict(?:ionary)?|class|object|block|config|dictionnaire|classe|diccionario|clase|dizionario|Klasse|Dictionary|dicion[áa]rio))?"
_ENTRY_DET = (
    r"(?:(?:the|your|a|la|le|votre|ton|tu|el|su|il|tuo|dein(?:em|er)?|die|der|den|o|a|seu|sua)\s+)?"
)
_ENTRY_WORDS = r"(?:[^\W\d_`]+\s+){0,2}?"
_ENTRY_PATTERNS = [
    re.compile(
        rf"(?i)\b(?:add|include|put|insert|append|ajoute[zr]?|ins[èe]re[zr]?|añade|agrega|"
        rf"agregue|añada|incluye|aggiungi|aggiungere|inserisci|adicione|adiciona|acrescente|"
        rf"inclua|f[üu]ge|f[üu]gen|erg[äa]nze)\s+(?:(?:a|an|the|new|un|une|una|uno|um|uma|ein(?:en)?|"
        rf"neue[ns]?)\s+)?(?:(?:entry|key|field|setting|option|line|attribute|cl[ée]|champ|campo|"
        rf"chiave|Eintrag|Schl[üu]ssel|Feld)\s+)?{_ENTRY}(?:\s+(?:entry|key|field|setting|option|"
        rf"line|attribute))?\s+(?:to|in|into|inside|à|a|au|dans|en|al|"
        rf"nel|nella|ao|no|na|em|zu|zur|zum|in)\s+{_ENTRY_DET}{_ENTRY_WORDS}{_ENTRY_HOLDER}{_ENTRY_KIND}"
    ),
    # "在 `config` 中添加 `"n_folds": 5`" / "给 `CFG` 加上 `n_folds = 5`" (zh)
    re.compile(
        rf"(?:在|给|往|向)\s*{_ENTRY_HOLDER}\s*(?:字典|类)?\s*(?:中|里|里面)?\s*(?:添加|加上|加入|增加)\s*{_ENTRY}"
    ),
    # "把 `"n_folds": 5` 加到 `config` 里" (zh)
    re.compile(rf"(?:把|将)\s*{_ENTRY}\s*(?:添加|加|加入|增加)(?:到|进)\s*{_ENTRY_HOLDER}"),
    # "`config` に `"n_folds": 5` を追加" (ja), "`config`에 `"n_folds": 5`를 추가" (ko)
    re.compile(rf"{_ENTRY_HOLDER}\s*(?:に|에)\s*{_ENTRY}\s*(?:を|을|를)\s*(?:追加|추가)"),
]


def inline_entries(prose: str) -> list[Block]:
    """Each "add `key: value` to `holder`" of ``prose`` as an ``entry`` block (text: the
    key, replace: the value, search: the holder as named, "" when only a word names it)."""
    out = []
    for pattern in _ENTRY_PATTERNS:
        for m in pattern.finditer(prose):
            if not setting_filters_pass(prose, m):
                continue  # "If you want to tune it, add `weight_decay: float = 1e-4` to ..."
            holder = m["holder"] or ""
            out.append(
                Block("entry", m["key"], replace=m["value"], search=holder, prose=m.group(0))
            )
    return out


def code_sets(codes: str, name: str, value: str | None = None) -> bool:
    """Whether the answer's code gives the setting ``name`` a value itself (``EPOCHS = 5``,
    ``"epochs": 5``, ``epochs=5``): then the prose that says so describes that code. With
    ``value`` (the prose's), a literal of another value in the code is not that: a
    re-pasted ``"hidden_units": 32`` beside "change `hidden_units` from 32 to 48"."""
    n = re.escape(name)
    try:
        tree = ast.parse(textwrap.dedent(codes))
    except SyntaxError:
        return bool(
            re.search(rf"(?m)^{n}\s*=(?!=)|[\"']{n}[\"']\s*:|\b{n}\s*=(?!=)\s*[-\d.]", codes)
        )
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign | ast.AnnAssign):
            for target in node.targets if isinstance(node, ast.Assign) else [node.target]:
                if isinstance(target, ast.Name | ast.Attribute) and name == (
                    target.id if isinstance(target, ast.Name) else target.attr
                ):
                    return _other(node.value, value)  # ``EPOCHS = 5``, ``CFG.epochs = 5``
        if isinstance(node, ast.Dict):
            for k, v in zip(node.keys, node.values, strict=True):
                if isinstance(k, ast.Constant) and k.value == name:
                    return _other(v, value)  # ``{"epochs": 5}``
        if isinstance(node, ast.keyword) and node.arg == name:
            if isinstance(node.value, ast.Constant | ast.UnaryOp):
                return _other(node.value, value)  # ``fit(..., epochs=5)``
    return False


def _other(node: ast.expr | None, value: str | None) -> bool:
    """False when ``node`` is a literal other than ``value`` (the code gives another value)."""
    if node is None or value is None:
        return True
    try:
        return bool(ast.literal_eval(node) == ast.literal_eval(value.strip()))
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return True


#: "keep `embed_dim` as it is", "leave `lr` unchanged", "`lr` は そのまま", "`lr` 保持不变"
_KEPT = re.compile(
    r"(?i)\b(?:keep|leave|lass|laisse[zr]?|gardez|garde|deja|mant[ée]n|mantenha|deixe)\s+"
    r"(?:the\s+|your\s+)?`[\"']?(?P<a>[A-Za-z_][\w.]*)[\"']?`\s+(?:as\s+(?:it\s+)?is|unchanged|"
    r"alone|the\s+same|untouched|(?:am\s+besten\s+)?unver[äa]ndert|wie\s+(?:es|sie|er)\s+ist|"
    r"tel(?:le)?\s+quel(?:le)?|inchang[ée]e?|como\s+est[áa]|igual|sin\s+cambios)|"
    r"`[\"']?(?P<b>[A-Za-z_][\w.]*)[\"']?`\s*(?:は|는|은)?\s*(?:そのまま|保持不变|不变|不用改|그대로)"
)
#: "use 64 instead of 48", "utilisez plutôt 64 au lieu de 48", "nimm 64 statt 48": a value
#: said earlier taken back for another
_INSTEAD_OF = re.compile(
    r"(?i)\b(?:use|utilise[zr]?|usa|utiliza|use|nimm|verwende|set\s+it\s+to|make\s+it)\s+"
    r"(?:plut[ôo]t\s+|rather\s+|instead\s+)?`?(?P<new>-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)`?\s+"
    r"(?:instead\s+of|rather\s+than|au\s+lieu\s+de|en\s+lugar\s+de|en\s+vez\s+de|statt|"
    r"anstatt|em\s+vez\s+de)\s+`?(?P<old>-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)`?"
)


def kept_or_corrected(blocks: list[Block], prose: str) -> list[Block]:
    """``blocks`` without the settings the prose says to keep ("keep `embed_dim` as it
    is"), and with a value the prose corrects later ("use 64 instead of 48") set anew."""
    kept = {m["a"] or m["b"] for m in _KEPT.finditer(prose)}
    out = [b for b in blocks if not (b.kind in ("setting", "entry") and b.text in kept)]
    for m in _INSTEAD_OF.finditer(prose):
        said = [b for b in out if b.kind == "setting" and _same_number(b.replace, m["old"])]
        if len(said) == 1:
            said[0].replace = m["new"]
    return out


def _same_number(a: str | None, b: str) -> bool:
    try:
        return a is not None and float(a) == float(b)
    except ValueError:
        return False
