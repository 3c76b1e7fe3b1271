"""The pylsp plugin's side of gptfix: per-workspace state and its :class:`~gptfix.lsp.handlers.Host`.

Bridges pylsp's workspace/document objects (duck-typed: ``source``, ``uri``,
``version``, ``apply_edit``, ``report_progress``) and the shared command handlers
(:mod:`gptfix.lsp.handlers`) and code actions (:mod:`gptfix.lsp.actions`) that
``gptfix lsp`` uses too. Imported only by :mod:`gptfix.pylsp_plugin`; does not import
pylsp itself. State is kept per pylsp workspace object in a weak mapping.
"""

from __future__ import annotations

import logging
import threading
import weakref
from pathlib import Path
from typing import Any

from lsprotocol import types
from lsprotocol.converters import get_converter
from pygls.workspace.position_codec import PositionCodec

from gptfix.errors import GptfixError
from gptfix.lsp import actions, findings, handlers, pylsp_compat
from gptfix.lsp import settings as lsp_settings
from gptfix.lsp.commands import read_script
from gptfix.lsp.handlers import Doc, HostBase, Work
from gptfix.lsp.state import Finding, Store
from gptfix.model import Failure, Fix, RunResult
from gptfix.notebook.editor import is_cell_uri, notebook_path
from gptfix.service import ops, table
from gptfix.settings import Settings

log = logging.getLogger(__name__)

_CONVERTER = get_converter()
CODEC = PositionCodec(types.PositionEncodingKind.Utf16)  # pylsp does not negotiate
#: seconds a command waits for the client to answer workspace/applyEdit
APPLY_TIMEOUT_S = 300
#: seconds shutdown waits for cancelled work to end
SHUTDOWN_WAIT_S = 10.0


class PluginState:
    """gptfix's state for one pylsp workspace: findings, the API key, commands running."""

    def __init__(self) -> None:
        self.store = Store()
        self.api_key: str | None = None
        self.running: set[threading.Event] = set()  #: cancel events of commands running
        self.threads: set[threading.Thread] = set()  #: background verifications
        self.lock = threading.Lock()
        self.idle = threading.Condition(self.lock)
        #: uri -> the pylsp document whose text was indexed (pylsp tells plugins of no
        #: close: a document gone from the workspace, or replaced by a reopened one, is
        #: how a close shows, at the next lint or code action)
        self.indexed: dict[str, Any] = {}

    def index(self, workspace: Any, document: Any) -> Any:
        """The document's index (:func:`ops.document_index`: the last good one while it
        does not parse); first forgets those of documents closed since."""
        self.forget_closed(workspace)
        with self.lock:
            self.indexed[document.uri] = document
        return ops.document_index(document.source, document.path)

    def forget_closed(self, workspace: Any) -> None:
        """Drop the shared cache's index of each document the workspace no longer holds."""
        docs = getattr(workspace, "documents", {})
        with self.lock:
            gone = [(u, d) for u, d in self.indexed.items() if docs.get(u) is not d]
            for uri, _ in gone:
                del self.indexed[uri]
        for _, doc in gone:
            ops.forget_document(doc.path)

    def stop(self, wait_s: float = SHUTDOWN_WAIT_S) -> None:
        """Stop every command and verification, and wait until they ended (their scripts
        killed, patched copies removed): pylsp's exit does not wait for its threads."""
        for uri in list(self.store.docs):
            self.store.forget(uri)
        with self.lock:
            for cancel in list(self.running):
                cancel.set()
            threads = list(self.threads)
            self.idle.wait_for(lambda: not self.running, timeout=wait_s)
        for thread in threads:
            thread.join(timeout=wait_s)

    def start(self, target: Any, *args: Any) -> None:
        """Run ``target(*args)`` in a tracked daemon thread."""

        def run() -> None:
            try:
                target(*args)
            finally:
                with self.lock:
                    self.threads.discard(thread)

        thread = threading.Thread(target=run, daemon=True, name="gptfix-verify")
        with self.lock:
            self.threads.add(thread)
        thread.start()


_STATES: weakref.WeakKeyDictionary[Any, PluginState] = weakref.WeakKeyDictionary()


def state_of(workspace: Any) -> PluginState:
    state = _STATES.get(workspace)
    if state is None:
        state = _STATES[workspace] = PluginState()
    return state


def plain(obj: Any) -> Any:
    return _CONVERTER.unstructure(obj)


def settings_for(config: Any, path: Path | None) -> Settings:
    options = dict(config.plugin_settings("gptfix") or {})
    options.pop("enabled", None)
    settings, note = lsp_settings.from_options(options, path.parent if path else None)
    if note:
        log.warning("gptfix: %s", note)
    return settings


def capabilities(config: Any) -> types.ClientCapabilities:
    return _CONVERTER.structure(config.capabilities or {}, types.ClientCapabilities)


def lint(workspace: Any, document: Any) -> list[dict[str, Any]]:
    """The run/log findings of this document, moved along with the user's edits."""
    state = state_of(workspace)
    state.forget_closed(workspace)
    with state.store.lock:
        kept, _ = findings.follow(list(state.store.doc(document.uri).findings), document.source)
        state.store.replace(document.uri, kept)
    return [plain(f.diagnostic) for f in kept if f.diagnostic is not None]


