"""Which of several alike calls an answer's words mean: "before the second compile", "во
втором `fit`", "第二个 `compile`", "두 번째 `fit`" pick one by its order in the script; "in
both `compile` calls", "в обоих `fit`", "两个 `fit` 都", "beide `fit`-Aufrufe", "les deux
`compile`" mean every one of them. Read only next to a mention of the call, so an order word
about something else ("the first stage", "first, ...") picks nothing."""

from __future__ import annotations

import ast
import re

from gptfix.index import build_index
from gptfix.llm.blocks import introducing
from gptfix.llm.code_anchor import by_code
from gptfix.llm.patches import callee_tail
from gptfix.llm.placewords import ORDINAL, nth
from gptfix.llm.prose_place import Spot, cues
from gptfix.llm.stmts import all_bodies
from gptfix.tracebacks.parse import parse_log

#: "both" / "all of the" / "each" and their translations (no groups)
EVERY = (
    r"\bboth\b|\ball\s+(?:of\s+)?(?:the|your|two|three)\b|\beach\b|\bevery\b|"
    r"\bобо(?:их|ими)\b|\bоба\b|\bобе\b|\bвсе[хм]?\b|\bкажд\w*|"
    r"\bambos\b|\bambas\b|\b(?:los|las|os|as)\s+(?:dos|dois|duas)\b|\btod[oa]s\s+(?:l[oa]s|[oa]s)\b|"
    r"\bbeide[nm]?\b|\ballen?\b|\bjede[nmrs]?\b|\bles\s+deux\b|\b(?:tous|toutes)\s+les\b|"
    r"\bchaque\b|\bentramb[ie]\b|\btutt[ie]\b|\bob(?:a|u|ydwa|ydwu)\b|\bwszystki\w*|"
    r"\bher\s+iki\b|\bcả\s+hai\b|दोनों|"
    r"两个|兩個|两处|兩處|两次|所有|每个|每個|両方|すべての|全ての|どちらの|모든|두\s*(?=`)|양쪽"
)
#: "... `fit` 都加上", "`compile` の両方", "`fit` 둘 다": every one, said after the mention
_EVERY_AFTER = r"^[^`.;:!?。；：\n]{0,12}(?:都|両方|どちらにも|둘\s*다|모두|both|beide)"
#: two orders joined into one pick: "and", "과", "와", "및", "и", "und", "et", "y", "e", "和", "と"
_JOINED = re.compile(
    r"(?i)\b(?:and|und|et|y|e|и|ve|và)\b|(?<=`)\s*(?:과|와|및|和|与|及|と|や)|\s(?:및)\s"
)
#: between an order word and the call it counts: a few words, no quote, no sentence end
_GAP = r"[^`.,;:!?。，；：\n]{0,30}?"
#: between "both" and the calls: a word or two ("both of your `fit` calls"), not a phrase
#: ("all the callbacks to `fit`" is about the callbacks)
_NEAR = r"(?:\s*[^\s`.,;:!?。，；：]{1,8}){0,2}?\s*"
#: a call named in words where answers do not quote it ("второй компиляцией", "コンパイル")
_WORDED = {
    "compile": r"компил\w*|コンパイル|编译|編譯|컴파일|compila\w*|kompil\w*",
    "fit": r"обучени\w*|训练|訓練|学習|학습",
}


def _mention(name: str) -> str:
    """A mention of the call ``name``: quoted (``model.fit()``), or as a bare word
    ("the second compile", "both fits"), or in words for the usual ones."""
    quoted = rf"`(?:[\w.]*\.)?{re.escape(name)}(?:\(\)|\([^`]*\))?`"
    bare = rf"\b{re.escape(name)}(?:s|\(\))?(?!\w)"
    worded = _WORDED.get(name)
    return f"(?:{quoted}|{bare}|{worded})" if worded else f"(?:{quoted}|{bare})"


