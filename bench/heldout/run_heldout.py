"""Held-out evaluation of the offline repair loop on broken scripts the rules were not written for.

Bridges the case folders beside this file (``NN-slug/train.py`` broken, ``fixed.py`` the
reference fix, ``bug.txt`` one line on the bug) and the ``gptfix run --smoke --fix --yes
--json`` command. For each case it copies ``train.py`` to a temporary folder, runs the loop
there, records whether the script was fixed, the rounds with their fix titles and origins,
and the time taken, then runs the patched script once more *without* smoke mode to confirm it
really trains to the end. It prints a table, writes ``results.json`` and one ``NN-slug.diff``
per case under ``results/``, and rewrites the results table in ``README.md`` (between the
``results:start`` / ``results:end`` markers; the hand-written analysis there is kept).

    python bench/heldout/run_heldout.py              # every case (one at a time)
    python bench/heldout/run_heldout.py 03 17        # only cases whose folder starts with 03 or 17
    python bench/heldout/run_heldout.py --check      # no gptfix: train.py must fail, fixed.py must pass
    python bench/heldout/run_heldout.py --report     # README.md from results.json + verdicts.json

Run it with the interpreter that has gptfix and TensorFlow installed.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
from offline_loop import child_env, copied, diff_text, machine_note, run_fix_loop  # noqa: E402

RESULTS = HERE / "results"
README = HERE / "README.md"
VERDICTS = HERE / "verdicts.json"
START, END = "<!-- results:start -->", "<!-- results:end -->"
FIX_TIMEOUT_S = 240
FULL_RUN_TIMEOUT_S = 180


def cases(prefixes: list[str]) -> list[Path]:
    """The case folders, sorted, filtered by folder-name prefixes when given."""
    found = sorted(p for p in HERE.iterdir() if p.is_dir() and (p / "train.py").is_file())
    if prefixes:
        found = [p for p in found if any(p.name.startswith(x) for x in prefixes)]
    return found


def run_python(script: Path, timeout: float) -> tuple[int | None, str, float]:
    """Run ``script`` from its folder; (exit code or None on timeout, last error line, seconds)."""
    t0 = time.monotonic()
    try:
        proc = subprocess.run(
            [sys.executable, script.name],
            cwd=script.parent,
            env=child_env(),
            capture_output=True,
            text=True,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired:
        return None, "timeout", time.monotonic() - t0
    lines = [ln for ln in proc.stderr.splitlines() if re.match(r"^[\w.]+(Error|Exception)\b", ln)]
    return proc.returncode, (lines[-1] if lines else ""), time.monotonic() - t0


def check(case: Path) -> dict[str, Any]:
    """Run the broken and the reference script directly (in a temporary copy)."""
    with tempfile.TemporaryDirectory(prefix="heldout-") as tmp:
        work = Path(tmp)
        shutil.copy(case / "train.py", work / "train.py")
        shutil.copy(case / "fixed.py", work / "fixed.py")
        rc_b, err_b, t_b = run_python(work / "train.py", FULL_RUN_TIMEOUT_S)
        rc_f, err_f, t_f = run_python(work / "fixed.py", FULL_RUN_TIMEOUT_S)
    ok = rc_b not in (0, None) and rc_f == 0
    return {
        "case": case.name,
        "ok": ok,
        "broken_exit": rc_b,
        "broken_error": err_b,
        "broken_s": round(t_b, 1),
        "fixed_exit": rc_f,
        "fixed_error": err_f,
        "fixed_s": round(t_f, 1),
    }


def evaluate(case: Path) -> dict[str, Any]:
    """Run the fix loop on a copy of the case and confirm the result with a full run."""
    with copied(case / "train.py", case.name, "heldout-") as target:
        work = target.parent
        original = target.read_text(encoding="utf-8")
        run = run_fix_loop(target, FIX_TIMEOUT_S)
        rc, stderr, seconds, data = run.rc, run.stderr, run.seconds, run.data
        patched = target.read_text(encoding="utf-8")
        full_rc, full_err, full_s = (None, "not run", 0.0)
        if patched != original or data.get("status") == "succeeded":
            full_rc, full_err, full_s = run_python(target, FULL_RUN_TIMEOUT_S)
    rounds = data.get("rounds") or []
    failure = data.get("failure") or {}
    diff = diff_text(original, patched)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"{case.name}.diff").write_text(diff, encoding="utf-8")
    (RESULTS / f"{case.name}.log").write_text(_portable(stderr, work), encoding="utf-8")
    return {
        "case": case.name,
        "bug": (case / "bug.txt").read_text(encoding="utf-8").strip(),
        "exit": rc,
        "status": data.get("status", "timeout" if rc is None else "no-json"),
        "smoke_fixed": data.get("status") == "succeeded",
        "full_run_ok": full_rc == 0,
        "full_run_error": full_err,
        "full_run_s": round(full_s, 1),
        "rounds": rounds,
        "applied": [r for r in rounds if r.get("applied")],
        "final_error": _one_line(failure),
        "seconds": round(seconds, 1),
        "diff_sha": hashlib.sha256(diff.encode()).hexdigest()[:12],
        "changed_lines": sum(
            1 for ln in diff.splitlines() if ln[:1] in "+-" and ln[:3] not in ("+++", "---")
        ),
    }


def _one_line(failure: dict[str, Any]) -> str:
    if not failure:
        return ""
    exc = failure.get("exception") or failure
    kind = exc.get("type") or failure.get("type") or ""
    msg = str(exc.get("message") or failure.get("message") or "").splitlines()
    return f"{kind}: {msg[0] if msg else ''}"[:160]


def _portable(text: str, work: Path) -> str:
    return text.replace(str(work), "<CASE>").replace(sys.prefix, "<ENV>")


def load_verdicts() -> dict[str, dict[str, str]]:
    """Hand review of each fix: case -> {"diff_sha", "verdict": "correct"|"wrong", "note"}."""
    if not VERDICTS.exists():
        return {}
    data: dict[str, dict[str, str]] = json.loads(VERDICTS.read_text(encoding="utf-8"))
    return data


def review(r: dict[str, Any], verdicts: dict[str, dict[str, str]]) -> str:
    """The hand review of this run's diff: correct, wrong, or unreviewed (diff changed)."""
    if not r["applied"]:
        return "—"
    v = verdicts.get(r["case"])
    if v is None or v.get("diff_sha") != r["diff_sha"]:
        return "unreviewed"
    return v["verdict"] + (f": {v['note']}" if v.get("note") else "")


