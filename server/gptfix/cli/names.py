"""`gptfix names ORIGINAL CHANGED [--json]`: names a change broke, and how to map them.

With ``--snippet`` CHANGED is a snippet to insert into ORIGINAL (at ``--at LINE``) and
the command prints the snippet rewritten in the script's names and import style.
Exit status: 0 when nothing is broken or ambiguous, 1 when problems were found.
A ``.ipynb`` notebook (either side) is read as the program of its code cells; places in
it are shown as ``cell 7, line 3`` (``--at 7:3``), and ``--json`` adds ``"cell"``.
"""

from __future__ import annotations

import argparse
import json
import re
from collections.abc import Callable
from pathlib import Path

from gptfix.cli.index import read_program
from gptfix.errors import EXIT_NOT_PYTHON, EXIT_UNREADABLE, GptfixError
from gptfix.names import NamesReport, Reconciliation, check, reconcile
from gptfix.notebook.positions import annotate_lines, parse_line, where


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("original", type=Path, help="the script (or .ipynb notebook) as it is")
    parser.add_argument(
        "changed", type=Path, help="the changed script or notebook (or a snippet with --snippet)"
    )
    parser.add_argument("--snippet", action="store_true", help="CHANGED is a snippet to insert")
    parser.add_argument(
        "--at",
        default=None,
        metavar="LINE",
        help="insertion line (snippets); in a notebook CELL:LINE, e.g. 7:3",
    )
    parser.add_argument("--prose", default="", help="the answer's prose, or @FILE to read it from")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")


def run(args: argparse.Namespace) -> int:
    original, before = read_program(args.original)
    # a snippet is text from an answer (any file name); a changed script is a script
    changed, after = (
        (_read_text(args.changed), None) if args.snippet else read_program(args.changed)
    )
    prose = args.prose
    if prose.startswith("@"):
        prose = _read_text(Path(prose[1:]))
    if args.snippet:
        at = parse_line(args.at, before, "--at") if args.at is not None else None
        rec = reconcile(changed, original, at, prose)
        if rec.error:
            raise GptfixError(
                f"{args.changed}: the snippet does not parse ({rec.error})", EXIT_NOT_PYTHON
            )
        if args.json:
            print(json.dumps({**rec.to_json(), "text": rec.apply()}, indent=2, ensure_ascii=False))
        else:
            print("\n".join(_render_mapping(rec)))
            print("--- snippet in the script's names ---")
            print(rec.apply(), end="")
        return 1 if rec.ambiguous or rec.unresolved else 0
    report = check(original, changed)
    unbound = {u.name for u in report.unbound}
    mappings = []
    if report.syntax_error is None and unbound:
        proposal = reconcile(changed, original, None, prose)
        mappings = [m for m in proposal.mappings if m.snippet_name in unbound and m.kind != "same"]
    if args.json:
        data = report.to_json()
        data["mapping"] = [vars(m) for m in mappings]
        if after is not None:  # unbound names and misreads are places in the change
            annotate_lines(data["unbound"], after)
            annotate_lines(data["misread"], after)
        if before is not None:  # a removed binding was defined in the original
            annotate_lines(data["removed"], before)
        print(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        print("\n".join(_render_report(report, where(after), where(before))))
        for m in mappings:
            print(f"proposed: {m.snippet_name} -> {m.script_name} ({m.kind}: {m.evidence})")
    return 0 if report.ok else 1


def _read_text(path: Path) -> str:
    """A snippet or an answer's prose (any text, no Python check) from a file."""
    try:
        return path.read_text(encoding="utf-8-sig", errors="replace")
    except OSError as exc:
        raise GptfixError(f"{path}: cannot read ({exc.strerror})", EXIT_UNREADABLE) from None


def _render_report(
    report: NamesReport, at: Callable[[int], str], at_original: Callable[[int], str]
) -> list[str]:
    """The report's lines; ``at``/``at_original`` name a line of the change / the original."""
    if report.syntax_error:
        return [f"syntax error: {report.syntax_error}"]
    out = []
    for u in report.unbound:
        pre = " (already in the original)" if u.preexisting else ""
        out.append(f"unbound: {u.name} at {at(u.line)}:{u.col + 1} in {u.scope}: {u.reason}{pre}")
    for m in report.misread:
        pre = " (already in the original)" if m.preexisting else ""
        means = f"; did you mean {m.close} ({at(m.close_line)})?" if m.close_line else ""
        means = means or (f"; did you mean {m.close}?" if m.close else "")
        out.append(f"undefined config: {m.expr} at {at(m.line)}:{m.col + 1}{means}{pre}")
    for r in report.removed:
        # the evidence names a line of the change ("val_ds (line 158) is bound to ...")
        evidence = re.sub(r"\(line (\d+)\)", lambda m: f"({at(int(m[1]))})", r.evidence)
        new = f", renamed to {r.renamed_to} ({evidence})" if r.renamed_to else ""
        users = "; ".join(at(line) for line, _ in r.users)
        left = f"; still used at {users}" if users else ""
        out.append(f"removed: {r.name} ({at_original(r.line)} in {r.scope}){new}{left}")
    if report.star_import:
        out.append("note: `import *` hides which names are bound; unbound names not checked")
    out.append("ok: no broken names" if report.ok else f"{len(report.problems)} problem(s)")
    return out


def _render_mapping(rec: Reconciliation) -> list[str]:
    out = [
        f"map: {m.snippet_name} -> {m.script_name} ({m.kind}: {m.evidence})" for m in rec.mappings
    ]
    out += [f"respell: {r.written} -> {r.spelled} (line {r.line})" for r in rec.module_rewrites]
    out += [
        f"ambiguous: {a.snippet_name}: {', '.join(a.candidates)} ({a.reason})"
        for a in rec.ambiguous
    ]
    out += [f"unresolved: {name}" for name in rec.unresolved]
    out += [f"needs: {stmt}" for stmt in rec.imports_needed]
    out += [f"dropped import: {d}" for d in rec.dropped_imports]
    return out
