"""Bridges a reconciliation and the snippet text: rename names, respell module paths.

Edits go through libcst on the snippet only (snippets are small, so resolving
positions is cheap). Which nodes change is decided beforehand from ``ast`` positions
(``(line, column)`` of a variable reference or a dotted chain), so an attribute of
another object (``obj.x``), a keyword argument name (``f(x=1)``) or a string is never
touched: only real name references at the recorded places are rewritten.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

import libcst as cst
from libcst.metadata import MetadataWrapper, PositionProvider

_Imp = TypeVar("_Imp", cst.Import, cst.ImportFrom)

Pos = tuple[int, int]  #: (1-based line, 0-based code-point column)


class _Rewriter(cst.CSTTransformer):
    METADATA_DEPENDENCIES = (PositionProvider,)

    def __init__(
        self,
        renames: dict[Pos, str],
        chains: dict[tuple[int, int, str], str],
        drop_imports: set[tuple[int, str]],
    ) -> None:
        super().__init__()
        self.renames = renames
        self.chains = chains
        self.drop_imports = drop_imports

    def _pos(self, node: cst.CSTNode) -> Pos:
        start = self.get_metadata(PositionProvider, node).start
        return start.line, start.column

    def leave_Name(self, original_node: cst.Name, updated_node: cst.Name) -> cst.BaseExpression:
        pos = self._pos(original_node)
        chain = self.chains.get((*pos, original_node.value))
        if chain is not None:
            return cst.parse_expression(chain)
        new = self.renames.get(pos)
        return updated_node.with_changes(value=new) if new else updated_node

    def leave_Attribute(
        self, original_node: cst.Attribute, updated_node: cst.Attribute
    ) -> cst.BaseExpression:
        text = _dotted(original_node)
        if text is not None:
            chain = self.chains.get((*self._pos(original_node), text))
            if chain is not None:
                return cst.parse_expression(chain)
        return updated_node

    def _keep(self, node: cst.CSTNode, names: Sequence[cst.ImportAlias]) -> list[cst.ImportAlias]:
        line = self._pos(node)[0]
        kept = []
        for alias in names:
            local = alias.asname.name if alias.asname else alias.name
            bound = local.value if isinstance(local, cst.Name) else None
            if bound is None and isinstance(alias.name, cst.Attribute):
                bound = _dotted(alias.name)
                bound = bound.split(".")[0] if bound else None
            if (line, bound or "") not in self.drop_imports:
                kept.append(alias)
        return kept

    def _trim(self, original_node: _Imp, updated_node: _Imp) -> _Imp | cst.RemovalSentinel:
        """The import without its dropped names; removed when none is left."""
        if isinstance(updated_node.names, cst.ImportStar):
            return updated_node
        kept = self._keep(original_node, updated_node.names)
        if not kept:
            return cst.RemoveFromParent()
        if len(kept) != len(updated_node.names):
            kept[-1] = kept[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
            return updated_node.with_changes(names=kept)
        return updated_node

    def leave_Import(
        self, original_node: cst.Import, updated_node: cst.Import
    ) -> cst.Import | cst.RemovalSentinel:
        return self._trim(original_node, updated_node)

    def leave_ImportFrom(
        self, original_node: cst.ImportFrom, updated_node: cst.ImportFrom
    ) -> cst.ImportFrom | cst.RemovalSentinel:
        return self._trim(original_node, updated_node)


def _dotted(node: cst.BaseExpression) -> str | None:
    parts = []
    while isinstance(node, cst.Attribute):
        parts.append(node.attr.value)
        node = node.value
    if isinstance(node, cst.Name):
        parts.append(node.value)
        return ".".join(reversed(parts))
    return None


def rewrite(
    snippet: str,
    renames: dict[Pos, str],
    chains: dict[tuple[int, int, str], str] | None = None,
    drop_imports: set[tuple[int, str]] | None = None,
) -> str:
    """Apply renames (at name positions), chain respellings (keyed by position and the
    dotted text found there) and import removals ((line, bound name)) to ``snippet``."""
    if not renames and not chains and not drop_imports:
        return snippet
    module = cst.parse_module(snippet)
    wrapper = MetadataWrapper(module, unsafe_skip_copy=True)
    out = wrapper.visit(_Rewriter(renames, chains or {}, drop_imports or set()))
    return out.code
