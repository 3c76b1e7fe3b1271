"""`gptfix apply SCRIPT --answer FILE [--log LOG] [--dry-run] [--json]`: apply a chat answer.

Wiring only: reads the answer (a file, or ``-`` for stdin), applies it with
:func:`gptfix.llm.apply_answer` and writes the result through the undo journal. When the
answer does not fit, exits 3 with a one-line reason and leaves the script untouched.
Before writing, the patched script is verified as a change (it parses, builds its model,
smoke-runs a couple of steps, and fits the GPU when one is known: the same checks as
``gptfix ask``); one that does not exits 23 and nothing is written. ``--no-verify``
skips the check explicitly. ``--dry-run`` prints the patched script on stdout (for a
notebook: a diff of each cell it changes, headed ``a/train.ipynb (cell 5)``) and changes
nothing; it does not verify unless ``--check`` asks it to build and smoke-run the patched
script first (a copy: still nothing is written), refusing with exit 23 when that fails,
exactly as a write would. A notebook's block report and ``--json`` edits name cells
and cell lines. Every run says per
block of the answer what became of it (applied where, already there, skipped or refused and
why): after the diff, on stderr for a dry run, before the refusal; ``--json`` has it as
``blocks``.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from gptfix.errors import EXIT_REFUSED, EXIT_UNREADABLE, EXIT_UNVERIFIED, GptfixError
from gptfix.notebook import Document
from gptfix.notebook.positions import annotate_lines, parse_line
from gptfix.redact import leaves_placeholder, restore

if TYPE_CHECKING:
    from gptfix.llm.result import ApplyResult


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("script", type=Path, help="the script to change")
    parser.add_argument(
        "--answer", required=True, help="the chat answer (markdown/text file, or - for stdin)"
    )
    parser.add_argument(
        "--line",
        help="the failing line, to reconcile names in scope there (a notebook: CELL:LINE, e.g. 7:3)",
    )
    parser.add_argument(
        "--log",
        type=Path,
        help="log of the failed run (a notebook's too): its failing line is used like --line",
    )
    parser.add_argument(
        "--dry-run", action="store_true", help="print the patched script; change nothing"
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="with --dry-run: build and smoke-run the patched script too (still writes nothing)",
    )
    parser.add_argument(
        "--json", action="store_true", help="print edits, names reconciled, refusal as JSON"
    )
    parser.add_argument(
        "--no-verify", action="store_true", help="write without building and smoke-running it"
    )
    parser.add_argument("--python", help="interpreter that runs the script (default: settings)")


def _read_answer(source: str) -> str:
    if source == "-":
        return sys.stdin.read()
    try:
        return Path(source).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        why = getattr(exc, "strerror", None) or "not UTF-8 text"
        raise GptfixError(f"cannot read answer {source}: {why}", EXIT_UNREADABLE) from None


def _report_blocks(result: ApplyResult, out: TextIO, doc: Document) -> None:
    """Per block of the answer: applied where (a notebook's: cell and line), left
    unchanged, skipped or refused and why."""
    for b in result.blocks:
        shown = dataclasses.replace(b, detail=doc.words(b.detail))  # not the answer's lines
        out.write(f"gptfix: {shown.describe()}\n")
    for n in result.names:
        if n.answer == n.script:  # an import the answer needs: nothing was renamed
            out.write(f"gptfix: import `{n.answer}` ({n.evidence})\n")
        else:
            out.write(f"gptfix: name `{n.answer}` -> `{n.script}` ({n.evidence})\n")


def run(args: argparse.Namespace) -> int:
    from gptfix.llm import apply_answer
    from gptfix.notebook import read_document

    doc = read_document(args.script)  # a script, or a notebook's code cells as one program
    path = doc.path
    answer = _read_answer(args.answer)
    original = doc.text
    program = doc.notebook.program if doc.notebook is not None else None
    at_line = parse_line(args.line, program, "--line") if args.line is not None else None
    if at_line is None and args.log is not None:
        from gptfix.service import ops

        failure = ops.load_log(args.script, log_path=args.log)  # a notebook's cell frames too
        if failure.location is not None:
            at_line = failure.location.line
    # an answer to a redacted context (``gptfix context``) gets the script's real lines back
    answer = restore(original, answer, path.parent)
    result = apply_answer(original, answer, at_line=at_line)
    if result.new_text is not None and leaves_placeholder(original, result.new_text):
        result.new_text = None
        result.refusal = "it would write a redacted placeholder into the script"
    report = result.to_json()
    if doc.notebook is not None:  # the edits' lines also as cells and cell lines
        annotate_lines(report["edits"], doc.notebook.program, ("start_line", "end_line"))
        for edit in report["edits"]:
            edit["summary"] = doc.words(str(edit.get("summary", "")))
    if args.check and (not args.dry_run or args.no_verify):
        raise GptfixError("--check goes with --dry-run (a write always checks)", EXIT_UNREADABLE)
    verify = result.ok and not args.no_verify and (not args.dry_run or args.check)
    report["dry_run"] = bool(args.dry_run)
    if result.ok and not verify:  # a fit is not a check: the JSON says it was not run
        report["verification"] = {
            "verified": False,
            "reason": "dry run: not built or run" if args.dry_run else "--no-verify: not run",
        }
    if args.json and not verify:
        sys.stdout.write(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    if not result.ok or result.new_text is None:
        if args.json:
            return EXIT_REFUSED
        # what each block was; the error stays one line (a dry run's stdout is only ever
        # the patched script, so its report goes to stderr, as when it applies)
        _report_blocks(result, sys.stderr if args.dry_run else sys.stdout, doc)
        raise GptfixError(f"answer not applied: {result.refusal}", EXIT_REFUSED)
    if args.dry_run and not verify:
        if not args.json:  # a script: the patched script; a notebook: its changed cells
            sys.stdout.write(doc.diff(result.new_text) if doc.is_notebook else result.new_text)
            _report_blocks(result, sys.stderr, doc)  # stdout is the patched script alone
            sys.stderr.write(
                "gptfix: dry run: nothing written and not verified (--check builds and "
                "smoke-runs it; without --dry-run that happens before writing)\n"
            )
        return 0
    if verify:
        problem = _verify(path, original, result.new_text, args, report)
        if problem is not None:
            for block in result.blocks:  # nothing is written: no block says "applied"
                if block.status == "applied":
                    block.status = "not applied"
                    block.detail = (
                        f"it fits ({block.detail}), but the patched script fails verification"
                    )
            report["applied"] = False
            report["refusal"] = f"{problem}; nothing was changed"
            report["blocks"] = [b.to_json() for b in result.blocks]
        if args.json:
            sys.stdout.write(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
        if problem is not None:
            if args.json:
                return EXIT_UNVERIFIED
            _report_blocks(result, sys.stderr if args.dry_run else sys.stdout, doc)
            raise GptfixError(
                f"{problem}; nothing was changed (--no-verify writes it unchecked)",
                EXIT_UNVERIFIED,
            )
    if args.dry_run:  # --check passed: the verified patch, still nothing written
        if not args.json:
            sys.stdout.write(doc.diff(result.new_text) if doc.is_notebook else result.new_text)
            _report_blocks(result, sys.stderr, doc)
            sys.stderr.write("gptfix: dry run: nothing written (verified: it builds and trains)\n")
        return 0
    # refuses (exit 13) when the file changed while it was being verified
    doc.write(result.new_text, f"apply answer {args.answer}")
    if args.json:
        return 0
    out = sys.stdout
    out.write(doc.diff(result.new_text, color=out.isatty()))
    _report_blocks(result, out, doc)
    checked = "" if args.no_verify else " (verified: it builds and trains)"
    out.write(f"gptfix: wrote {path}{checked} (undo with: gptfix undo {args.script})\n")
    return 0


def _verify(
    path: Path, original: str, new_text: str, args: argparse.Namespace, report: dict[str, Any]
) -> str | None:
    """Build, smoke-run and forecast the patched script; why it is not verified, or None."""
    from gptfix import settings as settings_mod
    from gptfix.llm.change_check import verify_change
    from gptfix.llm.change_context import gpu_memory
    from gptfix.model import Applicability, Fix, Script

    settings = settings_mod.load(path.parent, {"interpreter": args.python})
    if not args.json:
        print("gptfix: building and smoke-running the patched script ...", file=sys.stderr)
    fix = Fix("pasted answer", new_text, "answer", Applicability.UNSAFE)
    gpu = gpu_memory(None)[0]
    check = verify_change(Script(path, original), fix, settings, gpu_memory_gib=gpu)
    report["verification"] = check.verification.to_json()
    report["forecast"] = check.forecast.to_json() if check.forecast else None
    if check.verification.verified:
        return None
    return check.verification.reason or "the patched script did not pass verification"
