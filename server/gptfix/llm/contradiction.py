"""A block whose code contradicts the sentence that introduces it: "Lower the default
learning rate to `1e-4`:" over ``default=1e-2`` (a tenfold increase), "you should
**increase** the batch size instead:" over ``batch_size=8`` for 32.

Bridges the numbers a block changes in the script (old and new value, from the script
before and after the block) and what the sentence right before it says of them: a value
("to `1e-4`") or a direction (a verb that raises or lowers). An answer that says one thing
and writes the other is refused rather than applied either way; so is one whose later block
writes a line an earlier block of it just wrote over again with other values ("raise it to
64 units:" ... "in short, it should be smaller, 16 units:"), unless it says it takes the
first back ("actually", "instead").
"""

from __future__ import annotations

import ast
import difflib
import re

from gptfix.index import build_index
from gptfix.llm.block_text import literals_out
from gptfix.llm.blocks import introducing
from gptfix.llm.contradiction_anew import recreated_against, stays_against
from gptfix.llm.contradiction_quotes import (
    container_against,
    dtype_against,
    kept_against,
    kept_call_against,
    keyword_against,
    loss_against,
)
from gptfix.llm.keyword_clash import clashing_keyword, keyword_source, makes_same_call
from gptfix.llm.options import INSTEAD, RETRACT, UPDATE

#: the value a sentence sets: "to `1e-4`", "auf 4", "a 0.3", "到 16"
_TO_VALUE = re.compile(
    r"(?i)\b(?P<verb>set|change|lower|raise|increase|decrease|reduce|bump|drop|cut|make|keep|"
    r"setz(?:e[nr]?|t)?|senke[nr]?|erh[öo]he[nr]?|baja|sube|aumenta|reduce|cambia|baisse[zr]?|augmente[zr]?|"
    r"passe[zr]?|mets|mettez|r[èe]gle[zr]?|pon|ponga|establece|fija|deja|"
    r"r[ée]dui(?:s|sez)|уменьшите|увеличьте|понизьте|повысьте|снизьте|поставьте|установите|"
    r"измените)(?!\w)"
    r"[^.:\n]{0,60}?\s(?:to|at|auf|a|à|para|на|до|en)\s+\**`?(?P<value>-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)`?|"
    # "把默认学习率调小到 `1e-4`", "学習率を `1e-4` に下げ": the verb after its object
    r"(?P<verb2>调小|调低|降低|减小|减少|调大|调高|提高|增大|增加|改|设置?|设定)(?:到|为|成)\s*\**`?"
    r"(?P<value2>-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)`?"
)
#: a sentence right below a block that says again what the block does: "I.e., ...",
#: "Es decir, ...", "Das heißt ...", "也就是说", "つまり", "То есть", "즉"
_RESTATES = re.compile(
    r"(?i)(?:i\.\s?e\.|that is|in other words|es decir|o sea|das hei[ßs]t|d\.\s?h\.|"
    r"c'est-à-dire|autrement dit|ou seja|cioè|то есть|也就是说|也就是|即|つまり|즉)\b"
)
#: words that move a value up / down ("increase `FF_DIM`", "reduce the dropout")
UP = re.compile(
    r"(?i)\b(?:increase|raise|bump(?:\s+up)?|double|erh[öo]he[nr]?|anheben|aumenta|sube|augmente[zr]?|"
    r"aumente)\b|调大|调高|提高|增大|增加|上げ|높이|늘리"
)
DOWN = re.compile(
    r"(?i)\b(?:lower|decrease|reduce|halve|cut|senke[nr]?|verringer[en]+|reduzier[en]+|baja|reduce|"
    r"disminuye|baisse[zr]?|diminue[zr]?|r[ée]dui(?:s|sez)|diminua|reduza)\b|"
    r"调小|调低|降低|减小|减少|下げ|낮추|줄이"
)
#: nouns a Chinese, Japanese or Korean sentence names a setting by, as words of its code
_CJK_NOUNS = {
    "学习率": "lr",
    "學習率": "lr",
    "学習率": "lr",
    "학습률": "lr",
    "批大小": "batch",
    "批量大小": "batch",
    "バッチサイズ": "batch",
    "배치": "batch",
    "轮数": "epochs",
    "エポック": "epochs",
    "에폭": "epochs",
}


