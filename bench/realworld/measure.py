"""Measure the offline repair loop on the real-world set (Stack Overflow / GitHub threads).

Bridges the program folders of one half of the set (``dev/``, ``holdout/`` or the all-held-out
``fresh/`` split, see SPLIT.md; each holds ``train.py`` the thread's crashing program,
``fixed.py`` the repair the thread accepted, ``meta.json`` source, crash and root-cause lines
and how to judge a fix) and the ``gptfix run --smoke --fix --yes --json`` command, tried as a
new user would: offline, no API key. For each program it copies ``train.py`` to a temporary
folder, runs the loop there, then reruns the result plainly under ``probe.py`` (which records
what the script trains) and compares those facts with the facts of ``fixed.py``, key by key as
``meta.json`` says. It records: the failure located on the crash line, the root-cause line
named (when gptfix reports one), fixed (the rerun ends with exit 0), correct / wrong / review
(runs, facts equal the reference's or an accepted alternative / differ / differ where the meta
says a human must look), and the time the loop took. It writes ``results/<half>.json``,
``results/<half>.md`` and one ``results/<half>/<program>.diff`` per program.

    python bench/realworld/measure.py dev                  # measure the dev half
    python bench/realworld/measure.py dev --only keras3385 # programs whose name starts so
    python bench/realworld/measure.py holdout --check      # no gptfix: train fails, fixed runs
    python bench/realworld/measure.py holdout              # the final measurement (once)
    python bench/realworld/measure.py fresh --check        # the fresh split, likewise

Run it from the repository root with the interpreter that has gptfix and TensorFlow, and
``PYTHONPATH=server`` so the checkout's gptfix is the one measured. Hand verdicts go in
``verdicts.json`` (keyed by program name and the diff's hash): for programs marked "review",
and for fixes whose meta says the facts cannot tell them from the reference.
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
VERDICTS = HERE / "verdicts.json"
PROBE = HERE / "probe.py"
FIX_TIMEOUT_S = 300
# The splits, in the order they were built (SPLIT.md): each is a folder of program folders.
SPLITS = [
    "dev",
    "holdout",
    "fresh",
    "dev2",
    "holdout2",
    "fresh3",
    "dev3",
    "holdout3",
    "dev4",
    "holdout4",
    "dev5",
    "holdout5",
    "dev6",
    "holdout6",
    "dev7",
    "holdout7",
    "dev8",
    "holdout8",
    "dev9",
    "holdout9",
    "dev10",
    "holdout10",
    "dev11",
    "holdout11",
    "dev12",
    "holdout12",
    "dev13",
    "holdout13",
    "dev14",
    "holdout14",
    "dev15",
    "holdout15",
    "dev16",
    "holdout16",
    "dev17",
    "holdout17",
    "dev18",
    "holdout18",
    "dev19",
    "holdout19",
    "dev20",
    "holdout20",
    "dev21",
    "holdout21",
]
RUN_TIMEOUT_S = 240


def programs(half: str, prefixes: list[str]) -> list[Path]:
    """The program folders of one half, sorted, filtered by name prefixes when given."""
    root = HERE / half
    if not root.is_dir():
        return []  # a half the split left empty (dev10)
    found = sorted(p for p in root.iterdir() if p.is_dir() and (p / "train.py").is_file())
    if prefixes:
        found = [p for p in found if any(p.name.startswith(x) for x in prefixes)]
    return found


def probe_run(script: Path, timeout: float) -> dict[str, Any]:
    """Run ``script`` from its folder under probe.py; its facts, exit code and time."""
    out = script.with_suffix(".facts.json")
    t0 = time.monotonic()
    try:
        proc = subprocess.run(
            [sys.executable, str(PROBE), str(out), script.name],
            cwd=script.parent,
            env=child_env(),
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        code: int | None = proc.returncode
        stderr = proc.stderr
    except subprocess.TimeoutExpired:
        code, stderr = None, "timeout"
    seconds = time.monotonic() - t0
    facts: dict[str, Any] = {}
    if out.is_file():
        facts = json.loads(out.read_text(encoding="utf-8"))
        out.unlink()
    frames = re.findall(rf'File "[^"]*{re.escape(script.name)}", line (\d+)', stderr)
    return {
        "exit": code,
        "seconds": round(seconds, 1),
        "error": facts.get("error") or ("timeout" if code is None else ""),
        "line": int(frames[-1]) if frames else None,
        "facts": facts,
    }


# -- facts comparison ---------------------------------------------------------------------


def fact(facts: dict[str, Any], path: str) -> Any:
    """``fit.model.outputs`` -> the first fit event's model outputs; missing -> None.

    The value range of integer data (``min``/``max``) is dropped from what a key returns
    unless the key names it: the programs draw random labels, whose extremes vary per run.
    """
    kind, _, rest = path.partition(".")
    events = [e for e in facts.get("events", []) if e.get("event") == kind]
    if not events:
        return None
    value: Any = events[0]
    parts = rest.split(".") if rest else []
    for part in parts:
        if not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    return value if parts and parts[-1] in ("min", "max") else _without_range(value)


def _without_range(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_range(v) for k, v in value.items() if k not in ("min", "max")}
    if isinstance(value, list):
        return [_without_range(v) for v in value]
    return value


def _same(key: str, got: Any, want: Any) -> bool:
    """Equal facts; for data shapes, equal up to a trailing 1-sized axis, which a Keras 3
    model input adds or removes itself (data (N, 30) into Input((30, 1)) trains as (N, 30, 1))."""
    if got == want:
        return True
    data_key = key.startswith(("fit.x", "predict.x", "fit.validation"))
    return data_key and _drop_trailing_one(got) == _drop_trailing_one(want)


def _drop_trailing_one(value: Any) -> Any:
    if (
        isinstance(value, list)
        and len(value) >= 2
        and all(isinstance(v, int) or v is None for v in value)
    ):
        return value[:-1] if value[-1] == 1 else value
    if isinstance(value, list):
        return [_drop_trailing_one(v) for v in value]
    if isinstance(value, dict):
        return {k: _drop_trailing_one(v) for k, v in value.items()}
    return value


def judge(meta: dict[str, Any], got: dict[str, Any], ref: dict[str, Any]) -> dict[str, Any]:
    """Compare the patched script's facts with the reference's, as the meta says."""
    checks: list[str] = meta["judge"]["checks"]
    diffs = {
        key: {"got": fact(got, key), "want": fact(ref, key)}
        for key in checks
        if not _same(key, fact(got, key), fact(ref, key))
    }
    if not diffs:
        return {"verdict": "correct", "how": "facts equal the reference's", "diffs": {}}
    for alt in meta["judge"].get("alternatives", []):
        if all(fact(got, k) == v for k, v in alt["facts"].items()):
            return {
                "verdict": "correct",
                "how": f"accepted alternative: {alt['why']}",
                "diffs": diffs,
            }
    verdict = meta["judge"].get("on_mismatch", "wrong")
    return {"verdict": verdict, "how": "facts differ from the reference's", "diffs": diffs}


# -- one program ----------------------------------------------------------------------------


def check(prog: Path) -> dict[str, Any]:
    """No gptfix: the broken program must fail on its crash line, the reference must run."""
    meta = json.loads((prog / "meta.json").read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory(prefix="realworld-") as tmp:
        work = Path(tmp)
        shutil.copy(prog / "train.py", work / "train.py")
        shutil.copy(prog / "fixed.py", work / "fixed.py")
        broken = probe_run(work / "train.py", RUN_TIMEOUT_S)
        ref = probe_run(work / "fixed.py", RUN_TIMEOUT_S)
    crash_line = meta["crash"]["line"]
    ok = broken["exit"] not in (0, None) and broken["line"] == crash_line and ref["exit"] == 0
    return {
        "program": prog.name,
        "ok": ok,
        "broken_exit": broken["exit"],
        "broken_line": broken["line"],
        "meta_crash_line": crash_line,
        "broken_error": broken["error"][:160],
        "broken_s": broken["seconds"],
        "fixed_exit": ref["exit"],
        "fixed_error": ref["error"][:160],
        "fixed_s": ref["seconds"],
    }


def _located(stderr: str, data: dict[str, Any]) -> int | None:
    """The line of the first failure gptfix reported for train.py (its narrative's first)."""
    m = re.search(r"^train\.py:(\d+)(?::\d+)?: ", stderr, re.M)
    if m:
        return int(m.group(1))
    loc = (data.get("failure") or {}).get("location") or {}
    return loc.get("line")


def _root_cause_lines(stderr: str, data: dict[str, Any]) -> list[int]:
    """Root-cause lines gptfix named, from its JSON (any ``root*`` key with a line) or text."""
    found: list[int] = []

    def walk(node: Any, under_root: bool) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                rooted = under_root or "root" in str(key).lower()
                if rooted and key in ("line", "start_line") and isinstance(value, int):
                    found.append(value)
                walk(value, rooted)
        elif isinstance(node, list):
            for item in node:
                walk(item, under_root)

    walk(data, False)
    for m in re.finditer(r"root[- ]cause[^\n]*?train\.py:(\d+)", stderr, re.I):
        found.append(int(m.group(1)))
    return sorted(set(found))


def measure(prog: Path, half: str, verdicts: dict[str, Any]) -> dict[str, Any]:
    meta = json.loads((prog / "meta.json").read_text(encoding="utf-8"))
    with copied(prog / "train.py", prog.name, "realworld-") as target:
        work = target.parent
        original = target.read_text(encoding="utf-8")
        run = run_fix_loop(target, FIX_TIMEOUT_S, "train.py")
        rc, stderr, fix_s, data = run.rc, run.stderr, run.seconds, run.data
        patched = target.read_text(encoding="utf-8")
        changed = patched != original
        rerun = probe_run(target, RUN_TIMEOUT_S) if changed else None
        shutil.copy(prog / "fixed.py", work / "fixed.py")
        ref = probe_run(work / "fixed.py", RUN_TIMEOUT_S) if rerun and rerun["exit"] == 0 else None
    diff = diff_text(original, patched)
    diff_sha = hashlib.sha256(diff.encode()).hexdigest()[:12]
    out_dir = RESULTS / half
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / f"{prog.name}.diff").write_text(diff, encoding="utf-8")
    (out_dir / f"{prog.name}.log").write_text(
        stderr.replace(str(work), "<PROGRAM>").replace(sys.prefix, "<ENV>"), encoding="utf-8"
    )
    runs = bool(rerun and rerun["exit"] == 0)
    verdict: dict[str, Any]
    if not changed:
        verdict = {"verdict": "not fixed", "how": "script left unchanged", "diffs": {}}
    elif not runs:
        err = rerun["error"] if rerun else ""
        verdict = {"verdict": "not fixed", "how": f"patched script fails: {err[:120]}", "diffs": {}}
    else:
        assert ref is not None
        if ref["exit"] != 0:
            verdict = {"verdict": "review", "how": "reference fixed.py failed", "diffs": {}}
        else:
            verdict = judge(meta, rerun["facts"], ref["facts"])  # type: ignore[index]
    hand = verdicts.get(prog.name, {})
    if hand.get("diff_sha") == diff_sha:  # a hand review of this very diff decides
        verdict = {
            "verdict": hand["verdict"],
            "how": f"hand review: {hand['why']}",
            "diffs": verdict["diffs"],
        }
    located = _located(stderr, data)
    roots = _root_cause_lines(stderr, data)
    return {
        "program": prog.name,
        "family": meta["family"],
        "crash_line": meta["crash"]["line"],
        "root_cause_line": meta["root_cause"]["line"],
        "located_line": located,
        "located_on_crash_line": located == meta["crash"]["line"],
        "root_cause_lines_named": roots,
        "root_cause_named": meta["root_cause"]["line"] in roots,
        "status": data.get("status", "timeout" if rc is None else "no-json"),
        "rounds": data.get("rounds") or [],
        "changed": changed,
        "runs_after_fix": runs,
        "verdict": verdict["verdict"],
        "how": verdict["how"],
        "fact_diffs": verdict["diffs"],
        "fix_seconds": round(fix_s, 1),
        "facts": {"patched": (rerun or {}).get("facts"), "reference": (ref or {}).get("facts")},
        "rerun_error": (rerun or {}).get("error", ""),
        "diff_sha": diff_sha,
        "changed_lines": sum(
            1 for ln in diff.splitlines() if ln[:1] in "+-" and ln[:3] not in ("+++", "---")
        ),
    }


