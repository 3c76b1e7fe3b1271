"""The vocabulary of the script index: plain dataclasses, no logic.

Bridges the ``ast`` walk (:mod:`gptfix.index.scopes`, :mod:`gptfix.index.keras`, ...)
and every consumer (repair rules, the LLM context builder and applier, recipes, the
language server). Positions: ``line``/``end_line`` are 1-based; ``col``/``end_col`` are
0-based and counted in Unicode code points (ready for :class:`gptfix.model.Edit` after
``line - 1``). Source snippets (``value``, ``shape``...) are the text as written.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class Scope:
    """A module, class, function, lambda or comprehension body."""

    id: int  #: index into ``ScriptIndex.scopes``; 0 is the module
    kind: str  #: "module" | "class" | "function" | "lambda" | "comprehension"
    name: str  #: "<module>", the def/class name, "<lambda>", "<listcomp>"...
    qualname: str  #: dotted path, e.g. "Net.call"
    line: int
    end_line: int
    parent: int | None  #: enclosing scope id


@dataclass
class Binding:
    """One place a name is bound (assigned, imported, a parameter, a def...)."""

    name: str
    line: int
    col: int
    end_line: int
    end_col: int
    scope: int  #: scope id
    kind: str  #: "assign" | "augassign" | "annassign" | "import" | "param" | "def" | "class" | "for" | "with" | "except" | "walrus" | "comprehension" | "global" | "match"
    #: what the value is, when known: "input" | "backbone" | "tensor" | "layer" | "model" |
    #: "compiled-model" | "augmentation" | "dataset" | "optimizer" | "loss" | "metric" |
    #: "callback" | "history" | "config" | "module" | "function" | "class" | "constant" |
    #: "array" | "dataframe" | "path" | None
    value_kind: str | None = None
    value: str | None = None  #: the assigned expression as written (shortened), if any
    stmt_line: int = 0  #: first line of the statement that binds it


@dataclass
class Access:
    """One read (or ``del``) of a name."""

    name: str
    line: int
    col: int
    end_col: int
    scope: int
    ctx: str = "load"  #: "load" | "del" | "aug" (the read half of ``x += 1``)


@dataclass
class ImportedName:
    """A name an import statement binds, and the dotted path it stands for."""

    local: str  #: the bound name, e.g. "layers"
    qualified: str  #: canonical dotted path, e.g. "keras.layers" (tf.keras is spelled keras)
    written: str  #: the path as the import wrote it, e.g. "tensorflow.keras.layers"
    line: int
    scope: int
    is_from: bool  #: ``from x import y`` (True) or ``import x`` (False)


@dataclass
class ConfigAttr:
    """A configuration value (class attribute, dict key, argparse default or constant)."""

    owner: str  #: "CFG", "config", "args" ("" for a module-level constant)
    name: str  #: "batch_size"
    value: str  #: the value as written ("8", "[128, 128]")
    line: int
    style: str  #: "class" | "dict" | "argparse" | "constant"
    expr: str  #: how the script reads it: "CFG.batch_size", 'cfg["lr"]', "args.lr", "EPOCHS"
    uses: list[tuple[int, int]] = field(default_factory=list)  #: (line, col) of each read


@dataclass
class ConfigMisread:
    """A read of a configuration attribute that no configuration defines (``CFG.BATCH_SIZE``)."""

    owner: str  #: "CFG", "args", "config"
    name: str  #: the attribute or key read, e.g. "BATCH_SIZE"
    line: int
    col: int  #: 0-based code-point column of the read
    expr: str  #: the read as written: "CFG.BATCH_SIZE", 'config["lr"]'
    close: str | None = None  #: the defined value it most likely means, e.g. "CFG.batch_size"
    close_line: int | None = None  #: where that value is defined


@dataclass
class CallFact:
    """A call as written: callee, resolved name, arguments (source text)."""

    func: str  #: callee as written, e.g. "layers.Dense"
    qualname: (
        str | None
    )  #: canonical path when the import table resolves it, e.g. "keras.layers.Dense"
    args: list[str]
    kwargs: dict[str, str]
    line: int
    end_line: int
    col: int
    end_col: int


@dataclass
class InputFact:
    """A ``keras.Input`` tensor."""

    var: str | None
    shape: str | None  #: the shape argument as written
    name: str | None  #: the ``name=`` string, if a literal
    dtype: str | None
    line: int
    scope: int


@dataclass
class Application:
    """Where a layer/backbone/model object is called on a tensor."""

    line: int
    inputs: list[str]  #: argument source texts
    output: str | None  #: the variable that receives the result


@dataclass
class BackboneFact:
    """A pretrained backbone (keras.applications, keras_cv/keras_hub ``from_preset``...)."""

    var: str | None
    constructor: str  #: canonical name, e.g. "keras.applications.EfficientNetB0"
    call: CallFact
    line: int
    scope: int
    preset: str | None = None  #: ``from_preset`` preset, when a literal or expression
    output_attr_line: int | None = None  #: line of ``backbone.output`` use, if any
    applied: list[Application] = field(default_factory=list)


@dataclass
class ChainStep:
    """One assignment in a functional chain: ``var = op(...)(inputs)``."""

    var: str  #: the variable that holds the new tensor
    op: str  #: the layer/function, canonical when resolvable ("keras.layers.Dense")
    inputs: list[str]  #: tensor variables it reads
    line: int
    source: str  #: the right-hand side as written (shortened)


@dataclass
class Branch:
    """An ordered functional chain starting at an input, a fork or a merge."""

    origin: str  #: the variable the chain starts from
    origin_line: int
    scope: int
    steps: list[ChainStep] = field(default_factory=list)


@dataclass
class AugLayer:
    op: str  #: canonical or written callee, e.g. "keras.layers.RandomFlip"
    line: int
    source: str


@dataclass
class AugmentationFact:
    """An augmentation pipeline: a list of layers, a Sequential or an augmenter function."""

    kind: str  #: "list" | "sequential" | "function"
    name: str | None  #: the variable, the function, or ``fn()`` when a function returns it
    line: int
    end_line: int
    scope: int
    layers: list[AugLayer] = field(default_factory=list)


@dataclass
class ConcatFact:
    var: str | None
    op: str
    inputs: list[str]  #: tensor variables merged, in order
    line: int


@dataclass
class ModelFact:
    """A model object the script builds."""

    var: str | None  #: the variable holding it, or ``fn()`` when a function returns it
    kind: str  #: "functional" | "sequential" | "subclassed" | "pretrained"
    line: int
    scope: int
    inputs: list[str] = field(default_factory=list)  #: source text of inputs
    outputs: list[str] = field(default_factory=list)  #: source text of outputs
    cls: str | None = None  #: the class for subclassed models
    layers: list[AugLayer] = field(default_factory=list)  #: Sequential layers in order


@dataclass
class CompileFact:
    model: str  #: receiver as written
    line: int
    optimizer: str | None
    loss: str | None
    metrics: str | None
    kwargs: dict[str, str] = field(default_factory=dict)


@dataclass
class FitFact:
    model: str
    method: str  #: "fit" (also "fit_generator")
    line: int
    data: str | None  #: first positional argument (or ``x=``)
    batch_size: str | None
    epochs: str | None
    kwargs: dict[str, str] = field(default_factory=dict)


@dataclass
class BatchSizeSource:
    """Where the batch size really comes from."""

    expr: str  #: the source-of-truth expression, e.g. "CFG.batch_size" or "32"
    value: str | None  #: its value as written, when known ("256")
    line: int  #: where that value is defined (the config line, or the literal's line)
    used_at: int  #: the line that consumes it (``fit(batch_size=...)`` or ``.batch(...)``)
    via: str  #: "fit" | "dataset" | "generator"
    chain: list[int] = field(default_factory=list)  #: lines followed from use to definition


@dataclass
class KerasFacts:
    """The Keras model as written."""

    inputs: list[InputFact] = field(default_factory=list)
    backbones: list[BackboneFact] = field(default_factory=list)
    branches: list[Branch] = field(default_factory=list)
    augmentations: list[AugmentationFact] = field(default_factory=list)
    concatenations: list[ConcatFact] = field(default_factory=list)
    heads: list[ChainStep] = field(default_factory=list)  #: steps producing model outputs
    models: list[ModelFact] = field(default_factory=list)
    compile: list[CompileFact] = field(default_factory=list)
    fit: list[FitFact] = field(default_factory=list)
    batch_size: BatchSizeSource | None = None

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class SyntaxProblem:
    """Where the current text fails to parse."""

    message: str
    line: int
    col: int  #: 0-based code-point column


@dataclass
class Assignment:
    """An assignment event seen by the walk, in source order (input to the Keras pass)."""

    targets: list[str]  #: plain names bound (tuple targets flattened)
    target_text: str  #: the target as written
    value: Any  #: the ``ast.expr`` assigned
    line: int
    end_line: int
    scope: int
    value_kind: str | None
