"""Rules for file names the installed Keras refuses to save to.

Bridges Keras 3's save-path checks ("Invalid filepath extension for saving ... Received:
filepath=my_model", "The filename must end in `.weights.h5`", "the filepath provided must
end in `.keras`") and the string in the script that holds that path: its extension is
replaced (or added) as the message requires, on every save call that uses the string.
"""

from __future__ import annotations

import ast
import re

from gptfix.model import Fix
from gptfix.repair.rules.base import SAFE, Rule, RuleContext
from gptfix.repair.rules.text import Patch

_KNOWN_EXTS = (".weights.h5", ".keras", ".h5", ".hdf5", ".tf", ".ckpt", ".pb", ".model", ".weights")


def _required(ctx: RuleContext) -> str | None:
    if re.search(r"must end in `?\.weights\.h5", ctx.message):
        return ".weights.h5"
    if re.search(
        r"must end in `?\.keras|add either a `\.keras` extension|Invalid filepath extension",
        ctx.message,
    ):
        return ".keras"
    return None


def _with_ext(path: str, ext: str) -> str:
    for old in _KNOWN_EXTS:
        if path.endswith(old):
            return path[: -len(old)] + ext
    return path + ext


def _save_path(ctx: RuleContext) -> list[Fix]:
    ext = _required(ctx)
    if ext is None:
        return []
    m = ctx.search(r"Received:? filepath=(\S+?)[\s.]*$", re.M)
    received = m.group(1).rstrip(".") if m else None
    strings = [
        n
        for n in ctx.nodes_on_user_lines(ast.Constant)
        if isinstance(n, ast.Constant) and isinstance(n.value, str) and n.value
    ]
    if received:
        exact = [
            n
            for n in ctx.src.walk()
            if isinstance(n, ast.Constant)
            and isinstance(n.value, str)
            and n.value
            and received.endswith(n.value)
        ]
        strings = exact + [s for s in strings if s not in exact]
    for node in strings:
        assert isinstance(node, ast.Constant)
        old = str(node.value)
        if "/" in old and not received:
            continue
        new = _with_ext(old, ext)
        s, e = ctx.src.span(node)
        quote = ctx.src.text[s]
        prefix = ctx.src.text[s:e].split(quote)[0] if quote not in "'\"" else ""
        del prefix
        seg = ctx.src.text[s:e]
        if old not in seg:
            continue
        patch = Patch(ctx.src.text)
        for other in ctx.src.walk():
            if isinstance(other, ast.Constant) and other.value == old:
                os_, oe = ctx.src.span(other)
                oseg = ctx.src.text[os_:oe]
                patch.replace(os_, oe, oseg.replace(old, new))
        return ctx.fix(
            "files.save-extension",
            f"save to `{new}` (the installed Keras requires `{ext}`)",
            patch.apply(),
            SAFE,
            [f"{ctx.failure.type}: the path must end in `{ext}`", f"`{old}` -> `{new}`"],
        )
    return []


RULES = [
    Rule(
        "files.save-extension",
        "files",
        "a save path without the extension Keras 3 requires (.keras, .weights.h5): fix the extension",
        _save_path,
    ),
]
