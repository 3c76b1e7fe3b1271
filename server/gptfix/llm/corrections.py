"""A value an answer corrects right below the block that wrote it.

Bridges a block and the sentence under it that takes one of its values back and gives
another: "Hmm, wait — 5.0 barely does anything. Use `CLIP_NORM = 1.0` instead." under
``CLIP_NORM = 5.0``; "Korrektur: `decay_rate=0.9` ist zu aggressiv — nimm lieber
`decay_rate=0.96`" under a block writing ``decay_rate=0.9``. The block is applied with the
corrected value instead of being dropped. Only a quote that sets a name or a keyword the
block sets exactly once, to another value, corrects it; any other taking back is left to
:mod:`gptfix.llm.options`. Below an "UPDATE:" a quoted call gives the block's one call of
that function anew ("súbela a `layers.RandomRotation(0.15)`"). A correction that gives one
line of the block anew in a block of its own ("Corrección: ... usa `lookup.vocabulary_size()`:"
over ``x_city = layers.Embedding(lookup.vocabulary_size(), 4)(...)``) is written into the
block in place of the line it corrects.
"""

from __future__ import annotations

import ast
import re
import textwrap

from gptfix.llm.blocks import Block

_SETS = re.compile(r"^([A-Za-z_][\w.]*)\s*=\s*(.+)$")
_KEEPS = re.compile(
    r"(?i)\bkeep\b|\bleave\b|behalte|garde[zr]?\b|mant[eé]n|保持|保留|그대로|そのまま"
)


def _value(text: str) -> bool:
    try:
        ast.parse(text.strip(), mode="eval")
    except SyntaxError:
        return False
    return True


def corrected_below(block: Block, below: str) -> bool:
    """Write into ``block`` the values the sentence ``below`` it corrects; whether any was."""
    if block.kind not in ("code", "pair") or _KEEPS.search(below):
        return False  # "Actually, keep `BATCH_SIZE = 16`": the script's value, no correction
    text = block.replace if block.kind == "pair" and block.replace else block.text
    new: dict[str, list[str]] = {}
    for quote in re.findall(r"`([^`\n]+)`", below):
        m = _SETS.match(quote.strip())
        if m is not None and _value(m.group(2)):
            new.setdefault(m.group(1), []).append(m.group(2).strip())
    edits: list[tuple[int, int, str]] = []
    for name, values in new.items():
        spots = [
            x
            for pattern in (
                rf"(?m)^[ \t]*{re.escape(name)}\s*=\s*(?P<v>[^\n#]+?)[ \t]*(?:#.*)?$",
                rf"(?<![\w.=]){re.escape(name)}\s*=(?!=)\s*(?P<v>[^,)\n]+?)\s*(?=[,)\n])",
            )
            for x in re.finditer(pattern, text)
        ]
        spots = list({x.start("v"): x for x in spots}.values())  # one place, read twice
        if len(spots) != 1:
            continue
        fresh = [v for v in values if v != spots[0]["v"].strip()]
        if len(fresh) == 1:  # the value's own span: never the name, never a longer name
            edits.append((spots[0].start("v"), spots[0].end("v"), fresh[0]))
    out = text
    for start, end, value in sorted(edits, reverse=True):
        out = out[:start] + value + out[end:]
    if out == text:
        out = _value_swapped(text, below)
    if out == text:
        return False
    if _parses(text) and not _parses(out):
        return False  # the block parsed and the correction broke it
    if block.kind == "pair":
        block.replace = out
    block.text = out if block.kind != "pair" else block.text
    return True


def _parses(code: str) -> bool:
    try:
        ast.parse(textwrap.dedent(code))
    except SyntaxError:
        return False
    return True


def _literal(quote: str) -> bool:
    try:
        node = ast.parse(quote.strip(), mode="eval").body
    except SyntaxError:
        return False
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        node = node.operand
    return isinstance(node, ast.Constant) and not isinstance(node.value, bool)


