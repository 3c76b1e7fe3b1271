"""Bridges the script's import style to the code the recipes write.

New code must say ``layers.RandomFlip`` where the script says ``layers.Dense``,
``keras.layers.RandomFlip`` where it says ``keras.layers.Dense``, and add ``RandomFlip`` to
``from keras.layers import ...`` where it imports layers by name. :class:`Style` spells
every new reference the way the script's own calls and imports do (the script index's
import table, :meth:`gptfix.index.ImportTable.spell`, for module paths); imports it had
to add are applied by :meth:`Style.patch_imports`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import libcst as cst

from gptfix.index import ScriptIndex
from gptfix.recipes.patch import NodeEdits
from gptfix.recipes.source import CstScript, callee, dotted

#: Public paths Keras exports twice: the script may import either spelling.
_SAME = {
    "keras.Sequential": "keras.models.Sequential",
    "keras.Model": "keras.models.Model",
    "keras.Input": "keras.layers.Input",
}


def _module_name(node: cst.BaseExpression | None) -> str:
    return dotted(node) or ""


def _canonical(path: str) -> str:
    for pkg in ("tensorflow.keras", "tf.keras"):
        if path == pkg or path.startswith(pkg + "."):
            return "keras" + path[len(pkg) :]
    return path


@dataclass
class Style:
    """How the script spells Keras: module aliases, names imported directly."""

    #: canonical dotted path -> the local prefix that reaches it ("keras.layers" -> "L")
    prefixes: dict[str, list[str]] = field(default_factory=dict)
    #: names imported by ``from <module> import name``: canonical path -> ImportFrom statement
    from_imports: dict[str, cst.SimpleStatementLine] = field(default_factory=dict)
    #: bare local names imported from a keras module: local -> canonical dotted path
    direct: dict[str, str] = field(default_factory=dict)
    tf_alias: str | None = None
    uses_keras_cv: bool = False
    uses_keras_hub: bool = False
    layer_prefix_counts: Counter[str] = field(default_factory=Counter)
    text: str = ""  #: the script (for the index, built on first need)
    index: ScriptIndex | None = None
    own: dict[str, str] = field(default_factory=dict)  #: prefixes this run's imports added
    package: str = "keras"  #: how the script's from-imports spell the package
    taken: set[str] = field(default_factory=set)  #: names already bound in the script
    added: list[str] = field(default_factory=list)  #: import statements to add
    extend: dict[cst.SimpleStatementLine, list[str]] = field(default_factory=dict)

    @classmethod
    def of(cls, src: CstScript) -> Style:
        style = cls(text=src.text, taken=src.names_in_use())
        for stmt in src.module.body:
            if not isinstance(stmt, cst.SimpleStatementLine):
                continue
            for small in stmt.body:
                if isinstance(small, cst.Import):
                    for alias in small.names:
                        name = _module_name(alias.name)
                        local = dotted(alias.asname.name) if alias.asname else None
                        style._add_import(name, local)
                elif isinstance(small, cst.ImportFrom) and not small.relative:
                    module = _canonical(_module_name(small.module))
                    if not module.startswith(("keras", "tensorflow")):
                        continue
                    if isinstance(small.names, cst.ImportStar):
                        continue
                    style.from_imports.setdefault(module, stmt)
                    if _module_name(small.module).startswith("tensorflow.keras"):
                        style.package = "tensorflow.keras"
                    for alias in small.names:
                        name = _module_name(alias.name)
                        local = dotted(alias.asname.name) if alias.asname else name
                        path = _canonical(f"{module}.{name}")
                        if module == "tensorflow" and name == "keras":
                            path = "keras"
                        style.prefixes.setdefault(path, []).append(local or name)
                        style.direct[local or name] = path
        for call in src.calls:
            name = callee(call) or ""
            if "." in name:
                prefix = name.rsplit(".", 1)[0]
                if style.resolve(prefix) == "keras.layers":
                    style.layer_prefix_counts[prefix] += 1
        return style

    def _add_import(self, name: str, local: str | None) -> None:
        if name == "tensorflow":
            self.tf_alias = local or "tensorflow"
            self.prefixes.setdefault("keras", []).append(f"{self.tf_alias}.keras")
        elif name.split(".")[0] == "keras_cv":
            self.uses_keras_cv = True
            self.prefixes.setdefault("keras_cv", []).append(local or name)
        elif name.split(".")[0] == "keras_hub":
            self.uses_keras_hub = True
            self.prefixes.setdefault("keras_hub", []).append(local or name)
        elif _canonical(name).startswith("keras"):
            self.prefixes.setdefault(_canonical(name), []).append(local or name)

    def resolve(self, written: str) -> str | None:
        """Canonical path of a dotted prefix as the script writes it (``L`` -> keras.layers)."""
        head, _, rest = written.partition(".")
        for path, locals_ in self.prefixes.items():
            for local in locals_:
                if written == local:
                    return path
                if written.startswith(local + "."):
                    return f"{path}.{written[len(local) + 1 :]}"
        if head in self.direct and rest:
            return f"{self.direct[head]}.{rest}"
        if head in self.direct:
            return self.direct[head]
        return None

    @property
    def has_keras(self) -> bool:
        return any(p == "keras" or p.startswith("keras.") for p in self.prefixes)

    def _spell(self, path: str) -> str | None:
        """How the script index spells ``path`` with the script's imports (None: it can't)."""
        if self.index is None:
            from gptfix.index import build_index

            self.index = build_index(self.text)
        return self.index.imports.spell(path)

    def _prefix_for(self, path: str) -> str | None:
        """How the script already reaches ``path`` (a module), if it does."""
        if path == "keras.layers" and self.layer_prefix_counts:
            return self.layer_prefix_counts.most_common(1)[0][0]  # as its layer calls do
        if path in self.own:
            return self.own[path]
        spelled = self._spell(path)
        if spelled is not None:
            return spelled
        best: str | None = None
        for known, locals_ in self.prefixes.items():
            if path == known or path.startswith(known + "."):
                for local in locals_:
                    cand = local + path[len(known) :]
                    if best is None or len(cand) < len(best):
                        best = cand
        return best

    def ref(self, path: str) -> str:
        """Spell canonical ``path`` (``keras.layers.RandomFlip``) in the script's style.

        Adds a name to an existing ``from keras.layers import ...`` when the script imports
        that module's members by name and has no module alias; adds ``import keras`` as a
        last resort.
        """
        module, _, name = path.rpartition(".")
        if name in self.direct and self.direct[name] in (path, _SAME.get(path)):
            return name
        prefix = self._prefix_for(module)
        if prefix is not None:
            return f"{prefix}.{name}"
        stmt = self.from_imports.get(module)
        if stmt is not None:
            names = self.extend.setdefault(stmt, [])
            if name not in names:
                names.append(name)
            self.direct[name] = path
            return name
        parts = path.split(".")
        if self.from_imports and parts[0] == "keras" and len(parts) >= 2:
            sub = parts[1]
            if sub not in self.taken or self.prefixes.get(f"keras.{sub}") == [sub]:
                if self.prefixes.get(f"keras.{sub}") != [sub]:
                    self.added.append(f"from {self.package} import {sub}")
                    self.prefixes[f"keras.{sub}"] = [sub]
                    self.own[f"keras.{sub}"] = sub
                    self.taken.add(sub)
                return ".".join(parts[1:])
        if "import keras" not in self.added:
            self.added.append("import keras")
            self.prefixes.setdefault("keras", []).append("keras")
            self.own["keras"] = "keras"
        return path

    def layer(self, name: str) -> str:
        return self.ref(f"keras.layers.{name}")

    def patch_imports(
        self, src: CstScript, patch: NodeEdits, used_at: cst.CSTNode | None = None
    ) -> None:
        """Schedule the imports :meth:`ref` needed onto ``patch`` (before ``used_at``)."""
        for stmt, names in self.extend.items():
            small = stmt.body[0]
            assert isinstance(small, cst.ImportFrom) and not isinstance(small.names, cst.ImportStar)
            extra = [cst.ImportAlias(name=cst.Name(n)) for n in names]

            def grow(node: cst.CSTNode, extra: list[cst.ImportAlias] = extra) -> cst.CSTNode:
                assert isinstance(node, cst.SimpleStatementLine)
                imp = node.body[0]
                assert isinstance(imp, cst.ImportFrom) and not isinstance(imp.names, cst.ImportStar)
                old = list(imp.names)
                old[-1] = old[-1].with_changes(
                    comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
                )
                return node.with_changes(body=[imp.with_changes(names=[*old, *extra])])

            patch.edit(stmt, grow)
        if self.added:
            new = [cst.parse_statement(code + "\n") for code in self.added]
            anchor = src.last_import(used_at)
            if anchor is None:
                patch.prepend.extend(new)
            else:
                patch.after[anchor].extend(new)
