"""`gptfix lsp [--tcp HOST:PORT]`: start the language server (stdio by default)."""

from __future__ import annotations

import argparse
import logging

from gptfix.redact import redact_logs


def _host_port(value: str) -> tuple[str, int]:
    host, sep, port = value.rpartition(":")
    if not sep or not port.isdigit() or not 0 < int(port) < 65536:
        raise argparse.ArgumentTypeError(f"{value!r}: expected HOST:PORT, e.g. 127.0.0.1:2087")
    return host or "127.0.0.1", int(port)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--tcp",
        metavar="HOST:PORT",
        type=_host_port,
        help="listen on a TCP port instead of stdio (for debugging)",
    )
    parser.add_argument(
        "--stdio",
        action="store_true",
        help="talk over stdin/stdout (the default; accepted because LSP clients pass it)",
    )
    parser.add_argument(
        "--log-level",
        default="WARNING",
        choices=["DEBUG", "INFO", "WARNING", "ERROR"],
        help="server log level on stderr (default WARNING)",
    )


def run(args: argparse.Namespace) -> int:
    logging.basicConfig(level=args.log_level, format="gptfix-lsp %(levelname)s %(message)s")
    redact_logs()  # no secret reaches the server's log, whoever logs it
    from gptfix.lsp import start

    start(args.tcp)
    return 0
