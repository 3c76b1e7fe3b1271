"""Findings without a server: locate a failure in a text, compute its fixes, follow edits.

Shared by the pygls server and the pylsp plugin, so both shells show the same
diagnostics, the same fix titles and the same edits. Takes a pygls ``PositionCodec``
for the client's position encoding; never talks to a client itself.
"""

from __future__ import annotations

import copy
import logging
from collections.abc import Callable
from pathlib import Path

from lsprotocol import types
from pygls import uris
from pygls.workspace.position_codec import PositionCodec

from gptfix.edits import minimal_edits
from gptfix.lsp import convert
from gptfix.lsp.state import Finding, FixState, new_key
from gptfix.lsp.tracking import line_map, rebase_edits
from gptfix.model import Applicability, Failure, Fix, RunResult, Script
from gptfix.service import ops
from gptfix.settings import Settings

log = logging.getLogger(__name__)


def script_path(uri: str) -> Path | None:
    path = uris.to_fs_path(uri)
    return Path(path) if path else None


def _same_file(a: str, b: Path) -> bool:
    try:
        return Path(a).resolve() == b.resolve()
    except OSError:
        return False


def build_finding(
    uri: str,
    text: str,
    version: int | None,
    failure: Failure,
    codec: PositionCodec,
    result: RunResult | None = None,
) -> Finding | None:
    """The failure located in the document ``text``; None when it is in another file."""
    path = script_path(uri)
    if path is None:
        return None
    failure = ops.locate_failure(failure, path)
    loc = failure.location
    if loc is not None and not _same_file(loc.path, path):
        # raised in another local file (a helper module): shown on this document's call
        calls = [f for f in failure.frames if f.is_user and f.local_path]
        if not any(_same_file(f.local_path or "", path) for f in calls):
            return None
    diagnosis = ops.diagnose(failure, text)
    key = new_key()
    lines = convert.lines_of(text)
    same = {rel.path: lines for rel in diagnosis.related if _same_file(rel.path, path)}
    diag = convert.diagnostic(
        diagnosis,
        lines,
        codec,
        data={"gptfix": 1, "key": key, "version": version},
        other_lines=same,
    )
    span = diag.range  # Finding's fields in order: what, where, and the published range
    return Finding(
        key, uri, failure, diagnosis, text, version, span.start.line, span.end.line, diag, result
    )


def list_candidates(finding: Finding, settings: Settings) -> None:
    """The rules' candidate fixes of a finding, unverified (cheap: no run).

    Called in the background after the diagnostic is published (or, by the pylsp shell,
    before); the menu then lists them with their state ("verifying…"). Never raises: a
    failing engine marks the finding.
    """
    path = script_path(finding.uri)
    try:
        if path is None:
            raise ValueError("not a file")
        script = Script(path=path, text=finding.text, version=finding.version)
        finding.fixes = ops.candidate_fixes(script, finding.failure, settings)
        finding.fix_state = FixState.VERIFYING
    except Exception as exc:  # a failing repair engine must not take the server down
        _unavailable(finding, exc)


def verify_fixes(
    finding: Finding,
    settings: Settings,
    *,
    progress: ops.Progress | None = None,
    on_change: Callable[[Finding], None] | None = None,
) -> None:
    """Worker: verify the finding's candidates in order (most likely first).

    Updates the finding in place and calls ``on_change`` after each verification (a
    shell refreshes the client's code actions); stops when ``finding.cancel`` is set.
    Never raises.
    """
    path = script_path(finding.uri)
    if finding.fix_state == FixState.PENDING:
        list_candidates(finding, settings)
        if on_change is not None and finding.fixes and not finding.cancel.is_set():
            on_change(finding)  # listed: the menu shows them as "verifying…"
    if finding.fix_state == FixState.UNAVAILABLE or path is None:
        return
    script = Script(path=path, text=finding.text, version=finding.version)
    try:
        for i, fix in enumerate(finding.fixes, 1):
            if finding.cancel.is_set():
                return
            if fix.verification is not None or fix.applicability == Applicability.SUGGESTION:
                continue
            if progress is not None:
                progress(f"verifying {i}/{len(finding.fixes)}: {fix.title}")
            ops.verify(script, fix, finding.failure, settings, finding.cancel)
            if on_change is not None and not finding.cancel.is_set():
                on_change(finding)
        finding.fix_state = FixState.READY
    except Exception as exc:
        _unavailable(finding, exc)
    if on_change is not None and not finding.cancel.is_set():
        on_change(finding)