# -- report ---------------------------------------------------------------------------------


def git_head() -> str:
    """The last commit that touched server/ (the code measured); '+' if it has local edits."""
    try:
        root = HERE.parent.parent
        head = subprocess.run(
            ["git", "log", "-1", "--format=%h", "--", "server"],
            cwd=root,
            capture_output=True,
            text=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--", "server"],
            cwd=root,
            capture_output=True,
            text=True,
        ).stdout.strip()
        return head + ("+" if dirty else "") if head else "?"
    except OSError:
        return "?"


def summary(rows: list[dict[str, Any]]) -> dict[str, Any]:
    n = len(rows)

    def count(pred: Any) -> int:
        return sum(1 for r in rows if pred(r))

    return {
        "programs": n,
        "located_on_crash_line": count(lambda r: r["located_on_crash_line"]),
        "root_cause_differs": count(lambda r: r["root_cause_line"] != r["crash_line"]),
        "root_cause_named_where_differs": count(
            lambda r: r["root_cause_named"] and r["root_cause_line"] != r["crash_line"]
        ),
        "runs_after_fix": count(lambda r: r["runs_after_fix"]),
        "correct": count(lambda r: r["verdict"] == "correct"),
        "wrong": count(lambda r: r["verdict"] == "wrong"),
        "review": count(lambda r: r["verdict"] == "review"),
        "not_fixed": count(lambda r: r["verdict"] == "not fixed"),
        "median_fix_seconds_when_runs": _median(
            [r["fix_seconds"] for r in rows if r["runs_after_fix"]]
        ),
    }


