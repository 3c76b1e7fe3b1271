"""`gptfix apply SCRIPT --answer FILE [--log LOG] [--dry-run] [--json]`: apply a chat answer.

Wiring only: reads the answer (a file, or ``-`` for stdin), applies it with
:func:`gptfix.llm.apply_answer` and writes the result through the undo journal. When the
answer does not fit, exits 3 with a one-line reason and leaves the script untouched.
``--dry-run`` prints the patched script on stdout and changes nothing. Every run says per
block of the answer what became of it (applied where, already there, skipped or refused and
why): after the diff, on stderr for a dry run, before the refusal; ``--json`` has it as
``blocks``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from gptfix import files
from gptfix.edits import unified_diff
from gptfix.errors import EXIT_REFUSED, EXIT_UNREADABLE, GptfixError
from gptfix.redact import leaves_placeholder, restore

if TYPE_CHECKING:
    from gptfix.llm.result import ApplyResult


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("script", type=Path, help="the script to change")
    parser.add_argument(
        "--answer", required=True, help="the chat answer (markdown/text file, or - for stdin)"
    )
    parser.add_argument(
        "--line", type=int, help="the failing line, to reconcile names in scope there"
    )
    parser.add_argument(
        "--log", type=Path, help="log of the failed run: its failing line is used like --line"
    )
    parser.add_argument(
        "--dry-run", action="store_true", help="print the patched script; change nothing"
    )
    parser.add_argument(
        "--json", action="store_true", help="print edits, names reconciled, refusal as JSON"
    )


def _read_answer(source: str) -> str:
    if source == "-":
        return sys.stdin.read()
    try:
        return Path(source).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        why = getattr(exc, "strerror", None) or "not UTF-8 text"
        raise GptfixError(f"cannot read answer {source}: {why}", EXIT_UNREADABLE) from None


def _report_blocks(result: ApplyResult, out: TextIO) -> None:
    """Per block of the answer: applied where, left unchanged, skipped or refused and why."""
    for b in result.blocks:
        out.write(f"gptfix: {b.describe()}\n")
    for n in result.names:
        out.write(f"gptfix: name `{n.answer}` -> `{n.script}` ({n.evidence})\n")


def run(args: argparse.Namespace) -> int:
    from gptfix.llm import apply_answer
    from gptfix.runner import check_script

    path = check_script(args.script)
    answer = _read_answer(args.answer)
    snapshot = files.read_for_edit(path)
    original = snapshot.text
    at_line = args.line
    if at_line is None and args.log is not None:
        from gptfix.tracebacks import diagnose_log, read_log

        failure = diagnose_log(read_log(args.log), path)
        if failure is not None and failure.location is not None:
            at_line = failure.location.line
    # an answer to a redacted context (``gptfix context``) gets the script's real lines back
    answer = restore(original, answer, path.parent)
    result = apply_answer(original, answer, at_line=at_line)
    if result.new_text is not None and leaves_placeholder(original, result.new_text):
        result.new_text = None
        result.refusal = "it would write a redacted placeholder into the script"
    if args.json:
        sys.stdout.write(json.dumps(result.to_json(), indent=2, ensure_ascii=False) + "\n")
    if not result.ok or result.new_text is None:
        if args.json:
            return EXIT_REFUSED
        _report_blocks(result, sys.stdout)  # what each block was; the error stays one line
        raise GptfixError(f"answer not applied: {result.refusal}", EXIT_REFUSED)
    if args.dry_run:
        if not args.json:
            sys.stdout.write(result.new_text)
            _report_blocks(result, sys.stderr)  # stdout is the patched script alone
        return 0
    files.write_checked(snapshot, result.new_text, f"apply answer {args.answer}")
    if args.json:
        return 0
    out = sys.stdout
    out.write(unified_diff(original, result.new_text, path.name, color=out.isatty()))
    _report_blocks(result, out)
    out.write(f"gptfix: wrote {path} (undo with: gptfix undo {args.script})\n")
    return 0
