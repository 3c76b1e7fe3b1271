"""A script statement the answer says to keep as it is, after a block that rewrote it:
"scratch the pooling swap, keep `self.pool = layers.GlobalMaxPooling1D()` exactly as it
is; everything else in the diff above stands". The block applies; that one statement goes
back to the script's own line."""

from __future__ import annotations

import ast
import re
import textwrap

from gptfix.llm.patches import span_of

#: a sentence that keeps what it quotes: "keep `X` (exactly) as it is", "leave `X`
#: unchanged", "`X` bleibt", "保留 `X`", "`X` はそのまま"
_KEEP = re.compile(
    r"(?i)\b(?:keep|leave)\s+`(?P<a>[^`\n]+)`[^.\n`]{0,30}?\b(?:as\s+(?:it\s+is|is|before)|"
    r"unchanged|untouched|alone)\b|"
    r"\bbehalte\s+`(?P<b>[^`\n]+)`|`(?P<c>[^`\n]+)`\s*(?:bleibt|bleiben)\b|"
    r"(?:保留|保持)\s*`(?P<d>[^`\n]+)`|`(?P<e>[^`\n]+)`\s*(?:保持不变|不变|はそのまま|는\s*그대로)|"
    r"\b(?:mant[eé]n|conserva|deja)\s+`(?P<f>[^`\n]+)`|\bgardez\s+`(?P<g>[^`\n]+)`"
)


def _key(node: ast.stmt) -> str | None:
    """What a statement sets: its assignment targets."""
    if isinstance(node, ast.Assign):
        return " ".join(ast.unparse(t) for t in node.targets)
    if isinstance(node, ast.AnnAssign):
        return ast.unparse(node.target)
    return None


def _statements(tree: ast.Module) -> list[ast.stmt]:
    return [n for n in ast.walk(tree) if isinstance(n, ast.stmt)]


def keep_said(script: str, text: str, prose: str) -> tuple[str, list[str]]:
    """``text`` (the patched script) with each statement the prose keeps put back as the
    script wrote it, where the answer set the same target otherwise; and the lines put back.
    A quote that is no one statement of the script, or whose target the answer set in
    several places or not at all, changes nothing. Calls the prose says stay ("The `compile`
    and `summary()` lines stay exactly as you have them") that a replaced run of lines lost
    go back after the statement they followed."""
    text, kept = _calls_back(script, text, prose)
    for m in _KEEP.finditer(prose):
        quote = next(g for g in m.groups() if g)
        try:
            said = ast.parse(quote.strip()).body
            old_tree, new_tree = ast.parse(script), ast.parse(text)
        except SyntaxError:
            continue
        if len(said) != 1 or _key(said[0]) is None:
            continue
        want = ast.dump(said[0])
        old = [n for n in _statements(old_tree) if ast.dump(n) == want]
        if len(old) != 1 or any(ast.dump(n) == want for n in _statements(new_tree)):
            continue  # not the script's, or still there
        new = [n for n in _statements(new_tree) if _key(n) == _key(said[0])]
        olds = {ast.dump(n) for n in _statements(old_tree)}
        changed = [n for n in new if ast.dump(n) not in olds]
        if len(changed) != 1:
            continue
        node = changed[0]
        lines = text.split("\n")
        src = script.split("\n")[old[0].lineno - 1 : old[0].end_lineno]
        indent = lines[node.lineno - 1][
            : len(lines[node.lineno - 1]) - len(lines[node.lineno - 1].lstrip())
        ]
        back = [indent + x if x.strip() else x for x in textwrap.dedent("\n".join(src)).split("\n")]
        text = "\n".join(lines[: node.lineno - 1] + back + lines[node.end_lineno or node.lineno :])
        kept.append(back[0].strip())
    return text, kept


#: a sentence saying quoted lines stay: "The `compile` and `summary()` lines stay exactly as
#: you have them", "`fit` remains unchanged"
_STAY = re.compile(
    r"(?i)(?:`[^`\n]+`[^.\n]{0,60}?\b(?:stays?|remains?|are unchanged|is unchanged|don'?t change|"
    r"doesn'?t change)\b|\b(?:keep|leave)\b[^.\n]{0,60}?`[^`\n]+`)[^.\n]*"
)