def is_fixed(r: dict[str, Any]) -> bool:
    return bool(r["smoke_fixed"] and r["full_run_ok"])


def table(results: list[dict[str, Any]], verdicts: dict[str, dict[str, str]]) -> list[str]:
    rows = [
        "| case | runs after the loop (smoke + full run) | fixes applied (origin: title) | rounds applied / tried | time (s) | hand review of the diff |",
        "|---|---|---|---|---|---|",
    ]
    for r in results:
        fixes = "; ".join(f"`{a.get('origin')}`: {a.get('fix')}" for a in r["applied"]) or "—"
        if is_fixed(r):
            ran = "yes"
        elif r["smoke_fixed"]:
            ran = f"smoke only; full run: {(r['full_run_error'] or 'fails')[:60]}"
        else:
            ran = f"no: {r['final_error'][:80]}"
        rows.append(
            f"| {r['case']} | {ran.replace('|', '/')} | {fixes.replace('|', '/')} | "
            f"{len(r['applied'])} / {len(r['rounds'])} | {r['seconds']} | "
            f"{review(r, verdicts).replace('|', '/')} |"
        )
    return rows


def write_readme(results: list[dict[str, Any]], note: str) -> None:
    verdicts = load_verdicts()
    fixed = [r for r in results if is_fixed(r)]
    correct = [r for r in fixed if review(r, verdicts).startswith("correct")]
    unreviewed = [r for r in fixed if review(r, verdicts) == "unreviewed"]
    total_s = sum(r["seconds"] for r in results)
    block = [
        START,
        f"Measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} on {note}; "
        f"{total_s:.0f} s for the {len(results)} loops.",
        "",
        f"**Runs after the loop: {len(fixed)} / {len(results)}. Correctly fixed (hand review of "
        f"the diff): {len(correct)} / {len(results)}**"
        + (f" ({len(unreviewed)} not reviewed yet)" if unreviewed else "")
        + ". A case *runs* when the smoke loop ends with the script running to completion and a "
        "normal full run of the patched script exits 0; it is *correctly fixed* when, in "
        "addition, the diff does what `bug.txt` says a correct fix does (reviews in "
        "`verdicts.json`, tied to the diff's hash, so a changed diff shows as unreviewed).",
        "",
        *table(results, verdicts),
        END,
    ]
    text = README.read_text(encoding="utf-8") if README.exists() else f"{START}\n{END}\n"
    head, _, rest = text.partition(START)
    _, _, tail = rest.partition(END)
    README.write_text(head + "\n".join(block) + tail, encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("prefixes", nargs="*", help="only cases whose folder starts with these")
    parser.add_argument("--check", action="store_true", help="check the cases, do not run gptfix")
    parser.add_argument("--no-readme", action="store_true", help="do not rewrite README.md")
    parser.add_argument(
        "--report",
        action="store_true",
        help="rewrite README.md from results/results.json (after editing verdicts.json), run nothing",
    )
    args = parser.parse_args()
    if args.report:
        results = json.loads((RESULTS / "results.json").read_text(encoding="utf-8"))
        for r in results:  # the diff on disk is what the review is tied to
            diff = (RESULTS / f"{r['case']}.diff").read_text(encoding="utf-8")
            r["diff_sha"] = hashlib.sha256(diff.encode()).hexdigest()[:12]
            print(f"{r['case']:40s} diff_sha {r['diff_sha']}  {review(r, load_verdicts())}")
        write_readme(results, machine_note("tensorflow-cpu"))
        return 0
    selected = cases(args.prefixes)
    if args.check:
        bad = 0
        for case in selected:
            r = check(case)
            bad += not r["ok"]
            print(
                f"{'ok ' if r['ok'] else 'BAD'} {r['case']:40s} broken: exit {r['broken_exit']} "
                f"{r['broken_s']}s {r['broken_error'][:90]} | fixed: exit {r['fixed_exit']} {r['fixed_s']}s",
                flush=True,
            )
        return 1 if bad else 0
    results = []
    for case in selected:
        r = evaluate(case)
        results.append(r)
        mark = "FIXED" if is_fixed(r) else "not fixed"
        titles = "; ".join(f"[{a.get('origin')}] {a.get('fix')}" for a in r["applied"])
        print(
            f"{r['case']:40s} {mark:9s} {r['seconds']:6.1f}s {titles or r['final_error']}",
            flush=True,
        )
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / ("results.json" if not args.prefixes else "results-partial.json")
    out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    verdicts = load_verdicts()
    fixed = [r for r in results if is_fixed(r)]
    correct = [r for r in fixed if review(r, verdicts).startswith("correct")]
    print(f"runs after the loop: {len(fixed)} / {len(results)}; reviewed correct: {len(correct)}")
    if not args.prefixes and not args.no_readme:
        write_readme(results, machine_note("tensorflow-cpu"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
