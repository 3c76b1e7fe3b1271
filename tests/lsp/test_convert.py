"""Core positions (code points) to client positions in each encoding, on lines with Chinese text."""

from __future__ import annotations

import pytest
from lsprotocol import types
from pygls.workspace.position_codec import PositionCodec

from gptfix.lsp.actions import wanted
from gptfix.lsp.convert import lines_of, location_range, text_edits, workspace_edit
from gptfix.model import Edit, Location

TEXT = "x = 1\n标签 = 数据['😀'] + missing  # 注释\n"
LINE = TEXT.splitlines()[1]
START = LINE.index("missing")


def units(s: str, enc: str) -> int:
    if enc == "utf-8":
        return len(s.encode("utf-8"))
    if enc == "utf-16":
        return len(s.encode("utf-16-le")) // 2
    return len(s)


@pytest.mark.parametrize("enc", ["utf-8", "utf-16", "utf-32"])
def test_location_columns_in_each_encoding(enc: str):
    loc = Location("t.py", 2, START + 1, 2, START + 1 + len("missing"))
    rng = location_range(loc, lines_of(TEXT), PositionCodec(enc))
    assert rng.start == types.Position(1, units(LINE[:START], enc))
    assert rng.end == types.Position(1, units(LINE[: START + len("missing")], enc))


def test_location_without_columns_covers_the_line_from_its_indent():
    text = "def f():\n    boom()  # 中文\n"
    rng = location_range(Location("t.py", 2), lines_of(text), PositionCodec("utf-16"))
    assert (rng.start.character, rng.end.character) == (4, len("    boom()  # 中文"))


@pytest.mark.parametrize("enc", ["utf-8", "utf-16", "utf-32"])
def test_edit_after_wide_characters(enc: str):
    edit = Edit(1, START, 1, START + len("missing"), "found")
    (te,) = text_edits([edit], lines_of(TEXT), PositionCodec(enc))
    assert te.range.start.character == units(LINE[:START], enc)
    assert te.new_text == "found"


def test_workspace_edit_pins_the_version_and_asks_for_confirmation():
    caps = types.ClientCapabilities(
        workspace=types.WorkspaceClientCapabilities(
            workspace_edit=types.WorkspaceEditClientCapabilities(
                document_changes=True,
                change_annotation_support=types.ChangeAnnotationsSupportOptions(),
            )
        )
    )
    te = types.TextEdit(range=types.Range(types.Position(0, 0), types.Position(0, 1)), new_text="y")
    we = workspace_edit("file:///t.py", 7, [te], caps, confirm_label="AI fix")
    (change,) = we.document_changes or []
    assert isinstance(change, types.TextDocumentEdit)
    assert change.text_document.version == 7
    assert we.change_annotations and all(
        a.needs_confirmation for a in we.change_annotations.values()
    )
    plain = workspace_edit("file:///t.py", 7, [te], types.ClientCapabilities())
    assert plain.changes == {"file:///t.py": [te]} and plain.document_changes is None


def test_context_only_filter():
    assert wanted("quickfix", None) and wanted("quickfix", ["quickfix"])
    assert wanted("refactor.rewrite.gptfix.lr_schedule", ["refactor"])
    assert not wanted("quickfix", ["refactor"])
    assert not wanted("refactor.rewrite", ["refactor.rewrite.gptfix"])


def test_the_root_cause_line_is_related_information_of_the_crash():
    from gptfix.lsp.convert import diagnostic
    from gptfix.model import Diagnosis, Failure, RootCause

    text = "X = load()\nX = X.reshape(-1, 784)\nmodel.fit(X, y)\n"
    failure = Failure("ValueError", "expected ndim=4", location=Location("/p/t.py", 3, 1))
    root = RootCause(Location("/p/t.py", 2, 1), "X got its shape from reshape() here (line 2)")
    diag = Diagnosis(failure, Location("/p/t.py", 3, 1), "ValueError", root_cause=root)
    out = diagnostic(diag, lines_of(text), PositionCodec(types.PositionEncodingKind.Utf16))
    (info,) = out.related_information or []
    assert info.location.range.start.line == 1
    assert "root cause" in info.message and "reshape" in info.message
