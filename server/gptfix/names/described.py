"""A placeholder name mapped by what the prose says it stands for, when that is unambiguous.

"`images`, `metadata` and `y` stand for your photo array, your shop-metadata array and
your labels": the answer's ``images`` is the script's value whose name or role the
description names. Candidates are the values the script feeds to training (the names read
by its ``fit``/``evaluate``/``train_on_batch`` calls; the labels are their second argument
or ``y=``); a candidate matches when a word of the description is a word of its name
(``photo`` / ``photos``, ``metadata`` / ``meta``) or the description says "labels" /
"targets" and it is what training uses as labels. Only a single best match maps; the
caller never asks about a name the script binds.
"""

from __future__ import annotations

import ast
import re

from gptfix.index import Binding, ScriptIndex

_TRAIN_CALLS = frozenset({"fit", "evaluate", "train_on_batch", "test_on_batch", "fit_generator"})
_LABEL_WORDS = re.compile(
    r"(?i)\b(labels?|targets?|ground[- ]truth|classes|answers)\b|标签|ラベル|正解"
)
#: a description of an array-like value, which a scalar constant cannot be
_ARRAY_WORDS = re.compile(
    r"(?i)\b(?:arrays?|matri(?:x|ces)|tensors?|datasets?|vectors|embeddings?|dataframe|images)\b|"
    r"数组|矩阵|张量|数据集|配列|行列|テンソル"
)
_STOP = frozenset(
    "your the a an my our its their array arrays values numpy tensor tensors of for with "
    "that this which here there is are data variable matrix list vector input inputs".split()
)


def fed_to_training(tree: ast.AST) -> tuple[set[str], set[str]]:
    """(names training reads, names it reads as labels) in the script's training calls."""
    fed: set[str] = set()
    labels: set[str] = set()
    for node in ast.walk(tree):
        if not (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in _TRAIN_CALLS
        ):
            continue
        for arg in [*node.args, *(k.value for k in node.keywords)]:
            fed.update(n.id for n in ast.walk(arg) if isinstance(n, ast.Name))
        found = [node.args[1]] if len(node.args) > 1 else []
        for k in node.keywords:
            if k.arg == "y":
                found.append(k.value)
            elif k.arg == "validation_data" and isinstance(k.value, ast.Tuple | ast.List):
                found.extend(k.value.elts[1:2])  # (x_val, y_val): its labels
        for label in found:
            labels.update(n.id for n in ast.walk(label) if isinstance(n, ast.Name))
    return fed, labels


#: words of other languages and long forms, as the short words names are made of
_SAME_AS = {
    "训练": "train", "验证": "val", "测试": "test", "标签": "label", "特征": "features",
    "图片": "image", "图像": "image", "照片": "photo", "序列": "seq", "文本": "text",
    "元数据": "meta", "学習": "train", "検証": "val", "ラベル": "label", "画像": "image",
    "training": "train", "validation": "val", "valid": "val", "testing": "test",
    "labels": "label", "targets": "target", "sequences": "seq", "sequence": "seq",
    "images": "image", "photos": "photo", "length": "len", "dimension": "dim",
    "dimensions": "dim", "number": "num", "count": "num", "sz": "size",
}  # fmt: skip


def _words(text: str) -> list[str]:
    out: list[str] = [w for k, w in _SAME_AS.items() if not k.isascii() and k in text]
    for part in re.split(r"[^A-Za-z]+", text):
        out.extend(w.lower() for w in re.findall(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])", part))
    return [_SAME_AS.get(w, w) for w in out]


def _same(a: str, b: str) -> bool:
    a, b = _SAME_AS.get(a, a), _SAME_AS.get(b, b)
    if a == b:
        return True
    short, long = sorted((a, b), key=len)
    return len(short) >= 4 and long.startswith(short)


def described_binding(
    description: str, visible: dict[str, Binding], sidx: ScriptIndex, among: bool = False
) -> tuple[Binding | None, str]:
    """The one script value ``description`` names among those fed to training, and why.

    ``among``: ``visible`` are already the candidates (the script names in the argument
    the placeholder fills), fed to training or not."""
    if not description or sidx.syntax_error is not None:
        return None, ""
    try:
        tree = ast.parse(sidx.text)
    except SyntaxError:
        return None, ""
    fed, labels = fed_to_training(tree)
    pool = [
        b for n, b in visible.items() if (among or n in fed) and b.value_kind not in ("module",)
    ]
    if not _LABEL_WORDS.search(description):
        pool = [b for b in pool if b.name not in labels]  # "your training images": not y
    if _ARRAY_WORDS.search(description):  # "the array you built": not a number's name
        pool = [b for b in pool if b.value_kind not in ("constant", "function", "class")]
    # the words that describe, not the names quoted beside them ("the `(VOCAB_SIZE, DIM)` array")
    description = re.sub(r"`[^`\n]*`", " ", description)
    words = [w for w in _words(description) if w not in _STOP and (len(w) >= 3 or w in ("y", "x"))]
    words = [w for w in words if w not in ("x", "y")]
    scored: list[tuple[int, Binding, str]] = []
    for b in pool:
        mine = _words(b.name)
        score = sum(1 for w in words if any(_same(w, m) for m in mine))
        why = "its name matches the description"
        if _LABEL_WORDS.search(description) and b.name in labels:
            score += 2
            why = "training uses it as the labels"
        if score:
            scored.append((score, b, why))
    scored.sort(key=lambda t: t[0], reverse=True)
    if not scored or (len(scored) > 1 and scored[1][0] == scored[0][0]):
        return None, ""
    said = ":" if among else " is fed to training and"
    return scored[0][1], f"{scored[0][1].name}{said} {scored[0][2]}"
