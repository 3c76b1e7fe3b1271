"""`gptfix index SCRIPT [--json]`: what gptfix understands of a script.

Wiring only: bridges :func:`gptfix.index.build_index` and a terminal (readable lines:
imports, config attributes with their readers, inputs, backbones, branches,
augmentation, heads, models, compile/fit, the batch size's source) or ``--json``.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from gptfix.errors import EXIT_NOT_PYTHON, GptfixError
from gptfix.index import ScriptIndex, build_index
from gptfix.runner import check_script


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("script", type=Path, help="the training script to index")
    parser.add_argument("--json", action="store_true", help="print every fact as JSON")


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
    if args.json:
        print(json.dumps(index.to_json(), indent=2, ensure_ascii=False))
        return 0
    print("\n".join(render(index)))
    return 0


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
