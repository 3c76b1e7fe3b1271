"""`gptfix index SCRIPT [--json] [--infer [--line N]]`: what gptfix understands of a script.

Wiring only: bridges :func:`gptfix.index.build_index` and a terminal (readable lines:
imports, config attributes with their readers, inputs, backbones, branches,
augmentation, heads, models, compile/fit, the batch size's source) or ``--json``.
``--infer`` bridges :func:`gptfix.index.infer_names` / :func:`gptfix.index.definitions`
(jedi, reading the packages of the script's interpreter) instead: the inferred type of
each name in scope at a line, and where the names that line uses are defined.
A ``.ipynb`` notebook is indexed as the program of its code cells; places are shown as
``cell 7, line 3`` (``--line 7:3``), and ``--json`` adds ``"cell"`` beside each ``"line"``.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path

from gptfix import settings
from gptfix.errors import EXIT_NOT_PYTHON, EXIT_USAGE, GptfixError
from gptfix.index import ScriptIndex, build_index, definitions, infer_names
from gptfix.notebook import Program, is_notebook, read_document
from gptfix.notebook.positions import annotate_lines, parse_line, program_map, where
from gptfix.runner import check_script


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("script", type=Path, help="the training script (or .ipynb notebook)")
    parser.add_argument("--json", action="store_true", help="print every fact as JSON")
    parser.add_argument(
        "--infer",
        action="store_true",
        help="instead: the inferred type of each name in scope (jedi; slower)",
    )
    parser.add_argument(
        "--line",
        metavar="N",
        help="with --infer: names in scope at line N (a notebook: CELL:LINE, e.g. 7:3; "
        "default: module level), and where the names that line uses are defined",
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


def read_program(path: Path) -> tuple[str, Program | None]:
    """A script's text, or a notebook's program and its cell map (bad notebooks: one line)."""
    if is_notebook(path):
        doc = read_document(path)
        assert doc.notebook is not None
        return doc.text, doc.notebook.program
    return read_script(path), None


def run(args: argparse.Namespace) -> int:
    path: Path = args.script
    text, program = read_program(path)
    index = build_index(text, str(path))
    if index.syntax_error is not None:
        e = index.syntax_error
        at = f"{path}, {where(program)(e.line)}" if program else f"{path}:{e.line}:{e.col + 1}"
        raise GptfixError(f"{at}: syntax error: {e.message}", EXIT_NOT_PYTHON)
    if args.infer:
        return _infer(index, path, args, program)
    if args.line is not None:
        raise GptfixError("--line needs --infer", EXIT_USAGE)
    if args.json:
        data = index.to_json()
        if program is not None:
            annotate_lines(data, program, ("line", "end_line", "origin_line", "used_at"))
            data["notebook"] = {"cells": program_map(program)}
        print(json.dumps(data, indent=2, ensure_ascii=False))
        return 0
    print("\n".join(render(index, where(program))))
    return 0


def _infer(
    index: ScriptIndex, path: Path, args: argparse.Namespace, program: Program | None
) -> int:
    """Print the inferred types of the names in scope (and, for --line, definitions)."""
    n_lines = len(index.text.splitlines())
    line = parse_line(args.line, program, "--line") if args.line is not None else None
    at_line = where(program)
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
        data: dict[str, object] = {
            "line": line,
            "types": [types[n].to_json() for n in names if n in types],
            "not_inferred": missing,
            "definitions": [d.to_json() for d in defs],
        }
        if program is not None:
            annotate_lines(data, program)
        print(json.dumps(data, indent=2, ensure_ascii=False))
        return 0
    shown = at_line(line) if line is not None else "module level"
    print(f"inferred types at {shown}:")
    for n in names:
        if n in types:
            t = types[n]
            kind = "" if t.kind == "instance" else f" ({t.kind})"
            print(f"  {n}: {t.type_name}{kind}")
    if missing:
        print(f"not inferred: {', '.join(missing)}")
    if line is not None:
        print(f"definitions {shown} uses:" if defs else f"no definitions found for {shown}")
        for d in defs:
            if d.module_path and Path(d.module_path).resolve() == path.resolve() and program:
                print(f"  {d.name} ({d.kind}): {path.name}, {at_line(d.line)}")
                continue
            module = _relative(d.module_path, path) if d.module_path else "<builtin>"
            print(f"  {d.name} ({d.kind}): {module}:{d.line}")
    return 0


def _relative(module_path: str, script: Path) -> str:
    """A definition's file relative to the script's folder when it is inside it."""
    p = Path(module_path)
    try:
        return str(p.relative_to(script.resolve().parent))
    except ValueError:
        return module_path


def render(index: ScriptIndex, at: Callable[[int], str] | None = None) -> list[str]:
    """The facts as human-readable lines (``at``: how a line is named; default ``line N``)."""
    plain = at is None  # a script: the output it always had
    at = at or (lambda n: f"line {n}")
    k = index.keras
    dense = index.imports.spell("keras.layers.Dense")
    out = [f"imports: Keras layers are written `{dense}`" if dense else "imports: no Keras import"]
    for n in index.imports.names:
        shown = f"import {n.written}" if n.local == n.written else f"{n.local} = {n.written}"
        out.append(f"  {at(n.line)}: {shown}")
    if index.config:
        out.append("config:")
        for c in index.config:
            read_lines = dict.fromkeys(line for line, _ in c.uses)
            uses = (", " if plain else "; ").join(str(n) if plain else at(n) for n in read_lines)
            read = f"read at {uses}" if uses else "never read"
            out.append(f"  {at(c.line)}: {c.expr} = {c.value}  ({c.style}; {read})")
    for i in k.inputs:
        shape = f" shape={i.shape}" if i.shape else ""
        name = f" name={i.name!r}" if i.name else ""
        out.append(f"input: {at(i.line)}: {i.var}{shape}{name}")
    for b in k.backbones:
        applied = (", " if plain else "; ").join(
            f"{at(a.line)} ({', '.join(a.inputs) or '.output'} -> {a.output or f'{b.var}.output'})"
            for a in b.applied
        )
        out.append(
            f"backbone: {at(b.line)}: {b.var} = {b.constructor}; applied at {applied or 'nowhere'}"
        )
    for br in (br for br in k.branches if br.steps):
        out.append(f"branch from {br.origin} ({at(br.origin_line)}):")
        for s in br.steps:
            out.append(f"  {at(s.line)}: {s.var} = {s.source}")
    for aug in k.augmentations:
        span = (
            f"lines {aug.line}-{aug.end_line}" if plain else f"{at(aug.line)} to {at(aug.end_line)}"
        )
        out.append(f"augmentation ({aug.kind}) {aug.name} at {span}:")
        for layer in aug.layers:
            out.append(f"  {at(layer.line)}: {layer.source}")
    for cat in k.concatenations:
        out.append(f"concatenate: {at(cat.line)}: {cat.var} = {cat.op}({', '.join(cat.inputs)})")
    for h in k.heads:
        out.append(f"head: {at(h.line)}: {h.var} = {h.source}")
    for m in k.models:
        detail = f" inputs={m.inputs} outputs={m.outputs}" if m.kind == "functional" else ""
        cls = f" class {m.cls}" if m.cls else ""
        out.append(f"model ({m.kind}): {at(m.line)}: {m.var or '-'}{cls}{detail}")
    for comp in k.compile:
        out.append(
            f"compile: {at(comp.line)}: {comp.model}.compile(optimizer={comp.optimizer}, "
            f"loss={comp.loss}, metrics={comp.metrics})"
        )
    for f in k.fit:
        args = ", ".join(f"{key}={val}" for key, val in f.kwargs.items())
        out.append(f"fit: {at(f.line)}: {f.model}.{f.method}(data={f.data}, {args})")
    if k.batch_size:
        bs = k.batch_size
        value = f" = {bs.value}" if bs.value and bs.value != bs.expr else ""
        out.append(
            f"batch size: {bs.expr}{value} (defined {at(bs.line)}, used via {bs.via} "
            f"at {at(bs.used_at)})"
        )
    return out
