"""Statements that only show something: ``print(...)``, ``model.summary()``, a bare
``df.shape``, imports, loops of those. A leaf of the applier: the readers of check
snippets (:mod:`gptfix.llm.probes`) and of before/after pairs (:mod:`gptfix.llm.pairs`)
share it.
"""

from __future__ import annotations

import ast

_DISPLAY_CALLS = frozenset(
    "print display pprint show summary info head tail describe value_counts plot_model "
    "imshow plot list_physical_devices get_config count_params keys values items numpy "
    "get_weights".split()
)


def display_stmt(node: ast.stmt) -> bool:
    if isinstance(node, ast.Import | ast.ImportFrom | ast.Pass):
        return True
    if isinstance(node, ast.Expr):
        value = node.value
        if isinstance(value, ast.Call):
            func = value.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            return name in _DISPLAY_CALLS
        return isinstance(value, ast.Name | ast.Attribute | ast.Subscript)
    if isinstance(node, ast.For | ast.With | ast.If):
        body = node.body + getattr(node, "orelse", [])
        return all(display_stmt(s) for s in body)
    return False