def _median(xs: list[float]) -> float | None:
    if not xs:
        return None
    s = sorted(xs)
    mid = len(s) // 2
    return s[mid] if len(s) % 2 else round((s[mid - 1] + s[mid]) / 2, 1)


def markdown(half: str, rows: list[dict[str, Any]], head: dict[str, Any]) -> str:
    s = head["summary"]
    n = s["programs"]
    lines = [
        f"# Real-world set, {half} half: gptfix {head['gptfix_commit']}",
        "",
        f"{head['date']}, {head['machine']}; `gptfix run --smoke --fix --yes`, offline (no API key).",
        "",
        f"- correct: **{s['correct']}/{n}**, wrong (runs, meaning changed): **{s['wrong']}**, "
        f"to review: {s['review']}, not fixed: {s['not_fixed']}",
        f"- runs after the fix: {s['runs_after_fix']}/{n}; failure located on the crash line: "
        f"{s['located_on_crash_line']}/{n}; root-cause line named where it is not the crash "
        f"line: {s['root_cause_named_where_differs']}/{s['root_cause_differs']}",
        f"- median time to a fix that runs: {s['median_fix_seconds_when_runs']} s",
        "",
        "| program | family | crash / root line | located | root named | verdict | fix s | fixes applied |",
        "|---|---|---|---|---|---|---:|---|",
    ]
    for r in rows:
        fixes = "; ".join(str(x.get("fix", "")) for x in r["rounds"] if x.get("applied")) or "-"
        lines.append(
            f"| {r['program']} | {r['family']} | {r['crash_line']} / {r['root_cause_line']} | "
            f"{r['located_line']} | {'yes' if r['root_cause_named'] else 'no'} | {r['verdict']} | "
            f"{r['fix_seconds']} | {fixes[:90]} |"
        )
    return "\n".join(lines) + "\n"


