"""The context sent to an LLM for a change request ("add an SE block after the backbone").

Bridges a working script, what a build-mode run measured of it, the user's environment
and the token budget. Unlike a failure's context there is no failing line: the focus is
the request, the code it names (a selection, else the model-building code and the
functions it calls), the shapes the model was built with (inputs, layers, the training
data's element spec), the configuration, compile/fit, the imports and how the script
spells Keras, the installed library versions (so the answer uses layers that exist
here) and the GPU's memory with the current model's forecast (so it fits). Sections are
ranked, trimmed and redacted by the same machinery as a failure's
(:func:`gptfix.llm.context.fill_sections`).
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from typing import Any

from gptfix.index import ScriptIndex, build_index
from gptfix.llm import prompts
from gptfix.llm.budget import TokenCounter, get_counter
from gptfix.llm.context import WHOLE_FILE_SHARE, Context, SectionBuilder, fill_sections
from gptfix.llm.sections import config_lines, imports_code, model_code, numbered
from gptfix.model import Script
from gptfix.redact import redact
from gptfix.repair.memory import GIB, Forecast, find_gpu_memory, forecast
from gptfix.settings import Settings

#: Distributions whose installed version decides which layers and arguments exist.
VERSIONED = (
    "tensorflow",
    "tensorflow-cpu",
    "keras",
    "tf-keras",
    "keras-cv",
    "keras-hub",
    "keras-nlp",
    "tensorflow-hub",
    "torch",
    "jax",
    "numpy",
    "scikit-learn",
    "pandas",
)
_MAX_LAYERS = 40  #: layers of the built model listed (the first and last ones)
_VERSIONS_PROGRAM = (
    "import json, sys\n"
    "from importlib import metadata\n"
    "out = {'python': '.'.join(map(str, sys.version_info[:3]))}\n"
    "for name in json.loads(sys.argv[1]):\n"
    "    try:\n"
    "        out[name] = metadata.version(name)\n"
    "    except Exception:\n"
    "        pass\n"
    "print(json.dumps(out))\n"
)
_VERSIONS: dict[str, dict[str, str]] = {}
_LOCK = threading.Lock()


@dataclass
class ChangeFacts:
    """What is known of the script as it is, before the change."""

    build: dict[str, Any] | None = None  #: the build-mode summary (models, fit), if it built
    build_problem: str | None = None  #: why there is no build summary
    versions: dict[str, str] = field(default_factory=dict)
    gpu_memory_gib: float | None = None
    gpu_source: str | None = None  #: "option" (--gpu-mem / settings) or "nvidia-smi"
    forecast: Forecast | None = None  #: the current model's training memory

    def to_json(self) -> dict[str, Any]:
        return {
            "built": self.build is not None,
            "build_problem": self.build_problem,
            "versions": self.versions,
            "gpu_memory_gib": self.gpu_memory_gib,
            "gpu_source": self.gpu_source,
            "forecast": self.forecast.to_json() if self.forecast else None,
        }


def installed_versions(python: str | None, timeout: float = 30.0) -> dict[str, str]:
    """Versions of :data:`VERSIONED` installed for ``python`` (metadata only: nothing imported)."""
    exe = python or sys.executable
    with _LOCK:
        if exe in _VERSIONS:
            return dict(_VERSIONS[exe])
    try:
        proc = subprocess.run(
            [exe, "-c", _VERSIONS_PROGRAM, json.dumps(VERSIONED)],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        found = json.loads(proc.stdout.strip().splitlines()[-1]) if proc.stdout.strip() else {}
    except (OSError, subprocess.TimeoutExpired, json.JSONDecodeError, IndexError):
        return {}
    out = {str(k): str(v) for k, v in found.items()} if isinstance(found, dict) else {}
    with _LOCK:
        _VERSIONS[exe] = out
    return dict(out)


def gpu_memory(gpu_mem_gb: float | None) -> tuple[float | None, str | None]:
    """The GPU memory to plan for, in GiB, and where it came from."""
    if gpu_mem_gb is not None:
        return gpu_mem_gb, "option"
    found = find_gpu_memory()
    return (found / GIB, "nvidia-smi") if found else (None, None)


def gather_facts(
    script: Script,
    settings: Settings,
    *,
    gpu_mem_gb: float | None = None,
    cancel: threading.Event | None = None,
    build_timeout: float = 300.0,
) -> ChangeFacts:
    """Build the script's model (build mode, never training), probe versions and the GPU."""
    from gptfix.runner import run_script

    facts = ChangeFacts()
    facts.gpu_memory_gib, facts.gpu_source = gpu_memory(gpu_mem_gb)
    facts.versions = installed_versions(settings.interpreter)
    run = run_script(
        script.path,
        python=settings.interpreter,
        mode="build",
        text=script.text,
        timeout=min(settings.run_timeout, build_timeout),
        cancel=cancel,
    )
    if run.build:
        facts.build = run.build
        facts.forecast = forecast(
            run.build,
            gpu_memory_gib=facts.gpu_memory_gib,
            detect_gpu=False,
            index=build_index(script.text, str(script.path)),
        )
    elif run.failure is not None:
        facts.build_problem = f"it does not build: {run.failure.type}"
    else:
        facts.build_problem = "no model was built"
    return facts


