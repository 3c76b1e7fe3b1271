"""jedi on one worker thread, under a deadline, with its state kept per script version.

Bridges the callers of :mod:`gptfix.index.infer` (which must answer within a deadline and
never block the process from exiting) and jedi (slow, not thread-safe, no way to cancel a
query). Every jedi call runs on one daemon thread, in order. A caller waits on its job for
at most its deadline; when it gives up, the job is told to stop after the query in flight,
and that query is cut short by exhausting jedi's function-execution budget. jedi's state
(a ``jedi.Script``, which holds what it has inferred so far) is kept per (interpreter, script
path, text hash) for the last few texts, and the interpreter's environment per interpreter.
"""

from __future__ import annotations

import hashlib
import logging
import queue
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

MAX_SESSIONS = 4  #: script versions whose jedi state and answers are kept


def digest(text: str) -> str:
    """A short stable key for a text."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


class _Worker:
    """One daemon thread that runs every jedi call, in order (daemon: never blocks exit)."""

    def __init__(self) -> None:
        self._jobs: queue.SimpleQueue[Callable[[], None]] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def submit(self, job: Callable[[], None]) -> None:
        with self._lock:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._loop, name="gptfix-infer", daemon=True)
                self._thread.start()
        self._jobs.put(job)

    def _loop(self) -> None:
        while True:
            job = self._jobs.get()
            try:
                job()
            except Exception:  # a job never takes the worker down
                log.debug("inference job failed", exc_info=True)


_WORKER = _Worker()


@dataclass
class Session:
    """jedi's state for one version of one script, and the answers found so far."""

    script: Any  #: jedi.Script
    types: dict[tuple[str, int, int], Any] = field(default_factory=dict)  #: answers so far
    slow: set[tuple[str, int, int]] = field(default_factory=set)  #: cut short before: try last


_SESSIONS: OrderedDict[tuple[str, str, str], Session] = OrderedDict()
_ENVIRONMENTS: dict[str, Any] = {}


@dataclass
class Job:
    """One request: what the caller waits on, and how it tells the worker to stop."""

    done: threading.Event = field(default_factory=threading.Event)
    cancel: threading.Event = field(default_factory=threading.Event)
    session: Session | None = None
    result: Any = None

    def stop(self) -> None:
        """Ask the worker to stop; cut the jedi query in flight short."""
        self.cancel.set()
        if self.session is not None:
            exhaust(self.session.script)


def exhaust(script: Any) -> None:
    """Make jedi's running query give up: it refuses to execute more functions once its
    execution counter reaches the limit (the counter is reset at every new query)."""
    try:
        from jedi.inference import recursion

        state = script._inference_state
        state.execution_recursion_detector._execution_count = (
            recursion.total_function_execution_limit
        )
    except Exception:  # an internal of jedi that moved: the query then just runs out
        log.debug("could not cut a jedi query short", exc_info=True)


def run(work: Callable[[Job], Any], deadline: float) -> tuple[Job, bool]:
    """Run ``work`` on the worker; wait at most ``deadline`` seconds. (job, finished)."""
    job = Job()

    def body() -> None:
        try:
            if not job.cancel.is_set():
                job.result = work(job)
        except Exception:
            log.debug("jedi failed", exc_info=True)
        finally:
            job.done.set()

    _WORKER.submit(body)
    finished = job.done.wait(max(deadline, 0.0))
    if not finished:
        job.stop()
        log.debug("inference gave up after %.2f s", deadline)
    return job, finished


# -- jedi state ------------------------------------------------------------------------


def _environment(python: str) -> Any:
    """jedi's view of an interpreter (a venv folder or an executable); cached."""
    env = _ENVIRONMENTS.get(python)
    if env is None:
        import jedi

        env = jedi.create_environment(python, safe=False)
        _ENVIRONMENTS[python] = env
    return env


def session_for(text: str, path: Path | None, python: str) -> Session:
    """The jedi state for this text (created on the worker thread, on first use)."""
    key = (python, str(path or ""), digest(text))
    found = _SESSIONS.get(key)
    if found is not None:
        _SESSIONS.move_to_end(key)
        return found
    import jedi

    env = _environment(python)
    project = jedi.Project(path.parent) if path is not None else None
    script = jedi.Script(text, path=path, environment=env, project=project)
    session = Session(script)
    _SESSIONS[key] = session
    while len(_SESSIONS) > MAX_SESSIONS:
        _SESSIONS.popitem(last=False)
    return session


__all__ = ["Job", "Session", "digest", "exhaust", "run", "session_for"]
