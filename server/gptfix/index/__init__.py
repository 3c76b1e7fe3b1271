"""The script index: what gptfix understands of a training script, from one ``ast`` parse.

Public API::

    from gptfix.index import build_index, IndexCache
    idx = build_index(text, path=None)        # never raises; idx.syntax_error when broken
    idx.keras.inputs / .backbones / .branches / .augmentations / .heads / .compile / .fit
    idx.keras.batch_size                      # BatchSizeSource(expr="CFG.batch_size", line=...)
    idx.keras.batch_sizes / .policies / .output_layers   # every batch size, dtype policies
    idx.origin(node)                          # Origin: where the value of an expression is written
    idx.config                                # [ConfigAttr(owner, name, value, line, style, expr, uses)]
    idx.imports.spell("keras.layers.Dense")   # "layers.Dense" in a `from keras import layers` script
    idx.enclosing_scope(line), idx.dependencies(line), idx.names_in_scope(line)

    # jedi, under a deadline (never per keystroke): types, and definitions across files
    infer_names(text, path, line, ["model"], python=None, deadline=2.0)  # {name: InferredType}
    definitions(text, path, line, col=None, python=None)  # [Definition(module_path, line, name)]
"""

from __future__ import annotations

from gptfix.index.cache import INDEXES, IndexCache, build_index
from gptfix.index.facts import (
    Access,
    Application,
    AugLayer,
    AugmentationFact,
    BackboneFact,
    BatchSizeSource,
    Binding,
    Branch,
    CallFact,
    ChainStep,
    CompileFact,
    ConcatFact,
    ConfigAttr,
    ConfigMisread,
    FitFact,
    ImportedName,
    InputFact,
    KerasFacts,
    ModelFact,
    Origin,
    PolicyFact,
    Scope,
    Span,
    SyntaxProblem,
)
from gptfix.index.imports import CONVENTIONAL, ImportTable, canonical
from gptfix.index.infer import Definition, InferredType, definitions, infer_names
from gptfix.index.positions import LineMap
from gptfix.index.script import BUILTINS, ScriptIndex, syntax_problem

__all__ = [
    "BUILTINS",
    "CONVENTIONAL",
    "Access",
    "Application",
    "AugLayer",
    "AugmentationFact",
    "BackboneFact",
    "BatchSizeSource",
    "Binding",
    "Branch",
    "CallFact",
    "CompileFact",
    "ConcatFact",
    "ConfigAttr",
    "ConfigMisread",
    "Definition",
    "FitFact",
    "ImportTable",
    "ImportedName",
    "InferredType",
    "INDEXES",
    "IndexCache",
    "InputFact",
    "KerasFacts",
    "LineMap",
    "ModelFact",
    "Origin",
    "PolicyFact",
    "Scope",
    "ScriptIndex",
    "Span",
    "ChainStep",
    "SyntaxProblem",
    "build_index",
    "canonical",
    "definitions",
    "infer_names",
    "syntax_problem",
]
