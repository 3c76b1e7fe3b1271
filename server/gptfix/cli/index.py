"""`gptfix index SCRIPT [--json] [--infer [--line N]]`: what gptfix understands of a script.

Wiring only: bridges :func:`gptfix.index.build_index` and a terminal (readable lines:
imports, config attributes with their readers, inputs, backbones, branches,
augmentation, heads, models, compile/fit, the batch size's source) or ``--json``.
``--infer`` bridges :func:`gptfix.index.infer_names` / :func:`gptfix.index.definitions`
(jedi, reading the packages of the script's interpreter) instead: the inferred type of
each name in scope at a line, and where the names that line uses are defined.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from gptfix import settings
from gptfix.errors import EXIT_NOT_PYTHON, EXIT_USAGE, GptfixError
from gptfix.index import ScriptIndex, build_index, definitions, infer_names
from gptfix.runner import check_script


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("script", type=Path, help="the training script to index")
    parser.add_argument("--json", action="store_true", help="print every fact as JSON")
    parser.add_argument(
        "--infer",
        action="store_true",
        help="instead: the inferred type of each name in scope (jedi; slower)",
    )
    parser.add_argument(
        "--line",
        type=int,
        metavar="N",
        help="with --infer: names in scope at line N (default: module level), and where "
        "the names line N uses are defined",
    )
    parser.add_argument(
        "--python", metavar="PATH", help="with --infer: interpreter whose packages to read"
    )
    parser.add_argument(
        "--deadline",
        type=float,
        default=10.0,
        metavar="S",
        help="with --infer: give up after S seconds and show what was inferred (default 10)",
    )


def read_script(path: Path) -> str:
    """The text of a script, or a GptfixError with the right exit code (as `gptfix run`)."""
    return check_script(path).read_text(encoding="utf-8-sig")


def run(args: argparse.Namespace) -> int:
    path: Path = args.script
    index = build_index(read_script(path), str(path))
    if index.syntax_error is not None:
        e = index.syntax_error
        raise GptfixError(
            f"{path}:{e.line}:{e.col + 1}: syntax error: {e.message}", EXIT_NOT_PYTHON
        )
    if args.infer:
        return _infer(index, path, args)
    if args.line is not None:
        raise GptfixError("--line needs --infer", EXIT_USAGE)
    if args.json:
        print(json.dumps(index.to_json(), indent=2, ensure_ascii=False))
        return 0
    print("\n".join(render(index)))
    return 0


def _infer(index: ScriptIndex, path: Path, args: argparse.Namespace) -> int:
    """Print the inferred types of the names in scope (and, for --line, definitions)."""
    n_lines = len(index.text.splitlines())
    line: int | None = args.line
    if line is not None and not 0 < line <= n_lines:
        raise GptfixError(f"--line {line} is outside {path} (1-{n_lines})", EXIT_USAGE)
    python = settings.load(path.resolve().parent, {"interpreter": args.python}).interpreter
    at = line if line is not None else n_lines + 1
    scope = sorted(index.names_in_scope(at).values(), key=lambda b: (b.line, b.col))
    names = [b.name for b in scope]
    types = infer_names(index.text, path, at, names, python=python, deadline=args.deadline)
    defs = (
        definitions(index.text, path, line, python=python, deadline=args.deadline)
        if line is not None
        else []
    )
    missing = [n for n in names if n not in types]
    if args.json:
        data = {
            "line": line,
            "types": [types[n].to_json() for n in names if n in types],
            "not_inferred": missing,
            "definitions": [d.to_json() for d in defs],
        }
        print(json.dumps(data, indent=2, ensure_ascii=False))
        return 0
    where = f"line {line}" if line is not None else "module level"
    print(f"inferred types at {where}:")
    for n in names:
        if n in types:
            t = types[n]
            kind = "" if t.kind == "instance" else f" ({t.kind})"
            print(f"  {n}: {t.type_name}{kind}")
    if missing:
        print(f"not inferred: {', '.join(missing)}")
    if line is not None:
        print(f"definitions line {line} uses:" if defs else f"no definitions found for line {line}")
        for d in defs:
            shown = _relative(d.module_path, path) if d.module_path else "<builtin>"
            print(f"  {d.name} ({d.kind}): {shown}:{d.line}")
    return 0


def _relative(module_path: str, script: Path) -> str:
    """A definition's file relative to the script's folder when it is inside it."""
    p = Path(module_path)
    try:
        return str(p.relative_to(script.resolve().parent))
    except ValueError:
        return module_path


def render(index: ScriptIndex) -> list[str]:
    """The facts as human-readable lines."""
    k = index.keras
    dense = index.imports.spell("keras.layers.Dense")
    out = [f"imports: Keras layers are written `{dense}`" if dense else "imports: no Keras import"]
    for n in index.imports.names:
        shown = f"import {n.written}" if n.local == n.written else f"{n.local} = {n.written}"
        out.append(f"  line {n.line}: {shown}")
    if index.config:
        out.append("config:")
        for c in index.config:
            uses = ", ".join(str(line) for line in dict.fromkeys(line for line, _ in c.uses))
            read = f"read at {uses}" if uses else "never read"
            out.append(f"  line {c.line}: {c.expr} = {c.value}  ({c.style}; {read})")
    for i in k.inputs:
        shape = f" shape={i.shape}" if i.shape else ""
        name = f" name={i.name!r}" if i.name else ""
        out.append(f"input: line {i.line}: {i.var}{shape}{name}")
    for b in k.backbones:
        applied = ", ".join(
            f"line {a.line} ({', '.join(a.inputs) or '.output'} -> {a.output or f'{b.var}.output'})"
            for a in b.applied
        )
        out.append(
            f"backbone: line {b.line}: {b.var} = {b.constructor}; applied at {applied or 'nowhere'}"
        )
    for br in (br for br in k.branches if br.steps):
        out.append(f"branch from {br.origin} (line {br.origin_line}):")
        for s in br.steps:
            out.append(f"  line {s.line}: {s.var} = {s.source}")
    for aug in k.augmentations:
        out.append(f"augmentation ({aug.kind}) {aug.name} at lines {aug.line}-{aug.end_line}:")
        for layer in aug.layers:
            out.append(f"  line {layer.line}: {layer.source}")
    for cat in k.concatenations:
        out.append(f"concatenate: line {cat.line}: {cat.var} = {cat.op}({', '.join(cat.inputs)})")
    for h in k.heads:
        out.append(f"head: line {h.line}: {h.var} = {h.source}")
    for m in k.models:
        detail = f" inputs={m.inputs} outputs={m.outputs}" if m.kind == "functional" else ""
        cls = f" class {m.cls}" if m.cls else ""
        out.append(f"model ({m.kind}): line {m.line}: {m.var or '-'}{cls}{detail}")
    for comp in k.compile:
        out.append(
            f"compile: line {comp.line}: {comp.model}.compile(optimizer={comp.optimizer}, "
            f"loss={comp.loss}, metrics={comp.metrics})"
        )
    for f in k.fit:
        args = ", ".join(f"{key}={val}" for key, val in f.kwargs.items())
        out.append(f"fit: line {f.line}: {f.model}.{f.method}(data={f.data}, {args})")
    if k.batch_size:
        bs = k.batch_size
        value = f" = {bs.value}" if bs.value and bs.value != bs.expr else ""
        out.append(
            f"batch size: {bs.expr}{value} (defined line {bs.line}, used via {bs.via} "
            f"at line {bs.used_at})"
        )
    return out
