"""`gptfix run --fix SCRIPT`: the run -> fix -> rerun loop in a terminal.

A shell over :func:`gptfix.service.ops.fix_loop` (the operation ``gptfix.fixLoop`` runs
in the editors, with the same arguments and checks): prints each run's located
failure, each proposed fix as a coloured unified diff with its evidence and its
verification, asks before writing (unless ``--yes``; with no terminal to ask and no
``--yes`` nothing is written), and ends with a summary of the rounds. ``--json``
prints the Foundation result with ``rounds`` on stdout and the narrative on stderr.
A notebook's fixes are shown as one diff per cell they change (headed ``a/train.ipynb
(cell 7)``, in the cell's lines) with titles, evidence and rounds naming cells and cell
lines (``cell 6, line 7``), and written into its cells.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any, TextIO

from gptfix import settings as settings_mod
from gptfix.cli.output import (
    Colors,
    Places,
    display_path,
    failure_lines,
    want_color,
    write_json,
)
from gptfix.errors import EXIT_NOT_FIXED
from gptfix.model import Fix, RunResult, RunStatus
from gptfix.notebook import Document, is_notebook, read_document
from gptfix.notebook.locating import CellView
from gptfix.notebook.positions import annotate_lines
from gptfix.runner import check_script
from gptfix.service import ops


def run_fix(args: argparse.Namespace) -> int:
    """Entry point for ``gptfix run --fix`` (arguments parsed by ``gptfix.cli.run``)."""
    notebook = is_notebook(args.script)
    script = read_document(args.script).path if notebook else check_script(args.script)
    overrides: dict[str, Any] = {
        "interpreter": getattr(args, "python", None),
        "smoke_steps": getattr(args, "smoke_steps", None),
        "run_timeout": getattr(args, "timeout", None),
    }
    config = settings_mod.load(script.parent, overrides)
    as_json = bool(getattr(args, "json", False))
    out: TextIO = sys.stderr if as_json else sys.stdout
    style = Colors(want_color(out))
    name = display_path(str(args.script))
    current = {"doc": read_document(script)}
    seen: dict[str, Document] = {}  #: a fix's title -> the document it was proposed on
    yes = bool(getattr(args, "yes", False))

    def say(line: str = "") -> None:
        out.write(line + "\n")
        out.flush()

    def on_event(event: str, data: dict[str, Any]) -> None:
        if event == "run":
            places = CellView(read_document(script)) if notebook else None
            _print_run(data["result"], name, style, say, places)
        elif event == "fix":
            fix: Fix = data["fix"]
            doc = current["doc"] = read_document(script)  # the program the fix changes
            seen[fix.title] = doc
            title = doc.words(fix.title)
            say(
                style.bold(
                    f"gptfix: proposed fix [{fix.origin}, {fix.applicability.value}]: {title}"
                )
            )
            for item in fix.evidence:
                say(style.dim(f"  evidence: {doc.words(item)}"))
            say(doc.diff(fix.new_text, script.name, color=style.color).rstrip("\n"))
        elif event == "verified":
            ver = data["verification"]
            if ver.verified:
                say(style.caret(f"  verified: {', '.join(ver.stages)} passed; the failure is gone"))
            else:
                reason = current["doc"].words(ver.reason or "unknown reason")
                say(style.error("  not verified: ") + reason)
        elif event == "applied":
            say(f"gptfix: applied to {name} (undo with: gptfix undo {name})")
        elif event == "declined":
            title = data["fix"].title
            say(f"gptfix: not applied: {seen.get(title, current['doc']).words(title)}")
        elif event == "llm-refused":
            say(style.error("gptfix: LLM answer not applied: ") + str(data["reason"]))
        elif event == "fixer-error":
            say(style.error("gptfix: a fixer failed: ") + str(data["error"]))
        elif event == "no-fix":
            say("gptfix: no verified fix for this failure")

    def confirm(fix: Fix, diff: str) -> bool:
        if yes:
            return True
        if not sys.stdin.isatty():
            say("gptfix: not applying: no terminal to ask on (pass --yes to apply verified fixes)")
            return False
        sys.stderr.write(f"apply this fix to {name}? [y/N] ")
        sys.stderr.flush()
        answer = sys.stdin.readline().strip().lower()
        return answer in ("y", "yes")

    if ops.llm_configured(config, None):  # the LLM is asked too: say where the context goes
        from gptfix.llm.client import endpoint

        say(f"gptfix: LLM requests go to {endpoint(config)} (model {config.model})")
    outcome = ops.fix_loop(
        script,
        config,
        max_rounds=getattr(args, "max_rounds", None),
        confirm=confirm,
        on_event=on_event,
        args=list(getattr(args, "script_args", []) or []),
        progress=lambda line: say(f"gptfix: LLM: {line}"),
    )
    result = outcome.result
    final = read_document(script)  # a notebook's cells as they are after the fixes
    for entry in result.rounds or []:  # each fix as it was shown: in cells and cell lines
        raw = entry.get("fix")
        doc = seen.get(raw, final) if isinstance(raw, str) else final
        if isinstance(raw, str):
            entry["fix"] = doc.words(raw)
        if doc.notebook is not None and isinstance(entry.get("root_cause"), dict):
            annotate_lines(entry["root_cause"], doc.notebook.program)
    _summary(result, name, style, say)
    if as_json:
        write_json(result, final.notebook)
    if result.status is RunStatus.SUCCEEDED:
        return 0
    if result.status is RunStatus.TIMEOUT:
        return result.exit_code
    return EXIT_NOT_FIXED


def _print_run(
    result: RunResult, name: str, style: Colors, say: Any, places: Places | None = None
) -> None:
    secs = f" in {result.duration_s:.1f} s" if result.duration_s is not None else ""
    if result.status is RunStatus.SUCCEEDED:
        say(style.caret(f"gptfix: smoke run of {name} finished{secs} (exit 0)"))
        return
    if result.status is RunStatus.TIMEOUT:
        say(f"gptfix: smoke run of {name} timed out{secs}")
        return
    say(style.bold(f"gptfix: smoke run of {name} failed{secs} (exit {result.exit_code})"))
    if result.failure is not None:
        for line in failure_lines(result.failure, style, places):
            say(line)


def _summary(result: RunResult, name: str, style: Colors, say: Any) -> None:
    rounds = result.rounds or []
    applied = [r for r in rounds if r["applied"]]
    tried = [r for r in rounds if not r.get("error")]
    say(style.bold(f"gptfix: {len(applied)} fix(es) applied, {len(tried)} tried"))
    for i, r in enumerate(rounds, 1):
        if r.get("error"):
            say(style.error(f"  {i}. [{r['origin']}] failed: {r['error']}"))
            continue
        mark = (
            "applied" if r["applied"] else "verified, not applied" if r["verified"] else "rejected"
        )
        say(f"  {i}. [{r['origin']}] {r['fix']}: {mark}")
    if result.status is RunStatus.SUCCEEDED:
        say(style.caret(f"gptfix: {name} now runs to completion (smoke)"))
    else:
        say(style.error(f"gptfix: {name} still fails") + (" (unchanged)" if not applied else ""))
