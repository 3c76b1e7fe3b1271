"""The words answers use to place code after or before a line, in the languages they come
in ("after", "después de", "nach", "sau", "po", "vlak vóór", "перед", "قبل"), and the
phrases built on them ("after `x = ...`", "right after the imports", "at the end of the
script", "between `A` and `B`"). One lexicon for the placers that read where code goes."""

from __future__ import annotations

import re

#: "after" and its translations (a regular-expression alternation, no groups)
AFTER_WORDS = (
    r"after|below|underneath|under|following|después de|despu[eé]s(?=\s+del\b)|apr[eè]s|nach|"
    r"unterhalb|unter|depois d[eoa]s?|"
    r"ap[oó]s|dopo|после|sau|vlak na|direct na|na de|na het|setelah|sesudah|بعد|zaraz po|po"
)
#: "before" and its translations
BEFORE_WORDS = (
    r"before|above|ahead of|prior to|antes d[eoa]s?|avant|vor|prima d[ie]|перед|trước|"
    r"antes(?=\s+del\b)|vlak v[oó]{2}r|direct v[oó]{2}r|v[oó]{2}r de|v[oó]{2}r het|v[oó]{2}r|قبل|tuż przed|przed|"
    r"sebelum"
)

Q = r"`(?P<code>[^`\n]{1,120})`"
LAST = re.compile(
    r"(?i)\b(?:last|final|laatste|[uú]ltim[oa]|derni[eè]re?|letzten?|последн\w*|ostatni\w*|son|"
    r"terakhir|cuối)\b|最后|最後|마지막|الأخير"
)
FIRST = re.compile(
    r"(?i)\b(?:first|eerste|primer[oa]?|primeir[oa]|premi[eè]re?|ersten?|перв\w*|pierwsz\w*|ilk|primo|"
    r"pertama|đầu tiên)\b|第一|最初|첫"
)
#: "the second `LSTM`", "第二个 `LSTM`", "la deuxième `Dense`": an ordinal said before a
#: quoted call (the words, then the position they stand for; -1 is the last)
ORDINAL = (
    r"(?:first|second|third|fourth|fifth|last|final|zweite[nrs]?|dritte[nrs]?|letzte[nrs]?|"
    r"segund[oa]|tercer[oa]?|terceir[oa]|deuxi[eè]me|troisi[eè]me|"
    r"втор\w*|трет\w*|последн\w*|"
    r"第[一二三四五1-5]\s*个|第[一二三四五1-5]|最后一个|最后的|[1-5]\s*(?:番目|つ目)の?|"
    r"erste[nrs]?|primer[oa]?|primeir[oa]|premi[eè]re?|derni[eè]re?|[uú]ltim[oa]|перв\w*|"
    r"[一二三1-3]\s*回目の?|最初の|最後の|[첫두세]\s*번째|마지막)"
)
_NTH = [
    (r"(?i)first|erste|primer|primeir|premi|перв|第[一1]|[1一]\s*(?:番目|つ目|回目)|最初|첫", 1),
    (r"(?i)second|zweite|segund|deuxi|втор|第[二2]|[2二]\s*(?:番目|つ目|回目)|두", 2),
    (r"(?i)third|dritte|tercer|terceir|troisi|трет|第[三3]|[3三]\s*(?:番目|つ目|回目)|세", 3),
    (r"(?i)fourth|第[四4]|4\s*(?:番目|つ目)", 4),
    (r"(?i)fifth|第[五5]|5\s*(?:番目|つ目)", 5),
    (r"(?i)last|final|letzte|последн|最后|最後|derni|[uú]ltim|마지막", -1),
]


def nth(word: str) -> int:
    """The position an :data:`ORDINAL` word stands for (1 for the first, -1 for the last)."""
    for pattern, n in _NTH:
        if re.match(pattern, word.strip()):
            return n
    return 0


