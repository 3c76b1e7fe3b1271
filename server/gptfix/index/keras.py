"""Bridges the walked script and the Keras model it writes: inputs, backbone, chains, heads.

Works on what :class:`gptfix.index.scopes.ScopeWalker` recorded (assignments in source
order with their roles, calls, classes) and the configuration values, and answers with
:class:`gptfix.index.facts.KerasFacts`: ``keras.Input`` tensors, backbone construction
and where it is applied, the functional chain of every branch, the augmentation
pipeline, concatenations, heads, ``compile()``/``fit()`` and the batch size's source.
"""

from __future__ import annotations

import ast

from gptfix.index.facts import (
    Application,
    Assignment,
    AugLayer,
    AugmentationFact,
    BackboneFact,
    Branch,
    CallFact,
    ChainStep,
    ConcatFact,
    ConfigAttr,
    InputFact,
    KerasFacts,
    ModelFact,
)
from gptfix.index.imports import dotted
from gptfix.index.positions import LineMap, short
from gptfix.index.scopes import ScopeWalker
from gptfix.index.training import batch_size_source, compile_and_fit
from gptfix.index.values import backbone_kind, is_augmentation_op

_MERGE_OPS = (
    "Concatenate",
    "concatenate",
    "concat",
    "Add",
    "add",
    "Multiply",
    "multiply",
    "Average",
)