def _numbers(lines: list[str]) -> list[float] | None:
    """The number literals of ``lines`` (outside strings and names), in order."""
    # continuation lines of a call (``    batch_size=32, verbose=0)``) stand alone here,
    # so they are read by their tokens' shapes rather than tokenized as a program
    text = re.sub(r"(?s)(\"\"\"|\'\'\'|\"|').*?\1", "''", "\n".join(x.split("#")[0] for x in lines))
    try:
        return [
            float(m.group(0).replace("_", ""))
            for m in re.finditer(
                r"(?<![\w.])(?:\d[\d_]*\.?\d*|\.\d+)(?:[eE][-+]?\d+)?(?![\w.])", text
            )
        ]
    except ValueError:
        return None


def _replaced(old: str, new: str) -> list[tuple[list[str], list[str]]]:
    """The runs of lines the edit replaced: (old lines, new lines) for each."""
    a, b = old.split("\n"), new.split("\n")
    return [
        (a[i1:i2], b[j1:j2])
        for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes()
        if op == "replace"
    ]


def _changed(runs: list[tuple[list[str], list[str]]]) -> list[tuple[float, float]]:
    """(old, new) of each number the edit rewrote in place (lines replaced one for one with
    as many numbers on both sides)."""
    out: list[tuple[float, float]] = []
    for was_lines, now_lines in runs:
        was, now = _numbers(was_lines), _numbers(now_lines)
        if was is None or now is None or len(was) != len(now):
            continue
        out.extend((x, y) for x, y in zip(was, now, strict=True) if x != y)
    return out