def listing(config: Any, workspace: Any, document: Any) -> actions.Listing:
    path = findings.script_path(document.uri)
    return actions.Listing(
        uri=document.uri,
        text=document.source,
        version=document.version,
        codec=CODEC,
        caps=capabilities(config),
        settings=settings_for(config, path),
        api_key=state_of(workspace).api_key,
        server_resolves=False,
    )


class PylspHost(HostBase):
    """The handlers' view of a pylsp workspace (called from the commands' threads)."""

    def __init__(self, config: Any, workspace: Any) -> None:
        self.config = config
        self.workspace = workspace
        self.state = state_of(workspace)

    def document(self, uri: str) -> Doc:
        if notebook_path(uri) is not None and is_cell_uri(uri):  # pylsp has no notebook sync here
            raise GptfixError(
                f"{uri}: a notebook cell; gptfix works on notebooks in `gptfix lsp` "
                "(LSP notebook sync) and in the CLI"
            )
        path = findings.script_path(uri)
        if path is None:
            raise GptfixError(f"{uri}: not a file on this machine")
        if uri in self.workspace.documents:
            doc = self.workspace.get_document(uri)
            return Doc(uri, path, doc.source, doc.version, True)
        if not path.is_file():
            raise GptfixError(f"{path}: no such script")
        return Doc(uri, path, read_script(path), None, False)

    def settings_for(self, path: Path | None) -> Settings:
        return settings_for(self.config, path)

    def show_failure(self, doc: Doc, failure: Failure, result: RunResult | None) -> Finding | None:
        if not doc.is_open:
            return None
        settings = self.settings_for(doc.path)
        finding = findings.build_finding(doc.uri, doc.text, doc.version, failure, CODEC, result)
        if finding is not None:
            findings.list_candidates(finding, settings)  # listed as "verifying…" at once
        self.state.store.replace(doc.uri, [finding] if finding else [])
        self.relint(doc.uri)
        if finding is not None and finding.fixes:
            self.state.start(self._verify, finding, settings)
        return finding

    def _verify(self, finding: Finding, settings: Settings) -> None:
        title = f"gptfix: verifying fixes for {finding.failure.type}"
        with self.workspace.report_progress(title) as progress:
            findings.verify_fixes(
                finding,
                settings,
                progress=lambda line: progress(line[:200]),
                on_change=lambda f: self.refresh(f),
            )

    def refresh(self, finding: Finding) -> None:
        """Re-publish the diagnostic: the client asks for code actions again."""
        with self.state.store.lock:
            if finding not in self.state.store.doc(finding.uri).findings:
                return
        findings.note_fix_state(finding)
        self.relint(finding.uri)

    def relint(self, uri: str) -> None:
        if uri not in self.workspace.documents:
            return
        document = self.workspace.get_document(uri)
        pylsp_compat.relint(self.workspace, uri, document.version, lint(self.workspace, document))

    def clear(self, uri: str) -> None:
        self.state.store.replace(uri, [])
        self.relint(uri)

    def findings(self, uri: str) -> list[Finding]:
        with self.state.store.lock:
            return list(self.state.store.doc(uri).findings)

    def apply(self, uri: str, base: str, fix: Fix, confirm: str | None) -> dict[str, Any]:
        if uri not in self.workspace.documents:
            return {"applied": False, "reason": "the document is not open"}
        now = listing(self.config, self.workspace, self.workspace.get_document(uri))
        edit = now.edit(base, fix, confirm)
        if edit is None:
            return {"applied": False, "reason": "the document changed where the fix applies"}
        reply = self.workspace.apply_edit(plain(edit)).result(timeout=APPLY_TIMEOUT_S) or {}
        return {"applied": bool(reply.get("applied")), "reason": reply.get("failureReason")}


def execute(
    config: Any, workspace: Any, command: str, args: list[Any], cancel: threading.Event
) -> Any:
    """Run editor command ``command`` (blocking; in its own thread, see
    :func:`gptfix.lsp.pylsp_compat.cancellable`); ``cancel`` stops it."""
    host = PylspHost(config, workspace)
    parsed = table.parse(command, args)
    handler = handlers.HANDLERS.get(command)
    if handler is None:  # gptfix.setApiKey: this workspace's own state
        return handlers.set_api_key(host, parsed)
    with host.state.lock:
        host.state.running.add(cancel)
    uri = parsed.get("uri")
    path = findings.script_path(uri) if isinstance(uri, str) else None
    name = table.BY_ID[command].name.replace("_", " ")
    title = f"gptfix {name}: {path.name}" if path else f"gptfix {name}"
    try:
        with workspace.report_progress(title) as progress:
            work = Work(
                cancel=cancel,
                report=lambda line: progress(line.strip()[:200]),
                on_output=lambda _stream, line: progress(line.strip()[:200]),
            )
            return handler(host, parsed, work)
    finally:
        with host.state.lock:
            host.state.running.discard(cancel)
            host.state.idle.notify_all()