#: "after that" / "after this change" right before a quote: afterwards, no place ("After
#: that `tta.argmax(axis=1)` has length 40", "After this change `model.summary()` shows")
AFTERWARDS = re.compile(
    r"(?i)\b(?:after|following)\s+(?:that|this|it|which|then|these|those|doing\s+so)"
    r"(?:\s+(?:change|changes|fix|fixes|edit|edits|update|step))?\s*,?\s*$"
)
#: the word before "following" / "sau" that makes it "the following (code)", not "after":
#: "add the following to `main()`", "thêm dòng sau vào cuối hàm `main()`"
THE_FOLLOWING = re.compile(r"(?i)(?:\bthe|\bas|\b(?:dòng|đoạn|mã|code|lệnh|câu|hàm|phần|các))\s+$")
#: "after `X` and `y`", "after the `Config` class / `cfg = Config()`": the quote that follows
#: ``and`` (or a slash) is placed against too
AND_QUOTE = re.compile(
    r"\s*(?:(?:class|function|call|line|cell|block)\s*)?(?:,|/|and|và|y|et|und|e|и|i|ve|dan|en|و|和|及|と|및)\s*`([^`\n]{1,120})`"
)
#: "after `x = ...`", "right before the `model.fit` call", "después de `x`", "después de
#: la primera capa `Dropout(0.5)`" (a few words may describe the quoted statement)
QUOTED_EN = re.compile(
    rf"(?i)\b(?P<rel>{AFTER_WORDS}|{BEFORE_WORDS})\s+(?:(?:the|your|la|el|le|der|die|das)\s+)?"
    rf"(?:[^\W\d_`]+\s+){{0,3}}?(?:(?:line|call|statement|definition|cell)\s+)?{Q}"
)
#: a quote then its relation, in languages that put it after ("`fit` कॉल से ठीक पहले",
#: "`model.fit` 호출 바로 앞에", "`model.fit` satırından hemen önce")
QUOTED_POST = re.compile(
    rf"{Q}\s*(?:वाली\s*)?(?:कॉल|लाइन|पंक्ति|फ़ंक्शन|फंक्शन|सेल|호출|줄|라인|코드|함수|클래스|셀|정의|satırından|satırının|çağrısından|fonksiyonundan|"
    r"(?:을|를)\s*(?:호출하기|실행하기))?\s*"
    r"(?P<rel>से\s+(?:ठीक\s+)?पहले|के\s+(?:ठीक\s+)?(?:बाद|पहले)|(?:바로\s*)?(?:다음에|뒤에|후에|앞에|전에|이전에|위에|아래에|밑에)|"
    r"(?:hemen\s+)?(?:sonra|önce))"
)
BEFORE_POST = re.compile(r"पहले|앞에|전에|이전에|위에|önce")
#: "`x = ...` 之后" (zh), "`x` の後に", "`x` を呼ぶ前に" (ja)
QUOTED_CJK = re.compile(
    rf"{Q}\s*(?:这一?行|那一?行|一行|这句|调用|语句|行|(?:函数|类|類)(?:的)?定义|定义|"
    r"函数|関数|类|クラス(?:定義)?|の定義|单元格|セル|を(?:呼ぶ|呼び出す|実行する|実行す)|"
    r"の(?:呼び出し|実行|行)の?)?\s*"
    r"(?P<rel>之后|以后|后面|后边|下面|下方|后|之前|以前|前面|前边|上面|上方|前|"
    r"の(?:直後|後|あと|下|直前|前|上))"
)
#: "right after the imports", "after your early-stopping callback", "before training"
DESCRIBED_EN = re.compile(
    rf"(?i)\b(?P<rel>{AFTER_WORDS}|{BEFORE_WORDS})\s+(?P<phrase>(?:the|your|my|der|dem|den|die|"
    rf"el|la|le|del)\s+[\w\- ]{{2,60}}?"
    r"|(?:training|fitting|compiling|predicting|evaluating)(?:\s+(?:the|your)\s+model)?"
    r"|evaluation|inference"
    r"|you (?:train|fit|compile|predict|evaluate)\b[\w ]{0,20}?)"
    r"(?=\s*(?:[.,:;!?()\n]|$|\band\b|\bso\b|\bin\b|\bto\b|\bof\b|\bwith\b))"
)
#: "vor der Auswertung", "nach dem Training": German puts the verb last, so the place is
#: the one noun after the article
DESCRIBED_DE = re.compile(
    r"\b(?P<rel>vor|nach)\s+(?:der|dem|den)\s+(?P<phrase>[A-ZÄÖÜ][\wäöüß]+)\b"
)
#: "between `A` and `B`" (also "entre", "zwischen", "在 `A` 和 `B` 之间")
BETWEEN = re.compile(
    r"(?i)(?:\bbetween|\bentre|\bzwischen|在)\s+(?:the\s+|la\s+|el\s+|der\s+)?"
    r"`(?P<a>[^`\n]{1,120})`(?:\s+\w+)?\s*(?:and|y|et|und|和|与|跟)\s*"
    r"(?:the\s+|la\s+|el\s+|der\s+)?`(?P<b>[^`\n]{1,120})`"
)
DESCRIBED_CJK = re.compile(
    r"(?:在|放在|加在|紧跟在|插在|写在)\s*(?P<phrase>[^\s，。`、（）()]{2,12}?)\s*"
    r"(?P<rel>之后|以后|后面|下面|之前|前面|上面)"
)
TOP = re.compile(
    r"(?i)\b(?:at|to) the (?:very )?(?:top|beginning|start) of (?:the |your )?"
    r"(?:script|file|notebook|program|module)|脚本(?:的)?开头|文件开头"
    r"|\b(?:no|ao) in[ií]cio do (?:script|arquivo|ficheiro)|\bal (?:principio|inicio) del (?:script|archivo)"
    r"|\bau d[ée]but du (?:script|fichier)|\bam Anfang (?:des Skripts|der Datei)"
    r"|\ball'inizio dello script|\bв начал[еоу] (?:скрипта|файла)|(?:スクリプト|ファイル)の(?:先頭|最初)"
    r"|(?:스크립트|파일)(?:의)? (?:맨 )?(?:위|처음|앞)"
    r"|في (?:أعلى|بداية) (?:الملف|السكريبت|السكربت)|\bbovenaan (?:het )?(?:bestand|script)"
    r"|\bdi (?:awal|bagian atas) (?:skrip|file|berkas)|\bna początku (?:skryptu|pliku)"
)
#: "at the top with the other constants", "oben bei den Konstanten", "junto a las demás
#: constantes", "和其他常量放在一起": after the script's block of module-level constants
CONSTANTS = re.compile(
    r"(?i)\b(?:with|among|next to|near|beside|alongside|where)\s+(?:all\s+)?(?:the|your)\s+"
    r"(?:other\s+)?(?:constants|hyper-?parameters)(?:\s+are)?\b"
    r"|\bin the (?:constants|hyper-?parameters?) (?:block|section|cell)\b"
    r"|\b(?:bei|zu|unter) den (?:anderen |übrigen )?(?:Konstanten|Hyperparametern)\b"
    r"|\b(?:junto a|con|entre) (?:las|los) (?:dem[aá]s |otr[ao]s )?(?:constantes|hiperpar[aá]metros)\b"
    r"|\b(?:avec|parmi) les (?:autres )?(?:constantes|hyperparam[eè]tres)\b"
    r"|\b(?:junto (?:com|[aà]s|aos)|com) (?:as |os )?(?:outr[ao]s |demais )?(?:constantes|hiperpar[aâ]metros)\b"
    r"|\b(?:con|tra) (?:le|gli) (?:altre |altri )?(?:costanti|iperparametri)\b"
    r"|(?:к|рядом с|вместе с) (?:остальными |другими |остальным |другим )?(?:константам\w*|гиперпараметрам\w*)"
    r"|常量(?:那里|那块|部分|旁边|区域|一起)|(?:和|跟|与)(?:其他|其它)?(?:的)?(?:常量|超参数)(?:放)?(?:在)?一起"
    r"|(?:他の)?(?:定数|ハイパーパラメータ)(?:の(?:ところ|部分|近く|並び|横)|と一緒)"
    r"|(?:다른\s*)?(?:상수|하이퍼파라미터)(?:들)?(?:이 있는 곳|\s*부분|\s*옆|와 함께|과 함께)"
)
#: "right after the imports" in the languages answers come in ("logo depois dos imports",
#: "después de los imports", "nach den Imports", "после импортов", "import 다음에")
AFTER_IMPORTS = re.compile(
    r"(?i)(?:\b(?:after|below|under|following)\s+(?:all\s+)?(?:the\s+|your\s+)?"
    r"|\bdepois d[oa]s?\s+|\bap[oó]s (?:[oa]s? )?|\bdespu[eé]s de(?: l[oa]s)?\s+|\bapr[eè]s (?:les |vos )?"
    r"|\bnach (?:den |deinen |Ihren )?|\bdopo (?:gli |i )?|\bпосле\s+|\bpo\s+|\bna\s+)"
    r"(?:imports?|import statements|importa[cç](?:ões|iones)|importations|importazioni|импорт\w*|importach)\b"
    r"|(?:导入|import)\s*(?:语句)?\s*(?:之后|后面|下面)|(?:インポート|import)\s*(?:文)?\s*の\s*(?:すぐ)?(?:直後|後|あと|下)"
    r"|\bimport'?(?:lar|ler)?(?:dan|den)\s+(?:hemen\s+)?sonra\b"
    r"|(?:import|임포트)\s*(?:문|들)?\s*(?:바로\s*)?(?:다음|아래|뒤)"
    r"|بعد (?:الاستيرادات|عمليات الاستيراد|أسطر الاستيراد|سطور الاستيراد)|\bna de imports\b"
    r"|\b(?:setelah|sesudah) (?:(?:baris|bagian|semua) )?import\b"
    r"|\bsau (?:(?:phần|các|những|dòng|đoạn|khối) ){0,2}(?:import|nhập)\b|\bpo importach\b"
)
#: "right below it", "(in the same cell, right below)", "right after that layer", "justo
#: después de esa capa": after the code the step before added or changed
BELOW_PREVIOUS = re.compile(
    r"(?i)\b(?:right|directly|just|immediately)\s+(?:below|underneath|under)\b|\bbelow\s+(?:it|that)\b|"
    r"\b(?:direkt|gleich)\s+darunter\b|\bjuste en dessous\b|\bjusto debajo\b|\blogo abaixo\b|"
    r"\bsubito sotto\b|сразу (?:под|ниже)|紧接着|紧跟在后面|すぐ下|その下に|바로 아래"
    r"|\b(?:right|directly|just|immediately)\s+after\s+(?:it|that|this)\b"
    r"|\bafter (?:that|this|the changed|the new) (?:layer|line|call|statement)\b"
    r"|\b(?:justo|inmediatamente)\s+despu[eé]s\s+de\s+(?:es[ae]|est[ae]|ella|eso)\b"
    r"|\bdespu[eé]s de (?:esa|esta) (?:capa|l[ií]nea)\b"
    r"|\bjuste apr[eè]s (?:cette|celle-ci|celle-l[aà]|[cç]a|elle)\b|\bapr[eè]s cette (?:couche|ligne)\b"
    r"|\b(?:direkt|gleich|unmittelbar)\s+(?:danach|dahinter)\b|\bnach dieser (?:Schicht|Zeile)\b"
    r"|\blogo (?:ap[oó]s|depois de?) (?:essa|esta|ela|isso)\b|\bdepois dessa (?:camada|linha)\b"
    r"|\bsubito dopo (?:quell[ao]|quest[ao]|di essa)\b"
    r"|сразу после (?:неё|нее|него|этого|этой)|после (?:этого слоя|этой строки)"
    r"|(?:这|那|该)一?(?:层|行)(?:的)?(?:之)?后|紧接其后|その(?:層|行|レイヤー)?の?(?:直後|すぐ後)"
    r"|그 (?:층|레이어|줄|라인)\s*(?:바로\s*)?(?:뒤|다음)에"
)
#: "at the end of the script", "append it to the file", "am Ende des Skripts", "в конце скрипта"
END = re.compile(
    r"(?i)\b(?:at|to)\s+the\s+(?:very\s+)?(?:end|bottom)\s+of\s+(?:the|your)\s+"
    r"(?:script|file|notebook|program)"
    r"|\bat the very (?:end|bottom)\b(?!\s+of)|\bat the (?:end|bottom)\s*[:：]\s*$"
    r"|\bappend (?:this|it|these lines) to (?:the|your) (?:script|file)"
    r"|\bin a (?:new|separate|fresh) cell\b|\ben una (?:nueva )?celda nueva\b|\ben una nueva celda\b"
    r"|\bnuma nova c[ée]lula\b|\bem uma nova c[ée]lula\b|\bdans une nouvelle cellule\b"
    r"|\bin einer neuen Zelle\b|\bв новой ячейке\b|\bin una nuova cella\b|新的?单元格|新しいセル|새 셀"
    r"|\b(?:am|ans) (?:Ende|Schluss) (?:des Skripts|der Datei|des Notebooks)"
    r"|\bà la fin (?:du script|du fichier|du notebook)"
    r"|\bal final (?:del script|del archivo|del notebook)"
    r"|\bв кон(?:це|ец) (?:скрипта|файла|ноутбука)"
    r"|\b(?:no|ao) final do (?:script|arquivo|ficheiro|notebook)|\balla fine dello script"
    r"|(?:스크립트|파일)(?:의)? (?:맨 )?(?:끝|마지막)"
    r"|\bdi akhir (?:skrip|script|file|berkas)|\b[ởvà]+ cuối (?:script|tệp|file)|\bcuối (?:script|tệp)"
    r"|\bna (?:samym )?(?:końcu|dole) (?:skryptu|pliku)|\baan het (?:einde|eind) van (?:het |je )?(?:script|bestand)"
    r"|\bonderaan (?:in )?(?:het|je|jouw) (?:script|bestand|notebook)|\bhelemaal onderaan\b"
    r"|\b(?:am|ans) (?:Ende|Schluss) (?:deines|Ihres|deiner|Ihrer) (?:Skripts|Codes|Datei)"
    r"|في نهاية (?:السكريبت|السكربت|الملف|البرنامج)|(?:स्क्रिप्ट|फ़ाइल|फाइल) के (?:अंत|आखिर) में"
    r"|\b(?:betiğin|dosyanın|scriptin) sonuna"
    r"|(?:脚本|文件|代码)(?:的)?(?:最后|末尾|结尾)|(?:スクリプト|ファイル)の(?:最後|末尾)"
)

