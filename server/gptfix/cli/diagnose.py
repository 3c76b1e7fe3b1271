"""`gptfix diagnose --log LOG [--json] SCRIPT`: put a failure from another machine's log on the script.

Wiring only: reads the log (Kaggle JSON, ANSI colours and progress bars handled by
:mod:`gptfix.tracebacks`), maps its last traceback onto the local script and prints it
like `gptfix run` does. Exit code 1 when the log shows a failure. For a ``.ipynb``
notebook, IPython's cell frames (``Cell In[7], line 3``) are put on the notebook's cells.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from gptfix.cli.output import Colors, failure_lines, want_color, write_json
from gptfix.errors import EXIT_NO_TRACEBACK, GptfixError
from gptfix.model import RunResult, RunStatus
from gptfix.notebook import is_notebook, read_document
from gptfix.notebook.locating import CellView, diagnose_notebook_log
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
    from gptfix.tracebacks import diagnose_log, read_log

    doc = read_document(args.script) if is_notebook(args.script) else None
    script = doc.path if doc else check_script(args.script)
    text = read_log(args.log)
    failure = diagnose_notebook_log(text, doc) if doc else diagnose_log(text, script)
    if failure is None:
        raise GptfixError(f"{args.log}: no Python traceback found in the log", EXIT_NO_TRACEBACK)
    result = RunResult(status=RunStatus.FAILED, exit_code=EXIT_FAILURE_FOUND, failure=failure)
    if args.json:
        write_json(result, doc.notebook if doc else None)
    else:
        style = Colors(want_color(sys.stdout))
        places = CellView(doc) if doc else None
        sys.stdout.write("\n".join(failure_lines(failure, style, places)) + "\n")
    return EXIT_FAILURE_FOUND
