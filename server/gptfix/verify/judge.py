"""The verifier's judgements: names the change breaks, whether two failures are one, and why a run failed.

Bridges the verifier's stages and the facts they decide on, as pure functions: the
names check (:mod:`gptfix.names`, plus names nothing binds), the "same failure" test
(type and first message line, numbers aside), and the one-line reason a build or smoke
run gives for not verifying.
"""

from __future__ import annotations

import ast
import builtins
import re

from gptfix.model import Failure, RunResult, RunStatus
from gptfix.names import check
from gptfix.tracebacks.facts import keras_call, user_code


def never_bound(text: str) -> set[str]:
    """Names the text reads that nothing anywhere in it binds (scopes and order aside) and
    that are not builtins: the backstop behind the names check."""
    from gptfix.repair.rules.names import bound_names  # gptfix.repair imports this package

    try:
        tree = ast.parse(text)
    except SyntaxError:
        return set()
    bound = set(bound_names(tree)) | set(dir(builtins)) | {"__file__", "__name__", "__doc__"}
    return {
        n.id
        for n in ast.walk(tree)
        if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load) and n.id not in bound
    }


def names_problems(original: str, changed: str) -> list[str]:
    """What the change breaks in names: names it reads that nothing binds, removed ones."""
    try:
        report = check(original, changed)
    except Exception:  # noqa: BLE001 - the names check must not block a change it cannot read
        report = None
    problems = [] if report is None or report.ok else list(report.problems)
    new = never_bound(changed) - never_bound(original)
    if new and not problems:
        problems.append(f"uses undefined name(s): {', '.join(sorted(new))}")
    return problems


def _first_line(message: str) -> str:
    first = message.strip().splitlines()[0] if message.strip() else ""
    return re.sub(r"\d+", "#", re.sub(r"\x1b\[[0-9;]*m", "", first))


def same_failure(a: Failure, b: Failure) -> bool:
    """Whether two failures are the same problem (type and message, numbers aside)."""
    if a.type.rsplit(".", 1)[-1] != b.type.rsplit(".", 1)[-1]:
        return False
    if _first_line(a.message) == _first_line(b.message):
        return True
    la, lb = a.location, b.location
    return bool(
        la
        and lb
        and la.line == lb.line
        and _first_line(a.message)[:40] == _first_line(b.message)[:40]
    )


def run_problem(result: RunResult, original: Failure | None, stage: str) -> str | None:
    """None when the run passed, else one line saying why the change is not verified."""
    if result.status is RunStatus.SUCCEEDED:
        return None
    if result.status is RunStatus.TIMEOUT:
        return f"the {stage} did not finish in time"
    if result.exit_code == 130:
        return f"the {stage} was cancelled"
    new = result.failure
    if new is None:
        return f"the {stage} exited with code {result.exit_code}"
    where = f" at line {new.location.line}" if new.location else ""
    lines = [line.strip() for line in new.message.splitlines() if line.strip()]
    if original is not None and same_failure(new, original):
        first = (lines[:1] or [""])[0][:160]
        return f"the original failure is still there in the {stage}: {new.type}: {first}"
    head = headline(new.message)[:160]
    return f"the {stage} fails with {'a new error' if original else 'an error'}{where}: {new.type}: {head}"


def headline(message: str) -> str:
    """The line of an error message that says what went wrong.

    Keras wraps a layer's error between "Exception encountered when calling ..." and the
    bulleted list of the call's arguments, and TensorFlow puts "in user code:" frames
    before the error: the inner error's first line is the one to show, never an argument
    bullet. A plain message gives its last line (a Python error's own text).
    """
    clean = re.sub(r"\x1b\[[0-9;]*m", "", message)
    for section in (keras_call(clean), user_code(clean)):
        if section is not None:
            inner = [ln.strip() for ln in str(section["error"]).splitlines() if ln.strip()]
            if inner:
                return inner[0]
    lines = [ln.strip() for ln in clean.splitlines() if ln.strip()]
    while len(lines) > 1 and lines[-1].startswith(("\u2022", "- ")):
        lines.pop()  # a trailing list of values
    return (lines[-1:] or [""])[0]


_MISSING_FILE = re.compile(
    r"(?:No such file or directory: |unable to open file: name = |not found: )'?([^',\s]+)'?"
)
_FIELD = re.compile(r"\{([A-Za-z_]\w*)(?::[^{}]*)?\}")


def smoke_artifact(result: RunResult, text: str) -> str | None:
    """Why a smoke run's failure is the smoke cap's doing, or None.

    A smoke run trains one epoch, so a file a callback names by a later epoch
    (``weights.{epoch:02d}.keras`` read back as ``weights.02.keras`` after ``fit``) was
    never written: the script reached the end of training and failed only reading what
    a full run makes.
    """
    new = result.failure
    if new is None or not bool((result.smoke or {}).get("capped")):
        return None
    m = _MISSING_FILE.search(new.message)
    if m is None or not new.type.endswith(("FileNotFoundError", "OSError")):
        return None
    missing = m.group(1).rstrip(".")
    for literal in re.findall(r"(['\"])((?:(?!\1).)*\{epoch[^'\"]*)\1", text):
        template = literal[1]
        pattern = ""
        last = 0
        for f in _FIELD.finditer(template):
            pattern += re.escape(template[last : f.start()])
            pattern += r"\d+" if f.group(1) == "epoch" else r".+?"
            last = f.end()
        pattern += re.escape(template[last:]) + "$"
        if re.search(pattern, missing):
            return (
                f"`{missing}` is a file a full run writes for a later epoch ({template}); "
                "the smoke run trains one epoch"
            )
    return None