#: words that point at the answer's own code above: "keep the `compile` line from above"
_ANSWERS_OWN = re.compile(
    r"(?i)\b(?:from above|above|I gave|von oben|ci-dessus|de arriba|acima)\b|上面|上記|위의"
)
#: words that say a quoted line goes, in a sentence that keeps another
_DROPPED = re.compile(
    r"(?i)\b(?:dropped|drop|removed?|deleted?|no\s+need|don'?t\s+need|do\s+not\s+need|"
    r"without|got\s+rid\s+of)\b"
)


def _calls_back(script: str, text: str, prose: str) -> tuple[str, list[str]]:
    """``text`` with each call statement of the script that a "stay" sentence names by its
    function (``compile``, ``summary()``) and that the patched script no longer has, put
    back right after the statement before it in the script (still in ``text``)."""
    kept: list[str] = []
    try:
        old = ast.parse(script)
    except SyntaxError:
        return text, kept
    src = script.split("\n")
    for m in _STAY.finditer(prose):
        if _DROPPED.search(prose[max(0, m.start() - 40) : m.start()]):
            continue  # "No need to keep `model.summary()`"
        if _ANSWERS_OWN.search(m.group(0)):
            continue  # "keep the `compile` line from above": the answer's own, not the script's
        for q in re.finditer(r"`([^`\n]+)`", m.group(0)):
            quote = q.group(1)
            rest = m.group(0)[q.end() :]
            if _DROPPED.search(m.group(0)[: q.start()]) or re.match(
                r"[^`]*?\b(?:because|since)\b", rest[:20]
            ):
                continue  # "I dropped `model.summary()` because ...; the `compile` line stays"
            if not re.fullmatch(r"[A-Za-z_][\w.]*(?:\((?:\.\.\.)?\))?", quote.strip()):
                continue  # a whole statement is :func:`keep_said`'s to put back
            name = quote.strip().split("(")[0].rsplit(".", 1)[-1]
            calls = [
                (body, k)
                for node in ast.walk(old)
                for body in [getattr(node, "body", None)]
                if isinstance(body, list)
                for k, st in enumerate(body)
                if isinstance(st, ast.Expr | ast.Assign)
                and isinstance(st.value, ast.Call)
                and ast.unparse(st.value.func).rsplit(".", 1)[-1] == name
            ]
            if len(calls) != 1 or calls[0][1] == 0:
                continue
            body, k = calls[0]
            st, prev = body[k], body[k - 1]
            lines = text.split("\n")
            mine = src[st.lineno - 1 : st.end_lineno]
            if any(x.strip() == mine[0].strip() for x in lines):
                continue  # still there
            before = src[(prev.end_lineno or prev.lineno) - 1].strip()
            at = [i for i, x in enumerate(lines) if x.strip() == before]
            if len(at) != 1:
                continue
            lines[at[0] + 1 : at[0] + 1] = mine
            text = "\n".join(lines)
            kept.append(mine[0].strip())
    return text, kept


#: a keyword the prose keeps as the script has it: "keep the `metrics` line as it is",
#: "metrics 那一行请保持原样", "`metrics` はそのまま", "`metrics` bleibt", "deja `metrics` igual"
_KEEP_KEYWORD = re.compile(
    r"(?i)\b(?:keep|leave)\s+(?:the\s+|your\s+)?`?(?P<a>[a-z_]\w*)`?\s+(?:line|argument|keyword|list)?\s*"
    r"(?:as\s+(?:it\s+is|is)|unchanged|untouched|alone)\b|"
    r"`?(?P<b>[a-z_]\w*)`?\s*(?:那一?行|这一?行|一行|参数)?\s*(?:请|就)?\s*(?:保持原样|保持不变|不用改|不要改|不变)|"
    r"`?(?P<c>[a-z_]\w*)`?\s*(?:の行|行)?\s*は\s*そのまま|`(?P<d>[a-z_]\w*)`\s*bleibt\b|"
    r"\bdeja\s+`?(?P<e>[a-z_]\w*)`?\s+(?:igual|como est[aá])"
)


