"""A block that changes what its prose says stays: the object ("don't re-create the
optimizer (you'd lose Adam's moments), keep the original instance" over code that writes
``optimizer = keras.optimizers.Adam(FT_LR)``; "不要重新创建优化器"; "ne recréez pas le
modèle"), or a keyword's value ("`input_dim` must stay equal to `VOCAB_SIZE`" over code that
writes ``input_dim=VOCAB_SIZE + 1``).

Bridges the words that keep an object of a role (optimizer, model) and the program model's
bindings of the script before and after the block (:func:`gptfix.index.build_index`): a
name the script binds to an object of that role, bound again by the block to a new one, is
the object the words keep. Used by :func:`gptfix.llm.contradiction.contradiction`.
"""

from __future__ import annotations

import ast
import re

from gptfix.index import build_index
from gptfix.llm.contradiction_quotes import changed_lines

#: the roles whose objects an answer may say to keep, in the words answers use for them
_ROLES = {
    "optimizer": r"optimi[sz]er|optimiseur|Optimierer|optimizador|ottimizzatore|оптимизатор\w*|"
    r"优化器|オプティマイザ|옵티마이저",
    "model": r"model|modèle|Modell|modelo|modello|модел\w*|模型|モデル|모델",
}
#: "don't re-create / create a new", "keep the original / same / existing", "不要重新创建",
#: "新建", "作り直さ", "ne recréez pas", "nicht neu erstellen", "no vuelvas a crear"
_KEEP_OBJECT = (
    r"(?i)(?:\b(?:do\s*n[o']t|never|no need to|without)\s+(?:re-?create|re-?build|"
    r"re-?instantiate|create\s+(?:a\s+)?new|make\s+(?:a\s+)?new)\b[^.\n。]{{0,20}}?(?:{w})|"
    r"\bkeep(?:ing)?\s+the\s+(?:same|original|existing)\s+(?:{w})|"
    r"不要(?:重新)?(?:创建|新建|建立|定义)[^。\n]{{0,6}}?(?:{w})|(?:保留|保持)原来的(?:{w})|"
    r"(?:{w})[^。\n]{{0,8}}?(?:作り直さない|作り直さず|新しく作らない)|"
    r"\bne\s+re-?cr[ée]ez\s+pas\b[^.\n]{{0,20}}?(?:{w})|(?:{w})\s+nicht\s+neu\s+(?:erstellen|anlegen)|"
    r"\bno\s+(?:vuelvas\s+a\s+crear|crees\s+un\s+nuevo)\b[^.\n]{{0,20}}?(?:{w}))"
)


def recreated_against(said: str, old: str, new: str) -> str | None:
    """Why the block contradicts words that keep the script's object of a role: it binds
    the script's name for that object to a new one, once more than the script did (moving
    the creation elsewhere makes none); None otherwise."""
    roles = [r for r, w in _ROLES.items() if re.search(_KEEP_OBJECT.format(w=w), said)]
    if not roles:
        return None
    try:
        before, after = build_index(old), build_index(new)
    except SyntaxError:
        return None
    lines = changed_lines(old, new)
    kinds = {"optimizer": ("optimizer",), "model": ("model", "compiled-model")}
    for role in roles:
        had = {b.name for b in before.bindings if b.value_kind in kinds[role]}
        anew = [
            b
            for b in after.bindings
            if b.name in had
            and b.kind == "assign"
            and b.value_kind in kinds[role]
            and (b.stmt_line or b.line) in lines
        ]
        count = sum(1 for b in before.bindings if b.name in had and b.value_kind in kinds[role])
        more = sum(1 for b in after.bindings if b.name in had and b.value_kind in kinds[role])
        if anew and more > count:  # one more made (a creation moved out of a loop is none)
            return (
                f"the answer says to keep the {role} it has, but its code makes a new one "
                f"(`{anew[0].name} = ...`, line {anew[0].stmt_line or anew[0].line}): it "
                "contradicts itself"
            )
    return None


#: "`input_dim` must stay equal to `VOCAB_SIZE`", "keep `units` at `64`", "`lr` should
#: remain `1e-3`"
_STAYS = re.compile(
    r"(?i)`(?P<a>[A-Za-z_]\w*)`\s+(?:must|should|has\s+to|needs\s+to)\s+(?:stay|remain|be\s+kept)"
    r"\s+(?:equal\s+to|at|as)?\s*`(?P<b>[^`\n]+)`|"
    r"\bkeep\s+`(?P<c>[A-Za-z_]\w*)`\s+(?:equal\s+to|at|as)\s+`(?P<d>[^`\n]+)`"
)


def _keyword_values(text: str, name: str, lines: set[int] | None) -> list[str]:
    """The values (dumped) ``text``'s calls touching ``lines`` (all when None) give ``name``."""
    try:
        tree = ast.parse(text)
    except SyntaxError:
        return []
    return [
        ast.dump(k.value)
        for n in ast.walk(tree)
        if isinstance(n, ast.Call)
        and (lines is None or lines & set(range(n.lineno, (n.end_lineno or n.lineno) + 1)))
        for k in n.keywords
        if k.arg == name
    ]


def stays_against(said: str, old: str, new: str) -> str | None:
    """Why the block contradicts words that keep a keyword at the value the script gives
    it: the block's changed calls give it only another value; None otherwise."""
    lines = changed_lines(old, new)
    for m in _STAYS.finditer(said):
        name, value = (m["a"], m["b"]) if m["a"] else (m["c"], m["d"])
        try:
            want = ast.dump(ast.parse(value.strip(), mode="eval").body)
        except SyntaxError:
            continue
        written = _keyword_values(new, name, lines)
        if want in _keyword_values(old, name, None) and written and want not in written:
            return (
                f"the answer says `{name}` stays `{value.strip()}`, but its code gives it "
                "another value: it contradicts itself"
            )
    return None
