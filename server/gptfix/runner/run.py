"""``run_script``: run a training script in the user's interpreter and locate its failure.

Bridges the process runner, the boot hook's report and the traceback locator into one
:class:`~gptfix.model.RunResult`: normal, smoke (training capped) or build (stop at
the first training call with a model summary) runs; ``text=`` runs a patched version
in a sandboxed temporary working copy and maps every path back to the script.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from gptfix.errors import EXIT_READ_ONLY, EXIT_TIMEOUT, EXIT_USAGE, GptfixError
from gptfix.model import Failure, RunResult, RunStatus
from gptfix.runner import cleanup
from gptfix.runner.hook import MODES, Report, boot_env, read_report
from gptfix.runner.inputs import check_script, resolve_python
from gptfix.runner.process import OnOutput, Outcome, run_process
from gptfix.runner.sandbox import Sandbox, prepare
from gptfix.runner.worker import run_warm
from gptfix.tracebacks import locate, parse_log
from gptfix.tracebacks.rootcause import root_cause
from gptfix.values import ValueTrace

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
    warm: bool = False,
) -> RunResult:
    """Run ``script`` (or ``text`` in its place) in ``python``; return the located result.

    The working directory is the script's folder; ``args`` follow the script name.
    ``on_output(stream, text)`` gets the script's output live, from reader threads.
    A run past ``timeout`` seconds is killed with its whole process group and reported
    as status "timeout", exit code 124; a set ``cancel`` event stops it the same way
    (status "failed", exit code 130). ``env`` replaces the inherited environment.

    ``text`` (code gptfix did not read from the file: a fix, an answer, an unsaved
    buffer) runs in a sandbox (:mod:`gptfix.runner.sandbox`): a temporary working copy
    of the script's folder, credentials removed from the environment, no network and
    the folder read-only where the OS allows; ``RunResult.sandbox`` says what applied.
    With ``warm`` (long-lived callers: the verifier, the fix loop, the editor), smoke and
    build runs are forked from the warm worker (:mod:`gptfix.runner.worker`) once it is
    ready; until then, or where forking is not safe, the interpreter starts cold.
    """
    if mode not in MODES:
        raise GptfixError(f"unknown run mode {mode!r} (one of {', '.join(MODES)})", EXIT_USAGE)
    if Path(script).suffix.lower() == ".ipynb":  # a notebook runs as its cells' program
        from gptfix.notebook.program import runnable_text
        from gptfix.notebook.read import read_notebook

        notebook, _ = read_notebook(script)
        path, text = notebook.path, runnable_text(notebook.program.text if text is None else text)
    else:
        path = check_script(script)
    interpreter = resolve_python(python)
    folder = path.parent
    target, cwd, user_dir = path, folder, folder
    box: Sandbox | None = None
    base_env: Mapping[str, str] = os.environ if env is None else env
    if text is not None:
        try:
            box = prepare(path, text)
        except OSError as exc:
            raise GptfixError(
                f"cannot make a temporary working copy of the script ({exc.strerror})",
                EXIT_READ_ONLY,
            ) from None
        target, cwd, user_dir = box.script, box.root, box.root
        base_env = box.env(base_env)
    rewrite = _rewriter(box.root, folder) if box is not None else None
    try:
        work = cleanup.temp_folder("gptfix-run-")
    except OSError as exc:
        if box is not None:
            box.cleanup()
        raise GptfixError(f"cannot make a temporary folder ({exc})", EXIT_READ_ONLY) from None
    try:
        child_env = boot_env(
            base_env,
            report=work / "report.json",
            mode=mode,
            smoke_steps=max(1, int(smoke_steps)),
            eager=eager,
            user_dir=user_dir,
        )
        argv = [str(target), *args]
        outcome = None
        source = text if text is not None else path.read_text(encoding="utf-8-sig")
        if warm and mode != "normal" and not sets_env_before_imports(source):
            outcome = run_warm(
                interpreter,
                argv,
                cwd=str(cwd),
                env=child_env,
                timeout=timeout,
                on_output=on_output,
                cancel=cancel,
                rewrite=rewrite,
            )
        used_worker = outcome is not None
        if outcome is None:
            outcome = run_process(
                [interpreter, *argv],
                cwd=str(cwd),
                env=child_env,
                timeout=timeout,
                on_output=on_output,
                cancel=cancel,
                rewrite=rewrite,
            )
        # located while the working copy still exists, so frames match its lines
        result = _result(outcome, read_report(work / "report.json"), target, mode, rewrite)
        result.warm = used_worker
        if box is not None:
            result.sandbox = box.applied()
        return result
    finally:
        if box is not None:
            box.cleanup()
        cleanup.remove(work)
        cleanup.untrack_folder(work)


#: the first import of a library the warm worker has imported already
_HEAVY_IMPORT = re.compile(r"^\s*(?:import|from)\s+(?:tensorflow|keras|tf_keras)\b", re.M)
#: the script changing its environment (``os.environ[...] = ``, ``putenv``, ``setdefault``)
_SETS_ENV = re.compile(r"environ\s*\[[^\]]+\]\s*=(?!=)|environ\.(?:setdefault|update)\(|putenv\(")


def sets_env_before_imports(source: str) -> bool:
    """Whether the script sets environment variables before importing TensorFlow/Keras.

    Such settings (``KERAS_BACKEND``, ``TF_*``) are read at import; in a child forked
    from the warm worker the import has already happened, so such a script starts cold.
    """
    first = _HEAVY_IMPORT.search(source)
    head = source[: first.start()] if first else source
    return bool(_SETS_ENV.search(head))


def _rewriter(temp: Path, real: Path) -> Callable[[str], str]:
    """Maps the working copy's folder back onto the script's folder in any text."""
    pairs = [(str(temp) + os.sep, str(real) + os.sep), (str(temp), str(real))]

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
        failure = locate(failure, script)
        if rep is not None and rep.trace is not None:  # what the run's values show
            _trace_root_cause(failure, script, rep.trace)
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


def _trace_root_cause(failure: Failure, script: Path, trace: ValueTrace) -> None:
    """Name the root cause again with the value trace of the run (the located failure had
    only the program model's evidence)."""
    loc = failure.location
    if loc is None or Path(loc.path).resolve() != Path(script).resolve():
        return
    try:
        text = Path(script).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return
    found = root_cause(failure, text, script, trace)
    if found is not None:
        failure.root_cause = found


def _from_stderr(stderr: str) -> Failure | None:
    """The last traceback in the captured stderr (when the boot hook could not report)."""
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
    if failure.root_cause is not None:
        for place in (failure.root_cause.location, *failure.root_cause.also):
            place.path = rewrite(place.path)
    where = failure.facts.get("frame")
    if isinstance(where, dict) and isinstance(where.get("file"), str):
        where["file"] = rewrite(where["file"])
    for section in failure.facts.values():  # the message's frame lists (graph op, traced fn)
        frames = section.get("frames") if isinstance(section, dict) else None
        for frame in frames if isinstance(frames, list) else []:
            for key in ("file", "local_path"):
                if isinstance(frame, dict) and isinstance(frame.get(key), str):
                    frame[key] = rewrite(frame[key])