class KerasPass:
    def __init__(self, walker: ScopeWalker, lines: LineMap, config: list[ConfigAttr]) -> None:
        self.w = walker
        self.lines = lines
        self.config = config
        self.facts = KerasFacts()

    # -- helpers --------------------------------------------------------------
    def src(self, node: ast.AST) -> str:
        return short(self.lines.node_text(node))

    def qual(self, node: ast.expr, sid: int) -> str | None:
        return self.w.imports.resolve_expr(node, set(self.w.visible_scopes(sid)))

    def op_name(self, node: ast.expr, sid: int) -> str:
        return self.qual(node, sid) or dotted(node) or self.src(node)

    def call_fact(self, call: ast.Call, sid: int) -> CallFact:
        return CallFact(
            func=dotted(call.func) or self.src(call.func),
            qualname=self.qual(call.func, sid),
            args=[self.src(a) for a in call.args],
            kwargs={k.arg or "**": self.src(k.value) for k in call.keywords},
            line=call.lineno,
            end_line=call.end_lineno or call.lineno,
            col=self.lines.char_col(call.lineno, call.col_offset),
            end_col=self.lines.char_col(call.end_lineno or call.lineno, call.end_col_offset or 0),
        )

    @staticmethod
    def arg(call: ast.Call, pos: int, name: str) -> ast.expr | None:
        for k in call.keywords:
            if k.arg == name:
                return k.value
        return call.args[pos] if len(call.args) > pos else None

    # -- run ------------------------------------------------------------------
    def run(self) -> KerasFacts:
        for a in self.w.assignments:
            if a.value_kind == "input" and isinstance(a.value, ast.Call):
                self._input(a, a.value)
            elif a.value_kind == "backbone" and isinstance(a.value, ast.Call):
                self._backbone(a.targets[0], a.value, a.scope)
            elif a.value_kind == "augmentation":
                self._augmentation_value(a)
            if isinstance(a.value, ast.Call) and a.value_kind in ("model", "compiled-model"):
                self._model(a, a.value)
        for ret, fn, sid, kind in self.w.returns:
            value = ret.value
            if value is None or kind not in ("augmentation", "model", "compiled-model"):
                continue
            a = Assignment([f"{fn}()"], f"return of {fn}()", value, ret.lineno,
                           ret.end_lineno or ret.lineno, sid, kind)  # fmt: skip
            if kind == "augmentation":
                self._augmentation_value(a)
            elif isinstance(value, ast.Call):
                self._model(a, value)
        self._applications()
        self._branches()
        self._augmenter_functions()
        self._subclassed()
        compile_and_fit(self)
        self._heads()
        self.facts.batch_size = batch_size_source(self)
        return self.facts

    def _input(self, a: Assignment, call: ast.Call) -> None:
        shape = self.arg(call, 0, "shape")
        name = self.arg(call, 99, "name")
        dtype = self.arg(call, 99, "dtype")
        self.facts.inputs.append(
            InputFact(
                var=a.targets[0],
                shape=self.src(shape) if shape is not None else None,
                name=name.value
                if isinstance(name, ast.Constant) and isinstance(name.value, str)
                else None,
                dtype=self.src(dtype) if dtype is not None else None,
                line=a.line,
                scope=a.scope,
            )
        )

    def _backbone(self, var: str | None, call: ast.Call, sid: int) -> BackboneFact:
        q = self.qual(call.func, sid) or self.op_name(call.func, sid)
        preset = None
        if q.endswith(".from_preset"):
            p = self.arg(call, 0, "preset")
            preset = self.src(p) if p is not None else None
        fact = BackboneFact(var, q, self.call_fact(call, sid), call.lineno, sid, preset)
        tensor = self.arg(call, 99, "input_tensor")
        if tensor is not None:  # applied where it is built; its .output carries the result
            fact.applied.append(Application(call.lineno, [self.src(tensor)], None))
        self.facts.backbones.append(fact)
        return fact

    def _applications(self) -> None:
        """Where each backbone is called on a tensor (or its ``.output`` is read)."""
        by_var = {b.var: b for b in self.facts.backbones if b.var}
        for a in self.w.assignments:
            v = a.value
            if isinstance(v, ast.Call) and isinstance(v.func, ast.Name) and v.func.id in by_var:
                by_var[v.func.id].applied.append(
                    Application(a.line, [self.src(x) for x in v.args], a.targets[0])
                )
            elif isinstance(v, ast.Call) and isinstance(v.func, ast.Call):
                q = self.qual(v.func.func, a.scope)
                if q and backbone_kind(q) == "backbone":
                    fact = self._backbone(None, v.func, a.scope)
                    fact.applied.append(
                        Application(a.line, [self.src(x) for x in v.args], a.targets[0])
                    )
            elif isinstance(v, ast.Attribute) and isinstance(v.value, ast.Name):
                if v.value.id in by_var and v.attr in ("output", "outputs"):
                    by_var[v.value.id].output_attr_line = a.line
                    by_var[v.value.id].applied.append(Application(a.line, [], a.targets[0]))

    def _augmentation_value(self, a: Assignment) -> None:
        v = a.value
        if isinstance(v, (ast.List, ast.Tuple)):
            kind, elts = "list", v.elts
        elif isinstance(v, ast.Call) and v.args and isinstance(v.args[0], (ast.List, ast.Tuple)):
            kind, elts = "sequential", v.args[0].elts
        else:
            return
        layers = [
            AugLayer(self.op_name(e.func, a.scope), e.lineno, self.src(e))
            for e in elts
            if isinstance(e, ast.Call)
        ]
        self.facts.augmentations.append(
            AugmentationFact(kind, a.targets[0], a.line, a.end_line, a.scope, layers)
        )

    def _augmenter_functions(self) -> None:
        """Functions that call augmentation ops outside any list/Sequential pipeline."""
        covered = {
            (layer.line, layer.source)
            for aug in self.facts.augmentations
            for layer in aug.layers
        }  # fmt: skip
        found: dict[int, AugmentationFact] = {}
        for call, sid in self.w.calls:
            scope = self.w.scopes[sid]
            if scope.kind != "function":
                continue
            func = call.func.func if isinstance(call.func, ast.Call) else call.func
            q = self.qual(func, sid)
            if not is_augmentation_op(q) or (call.lineno, self.src(call)) in covered:
                continue
            if isinstance(call.func, ast.Call):
                covered.add((call.func.lineno, self.src(call.func)))
            fact = found.setdefault(
                sid, AugmentationFact("function", scope.name, scope.line, scope.end_line, sid)
            )
            fact.layers.append(AugLayer(q or self.src(func), call.lineno, self.src(call)))
        for fact in found.values():
            fact.layers.sort(key=lambda layer: layer.line)
            self.facts.augmentations.append(fact)

    def _model(self, a: Assignment, call: ast.Call) -> None:
        q = self.qual(call.func, a.scope) or ""
        var = a.targets[0]
        if q.endswith("Sequential"):
            elts = (
                call.args[0].elts
                if call.args and isinstance(call.args[0], (ast.List, ast.Tuple))
                else []
            )
            layers = [
                AugLayer(self.op_name(e.func, a.scope), e.lineno, self.src(e))
                for e in elts
                if isinstance(e, ast.Call)
            ]
            self.facts.models.append(ModelFact(var, "sequential", a.line, a.scope, layers=layers))
        elif q.endswith("Model"):
            ins = self.arg(call, 0, "inputs")
            outs = self.arg(call, 1, "outputs")
            self.facts.models.append(
                ModelFact(var, "functional", a.line, a.scope, _items(ins, self), _items(outs, self))
            )
        elif q.endswith(".from_preset") or backbone_kind(q):
            self.facts.models.append(ModelFact(var, "pretrained", a.line, a.scope, cls=q))
        elif isinstance(call.func, ast.Name) and self.w.class_kinds.get(call.func.id) == "model":
            self.facts.models.append(
                ModelFact(var, "subclassed", a.line, a.scope, cls=call.func.id)
            )

    def _subclassed(self) -> None:
        used = {m.cls for m in self.facts.models if m.kind == "subclassed"}
        for name, (cls, sid) in self.w.classes.items():
            if self.w.class_kinds.get(name) == "model" and name not in used:
                self.facts.models.append(ModelFact(None, "subclassed", cls.lineno, sid, cls=name))
        seq = {m.var: m for m in self.facts.models if m.kind == "sequential" and m.var}
        for call, sid in self.w.calls:
            f = call.func
            if (
                isinstance(f, ast.Attribute)
                and f.attr == "add"
                and isinstance(f.value, ast.Name)
                and f.value.id in seq
                and call.args
                and isinstance(call.args[0], ast.Call)
            ):
                layer = call.args[0]
                seq[f.value.id].layers.append(
                    AugLayer(self.op_name(layer.func, sid), layer.lineno, self.src(layer))
                )

    # -- functional chains ----------------------------------------------------
    def _branches(self) -> None:
        per_scope: dict[int, list[Assignment]] = {}
        for a in self.w.assignments:
            if a.value_kind in ("tensor", "input"):
                per_scope.setdefault(a.scope, []).append(a)
        for sid, assigns in per_scope.items():
            self._scope_branches(sid, assigns)

    def _scope_branches(self, sid: int, assigns: list[Assignment]) -> None:
        versions: dict[str, tuple[int, int]] = {}  # var -> (branch index, step count at def)
        params = {
            b.name: b.line
            for b in self.w.bindings
            if b.scope == sid and b.kind == "param" and b.value_kind == "tensor"
        }
        for a in assigns:
            if a.value_kind == "input":
                for t in a.targets:
                    self.facts.branches.append(Branch(t, a.line, sid))
                    versions[t] = (len(self.facts.branches) - 1, 0)
                continue
            if isinstance(a.value, (ast.Dict, ast.List, ast.Tuple)):
                continue  # a container of tensors (inputs dict) is not a step
            reads = _reads(a.value)
            for name in reads:  # a tensor parameter (``call(self, inputs)``) starts a chain
                if name not in versions and name in params:
                    self.facts.branches.append(Branch(name, params[name], sid))
                    versions[name] = (len(self.facts.branches) - 1, 0)
            inputs = [n for n in reads if n in versions]
            op = self._op(a.value, sid)
            step = ChainStep(", ".join(a.targets), op, inputs, a.line, self.src(a.value))
            branch_ids = {versions[n][0] for n in inputs}
            if len(branch_ids) == 1:
                bid = branch_ids.pop()
                branch = self.facts.branches[bid]
                if versions[inputs[0]][1] != len(branch.steps):  # a fork from an earlier tensor
                    branch = Branch(inputs[0], self._line_of(branch, versions[inputs[0]][1]), sid)
                    self.facts.branches.append(branch)
                    bid = len(self.facts.branches) - 1
            else:
                if not inputs:
                    origin = self._origin(a.value, reads)
                    line = a.line
                else:  # a merge starts a new chain at its result
                    origin, line = step.var, a.line
                branch = Branch(origin, line, sid)
                self.facts.branches.append(branch)
                bid = len(self.facts.branches) - 1
            branch.steps.append(step)
            for t in a.targets:
                versions[t] = (bid, len(branch.steps))
            if any(op.endswith(m) for m in _MERGE_OPS) and len(inputs) >= 2:
                self.facts.concatenations.append(ConcatFact(step.var, op, inputs, a.line))

    @staticmethod
    def _line_of(branch: Branch, count: int) -> int:
        return branch.steps[count - 1].line if count else branch.origin_line

    def _origin(self, value: ast.expr, reads: list[str]) -> str:
        if isinstance(value, ast.Attribute):
            return self.src(value)
        callees = set()
        if isinstance(value, ast.Call):
            callees = {n.id for n in ast.walk(value.func) if isinstance(n, ast.Name)}
        rest = [n for n in reads if n not in callees]
        return rest[0] if rest else self.src(value)

    def _op(self, value: ast.expr, sid: int) -> str:
        if isinstance(value, ast.Call):
            f = value.func
            if isinstance(f, ast.Call):
                return self.op_name(f.func, sid)
            return self.op_name(f, sid)
        if isinstance(value, ast.BinOp):
            return type(value.op).__name__
        return type(value).__name__

    def _heads(self) -> None:
        for model in self.facts.models:
            if model.kind != "functional":
                continue
            for out in model.outputs:
                best: ChainStep | None = None
                for branch in self.facts.branches:
                    if branch.scope != model.scope:
                        continue
                    for step in branch.steps:
                        if out in step.var.split(", ") and step.line <= model.line:
                            if best is None or step.line > best.line:
                                best = step
                if best is not None and best not in self.facts.heads:
                    self.facts.heads.append(best)

    # -- compile / fit / batch size -------------------------------------------


def _reads(node: ast.expr) -> list[str]:
    out: list[str] = []
    for sub in ast.walk(node):
        if isinstance(sub, ast.Name) and isinstance(sub.ctx, ast.Load) and sub.id not in out:
            out.append(sub.id)
    return out


def _items(node: ast.expr | None, kp: KerasPass) -> list[str]:
    if node is None:
        return []
    if isinstance(node, (ast.List, ast.Tuple)):
        return [kp.src(e) for e in node.elts]
    if isinstance(node, ast.Dict):
        return [kp.src(v) for v in node.values]
    return [kp.src(node)]


def keras_facts(walker: ScopeWalker, lines: LineMap, config: list[ConfigAttr]) -> KerasFacts:
    """The Keras facts of a walked script."""
    return KerasPass(walker, lines, config).run()
