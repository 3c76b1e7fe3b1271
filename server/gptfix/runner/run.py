"""``run_script``: run a training script in the user's interpreter and locate its failure.

Bridges the process runner, the boot hook's report and the traceback locator into one
:class:`~gptfix.model.RunResult`: normal, smoke (training capped) or build (stop at
the first training call with a model summary) runs; ``text=`` runs a patched version
from a hidden file beside the script and maps every path back to the script.
"""

from __future__ import annotations

import os
import secrets
import shutil
import tempfile
import threading
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from gptfix.errors import EXIT_READ_ONLY, EXIT_TIMEOUT, EXIT_USAGE, GptfixError
from gptfix.model import Failure, Location, RunResult, RunStatus
from gptfix.runner.hook import MODES, Report, boot_env, read_report
from gptfix.runner.inputs import check_script, resolve_python
from gptfix.runner.process import OnOutput, Outcome, run_process

#: exit code reported when a run is cancelled through ``cancel`` (as for Ctrl-C)
EXIT_CANCELLED = 130


def run_script(
    script: Path,
    *,
    python: str | None = None,
    args: Sequence[str] = (),
    mode: str = "normal",
    smoke_steps: int = 2,
    eager: bool = True,
    timeout: float | None = None,
    on_output: OnOutput | None = None,
    cancel: threading.Event | None = None,
    text: str | None = None,
    env: Mapping[str, str] | None = None,
) -> RunResult:
    """Run ``script`` (or ``text`` in its place) in ``python``; return the located result.

    The working directory is the script's folder; ``args`` follow the script name.
    ``on_output(stream, text)`` gets the script's output live, from reader threads.
    A run past ``timeout`` seconds is killed with its whole process group and reported
    as status "timeout", exit code 124; a set ``cancel`` event stops it the same way
    (status "failed", exit code 130). ``env`` replaces the inherited environment.
    """
    if mode not in MODES:
        raise GptfixError(f"unknown run mode {mode!r} (one of {', '.join(MODES)})", EXIT_USAGE)
    path = check_script(script)
    interpreter = resolve_python(python)
    folder = path.parent
    target = path
    if text is not None:
        target = folder / f".{path.stem}.gptfix-{secrets.token_hex(4)}.py"
        try:
            target.write_text(text, encoding="utf-8")
        except OSError as exc:
            target.unlink(missing_ok=True)
            raise GptfixError(
                f"{folder}: cannot write the patched copy of the script there ({exc.strerror})",
                EXIT_READ_ONLY,
            ) from None
    rewrite = _rewriter(target, path) if target != path else None
    work = Path(tempfile.mkdtemp(prefix="gptfix-run-"))
    try:
        child_env = boot_env(
            os.environ if env is None else env,
            report=work / "report.json",
            mode=mode,
            smoke_steps=max(1, int(smoke_steps)),
            eager=eager,
            user_dir=folder,
        )
        outcome = run_process(
            [interpreter, str(target), *args],
            cwd=str(folder),
            env=child_env,
            timeout=timeout,
            on_output=on_output,
            cancel=cancel,
            rewrite=rewrite,
        )
        # located while a patched text's file still exists, so frames match its lines
        return _result(outcome, read_report(work / "report.json"), target, mode, rewrite)
    finally:
        if target != path:
            target.unlink(missing_ok=True)
        shutil.rmtree(work, ignore_errors=True)


def _rewriter(temp: Path, real: Path) -> Callable[[str], str]:
    pairs = [(str(temp), str(real)), (temp.name, real.name)]

    def rewrite(text: str) -> str:
        for old, new in pairs:
            if old in text:
                text = text.replace(old, new)
        return text

    return rewrite


def _result(
    outcome: Outcome,
    rep: Report | None,
    script: Path,
    mode: str,
    rewrite: Callable[[str], str] | None,
) -> RunResult:
    failure = rep.failure if rep else None
    if outcome.timed_out:
        status, code = RunStatus.TIMEOUT, EXIT_TIMEOUT
    elif outcome.cancelled:
        status, code = RunStatus.FAILED, EXIT_CANCELLED
    else:
        code = outcome.returncode
        status = RunStatus.SUCCEEDED if code == 0 else RunStatus.FAILED
    if status is RunStatus.SUCCEEDED:
        failure = None  # an exception shown and survived (code.interact, a REPL) is no failure
    if failure is None and status is RunStatus.FAILED and not outcome.cancelled:
        failure = _from_stderr(outcome.stderr_tail)
    if failure is not None:
        failure = locate_failure(failure, script)
        if rewrite is not None:
            _map_paths(failure, rewrite)
    smoke = rep.smoke if rep and mode == "smoke" else ({"capped": []} if mode == "smoke" else None)
    build = rep.build if rep and mode == "build" else None
    if rep and rep.notes:  # the boot hook could not do something it was asked to
        for extra in (smoke, build):
            if extra is not None:
                extra["notes"] = rep.notes
    trace = rep.trace if rep else None
    if trace is not None and rewrite is not None:  # the temp copy's path -> the script's
        trace.lines = {rewrite(p): lines for p, lines in trace.lines.items()}
    if failure is not None:
        failure.trace = trace
    return RunResult(
        status=status,
        exit_code=code,
        failure=failure,
        smoke=smoke,
        duration_s=outcome.duration_s,
        build=build,
        trace=trace,
    )


def _from_stderr(stderr: str) -> Failure | None:
    """The last traceback in the captured stderr (when the boot hook could not report)."""
    try:
        from gptfix.tracebacks import parse_log
    except ImportError:
        return None
    failures = parse_log(stderr)
    return failures[-1] if failures else None


def _map_paths(failure: Failure, rewrite: Callable[[str], str]) -> None:
    failure.message = rewrite(failure.message)
    for frame in [*failure.frames, *(f for c in failure.causes for f in c.frames)]:
        frame.file = rewrite(frame.file)
        if frame.local_path:
            frame.local_path = rewrite(frame.local_path)
    for cause in failure.causes:
        cause.message = rewrite(cause.message)
    if failure.location is not None:
        failure.location.path = rewrite(failure.location.path)
    where = failure.facts.get("frame")
    if isinstance(where, dict) and isinstance(where.get("file"), str):
        where["file"] = rewrite(where["file"])
    for section in failure.facts.values():  # the message's frame lists (graph op, traced fn)
        frames = section.get("frames") if isinstance(section, dict) else None
        for frame in frames if isinstance(frames, list) else []:
            for key in ("file", "local_path"):
                if isinstance(frame, dict) and isinstance(frame.get(key), str):
                    frame[key] = rewrite(frame[key])


def locate_failure(failure: Failure, script: Path) -> Failure:
    """Map frames onto local files (the traceback locator when available)."""
    try:
        from gptfix.tracebacks import locate
    except ImportError:
        return _locate_minimal(failure, script)
    return locate(failure, script)


def _locate_minimal(failure: Failure, script: Path) -> Failure:
    """Frames in the script's folder (not site-packages) are the user's; point at the last."""
    folder = str(script.parent)
    for frame in failure.frames:
        path = os.path.abspath(os.path.join(folder, frame.file))
        inside = path.startswith(folder + os.sep) and "site-packages" not in path
        if inside and os.path.isfile(path):
            frame.is_user = True
            frame.local_path = path
    user = failure.user_frames
    if user:
        last = user[-1]
        failure.location = Location(
            path=last.local_path or last.file,
            line=last.line,
            column=last.column or 1,
            end_line=last.line if last.end_column else None,
            end_column=last.end_column,
        )
    return failure
