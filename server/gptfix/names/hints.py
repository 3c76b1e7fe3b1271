"""Bridges an answer's words and the script's values: what is ``x`` supposed to be?

Two sources: explicit hints in the answer's prose ("assume `train_ds` is your training
dataset", "where `x` is the output of your backbone", "假设 `x` 是骨干网络的输出",
"这里的 x 是训练集") and the way the snippet itself uses a name (``n.fit(...)`` makes
``n`` a model, ``model.fit(n)`` makes ``n`` a training dataset). Both give a
:class:`RoleHint`: a role (the ``value_kind`` vocabulary of the index), qualifiers
(train/val/test/image/...) and possibly the script name written out in the prose.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field

_IDENT = r"[A-Za-z_][A-Za-z0-9_]*"
_EN_STOP = r"[.\n;:!?()]"
_ZH_STOP = r"[。，,\n；;：:！!？?（）()]"
_PATTERNS = [
    # EN: assume/assuming/suppose/where/here/given `x` is ...
    re.compile(
        rf"(?:assum(?:e|es|ing)|suppos(?:e|ing)|where|here,?|given|if)\s+(?:that\s+)?"
        rf"`?(?P<name>{_IDENT})`?\s+(?:is|are|holds|contains|refers to|represents|=)\s+"
        rf"(?P<desc>[^.\n;:!?]+)",
        re.I,
    ),
    # EN: `x` is your/the ...
    re.compile(
        rf"`(?P<name>{_IDENT})`\s+(?:is|refers to|holds|represents|should be|stands for)\s+"
        rf"(?P<desc>(?:your|the|a|an)\b[^.\n;:!?]+)",
        re.I,
    ),
    # EN: replace `x` with ...
    re.compile(rf"replace\s+`(?P<name>{_IDENT})`\s+with\s+(?P<desc>[^.\n;:!?]+)", re.I),
    # ES/FR/DE/IT/PT/RU: "donde `x` es tu ...", "où `x` est ton ...", "wobei `x` dein ... ist",
    # "dove `x` è il tuo ...", "onde `x` é o seu ...", "где `x` — ваш ..."
    re.compile(
        rf"(?:donde|suponiendo que|o[uù]|en supposant que|wobei|wo|angenommen|dove|supponendo che|"
        rf"onde|supondo que|где|предположим)\s*,?\s*`(?P<name>{_IDENT})`\s*(?:es|est|ist|è|é|—|-|это|"
        rf"является|sea|soit|sei|sia|seja)?\s*"
        rf"(?P<desc>(?:tu|tus|el|la|los|las|ton|ta|tes|le|les|votre|vos|dein|deine|deinen|Ihr|Ihre|"
        rf"der|die|das|il|lo|la|i|gli|le|o|a|os|as|seu|sua|твой|твоя|ваш|ваша)\b[^.\n;:!?]+)",
        re.I,
    ),
    # ZH: 假设/这里的/其中/如果 `x` 是/为/表示/代表 ...
    re.compile(
        rf"(?:假设|假定|这里的?|此处的?|其中的?|如果|若)\s*`?(?P<name>{_IDENT})`?\s*"
        rf"(?:是|为|表示|代表|指的是|指|就是)\s*(?P<desc>[^。，,\n；;：:！!？?]+)"
    ),
    # ZH: `x` 是你的 ... / 将 `x` 替换为 ...
    re.compile(
        rf"`(?P<name>{_IDENT})`\s*(?:是|为|表示|代表|指的是|指)\s*(?P<desc>[^。，,\n；;：:！!？?]+)"
    ),
    re.compile(
        rf"(?:将|把)\s*`(?P<name>{_IDENT})`\s*(?:替换为|替换成|换成|改为|改成)\s*(?P<desc>[^。，,\n；;：:！!？?]+)"
    ),
]

#: "`a`, `b` and `c` stand for X, Y and Z" (also "are", "represent", "分别是")
_LISTED = re.compile(
    rf"(?P<names>`{_IDENT}`(?:\s*(?:,|\band\b|&|和|、|，)\s*`{_IDENT}`)+)\s*"
    r"(?:(?:stand|stands) for|are|refer to|represent|correspond to|分别是|分别表示|分别代表|是)\s*"
    r"(?:respectively\s*,?\s*)?(?P<desc>[^.\n;!?。；]+)",
    re.I,
)
_LIST_SEP = re.compile(r"\s*(?:,\s*(?:and\s+)?|\band\b|、|和|，)\s*")

#: where a description ends because the next name's hint starts ("... and `y` is ...")
_NEXT_HINT = re.compile(
    rf"\s*(?:,|\band\b|\bwhile\b|以及|和|而|，)?\s*`{_IDENT}`\s*"
    rf"(?:is|are|holds|contains|refers to|represents|=|是|为|表示|代表|指)",
    re.I,
)

#: role words, checked in order (an "input tensor" is an input; "output of" is a tensor).
_ROLE_WORDS: list[tuple[str, tuple[str, ...]]] = [
    ("dataset", ("dataset", "data set", "data pipeline", "training data", "validation data",
                 "generator", "data loader", "dataloader", "数据集", "训练集", "验证集", "测试集",
                 "训练数据", "验证数据", "数据管道")),
    ("input", ("input", "输入")),
    ("tensor", ("output of", "outputs of", "feature", "tensor", "activation", "输出", "特征", "张量")),
    ("backbone", ("backbone", "base model", "base_model", "pretrained", "pre-trained",
                  "feature extractor", "encoder", "骨干", "主干", "预训练", "基础模型")),
    ("model", ("model", "network", "模型", "网络")),
    ("optimizer", ("optimizer", "优化器")),
    ("loss", ("loss", "损失")),
]  # fmt: skip
_QUALIFIERS: list[tuple[str, tuple[str, ...]]] = [
    ("train", ("train", "training", "训练")),
    ("val", ("validation", "valid", "val", "验证")),
    ("test", ("test", "测试")),
    ("image", ("image", "img", "图像", "图片")),
    ("meta", ("meta", "tabular", "元数据", "表格")),
    ("backbone", ("backbone", "base model", "pretrained", "骨干", "主干", "预训练")),
]


@dataclass
class RoleHint:
    """What a snippet name stands for."""

    role: (
        str | None
    )  #: index value_kind family: "dataset", "input", "tensor", "backbone", "model"...
    qualifiers: set[str] = field(default_factory=set)  #: "train", "val", "image", "backbone"...
    script_name: str | None = None  #: a name the prose writes out ("`x` is `features`")
    evidence: str = ""  #: the sentence or usage the hint comes from
    description: str = ""  #: what the prose says the name stands for ("your photo array")


def prose_hints(prose: str) -> dict[str, RoleHint]:
    """Hints an answer's prose gives about its names (first hint per name wins)."""
    out: dict[str, RoleHint] = {}
    if not prose:
        return out
    for listed in _LISTED.finditer(prose):
        names = re.findall(rf"`({_IDENT})`", listed.group("names"))
        said = _NEXT_HINT.split(listed.group("desc"), maxsplit=1)[0].strip()
        descs = [d.strip() for d in _LIST_SEP.split(said) if d.strip()]
        if len(descs) != len(names):
            continue
        # "your validation inputs and labels": the qualifier is said once for all parts
        shared = [qualifiers(d) & {"train", "val", "test"} for d in descs]
        if len({frozenset(q) for q in shared if q}) == 1:
            lead = next(d for d, q in zip(descs, shared, strict=True) if q)
            word = lead.split()[1] if lead.lower().startswith("your ") else lead.split()[0]
            descs = [d if q else f"{word} {d}" for d, q in zip(descs, shared, strict=True)]
        for name, desc in zip(names, descs, strict=True):
            named = re.findall(rf"`({_IDENT})`", desc)
            out.setdefault(
                name,
                RoleHint(
                    role=describe_role(desc),
                    qualifiers=qualifiers(desc),
                    script_name=named[0] if named else None,
                    evidence=f'the answer says "{listed.group(0).strip()}"',
                    description=desc,
                ),
            )
    for pattern in _PATTERNS:
        pos = 0
        while (m := pattern.search(prose, pos)) is not None:
            desc = _NEXT_HINT.split(m.group("desc"), maxsplit=1)[0]
            pos = m.start("desc") + max(len(desc), 1)  # the next hint may start right after
            name = m.group("name")
            if name in out or name in ("it", "this", "that", "is"):
                continue
            said = prose[m.start(0) : m.start("desc") + len(desc)]
            desc = desc.strip()
            named = re.findall(rf"`({_IDENT})`", desc)
            out[name] = RoleHint(
                role=describe_role(desc),
                qualifiers=qualifiers(desc),
                script_name=named[0] if named else None,
                evidence=f'the answer says "{said.strip()}"',
                description=desc,
            )
    return out