def said_which(prose: str, name: str) -> int | None:
    """The calls of ``name`` the prose picks: ``k`` (1-based) the k-th in the script, -1 the
    last, 0 every one (the first such word, when several are said); None when no word next
    to a mention of it says."""
    if not name or not prose:
        return None
    prose = re.sub(r"\*\*|(?<!\w)\*(?=\w)|(?<=\w)\*(?!\w)", "", prose)  # "las **dos**"
    mention = _mention(name)
    found: list[tuple[int, int]] = []  # (where it is said, which)
    quoted = rf"`(?:[\w.]*\.)?{re.escape(name)}(?:\(\)|\([^`]*\))?`"
    for m in re.finditer(rf"(?i)(?<![A-Za-zА-Яа-яÀ-ÿ])(?P<word>{ORDINAL}){_GAP}{mention}", prose):
        gap = m.group(0)[len(m["word"]) :]
        if not re.search(quoted, gap) and len(re.findall(r"[^\s`]+", gap)) > 2:
            continue  # "the first model does not fit": a bare word is read next to its order only
        if nth(m["word"].strip()):
            found.append((m.start(), nth(m["word"].strip())))
    for m in re.finditer(rf"(?i)(?:{EVERY}){_NEAR}{mention}", prose):
        found.append((m.start(), 0))
    for m in re.finditer(rf"(?i){mention}", prose):
        if re.match(rf"(?i){_EVERY_AFTER}", prose[m.end() :]):
            found.append((m.start(), 0))
    # the first said is the instruction ("in both `compile` calls, otherwise the second
    # `compile` resets the metrics": both); two orders said together ("첫 번째 `compile`과 두
    # 번째 `compile` 모두", "the first and the second `fit`") mean each of them
    found.sort()
    if (
        len(found) > 1
        and found[0][1] != found[1][1]
        and found[1][0] - found[0][0] < 80
        and 0 not in (found[0][1], found[1][1])
        and _JOINED.search(prose[found[0][0] : found[1][0]])
        and len(prose[found[0][0] : found[1][0]].split()) <= 5
        and not re.search(r"[.;:!?。；：]", prose[found[0][0] : found[1][0]])
    ):
        return 0
    return found[0][1] if found else None


def pick(items: list[int], which: int | None) -> list[int] | None:
    """Of ``items`` (in script order), those ``which`` picks; None when it picks none of
    them (no word, or an order past their number)."""
    if which is None or not items:
        return None
    if which == 0:
        return list(items)
    if which == -1:
        return [items[-1]]
    return [items[which - 1]] if which <= len(items) else None


def enclosing_call(tree: ast.Module, line: int) -> str:
    """The name of the innermost call whose arguments span the 1-based ``line`` that does
    not start it (``compile`` for the ``metrics=[...]`` line of ``model.compile(``); "" when
    none does."""
    best: ast.Call | None = None
    for node in ast.walk(tree):
        end = getattr(node, "end_lineno", None)
        if isinstance(node, ast.Call) and end is not None and node.lineno < line <= end:
            if best is None or node.lineno >= best.lineno:
                best = node
    return callee_tail(best) if best is not None else ""


def every_before_call(prose: str, text: str, row: int) -> bool:
    """Whether the prose says "both"/"every" right before the call that holds the 0-based
    ``row`` ("in **both** `compile`", "в обоих `compile`"), not of something else ("in
    `compile`, track both precision and recall")."""
    try:
        name = enclosing_call(ast.parse(text), row + 1)
    except SyntaxError:
        return False
    plain = re.sub(r"\*\*|(?<!\w)\*(?=\w)|(?<=\w)\*(?!\w)", "", prose)
    return bool(name) and re.search(rf"(?i)(?:{EVERY}){_NEAR}{_mention(name)}", plain) is not None


def said_calls(text: str, rows: list[int], prose: str) -> list[int] | None:
    """Of the 0-based ``rows`` (argument lines of alike calls: the ``metrics=`` line of each
    ``compile``), those the prose picks by order or "both"; None when the rows are not in
    calls of one name or no word picks."""
    try:
        tree = ast.parse(text)
    except SyntaxError:
        return None
    names = {enclosing_call(tree, r + 1) for r in rows}
    if len(names) != 1 or "" in names:
        return None
    return pick(sorted(rows), said_which(prose, names.pop()))


def _value_kind(line: str) -> tuple[bool, str] | None:
    """Of an entry or keyword line (``"out": keras.losses.BinaryCrossentropy(),``): whether
    its value is a list, and the namespace of the first call in it (``keras.losses``)."""
    m = re.match(r"""\s*(?:["'][^"']+["']\s*:|[A-Za-z_]\w*\s*=)\s*(?P<value>.*?),?\s*$""", line)
    if m is None:
        return None
    value = m["value"]
    call = re.search(r"([A-Za-z_][\w.]*)\.[A-Za-z_]\w*\(", value)
    return value.startswith("["), call.group(1) if call else ""


def same_kind_entry(line: str, rows: list[int], lines: list[str]) -> int | None:
    """Of several script lines with the key of ``line`` (``"malignant":`` in the loss dict and
    in the metrics dict), the one whose value is of the same kind: a call from the same
    namespace (``keras.losses``), a list or not; None unless exactly one is."""
    mine = _value_kind(line)
    if mine is None or not mine[1]:
        return None
    alike = [r for r in rows if _value_kind(lines[r]) == mine]
    return alike[0] if len(alike) == 1 else None


#: "add a line in each", "各加一行", "jeweils", "en cada uno": the same code in every place
_EACH = re.compile(
    r"(?i)\beach\b|\bboth\b|各|jeweils|\bcada\s+un[oa]\b|\bdans\s+chacun\w*|\bв\s+каждо\w*|"
    r"\bв\s+обоих\b|각각|两个|兩個|都|両方"
)


