"""`gptfix check SCRIPT [--batch-size N] [--gpu-mem GiB] [--json]`: build, don't train.

Bridges a build-mode run (the model built and compiled, stopped at the first training
call) and the memory forecast: prints the layers with output shapes and parameter
counts, then weights, gradients, optimizer state and activations times the batch
size, against the GPU memory given or found, warning before an OOM with the remedies.
A ``.ipynb`` notebook is built as the program of its code cells; a failure is shown on
its cell (``train.ipynb, cell 7, line 3``; ``--json``: ``"cell"`` in the location).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from gptfix import settings as settings_mod
from gptfix.cli.output import Colors, display_path, failure_lines, want_color
from gptfix.errors import EXIT_USAGE, GptfixError
from gptfix.model import RunStatus
from gptfix.notebook import is_notebook, read_document
from gptfix.notebook.locating import CellView, annotate_json
from gptfix.repair.memory import GIB, Forecast, forecast
from gptfix.runner import check_script, run_script

EXIT_WONT_FIT = 11  #: check: the forecast exceeds the GPU memory


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("script", type=Path, help="the training script (or .ipynb notebook)")
    parser.add_argument(
        "script_args", nargs="*", metavar="ARGS", help="arguments for the script, after --"
    )
    parser.add_argument(
        "--batch-size", type=int, default=None, metavar="N", help="forecast for this batch size"
    )
    parser.add_argument(
        "--gpu-mem", type=float, default=None, metavar="GiB", help="GPU memory to check against"
    )
    parser.add_argument("--python", metavar="PATH", help="interpreter to run the script with")
    parser.add_argument(
        "--timeout", type=float, default=None, metavar="S", help="give up after S seconds"
    )
    parser.add_argument(
        "--json", action="store_true", help="print the build summary and forecast as JSON"
    )


def _mib(n: int | None) -> str:
    if n is None:
        return "?"
    return f"{n / GIB:.2f} GiB" if n >= GIB else f"{n / 1024**2:.1f} MiB"


def run(args: argparse.Namespace) -> int:
    if args.batch_size is not None and args.batch_size < 1:
        raise GptfixError("--batch-size must be at least 1", EXIT_USAGE)
    if args.gpu_mem is not None and args.gpu_mem <= 0:
        raise GptfixError("--gpu-mem must be a positive number of GiB", EXIT_USAGE)
    doc = read_document(args.script) if is_notebook(args.script) else None
    script = doc.path if doc is not None else check_script(args.script)
    config = settings_mod.load(
        script.parent, {"interpreter": args.python, "run_timeout": args.timeout}
    )
    result = run_script(
        script,
        python=config.interpreter,
        args=list(args.script_args),
        mode="build",
        timeout=config.run_timeout,
    )
    name = display_path(str(args.script))
    style = Colors(want_color(sys.stdout))
    fc = (
        forecast(result.build, batch_size=args.batch_size, gpu_memory_gib=args.gpu_mem)
        if result.build
        else None
    )
    if args.json:
        payload: dict[str, Any] = result.to_json()
        if doc is not None and doc.notebook is not None:
            annotate_json(payload, doc.path, doc.notebook.program)
        payload["forecast"] = fc.to_json() if fc else None
        sys.stdout.write(json.dumps(payload, indent=2) + "\n")
    else:
        if result.failure is not None:
            places = CellView(doc) if doc is not None else None
            sys.stdout.write("\n".join(failure_lines(result.failure, style, places)) + "\n")
        if result.build:
            _print_models(result.build, style)
        if fc is not None:
            _print_forecast(fc, style)
    if result.status is RunStatus.TIMEOUT:
        if not args.json:
            print(f"gptfix: {name}: the build did not finish in time")
        return result.exit_code
    if result.failure is not None or not result.build:
        if not args.json and result.failure is None:
            print(f"gptfix: {name}: no Keras model was built (nothing to check)")
        return result.exit_code or 1
    if fc is not None and fc.fits is False:
        return EXIT_WONT_FIT
    return 0


def _print_models(build: dict[str, Any], style: Colors) -> None:
    for model in build.get("models") or []:
        print(style.bold(f"model {model.get('name')} ({model.get('class')})"))
        print(f"  {'layer':<28} {'class':<24} {'output shape':<24} {'params':>10}")
        for layer in model.get("layers", []):
            shape = layer.get("output_shape")
            shape_s = (
                str(tuple(shape))
                if isinstance(shape, list) and shape and not isinstance(shape[0], list)
                else str(shape)
            )
            print(
                f"  {str(layer.get('name'))[:28]:<28} {str(layer.get('class'))[:24]:<24} {shape_s[:24]:<24} {layer.get('params', 0):>10,}"
            )
        print(
            f"  params: {model.get('params', 0):,} (trainable {model.get('trainable_params', 0):,})"
        )


def _print_forecast(fc: Forecast, style: Colors) -> None:
    print(
        style.bold(
            f"training memory forecast (batch size {fc.batch_size}, from {fc.batch_size_source}):"
        )
    )
    print(f"  weights           {_mib(fc.weights)}")
    print(f"  gradients         {_mib(fc.gradients)}")
    print(f"  optimizer state   {_mib(fc.optimizer_state)} ({fc.optimizer or 'unknown optimizer'})")
    print(
        f"  activations       {_mib(fc.activations)} ({_mib(fc.activations_per_sample)} per sample, x{fc.batch_size}, x2 for backprop)"
    )
    print(f"  runtime overhead  {_mib(fc.overhead)}")
    print(style.bold(f"  total             {_mib(fc.total)}"))
    if fc.gpu_memory is None:
        print("  GPU: none found (pass --gpu-mem GiB to check against one)")
        return
    print(
        f"  GPU memory        {_mib(fc.gpu_memory)} (from {fc.gpu_source}); largest batch that fits: {fc.max_batch_size}"
    )
    if fc.fits:
        print(style.caret("  fits (under 90% of the GPU memory)"))
    else:
        print(style.error("  warning: this will likely run out of GPU memory. Remedies:"))
        for r in fc.remedies:
            print(f"    - {r}")
