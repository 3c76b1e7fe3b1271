"""`gptfix undo SCRIPT`: restore the script as it was before gptfix's last change."""

from __future__ import annotations

import argparse
from pathlib import Path

from gptfix import journal
from gptfix.errors import EXIT_NO_SCRIPT, GptfixError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("script", type=Path, help="the script gptfix changed")


def run(args: argparse.Namespace) -> int:
    script: Path = args.script
    if not script.is_file():
        raise GptfixError(f"{script}: no such script", EXIT_NO_SCRIPT)
    reason = journal.undo(script)
    left = len(journal.entries(script))
    print(f"gptfix: restored {script} (undid: {reason or 'last change'}; {left} more to undo)")
    return 0
