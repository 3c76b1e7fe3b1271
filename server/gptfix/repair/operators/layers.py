"""Edit operators on the model side: a recurrent layer's output, a layer sized to the data.

Bridges the failure's message (ranks, out-of-range ids and labels), the value trace
(the integer sizes and label ranges the run saw) and the program model (the layer that
made the failing tensor, the binding that sizes it) into fixes at the layer or at the
binding that sizes it:

- ``return_sequences``: a recurrent layer feeding another recurrent layer returns only
  its last state; it must return the sequence.
- ``size-to-range``: an ``Embedding``/``Dense`` sized one short of the largest id or
  label gets ``+ 1`` where its size is made (``vocab_size = len(word_index)``), or the
  existing binding that holds the right size (``vocab_size`` for a literal 256).
- ``num-classes``: ``to_categorical(.., num_classes=n)`` smaller than the largest label.
- ``head-out-of-loop``: a loop of layer blocks that also flattens the tensor it carries
  round (the head indented into the loop): the head moves after the loop.
"""

from __future__ import annotations

import ast
import re

from gptfix.model import Fix
from gptfix.repair.latent import latent_failure
from gptfix.repair.operators.edit import add_kwarg, last_name, replace_node, segment
from gptfix.repair.rules.base import SAFE, UNSAFE, RuleContext

RNN = frozenset({"LSTM", "GRU", "SimpleRNN", "CuDNNLSTM", "CuDNNGRU", "ConvLSTM2D", "RNN"})
_PASS_THROUGH = frozenset(
    {"Dropout", "BatchNormalization", "LayerNormalization", "Activation", "SpatialDropout1D"}
)


def _rnn_call(node: ast.expr) -> ast.Call | None:
    """The recurrent layer constructor in ``node`` (also inside ``Bidirectional(...)``)."""
    if not isinstance(node, ast.Call):
        return None
    name = last_name(node.func)
    if name in RNN:
        return node
    if name == "Bidirectional" and node.args:
        return _rnn_call(node.args[0])
    return None


def _returns_sequences(call: ast.Call) -> bool:
    for kw in call.keywords:
        if kw.arg == "return_sequences":
            return not (isinstance(kw.value, ast.Constant) and kw.value.value is False)
    return False


def _layer_sequences(tree: ast.Module) -> list[list[ast.expr]]:
    """Layers in model order: each Sequential list, each run of ``model.add`` calls."""
    out: list[list[ast.expr]] = []
    adds: dict[str, list[ast.expr]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and last_name(node.func) == "Sequential" and node.args:
            if isinstance(node.args[0], ast.List | ast.Tuple):
                out.append(list(node.args[0].elts))
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "add"
            and isinstance(node.func.value, ast.Name)
            and len(node.args) == 1
        ):
            adds.setdefault(node.func.value.id, []).append(node.args[0])
    for layers in adds.values():
        out.append(sorted(layers, key=lambda n: (n.lineno, n.col_offset)))
    return out


def _functional_next(ctx: RuleContext, tree: ast.Module) -> list[tuple[ast.Call, ast.Call]]:
    """(recurrent layer, recurrent layer it feeds) pairs in functional code."""
    made: dict[str, ast.Call] = {}  # variable -> the recurrent layer whose output it holds
    out: list[tuple[ast.Call, ast.Call]] = []
    stmts = [n for n in ast.walk(tree) if isinstance(n, ast.Assign) and len(n.targets) == 1]
    for stmt in sorted(stmts, key=lambda n: n.lineno):
        target, value = stmt.targets[0], stmt.value
        if not (isinstance(target, ast.Name) and isinstance(value, ast.Call)):
            continue
        layer = value.func
        fed = value.args[0] if value.args else None
        source = made.get(fed.id) if isinstance(fed, ast.Name) else None
        rnn = _rnn_call(layer) if isinstance(layer, ast.Call) else None
        if rnn is not None:
            if source is not None:
                out.append((source, rnn))
            made[target.id] = rnn
        elif isinstance(layer, ast.Call) and last_name(layer.func) in _PASS_THROUGH and source:
            made[target.id] = source
        else:
            made.pop(target.id, None)
    return out


