"""Bridges a codemod's decisions to new source: node replacements and statement inserts.

A :class:`NodeEdits` is filled in by a recipe (replace this node, insert these statements
before/after that statement, keyed by the identity of nodes in the original tree) and
applied in one libcst transform, so each recipe only decides *what* changes.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

import libcst as cst

from gptfix.recipes.source import CstScript


class NodeEdits(cst.CSTTransformer):
    """Replace nodes and insert statements around original statements, by identity."""

    def __init__(self) -> None:
        super().__init__()
        self.replace: dict[cst.CSTNode, Callable[[cst.CSTNode], cst.CSTNode]] = {}
        self.before: dict[cst.CSTNode, list[cst.BaseStatement]] = defaultdict(list)
        self.after: dict[cst.CSTNode, list[cst.BaseStatement]] = defaultdict(list)
        self.prepend: list[cst.BaseStatement] = []  #: module top, when there is no import

    def on_leave(self, original_node: cst.CSTNode, updated_node: cst.CSTNode) -> cst.CSTNode:  # type: ignore[override]
        fn = self.replace.get(original_node)
        out = fn(updated_node) if fn else updated_node
        if isinstance(original_node, cst.Module | cst.IndentedBlock) and isinstance(
            out, cst.Module | cst.IndentedBlock
        ):
            body: list[cst.BaseStatement] = []
            if isinstance(original_node, cst.Module):
                body.extend(self.prepend)
            for orig, new in zip(original_node.body, out.body, strict=True):
                body.extend(self.before.get(orig, []))
                body.append(new)
                body.extend(self.after.get(orig, []))
            out = out.with_changes(body=body)
        return out

    def edit(self, node: cst.CSTNode, fn: Callable[[cst.CSTNode], cst.CSTNode]) -> None:
        """Rewrite ``node`` from its updated version; several edits of one node compose."""
        before = self.replace.get(node)
        if before is None:
            self.replace[node] = fn
        else:
            self.replace[node] = lambda n: fn(before(n))

    def put(self, node: cst.CSTNode, new: cst.CSTNode) -> None:
        """Replace ``node`` by ``new`` (changes inside ``node`` are dropped)."""
        self.replace[node] = lambda _n: new

    def edit_call(self, node: cst.Call, fn: Callable[[cst.Call], cst.CSTNode]) -> None:
        """Rewrite a call from its updated version (changes inside it are kept)."""

        def run(updated: cst.CSTNode) -> cst.CSTNode:
            assert isinstance(updated, cst.Call)
            return fn(updated)

        self.edit(node, run)

    def edit_list(self, node: cst.List, fn: Callable[[cst.List], cst.CSTNode]) -> None:
        def run(updated: cst.CSTNode) -> cst.CSTNode:
            assert isinstance(updated, cst.List)
            return fn(updated)

        self.edit(node, run)

    def edit_import(
        self, stmt: cst.SimpleStatementLine, fn: Callable[[cst.ImportFrom], cst.ImportFrom]
    ) -> None:
        def run(updated: cst.CSTNode) -> cst.CSTNode:
            assert isinstance(updated, cst.SimpleStatementLine)
            imp = updated.body[0]
            assert isinstance(imp, cst.ImportFrom)
            return updated.with_changes(body=[fn(imp)])

        self.edit(stmt, run)

    def apply(self, src: CstScript) -> str:
        return src.module.visit(self).code
