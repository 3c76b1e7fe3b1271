"""A block against a value its prose quotes: "use `padding="pre"`:" over a block that
writes ``padding="post"``, "i.e. `{"coarse": 1.0, "fine": 0.5}`" over other weights, "keep
`loss="mse"` as it is" after a block that writes another loss.

Bridges the backticked keyword values and literal containers of the prose around a block
and the calls and literals the block writes (the script before and after it): each check
says why they disagree, or None. Used by :func:`gptfix.llm.contradiction.contradiction`.
"""

from __future__ import annotations

import ast
import difflib
import re
from collections.abc import Iterator

from gptfix.index import build_index
from gptfix.llm.block_text import literals_out

#: "use `padding="pre"`": a keyword and the literal value the sentence gives it
_SAID_KEYWORD = re.compile(r"`\s*([A-Za-z_]\w*)\s*=\s*([^`=\n]+?)\s*`")
#: a verb that asks for the quoted value: "use `padding="pre"`", "użyj", "zet", "改成"
_ASKED = re.compile(
    r"(?i)(?:\b(?:use|set|pass|try|switch\s+to|change\s+\w+\s+to|make\s+sure|ensure|użyj|ustaw|gebruik|zet|"
    r"utilise[zr]?|usa|utiliza|usar|verwende|nutze|setze|passe[zr]?)\b|用|使用|改成|改为|設定|使って|사용)"
    r"[^`.\n]{0,30}$"
)
#: words that turn a quoted value down: "not `padding="post"`", "instead of", "zamiast"
_TURNED_DOWN = re.compile(
    r"(?i)(?:\b(?:not|don'?t|never|avoid|instead\s+of|rather\s+than|without|nie|niet|nicht|"
    r"pas|zamiast|statt|en\s+lugar\s+de|au\s+lieu\s+de|em\s+vez\s+de)|不要|而不是|ではなく)"
    r"[^`.\n]{0,20}$"
)


def _keywords(text: str, lines: set[int] | None = None) -> list[tuple[str, str]]:
    """(name, value as written) of every keyword argument of every call of ``text`` whose
    value is a literal (of the calls that touch ``lines``, 1-based, when given)."""
    try:
        tree = ast.parse(text)
    except SyntaxError:
        return []
    out = []
    for n in ast.walk(tree):
        if not isinstance(n, ast.Call):
            continue
        if lines is not None and not lines & set(range(n.lineno, (n.end_lineno or n.lineno) + 1)):
            continue
        for k in n.keywords:
            try:
                ast.literal_eval(k.value)
            except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
                continue  # ``epochs=EPOCHS``: a name, whose value the sentence may well give
            if k.arg is not None:
                out.append((k.arg, ast.dump(k.value)))
    return out


def changed_lines(old: str, new: str) -> set[int]:
    """1-based lines of ``new`` that the change from ``old`` wrote or rewrote."""
    return {
        j + 1
        for op, _, _, j1, j2 in difflib.SequenceMatcher(
            a=old.split("\n"), b=new.split("\n"), autojunk=False
        ).get_opcodes()
        if op in ("replace", "insert")
        for j in range(j1, j2)
    }


def _said_values(said: str) -> Iterator[tuple[re.Match[str], tuple[str, str]]]:
    """Each quoted ``name=literal`` of ``said`` with (name, the literal dumped)."""
    for m in _SAID_KEYWORD.finditer(said):
        try:
            value = ast.parse(m.group(2), mode="eval").body
            ast.literal_eval(value)
        except (SyntaxError, ValueError, TypeError, MemoryError, RecursionError):
            continue
        yield m, (m.group(1), ast.dump(value))


def keyword_against(said: str, old: str, new: str) -> str | None:
    """Why the block contradicts a keyword value its sentence quotes ("use
    `padding="pre"`:" over ``padding="post"``): the block writes that keyword, and only
    with other values; None when it also writes the quoted one, or the quote is the
    script's old value or turned down."""
    had = _keywords(old)
    changed = changed_lines(old, new)
    made = _keywords(new, changed)  # the calls the block wrote or rewrote
    for m, quoted in _said_values(said):
        lead = said[max(0, m.start() - 60) : m.start()]
        if quoted in had or _TURNED_DOWN.search(lead) or not _ASKED.search(lead):
            continue  # the old value, one turned down, or a value described ("the default")
        written = [v for k, v in made if k == m.group(1)]
        if written and quoted[1] not in written:
            return (
                f"the answer says `{m.group(1)}={m.group(2)}`, but its code writes "
                f"`{m.group(1)}` with another value"
            )
    return None