def return_sequences(ctx: RuleContext) -> list[Fix]:
    """Recurrent layers that feed another recurrent layer return their whole sequence."""
    if not ctx.search(r"expected (min_)?ndim=3, found ndim=2"):
        return []
    tree = ctx.index.tree
    if tree is None:
        return []
    pairs = _functional_next(ctx, tree)
    for layers in _layer_sequences(tree):
        kept = [x for x in layers if last_name(getattr(x, "func", x)) not in _PASS_THROUGH]
        for a, b in zip(kept, kept[1:], strict=False):
            ra, rb = _rnn_call(a), _rnn_call(b)
            if ra is not None and rb is not None:
                pairs.append((ra, rb))
    todo = [a for a, _b in pairs if not _returns_sequences(a)]
    if not todo:
        return []
    text = ctx.script.text
    for call in sorted(todo, key=lambda c: (c.lineno, c.col_offset), reverse=True):
        text = add_kwarg(text, call, "return_sequences", "True")
    lines = ", ".join(str(c.lineno) for c in sorted(todo, key=lambda c: c.lineno))
    return ctx.fix(
        "ops.return-sequences",
        f"return the whole sequence from the recurrent layer(s) at line {lines} "
        "that feed another recurrent layer",
        text,
        SAFE,
        [f"line {c.lineno}: {segment(ctx.script.text, c)} feeds a recurrent layer" for c in todo]
        + ["the next recurrent layer expects (batch, time, features) and got (batch, units)"],
    )


_ID_RANGE = re.compile(r"indices\[[^\]]*\] = (\d+) is not in \[0, (\d+)\)")
_LABEL_RANGE = re.compile(r"label value of (\d+) which is outside the valid range of \[0, (\d+)\)")


def _int_value(ctx: RuleContext, node: ast.expr, before: int) -> int | None:
    if isinstance(node, ast.Constant) and type(node.value) is int:
        return node.value
    if isinstance(node, ast.Name):
        fact = ctx.traced(node.id, before)
        return fact.value if fact is not None else None
    return None


def _size_arg(call: ast.Call, kw: str) -> ast.expr | None:
    for k in call.keywords:
        if k.arg == kw:
            return k.value
    return call.args[0] if call.args else None


def _plus_one(ctx: RuleContext, node: ast.expr, text: str) -> tuple[str, str]:
    """Add one where the size is made: the binding of a name that only sizes layers, else
    the argument (a count the data is also made from would move the ids with the size)."""
    if isinstance(node, ast.Name) and not _read_elsewhere(ctx, node):
        b = ctx.index.lookup(node.id, node.lineno)
        tree = ctx.index.tree
        if b is not None and b.kind == "assign" and tree is not None:
            for stmt in ast.walk(tree):
                if (
                    isinstance(stmt, ast.Assign)
                    and stmt.lineno == (b.stmt_line or b.line)
                    and len(stmt.targets) == 1
                    and isinstance(stmt.targets[0], ast.Name)
                    and not isinstance(stmt.value, ast.Constant)
                ):
                    src = segment(text, stmt.value)
                    return replace_node(text, stmt.value, f"{src} + 1"), f"line {stmt.lineno}"
    return replace_node(text, node, f"{segment(text, node)} + 1"), f"line {node.lineno}"


def _read_elsewhere(ctx: RuleContext, node: ast.Name) -> bool:
    """Whether ``node``'s name is read anywhere but as the size of a layer (another
    Embedding or the head the same ids are labels of: no; the data made from it: yes)."""
    tree = ctx.index.tree
    if tree is None:
        return True
    sizes = {
        id(a)
        for c in ast.walk(tree)
        if isinstance(c, ast.Call)
        and (last_name(c.func) or "")[:1].isupper()  # a layer constructor
        for a in [*c.args[:1], *(k.value for k in c.keywords if k.arg in ("input_dim", "units"))]
    }
    return any(
        isinstance(n, ast.Name)
        and n.id == node.id
        and isinstance(n.ctx, ast.Load)
        and id(n) not in sizes
        for n in ast.walk(tree)
    )


