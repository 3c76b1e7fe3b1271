"""A loss named in prose as the one to use: "use `sparse_categorical_crossentropy` as the
loss", "switch the loss to **binary_crossentropy**", "I use sparse_categorical_crossentropy",
"损失函数改用 `sparse_categorical_crossentropy`".

Bridges words that name a Keras loss by its registered name (quoted, in bold, or bare when the
name can only be a loss: ``..._crossentropy``, ``mean_..._error``) and the value of the
script's one ``loss=`` keyword, which :func:`gptfix.llm.prose_apply.old_of_new` finds by the
role word of the block made here. A sentence that describes the user's code ("you use
`categorical_crossentropy`, but ...") or turns a loss down ("instead of", "not", "don't use")
gives no block.
"""

from __future__ import annotations

import re

from gptfix.llm.blocks import Block

#: the registered names of Keras losses (and their short aliases when quoted)
_LOSS = (
    r"(?:sparse_|binary_|categorical_|binary_focal_|categorical_focal_)*crossentropy|"
    r"mean_(?:squared|absolute)(?:_logarithmic|_percentage)?_error|huber(?:_loss)?|log_?cosh|"
    r"kl_divergence|poisson|(?:squared_|categorical_)?hinge|cosine_similarity|ctc"
)
_SHORT = r"mse|mae|mape|msle|kld|bce"
#: a loss name as the prose gives it: quoted, bold, or bare when it can only be a loss
_NAMED = re.compile(
    rf"`[\"']?(?P<q>{_LOSS}|{_SHORT})[\"']?`|\*\*[\"']?(?P<b>{_LOSS}|{_SHORT})[\"']?\*\*|"
    rf"(?<![\w`*\"'])(?P<w>(?:sparse_|binary_|categorical_)+crossentropy|"
    rf"mean_(?:squared|absolute)(?:_logarithmic|_percentage)?_error)(?![\w`*\"'])"
)
#: words before the name that ask to use it
_USE = re.compile(
    r"(?i)(?:\b(?:use|try|switch(?:ing)?\s+to|go\s+with|replace\s+it\s+with|pick|need|"
    r"should\s+be|(?:switch|change|set|update)\s+(?:it|(?:the\s+|your\s+)?loss(?:\s+function)?)\s+to|"
    r"usa|utiliza|utilisez|verwende|nutze|gunakan|sử dụng)\b|改用|换成|改成|使用|用)"
    r"[^.!?。\n`*]{0,40}$"
)
#: a sentence that describes the code as it is, or turns the loss down
_NOT = re.compile(
    r"(?i)\b(?:you(?:'re| are)?\s+(?:use|using|have|pass|compile)|your\s+(?:code|model|script)\s+"
    r"(?:uses|has)|currently|instead\s+of|rather\s+than|not|don'?t|never|avoid|wrong|"
    r"incorrect)\b|不要|别用|而不是|你在|你用|你的|用的是|目前|当前|"
    r"使って(?:い|る)|使用して(?:い|る)|現在|사용하고\s*있|쓰고\s*있|현재"
)

#: the role said: "as the loss", "loss to", "for the loss function", "损失"
_AS_LOSS = re.compile(
    r"(?i)\b(?:as|for)\s+(?:the\s+|your\s+|a\s+)?loss\b|\bloss(?:\s+function)?\s+to\b|"
    r"\b(?:loss|perte|p[ée]rdida|Verlust)\s*=|损失|損失|손실"
)
#: "use `binary_crossentropy` only if you have two classes": a condition, not a request
_ONLY_IF = re.compile(r"(?i)\bonly\s+(?:if|when)\b|\bunless\b|只有|仅当")


def inline_losses(prose: str) -> list[Block]:
    """Blocks for each loss the prose asks to use, by the script's ``loss=`` keyword."""
    out: list[Block] = []
    for m in _NAMED.finditer(prose):
        name = m["q"] or m["b"] or m["w"]
        start = max(prose.rfind(x, 0, m.start()) for x in (".", "!", "?", "。", "\n"))
        before = prose[start + 1 : m.start()]
        after = re.split(r"[.!?。\n]", prose[m.end() :], maxsplit=1)[0]
        if not _USE.search(before) or _NOT.search(before) or _ONLY_IF.search(after):
            continue
        if re.fullmatch(_SHORT, name) and not _AS_LOSS.search(before + name + after):
            continue  # `mae` is a metric too: only "as the loss" makes it the loss
        value = f'"{name}"'
        if any(b.replace == value for b in out):
            continue
        out.append(Block("inline", f"change the loss to `{value}`", replace=value, prose=prose))
    return out
