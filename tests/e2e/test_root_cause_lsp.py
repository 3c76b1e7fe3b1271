"""The editor shows the root-cause lines of a run's failure as related information."""

from __future__ import annotations

from pathlib import Path

import pytest
from e2e_helpers import command, gptfix_diagnostics, open_doc
from pytest_lsp import LanguageClient

pytestmark = [pytest.mark.asyncio, pytest.mark.e2e]

SCRIPT = """\
import numpy as np
from keras.layers import Dense, Input
from keras.models import Sequential

readings = np.empty((90, 4), dtype=object)
readings[:, :3] = np.random.rand(90, 3)
readings[:, 3] = np.random.randint(0, 2, 90)
x, y = readings[:, :3], readings[:, 3]
model = Sequential([Input(shape=(3,)), Dense(1, activation="sigmoid")])
model.compile(loss="binary_crossentropy", optimizer="adam")
model.fit(x, y, epochs=1)
"""


@pytest.mark.tf
async def test_the_lines_that_made_the_failing_value_are_related_information(
    vscode: LanguageClient, tmp_path: Path
):
    script = tmp_path / "train.py"
    script.write_text(SCRIPT, encoding="utf-8")
    lines = SCRIPT.splitlines()
    fit, bound, made = (
        next(i for i, line in enumerate(lines) if line.startswith(start))
        for start in ("model.fit(", "x, y = ", "readings = np.empty")
    )
    uri = open_doc(vscode, script)
    result = await command(vscode, "gptfix.run", uri, {"smoke": True})
    assert result["status"] == "failed"
    (diag,) = gptfix_diagnostics(vscode, uri)
    assert diag.range.start.line == fit
    related = diag.related_information or []
    assert [r.location.range.start.line for r in related[:2]] == [bound, made]
    assert related[0].message.startswith("root cause") and "object" in related[0].message
    assert all(r.location.uri == uri for r in related[:2])