def size_to_range(ctx: RuleContext) -> list[Fix]:
    """An Embedding or output Dense one short of the largest id/label gets ``+ 1`` at its
    source; a head sized by a literal gets the existing binding that holds the range."""
    m = _ID_RANGE.search(ctx.message)
    layer_kinds: tuple[tuple[str, str], ...] = (("Embedding", "input_dim"),)
    if m is None:
        m = _LABEL_RANGE.search(ctx.message)
        layer_kinds = (("Dense", "units"),)
    tree = ctx.index.tree
    if m is None or tree is None:
        return []
    value, limit = int(m.group(1)), int(m.group(2))
    latent = ctx.failure.facts.get("latent_sizes")
    if not isinstance(latent, list) and layer_kinds[0][0] == "Embedding":
        # the other Embeddings whose ids reach their size fail next: size them in one edit
        seen = latent_failure(ctx.script, ctx.trace)
        latent = seen.facts.get("latent_sizes") if seen is not None else None
    limits = {limit, *(latent if isinstance(latent, list) else [])}
    calls = [
        n
        for n in ast.walk(tree)
        if isinstance(n, ast.Call) and any(last_name(n.func) == k for k, _ in layer_kinds)
    ]
    hits: list[ast.expr] = []
    for call in calls:
        arg = _size_arg(call, layer_kinds[0][1])
        if arg is not None and _int_value(ctx, arg, call.lineno) in limits:
            hits.append(arg)
    out: list[Fix] = []
    if value == limit and hits:
        text, where = ctx.script.text, []
        for arg in sorted(hits, key=lambda a: (a.lineno, a.col_offset), reverse=True):
            text, at = _plus_one(ctx, arg, text)
            where.append(at)
        out += ctx.fix(
            "ops.size-to-range",
            f"size the {layer_kinds[0][0]} to the largest id + 1 ({', '.join(sorted(set(where)))})",
            text,
            SAFE,
            [f"the run saw id/label {value} while the layer allows [0, {limit})"],
        )
    if value > limit:
        names = ctx.index.names_in_scope(ctx.line or len(ctx.index.lines.lines))
        for arg in hits:
            for name in names:
                fact = ctx.traced(name, arg.lineno)
                if fact is not None and fact.value is not None and fact.value > value:
                    if fact.value > 4 * (value + 1):
                        continue
                    out += ctx.fix(
                        "ops.size-to-range",
                        f"size the {layer_kinds[0][0]} at line {arg.lineno} by `{name}` "
                        f"({fact.value}), not {limit}",
                        replace_node(ctx.script.text, arg, name),
                        SAFE,
                        [
                            f"the run saw id/label {value} while the layer allows [0, {limit})",
                            f"`{name}` held {fact.value} in the run",
                        ],
                    )
    return out


INDEX_OUT = re.compile(r"index (\d+) is out of bounds for axis 1 with size (\d+)")


def num_classes(ctx: RuleContext) -> list[Fix]:
    """``to_categorical(y, num_classes=n)`` with a label >= n: size it by the labels."""
    m = INDEX_OUT.search(ctx.message)
    tree = ctx.index.tree
    if m is None or tree is None or ctx.line is None:
        return []
    first, last = ctx.index.statement_at(ctx.line)
    out: list[Fix] = []
    for call in ast.walk(tree):
        if not (
            isinstance(call, ast.Call)
            and last_name(call.func) == "to_categorical"
            and first <= call.lineno <= last
        ):
            continue
        arg = _size_arg(call, "num_classes") if len(call.args) > 1 or call.keywords else None
        if arg is None or arg is (call.args[0] if call.args else None):
            continue
        labels = segment(ctx.script.text, call.args[0]) if call.args else None
        if labels and isinstance(call.args[0], ast.Name):
            out += ctx.fix(
                "ops.num-classes",
                f"size to_categorical by the largest label: num_classes={labels}.max() + 1",
                replace_node(ctx.script.text, arg, f"int({labels}.max()) + 1"),
                UNSAFE,
                [f"a label {m.group(1)} does not fit num_classes={m.group(2)}"],
            )
    return out


_SPATIAL = {"Conv1D": 2, "Conv2D": 3, "Conv3D": 4, "MaxPooling2D": 3, "MaxPooling1D": 2}


