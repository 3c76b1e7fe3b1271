""" "Do the same for X": the change one block made, made again where the prose says.

Answers often show one edit and ask for its twin in words: "add `kernel_regularizer=...`
to the hidden `Dense` ... and the same keyword on `los`, `cost` and `readmit`", "E faça o
mesmo na segunda `Conv2D`", "replace `A` with `A + 1`, and do the same for the time mask
line (`aug["time_mask"] + 1`)". The block's change is read as a change to one call of the
script -- keywords added or given new values, or one argument replaced (often wrapping
the old one: ``x`` -> ``x + 1``) -- and made on each call the sentence names: a name the
script binds or a layer's ``name=`` (the call of the same function in that statement), the
k-th call of that function ("the second `Conv2D`"), or a quoted expression that is the
changed argument of another call. :func:`same_change` returns the new text and a summary,
None when the prose asks for nothing of the kind; it refuses (:class:`Refused`) when it
asks but no named place takes the change, so the answer is never left half done.
"""

from __future__ import annotations

import ast
import re

from gptfix.llm.occurrence import said_which
from gptfix.llm.patches import Refused, span_of, with_keyword

#: "the same keyword on", "do the same for", "faça o mesmo na", "lo mismo", "同样"
_SAME = re.compile(
    r"(?i)\b(?:do|does|did|apply|make)\s+the\s+same(?:\s+(?:change|thing|edit|fix))?\s+"
    r"(?:on|for|to|with)\b|\bthe\s+same\s+(?:keyword|change|argument|fix|edit)\s+(?:on|for|to)\b|"
    r"\bsame\s+(?:goes|applies)\s+for\b|"
    r"\b(?:fa[çc]a|fazer|faz)\s+o\s+mesmo\b|\b(?:haz|haga|hacer)\s+lo\s+mismo\b|"
    r"\b(?:do|make|apply)\s+the\s+same\s+(?:change|edit)\s+in\b|"
    r"\b(?:haz|haga|hacer|aplica)\s+el\s+mismo\s+cambio\b|\ba\s+mesma\s+(?:altera[çc][ãa]o|mudan[çc]a)\b|"
    r"\b(?:la\s+m[êe]me\s+modification|le\s+m[êe]me\s+changement)\b|\bdieselbe\s+[ÄA]nderung\b|"
    r"\bla\s+stessa\s+modifica\b|同样的(?:修改|改动)|同じ変更|같은\s*변경|"
    r"\b(?:mach|machen)\s+(?:das\s+)?(?:selbe|gleiche)\b|\bdasselbe\s+(?:f[üu]r|bei|mit)\b|"
    r"\bfai(?:tes)?\s+(?:la\s+)?m[êe]me\s+chose\b|\bde\s+m[êe]me\s+pour\b|"
    r"\bfai\s+lo\s+stesso\b|сделайте\s+то\s+же\s+самое|то\s+же\s+самое\s+(?:для|с)|"
    r"同样(?:地)?(?:修改|改|处理|加上|添加)|对\s*`[^`]+`\s*也(?:这样|同样)|同じように|同様に|마찬가지로"
)
#: a negation right before the cue: "do not do the same for `price`"
_NOT = re.compile(
    r"(?i)(?:\b(?:not|don'?t|never|nicht|no|pas|não)\b|不要|别|しないで)[^.!?。]{0,12}$"
)
_QUOTE = re.compile(r"`([^`\n]+)`")


def same_clause(text: str) -> str | None:
    """The words after a "do the same" cue up to the end of their sentence, or None."""
    m = _SAME.search(text)
    if m is None or _NOT.search(text[max(0, m.start() - 30) : m.start()]):
        return None
    rest = text[m.start() :]
    end = re.search(r"(?<=[.!?。！？])\s|\n\s*\n", rest)
    return rest[: end.start()] if end else rest


def inline_tail(prose: str, replace: str) -> str:
    """The rest of the paragraph after an inline change's quoted new code."""
    at = prose.find(f"`{replace}`")
    if at < 0:
        return ""
    rest = prose[at + len(replace) + 2 :]
    return rest.split("\n\n", 1)[0]


def _calls(node: ast.AST) -> list[ast.Call]:
    return [n for n in ast.walk(node) if isinstance(n, ast.Call)]


def _short(call: ast.Call) -> str:
    return ast.unparse(call.func).rsplit(".", 1)[-1]