#: words that keep a quoted value as the script has it: "keep `loss="mse"` as it is",
#: "gardez `loss="mse"` tel quel", "behalte `loss="mse"`", "保持 `loss="mse"` 不变"
_KEEP_LEAD = re.compile(
    r"(?i)(?:\b(?:keep|leave|stick\s+with|garde[zr]?|conserve[zr]?|behalte[nt]?|lass|belasse|"
    r"mant[ée]n(?:ga)?|mantenha|deixe|mantieni|lascia|оставьте|оставь)|保持|保留|维持)[^`.\n]{0,20}$"
)
_KEEP_TAIL = re.compile(
    r"(?i)^[^.\n]{0,12}(?:\bas\s+(?:it\s+)?is\b|\bunchanged\b|\btel\s+quel|\btelle\s+quelle|"
    r"\bcomme\s+(?:il|elle)\s+est|\bwie\s+(?:es|er|sie)\s+ist|\bcomo\s+est[áa]|\bcom[eo]\s+[èe]|"
    r"\bкак\s+есть|不变|不动|のまま|そのまま)"
)


def kept_against(said: str, old: str, new: str) -> str | None:
    """Why the block contradicts a sentence that keeps the script's value as it is ("keep
    `loss="mse"` as it is" over a block that writes ``loss=Huber(...)``): the quote is the
    script's old keyword value (or assignment: "Actually, keep `BATCH_SIZE = 16`") and the
    block writes that keyword (or name) only with others."""
    had = _keywords(old) + _keywords_any(old, None)
    changed = changed_lines(old, new)
    made = _keywords_any(new, changed)
    for m, quoted in _said_values(said):
        lead = said[max(0, m.start() - 40) : m.start()]
        kept = _KEEP_LEAD.search(lead) or _KEEP_TAIL.match(said[m.end() : m.end() + 40])
        if not kept or quoted not in had or _TURNED_DOWN.search(lead):
            continue
        written = [v for k, v in made if k == m.group(1)]
        if written and quoted[1] not in written and _fewer(old, new, (m.group(1), quoted[1])):
            return (
                f"the answer says to keep `{m.group(1)}={m.group(2)}` as it is, but its code "
                f"writes `{m.group(1)}` with another value: it contradicts itself"
            )
    return None


def _fewer(old: str, new: str, pair: tuple[str, str]) -> bool:
    """Whether ``new`` passes the keyword value ``pair`` fewer times than ``old``: one
    kept where it was (the backbone's ``training=False``) is kept, whatever other calls of
    the block pass that keyword (the new Dropout's ``training=training``)."""

    def count(text: str) -> int:
        every = set(range(1, text.count("\n") + 2))
        return _keywords_any(text, every).count(pair)

    return count(new) < count(old)


def _keywords_any(text: str, lines: set[int] | None) -> list[tuple[str, str]]:
    """(name, value dumped) of the keyword arguments of the calls of ``text`` that touch
    ``lines`` (1-based), literal or not (``loss=keras.losses.Huber()`` too), and of the
    assignments to one name there (``BATCH_SIZE = 4``); with ``lines`` None, only the
    assignments, anywhere."""
    try:
        tree = ast.parse(text)
    except SyntaxError:
        return []
    out: list[tuple[str, str]] = []
    for n in ast.walk(tree):
        if lines is not None and isinstance(n, ast.Call):
            if lines & set(range(n.lineno, (n.end_lineno or n.lineno) + 1)):
                out.extend((k.arg, ast.dump(k.value)) for k in n.keywords if k.arg is not None)
        if (
            isinstance(n, ast.Assign)
            and len(n.targets) == 1
            and isinstance(n.targets[0], ast.Name)
            and (lines is None or n.lineno in lines)
        ):
            out.append((n.targets[0].id, ast.dump(n.value)))
    return out


#: "The `fit` call is fine — keep it exactly as it is", "Leave `build()` unchanged": a
#: call or function of the script the answer keeps as it is
_KEPT_CALL = re.compile(
    r"(?i)`(?P<a>[A-Za-z_][\w.]*)(?:\([^`]*\))?`(?:\s+(?:call|function|method|line))?\s+"
    r"(?:is|looks)\s+(?:already\s+)?(?:fine|correct|ok|okay|right|good)\b"
    r"|\b(?:keep|leave)\s+(?:the\s+|your\s+)?`(?P<b>[A-Za-z_][\w.]*)(?:\([^`]*\))?`"
    r"(?:\s+(?:call|function|method|line))?\s+(?:exactly\s+)?"
    r"(?:as\s+(?:it\s+)?is|unchanged|alone|untouched)"
)


