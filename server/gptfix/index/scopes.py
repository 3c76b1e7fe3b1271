"""Bridges an ``ast`` tree and its names: scopes, bindings (with roles) and accesses.

One pass in source order over the module. Each binding gets the role of its value
(:func:`gptfix.index.values.classify`) from what is known at that point, so
``x = Dense(8)(inputs)`` is a "tensor" because ``inputs`` is an "input". Also records,
for the later passes, every assignment event, every call and every class.
"""

from __future__ import annotations

import ast

from gptfix.index.facts import Access, Assignment
from gptfix.index.imports import read_imports
from gptfix.index.state import ScopeState
from gptfix.index.values import class_kind, classify


class ScopeWalker(ScopeState):
    """Walks a module once; results in ``scopes``, ``bindings``, ``accesses``..."""

    def run(self, tree: ast.Module) -> None:
        self._push("module", "<module>", tree)
        self.scopes[0].line = 1
        for stmt in tree.body:
            self.visit(stmt)

    def visit(self, node: ast.AST) -> None:
        if isinstance(node, ast.stmt):
            end = node.end_lineno or node.lineno
            body = getattr(node, "body", None)
            header_end = end
            if isinstance(body, list) and body and isinstance(body[0], ast.stmt):
                header_end = max(node.lineno, body[0].lineno - 1)
            self.statements.append((node.lineno, end, header_end))
            saved = self._stmt_line
            self._stmt_line = node.lineno
            super().visit(node)
            self._stmt_line = saved
        else:
            super().visit(node)

    def visit_Name(self, node: ast.Name) -> None:
        if isinstance(node.ctx, (ast.Load, ast.Del)):
            col = self.lines.char_col(node.lineno, node.col_offset)
            self.accesses.append(
                Access(
                    node.id,
                    node.lineno,
                    col,
                    col + len(node.id),
                    self.scope,
                    "load" if isinstance(node.ctx, ast.Load) else "del",
                )
            )
            self.imports.uses[node.id] += 1
        else:
            self._bind(node.id, node.lineno, node.col_offset, "assign")

    def _assign(self, targets: list[ast.expr], value: ast.expr | None, node: ast.stmt) -> None:
        if value is not None:
            self.visit(value)
        kind = classify(value, self._ctx()) if value is not None else None
        text = self._source(value) if value is not None else None
        bound: list[str] = []
        binding_kind = "annassign" if isinstance(node, ast.AnnAssign) else "assign"
        for target in targets:
            bound += self._bind_target(target, binding_kind, kind, text)
        if value is not None and bound:
            target_text = ", ".join(self._source(t) for t in targets)
            self.assignments.append(
                Assignment(
                    bound,
                    target_text,
                    value,
                    node.lineno,
                    node.end_lineno or node.lineno,
                    self.scope,
                    kind,
                )
            )

    def visit_Assign(self, node: ast.Assign) -> None:
        self._assign(node.targets, node.value, node)

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        self.visit(node.annotation)
        if node.value is None and isinstance(node.target, ast.Name):
            self._bind_target(node.target, "annassign", None, None)
            return
        self._assign([node.target], node.value, node)

    def visit_AugAssign(self, node: ast.AugAssign) -> None:
        self.visit(node.value)
        if isinstance(node.target, ast.Name):
            t = node.target
            col = self.lines.char_col(t.lineno, t.col_offset)
            self.accesses.append(Access(t.id, t.lineno, col, col + len(t.id), self.scope, "aug"))
            self._bind(t.id, t.lineno, t.col_offset, "augassign", self.kind_of(t.id))
        else:
            self.visit(node.target)

    def visit_NamedExpr(self, node: ast.NamedExpr) -> None:
        self.visit(node.value)
        kind = classify(node.value, self._ctx())
        self._bind(
            node.target.id, node.target.lineno, node.target.col_offset, "walrus", kind,
            self._source(node.value),
        )  # fmt: skip

    def visit_Import(self, node: ast.Import | ast.ImportFrom) -> None:
        names = read_imports(node, self.scope)
        self.imported.extend(names)
        for alias, imported in zip(node.names, names, strict=False):
            line = getattr(alias, "lineno", node.lineno)
            byte = getattr(alias, "col_offset", node.col_offset)
            if alias.asname:
                end = getattr(alias, "end_col_offset", byte + len(alias.asname))
                byte = end - len(alias.asname.encode("utf-8"))
            self._bind(imported.local, line, byte, "import", "module", imported.written)
        if isinstance(node, ast.ImportFrom) and node.level:  # relative: bind, no table entry
            for alias in node.names:
                self._bind_searched(alias.asname or alias.name, node.lineno, "import", "module")

    visit_ImportFrom = visit_Import

    def visit_Global(self, node: ast.Global | ast.Nonlocal) -> None:
        self._globals[self.scope].update(node.names if isinstance(node, ast.Global) else [])

    visit_Nonlocal = visit_Global

    def visit_For(self, node: ast.For | ast.AsyncFor) -> None:
        self.visit(node.iter)
        self._bind_target(node.target, "for", None, None)
        for stmt in [*node.body, *node.orelse]:
            self.visit(stmt)

    visit_AsyncFor = visit_For

    def visit_With(self, node: ast.With | ast.AsyncWith) -> None:
        for item in node.items:
            self.visit(item.context_expr)
            if item.optional_vars is not None:
                self._bind_target(item.optional_vars, "with", None, None)
        for stmt in node.body:
            self.visit(stmt)

    visit_AsyncWith = visit_With

    def visit_ExceptHandler(self, node: ast.ExceptHandler) -> None:
        if node.type is not None:
            self.visit(node.type)
        if node.name:
            self._bind_searched(node.name, node.lineno, "except", None)
        for stmt in node.body:
            self.visit(stmt)

    def visit_MatchAs(self, node: ast.MatchAs) -> None:
        if node.pattern is not None:
            self.visit(node.pattern)
        if node.name:
            self._bind_searched(node.name, node.lineno, "match", None)

    def visit_MatchStar(self, node: ast.MatchStar) -> None:
        if node.name:
            self._bind_searched(node.name, node.lineno, "match", None)

    def visit_Call(self, node: ast.Call) -> None:
        self.calls.append((node, self.scope))
        f = node.func
        if (
            isinstance(f, ast.Attribute)
            and f.attr == "get"
            and isinstance(f.value, ast.Name)
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            self._record(self.key_reads, f.value.id, node.args[0].value, node)
        self.generic_visit(node)

    def _record(
        self, into: list[tuple[str, str, int, int]], base: str, key: str, node: ast.expr
    ) -> None:
        into.append((base, key, node.lineno, self.lines.char_col(node.lineno, node.col_offset)))

    def visit_Attribute(self, node: ast.Attribute) -> None:
        if isinstance(node.value, ast.Name) and isinstance(node.ctx, ast.Load):
            self._record(self.attr_reads, node.value.id, node.attr, node)
        self.generic_visit(node)

    def visit_Subscript(self, node: ast.Subscript) -> None:
        key = node.slice
        if (
            isinstance(node.value, ast.Name)
            and isinstance(node.ctx, ast.Load)
            and isinstance(key, ast.Constant)
            and isinstance(key.value, str)
        ):
            self._record(self.key_reads, node.value.id, key.value, node)
        self.generic_visit(node)

    def visit_Return(self, node: ast.Return) -> None:
        if self._own_returns:
            self._own_returns[-1].append(node)
        self.generic_visit(node)

    def visit_Yield(self, node: ast.Yield | ast.YieldFrom) -> None:
        if self._own_returns:
            self._yields[-1] = True
        self.generic_visit(node)

    visit_YieldFrom = visit_Yield

    # -- definitions ----------------------------------------------------------
    def _arguments(self, args: ast.arguments) -> None:
        for default in [*args.defaults, *(d for d in args.kw_defaults if d is not None)]:
            self.visit(default)
        for arg in [*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg]:
            if arg is not None and arg.annotation is not None:
                self.visit(arg.annotation)

    def _params(self, args: ast.arguments, tensors: bool = False) -> None:
        """Bind parameters; with ``tensors`` the first one after ``self`` is a tensor
        (``call(self, inputs)`` of a Keras model or layer class)."""
        positional = [*args.posonlyargs, *args.args]
        tensor_arg = positional[1] if tensors and len(positional) > 1 else None
        for arg in [*positional, *args.kwonlyargs, args.vararg, args.kwarg]:
            if arg is not None:
                kind = "tensor" if arg is tensor_arg else None
                self._bind(arg.arg, arg.lineno, arg.col_offset, "param", kind)

    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        for deco in node.decorator_list:
            self.visit(deco)
        self._arguments(node.args)
        if node.returns is not None:
            self.visit(node.returns)
        self._bind_searched(node.name, node.lineno, "def", "function")
        outer = self.scope
        self.functions.setdefault(node.name, (node, outer))
        sid = self._push("function", node.name, node)
        owner = self.scopes[outer]
        is_call = (
            node.name == "call"
            and owner.kind == "class"
            and self.class_kinds.get(owner.name) in ("model", "layer")
        )
        self._params(node.args, tensors=is_call)
        self._own_returns.append([])
        self._yields.append(False)
        for stmt in node.body:
            self.visit(stmt)
        returns = []
        for r in self._own_returns.pop():
            if r.value is not None:
                kind = classify(r.value, self._ctx())
                returns.append(kind)
                self.returns.append((r, node.name, sid, kind))
        known = [k for k in returns if k]
        if self._yields.pop():
            known = ["generator"]  # a Python generator: a data feed for fit()
        if known and self.scopes[outer].kind != "class":
            self.func_returns[node.name] = known[-1]
        self._stack.pop()

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_Lambda(self, node: ast.Lambda) -> None:
        self._arguments(node.args)
        self._push("lambda", "<lambda>", node)
        self._params(node.args)
        self.visit(node.body)
        self._stack.pop()

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        for expr in [*node.decorator_list, *node.bases, *(k.value for k in node.keywords)]:
            self.visit(expr)
        kind = class_kind(node, self._ctx())
        if kind:
            self.class_kinds[node.name] = kind
        self.classes.setdefault(node.name, (node, self.scope))
        self._push("class", node.name, node)
        for stmt in node.body:
            self.visit(stmt)
        self._stack.pop()
        self._bind_searched(node.name, node.lineno, "class", "class")

    def _comprehension(self, node: ast.expr, elts: list[ast.expr], name: str) -> None:
        gens: list[ast.comprehension] = node.generators  # type: ignore[attr-defined]
        self.visit(gens[0].iter)
        self._push("comprehension", name, node)
        for i, gen in enumerate(gens):
            if i:
                self.visit(gen.iter)
            self._bind_target(gen.target, "comprehension", None, None)
            for cond in gen.ifs:
                self.visit(cond)
        for elt in elts:
            self.visit(elt)
        self._stack.pop()

    def visit_ListComp(self, node: ast.ListComp) -> None:
        self._comprehension(node, [node.elt], "<listcomp>")

    def visit_SetComp(self, node: ast.SetComp) -> None:
        self._comprehension(node, [node.elt], "<setcomp>")

    def visit_GeneratorExp(self, node: ast.GeneratorExp) -> None:
        self._comprehension(node, [node.elt], "<genexpr>")

    def visit_DictComp(self, node: ast.DictComp) -> None:
        self._comprehension(node, [node.key, node.value], "<dictcomp>")