def _unavailable(finding: Finding, exc: Exception) -> None:
    log.warning("fixes for %s unavailable: %s", finding.uri, exc)
    finding.fix_state = FixState.UNAVAILABLE
    finding.fix_note = str(exc).splitlines()[0] if str(exc) else type(exc).__name__


def note_fix_state(finding: Finding) -> None:
    """Put the fixes' state in the diagnostic's data, so a re-published diagnostic differs
    (clients ask for code actions again when a diagnostic changes)."""
    diag = finding.diagnostic
    if diag is not None and isinstance(diag.data, dict):
        verified = sum(1 for f in finding.fixes if f.verified)
        pending = sum(1 for f in finding.fixes if f.verification is None)
        diag.data = {**diag.data, "fixes": {"verified": verified, "pending": pending}}


def fix_summary(finding: Finding) -> str:
    if finding.fix_state == FixState.UNAVAILABLE:
        return f"gptfix: no offline fixes ({finding.fix_note})"
    verified = sum(1 for f in finding.fixes if f.verified)
    return f"gptfix: {len(finding.fixes)} fix(es) for {finding.failure.type}, {verified} verified"


def follow(findings: list[Finding], text: str) -> tuple[list[Finding], bool]:
    """Findings still valid in ``text`` (moved with their lines) and whether any changed."""
    kept = []
    changed = False
    for f in findings:
        moved = line_map(f.text, text).lines(f.first_line, f.last_line)
        if moved is None:
            changed = True  # the user edited the failing region
            continue
        diag = f.diagnostic
        if diag is not None and diag.range.start.line != moved:
            diag = copy.deepcopy(diag)
            delta = moved - diag.range.start.line
            diag.range.start.line += delta
            diag.range.end.line += delta
            f.diagnostic = diag
            changed = True
        kept.append(f)
    return kept, changed


def fix_status(finding: Finding, fix: Fix) -> str:
    if fix.verification is None:
        return "verifying…" if finding.fix_state != FixState.READY else "not verified"
    if fix.verification.verified:
        return "verified"
    return f"verification failed: {fix.verification.reason or 'still fails'}"


def fix_title(finding: Finding, fix: Fix) -> str:
    """``gptfix (<code>): <what it does> [<verification state>; <safety>]``."""
    code = finding.diagnosis.code or finding.failure.type
    title = f"gptfix ({code}): {fix.title} [{fix_status(finding, fix)}; {fix.applicability.value}]"
    if fix.applicability == Applicability.SUGGESTION:
        title += " (suggestion)"
    return title


def is_preferred(fix: Fix) -> bool:
    """Only verified SAFE fixes are preferred (applied by "fix all"-style commands)."""
    return fix.verified and fix.applicability == Applicability.SAFE


def fix_text_edits(
    base: str, current: str, fix: Fix, codec: PositionCodec
) -> list[types.TextEdit] | None:
    """A fix made against ``base`` as TextEdits on ``current``, or None if it no longer fits.

    When the user edited the document since, the edits are moved along if the lines
    they touch are unchanged.
    """
    edits = minimal_edits(base, fix.new_text)
    if current != base:
        rebased = rebase_edits(edits, line_map(base, current))
        if rebased is None:
            return None
        edits = rebased
    return convert.text_edits(edits, convert.lines_of(current), codec)
