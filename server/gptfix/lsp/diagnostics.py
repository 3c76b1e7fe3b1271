"""Findings as published diagnostics: set after a run or log, moved or cleared as the user edits.

didOpen/didChange/didSave/didClose land here. Changes are debounced per URI; after
the delay the document must still be open, each finding is mapped onto the new text
(kept and moved when its lines are unchanged, dropped when the user edited the
failing region), the script index and recipe matches are rebuilt in a worker (a
syntax error while typing is recorded, never raised), and diagnostics are published
with the document version. A new finding's candidate fixes are listed before it is
published (shown as "verifying…") and verified in the background, most likely first,
with ``$/progress``; the client is told to refresh its code actions as each one's
state changes. Listing code actions never waits.
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING

from lsprotocol import types

from gptfix.edits import parses
from gptfix.lsp import findings
from gptfix.lsp.progress import BackgroundProgress
from gptfix.lsp.state import Finding, FixState
from gptfix.service import ops, recipe_ops
from gptfix.settings import Settings

if TYPE_CHECKING:
    from gptfix.lsp.server import GptfixLanguageServer

log = logging.getLogger(__name__)

#: not in LSP 3.17 nor lsprotocol yet; sent only to clients that announce it
CODE_ACTION_REFRESH = "workspace/codeAction/refresh"
#: seconds between the last keystroke and the update of a document's diagnostics
DEBOUNCE_S = 0.3
#: documents larger than this are not indexed nor matched against recipes
MAX_INDEX_CHARS = 1_000_000


def show_finding(ls: GptfixLanguageServer, uri: str, finding: Finding | None) -> None:
    """Make ``finding`` the document's finding (None: clear), publish it, and start
    listing (when not listed yet) and verifying its candidates in the background. Runs on
    the event loop."""
    ls.store.replace(uri, [finding] if finding else [])
    publish(ls, uri)
    if finding is not None and (finding.fixes or finding.fix_state == FixState.PENDING):
        settings = ls.settings_for(findings.script_path(uri))
        ls.background.submit(_verify_fixes, ls, finding, settings)


def _verify_fixes(ls: GptfixLanguageServer, finding: Finding, settings: Settings) -> None:
    """Worker: verify the finding's fixes with $/progress; refresh the client's actions."""
    progress = BackgroundProgress(ls, f"gptfix: verifying fixes for {finding.failure.type}")
    progress.begin()
    try:
        findings.verify_fixes(
            finding,
            settings,
            progress=progress.report,
            on_change=lambda f: ls.call_soon(refresh_actions, ls, f),
        )
    finally:
        progress.end(findings.fix_summary(finding))
    ls.call_soon(ls.log, findings.fix_summary(finding), types.MessageType.Info)


def refresh_actions(ls: GptfixLanguageServer, finding: Finding) -> None:
    """Tell the client the finding's code actions changed: ``workspace/codeAction/refresh``
    when it announced support for it, else the diagnostic re-published (clients ask for
    code actions again when a diagnostic changes)."""
    with ls.store.lock:
        if finding not in ls.store.doc(finding.uri).findings:
            return  # replaced or closed meanwhile
    if ls.supports_code_action_refresh():
        ls.protocol.send_request(CODE_ACTION_REFRESH, None)
        return
    findings.note_fix_state(finding)
    publish(ls, finding.uri)


def publish(ls: GptfixLanguageServer, uri: str) -> None:
    """Publish the document's findings as they sit in its current text."""
    try:
        doc = ls.workspace.get_text_document(uri)
        version = doc.version
    except Exception:
        version = None
    with ls.store.lock:
        diags = [f.diagnostic for f in ls.store.doc(uri).findings if f.diagnostic is not None]
    ls.text_document_publish_diagnostics(
        types.PublishDiagnosticsParams(uri=uri, diagnostics=diags, version=version)
    )


def follow_edits(ls: GptfixLanguageServer, uri: str) -> None:
    """Move findings whose lines survived the user's edits; drop the others; republish."""
    text = ls.workspace.get_text_document(uri).source
    with ls.store.lock:
        kept, changed = findings.follow(list(ls.store.doc(uri).findings), text)
        ls.store.replace(uri, kept)
    if changed:
        publish(ls, uri)


def schedule(ls: GptfixLanguageServer, uri: str) -> None:
    """Debounce: update ``uri`` once the user has paused typing for :data:`DEBOUNCE_S`."""
    state = ls.store.doc(uri)
    if state.timer is not None:
        state.timer.cancel()
    loop = asyncio.get_running_loop()
    state.timer = loop.call_later(DEBOUNCE_S, _debounced, ls, uri)


def _debounced(ls: GptfixLanguageServer, uri: str) -> None:
    state = ls.store.docs.get(uri)
    if state is None or uri not in ls.workspace.text_documents:
        return  # closed meanwhile
    state.timer = None
    try:
        follow_edits(ls, uri)
    except Exception as exc:
        log.exception("following edits in %s failed", uri)
        ls.log(f"gptfix: could not update diagnostics: {exc}", types.MessageType.Error)
    doc = ls.workspace.get_text_document(uri)
    ls.indexer.submit(reindex, ls, uri, doc.source, doc.version)


def reindex(ls: GptfixLanguageServer, uri: str, text: str, version: int | None) -> None:
    """Worker: rebuild the index and recipe matches for one version of a document."""
    state = ls.store.doc(uri)
    if len(text) > MAX_INDEX_CHARS:
        state.syntax_error = None
        return
    reason = parses(text)
    state.syntax_error = reason
    if reason is not None:
        return  # keep the last index and recipe matches that parsed
    path = findings.script_path(uri)
    try:
        state.index = ops.document_index(text, str(path) if path else None)
    except Exception as exc:
        log.info("index for %s not rebuilt: %s", uri, exc)
    try:
        matches = recipe_ops.recipe_matches(text, str(path) if path else None)
    except Exception as exc:
        log.info("recipes for %s not matched: %s", uri, exc)
        matches = []
    with ls.store.lock:
        state.recipes = matches
        state.recipes_version = version


def register(ls: GptfixLanguageServer) -> None:
    """Attach the document-sync handlers to ``ls``."""

    @ls.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: GptfixLanguageServer, params: types.DidOpenTextDocumentParams) -> None:
        schedule(ls, params.text_document.uri)

    @ls.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: GptfixLanguageServer, params: types.DidChangeTextDocumentParams) -> None:
        schedule(ls, params.text_document.uri)

    @ls.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: GptfixLanguageServer, params: types.DidSaveTextDocumentParams) -> None:
        schedule(ls, params.text_document.uri)

    @ls.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: GptfixLanguageServer, params: types.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        ls.store.forget(uri)
        path = findings.script_path(uri)
        if path is not None:  # the last good index of the document goes too
            ops.forget_document(str(path))
        ls.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=[])
        )