def _value_swapped(text: str, below: str) -> str:
    """``text`` with the one literal a correction takes back given the one it gives
    ("学习率请改成 `1e-3`，不要用上面的 `1e-2`", "use `0.3`, not the `0.5` above"): in one of
    its first sentences, of two quoted literals the block has exactly one, once; the other
    takes its place."""
    for sentence in re.split(r"(?<=[.!?])\s+|(?<=[。！？])", below.strip())[0:3]:
        quotes = dict.fromkeys(q.strip() for q in re.findall(r"`([^`\n]+)`", sentence))
        values = [q for q in quotes if _literal(q)]
        if len(values) != 2:
            continue
        found = [list(re.finditer(rf"(?<![\w.]){re.escape(v)}(?![\w.])", text)) for v in values]
        if len(found[0]) == 1 and not found[1]:
            old, new, kept = found[0][0], values[1], values[0]
        elif len(found[1]) == 1 and not found[0]:
            old, new, kept = found[1][0], values[0], values[1]
        else:
            continue
        if _endorsed(sentence, kept):
            continue  # "the code is right, use `1e-3`; the `1e-4` above was a typo"
        return text[: old.start()] + new + text[old.end() :]
    return text


def _endorsed(sentence: str, value: str) -> bool:
    """Whether the words right before the quoted ``value`` say to use it ("use `1e-3`",
    "改成 `1e-3`") rather than not to ("not `1e-3`", "不要用上面的 `1e-3`")."""
    at = sentence.find(f"`{value}`")
    before = sentence[max(0, at - 25) : at]
    if re.search(
        r"(?i)\b(?:not|don'?t|instead\s+of|rather\s+than|nicht|pas|no)\b|不要|别|而不是|上面",
        before,
    ):
        return False
    return bool(_USE.search(before))


def calls_updated(block: Block, below: str) -> bool:
    """Write into ``block`` each call an "UPDATE:" below it gives anew ("súbela a
    `layers.RandomRotation(0.15)`" under a block writing ``layers.RandomRotation(0.1)``): the
    block's one call of that function becomes the quoted call; whether any did."""
    if block.kind not in ("code", "pair"):
        return False
    text = block.replace if block.kind == "pair" and block.replace else block.text
    try:
        tree = ast.parse(textwrap.dedent(text))
    except SyntaxError:
        return False
    out = text
    for sentence in re.split(r"(?<=[.!?。])\s+", below):
        if not _USE.search(sentence) or _NOT.search(sentence):
            continue  # "never use `Dropout(0.9)`", "if you see `fit(..., verbose=0)`": no change
        out = _calls_given(tree, out, sentence)
    if out == text:
        return False
    if block.kind == "pair":
        block.replace = out
    else:
        block.text = out
    return True


#: a sentence that gives code to use: "use `X` instead", "súbela a `X`", "nimm `X`", "改成 `X`"
_USE = re.compile(
    r"(?i)\b(?:use|change|set|make|raise|lower|increase|decrease|bump|replace|switch|go with|"
    r"usa|use|cambia|pon|s[úu]bel[ao]|b[áa]jal[ao]|nimm|verwende|setze|utilise[zr]?|mettez|"
    r"используйте|поставьте|увеличьте|уменьшите)\b|改成|改为|换成|用|に変更|にして|로 바꾸"
)
#: words that make a quoted call no change to make
_NOT = re.compile(
    r"(?i)\b(?:never|don'?t|do not|not|avoid|if you see|note that|would|instead of|nunca|no uses|"
    r"nicht|niemals|jamais|не)\b|不要|别用|しないで"
)


def _calls_given(tree: ast.Module, out: str, sentence: str) -> str:
    """``out`` with the block's one call of each function the sentence quotes anew (same
    positional count, no keyword dropped) written as quoted, in the block's spelling."""
    for quote in re.findall(r"`([^`\n]+)`", sentence):
        try:
            new = ast.parse(quote.strip(), mode="eval").body
        except SyntaxError:
            continue
        if not isinstance(new, ast.Call):
            continue
        name = ast.unparse(new.func)
        tail = name.rsplit(".", 1)[-1]
        same = [
            n
            for n in ast.walk(tree)
            if isinstance(n, ast.Call)
            and (ast.unparse(n.func) == name or ast.unparse(n.func).rsplit(".", 1)[-1] == tail)
        ]
        if len(same) != 1 or _arguments(same[0]) == _arguments(new):
            continue
        if len(same[0].args) != len(new.args) or not {k.arg for k in same[0].keywords} <= {
            k.arg for k in new.keywords
        }:
            continue  # a call with arguments left out is another call, not a correction
        old = ast.unparse(same[0])
        given = quote.strip()
        head = ast.get_source_segment(given, new.func) or ""
        # "use `Dropout(0.2)`" for the block's ``layers.Dropout(0.3)``: its own spelling
        given = ast.unparse(same[0].func) + given[len(head) :]
        if out.count(old) == 1:  # the call as the block wrote it, spaced as unparse does
            out = out.replace(old, given)
    return out