def _same(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-9 * max(abs(a), abs(b), 1.0)


#: "from 0.2 to 0.1", "de `0.2` a `0.1`", "von 0.2 auf 0.1": the old and the new value said
_NUM = r"\**`?(-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)`?\**"
#: ... and "从 0.3 提高到 0.5", "0.3 から 0.5 に", "0.3에서 0.5로", "с 0.3 до 0.5"
_FROM_TO = re.compile(
    rf"(?i)\b(?:from|de|von|da)\s+{_NUM}\s+(?:to|a|à|auf|para|на)\s+{_NUM}|"
    rf"从\s*{_NUM}\s*(?:[^\d\s`到至为成，。]{{0,3}})(?:到|至|为|成)\s*{_NUM}|"
    rf"{_NUM}\s*から\s*{_NUM}\s*(?:に|へ)|{_NUM}\s*에서\s*{_NUM}\s*(?:으로|로)|"
    rf"(?<!\w)(?:с|от)\s+{_NUM}\s+до\s+{_NUM}"
)
#: two numbers joined by an arrow or a "from" word that leaves the "to" unsaid ("1.0 se
#: 0.5", "1.0 से 0.5", "1.0'dan 0.5'e", "1.0 → 0.5"): the old value and the new one
_ARROWS = ("→", "->", "=>", "⇒")
_PAIR = re.compile(
    rf"(?<![\w.]){_NUM}(?:\s*(?:→|->|=>|⇒)\s*|\s+(?:se|से)\s+|'(?:dan|den|tan|ten)\s+){_NUM}"
    r"(?:'(?:a|e|ya|ye))?(?![\w.])"
)
#: "keep it at 3", "leave the bottleneck at 3": the value stays what the script has
_KEEP_AT = re.compile(
    r"(?i)\b(?:keep|leave|stick\s+with)\s+(?:it|this|that|(?:the|your)\s+[\w -]{1,30}?)\s+"
    r"(?:at|as)\s+`?(-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)`?(?![\w.])"
)
_STOP = frozenset("the your a an this that its default value of in for to".split())
#: words a sentence names a setting by, as its code spells it
_SYNONYMS = {"lr": {"learning", "rate", "lr"}, "bs": {"batch"}, "epochs": {"epoch", "epochs"}}
#: a setting's noun in other languages, as the English word of its code
_FOREIGN = {
    "lernrate": "learning",
    "lernraten": "learning",
    "apprentissage": "learning",
    "aprendizaje": "learning",
    "aprendizagem": "learning",
    "apprendimento": "learning",
    "taux": "rate",
    "tasa": "rate",
    "taxa": "rate",
    "batchgröße": "batch",
    "epochen": "epochs",
    "épocas": "epochs",
    "epocas": "epochs",
    "époques": "epochs",
    "epoche": "epochs",
}


def _object_named(sentence: str, verb_end: int, line: str) -> bool:
    """Whether the words right after the verb name what the changed line sets (``batch
    size`` for ``batch_size=8``, ``learning rate`` for ``--lr``), or are a pronoun."""
    before = sentence[max(0, verb_end - 30) : verb_end]
    words = [w.lower() for w in re.findall(r"[A-Za-z_]\w*", sentence[verb_end : verb_end + 60])][:5]
    if verb_end and not sentence[verb_end - 1].isascii():
        words = []  # "学習率を下げ": a CJK verb comes after its object; what follows is another clause
    words += [w for noun, w in _CJK_NOUNS.items() if noun in before]
    if words and words[0] in ("it", "this", "that", "them", "es", "ihn", "lo", "le", "la"):
        return True
    if re.match(r"\s*(?:её|ее|его|их|это)(?!\w)", sentence[verb_end:]):
        return True  # "Уменьшите её до 0.5"
    # a verb at the end of its clause ("Ich würde sie deutlich senken"): the words before it
    clause = re.split(r"[.,;:!?\n、，。；：！？]", sentence[max(0, verb_end - 80) : verb_end])[-1]
    if any(w.lower() in ("sie", "ihn", "es") for w in re.findall(r"\w+", clause)[:-1]):
        return True
    words += [w.lower() for w in re.findall(r"[A-Za-z_]\w*", clause)[:-1]]
    tokens: set[str] = set()
    for part in re.findall(r"[A-Za-z]+", line.replace("_", " ")):
        tokens |= _SYNONYMS.get(part.lower(), {part.lower()})
    words = [_FOREIGN.get(w, w) for w in words]
    return any(w.rstrip("s") in {t.rstrip("s") for t in tokens} for w in words if w not in _STOP)


def contradiction(intro: str, old: str, new: str, after: str = "", below: str = "") -> str | None:
    """Why the block that turned ``old`` into ``new`` contradicts ``intro`` (the prose
    before it) or ``after`` (the prose after it), or None: the prose names the old value
    and another new one ("reduce it from 0.2 to 0.1" over ``Dropout(0.5)``), the sentence
    right before the block sets what the block changes to another value or moves it the
    other way, or the prose keeps the value the block changes ("keep `loss="mse"`"); or the
    sentence right ``below`` it says again what it does ("Es decir, ...") with another value."""
    both = intro + "\n" + after
    kept = (
        kept_against(both, old, new)
        or kept_call_against(both, old, new)
        or dtype_against(both, old, new)
        or loss_against(both, old, new)
        or recreated_against(both, old, new)
        or stays_against(both, old, new)
    )
    if kept is not None:
        return kept
    runs = _replaced(old, new)
    changes = _changed(runs)
    if not intro.strip():
        return None
    paragraphs = intro.strip().split("\n\n")
    last = paragraphs[-1]
    if len(paragraphs) > 1 and len(last) < 120 and not re.search(r"\d", last):
        last = paragraphs[-2] + "\n" + last  # "Ändere dazu in `TrainConfig`:" after the value
    against = keyword_against(last, old, new) or container_against(last, old, new)
    if against is not None or not changes:
        return against
    for m in _KEEP_AT.finditer(both):
        kept_value = float(m.group(1))
        for x, y in changes:
            if _same(x, kept_value) and not _same(y, kept_value):
                return (
                    f"the answer says to keep it at {kept_value:g}, but its code changes "
                    f"{x:g} to {y:g}: it contradicts itself"
                )
    for m in _FROM_TO.finditer(intro):
        was, said = (float(g) for g in m.groups() if g is not None)
        for x, y in changes:
            if _same(x, was) and not _same(y, said):
                return f"the answer says to change {was:g} to {said:g}, but its code writes {y:g}"
    for m in _PAIR.finditer(intro):
        # "(1.0 se 0.5)", "(1.0'dan 0.5'e)", "1.0 → 0.5": the script's value, then another
        if intro[: m.start()].rstrip().endswith(_ARROWS) or intro[m.end() :].lstrip().startswith(
            _ARROWS
        ):
            continue  # "16→32→64 filters": a sequence described, not a change
        was, said = float(m.group(1)), float(m.group(2))
        for x, y in changes:
            if _same(x, was) and not _same(y, said) and not _same(was, said):
                return f"the answer says to change {was:g} to {said:g}, but its code writes {y:g}"
    line = "\n".join(x for was, now in runs for x in was + now)
    restated = _RESTATES.match(below.strip())  # "Es decir, pon ... en 0.3, como en el bloque"
    said_again = below.strip().split("\n\n")[0] if restated else ""
    for where, m in [(t, m) for t in (last, said_again) for m in _TO_VALUE.finditer(t)]:
        said = float(m.group("value") or m.group("value2"))
        verb = "verb" if m.group("verb") else "verb2"
        if _object_named(where, m.end(verb), line) and not any(_same(y, said) for _, y in changes):
            return (
                f"the answer says to set it to {said:g}, but its code writes "
                f"{changes[0][1]:g} (was {changes[0][0]:g})"
            )
    # an aside in brackets ("(early stopping will cut it short anyway)") moves nothing
    plain = re.sub(r"\([^()\n]*\)", lambda m: " " * len(m.group(0)), last)
    ups = [m for m in UP.finditer(plain) if _object_named(plain, m.end(), line)]
    downs = [m for m in DOWN.finditer(plain) if _object_named(plain, m.end(), line)]
    if bool(ups) != bool(downs):
        up = bool(ups)
        if all((y < x if up else y > x) for x, y in changes):
            x, y = changes[0]
            return (
                f"the answer says to {'increase' if up else 'lower'} it, but its code "
                f"{'lowers' if up else 'raises'} {x:g} to {y:g}"
            )
    return None


def set_and_dropped(before: str, after: str, names: list[str]) -> str | None:
    """Why an answer that sets configuration values contradicts itself: it also removes or
    rewrites every line that read one of them ("delete the Dropout layer", then "set
    `"dropout"` to 0.5"; ``LR = 5e-4`` in one block, ``Adam(1e-2)`` for ``Adam(LR)`` in the
    next), so the value it sets does nothing; None when each is still read. ``names`` are the
    values set in prose; a value whose written value the answer changed counts too."""
    old = build_index(before).config
    was = {a.name for a in old if a.uses}
    now = build_index(after).config
    values = {(a.owner, a.name): a.value for a in old}
    changed = [a.name for a in now if values.get((a.owner, a.name), a.value) != a.value]
    for name in [*names, *changed]:
        kept = [a for a in now if a.name == name]
        if name in was and kept and not any(a.uses for a in kept):
            return (
                f"the answer sets `{name}` and leaves no line that reads it, so the value it "
                "sets does nothing: it contradicts itself"
            )
    return None


_COMPOUND = (
    ast.FunctionDef,
    ast.AsyncFunctionDef,
    ast.ClassDef,
    ast.If,
    ast.For,
    ast.AsyncFor,
    ast.While,
    ast.With,
    ast.AsyncWith,
    ast.Try,
)


def simple_statements(text: str) -> list[ast.stmt]:
    """The statements of ``text`` that hold no other statements, at any depth."""
    try:
        tree = ast.parse(text)
    except SyntaxError:
        return []
    return [n for n in ast.walk(tree) if isinstance(n, ast.stmt) and not isinstance(n, _COMPOUND)]


def _literals(node: ast.stmt) -> list[object]:
    return [n.value for n in ast.walk(node) if isinstance(n, ast.Constant)]


def written_by(before: str, after: str) -> dict[str, frozenset[int] | None]:
    """The statements (as ``ast.dump``) that ``after`` has and ``before`` has not, each
    with the positions of the literals that differ from the statement of ``before`` it
    rewrote (None for a new statement: all of them are the block's)."""
    had = [ast.dump(n) for n in simple_statements(before)]
    gone = [n for n in simple_statements(before)]
    for node in simple_statements(after):
        dump = ast.dump(node)
        if dump in had:
            gone.pop(had.index(dump))
            had.remove(dump)
    out: dict[str, frozenset[int] | None] = {}
    for node in simple_statements(after):
        dump = ast.dump(node)
        if dump in (ast.dump(n) for n in simple_statements(before)):
            continue
        origin = next((g for g in gone if literals_out(g) == literals_out(node)), None)
        out[dump] = None if origin is None else _differ(origin, node)
    return out


def _differ(a: ast.stmt, b: ast.stmt) -> frozenset[int]:
    """Positions of the literals in which two statements of one shape differ."""
    return frozenset(
        k for k, (x, y) in enumerate(zip(_literals(a), _literals(b), strict=False)) if x != y
    )


def rewritten(
    intro: str,
    before: str,
    after: str,
    earlier: dict[str, tuple[int, frozenset[int] | None]],
    original: str = "",
) -> str | None:
    """Why a block that turned ``before`` into ``after`` contradicts an earlier block of
    the same answer (``earlier``: the statements each applied block wrote, by number, with
    the literals it changed): it gives a literal that block wrote another value, and its
    sentence does not take the first back; None otherwise (``"batch_size": 128`` after
    another block changed ``"lr"`` in the same dict is no contradiction)."""
    said = introducing(intro)
    if not earlier or INSTEAD.search(said) or RETRACT.search(said) or UPDATE.search(said):
        return None
    gone = {ast.dump(n): n for n in simple_statements(before)}
    for node in simple_statements(after):
        gone.pop(ast.dump(node), None)
    made = written_by(before, after)
    new = {literals_out(n): n for n in simple_statements(after) if ast.dump(n) in made}
    script = simple_statements(original)
    for dump, node in gone.items():
        number, theirs = earlier.get(dump, (None, None))
        if number is None:
            continue
        twin = new.get(literals_out(node))
        if twin is None or theirs is None:
            # a call the earlier block rewrote whole (``loss=Huber(...)`` for ``"mse"``):
            # judged keyword by keyword against the script's call
            calls = [n for n in new.values() if makes_same_call(node, n)]
            later = twin if twin is not None else calls[0] if len(calls) == 1 else None
            name = clashing_keyword(script, node, later) if later is not None else None
            if name and later is not None:
                return (
                    f"block {number} writes `{keyword_source(node, name)}` and this block "
                    f"`{keyword_source(later, name)}` in the same `{_head(node)}`: the answer "
                    "contradicts itself"
                )
            if name is not None or twin is None:
                continue
        mine = _differ(node, twin)
        if theirs is not None and not mine & theirs:
            continue  # it changes other values of the statement than that block did
        pairs = [
            (a, b)
            for k, (a, b) in enumerate(zip(_literals(node), _literals(twin), strict=False))
            if k in mine
        ]
        was, now = pairs[0] if pairs else ("it", "other values")
        return (
            f"block {number} writes {was!r} and this block {now!r} in the same "
            f"`{_head(node)}`: the answer contradicts itself"
        )
    return None


def _head(node: ast.stmt) -> str:
    head = ast.unparse(node)
    return head if len(head) <= 40 else head[:37] + "..."
