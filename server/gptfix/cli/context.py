"""`gptfix context SCRIPT [--log LOG] [--budget N] [--json]`: exactly what would be sent to an LLM.

Wiring only: locates the log's failure on the script (:mod:`gptfix.tracebacks`), builds
the context (:func:`gptfix.service.ops.show_context`, what "Show AI context" shows in the
editors) and prints it section by section with
token counts, then the total against the budget and how tokens were counted. A notebook
is sent as the program of its code cells (with its `# %% cell N` headers). Makes no
network call.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from gptfix import settings as settings_mod
from gptfix.model import Script
from gptfix.notebook import is_notebook, read_document


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("script", type=Path, help="the training script")
    parser.add_argument("--log", type=Path, help="log of the failed run (text or Kaggle JSON)")
    parser.add_argument("--budget", type=int, help="token budget (default: settings, 6000)")
    parser.add_argument("--model", help="model whose tokenizer counts the tokens")
    parser.add_argument("--json", action="store_true", help="print sections and messages as JSON")


def run(args: argparse.Namespace) -> int:
    from gptfix.runner import check_script
    from gptfix.service import ops

    doc = read_document(args.script) if is_notebook(args.script) else None
    path = doc.path if doc else check_script(args.script)
    settings = settings_mod.load(path.parent, {"model": args.model, "token_budget": args.budget})
    failure = None
    if args.log is not None:
        failure = ops.load_log(path, log_path=args.log)
    ctx = ops.show_context(doc.script() if doc else Script.read(path), failure, settings)
    counter = ctx.counter
    if args.json:
        sys.stdout.write(json.dumps(ctx.to_json(), indent=2, ensure_ascii=False) + "\n")
        return 0
    out = sys.stdout
    messages = ctx.messages()
    out.write(f"=== system ({counter.count(messages[0]['content'])} tokens) ===\n")
    out.write(messages[0]["content"] + "\n")
    for sec in ctx.sections:
        if sec.dropped:
            continue
        flag = ", cut to fit" if sec.trimmed else ""
        out.write(f"\n=== {sec.name}: {sec.title} ({sec.tokens} tokens{flag}) ===\n")
        out.write(f"## {sec.title}\n{sec.text}\n")
    from gptfix.llm import prompts

    out.write(f"\n=== edit format ({counter.count(prompts.EDIT_FORMAT)} tokens) ===\n")
    out.write(prompts.EDIT_FORMAT + "\n")
    dropped = [s.name for s in ctx.sections if s.dropped]
    how = counter.label if counter.exact else f"{counter.label}, errs high"
    out.write(
        f"\n=== total {ctx.total_tokens} of {ctx.budget} tokens ({how}); "
        f"{len(ctx.redactions)} item(s) redacted"
        + (f"; left out to fit: {', '.join(dropped)}" if dropped else "")
        + " ===\n"
    )
    return 0
