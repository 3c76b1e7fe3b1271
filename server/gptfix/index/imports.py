"""Bridges import statements and dotted names: how this script spells ``keras.layers.Dense``.

Reads ``import keras``, ``from keras import layers``, ``from tensorflow import keras``,
``import tensorflow as tf`` (``tf.keras.layers``)... into one table of local names and the
canonical dotted path each stands for (``tensorflow.keras`` is canonicalised to
``keras``), so code can be resolved (``layers.Dense`` -> ``keras.layers.Dense``) and
written back in the script's own style (:meth:`ImportTable.spell`).
"""

from __future__ import annotations

import ast
from collections import Counter
from collections.abc import Iterable

from gptfix.index.facts import ImportedName

#: path prefixes that name the same module (Keras 3 under TF 2.16+ is ``keras``).
_EQUIVALENT = (
    ("tensorflow.python.keras", "keras"),
    ("tensorflow.keras", "keras"),
    ("tf.keras", "keras"),
    ("keras.api", "keras"),
)

#: conventional aliases a chat answer uses without importing them.
CONVENTIONAL: dict[str, str] = {
    "tf": "tensorflow",
    "np": "numpy",
    "pd": "pandas",
    "plt": "matplotlib.pyplot",
    "keras": "keras",
    "layers": "keras.layers",
    "models": "keras.models",
    "optimizers": "keras.optimizers",
    "losses": "keras.losses",
    "metrics": "keras.metrics",
    "callbacks": "keras.callbacks",
    "applications": "keras.applications",
    "regularizers": "keras.regularizers",
    "initializers": "keras.initializers",
    "ops": "keras.ops",
    "K": "keras.backend",
    "keras_cv": "keras_cv",
    "keras_hub": "keras_hub",
    "tfds": "tensorflow_datasets",
    "Model": "keras.Model",
    "Sequential": "keras.Sequential",
    "Input": "keras.Input",
}
_LAYER_CLASSES = (
    "Dense Dropout Conv2D Conv1D GlobalAveragePooling2D GlobalMaxPooling2D BatchNormalization "
    "Flatten Concatenate Activation Multiply Add Reshape MaxPooling2D AveragePooling2D "
    "LayerNormalization MultiHeadAttention Embedding LSTM GRU Bidirectional RandomFlip "
    "RandomRotation RandomZoom RandomContrast RandomTranslation RandomCrop RandomBrightness "
    "Rescaling Resizing DepthwiseConv2D SeparableConv2D Lambda Permute ZeroPadding2D "
    "UpSampling2D Conv2DTranspose SpatialDropout2D GaussianNoise"
).split()
CONVENTIONAL.update({name: f"keras.layers.{name}" for name in _LAYER_CLASSES})
CONVENTIONAL.update(
    {name: f"keras.optimizers.{name}" for name in ("Adam", "AdamW", "SGD", "RMSprop", "Adamax")}
)
CONVENTIONAL.update(
    {
        name: f"keras.callbacks.{name}"
        for name in (
            "EarlyStopping",
            "ModelCheckpoint",
            "ReduceLROnPlateau",
            "LearningRateScheduler",
        )
    }
)

#: how to import a top-level package when the script has nothing to spell it with.
#: Keras submodules (under ``keras.`` or ``tensorflow.keras.``), the usual homes first:
#: where a name that moved between versions may now live.
KERAS_SUBMODULES = (
    "layers",
    "utils",
    "ops",
    "models",
    "optimizers",
    "losses",
    "metrics",
    "callbacks",
    "applications",
    "preprocessing.image",
    "preprocessing",
    "preprocessing.sequence",
    "preprocessing.text",
    "random",
    "backend",
    "regularizers",
    "initializers",
    "activations",
    "optimizers.schedules",
    "mixed_precision",
)

_IMPORT_AS = {"tensorflow": "tf", "numpy": "np", "pandas": "pd", "tensorflow_datasets": "tfds"}


def canonical(path: str) -> str:
    """The canonical spelling of a dotted path (``tensorflow.keras.X`` -> ``keras.X``)."""
    for prefix, target in _EQUIVALENT:
        if path == prefix or path.startswith(prefix + "."):
            return target + path[len(prefix) :]
    return path


