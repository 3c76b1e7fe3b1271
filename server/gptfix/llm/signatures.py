"""Whether the script's own calls still fit a function the answer rewrote.

An answer written for another project re-defines one of the script's functions by name
with another signature (``def flip_horizontal(df_batch, images)`` for the script's
``flip_horizontal(images, points)``) and leaves the script's calls as they were
(``flip_horizontal(X_train, y_train)``): the images now arrive as the data frame. What
gives it away is the calls: a parameter both signatures name that moved to another place
while a call the answer left untouched passes that place by position, or a new parameter
without a default that such a call does not pass. :func:`calls_unfit` returns the
one-line refusal, or None. :func:`unknown_keywords` tells a keyword an edit adds to a call
of the script's own function or class that its signature has no parameter for
(``Classifier(base, n, training=True)`` for ``def __init__(self, base, n_classes)``).
"""

from __future__ import annotations

import ast

_Func = ast.FunctionDef | ast.AsyncFunctionDef


def _defs(tree: ast.Module) -> dict[str, _Func]:
    """Module-level functions by name (a name defined twice is left out)."""
    found = [n for n in tree.body if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]
    names = [n.name for n in found]
    return {n.name: n for n in found if names.count(n.name) == 1}


def _positional(fn: _Func) -> list[str]:
    return [a.arg for a in [*fn.args.posonlyargs, *fn.args.args]]


def _required(fn: _Func) -> int:
    return len(_positional(fn)) - len(fn.args.defaults)


def calls_unfit(original: str, new: str) -> str | None:
    """Why the answer's version of a script function does not fit the script's own calls
    it left unchanged, or None."""
    try:
        old_tree, new_tree = ast.parse(original), ast.parse(new)
    except SyntaxError:
        return None
    old_defs, new_defs = _defs(old_tree), _defs(new_tree)
    old_calls = {
        ast.dump(c) for c in ast.walk(old_tree) if isinstance(c, ast.Call)
    }  # calls as the script wrote them
    for name, fn in new_defs.items():
        before = old_defs.get(name)
        if before is None or ast.dump(before.args) == ast.dump(fn.args):
            continue
        was, now = _positional(before), _positional(fn)
        kept = [
            c
            for c in ast.walk(new_tree)
            if isinstance(c, ast.Call)
            and isinstance(c.func, ast.Name)
            and c.func.id == name
            and ast.dump(c) in old_calls
            and not any(isinstance(a, ast.Starred) for a in c.args)
            and all(k.arg is not None for k in c.keywords)
        ]
        for call in kept:
            given = len(call.args)
            for param in set(was) & set(now):
                i, j = was.index(param), now.index(param)
                if i != j and max(i, j) < given:
                    return (
                        f"the answer's `{name}({', '.join(now)})` takes `{param}` "
                        f"{_nth(j)}, but the script's call `{ast.unparse(call)}` passes it "
                        f"{_nth(i)}: the function is written for another script"
                    )
            passed = given + len({k.arg for k in call.keywords} & set(now[given:]))
            if passed < _required(fn) and fn.args.vararg is None:
                missing = now[given : _required(fn)]
                missing = [m for m in missing if m not in {k.arg for k in call.keywords}]
                return (
                    f"the answer's `{name}({', '.join(now)})` needs `{missing[0]}`, which the "
                    f"script's call `{ast.unparse(call)}` does not pass: the function is "
                    "written for another script"
                )
    return None


def _nth(k: int) -> str:
    return ("first", "second", "third", "fourth", "fifth")[k] if k < 5 else f"at place {k + 1}"


def _signatures(tree: ast.Module) -> dict[str, _Func]:
    """Module-level functions, and classes by their ``__init__``, by name."""
    out = dict(_defs(tree))
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            init = [
                n
                for n in node.body
                if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef) and n.name == "__init__"
            ]
            if len(init) == 1:
                out[node.name] = init[0]
    return out


def _passed(tree: ast.Module, names: set[str]) -> set[tuple[str, str]]:
    return {
        (node.func.id, kw.arg)
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in names
        for kw in node.keywords
        if kw.arg
    }


def unknown_keywords(original: str, new: str) -> list[str]:
    """The keywords ``new`` passes to the script's own functions or classes (``name=``)
    that ``original`` did not and that their signature has no parameter for."""
    try:
        old_tree, new_tree = ast.parse(original), ast.parse(new)
    except SyntaxError:
        return []
    sigs = _signatures(new_tree)
    before = _passed(old_tree, set(sigs))
    out = []
    for callee, kw in sorted(_passed(new_tree, set(sigs)) - before):
        fn = sigs[callee]
        params = {a.arg for a in [*fn.args.posonlyargs, *fn.args.args, *fn.args.kwonlyargs]}
        if fn.args.kwarg is None and kw not in params:
            out.append(f"`{callee}` takes no `{kw}`")
    return out
