"""What :func:`gptfix.names.reconcile.reconcile` proposes for a snippet: the name mappings,
module respellings and ambiguities with their evidence, and :meth:`Reconciliation.apply`,
which rewrites the snippet accordingly."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from gptfix.names.rewrite import rewrite


@dataclass
class NameMapping:
    snippet_name: str
    script_name: str
    kind: str  #: "same" | "prose" | "argument" | "role" | "config" | "similarity" | "unique"
    evidence: str

    @property
    def old(self) -> str:
        return self.snippet_name

    @property
    def new(self) -> str:
        return self.script_name


@dataclass
class ModuleRewrite:
    written: str  #: as the snippet writes it ("layers.Dense")
    spelled: str  #: as the script spells it ("keras.layers.Dense")
    line: int  #: snippet line


@dataclass
class Ambiguity:
    snippet_name: str
    candidates: list[str]
    reason: str


@dataclass
class Reconciliation:
    """The proposed name mapping for a snippet, with evidence; :meth:`apply` rewrites it."""

    snippet: str  #: the snippet as analysed (dedented)
    mappings: list[NameMapping] = field(default_factory=list)
    module_rewrites: list[ModuleRewrite] = field(default_factory=list)
    ambiguous: list[Ambiguity] = field(default_factory=list)
    unresolved: list[str] = field(default_factory=list)  #: read, never bound, no candidate
    imports_needed: list[str] = field(default_factory=list)  #: statements the script lacks
    dropped_imports: list[str] = field(default_factory=list)  #: snippet imports made redundant
    error: str | None = None  #: the snippet does not parse
    _renames: dict[tuple[int, int], str] = field(default_factory=dict, repr=False)
    _chains: dict[tuple[int, int, str], str] = field(default_factory=dict, repr=False)
    _drops: set[tuple[int, str]] = field(default_factory=set, repr=False)

    def rename_map(self) -> dict[str, str]:
        """snippet name -> script name, for the names that change."""
        return {
            m.snippet_name: m.script_name for m in self.mappings if m.snippet_name != m.script_name
        }

    @property
    def changes(self) -> list[NameMapping]:
        """The mappings that change a name."""
        return [m for m in self.mappings if m.snippet_name != m.script_name]

    @property
    def text(self) -> str:
        """Same as :meth:`apply`."""
        return self.apply()

    def apply(self, drop_imports: bool = True) -> str:
        """The snippet with names mapped and module paths spelled in the script's style.

        ``drop_imports=False`` keeps the snippet's own import lines (listed in
        ``dropped_imports``) even where the script already imports the same thing.
        """
        if self.error:
            return self.snippet
        drops = self._drops if drop_imports else set()
        return rewrite(self.snippet, self._renames, self._chains, drops)

    def to_json(self) -> dict[str, Any]:
        return {
            "mappings": [vars(m) for m in self.mappings],
            "module_rewrites": [vars(m) for m in self.module_rewrites],
            "ambiguous": [vars(a) for a in self.ambiguous],
            "unresolved": self.unresolved,
            "imports_needed": self.imports_needed,
            "dropped_imports": self.dropped_imports,
            "error": self.error,
        }