#: "at the end of cell 4", "am Ende von Zelle 4", "al final de la celda 4", "在第 4 个 cell 的最后"
CELL_END = re.compile(
    r"(?i)\b(?:at|to) the (?:very )?(?:end|bottom) of cell\s*#?\s*(\d+)"
    r"|\b(?:am|ans) Ende (?:von |der )?Zelle\s*(\d+)|\bal final de la celda\s*(\d+)"
    r"|\bno final da c[ée]lula\s*(\d+)|\b[àa] la fin de la cellule\s*(\d+)"
    r"|在\s*第?\s*(\d+)\s*个?\s*(?:cell|单元格)\s*的?\s*(?:最后|末尾|结尾)"
)
FN = r"`(?:def\s+)?([A-Za-z_]\w*)(?:\(\))?`"
#: "at the end of the `CFG` cell", "在 `CFG` 单元格的最后": the cell that defines that name
NAMED_CELL_END = re.compile(
    r"(?i)\b(?:at|to) the (?:very )?(?:end|bottom) of (?:the |your )?`([A-Za-z_]\w*)`\s+cell\b"
    r"|在\s*`([A-Za-z_]\w*)`\s*(?:cell|单元格)\s*的?\s*(?:最后|末尾|结尾)"
)
#: "at the end of `main()`", "am Ende von `train`", "al final de `main`", "在 `main()` 的最后"
FUNCTION_END = re.compile(
    rf"(?i)\b(?:at|to) the (?:very )?(?:end|bottom) of\s+(?:the\s+|your\s+)?(?:function\s+)?{FN}"
    rf"|\b(?:am|ans) Ende (?:von|der Funktion)\s+{FN}|\bal final de(?:\s+la funci[óo]n)?\s+{FN}"
    rf"|\b[àa] la fin de(?:\s+la fonction)?\s+{FN}|\bno final de(?:\s+fun[çc][ãa]o)?\s+{FN}"
    rf"|在\s*{FN}\s*(?:函数)?\s*(?:的)?\s*(?:最后|末尾|结尾)"
)
#: "at the top of `main()`", "am Anfang von `train`", "al principio de `main`", "在 `main()` 的开头"
FUNCTION_TOP = re.compile(
    rf"(?i)\b(?:at|to) the (?:very )?(?:top|start|beginning) of\s+(?:the\s+|your\s+)?(?:function\s+)?{FN}"
    rf"|\b(?:am|an den) Anfang (?:von|der Funktion)\s+{FN}|\bal (?:principio|inicio) de(?:\s+la funci[óo]n)?\s+{FN}"
    rf"|\bau d[ée]but de(?:\s+la fonction)?\s+{FN}|\bno in[íi]cio de(?:\s+fun[çc][ãa]o)?\s+{FN}"
    rf"|在\s*{FN}\s*(?:函数)?\s*(?:的)?\s*(?:开头|最前面|开始)"
)
#: "In `Config`, add a new attribute:", "Add this to the `Config` class:", "In der
#: `Config`-Klasse ergänze:": the end of that class's body (only a class resolves it)
CLASS_IN = re.compile(
    rf"(?i)(?:^|\n)\W*(?:in|inside|dans|en|em|im|in der)\s+(?:the\s+|your\s+|la\s+|el\s+|a\s+)?"
    rf"(?:class\s+|classe\s+|clase\s+)?{FN}(?:\s+class|-Klasse)?\s*,?\s+[^`\n]{{0,40}}[:：]\s*$"
    rf"|\b(?:add|append)\s+(?:this|it|these|the following)\s+(?:\w+\s+)?(?:to|into)\s+"
    rf"(?:the\s+|your\s+)?{FN}\s+class\b"
)