def _arguments(call: ast.Call) -> list[str]:
    """What a call passes, compared as code."""
    return [ast.dump(a) for a in call.args] + [ast.dump(k) for k in call.keywords]


def _about(node: ast.stmt) -> tuple[str, str] | None:
    """What a statement sets and the function its value is first made by: ``("x",
    "Embedding")`` for ``x = layers.Embedding(n, 4)(ids)``, ``("", "fit")`` for
    ``model.fit(...)``; None for other statements."""
    if isinstance(node, ast.Assign):
        target = " = ".join(ast.unparse(t) for t in node.targets)
    elif isinstance(node, ast.Expr):
        target = ""
    else:
        return None
    value = node.value
    while isinstance(value, ast.Call) and isinstance(value.func, ast.Call):
        value = value.func
    if not isinstance(value, ast.Call):
        return None
    return target, ast.unparse(value.func).rsplit(".", 1)[-1]


def _helpers_of(fixed: ast.stmt, others: list[ast.stmt], mine: list[ast.stmt]) -> bool:
    """Whether ``others`` are only new values ``fixed`` reads (``steps_per_epoch = ...``
    before the corrected ``lr_schedule = ...(decay_steps=epochs * steps_per_epoch)``)."""
    reads = {n.id for n in ast.walk(fixed) if isinstance(n, ast.Name)}
    set_before = {
        n.id
        for s in mine
        for t in getattr(s, "targets", [])
        for n in ast.walk(t)
        if isinstance(n, ast.Name)
    }
    for other in others:
        if not isinstance(other, ast.Assign):
            return False
        made = {n.id for t in other.targets for n in ast.walk(t) if isinstance(n, ast.Name)}
        if not made or not made <= reads or made & set_before:
            return False
    return True


def line_corrected(block: Block, below: Block) -> bool:
    """Write into ``block`` the one statement the next block gives anew, when that block is
    a statement standing for exactly one of ``block``'s (same target, same function making
    it, other code), with at most new values it reads before it: a correction of a line,
    not of the whole block. Whether it was."""
    if block.kind not in ("code", "pair") or below.kind != "code":
        return False
    text = block.replace if block.kind == "pair" and block.replace else block.text
    try:
        mine = ast.parse(textwrap.dedent(text)).body
        new = ast.parse(textwrap.dedent(below.text)).body
    except SyntaxError:
        return False
    if len(mine) < 2:
        return False
    hits = [n for n in new if _about(n) is not None and any(_about(s) == _about(n) for s in mine)]
    if len(hits) != 1:
        return False
    fixed = hits[0]
    if not _helpers_of(fixed, [n for n in new if n is not fixed], mine):
        return False
    same = [s for s in mine if _about(s) == _about(fixed)]
    if len(same) != 1 or ast.dump(same[0]) == ast.dump(fixed):
        return False
    lines = text.split("\n")
    first, last = (
        same[0].lineno - 1,
        (same[0].end_lineno or same[0].lineno) - 1,
    )  # dedent keeps rows
    indent = lines[first][: len(lines[first]) - len(lines[first].lstrip())]
    given = textwrap.dedent(below.text).strip("\n").split("\n")
    out = "\n".join(lines[:first] + [indent + g if g else g for g in given] + lines[last + 1 :])
    if block.text == text or block.kind != "pair":
        block.text = out  # a pair's text is its "after" code, read when its "before" is not found
    if block.kind == "pair":
        block.replace = out
    below.kind = "suggestion"
    below.note = "a corrected line of the block above: written into it"
    return True