#: "Keep the model as it is", "leave your model unchanged": the model's definition is kept
_KEPT_MODEL = re.compile(
    r"(?i)\b(?:keep|leave)\s+(?:the|your)\s+model\s+(?:exactly\s+)?"
    r"(?:as\s+(?:it\s+)?is|unchanged|alone|untouched)"
)


def _model_lines(old: str) -> set[int]:
    """0-based lines of the script's model definitions, as the program model knows them: a
    subclass's class, a function that returns a model, the statement that builds one."""
    index = build_index(old)
    if index.syntax_error is not None:
        return set()
    out: set[int] = set()
    for model in index.keras.models:
        named = model.cls or (model.var[:-2] if model.var and model.var.endswith("()") else "")
        spans = [
            (sc.line, sc.end_line)
            for sc in index.scopes
            if named and sc.kind in ("class", "function") and sc.name == named
        ]
        spans += [(a, z) for a, z, _ in index.statements if a == model.line]
        for start, end in spans:
            out |= set(range(start - 1, end))
    return out


def kept_call_against(said: str, old: str, new: str) -> str | None:
    """Why the block contradicts prose that keeps one of the script's calls or functions as
    it is ("The `fit` call is fine — keep it exactly as it is") while the block rewrites a
    line that makes that call or defines that function; None otherwise."""
    a, b = old.split("\n"), new.split("\n")
    gone = [
        line
        for op, i1, i2, _, _ in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes()
        if op in ("replace", "delete")
        for line in a[i1:i2]
    ]
    if _KEPT_MODEL.search(said):
        lines = _model_lines(old)
        touched: set[int] = set()
        for op, i1, i2, _, _ in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
            if op in ("replace", "delete"):
                touched |= set(range(i1, i2))
            elif op == "insert" and i1 - 1 in lines and i1 in lines:
                touched.add(i1)  # new lines inside the definition
        if touched & lines:
            return "the answer says to keep the model as it is, but its code rewrites it"
    for m in _KEPT_CALL.finditer(said):
        quoted = m["a"] or m["b"]
        name = re.escape(quoted.rsplit(".", 1)[-1])
        called = re.compile(rf"(?<![\w])(?:[\w.]*\.)?{name}\s*\(|\bdef\s+{name}\b")
        if any(called.search(line) for line in gone):
            return (
                f"the answer says to keep `{quoted}` as it is, but its code rewrites it: it "
                "contradicts itself"
            )
    return None


def _containers(text: str, lines: set[int] | None = None) -> list[ast.expr]:
    """Literal dicts, lists and tuples of ``text`` (on ``lines`` only, 1-based, if given)."""
    try:
        tree = ast.parse(text)
    except SyntaxError:
        return []
    out: list[ast.expr] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Dict | ast.List | ast.Tuple) and (
            lines is None or node.lineno in lines
        ):
            try:
                ast.literal_eval(node)
            except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
                continue
            out.append(node)
    return out


def container_against(said: str, old: str, new: str) -> str | None:
    """Why the block contradicts a literal dict, list or tuple its sentence quotes ("i.e.
    `{"coarse": 1.0, "fine": 0.5}`" over ``loss_weights={"coarse": 0.5, "fine": 1.0}``): the
    block rewrites a literal of that shape, never to the quoted values, and the quote is not
    the script's old value or turned down; None otherwise."""
    changed = changed_lines(old, new)
    made = _containers(new, changed)
    had = {ast.dump(n) for n in _containers(old)}
    for m in re.finditer(r"`([^`\n]+)`", said):
        text = m.group(1).strip()
        quoted = _containers(text)
        whole = quoted and quoted[0].col_offset == 0 and quoted[0].end_col_offset == len(text)
        if not whole or "\n" in text:
            continue  # not one literal container
        mine = quoted[0]
        lead = said[max(0, m.start() - 60) : m.start()]
        if ast.dump(mine) in had or _TURNED_DOWN.search(lead):
            continue
        shaped = [n for n in made if literals_out(n, True) == literals_out(mine, True)]
        if shaped and all(ast.dump(n) != ast.dump(mine) for n in shaped):
            return (
                f"the answer says `{m.group(1).strip()}`, but its code writes "
                f"`{ast.unparse(shaped[0])}`"
            )
    return None