def shapes_text(build: dict[str, Any] | None) -> str:
    """The trained model's inputs, outputs and layers, and the training data's spec."""
    if not build:
        return ""
    out: list[str] = []
    fit = build.get("fit") or {}
    x = fit.get("x")
    if isinstance(x, dict):
        what = x.get("element_spec") or x.get("shape") or x.get("repr") or x.get("type")
        out.append(f"- training data ({fit.get('method', 'fit')}): {_short(what, 400)}")
    if fit.get("batch_size"):
        out.append(f"- batch size: {fit['batch_size']} (from {fit.get('batch_size_source')})")
    models = [m for m in build.get("models") or [] if isinstance(m, dict)]
    for i, m in enumerate(models[:3]):
        role = "trained model" if i == 0 and fit else "model"
        out.append(
            f"- {role} `{m.get('name')}` ({m.get('class', 'Model')}): "
            f"{m.get('params', '?')} params, {m.get('trainable_params', '?')} trainable"
        )
        for io in ("inputs", "outputs"):
            for t in m.get(io) or []:
                out.append(f"  - {io[:-1]} `{t.get('name')}`: {t.get('shape')} {t.get('dtype')}")
        if i == 0:
            out.extend(_layer_rows(m.get("layers") or []))
        forward = m.get("forward")
        if isinstance(forward, dict):
            out.append(f"  - called on a batch: {_short(forward, 300)}")
    return redact("\n".join(out)).text


def _layer_rows(layers: list[dict[str, Any]]) -> list[str]:
    rows = [
        f"  | {lay.get('name')} | {lay.get('class')} | {lay.get('output_shape')} | "
        f"{lay.get('params', '')} |"
        for lay in layers
        if isinstance(lay, dict)
    ]
    if len(rows) > _MAX_LAYERS:
        half = _MAX_LAYERS // 2
        rows = (
            rows[:half] + [f"  | ... {len(rows) - 2 * half} more layers ... | | | |"] + rows[-half:]
        )
    return ["  | layer | class | output shape | params |", "  |---|---|---|---|", *rows]


def _short(value: Any, limit: int) -> str:
    text = value if isinstance(value, str) else json.dumps(value, default=str)
    return text if len(text) <= limit else text[:limit] + " ..."


def environment_text(facts: ChangeFacts) -> str:
    out = []
    if facts.versions:
        out.append("- installed: " + ", ".join(f"{k} {v}" for k, v in facts.versions.items()))
    if facts.gpu_memory_gib is not None:
        out.append(f"- GPU memory: {facts.gpu_memory_gib:.1f} GiB")
    else:
        out.append("- GPU: unknown (none found here)")
    fc = facts.forecast
    if fc is not None:
        line = (
            f"- training memory of the current model: {fc.total / GIB:.2f} GiB at batch size "
            f"{fc.batch_size} ({fc.params} params)"
        )
        if fc.max_batch_size is not None:
            line += f"; the largest batch that fits: {fc.max_batch_size}"
        out.append(line)
    if facts.build_problem:
        out.append(f"- the script as it is: {facts.build_problem}")
    return "\n".join(out)


def spelling_text(index: ScriptIndex) -> str:
    """How the script reaches Keras: ``layers.Dense``, ``keras.Model``, ..."""
    rows = []
    for qualified in ("keras.layers.Dense", "keras.Model", "keras.applications", "keras.ops"):
        spelled = index.spell(qualified)
        if spelled and spelled != qualified:
            rows.append(f"- `{qualified}` is written `{spelled}`")
        elif spelled:
            rows.append(f"- `{qualified}` is written as is")
    return "\n".join(rows)


def _top_span(index: ScriptIndex, line: int) -> tuple[int, int] | None:
    """The top-level def/class containing ``line``, if any."""
    scope = index.enclosing_scope(line)
    top = None
    while scope.parent is not None:
        if scope.kind in ("function", "class"):
            top = scope
        scope = index.scopes[scope.parent]
    return (top.line, top.end_line) if top is not None else None


