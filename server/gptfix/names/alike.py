"""The answer's tutorial name for a value the script makes the same way.

Bridges a snippet's bindings and the script's: ``model = build_model()`` where the script
has ``net = build_model()`` is the script's ``net`` under the name tutorials give it, when the
snippet goes on to use it as the script uses ``net`` and its prose speaks of no second one
(``baseline = build_model()``, "train another copy" make a value of their own).
:func:`made_alike` adds those mappings to a :class:`~gptfix.names.reconciliation.Reconciliation`.
"""

from __future__ import annotations

import ast
import re

from gptfix.index import Binding, ScriptIndex
from gptfix.names.reconciliation import NameMapping, Reconciliation


def made_alike(
    tree: ast.Module,
    sidx: ScriptIndex,
    visible: dict[str, Binding],
    mapped: dict[str, str],
    rec: Reconciliation,
    prose: str,
) -> None:
    """``model = build_model()`` where the script has ``net = build_model()`` and the snippet
    never names ``net``: the answer's name for the script's value, mapped to it. Only for a
    call made by exactly one binding of the script, visible here, a snippet name the
    script does not bind here, which the snippet goes on to use as the script uses its
    own (``model.fit(...)`` for ``net.fit(...)``), and a script name the prose does not
    quote (``val_acc = SparseCategoricalAccuracy()`` "below `train_acc`" is a second one)."""
    if sidx.tree is None:
        return
    named = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
    quoted = set(re.findall(r"`([A-Za-z_]\w*)", prose))

    def methods(where: ast.AST, name: str) -> set[str]:
        """What is read of ``name``: its methods and attributes (``fit``, ``losses``)."""
        return {
            a.attr
            for a in ast.walk(where)
            if isinstance(a, ast.Attribute)
            and isinstance(a.value, ast.Name)
            and a.value.id == name
            and isinstance(a.ctx, ast.Load)
        }

    def value(call: ast.expr) -> str:
        copy = ast.parse(ast.unparse(call), mode="eval").body
        for n in ast.walk(copy):
            if isinstance(n, ast.Name) and n.id in mapped:
                n.id = mapped[n.id]
        return ast.dump(copy)

    made: dict[str, set[str]] = {}
    for node in ast.walk(sidx.tree):
        target = _single_target(node)
        if target is not None and isinstance(node, ast.Assign):
            made.setdefault(value(node.value), set()).add(target)
    if _ANOTHER.search(prose):
        return  # "train a second copy", "a baseline model": a new value made the same way
    for node in tree.body:
        name = _single_target(node)
        if name is None or name in visible or name in mapped or not isinstance(node, ast.Assign):
            continue
        if name not in _TUTORIAL:
            continue  # ``baseline = build_model()``: a name of its own is a value of its own
        if name in {n.id for n in ast.walk(node.value) if isinstance(n, ast.Name)}:
            continue  # ``x = f(x)`` reads the value it rebinds
        others = made.get(value(node.value), set())
        other = next(iter(others)) if len(others) == 1 else None
        if other is None or other == name or other in named or other not in visible:
            continue
        if other in quoted or not methods(tree, name) & methods(sidx.tree, other):
            continue
        mapped[name] = other
        rec.mappings.append(
            NameMapping(
                name,
                other,
                "same",
                f"the script makes the same value as `{other} = {ast.unparse(node.value)}` "
                f"(line {visible[other].line})",
            )
        )


#: the names tutorials give the values every script has: the answer's spelling of the
#: script's own value, never a new one of its own
_TUTORIAL = frozenset(
    "model net network clf classifier regressor estimator autoencoder ae vae gan generator "
    "discriminator encoder decoder history hist optimizer opt dataset ds".split()
)
#: prose that says the answer makes one more of a value ("a second copy", "another model")
_ANOTHER = re.compile(
    r"(?i)\b(?:second|another|other|extra|additional|separate|new|baseline|copy|copies|twin|"
    r"ensemble|zweite[nrs]?|weitere[nrs]?|otro|otra|segundo|segunda|autre|deuxième|outro|outra)\b|"
    r"第二个|另一个|另外一个|新的|二つ目|もう一つ|두\s*번째|또\s*다른"
)


def _single_target(node: ast.AST) -> str | None:
    """The one name ``node`` assigns a call's result to, else None."""
    if (
        isinstance(node, ast.Assign)
        and len(node.targets) == 1
        and isinstance(node.targets[0], ast.Name)
        and isinstance(node.value, ast.Call)
    ):
        return node.targets[0].id
    return None
