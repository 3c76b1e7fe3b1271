"""Rules for file names the installed Keras refuses to save to.

Bridges Keras 3's save-path checks ("Invalid filepath extension for saving ... Received:
filepath=my_model", "The filename must end in `.weights.h5`", "the filepath provided must
end in `.keras`") and the string in the script that holds that path: its extension is
replaced (or added) as the message requires, on every save call that uses the string.
A save into a folder that does not exist ("No such file or directory: 'out/m.keras'" on a
line that writes) creates the folder first. ``model.save(path, save_format="tf")`` (a
TensorFlow SavedModel, which Keras 3's ``save`` no longer writes) becomes
``model.export(path)``, the call that writes that SavedModel now; ``save_format="h5"`` or
``"keras"`` goes, the extension of a written path saying the format instead.
"""

from __future__ import annotations

import ast
import os
import re

from gptfix.model import Fix
from gptfix.repair.rules.base import SAFE, UNSAFE, Rule, RuleContext
from gptfix.repair.rules.text import (
    Patch,
    Source,
    call_name,
    imported_names,
    insert_after_imports,
    insert_before_statement,
    kwvalue,
    literal,
    statement_at,
)

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
        renames = {old: new, **(_weights_paths(ctx) if ext == ".weights.h5" else {})}
        for other in ctx.src.walk():
            if isinstance(other, ast.Constant) and other.value in renames:
                os_, oe = ctx.src.span(other)
                oseg = ctx.src.text[os_:oe]
                value = str(other.value)
                patch.replace(os_, oe, oseg.replace(value, renames[value]))
        return ctx.fix(
            "files.save-extension",
            f"save to `{new}` (the installed Keras requires `{ext}`)",
            patch.apply(),
            SAFE,
            [f"{ctx.failure.type}: the path must end in `{ext}`", f"`{old}` -> `{new}`"],
        )
    return []


def _weights_paths(ctx: RuleContext) -> dict[str, str]:
    """Every other ``.h5`` / ``.hdf5`` name the script saves weights to or loads them from
    (``f"{fold}-fold-model.h5"`` in ``save_weights``/``load_weights``): renamed with the
    one that failed, so the next save does not fail in turn and each load finds its file."""
    out: dict[str, str] = {}
    for call in ctx.src.walk():
        if not (isinstance(call, ast.Call) and call_name(call) in ("save_weights", "load_weights")):
            continue
        for node in ast.walk(call):
            value = node.value if isinstance(node, ast.Constant) else None
            if isinstance(value, str) and value.endswith((".h5", ".hdf5")):
                if not value.endswith(".weights.h5"):
                    out[value] = _with_ext(value, ".weights.h5")
    return out


#: Calls that write files (Keras saves, NumPy/pandas/matplotlib writers), and the training
#: calls whose callbacks (checkpoints, CSV logs) write them.
_WRITES = re.compile(r"^(save\w*|export|to_\w+|dump|write\w*|savefig|savez\w*|fit\w*)$")
_NO_DIR = (
    r"No such file or directory: '(?P<a>[^']+)'"
    r"|unable to (?:create|open) file \(unable to open file: name = '(?P<b>[^']+)'.*errno = 2"
)


def _writes(call: ast.Call) -> bool:
    name = call_name(call)
    if name == "open":
        mode = literal(call.args[1]) if len(call.args) > 1 else literal(kwvalue(call, "mode"))
        return isinstance(mode, str) and bool(set(mode) & set("wax"))
    return bool(_WRITES.match(name))


def _missing_dir(ctx: RuleContext) -> list[Fix]:
    """Saving into a folder that does not exist: create it before the statement that
    writes (``os.makedirs(folder, exist_ok=True)``)."""
    m = ctx.search(_NO_DIR, re.I)
    folder = os.path.dirname(m.group("a") or m.group("b") or "") if m else ""
    if not folder or not ctx.line:
        return []
    stmt = statement_at(ctx.src, ctx.line)
    if stmt is None or not any(isinstance(n, ast.Call) and _writes(n) for n in ast.walk(stmt)):
        return []
    code = f"os.makedirs({folder!r}, exist_ok=True)"
    if code in ctx.src.text:
        return []
    text: str | None = insert_before_statement(ctx.src, stmt, code)
    if text is not None and imported_names(ctx.src).get("os") != "os":
        parsed = Source.parse(text)
        text = insert_after_imports(parsed, "import os") if parsed is not None else None
    return ctx.fix(
        "files.missing-dir",
        f"create the folder `{folder}` before saving into it",
        text,
        SAFE,
        [
            f"{ctx.failure.type}: {ctx.failure.message.splitlines()[0][:160]}",
            f"line {stmt.lineno} writes into `{folder}`, which does not exist",
        ],
    )


_SAVED_MODEL = ("tf", "tensorflow", "saved_model")


def _save_format(ctx: RuleContext) -> list[Fix]:
    """``model.save(d, save_format="tf")``: ``model.export(d)``; ``save_format="h5"``: gone,
    a literal path given the ``.h5`` extension."""
    if not ctx.search(r"`save_format` argument is deprecated|save_format"):
        return []
    for call in ctx.nodes_on_user_lines(ast.Call):
        assert isinstance(call, ast.Call)
        fmt = literal(kwvalue(call, "save_format"))
        if not isinstance(call.func, ast.Attribute) or call.func.attr != "save":
            continue
        if not isinstance(fmt, str) or len(call.args) != 1:
            continue
        path = call.args[0]
        text = ctx.src.text
        start, end = ctx.src.span(call)
        owner = ctx.src.segment(call.func.value)
        path_text = ctx.src.segment(path)
        others = [k for k in call.keywords if k.arg != "save_format"]
        if fmt.lower() in _SAVED_MODEL:
            if others:
                continue
            new, title = (
                f"{owner}.export({path_text})",
                f"export the SavedModel with `{owner}.export`",
            )
            why = "Keras 3's `save` writes `.keras`/`.h5` files; `export` writes the SavedModel"
        elif fmt.lower() in ("h5", "keras"):
            ext = ".h5" if fmt.lower() == "h5" else ".keras"
            value = literal(path)
            if isinstance(value, str) and not value.endswith(ext):
                q = path_text[-1]
                path_text = f"{q}{_with_ext(value, ext)}{q}"
            kept = ", ".join(ctx.src.segment(k) for k in others)
            new = f"{owner}.save({path_text}{', ' + kept if kept else ''})"
            title = f"save to a `{ext}` path without `save_format`"
            why = f"Keras 3 reads the format from the path's extension (`{ext}`)"
        else:
            continue
        return ctx.fix(
            "files.save-format",
            title,
            text[:start] + new + text[end:],
            UNSAFE,
            [f"{ctx.failure.type}: Keras 3 has no `save_format` argument", why],
        )
    return []


RULES = [
    Rule(
        "files.save-format",
        "files",
        "save_format= (gone in Keras 3): export a SavedModel, or say the format by the extension",
        _save_format,
    ),
    Rule(
        "files.missing-dir",
        "files",
        "saving into a folder that does not exist: create it first (os.makedirs)",
        _missing_dir,
    ),
    Rule(
        "files.save-extension",
        "files",
        "a save path without the extension Keras 3 requires (.keras, .weights.h5): fix the extension",
        _save_path,
    ),
]