_DTYPE = r"(?:b?float(?:16|32|64)|u?int(?:8|16|32|64))"
#: "cast the output up to float64", "keep the weights in float64", "转成 float64"
_CAST_SAID = re.compile(
    rf"(?i)\b(?:cast|convert|keep|store|leave|make)\w*\b[^.\n;]{{0,60}}?\b(?:up\s+|down\s+)?"
    rf"(?:to|in|as|into)\s+`?(?:tf\.|np\.|torch\.)?({_DTYPE})\b|"
    rf"(?:转成|转换为|转为|改成|に変換|로\s*변환)\s*`?(?:tf\.|np\.)?({_DTYPE})\b|"
    rf"`?(?:tf\.|np\.)?({_DTYPE})`?\s*(?:に(?:キャスト|変換)|로\s*(?:캐스팅|변환))"
)
#: the cast is not asked for: negated ("instead of casting to"), or what the code does now
#: ("in `f` you convert them to `float32`", "which casts it to")
_NOT_SAID = re.compile(
    r"(?i)(?:n't|\bnot|\bnever|instead of|rather than|不要|而不是)\W*(?:\w+\W+){0,3}$|"
    r"\b(?:you|it|which|that|currently|already|code|script|line)\s+$"
)


#: the calls that cast (``tf.cast(x, tf.float32)``, ``x.astype("float32")``)
_CASTS = frozenset({"cast", "astype", "convert_image_dtype", "saturate_cast"})


def _cast_to(lines: str) -> set[str]:
    """The dtypes the casts among ``lines`` cast to (not a ``dtype=`` of other calls: the
    ``tf.int32`` of ``tf.random.uniform(..., dtype=tf.int32)`` casts nothing)."""
    out: set[str] = set()
    for line in lines.split("\n"):
        for m in re.finditer(r"\b(\w+)\s*\(", line):
            if m.group(1) in _CASTS:
                out |= set(re.findall(rf"\b{_DTYPE}\b", line[m.end() :]))
    return out


def dtype_against(prose: str, old: str, new: str) -> str | None:
    """Why a block contradicts the dtype its prose casts to ("casts everything to float64"
    over code that casts to ``tf.float32`` and ``tf.float16`` only), or None."""
    had = {x.strip() for x in old.split("\n")}
    added = "\n".join(x for x in new.split("\n") if x.strip() not in had)
    written = _cast_to(added)
    said = {
        next(g for g in m.groups() if g)
        for m in _CAST_SAID.finditer(prose)
        if not _NOT_SAID.search(prose[max(0, m.start() - 40) : m.start()])
    }
    if not said or not written or said & written:
        return None
    return (
        f"the answer says to cast to {', '.join(sorted(said))}, but its code casts to "
        f"{', '.join(sorted(written))}: it contradicts itself"
    )


#: a loss said in words, by its usual names, to its canonical short name
_LOSS_WORDS = {
    "mae": "mae", "mean absolute error": "mae", "l1": "mae",
    "mse": "mse", "mean squared error": "mse", "l2": "mse",
    "huber": "huber",
}  # fmt: skip
_LOSS_SAID = re.compile(
    r"(?i)\b(?:switch(?:ing)?\s+(?:the\s+loss\s+)?to|use|go\s+with|train(?:ing)?\s+with|"
    r"change\s+(?:the\s+)?loss\s+to|optimi[sz]e)\s+(?:a\s+|the\s+)?(?:plain|simple|just|pure)?\s*"
    r"(?:an?\s+)?`?(?P<loss>mae|mse|huber|mean absolute error|mean squared error|l1|l2)`?\b"
    r"(?!\s+(?:as\s+(?:the\s+|a\s+|your\s+)?)?(?:metric|for\s+(?:the\s+)?metric))"
)
#: the loss a line of code sets, by its usual spellings
_LOSS_SET = re.compile(r"\bloss\s*=\s*(?:(?:tf\.)?keras\.losses\.|losses\.)?[\"']?(?P<loss>\w+)")
_LOSS_CODE = {
    "mae": "mae", "mean_absolute_error": "mae", "MeanAbsoluteError": "mae",
    "mse": "mse", "mean_squared_error": "mse", "MeanSquaredError": "mse",
    "huber": "huber", "Huber": "huber", "huber_loss": "huber",
}  # fmt: skip


def loss_against(prose: str, old: str, new: str) -> str | None:
    """Why a block contradicts the loss its prose switches to ("switch to plain MAE" over
    ``loss="mse"``), or None."""
    had = {x.strip() for x in old.split("\n")}
    added = "\n".join(x for x in new.split("\n") if x.strip() not in had)
    written = {_LOSS_CODE.get(m.group("loss")) for m in _LOSS_SET.finditer(added)} - {None}
    said = {
        _LOSS_WORDS[m.group("loss").lower()]
        for m in _LOSS_SAID.finditer(prose)
        if not _NOT_SAID.search(prose[max(0, m.start() - 40) : m.start()])
    }
    if len(said) != 1 or not written or said & written:
        return None
    return (
        f"the answer says to use {said.pop()} as the loss, but its code writes "
        f"{', '.join(sorted(x for x in written if x))}: it contradicts itself"
    )
