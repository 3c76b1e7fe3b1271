"""`gptfix run [--smoke] [--json] [--fix] SCRIPT [-- ARGS...]`: run a script, locate its failure.

Wiring only: parses the options, streams the script's output through, calls
:func:`gptfix.service.ops.run` (what ``gptfix.run`` runs in the editors) and prints the result (compiler-style text, or the
``--json`` contract on stdout). ``--fix`` hands over to the repair loop. The exit code
is the script's own (124 on timeout). A ``.ipynb`` notebook runs as the program of its
code cells; its failure is reported on the cell (``train.ipynb, cell 7, line 3``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from gptfix import settings as settings_mod
from gptfix.cli.output import Colors, result_lines, want_color, write_json
from gptfix.errors import EXIT_USAGE, GptfixError
from gptfix.notebook import is_notebook, read_document
from gptfix.notebook.locating import CellView
from gptfix.runner import check_script
from gptfix.service import ops


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("script", type=Path, help="the training script (or .ipynb notebook) to run")
    parser.add_argument(
        "script_args", nargs="*", metavar="ARGS", help="arguments for the script, after --"
    )
    parser.add_argument(
        "--smoke",
        action="store_true",
        help="cap training to 1 epoch x N steps to reach the crash fast",
    )
    parser.add_argument(
        "--smoke-steps",
        type=int,
        default=None,
        metavar="N",
        help="steps per fit/evaluate/predict (default 2)",
    )
    parser.add_argument(
        "--graph", action="store_true", help="smoke mode: keep graph mode (default: run eagerly)"
    )
    parser.add_argument("--python", metavar="PATH", help="interpreter to run the script with")
    parser.add_argument(
        "--timeout",
        type=float,
        default=None,
        metavar="S",
        help="kill the run (and its children) after S seconds; default: none, or the "
        "configured run timeout with --smoke",
    )
    parser.add_argument("--json", action="store_true", help="print the result as JSON on stdout")
    parser.add_argument("--fix", action="store_true", help="run, fix, rerun until it passes")
    parser.add_argument(
        "--yes", action="store_true", help="with --fix: apply verified fixes without asking"
    )
    parser.add_argument(
        "--max-rounds", type=int, default=None, metavar="N", help="with --fix: at most N rounds"
    )


def run(args: argparse.Namespace) -> int:
    if args.fix:
        from gptfix.cli.fixloop import run_fix

        return int(run_fix(args))
    if args.smoke_steps is not None and args.smoke_steps < 1:
        raise GptfixError("--smoke-steps must be at least 1", EXIT_USAGE)
    if args.timeout is not None and args.timeout <= 0:
        raise GptfixError("--timeout must be a positive number of seconds", EXIT_USAGE)
    doc = read_document(args.script) if is_notebook(args.script) else None
    script = doc.path if doc else check_script(args.script)
    overrides = {
        "interpreter": args.python,
        "smoke_steps": args.smoke_steps,
        "run_timeout": args.timeout,
    }
    config = settings_mod.load(script.parent, overrides)
    as_json = bool(args.json)

    def echo(stream: str, text: str) -> None:
        target = sys.stderr if as_json or stream == "stderr" else sys.stdout
        target.write(text)
        target.flush()

    result = ops.run(
        script,
        config,
        smoke=args.smoke,
        args=list(args.script_args),
        eager=not args.graph,
        timed=args.timeout is not None or args.smoke,  # a full run has no limit unless asked
        warm=False,
        on_output=echo,
    )
    places = CellView(doc) if doc is not None else None
    if as_json:
        write_json(result, doc.notebook if doc else None)
    else:
        style = Colors(want_color(sys.stderr))
        lines = result_lines(result, str(args.script), style, places)
        sys.stderr.write("\n".join(lines) + "\n")
    return result.exit_code
