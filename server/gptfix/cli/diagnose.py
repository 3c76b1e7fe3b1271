"""`gptfix diagnose --log LOG [--json] SCRIPT`: put a failure from another machine's log on the script.

Wiring only: :func:`gptfix.service.ops.load_log` (what ``gptfix.loadLog`` runs in the
editors) reads the log (Kaggle JSON, ANSI colours and progress bars handled by
:mod:`gptfix.tracebacks`) and maps its last traceback onto the local script; this prints it
like `gptfix run` does. Exit code 1 when the log shows a failure. For a ``.ipynb``
notebook, IPython's cell frames (``Cell In[7], line 3``) are put on the notebook's cells.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from gptfix.cli.output import Colors, failure_lines, want_color, write_json
from gptfix.model import RunResult, RunStatus
from gptfix.notebook import is_notebook, read_document
from gptfix.notebook.locating import CellView
from gptfix.runner import check_script

#: the exit code of `gptfix diagnose` when the log holds a failure
EXIT_FAILURE_FOUND = 1


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("script", type=Path, help="the local copy of the script that ran")
    parser.add_argument(
        "--log", type=Path, required=True, help="the log of the run (text or Kaggle JSON)"
    )
    parser.add_argument("--json", action="store_true", help="print the result as JSON on stdout")


def run(args: argparse.Namespace) -> int:
    from gptfix.service import ops

    doc = read_document(args.script) if is_notebook(args.script) else None
    script = doc.path if doc else check_script(args.script)
    failure = ops.load_log(script, log_path=args.log)
    result = RunResult(status=RunStatus.FAILED, exit_code=EXIT_FAILURE_FOUND, failure=failure)
    if args.json:
        write_json(result, doc.notebook if doc else None)
    else:
        style = Colors(want_color(sys.stdout))
        places = CellView(doc) if doc else None
        sys.stdout.write("\n".join(failure_lines(failure, style, places)) + "\n")
    return EXIT_FAILURE_FOUND
