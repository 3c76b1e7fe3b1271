"""Core objects <-> lsprotocol types: Diagnosis to Diagnostic, Edit to TextEdit, WorkspaceEdit.

The core counts columns in code points (1-based in :class:`~gptfix.model.Location`,
0-based in :class:`~gptfix.model.Edit`); the client counts in the position encoding
pygls negotiated (UTF-16 for VS Code and Neovim 0.7, UTF-8 or UTF-32 for others).
Every outgoing position goes through a pygls ``PositionCodec`` with the lines of the
text it refers to, so ranges stay right on lines with Chinese comments or emoji.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from lsprotocol import types
from pygls import uris
from pygls.workspace.position_codec import PositionCodec, ServerTextPosition, ServerTextRange

from gptfix.model import Diagnosis, Edit, Location

SOURCE = "gptfix"


def lines_of(text: str) -> list[str]:
    """The document's lines as pygls keeps them (line endings kept)."""
    return text.splitlines(keepends=True)


def _line_text(lines: Sequence[str], line: int) -> str:
    if 0 <= line < len(lines):
        return lines[line].rstrip("\r\n")
    return ""


def location_range(loc: Location, lines: Sequence[str], codec: PositionCodec) -> types.Range:
    """The client range of a 1-based core location; a whole-line range when no columns."""
    line = max(loc.line - 1, 0)
    if lines:
        line = min(line, len(lines) - 1)
    text = _line_text(lines, line)
    indent = len(text) - len(text.lstrip())
    if loc.column and loc.column > 1 or loc.end_column:
        start_col = max((loc.column or 1) - 1, 0)
    else:
        start_col = indent
    end_line = line
    if loc.end_line is not None and loc.end_line >= loc.line:
        end_line = min(loc.end_line - 1, max(len(lines) - 1, 0))
    end_text = _line_text(lines, end_line)
    if loc.end_column is not None and loc.end_column > 0:
        end_col = min(loc.end_column - 1, len(end_text))
    else:
        end_col = len(end_text)
    start_col = min(start_col, len(text))
    if end_line == line and end_col <= start_col:
        start_col, end_col = indent, len(text)
    server = ServerTextRange(
        start=ServerTextPosition(line, start_col), end=ServerTextPosition(end_line, end_col)
    )
    return codec.range_to_client_units(lines, server)


def path_uri(path: str | Path) -> str:
    return uris.from_fs_path(str(path)) or str(path)


def diagnostic(
    diag: Diagnosis,
    lines: Sequence[str],
    codec: PositionCodec,
    data: dict[str, Any] | None = None,
    other_lines: Mapping[str, Sequence[str]] | None = None,
) -> types.Diagnostic:
    """An LSP error diagnostic for a located failure, with the other user frames as related info.

    ``other_lines`` gives the lines of related files (by path) so their ranges are
    converted with the right text; related frames in files not given get whole-line
    ranges counted from column 0.
    """
    related = []
    for loc in diag.related:
        rel_lines = (other_lines or {}).get(loc.path)
        if rel_lines is None:
            rng = types.Range(
                start=types.Position(line=max(loc.line - 1, 0), character=0),
                end=types.Position(line=max(loc.line - 1, 0) + 1, character=0),
            )
        else:
            rng = location_range(loc, rel_lines, codec)
        related.append(
            types.DiagnosticRelatedInformation(
                location=types.Location(uri=path_uri(loc.path), range=rng),
                message=f"called from here (line {loc.line})",
            )
        )
    root = diag.root_cause
    if root is not None:
        related.insert(
            0,
            types.DiagnosticRelatedInformation(
                location=types.Location(
                    uri=path_uri(root.location.path or diag.location.path),
                    range=location_range(root.location, lines, codec),
                ),
                message=f"root cause: {root.reason}",
            ),
        )
        for n, also in enumerate(root.also, start=1):
            related.insert(
                n,
                types.DiagnosticRelatedInformation(
                    location=types.Location(
                        uri=path_uri(also.path or diag.location.path),
                        range=location_range(also, lines, codec),
                    ),
                    message=f"root cause, also here (line {also.line})",
                ),
            )
    return types.Diagnostic(
        range=location_range(diag.location, lines, codec),
        message=diag.message,
        severity=types.DiagnosticSeverity.Error,
        source=SOURCE,
        code=diag.code or diag.failure.type,
        related_information=related or None,
        data=data,
    )


def text_edits(
    edits: Sequence[Edit], lines: Sequence[str], codec: PositionCodec
) -> list[types.TextEdit]:
    """Core edits (0-based, code points) as client TextEdits against ``lines``."""
    out = []
    for e in edits:
        rng = codec.range_to_client_units(
            lines,
            ServerTextRange(
                start=ServerTextPosition(e.start_line, e.start_col),
                end=ServerTextPosition(e.end_line, e.end_col),
            ),
        )
        out.append(types.TextEdit(range=rng, new_text=e.new_text))
    return out


def client_range_to_lines(
    rng: types.Range, lines: Sequence[str], codec: PositionCodec
) -> tuple[int, int]:
    """0-based first and last line a client range covers."""
    server = codec.range_from_client_units(lines, rng)
    return server.start.line, server.end.line


#: the id of the change annotation on edits that need the user's confirmation
CONFIRM_ANNOTATION = "gptfix.confirm"


def workspace_edit(
    uri: str,
    version: int | None,
    edits: list[types.TextEdit],
    caps: types.ClientCapabilities | None,
    *,
    confirm_label: str | None = None,
    more: Sequence[tuple[str, int | None, list[types.TextEdit]]] = (),
) -> types.WorkspaceEdit:
    """A WorkspaceEdit pinned to the document ``version`` when the client supports it.

    ``more`` are edits of other documents (uri, version, edits) in the same change (a
    notebook's other cells); a document without edits is left out. With
    ``confirm_label`` (and client support) every edit carries a change annotation with
    ``needsConfirmation=True``, so VS Code shows a preview first. Clients without
    ``documentChanges`` get plain ``changes``.
    """
    docs = [(u, v, list(e)) for u, v, e in [(uri, version, edits), *more] if e or u == uri]
    if len(docs) > 1 and not docs[0][2]:
        docs = docs[1:]  # the change lies only in the other documents
    ws = caps.workspace if caps else None
    we_caps = ws.workspace_edit if ws else None
    if not (we_caps and we_caps.document_changes):
        return types.WorkspaceEdit(changes={u: e for u, _, e in docs})
    annotate = bool(confirm_label and we_caps.change_annotation_support is not None)

    def doc_edit(u: str, v: int | None, e: list[types.TextEdit]) -> types.TextDocumentEdit:
        ident = types.OptionalVersionedTextDocumentIdentifier(uri=u, version=v)
        if not annotate:
            return types.TextDocumentEdit(text_document=ident, edits=list(e))
        annotated: list[types.TextEdit | types.AnnotatedTextEdit] = [
            types.AnnotatedTextEdit(
                range=x.range, new_text=x.new_text, annotation_id=CONFIRM_ANNOTATION
            )
            for x in e
        ]
        return types.TextDocumentEdit(text_document=ident, edits=annotated)

    changes = [doc_edit(*d) for d in docs]
    if annotate:
        return types.WorkspaceEdit(
            document_changes=changes,
            change_annotations={
                CONFIRM_ANNOTATION: types.ChangeAnnotation(
                    label=str(confirm_label), needs_confirmation=True
                )
            },
        )
    return types.WorkspaceEdit(document_changes=changes)