def _delta(before: str, after: str) -> tuple[ast.Call, ast.Call] | None:
    """The one call of ``before`` that ``after`` changed, and its new form (innermost)."""
    try:
        old, new = ast.parse(before), ast.parse(after)
    except SyntaxError:
        return None
    old_dumps = {ast.dump(c) for c in _calls(old)}
    new_dumps = {ast.dump(c) for c in _calls(new)}
    gone = [c for c in _calls(old) if ast.dump(c) not in new_dumps]
    made = [c for c in _calls(new) if ast.dump(c) not in old_dumps]
    # innermost: no changed call inside it
    gone = [c for c in gone if not any(d is not c and d in _calls(c) for d in gone)]
    pairs = [
        (g, m)
        for g in gone
        for m in made
        if ast.dump(g.func) == ast.dump(m.func) and len(g.args) == len(m.args)
    ]
    return pairs[0] if len({id(g) for g, _ in pairs}) == 1 else None


def _edit(texts: tuple[str, str], old: ast.Call, new: ast.Call, target: ast.Call) -> str | None:
    """``target``'s source (in the text after the block) with the change ``old`` -> ``new``
    made to it, or None. ``texts``: the text before the block and after it."""
    before, after = texts
    source = ast.get_source_segment(after, target)
    if source is None:
        return None
    had = {k.arg: ast.dump(k.value) for k in old.keywords}
    for k in new.keywords:
        if k.arg is None or had.get(k.arg) == ast.dump(k.value):
            continue
        value = ast.get_source_segment(after, k.value) or ast.unparse(k.value)
        node = ast.parse(source, mode="eval").body
        assert isinstance(node, ast.Call)
        given = [x for x in node.keywords if x.arg == k.arg]
        if given:
            s, e = span_of(source, given[0].value)
            source = source[:s] + value + source[e:]
        else:
            source = with_keyword(source, f"{k.arg}={value}")
    for i, (a, b) in enumerate(zip(old.args, new.args, strict=True)):
        if ast.dump(a) == ast.dump(b):
            continue
        node = ast.parse(source, mode="eval").body
        assert isinstance(node, ast.Call)
        if i >= len(node.args):
            return None
        s, e = span_of(source, node.args[i])
        was = ast.get_source_segment(before, a) or ast.unparse(a)
        now = ast.get_source_segment(after, b) or ast.unparse(b)
        wrapped = _fill(now, was, source[s:e])
        source = source[:s] + (wrapped if wrapped is not None else now) + source[e:]
    return source


def _fill(new: str, old: str, mine: str) -> str | None:
    """``new`` with the subexpression ``old`` in it replaced by ``mine`` (``f(x, 0)`` for
    ``x`` -> ``f(x_test, 0)``), found by syntax tree, never by text; None when ``new`` does
    not hold ``old`` or any of them does not parse."""
    try:
        body = ast.parse(new, mode="eval").body
        want = ast.dump(ast.parse(old, mode="eval").body)
        ast.parse(mine, mode="eval")
    except SyntaxError:
        return None
    if ast.dump(body) == want:
        return None
    found = next(
        (n for n in ast.walk(body) if isinstance(n, ast.expr) and ast.dump(n) == want), None
    )
    if found is None:
        return None
    s, e = span_of(new, found)
    put = f"({mine})" if " " in mine.strip() and not mine.strip().startswith(("(", "[")) else mine
    return new[:s] + put + new[e:]


def _targets(text: str, old: ast.Call, new: ast.Call, clause: str) -> list[ast.Call] | None:
    """The script's calls the clause names for the same change; None when it names none."""
    tree = ast.parse(text)
    name = _short(old)
    same_fn = [c for c in _calls(tree) if _short(c) == name and ast.dump(c) != ast.dump(new)]
    quotes = _QUOTE.findall(clause)
    out: list[ast.Call] = []
    for q in quotes:
        q = q.strip()
        if re.fullmatch(r"[A-Za-z_]\w*", q) and q != name:
            for st in ast.walk(tree):
                binds = isinstance(st, ast.Assign) and any(
                    isinstance(t, ast.Name) and t.id == q for t in st.targets
                )
                named = isinstance(st, ast.Call) and any(
                    k.arg == "name" and isinstance(k.value, ast.Constant) and k.value.value == q
                    for k in st.keywords
                )
                if binds or named:
                    out += [c for c in _calls(st) if _short(c) == name and c in same_fn]
        elif q == name or q.rstrip("()") == name:
            which = said_which(clause, name)
            ordered = [c for c in _calls(tree) if _short(c) == name]
            if which is not None and 0 < which <= len(ordered):
                pick = ordered[which - 1]
                out += [pick] if pick in same_fn else []
        else:
            out += _by_argument(old, new, q, same_fn)
    unique: list[ast.Call] = []
    for c in out:
        if c not in unique:
            unique.append(c)
    return unique if quotes else None


