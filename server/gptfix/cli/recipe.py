"""`gptfix recipe list|apply`: model-improvement recipes from the command line.

Wiring only: ``list`` shows the recipes that apply to a script and where they would act
(or, without a script, every recipe and its options); ``apply`` runs one recipe, prints
the unified diff, builds and smoke-runs the patched script in the user's interpreter and
only then writes it through the undo journal (``gptfix undo`` restores it). A recipe that
does not apply, or whose result does not build, exits 3 with a one-line reason. A
notebook's recipe acts on the program of its code cells and is written into the cells;
its diff is one per changed cell (headed ``a/train.ipynb (cell 3)``) and its title and
notes name cells and cell lines.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from gptfix.errors import EXIT_REFUSED, EXIT_USAGE, GptfixError
from gptfix.model import Fix
from gptfix.notebook import Document, read_document


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", required=True, metavar="list|apply")
    lst = sub.add_parser("list", help="the recipes that apply to a script, and where")
    lst.add_argument("script", type=Path, nargs="?", help="the training script (omit: all recipes)")
    lst.add_argument("--json", action="store_true", help="print JSON")
    app = sub.add_parser("apply", help="apply one recipe to a script")
    app.add_argument("recipe", help="recipe id (see `gptfix recipe list`)")
    app.add_argument("script", type=Path, help="the training script to change")
    app.add_argument(
        "--opt",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="a recipe option, e.g. --opt layer=RandomTranslation --opt height_factor=0.1",
    )
    app.add_argument("--dry-run", action="store_true", help="print the diff; change nothing")
    app.add_argument(
        "--no-verify", action="store_true", help="write without building the patched model"
    )
    app.add_argument("--python", help="interpreter that runs the script (default: settings)")
    app.add_argument("--json", action="store_true", help="print the result as JSON")


def run(args: argparse.Namespace) -> int:
    if args.action == "list":
        return _list(args)
    return _apply(args)


def _options(pairs: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise GptfixError(f"--opt {pair}: expected KEY=VALUE", EXIT_USAGE)
        out[key.strip()] = value.strip()
    return out


def _list(args: argparse.Namespace) -> int:
    from gptfix.recipes import RECIPES
    from gptfix.service import recipe_ops

    if args.script is None:
        if args.json:
            data = [r.to_json() for r in RECIPES.values()]
            sys.stdout.write(json.dumps(data, indent=2) + "\n")
            return 0
        for recipe in RECIPES.values():
            print(f"{recipe.id:<17} {recipe.title}")
            for opt in recipe.options:
                choices = f" ({'|'.join(opt.choices)})" if opt.choices else ""
                print(f"    --opt {opt.name}={opt.default or ''}{choices}  {opt.help}")
            if recipe.extra_options:
                print(f"    --opt KEY=VALUE  {recipe.extra_options}")
        return 0
    doc = read_document(args.script)
    path = doc.path
    matches = recipe_ops.recipe_matches(doc.text, str(path))
    if args.json:
        sys.stdout.write(json.dumps([m.to_json() for m in matches], indent=2) + "\n")
        return 0
    if not matches:
        print(f"{args.script}: no recipe applies (no model code gptfix recognises)")
        return 0
    for m in matches:
        where = doc.label(m.line) if doc.is_notebook else f"{args.script}:{m.line}"
        print(f"{where}: {m.recipe_id:<17} {m.why}")
    missing = [rid for rid in RECIPES if rid not in {m.recipe_id for m in matches}]
    if missing:
        print(f"not applicable here: {', '.join(missing)}")
    return 0


def _apply(args: argparse.Namespace) -> int:
    from gptfix import settings as settings_mod
    from gptfix.service import recipe_ops

    doc = read_document(args.script)  # a snapshot; a notebook: the program of its code cells
    path = doc.path
    script = doc.script()
    settings = settings_mod.load(path.parent, {"interpreter": args.python})
    if not args.json and not args.dry_run and not args.no_verify:

        def say(line: str) -> None:
            print(f"gptfix: {line} ...", flush=True)
    else:

        def say(line: str) -> None:
            return None

    # the diff is shown before the (slow) check: transform first, verify second
    outcome = recipe_ops.apply_recipe(
        script, args.recipe, _options(args.opt), settings, verify_change=False
    )
    fix = outcome.fix
    diff = doc.diff(fix.new_text, args.script.name)  # a notebook's: per cell it changes
    report: dict[str, Any] = {"fix": _fix_json(doc, fix), "diff": diff, "written": False}
    if not args.json:
        print(f"gptfix: {doc.words(fix.title)}")
        for note in fix.evidence:
            print(f"  note: {doc.words(note)}")
        sys.stdout.write(diff)
    if args.dry_run:
        return _done(args, report, 0)
    if not args.no_verify:
        recipe_ops.check_recipe(script, outcome, settings, progress=say)
        report["fix"] = _fix_json(doc, fix)
        report["build"] = outcome.build  # the patched model as built: layers, shapes, params
        if not outcome.verified:
            reason = (fix.verification.reason if fix.verification else None) or (
                "the patched script does not build"
            )
            if args.json:
                report["refused"] = doc.words(reason)
                return _done(args, report, EXIT_REFUSED)
            raise GptfixError(f"{doc.words(reason)}; nothing was changed", EXIT_REFUSED)
        if outcome.forecast:
            report["forecast"] = outcome.forecast
            if not args.json:
                print(f"  {outcome.forecast}")
    doc.write(fix.new_text, reason=f"recipe {args.recipe}: {fix.title}")  # refuses a moved file
    report["written"] = True
    if not args.json:
        checked = "" if args.no_verify else " (verified: it builds and trains)"
        print(f"gptfix: changed {args.script}{checked}; `gptfix undo {args.script}` restores it")
    return _done(args, report, 0)


def _fix_json(doc: Document, fix: Fix) -> dict[str, Any]:
    """The fix as JSON, its title, evidence and reason in the user's terms (cells)."""
    data = fix.to_json()
    data["title"] = doc.words(fix.title)
    data["evidence"] = [doc.words(e) for e in fix.evidence]
    ver = data.get("verification")
    if isinstance(ver, dict) and isinstance(ver.get("reason"), str):
        ver["reason"] = doc.words(ver["reason"])
    return data


def _done(args: argparse.Namespace, report: dict[str, Any], code: int) -> int:
    if args.json:
        sys.stdout.write(json.dumps(report, indent=2) + "\n")
    return code
