"""`gptfix ask SCRIPT "request" [--line N] [--gpu-mem GiB] [--max-rounds N] [--yes] [--json]`.

Wiring only: asks the configured LLM for a change through
:func:`gptfix.service.ops.ask` (what ``gptfix.ask`` runs in the editors), which
verifies it (build, smoke run, memory forecast) before it is offered. A verified change
is shown as a diff and written through the undo journal when the user says yes (or with
``--yes``); the write is refused if the file changed meanwhile. ``--dry-run`` never writes. A notebook's change is shown as a diff of each cell it changes. A change that did not verify is shown as a
suggestion with its reason and never written. Progress goes to stderr.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from gptfix.errors import (
    EXIT_NOT_ADDRESSED,
    EXIT_REFUSED,
    EXIT_UNVERIFIED,
    EXIT_USAGE,
    GptfixError,
)
from gptfix.llm.ask import AskResult
from gptfix.notebook import Document
from gptfix.service import ops

#: ask outcome -> exit code
EXIT_CODES = {
    "verified": 0,
    "unverified": EXIT_UNVERIFIED,
    "not_addressed": EXIT_NOT_ADDRESSED,
    "not_applied": EXIT_REFUSED,
}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("script", type=Path, help="the training script to change")
    parser.add_argument("request", help='what to change, e.g. "add an SE block after the backbone"')
    parser.add_argument("--line", type=int, help="the line (or first line) the request is about")
    parser.add_argument("--end-line", type=int, help="the last line of a selection")
    parser.add_argument(
        "--gpu-mem", type=float, metavar="GiB", help="GPU memory the change must fit in"
    )
    parser.add_argument(
        "--max-rounds",
        type=int,
        default=2,
        metavar="N",
        help="LLM rounds: a change that fails verification is sent back with its error (default 2)",
    )
    parser.add_argument("--yes", action="store_true", help="write a verified change without asking")
    parser.add_argument("--dry-run", action="store_true", help="show the change; never write")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.add_argument(
        "--timeout", type=float, default=120.0, metavar="S", help="seconds to wait for the LLM"
    )
    parser.add_argument("--python", help="interpreter that runs the script (default: settings)")


def _check_args(args: argparse.Namespace) -> None:
    if args.max_rounds < 1:
        raise GptfixError("--max-rounds must be at least 1", EXIT_USAGE)
    if args.gpu_mem is not None and args.gpu_mem <= 0:
        raise GptfixError("--gpu-mem must be a positive number of GiB", EXIT_USAGE)
    if args.line is not None and args.line < 1:
        raise GptfixError("--line must be a line number (1 or more)", EXIT_USAGE)


def run(args: argparse.Namespace) -> int:
    from gptfix import settings as settings_mod
    from gptfix.notebook import read_document

    _check_args(args)
    doc = read_document(args.script)  # a script, or a notebook's code cells as one program
    path = doc.path
    script = doc.script()
    if args.line is not None and args.line > script.text.count("\n") + 1:
        raise GptfixError(f"--line {args.line}: {args.script} has fewer lines", EXIT_USAGE)
    settings = settings_mod.load(path.parent, {"interpreter": args.python})

    def progress(message: str) -> None:
        print(f"gptfix: {message} ...", file=sys.stderr, flush=True)

    result = ops.ask(
        script,
        args.request,
        settings,
        line=args.line,
        end_line=args.end_line,
        gpu_mem_gb=args.gpu_mem,
        max_rounds=args.max_rounds,
        progress=progress,
        timeout=args.timeout,
        api_key=None,
    )
    code = EXIT_CODES.get(result.outcome, EXIT_UNVERIFIED)
    report = result.to_json()
    report["diff"] = doc.diff(result.proposal.new_text) if result.proposal else ""
    report["written"] = False
    if not args.json:
        _print(result, doc)
    if result.change is not None and not args.dry_run and _confirmed(args):
        # refuses (exit 13, the change kept as a diff) when the file changed meanwhile
        doc.write(result.change.new_text, f"ask: {result.request}")
        report["written"] = True
        if not args.json:
            print(f"gptfix: changed {args.script}; `gptfix undo {args.script}` restores it")
    elif result.change is not None and not args.json:
        print(f"gptfix: {args.script} was not changed")
    if args.json:
        sys.stdout.write(json.dumps(report, indent=2, ensure_ascii=False, default=str) + "\n")
    elif code:
        print(f"gptfix: {_summary(result)}", file=sys.stderr)
    return code


def _confirmed(args: argparse.Namespace) -> bool:
    if args.yes:
        return True
    if args.json or not sys.stdin.isatty():
        return False
    try:
        answer = input("Apply this change? [y/N] ")
    except EOFError:
        return False
    return answer.strip().lower() in ("y", "yes")


def _summary(result: AskResult) -> str:
    if result.outcome == "not_addressed":
        return f"the answer does not address the request ({result.reason}); nothing was changed"
    if result.outcome == "not_applied":
        return f"no answer could be applied ({result.reason}); nothing was changed"
    return f"no verified change: {result.reason}; nothing was changed"


def _print(result: AskResult, doc: Document) -> None:
    out = sys.stdout
    for rnd in result.rounds:
        state = "verified" if rnd.problem is None else rnd.problem
        out.write(
            f"gptfix: round {rnd.number}: {rnd.prompt_tokens} tokens in, "
            f"{rnd.completion_tokens} out: {state}\n"
        )
    fix = result.proposal
    if fix is None:
        return
    label = "change (verified)" if result.change else "suggestion (NOT verified)"
    out.write(f"gptfix: {label}: {result.explanation or result.request}\n")
    out.write(doc.diff(fix.new_text, color=out.isatty()))  # a notebook's: per changed cell
    if fix.verification and fix.verification.stages:
        out.write(f"gptfix: checks passed: {', '.join(fix.verification.stages)}\n")
    for note in fix.evidence[1:]:
        out.write(f"  {doc.words(note)}\n")
    out.flush()