def _calls_with(tree: ast.Module, name: str) -> list[tuple[str, ast.keyword]]:
    """Each call (by its callee, in script order) that passes the keyword ``name``."""
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            for k in node.keywords:
                if k.arg == name:
                    out.append((ast.unparse(node.func), k))
    return sorted(out, key=lambda t: (t[1].value.lineno, t[1].value.col_offset))


#: a sentence that takes a change back to the script's value: "`epochs` 50은 취소하고 원래대로
#: 2로", "revert `epochs` to what you had", "`epochs` wieder wie vorher", "把 `epochs` 改回原来的"
#: words that take a change back to the script's value: "`epochs` 50은 취소하고 원래대로 2로",
#: "put `epochs` back to the original 2", "把 `epochs` 改回原来的", "`epochs` を元に戻して"
_REVERT = re.compile(
    r"(?i)원래대로|원래\s*값|\brevert\s+(?:it\s+|that\s+)?(?:back\s+)?to\s+(?:the\s+)?original\b|"
    r"\bback\s+to\s+(?:the\s+original|what\s+you\s+had|your\s+original)\b|"
    r"\bundo\s+(?:the|that|this|my)\b|改回|原来的值|元に戻|元の値|\bwie\s+vorher\b|"
    r"\bcomo\s+(?:antes|estaba)\b|\bcomme\s+avant\b"
)
#: one sentence of the prose: punctuation and the line ends split them
_SENTENCES = re.compile(r"(?<=[.!?])\s+|(?<=[。！？])|\n+")


_IF = re.compile(r"(?i)\b(?:if|when|unless|falls|wenn|si|se|cuando|quand)\b|如果|もし|만약|若是")


def keep_reverted(script: str, text: str, prose: str) -> tuple[str, list[str]]:
    """``text`` with each setting the prose takes back to the script's value (a dict entry
    ``"epochs": 50,``, a keyword or an assignment of that name on a line of its own) given
    the script's line again, where the script and the patched script each set it on one
    line; and the lines given back."""
    kept: list[str] = []
    for sentence in _SENTENCES.split(prose):
        cue = _REVERT.search(sentence)
        if cue is None or _IF.search(sentence):
            continue  # "if it diverges, revert `lr`": a condition, not a change
        quotes = list(re.finditer(r"`([A-Za-z_]\w*)`", sentence))
        before = [q for q in quotes if q.end() <= cue.start()]
        said = before[-1] if before else next(iter(quotes), None)
        if said is None:
            continue  # the setting it takes back: the one quoted nearest before the words
        name = re.escape(said.group(1))
        for pattern in (rf"""^\s*(["']){name}\1\s*:""", rf"^\s*{name}\s*=(?!=)"):
            old = [
                x
                for x in script.split("\n")
                if re.match(pattern + r"\s*[-+\d.eE'\"]", x)  # a literal value, a setting
            ]
            rows = text.split("\n")
            new = [k for k, x in enumerate(rows) if re.match(pattern, x)]
            if len(old) != 1 or len(new) != 1:
                continue
            if rows[new[0]] != old[0]:
                rows[new[0]] = old[0]
                text = "\n".join(rows)
                kept.append(old[0].strip())
            break
    return text, kept


def keep_keyword(script: str, text: str, prose: str) -> tuple[str, list[str]]:
    """``text`` with each keyword the prose keeps ("metrics 那一行请保持原样") given back the
    value the script's call passes, where the answer changed it in exactly one call of the
    same function; and the keywords given back."""
    text, kept = keep_reverted(script, text, prose)
    for m in _KEEP_KEYWORD.finditer(prose):
        name = next(g for g in m.groups() if g)
        try:
            old = _calls_with(ast.parse(script), name)
            new = _calls_with(ast.parse(text), name)
        except SyntaxError:
            return text, kept
        if not old or len(old) != len(new) or [c for c, _ in old] != [c for c, _ in new]:
            continue
        changed = [
            (o, n)
            for (_, o), (_, n) in zip(old, new, strict=True)
            if ast.dump(o.value) != ast.dump(n.value)
        ]
        if len(changed) != 1:
            continue
        was = ast.get_source_segment(script, changed[0][0].value)
        node = changed[0][1].value
        if was is None or node.end_lineno is None or node.end_col_offset is None:
            continue
        start, end = span_of(text, node)
        text = text[:start] + was + text[end:]
        kept.append(f"{name}={was}")
    return text, kept
