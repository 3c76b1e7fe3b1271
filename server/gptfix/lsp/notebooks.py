"""Notebooks in the editor: LSP 3.17 notebook sync, runs, diagnostics and quick fixes on cells.

Bridges an open notebook (cells arrive through ``notebookDocument/didOpen`` /
``didChange`` as text documents with their own URIs, ``vscode-notebook-cell:...``) and
the core, which works on the notebook's program (:mod:`gptfix.notebook`). The command
``gptfix.runNotebook`` (notebook or cell URI, {"smoke": bool}) runs the program built
from the cells as they are in the editor; the failure is published on the cell and
line it happened in. Its fixes are computed on the program in the background, verified
like any fix, and offered by the ordinary code actions as edits of the cells they change
(the failing cell's, and others': a root cause in an earlier cell is one WorkspaceEdit of
several cell documents). :func:`open_notebook` is how every command finds the notebook
behind a notebook or cell URI; the finding keeps the program's failure, so "Fix with
AI" and "Show AI context" read the whole program (the failure mapped onto the cells as
they are now, :func:`gptfix.lsp.tracking.follow_failure`). Editing a cell moves or clears
its finding; opening the notebook or editing a cell reindexes its program
(:mod:`gptfix.lsp.cell_index`), and closing it forgets that index.
"""

from __future__ import annotations

import copy
import functools
import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lsprotocol import types

from gptfix.errors import EXIT_USAGE, GptfixError
from gptfix.lsp import cell_index, convert, diagnostics
from gptfix.lsp.progress import WorkDone
from gptfix.lsp.state import Finding, FixState, new_key
from gptfix.model import Failure, Fix, RunResult, Script
from gptfix.notebook.editor import (
    EditorCell,
    EditorNotebook,
    cell_fix,
    editor_notebook,
    is_cell_uri,
    notebook_path,
    program_lines,
)
from gptfix.notebook.locating import annotate_json
from gptfix.notebook.program import Cell
from gptfix.service import ops as core
from gptfix.service import table

if TYPE_CHECKING:
    from gptfix.lsp.server import GptfixLanguageServer

log = logging.getLogger(__name__)

#: the server's notebookDocumentSync capability: Jupyter notebooks, every cell (markdown and
#: raw cells too: clients send only the cells the selector names, and cell numbers count all)
SYNC = types.NotebookDocumentSyncOptions(
    notebook_selector=[
        types.NotebookDocumentFilterWithCells(
            cells=[
                types.NotebookCellLanguage(language=lang) for lang in ("python", "markdown", "raw")
            ],
            notebook="jupyter-notebook",
        )
    ],
    save=True,
)


def open_notebook(ls: GptfixLanguageServer, uri: str) -> EditorNotebook | None:
    """The open notebook a notebook URI or a cell URI names, as the editor has it now;
    None when ``uri`` is neither (a script)."""
    nb = ls.workspace.get_notebook_document(notebook_uri=uri) or (
        ls.workspace.get_notebook_document(cell_uri=uri)
    )
    if nb is None:
        if notebook_path(uri) is not None and is_cell_uri(uri):
            raise GptfixError(f"{uri}: a cell of a notebook that is not open", EXIT_USAGE)
        return None
    path = notebook_path(nb.uri)
    if path is None:
        raise GptfixError(f"{nb.uri}: not a notebook file", EXIT_USAGE)
    cells = []
    for i, cell in enumerate(nb.cells):
        doc = ls.workspace.get_text_document(cell.document)
        meta: dict[str, Any] = cell.metadata if isinstance(cell.metadata, dict) else {}
        cell_id = meta.get("id") if isinstance(meta.get("id"), str) else None
        is_code = cell.kind == types.NotebookCellKind.Code
        cells.append(EditorCell(i, cell.document, doc.source, doc.version, is_code, cell_id))
    return editor_notebook(nb.uri, path, cells)


#: commands that write the file themselves, which the editor's notebook owns while open
_FILE_WRITERS = {
    "gptfix.fixLoop": "use Smoke run notebook and its quick fixes, or `gptfix run --fix`"
}


