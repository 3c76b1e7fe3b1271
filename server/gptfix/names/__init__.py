"""Names across versions: unbound names, silently renamed bindings, snippet reconciliation.

Public API::

    from gptfix.names import check, reconcile
    report = check(original_text, changed_text)      # NamesReport: .unbound, .removed, .ok
    rec = reconcile(snippet, script_text, at_line=None, prose="")
    rec.mappings / rec.ambiguous / rec.module_rewrites / rec.imports_needed
    rec.apply()                                      # the snippet in the script's names
"""

from __future__ import annotations

from gptfix.names.check import Misread, NamesReport, Removed, Unbound, check, unbound_names
from gptfix.names.hints import RoleHint, prose_hints, usage_hint
from gptfix.names.reconcile import reconcile
from gptfix.names.reconciliation import Ambiguity, ModuleRewrite, NameMapping, Reconciliation

__all__ = [
    "Ambiguity",
    "ModuleRewrite",
    "NameMapping",
    "Misread",
    "NamesReport",
    "Reconciliation",
    "Removed",
    "RoleHint",
    "Unbound",
    "check",
    "prose_hints",
    "reconcile",
    "unbound_names",
    "usage_hint",
]