#: a quoted keyword that says where the new one goes: "before `verbose=2`", "放在 `verbose=2`
#: 前面", "`verbose=2` の前に" (the sign: before or after it)
BESIDE_PRE = re.compile(
    r"(?i)\b(?:(?P<b>before|ahead\s+of|above|vor|antes\s+de|avant)|(?P<a>after|below|under|nach|"
    r"despu[ée]s\s+de|apr[eè]s))\s+(?:the\s+)?$"
)
BESIDE_POST = re.compile(
    r"^\s*(?:(?P<b>前面|之前|前|の前|の上|上面|앞에|앞|위에)|(?P<a>后面|之后|后|の後|の下|下面|뒤에|뒤|아래))"
)


def beside_sign(sentence: str, quote: str) -> str:
    """``-`` when the sentence puts something before the quoted keyword, ``+`` after it,
    else ""."""
    at = sentence.find(f"`{quote}`")
    pre = BESIDE_PRE.search(sentence[max(0, at - 20) : at])
    post = BESIDE_POST.match(sentence[at + len(quote) + 2 :])
    m = pre or post
    return "" if m is None else "-" if m["b"] else "+"


#: "add" and its translations (a regular-expression alternation, no groups)
ADD_VERB = (
    r"add|insert|put|place|append|a[ñn]ade|agrega|inserta|ajoute[zr]?|ins[eè]re[zr]?|"
    r"f[üu]ge|adicione|acrescente|aggiungi|inserisci|tambahkan|sisipkan|thêm|dodaj|"
    r"добав\w*|додайте|ekleyin|ekle"
)