def report(half: str) -> int:
    """Rewrite results/<half>.md from its JSON: programs since dropped leave the table, hand
    verdicts (verdicts.json, matched by diff hash) decide: "review", or a fix the facts
    cannot tell from the reference (the meta says which)."""
    path = RESULTS / f"{half}.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    verdicts = json.loads(VERDICTS.read_text(encoding="utf-8")) if VERDICTS.is_file() else {}
    rows = [r for r in data["programs"] if (HERE / half / r["program"]).is_dir()]
    for r in rows:
        facts = r.get("facts") or {}
        if r["runs_after_fix"] and facts.get("patched") and facts.get("reference"):
            meta = json.loads((HERE / half / r["program"] / "meta.json").read_text("utf-8"))
            again = judge(meta, facts["patched"], facts["reference"])
            r["verdict"], r["how"], r["fact_diffs"] = again["verdict"], again["how"], again["diffs"]
        hand = verdicts.get(r["program"], {})
        if hand.get("diff_sha") == r["diff_sha"]:
            r["verdict"], r["how"] = hand["verdict"], f"hand review: {hand['why']}"
    head = {k: v for k, v in data.items() if k != "programs"}
    head["summary"] = summary(rows)
    path.write_text(json.dumps({**head, "programs": rows}, indent=1) + "\n", encoding="utf-8")
    (RESULTS / f"{half}.md").write_text(markdown(half, rows, head), encoding="utf-8")
    print(markdown(half, rows, head))
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("half", choices=SPLITS)
    ap.add_argument("--only", nargs="*", default=[], help="program-name prefixes")
    ap.add_argument("--check", action="store_true", help="no gptfix: train fails, fixed runs")
    ap.add_argument(
        "--resume", action="store_true", help="reuse results/<half>/<program>.json of this commit"
    )
    ap.add_argument(
        "--report", action="store_true", help="rebuild the tables from results/<half>.json"
    )
    args = ap.parse_args(argv)
    if args.report:
        return report(args.half)
    progs = programs(args.half, args.only)
    if not progs:
        print(f"no programs in {args.half} match {args.only}", file=sys.stderr)
        return 2
    if args.check:
        bad = 0
        for prog in progs:
            row = check(prog)
            bad += not row["ok"]
            print(json.dumps(row), flush=True)
        print(f"{len(progs) - bad}/{len(progs)} programs check out", file=sys.stderr)
        return 1 if bad else 0
    verdicts = json.loads(VERDICTS.read_text(encoding="utf-8")) if VERDICTS.is_file() else {}
    commit = git_head()
    rows = []
    for prog in progs:
        saved = RESULTS / args.half / f"{prog.name}.json"
        if args.resume and saved.is_file():
            row = json.loads(saved.read_text(encoding="utf-8"))
            if row.get("gptfix_commit") == commit:
                rows.append(row)
                continue
        if not (prog / "meta.json").is_file():
            print(f"{prog.name}: removed from the set meanwhile, skipped", file=sys.stderr)
            continue
        row = measure(prog, args.half, verdicts)
        row["gptfix_commit"] = commit
        saved.write_text(json.dumps(row, indent=1) + "\n", encoding="utf-8")
        rows.append(row)
        print(
            f"{row['program']:45s} {row['verdict']:10s} located={row['located_line']} "
            f"(crash {row['crash_line']}) {row['fix_seconds']} s",
            file=sys.stderr,
            flush=True,
        )
    head = {
        "half": args.half,
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "machine": machine_note(),
        "gptfix_commit": commit,
        "only": args.only,
        "summary": summary(rows),
    }
    RESULTS.mkdir(exist_ok=True)
    rows = [r for r in rows if (HERE / args.half / r["program"]).is_dir()]
    head["summary"] = summary(rows)
    stem = args.half if not args.only else f"{args.half}-partial"
    (RESULTS / f"{stem}.json").write_text(json.dumps({**head, "programs": rows}, indent=1) + "\n")
    (RESULTS / f"{stem}.md").write_text(markdown(args.half, rows, head), encoding="utf-8")
    print(markdown(args.half, rows, head))
    return 0


if __name__ == "__main__":
    sys.exit(main())
