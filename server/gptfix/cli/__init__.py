"""The `gptfix` command line: a registry of subcommands, each in its own module.

Wiring only: the subcommands and their help come from the command table
(:mod:`gptfix.service.table`); every subcommand module (``gptfix.cli.<name>``) exposes
``add_arguments(parser)`` and ``run(args) -> int`` and calls the service or the core. Modules are
imported only when their command is used, so ``gptfix --help`` stays fast and the CLI
never imports TensorFlow.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from gptfix import __version__
from gptfix.errors import GptfixError
from gptfix.runner.cleanup import stop_on_sigterm
from gptfix.service.table import cli_subcommands

#: subcommand -> (module, one-line help), derived from the one command table
#: (:data:`gptfix.service.table.COMMANDS`), which also names each command's operation.
COMMANDS: dict[str, tuple[str, str]] = cli_subcommands()


def _top_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="gptfix",
        description="Run ML training scripts, locate failures, offer verified fixes.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="commands:\n"
        + "\n".join(f"  {name:<10} {help_}" for name, (_, help_) in COMMANDS.items()),
    )
    parser.add_argument("--version", action="version", version=f"gptfix {__version__}")
    parser.add_argument(
        "--trust-project",
        action="store_true",
        help="use the endpoint/interpreter the project's pyproject.toml sets (any position)",
    )
    parser.add_argument("command", choices=sorted(COMMANDS), metavar="COMMAND")
    return parser


def trust_flag(args: list[str]) -> tuple[list[str], bool]:
    """``args`` without ``--trust-project`` (before any ``--``), and whether it was there."""
    end = args.index("--") if "--" in args else len(args)
    head = [a for a in args[:end] if a != "--trust-project"]
    return head + args[end:], len(head) != end


def confirm_project_settings(script: object, trust: bool) -> None:
    """Let the project choose endpoint/interpreter only with the user's consent.

    ``--trust-project`` (or ``GPTFIX_TRUST_PROJECT=1``) accepts them; on a terminal the
    user is asked; otherwise they are ignored with a one-line note on stderr.
    """
    from pathlib import Path

    from gptfix import settings

    if trust:
        os.environ[settings.TRUST_ENV] = "1"
    if settings.project_trusted() or not isinstance(script, str | Path):
        return
    where, values = settings.untrusted_project_values(Path(script).resolve().parent)
    if not values:
        return
    shown = ", ".join(f"{k} = {v}" for k, v in values.items())
    if sys.stdin.isatty() and sys.stderr.isatty():
        sys.stderr.write(f"gptfix: {where} sets {shown}. Use these project settings? [y/N] ")
        sys.stderr.flush()
        if sys.stdin.readline().strip().lower() in ("y", "yes"):
            os.environ[settings.TRUST_ENV] = "1"
            return
    print(
        f"gptfix: ignoring {', '.join(values)} from {where} (project settings are not trusted; "
        "pass --trust-project to use them)",
        file=sys.stderr,
    )


def main(argv: Sequence[str] | None = None) -> int:
    args_list, trust = trust_flag(list(sys.argv[1:] if argv is None else argv))
    stop_on_sigterm()  # SIGTERM ends runs and removes working copies, like Ctrl-C
    top = _top_parser()
    if not args_list or args_list[0] not in COMMANDS:
        top.parse_args(args_list[:1] or ["--help"])
        return 2
    name = args_list[0]
    module_name, help_ = COMMANDS[name]
    module = importlib.import_module(module_name)
    parser = argparse.ArgumentParser(prog=f"gptfix {name}", description=help_)
    module.add_arguments(parser)
    args = parser.parse_args(args_list[1:])
    try:
        confirm_project_settings(getattr(args, "script", None), trust)
        return int(module.run(args))
    except GptfixError as exc:
        print(f"gptfix: {exc.message}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("gptfix: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `gptfix index x.py | head`: the reader left; say nothing more
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