def reshape_channel(ctx: RuleContext) -> list[Fix]:
    """``Reshape((57, 47))`` in front of a ``Conv2D``: the target shape gets its channel."""
    m = re.search(r"expected (?:min_)?ndim=(\d+), found ndim=(\d+)", ctx.message)
    tree = ctx.index.tree
    if m is None or tree is None or int(m.group(1)) != int(m.group(2)) + 1:
        return []
    out: list[Fix] = []
    for layers in _layer_sequences(tree):
        for before, after in zip(layers, layers[1:], strict=False):
            if not (isinstance(before, ast.Call) and isinstance(after, ast.Call)):
                continue
            need = _SPATIAL.get(last_name(after.func) or "")
            if last_name(before.func) != "Reshape" or need is None or not before.args:
                continue
            target = before.args[0]
            if not isinstance(target, ast.Tuple | ast.List) or len(target.elts) != need - 1:
                continue
            inner = ", ".join(segment(ctx.script.text, e) for e in target.elts)
            out += ctx.fix(
                "ops.reshape-channel",
                f"reshape to ({inner}, 1): {last_name(after.func)} needs a channel axis",
                replace_node(ctx.script.text, target, f"({inner}, 1)"),
                SAFE,
                [
                    f"line {before.lineno}: {segment(ctx.script.text, before)} gives "
                    f"{len(target.elts)} axes per sample",
                    f"line {after.lineno}: {last_name(after.func)} needs {need}",
                ],
            )
    return out


_REDUCERS = frozenset(
    {
        "Flatten",
        "GlobalAveragePooling1D",
        "GlobalAveragePooling2D",
        "GlobalAveragePooling3D",
        "GlobalMaxPooling1D",
        "GlobalMaxPooling2D",
        "GlobalMaxPooling3D",
    }
)


def _layer_input(stmt: ast.stmt) -> tuple[str, str, str] | None:
    """(target, layer, input) of ``target = Layer(...)(input)``."""
    if not (
        isinstance(stmt, ast.Assign)
        and len(stmt.targets) == 1
        and isinstance(stmt.targets[0], ast.Name)
        and isinstance(stmt.value, ast.Call)
        and isinstance(stmt.value.func, ast.Call)
        and stmt.value.args
        and isinstance(stmt.value.args[0], ast.Name)
    ):
        return None
    layer = last_name(stmt.value.func.func) or ""
    return stmt.targets[0].id, layer, stmt.value.args[0].id


def head_out_of_loop(ctx: RuleContext) -> list[Fix]:
    """A loop of layer blocks whose body also flattens the tensor it carries round: the
    next pass fails on the flat tensor; the head after the flatten leaves the loop."""
    m = re.search(r"expected (?:min_)?ndim=(\d+), found ndim=(\d+)", ctx.message)
    tree = ctx.index.tree
    if m is None or tree is None or ctx.line is None or int(m.group(1)) <= int(m.group(2)):
        return []
    for loop in ast.walk(tree):
        if not isinstance(loop, ast.For | ast.While) or loop.orelse:
            continue
        body = loop.body
        crash = next(
            (i for i, s in enumerate(body) if s.lineno <= ctx.line <= (s.end_lineno or 0)), None
        )
        made = _layer_input(body[crash]) if crash is not None else None
        if crash is None or made is None:
            continue
        carried = made[2]
        cut = next(
            (
                i
                for i, s in enumerate(body[crash + 1 :], start=crash + 1)
                if (li := _layer_input(s)) and li[1] in _REDUCERS and li[2] == li[0] == carried
            ),
            None,
        )
        if cut is None:
            continue
        lines = ctx.script.text.splitlines(keepends=True)
        start = body[cut - 1].end_lineno or body[cut - 1].lineno  # comments above come along
        end = body[-1].end_lineno or body[-1].lineno
        inner = len(lines[body[0].lineno - 1]) - len(lines[body[0].lineno - 1].lstrip())
        outer = len(lines[loop.lineno - 1]) - len(lines[loop.lineno - 1].lstrip())
        cut_by = inner - outer
        for i in range(start, end):
            text = lines[i]
            if text[:cut_by].strip() == "":
                lines[i] = text[cut_by:] if text.strip() else text
        reducer = body[cut]
        return ctx.fix(
            "ops.head-out-of-loop",
            f"move the head from line {reducer.lineno} out of the loop at line {loop.lineno}: "
            f"`{carried}` goes round the loop, and the next pass got it flattened",
            "".join(lines),
            UNSAFE,
            [
                f"line {reducer.lineno}: {segment(ctx.script.text, reducer)} inside the loop",
                f"line {body[crash].lineno} needs {m.group(1)} axes and got {m.group(2)} "
                "on the loop's next pass",
            ],
        )
    return []
