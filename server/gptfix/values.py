"""The runtime value trace: what each assignment of the user's own files bound in the last
smoke or build run (shape, dtype, small integer ranges; first hits per line), as recorded by
the boot hook and read by the rules, the operators and the root-cause finder."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class ValueFact:
    """What one assignment bound, as the value trace saw it at run time."""

    name: str
    type: str  #: the value's class, e.g. "ndarray", "EagerTensor", "list"
    shape: list[int | None] | None = None
    dtype: str | None = None
    min: int | None = None  #: for small integer arrays (labels, token ids)
    max: int | None = None
    length: int | None = None  #: for a list/tuple of arrays: its length (``item`` is its first)
    value: int | None = None  #: for a plain ``int`` (a vocabulary size, a class count)
    #: for an object array: its first item's shape, and whether every item has that shape
    item_shape: list[int | None] | None = None
    items_equal: bool | None = None

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> ValueFact:
        item = d.get("item") if isinstance(d.get("item"), dict) else None
        src = item or d
        return cls(
            name=str(d.get("name", "")),
            type=str(d.get("type", "")),
            shape=list(src["shape"]) if isinstance(src.get("shape"), list) else None,
            dtype=src.get("dtype"),
            min=d.get("min"),
            max=d.get("max"),
            length=d.get("len"),
            value=d.get("value") if isinstance(d.get("value"), int) else None,
            item_shape=list(d["item_shape"]) if isinstance(d.get("item_shape"), list) else None,
            items_equal=d.get("items_equal") if isinstance(d.get("items_equal"), bool) else None,
        )

    def to_json(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v is not None}


@dataclass
class ValueTrace:
    """What the last run saw at each assignment of the user's files (first hits per line)."""

    lines: dict[str, dict[int, list[ValueFact]]] = field(default_factory=dict)

    def at(self, path: str | Path, line: int) -> list[ValueFact]:
        """The facts recorded for the statement starting at ``line`` of ``path``."""
        for known, by_line in self.lines.items():
            if _same(known, path):
                return by_line.get(line, [])
        return []

    def of(self, name: str, path: str | Path | None = None) -> list[tuple[int, ValueFact]]:
        """Every (line, fact) recorded for variable ``name``, in line order."""
        out: list[tuple[int, ValueFact]] = []
        for known, by_line in self.lines.items():
            if path is not None and not _same(known, path):
                continue
            for line in sorted(by_line):
                out += [(line, f) for f in by_line[line] if f.name == name]
        return out

    def to_json(self) -> dict[str, dict[str, list[dict[str, Any]]]]:
        return {
            p: {str(n): [f.to_json() for f in facts] for n, facts in by_line.items()}
            for p, by_line in self.lines.items()
        }

    @classmethod
    def from_json(cls, d: Any) -> ValueTrace:
        out = cls()
        if not isinstance(d, dict):
            return out
        for path, by_line in d.items():
            if not isinstance(by_line, dict):
                continue
            lines: dict[int, list[ValueFact]] = {}
            for n, facts in by_line.items():
                if str(n).isdigit() and isinstance(facts, list):
                    lines[int(n)] = [ValueFact.from_json(f) for f in facts if isinstance(f, dict)]
            out.lines[str(path)] = lines
        return out


def _same(a: str | Path, b: str | Path) -> bool:
    try:
        return Path(a).resolve() == Path(b).resolve()
    except (OSError, ValueError):
        return str(a) == str(b)
