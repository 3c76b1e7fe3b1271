"""Notebooks in the editor: LSP 3.17 notebook sync, runs, diagnostics and quick fixes on cells.

Bridges an open notebook (cells arrive through ``notebookDocument/didOpen`` /
``didChange`` as text documents with their own URIs, ``vscode-notebook-cell:...``) and
the core, which works on the notebook's program (:mod:`gptfix.notebook`). The command
``gptfix.runNotebook`` (notebook or cell URI, {"smoke": bool}) runs the program built
from the cells as they are in the editor; the failure is published on the cell and
line it happened in. Its fixes are computed on the program in the background, kept
when they change that cell only, verified like any fix, and offered by the ordinary
code actions as edits of the cell's text. Editing a cell moves or clears its finding.
"""

from __future__ import annotations

import copy
import dataclasses
import functools
import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lsprotocol import types
from pygls import uris

from gptfix.errors import EXIT_USAGE, GptfixError
from gptfix.lsp import convert, diagnostics
from gptfix.lsp.progress import WorkDone
from gptfix.lsp.state import Finding, FixState, new_key
from gptfix.model import Applicability, Failure, Fix, RunResult, Script
from gptfix.notebook.locating import annotate_json
from gptfix.notebook.mapback import new_sources
from gptfix.notebook.program import Cell, Program, build_program
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


@dataclasses.dataclass(frozen=True)
class LiveNotebook:
    """An open notebook as the editor has it: its file, program and cell URIs."""

    uri: str
    path: Path
    program: Program
    cell_uris: dict[int, str]  #: cell index (all cells counted) -> the cell's document URI


def live_notebook(ls: GptfixLanguageServer, uri: str) -> LiveNotebook:
    """The open notebook ``uri`` names (the notebook's or one of its cells' URI)."""
    nb = ls.workspace.get_notebook_document(notebook_uri=uri) or (
        ls.workspace.get_notebook_document(cell_uri=uri)
    )
    if nb is None:
        raise GptfixError(f"{uri}: no open notebook", EXIT_USAGE)
    path = uris.to_fs_path(nb.uri)
    if not path:
        raise GptfixError(f"{nb.uri}: not a notebook file", EXIT_USAGE)
    code: list[tuple[int, str | None, str, int | None]] = []
    cell_uris: dict[int, str] = {}
    for i, cell in enumerate(nb.cells):
        if cell.kind != types.NotebookCellKind.Code:
            continue
        text = ls.workspace.get_text_document(cell.document).source
        meta: dict[str, Any] = cell.metadata if isinstance(cell.metadata, dict) else {}
        cell_id = meta.get("id") if isinstance(meta.get("id"), str) else None
        code.append((i, cell_id, text, None))
        cell_uris[i] = cell.document
    if not code:
        raise GptfixError(f"{Path(path).name}: the notebook has no code cells", EXIT_USAGE)
    return LiveNotebook(nb.uri, Path(path), build_program(code), cell_uris)


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
    for uri in live.cell_uris.values():
        ls.store.replace(uri, [])
    failure = result.failure
    place = live.program.place(failure.location.line) if failure and failure.location else None
    if failure is not None and place is not None:
        _add_cell_finding(ls, live, place.cell, failure, result)
    for uri in live.cell_uris.values():
        diagnostics.publish(ls, uri)
    return annotate_json(result.to_json(), live.path, live.program)


def _add_cell_finding(
    ls: GptfixLanguageServer, live: LiveNotebook, cell: Cell, failure: Failure, result: RunResult
) -> None:
    uri = live.cell_uris[cell.index]
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
        failure=on_cell,
        diagnosis=diagnosis,
        text=doc.source,
        version=doc.version,
        first_line=diag.range.start.line,
        last_line=diag.range.end.line,
        diagnostic=diag,
        result=result,
    )
    ls.store.replace(uri, [finding])
    ls.background.submit(_compute_fixes, ls, finding, live, cell, failure)


def cell_fixes(program: Program, cell: Cell, fixes: list[Fix]) -> list[tuple[Fix, Fix]]:
    """(program fix, the same fix as the cell's new text) for fixes that change only ``cell``."""
    out = []
    for fix in fixes:
        try:
            changed = new_sources(program, fix.new_text)
        except GptfixError:
            continue
        if set(changed) == {cell.index}:
            out.append((fix, dataclasses.replace(fix, new_text=changed[cell.index])))
    return out


def _compute_fixes(
    ls: GptfixLanguageServer, finding: Finding, live: LiveNotebook, cell: Cell, failure: Failure
) -> None:
    """Worker: rule fixes on the program, verified, offered as edits of the cell."""
    settings = ls.settings_for(live.path)
    script = Script(path=live.path, text=live.program.text)
    try:
        pairs = cell_fixes(live.program, cell, core.candidate_fixes(script, failure, settings))
        finding.fixes = [c for _, c in pairs]
        finding.fix_state = FixState.VERIFYING
        for fix, on_cell in pairs:
            if finding.cancel.is_set():
                break
            if fix.applicability != Applicability.SUGGESTION:
                on_cell.verification = core.verify(script, fix, failure, settings, finding.cancel)
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

    @ls.feature(types.NOTEBOOK_DOCUMENT_DID_CHANGE)
    def on_change(ls: GptfixLanguageServer, params: types.DidChangeNotebookDocumentParams) -> None:
        cells = params.change.cells
        texts = cells.text_content if cells is not None and cells.text_content else []
        for change in texts:
            uri = change.document.uri
            if ls.store.doc(uri).findings:
                diagnostics.follow_edits(ls, uri)

    @ls.feature(types.NOTEBOOK_DOCUMENT_DID_CLOSE)
    def on_close(ls: GptfixLanguageServer, params: types.DidCloseNotebookDocumentParams) -> None:
        for cell in params.cell_text_documents:
            ls.store.forget(cell.uri)