def on_program_lines(ls: GptfixLanguageServer, name: str, args: dict[str, Any]) -> dict[str, Any]:
    """A command's checked arguments with the lines it names in a cell document
    (``options.line`` / ``options.endLine``: a selection) on the notebook's program;
    GptfixError for a command that does not work on an open notebook."""
    uri, options = args.get("uri"), args.get("options")
    if not (isinstance(uri, str) and notebook_path(uri) is not None):
        return args  # a script
    live = open_notebook(ls, uri)
    if live is None:
        return args
    if name in _FILE_WRITERS:
        raise GptfixError(f"{live.path.name} is a notebook: {_FILE_WRITERS[name]}", EXIT_USAGE)
    if not isinstance(options, dict):
        return args
    return {**args, "options": program_lines(live, uri, options, ("line", "endLine"))}


def live_notebook(ls: GptfixLanguageServer, uri: str) -> EditorNotebook:
    """The open notebook ``uri`` names (the notebook's or one of its cells' URI)."""
    live = open_notebook(ls, uri)
    if live is None:
        raise GptfixError(f"{uri}: no open notebook", EXIT_USAGE)
    return live


def _on_cell(failure: Failure, cell: Cell, path: Path) -> Failure:
    """The program failure with its location in the cell's own lines."""
    out = copy.deepcopy(failure)
    loc = out.location
    if loc is not None:
        loc.line -= cell.header_line
        if loc.end_line is not None:
            loc.end_line -= cell.header_line
    for frame in out.frames:
        if frame.local_path and Path(frame.local_path) == path:
            frame.is_user = False  # other cells' lines are not this document's
    return out


async def run_notebook(ls: GptfixLanguageServer, args: list[Any]) -> Any:
    """``gptfix.runNotebook``: run the open notebook; publish its failure on the cell."""
    if not args or not isinstance(args[0], str):
        raise GptfixError("gptfix.runNotebook: expected a notebook or cell URI", EXIT_USAGE)
    options = args[1] if len(args) > 1 and isinstance(args[1], dict) else {}
    live = live_notebook(ls, args[0])
    settings = ls.settings_for(live.path)
    smoke = bool(options.get("smoke", True))
    title = f"gptfix: {'smoke-running' if smoke else 'running'} {live.path.name}"
    async with WorkDone(ls, title) as job:
        result: RunResult = await job.loop.run_in_executor(
            ls.workers,
            functools.partial(
                core.run,
                live.path,
                settings,
                smoke=smoke,
                text=live.program.text,
                on_output=job.on_output,
                cancel=job.cancel,
            ),
        )
    show_failure(ls, live, result.failure, result)
    return annotate_json(result.to_json(), live.path, live.program)


def show_failure(
    ls: GptfixLanguageServer,
    live: EditorNotebook,
    failure: Failure | None,
    result: RunResult | None,
) -> Finding | None:
    """Put ``failure`` (on the program's lines) on its cell, clear the other cells,
    publish; None when it is on no cell of the notebook. On the event loop."""
    for uri in live.cell_uris().values():
        ls.store.replace(uri, [])
    place = live.program.place(failure.location.line) if failure and failure.location else None
    finding = None
    if failure is not None and place is not None:
        finding = _add_cell_finding(ls, live, place.cell, failure, result)
    for uri in live.cell_uris().values():
        diagnostics.publish(ls, uri)
    return finding


def _add_cell_finding(
    ls: GptfixLanguageServer,
    live: EditorNotebook,
    cell: Cell,
    failure: Failure,
    result: RunResult | None,
) -> Finding:
    uri = live.cells[cell.index].uri
    doc = ls.workspace.get_text_document(uri)
    on_cell = _on_cell(failure, cell, live.path)
    diagnosis = core.diagnose(on_cell, doc.source)
    key = new_key()
    diag = convert.diagnostic(
        diagnosis,
        convert.lines_of(doc.source),
        doc.position_codec,
        data={"gptfix": 1, "key": key, "version": doc.version},
    )
    finding = Finding(
        key=key,
        uri=uri,
        failure=failure,  # on the program's lines: what the AI commands and fixes read
        diagnosis=diagnosis,
        text=doc.source,
        version=doc.version,
        first_line=diag.range.start.line,
        last_line=diag.range.end.line,
        diagnostic=diag,
        result=result,
        program=live.program.text,
    )
    ls.store.replace(uri, [finding])
    ls.background.submit(_compute_fixes, ls, finding, live, failure)
    return finding