def dotted(node: ast.AST) -> str | None:
    """``a.b.c`` for a Name/Attribute chain, else None."""
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return ".".join(reversed(parts))
    return None


def read_imports(stmt: ast.Import | ast.ImportFrom, scope: int) -> list[ImportedName]:
    """The names one import statement binds."""
    out: list[ImportedName] = []
    if isinstance(stmt, ast.Import):
        for alias in stmt.names:
            if alias.asname:
                local, written = alias.asname, alias.name
            else:
                local = alias.name.split(".")[0]
                written = local
            out.append(ImportedName(local, canonical(written), written, stmt.lineno, scope, False))
        return out
    if stmt.level or not stmt.module:
        return out  # relative imports name local modules; nothing to canonicalise
    for alias in stmt.names:
        if alias.name == "*":
            continue
        written = f"{stmt.module}.{alias.name}"
        local = alias.asname or alias.name
        out.append(ImportedName(local, canonical(written), written, stmt.lineno, scope, True))
    return out


class ImportTable:
    """Every imported name of a script, with resolution and spelling in its style."""

    def __init__(self, names: Iterable[ImportedName], uses: Counter[str] | None = None) -> None:
        self.names = list(names)
        self.uses: Counter[str] = uses or Counter()

    def _visible(self, scopes: set[int] | None) -> list[ImportedName]:
        allowed = scopes if scopes is not None else {0}
        return [n for n in self.names if n.scope in allowed]

    def aliases(self, scopes: set[int] | None = None) -> dict[str, str]:
        """local name -> canonical path (module-level imports unless ``scopes`` given)."""
        return {n.local: n.qualified for n in self._visible(scopes)}

    def resolve(self, dotted_name: str, scopes: set[int] | None = None) -> str | None:
        """Canonical path of a dotted expression (``layers.Dense`` -> ``keras.layers.Dense``)."""
        head, _, rest = dotted_name.partition(".")
        table = self.aliases(scopes)
        if head not in table:
            return None
        base = table[head]
        return canonical(f"{base}.{rest}" if rest else base)

    def resolve_expr(self, node: ast.expr, scopes: set[int] | None = None) -> str | None:
        name = dotted(node)
        return self.resolve(name, scopes) if name else None

    def spell(self, qualified: str, scopes: set[int] | None = None) -> str | None:
        """How this script writes ``qualified`` with the imports it has, or None.

        The most specific import wins (``from keras import layers`` gives
        ``layers.Dense`` over ``keras.layers.Dense``); among equals, the script's own
        ``import keras`` over ``tf.keras`` and then the alias the script uses most.
        """
        target = canonical(qualified)
        best: tuple[int, int, int, str] | None = None
        for name in self._visible(scopes):
            covers = [(name.qualified, name.local, 1)]
            if name.qualified == "tensorflow":  # ``tf.keras``: a way to Keras, not its import
                covers.append(("keras", f"{name.local}.keras", 0))
            for base, spelled_base, direct in covers:
                if target == base:
                    spelled = spelled_base
                elif target.startswith(base + "."):
                    spelled = spelled_base + target[len(base) :]
                else:
                    continue
                rank = (len(base), direct, self.uses[name.local], spelled)
                if best is None or rank[:3] > best[:3]:
                    best = rank
        return best[3] if best else None

    def spell_or_import(self, qualified: str) -> tuple[str, str | None]:
        """(spelling, import statement to add or None) for ``qualified`` at module level."""
        spelled = self.spell(qualified)
        if spelled:
            return spelled, None
        target = canonical(qualified)
        top = target.split(".")[0]
        alias = _IMPORT_AS.get(top)
        if alias:
            return alias + target[len(top) :], f"import {top} as {alias}"
        return target, f"import {top}"

    def style(self) -> str:
        """A short description of how the script reaches Keras, e.g. ``keras.layers``."""
        for probe in ("keras.layers.Dense", "keras.Model"):
            spelled = self.spell(probe)
            if spelled:
                return spelled.rsplit(".", 1)[0] if "." in spelled else spelled
        return "none"