def describe_role(text: str) -> str | None:
    low = text.lower()
    for role, words in _ROLE_WORDS:
        if any(w in low for w in words):
            return role
    return None


def qualifiers(text: str) -> set[str]:
    low = text.lower()
    found = set()
    for qual, words in _QUALIFIERS:
        for w in words:
            if w.isascii():
                if re.search(rf"(?<![a-z]){re.escape(w)}", low):
                    found.add(qual)
            elif w in low:
                found.add(qual)
    return found


_NAME_ROLES: list[tuple[str, str]] = [
    (r"(^|_)(ds|dataset|data|loader|gen|generator|batches)($|_)", "dataset"),
    (r"(base|backbone|pretrained|encoder|feature_extractor)", "backbone"),
    (r"(^|_)(inp|input|inputs)($|_)", "input"),
    (r"(^|_)(model|net|clf|classifier)($|_)", "model"),
    (r"^(x|h|y_hat|out|output|outputs|feat|feats|features|hidden|logits)\d*$", "tensor"),
]


def usage_hint(name: str, tree: ast.Module) -> RoleHint:
    """The role a snippet gives ``name`` by how it uses it (and, last, by its spelling)."""
    role: str | None = None
    quals = qualifiers(name.replace("_", " "))
    evidence = ""
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            recv, method = node.func.value, node.func.attr
            if isinstance(recv, ast.Name) and recv.id == name:
                if method in ("fit", "compile", "evaluate", "predict", "summary", "save"):
                    role, evidence = "model", f"the snippet has {name}.{method}(...)"
                    if method in ("fit", "evaluate"):
                        quals.add("compiled")  # of several models, the one trained
                elif method in ("map", "batch", "prefetch", "shuffle", "repeat", "cache"):
                    role, evidence = "dataset", f"the snippet has {name}.{method}(...)"
            if method in ("fit", "evaluate") and node.args and _is(node.args[0], name):
                role, evidence = "dataset", f"the snippet has .{method}({name}, ...)"
                quals.add("train" if method == "fit" else "val")
            for kw in node.keywords:
                if kw.arg == "validation_data" and _is(kw.value, name):
                    role, evidence = "dataset", f"the snippet has validation_data={name}"
                    quals.add("val")
        if isinstance(node, ast.Call) and isinstance(node.func, (ast.Name, ast.Attribute)):
            callee = node.func.attr if isinstance(node.func, ast.Attribute) else node.func.id
            if callee == "Model":
                ins = _arg(node, 0, "inputs")
                outs = _arg(node, 1, "outputs")
                if ins is not None and _tensor_in(ins, name):
                    role, evidence = "input", f"the snippet has Model(inputs={name})"
                elif outs is not None and _tensor_in(outs, name) and role is None:
                    role, evidence = "tensor", f"the snippet has Model(outputs={name})"
        if isinstance(node, ast.Attribute) and _is(node.value, name) and role is None:
            if node.attr in ("trainable", "layers", "get_layer", "output", "input"):
                role, evidence = "backbone", f"the snippet has {name}.{node.attr}"
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Call)
            and any(_is(a, name) for a in node.args)
            and role is None
        ):
            role, evidence = "tensor", f"the snippet has a layer applied to {name}"
    if role is None or (role == "backbone" and not re.search(_NAME_ROLES[1][0], name)):
        for pattern, named_role in _NAME_ROLES:
            if re.search(pattern, name.lower()):
                if role is None or named_role in ("model", "backbone"):
                    role = named_role
                    evidence = evidence or f"the name {name!r} reads like a {named_role}"
                break
    return RoleHint(role, quals, None, evidence)


def _is(node: ast.AST, name: str) -> bool:
    return isinstance(node, ast.Name) and node.id == name


def _tensor_in(node: ast.AST, name: str) -> bool:
    """Whether ``name`` is one of the tensors of a model's inputs or outputs argument:
    itself, an item of a list, tuple or dict, or what a layer or op is applied to
    (``Dense(NUM_ACTIONS)(x)`` has ``x``; ``NUM_ACTIONS`` configures the layer)."""
    if _is(node, name):
        return True
    if isinstance(node, ast.List | ast.Tuple):
        return any(_tensor_in(e, name) for e in node.elts)
    if isinstance(node, ast.Dict):
        return any(_tensor_in(v, name) for v in node.values)
    if isinstance(node, ast.Call):
        return any(_tensor_in(a, name) for a in node.args)
    if isinstance(node, ast.BinOp):
        return _tensor_in(node.left, name) or _tensor_in(node.right, name)
    return False


def _arg(call: ast.Call, pos: int, kw: str) -> ast.expr | None:
    for k in call.keywords:
        if k.arg == kw:
            return k.value
    return call.args[pos] if len(call.args) > pos else None