def cell_fixes(live: EditorNotebook, cell_uri: str, fixes: list[Fix]) -> list[tuple[Fix, Fix]]:
    """(program fix, the same fix as an edit of the cell ``cell_uri`` and of any other
    cells it changes) for the fixes that fit the notebook's cells."""
    pairs = [(fix, cell_fix(live, cell_uri, fix)) for fix in fixes]
    return [(fix, on_cell) for fix, on_cell in pairs if on_cell is not None]


def _compute_fixes(
    ls: GptfixLanguageServer, finding: Finding, live: EditorNotebook, failure: Failure
) -> None:
    """Worker: rule fixes on the program, verified there (:func:`core.fixes_for_finding`),
    offered as edits of the cells. A cell's fix is made from its program fix, so once
    the verifier has set the program fix's verification the cell's fix carries it."""
    settings = ls.settings_for(live.path)
    script = Script(path=live.path, text=live.program.text)
    slot: dict[int, int] = {}  # id(program fix) -> its place in finding.fixes

    def listed(fixes: list[Fix]) -> None:
        pairs = cell_fixes(live, finding.uri, fixes)
        slot.update({id(fix): i for i, (fix, _) in enumerate(pairs)})
        finding.fixes = [on_cell for _, on_cell in pairs]
        finding.fix_state = FixState.VERIFYING

    def verified(fix: Fix) -> None:
        on_cell = cell_fix(live, finding.uri, fix) if id(fix) in slot else None
        if on_cell is not None:
            finding.fixes[slot[id(fix)]] = on_cell

    try:
        core.fixes_for_finding(
            script,
            failure,
            settings,
            cancel=finding.cancel,
            on_candidates=listed,
            on_verified=verified,
        )
        finding.fix_state = FixState.READY
    except Exception as exc:  # a failing repair engine must not take the server down
        log.warning("fixes for %s unavailable: %s", finding.uri, exc)
        finding.fix_state = FixState.UNAVAILABLE
        finding.fix_note = str(exc).splitlines()[0] if str(exc) else type(exc).__name__


def register(ls: GptfixLanguageServer) -> None:
    """The notebook command and the cell-edit follower."""

    @ls.command(table.BY_ID["gptfix.runNotebook"].id or "")
    async def on_run(ls, *args: Any) -> Any:  # type: ignore[no-untyped-def]  # pygls reads hints
        try:
            return await run_notebook(ls, list(args))
        except GptfixError as exc:
            ls.show(f"gptfix: {exc.message}", types.MessageType.Warning)
            return None

    @ls.feature(types.NOTEBOOK_DOCUMENT_DID_OPEN)
    def on_open(ls: GptfixLanguageServer, params: types.DidOpenNotebookDocumentParams) -> None:
        cell_index.schedule(ls, params.notebook_document.uri)

    @ls.feature(types.NOTEBOOK_DOCUMENT_DID_CHANGE)
    def on_change(ls: GptfixLanguageServer, params: types.DidChangeNotebookDocumentParams) -> None:
        cells = params.change.cells
        texts = cells.text_content if cells is not None and cells.text_content else []
        for change in texts:
            uri = change.document.uri
            if ls.store.doc(uri).findings:
                diagnostics.follow_edits(ls, uri)
        cell_index.schedule(ls, params.notebook_document.uri)

    @ls.feature(types.NOTEBOOK_DOCUMENT_DID_CLOSE)
    def on_close(ls: GptfixLanguageServer, params: types.DidCloseNotebookDocumentParams) -> None:
        for cell in params.cell_text_documents:
            ls.store.forget(cell.uri)
        ls.store.forget(params.notebook_document.uri)
        cell_index.forget(ls, params.notebook_document.uri)