def _by_argument(
    old: ast.Call, new: ast.Call, quote: str, same_fn: list[ast.Call]
) -> list[ast.Call]:
    """The calls whose changed argument the quoted expression gives in its new form
    (`aug["time_mask"] + 1` names the call passing ``aug["time_mask"]`` there)."""
    try:
        said = ast.parse(quote, mode="eval").body
    except SyntaxError:
        return []
    out = []
    for i, (a, b) in enumerate(zip(old.args, new.args, strict=True)):
        if ast.dump(a) == ast.dump(b):
            continue
        for call in same_fn:
            if i < len(call.args):
                filled = _fill(ast.unparse(b), ast.unparse(a), ast.unparse(call.args[i]))
                try:
                    same = filled is not None and ast.dump(
                        ast.parse(filled, mode="eval").body
                    ) == ast.dump(said)
                except SyntaxError:
                    same = False
                if same:
                    out.append(call)
    return out


def _chain_step(before: str, after: str) -> tuple[str, str] | None:
    """(name, ``.step(...)``) when ``after`` only appends one method call to the value one
    name was bound to (``ds_train = (...).batch(B)`` -> ``(...).batch(B).prefetch(A)``)."""
    try:
        old, new = ast.parse(before), ast.parse(after)
    except SyntaxError:
        return None
    was = {
        s.targets[0].id: ast.dump(s.value)
        for s in ast.walk(old)
        if isinstance(s, ast.Assign) and len(s.targets) == 1 and isinstance(s.targets[0], ast.Name)
    }
    found = []
    for s in ast.walk(new):
        if not (
            isinstance(s, ast.Assign)
            and len(s.targets) == 1
            and isinstance(s.targets[0], ast.Name)
            and isinstance(s.value, ast.Call)
            and isinstance(s.value.func, ast.Attribute)
        ):
            continue
        name, inner = s.targets[0].id, s.value.func.value
        if was.get(name) == ast.dump(inner) and was.get(name) != ast.dump(s.value):
            step = after[span_of(after, inner)[1] : span_of(after, s.value)[1]]
            found.append((name, "." + step.strip().lstrip(".").strip()))
    return found[0] if len(found) == 1 else None


def _same_step(after: str, step: tuple[str, str], clause: str) -> tuple[str, str] | None:
    """``after`` with the chain step appended to the values of the names the clause quotes."""
    name, suffix = step
    tree = ast.parse(after)
    quoted = {q.strip() for q in _QUOTE.findall(clause)} - {name}
    sites = [
        s.value
        for s in ast.walk(tree)
        if isinstance(s, ast.Assign)
        and len(s.targets) == 1
        and isinstance(s.targets[0], ast.Name)
        and s.targets[0].id in quoted
    ]
    if not quoted:
        return None
    if not sites:
        raise Refused(
            f'"{clause.strip()[:80]}" asks for the same change elsewhere, and no place it '
            "names takes it: not applied, so the change is not left half done"
        )
    text = after
    for value in sorted(sites, key=lambda v: -span_of(after, v)[1]):
        end = span_of(after, value)[1]
        text = text[:end] + suffix + text[end:]
    lines = sorted({v.lineno for v in sites})
    return (
        text,
        f"the same `{suffix[:40]}` on line(s) {', '.join(map(str, lines))}, as the prose says",
    )


def same_change(before: str, after: str, clause: str) -> tuple[str, str] | None:
    """``after`` with the change ``before`` -> ``after`` made on the calls ``clause`` names,
    and a summary; None when the change is not one call's or the clause quotes nothing."""
    pair = _delta(before, after)
    if pair is None:
        step = _chain_step(before, after)
        return _same_step(after, step, clause) if step is not None else None
    old, new = pair
    targets = _targets(after, old, new, clause)
    if targets is None:
        return None
    if not targets:
        raise Refused(
            f'"{clause.strip()[:80]}" asks for the same change elsewhere, and no place it '
            "names takes it: not applied, so the change is not left half done"
        )
    edits = []
    for call in targets:
        changed = _edit((before, after), old, new, call)
        if changed is None:
            raise Refused(f"the same change does not fit `{ast.unparse(call)[:60]}`")
        edits.append((span_of(after, call), changed))
    text = after
    for (s, e), changed in sorted(edits, key=lambda x: -x[0][0]):
        text = text[:s] + changed + text[e:]
    lines = sorted({c.lineno for c in targets})
    return text, f"the same change on line(s) {', '.join(map(str, lines))}, as the prose says"
