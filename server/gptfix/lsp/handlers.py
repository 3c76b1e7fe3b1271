"""The editor commands, once for both language servers.

Each handler takes a :class:`Host` (what a language server offers: its documents,
settings, findings, applyEdit), the arguments checked by
:func:`gptfix.service.table.parse`, and a :class:`Work` (cancel event, progress); it
calls the service operation named in the command table and returns the JSON the
client gets. ``gptfix lsp`` (:mod:`gptfix.lsp.commands`) and the pylsp plugin
(:mod:`gptfix.lsp.pylsp_shell`) each implement :class:`Host` and run these handlers
in a worker thread, so both answer every command the same way.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from gptfix.errors import GptfixError
from gptfix.lsp.state import Finding
from gptfix.lsp.tracking import follow_failure
from gptfix.model import Failure, Fix, RunResult, Script
from gptfix.notebook.positions import where
from gptfix.notebook.program import Program
from gptfix.service import ops, recipe_ops
from gptfix.settings import Settings


@dataclass
class Doc:
    """An editor document as a handler sees it."""

    uri: str
    path: Path
    text: str
    version: int | None
    is_open: bool
    #: the notebook's program when ``text`` is one (a notebook or cell URI), else None
    program: Program | None = None

    def script(self) -> Script:
        return Script(path=self.path, text=self.text, version=self.version)

    def unsaved_text(self) -> str | None:
        """The buffer's text when it differs from the file on disk (runs use it), else None."""
        if not self.is_open:
            return None
        try:
            on_disk = self.path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            return self.text
        return None if on_disk == self.text else self.text


@dataclass
class Work:
    """A running command's cancel event and progress callbacks (callable from any thread)."""

    cancel: threading.Event = field(default_factory=threading.Event)
    report: Callable[[str], None] = lambda _line: None
    on_output: Callable[[str, str], None] | None = None


class Host(Protocol):
    """What a language server gives the handlers; every method is called from a worker."""

    api_key: str | None

    def document(self, uri: str) -> Doc:
        """The document (open buffer, else the file); GptfixError when there is none."""

    def settings_for(self, path: Path | None) -> Settings: ...

    def show_failure(self, doc: Doc, failure: Failure, result: RunResult | None) -> Finding | None:
        """Record the failure as the document's finding, publish it, start its fixes."""

    def clear(self, uri: str) -> None:
        """Drop the document's findings and publish that."""

    def findings(self, uri: str) -> list[Finding]: ...

    def apply(self, uri: str, base: str, fix: Fix, confirm: str | None) -> dict[str, Any]:
        """Send ``fix`` (made against text ``base``) through workspace/applyEdit."""


class HostBase:
    """What both hosts share: the session's API key lives on ``state`` (never logged)."""

    state: Any  #: an object with an ``api_key`` attribute (the server, the workspace state)

    @property
    def api_key(self) -> str | None:
        key: str | None = self.state.api_key
        return key

    @api_key.setter
    def api_key(self, value: str | None) -> None:
        self.state.api_key = value


Handler = Callable[[Host, dict[str, Any], Work], Any]


def _finding(host: Host, uri: str, diag: dict[str, Any] | None) -> Finding:
    """The finding a diagnostic stands for (by its data key); the first one without a key."""
    data = diag.get("data") if diag else None
    key = data.get("key") if isinstance(data, dict) else None
    current = host.findings(uri)
    if key is not None:
        found = next((f for f in current if f.key == str(key)), None)
        if found is not None:
            return found
    elif current:
        return current[0]
    raise GptfixError("no gptfix diagnostic for that; run the script or load a log first")


def _failure_now(finding: Finding, doc: Doc) -> Failure:
    """The finding's failure on the document's lines now: a notebook's cells may have
    been edited since the run (GptfixError when the failing line is gone)."""
    if finding.program is None or doc.program is None:
        return finding.failure
    return follow_failure(finding.failure, finding.program, doc.text, doc.path)


def run(host: Host, args: dict[str, Any], work: Work) -> Any:
    doc = host.document(args["uri"])
    settings = host.settings_for(doc.path)
    result = ops.run(
        doc.path,
        settings,
        smoke=bool(args["options"].get("smoke", False)),
        text=doc.unsaved_text(),
        on_output=work.on_output,
        cancel=work.cancel,
    )
    return _shown(host, doc, result)


def _shown(host: Host, doc: Doc, result: RunResult) -> Any:
    """Publish a run's failure on the document (or clear its findings); the run's JSON,
    its failure located in the buffer when the document is open."""
    if result.failure is None:
        host.clear(doc.uri)
        return result.to_json()
    finding = host.show_failure(doc, result.failure, result)
    if finding is not None:
        result.failure = finding.failure
    return result.to_json()


def load_log(host: Host, args: dict[str, Any], work: Work) -> Any:
    doc = host.document(args["uri"])
    options = args["options"]
    log_path = options.get("path")
    failure = ops.load_log(
        doc.path,
        text=options.get("text"),
        log_path=Path(log_path) if isinstance(log_path, str) else None,
    )
    finding = host.show_failure(doc, failure, None)
    return {"failure": (finding.failure if finding else failure).to_json(), "shown": bool(finding)}


