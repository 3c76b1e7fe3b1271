"""Whether an answer's slice is about this script at all: the check that refuses a generic
example (unlike statements, names the script does not have, a different model built
without the script's own names) instead of letting it replace the script's code."""

from __future__ import annotations

import ast
import builtins
import difflib
import re

from gptfix.errors import Unrelated
from gptfix.index import build_index
from gptfix.llm.answer import is_elision
from gptfix.llm.stmts import COMPOUND, SENTINEL, Stmt, callee

MODEL_BUILDING = re.compile(
    r"Sequential\(|\bModel\(|applications\.|keras_cv\.models|keras_hub\.models"
)


def _closest(cands: list[Stmt], n: Stmt) -> Stmt:
    """The candidate most like ``n`` (same key: its role), by text."""
    text = ast.unparse(n.node)
    return max(cands, key=lambda o: difflib.SequenceMatcher(a=ast.unparse(o.node), b=text).ratio())


def check_related(
    home: list[Stmt],
    rest: list[Stmt],
    blines: list[str],
    text: str,
    answer_defs: set[str] | frozenset[str] = frozenset(),
) -> None:
    """Refuse a generic example instead of letting it replace the script's code.

    Two signs, either enough: (1) it rewrites the script's statements into unlike ones and
    reads names the script does not have (``x_train`` in a script without it), with at
    most boilerplate identical; (2) it builds a model unlike the script's and drops the
    script's own names those statements used (``NUM_CLASSES`` becomes ``10``).
    """
    dumps = {o.dump for o in home}
    real = [n for n in rest if not n.marker]
    exact = [n for n in real if n.dump in dumps]
    pairs = [
        (_closest([o for o in home if n.keyed_like(o)], n), n)
        for n in real
        if n.dump not in dumps and n.key and any(n.keyed_like(o) for o in home)
    ]
    sims = [
        1.0  # ``model = keras.Sequential([...])``: the script's statement, its items elided
        if callee(o.node) == callee(n.node) and any(SENTINEL in x for x in blines[n.start : n.end])
        else difflib.SequenceMatcher(a=ast.unparse(o.node), b=ast.unparse(n.node)).ratio()
        for o, n in pairs
    ]
    low = not sims or sum(sims) / len(sims) < 0.5
    block = "\n".join(blines)
    builds_model = bool(MODEL_BUILDING.search(block))
    what = "defines an unrelated model" if builds_model else "is unrelated code"
    refusal = f"answer {what}: no statement of it matches the script"
    models = [
        (o, n, sim)
        for (o, n), sim in zip(pairs, sims, strict=True)
        if not isinstance(n.node, COMPOUND) and MODEL_BUILDING.search(ast.unparse(n.node))
    ]
    if models:
        simple = [(o, n) for o, n in pairs if not isinstance(n.node, COMPOUND)]
        lost = _read_names([o for o, _ in simple]) - _read_names(real)
        lost -= {o.key.partition(" ")[2] for o, _ in simple if o.key}
        lost -= _imported(ast.parse(text))  # library names, not the script's own values
        if any(
            is_elision(x) or SENTINEL in x for _, n in simple for x in blines[n.start : n.end]
        ) or any(_elided_call(n.node) for _, n in simple):
            lost = set()  # ``Dense(64), ...])``: the names may be in what the marker stands for
        if min(sim for _, _, sim in models) < 0.6 and lost & bound_names(ast.parse(text)):
            raise Unrelated(refusal)
        config = {c.expr for c in build_index(text).config}
        dropped = sorted(lost & config)
        if dropped and min(sim for _, _, sim in models) < 0.8:
            raise Unrelated(refusal)
        if dropped:
            raise Unrelated(
                f"answer rewrites the script's code without its own names "
                f"{', '.join(dropped[:4])}: a generic example, not a fix for this script"
            )
    script_names = bound_names(ast.parse(text))
    reads = {
        x.id
        for n in real
        for x in ast.walk(n.node)
        if isinstance(x, ast.Name) and isinstance(x.ctx, ast.Load)
    }
    if not exact and low and not (reads & script_names) and not any(o.is_def for o, _ in pairs):
        raise Unrelated(
            refusal
        )  # rewrites unlike statements and touches none of the script's values
    if len(real) < 3:
        return
    foreign = _free_names(real) - bound_names(ast.parse(text)) - set(dir(builtins)) - answer_defs
    foreign.discard(SENTINEL)  # an elision marker stands for the script's own code
    try:  # what the block imports itself (``from keras.x import CosineDecay``) is no stranger
        foreign -= _imported(ast.parse("\n".join(blines)))
    except SyntaxError:
        pass
    if exact and not (foreign and low and len(exact) * 3 <= len(real)):
        return
    values = script_names - _imported(ast.parse(text))
    if not foreign and len(reads & values) >= 2 and not builds_model:
        return  # every name it reads is the script's, two of them its values: its code
    if foreign or low:
        raise Unrelated(refusal)


def _elided_call(node: ast.stmt) -> bool:
    """``model.compile(...)  # unchanged``: a call whose arguments are left out."""
    return any(
        isinstance(c, ast.Call)
        and any(isinstance(a, ast.Constant) and a.value is Ellipsis for a in c.args)
        for c in ast.walk(node)
    )


def _read_names(stmts: list[Stmt]) -> set[str]:
    """Names and ``CFG.attr`` reads of statements."""
    out: set[str] = set()
    for s in stmts:
        for n in ast.walk(s.node):
            if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load):
                out.add(n.id)
            elif isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name):
                out.add(f"{n.value.id}.{n.attr}")
    return out


def _imported(tree: ast.AST) -> set[str]:
    """Names ``tree`` binds by importing them."""
    return {
        a.asname or a.name.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for a in node.names
    }


def _free_names(stmts: list[Stmt]) -> set[str]:
    module = ast.Module(body=[s.node for s in stmts], type_ignores=[])
    loaded = {
        n.id for n in ast.walk(module) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)
    }
    return loaded - bound_names(module)


def bound_names(tree: ast.AST) -> set[str]:
    """Names ``tree`` binds anywhere: assigned, defined, parameters, imported, caught."""
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store | ast.Del):
            out.add(node.id)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            out.add(node.name)
        elif isinstance(node, ast.arg):
            out.add(node.arg)
        elif isinstance(node, ast.alias):
            out.add(node.asname or node.name.split(".")[0])
        elif isinstance(node, ast.ExceptHandler) and node.name:
            out.add(node.name)
    return out


#: the words before a quoted function name that say the script already has it: "in your
#: `build_autoencoder` function", "update your `f`", "在你的 `f` 函数里", "dans ta fonction `f`"
_YOURS = (
    r"(?i)(?:\byour|\bdeine[nmrs]?|\bIhre[nmrs]?|\bta|\bton|\bvotre|\btu|\btua|\btuo|\bseu|"
    r"\bsua|\bsu|你的|您的|あなたの)\s+(?:(?:function|method|fonction|función|funzione|função|"
    r"Funktion|methode|méthode)\s+)?`{name}(?:\(\))?`"
)


def check_own_definition(key: str, prose: str, script_defs: set[str | None]) -> None:
    """Refuse a new function the prose calls the user's own ("In your `build_autoencoder`
    function, put a BatchNormalization ...") when the script has no function of that name:
    the answer was written for another script, and adding its function would change nothing."""
    name = key.split(" ", 1)[-1]
    if (
        key.startswith("def ")
        and key not in script_defs
        and re.search(_YOURS.format(name=re.escape(name)), prose)
    ):
        raise Unrelated(
            f"the answer changes your `{name}`, but the script has no function `{name}`: "
            "it was written for another script"
        )