def each_place(lines: list[str], tree: ast.Module, prose: str) -> list[Spot] | None:
    """ "In `train_step` and `test_step`, after `self.acc.update_state(y, y_pred)`, add a
    line each": one place in each function the sentence names, when its quoted anchor is
    in each of them once; None unless the words say each and name every such function."""
    said = introducing(prose)
    if not _EACH.search(re.sub(r"\([^()\n]*\)", " ", said)):  # not in an aside
        return None
    quoted = [c for c in cues(said) if c.quoted]
    if len(quoted) != 1:
        return None
    cue = quoted[0]
    bodies = all_bodies(tree, lines)
    found = by_code(cue.anchor, lines, bodies)
    owners = [_function_at("\n".join(lines), st.start + 1) for _, st in found]
    names = set(re.findall(r"`(?:[\w.]*\.)?([A-Za-z_]\w*)(?:\(\))?`", said))
    if len(found) < 2 or len(set(owners)) != len(found) or not set(owners) <= names:
        return None
    spots = []
    for b, st in found:
        indent = lines[st.start][: len(lines[st.start]) - len(lines[st.start].lstrip())]
        spots.append(Spot(st.end if cue.after else st.start, indent, st.start, cue.after, True, b))
    return spots


def _function_at(text: str, line: int) -> str:
    """The innermost function whose body holds the 1-based ``line`` ("" at module level), as
    the program model's scopes give it."""
    inside = [
        sc
        for sc in build_index(text).scopes
        if sc.kind == "function" and sc.line < line <= sc.end_line
    ]
    return max(inside, key=lambda sc: sc.line).name if inside else ""


def picked_calls(text: str, func: str, prose: str) -> list[str] | None:
    """The sources of the script's calls of ``func`` (by its last dotted part) that the
    prose picks ("in both calls to `build_dataset`", "the second `fit`"), in script order;
    None when the script makes fewer than two, no word picks, or two picked read alike."""
    tail = func.rsplit(".", 1)[-1].removesuffix("()")
    try:
        tree = ast.parse(text)
    except SyntaxError:
        return None
    calls = sorted(
        (n for n in ast.walk(tree) if isinstance(n, ast.Call) and callee_tail(n) == tail),
        key=lambda n: (n.lineno, n.col_offset),
    )
    if len(calls) < 2:
        return None
    chosen = pick(list(range(len(calls))), said_which(prose, tail))
    if chosen is None:
        return None
    sources = [ast.get_source_segment(text, calls[k]) or "" for k in chosen]
    if (
        "" in sources
        or len(set(sources)) != len(sources)
        or any(text.count(s) != 1 for s in sources)
    ):
        return None
    return sources


def named_layer(text: str, name: str) -> str | None:
    """The source of the one call the script gives ``name="<name>"`` ("the output layer
    `price`": ``layers.Dense(1, name="price")``), when ``name`` is no function it calls;
    None otherwise."""
    if not re.fullmatch(r"[A-Za-z_][\w-]*", name or ""):
        return None
    try:
        tree = ast.parse(text)
    except SyntaxError:
        return None
    calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call)]
    if any(callee_tail(n) == name for n in calls):
        return None
    named = [n for n in calls if _names(n, {name})]
    return (ast.get_source_segment(text, named[0]) or None) if len(named) == 1 else None


def said_layer_names(said: str) -> set[str]:
    """Layer names the words quote: `flatten`, `name="flatten"`, `"flatten"`."""
    out = set()
    for quote in re.findall(r"`([^`\n]+)`", said):
        m = re.fullmatch(r"""\s*(?:name\s*=\s*)?["']?([A-Za-z_][\w-]*)["']?\s*""", quote)
        if m:
            out.add(m.group(1))
    return out


def _names(call: ast.Call, names: set[str]) -> bool:
    """Whether ``call`` is given ``name=`` one of ``names``."""
    return any(
        k.arg == "name" and isinstance(k.value, ast.Constant) and k.value.value in names
        for k in call.keywords
    )


def named_in(node: ast.AST, names: set[str]) -> bool:
    """Whether a statement makes a call given ``name=`` one of ``names``."""
    return any(isinstance(n, ast.Call) and _names(n, names) for n in ast.walk(node))


def traced_statements(answer_text: str) -> frozenset[str]:
    """The statements the tracebacks an answer quotes show in their frames, as ``ast.dump``
    strings ("File "train.py", line 56, in build_model / x = layers.Dense(hidden // 2)(x)")."""
    out = set()
    for failure in parse_log(answer_text):
        for frame in failure.frames:
            try:
                body = ast.parse((frame.source or "").strip()).body
            except SyntaxError:
                continue
            if len(body) == 1:
                out.add(ast.dump(body[0]))
    return frozenset(out)