def fix_with_ai(host: Host, args: dict[str, Any], work: Work) -> Any:
    doc = host.document(args["uri"])
    finding = _finding(host, doc.uri, args["diagnostic"])
    settings = host.settings_for(doc.path)
    outcome = ops.fix_with_ai(
        doc.script(),
        _failure_now(finding, doc),
        settings,
        api_key=host.api_key,
        cancel=work.cancel,
        progress=work.report,
    )
    if work.cancel.is_set():
        return {"applied": False, "reason": "cancelled"}
    if outcome.chosen is None:
        return {
            "applied": False,
            "reason": outcome.reason,
            "fixes": [f.to_json() for f in outcome.fixes],
        }
    chosen = outcome.chosen
    out = host.apply(doc.uri, doc.text, chosen, f"gptfix AI fix: {chosen.title}")
    out["fix"] = chosen.to_json()
    return out


def show_context(host: Host, args: dict[str, Any], work: Work) -> Any:
    doc = host.document(args["uri"])
    finding = _finding(host, doc.uri, args["diagnostic"])
    ctx = ops.show_context(doc.script(), _failure_now(finding, doc), host.settings_for(doc.path))
    return ctx.to_json()


def list_recipes(host: Host, args: dict[str, Any], work: Work) -> Any:
    doc = host.document(args["uri"])
    entries = [entry.to_json() for entry in recipe_ops.list_recipes(doc.text, str(doc.path))]
    if doc.program is not None:  # a notebook: where each acts, as cells and cell lines
        name = where(doc.program)
        for entry in entries:
            entry["cells"] = [
                place.cell.to_json(place.line)
                for place in map(doc.program.place, entry["lines"])
                if place is not None
            ]
            entry["where"] = f"{', '.join(map(name, entry['lines']))}: {entry['why']}"
    return entries


def apply_recipe(host: Host, args: dict[str, Any], work: Work) -> Any:
    doc = host.document(args["uri"])
    outcome = recipe_ops.apply_recipe(
        doc.script(),
        args["recipe"],
        args["options"],
        host.settings_for(doc.path),
        cancel=work.cancel,
        progress=work.report,
    )
    fix = outcome.fix
    if not outcome.verified:
        reason = fix.verification.reason if fix.verification else "not verified"
        return {"applied": False, "reason": reason, "fix": fix.to_json()}
    out = host.apply(doc.uri, doc.text, fix, None)
    out["fix"] = fix.to_json()
    if outcome.forecast:
        out["forecast"] = outcome.forecast
    return out


def fix_loop(host: Host, args: dict[str, Any], work: Work) -> Any:
    doc = host.document(args["uri"])
    if doc.unsaved_text() is not None:
        raise GptfixError(f"{doc.path.name} has unsaved changes; save it before the fix loop")

    def on_event(name: str, data: dict[str, Any]) -> None:
        fix, failure = data.get("fix"), data.get("failure")
        what = fix.title if isinstance(fix, Fix) else getattr(failure, "type", "")
        work.report(f"{name}: {what}" if what else name)

    outcome = ops.fix_loop(
        doc.path,
        host.settings_for(doc.path),
        api_key=host.api_key,
        max_rounds=args["options"].get("maxRounds"),
        on_event=on_event,
        cancel=work.cancel,
        version=doc.version,
        progress=work.report,
    )
    edit = outcome.edit
    if doc.is_open and edit is not None:  # the file was written: bring the buffer along
        host.apply(doc.uri, outcome.before, edit, None)
    return _shown(host, host.document(doc.uri) if doc.is_open else doc, outcome.result)


def ask(host: Host, args: dict[str, Any], work: Work) -> Any:
    doc = host.document(args["uri"])
    options = args["options"]
    request = options.get("request")
    if not isinstance(request, str):
        raise GptfixError('the change request is empty: pass {"request": "what to change"}')
    settings = host.settings_for(doc.path)
    result = ops.ask(
        doc.script(),
        request,
        settings,
        api_key=host.api_key,
        line=options.get("line"),
        end_line=options.get("endLine"),
        gpu_mem_gb=options.get("gpuMem"),
        max_rounds=options.get("maxRounds") or 2,
        cancel=work.cancel,
        progress=work.report,
    )
    out: dict[str, Any] = result.to_json()
    out["applied"] = False
    change = result.change
    if change is None:
        out["reason"] = result.reason
        return out
    applied = host.apply(doc.uri, doc.text, change, f"gptfix AI change: {change.title}")
    out["applied"] = applied["applied"]
    if not applied["applied"]:
        out["reason"] = applied.get("reason") or "the editor did not apply the change"
    return out


#: editor command id -> handler (``gptfix.setApiKey`` is each server's own state)
HANDLERS: dict[str, Handler] = {
    "gptfix.run": run,
    "gptfix.loadLog": load_log,
    "gptfix.fixLoop": fix_loop,
    "gptfix.applyRecipe": apply_recipe,
    "gptfix.listRecipes": list_recipes,
    "gptfix.fixWithAI": fix_with_ai,
    "gptfix.showContext": show_context,
    "gptfix.ask": ask,
}


def set_api_key(host: Host, args: dict[str, Any]) -> dict[str, Any]:
    host.api_key = args["key"] or None
    return {"ok": True, "configured": bool(host.api_key)}