def model_lines(index: ScriptIndex) -> list[int]:
    """Lines of the code that builds the model: whole defs/classes, else the statements."""
    k = index.keras
    starts = [m.line for m in k.models] + [b.line for b in k.backbones] + [s.line for s in k.heads]
    starts += [i.line for i in k.inputs] + [c.line for c in k.concatenations]
    for br in k.branches:
        starts += [s.line for s in br.steps]
    nums: set[int] = set()
    for start in starts:
        span = _top_span(index, start)
        if span is not None:
            nums.update(range(span[0], span[1] + 1))
        else:
            a, b = index.statement_at(start)
            nums.update(range(a, b + 1))
    for m in k.models:  # a subclassed model's class
        if m.cls:
            for cls in index.bindings_of(m.cls):
                span = _def_span(index, cls.name, cls.scope) if cls.kind == "class" else None
                if span is not None:
                    nums.update(range(span[0], span[1] + 1))
    return sorted(nums)


def _def_span(index: ScriptIndex, name: str, parent: int) -> tuple[int, int] | None:
    for scope in index.scopes:
        if scope.kind in ("function", "class") and scope.name == name and scope.parent == parent:
            return scope.line, scope.end_line
    return None


def called_definitions(index: ScriptIndex, nums: list[int]) -> list[int]:
    """Lines of the functions and classes the given lines call (one level)."""
    out: set[int] = set()
    have = set(nums)
    seen: set[int] = set()
    for n in nums:
        first, _last = index.statement_at(n)
        if first in seen:
            continue
        seen.add(first)
        for dep in index.dependencies(n):
            span = _def_span(index, dep.name, dep.scope) if dep.kind in ("def", "class") else None
            if span is not None and span[0] not in have:
                out.update(range(span[0], span[1] + 1))
    return sorted(out - have)


def selection_lines(index: ScriptIndex, line: int, end_line: int | None) -> list[int]:
    """The selected lines; a single line widens to its enclosing top-level def/class."""
    n_lines = len(index.text.split("\n"))
    end = max(line, end_line or line)
    if end == line:
        span = _top_span(index, line)
        if span is not None:
            return list(range(span[0], span[1] + 1))
        a, b = index.statement_at(line)
        return list(range(a, b + 1))
    return list(range(max(1, line), min(end, n_lines) + 1))


def build_change_context(
    script: Script,
    request: str,
    budget: int,
    *,
    facts: ChangeFacts | None = None,
    line: int | None = None,
    end_line: int | None = None,
    feedback: str | None = None,
    counter: TokenCounter | None = None,
    model: str = "gpt-4o-mini",
    whole_file_share: float = WHOLE_FILE_SHARE,
) -> Context:
    """The context for ``request`` on ``script`` within ``budget`` tokens (whole request)."""
    counter = counter or get_counter(model)
    facts = facts or ChangeFacts()
    base = script.path.parent
    red = redact(script.text, base)
    lines = red.text.split("\n")
    index = build_index(red.text, str(script.path))
    whole = counter.count(red.text) <= whole_file_share * budget
    region = model_lines(index)
    focus = line if line is not None else (region[0] if region else None)

    def code(nums: list[int], shown: set[int]) -> tuple[str, list[int]]:
        keep = [n for n in nums if n not in shown and 0 < n <= len(lines)]
        return (numbered(lines, keep), keep) if keep else ("", [])

    def request_text(shown: set[int]) -> tuple[str, list[int]]:
        text = redact(request.strip(), base).text
        if line is not None:
            end = max(line, end_line or line)
            text += f"\n(It is about script line{'s' if end > line else ''} {line}"
            text += f"-{end})" if end > line else ")"
        return text, []

    builders: list[tuple[str, SectionBuilder]] = [("request", request_text)]
    if feedback:
        builders.append(("feedback", lambda shown: (redact(feedback, base).text, [])))
    if whole:
        every = list(range(1, len(lines) + (0 if lines and not lines[-1] else 1)))
        builders.append(("script", lambda shown: code(every, shown)))
    else:
        if line is not None:
            builders.append(
                ("selection", lambda shown: code(selection_lines(index, line, end_line), shown))
            )
        builders.append(
            (
                "model_functions",
                lambda shown: code(sorted(set(region + called_definitions(index, region))), shown),
            )
        )
    builders += [
        ("shapes", lambda shown: (shapes_text(facts.build), [])),
        ("environment", lambda shown: (environment_text(facts), [])),
        ("config", lambda shown: config_lines(index, lines, shown)),
        ("model", lambda shown: model_code(index, lines, shown)),
        ("imports", lambda shown: imports_code(index, lines, shown)),
        ("spelling", lambda shown: (spelling_text(index), [])),
    ]
    ctx = Context(
        [],
        budget,
        counter,
        red.removed,
        system=prompts.CHANGE_SYSTEM,
        instructions=prompts.CHANGE_FORMAT,
    )
    fill_sections(ctx, builders, lines, focus)
    return ctx
