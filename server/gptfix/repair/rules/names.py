"""Rules for a ``NameError``: a name the script never binds, with a close one in scope.

Bridges "name 'train_ds' is not defined" and the script's own bindings: the closest
spelling (difflib, the message's "Did you mean"), or, for a pasted snippet that
assumed other names, the one binding playing the same role (the training dataset,
the validation data, the model, the backbone) judged by how the names are spelled
and what they are assigned from.
"""

from __future__ import annotations

import ast
import builtins
import difflib
import re

from gptfix.model import Fix
from gptfix.repair.rules.base import SAFE, UNSAFE, Rule, RuleContext
from gptfix.repair.rules.text import Patch, Source

#: Roles a name can play, each with the name fragments that signal it.
ROLES: dict[str, tuple[str, ...]] = {
    "train_data": (
        "train_ds",
        "train_dataset",
        "ds_train",
        "train_data",
        "train_gen",
        "train_generator",
        "train_loader",
        "training_data",
        "trainset",
        "train_set",
        "train_batches",
    ),
    "val_data": (
        "val_ds",
        "val_dataset",
        "valid_ds",
        "ds_val",
        "validation_data",
        "val_data",
        "val_gen",
        "valid_dataset",
        "validation_dataset",
        "test_ds",
        "val_set",
        "val_batches",
    ),
    "x_train": ("x_train", "train_x", "train_images", "x_tr", "train_features", "train_inputs"),
    "y_train": ("y_train", "train_y", "train_labels", "y_tr", "train_targets"),
    "x_val": ("x_val", "x_valid", "val_x", "val_images", "x_test", "test_images", "valid_x"),
    "y_val": ("y_val", "y_valid", "val_y", "val_labels", "y_test", "test_labels", "valid_y"),
    "model": ("model", "net", "network", "clf", "classifier", "keras_model"),
    "backbone": (
        "backbone",
        "base_model",
        "base",
        "pretrained",
        "feature_extractor",
        "encoder",
        "pretrained_model",
        "conv_base",
    ),
    "history": ("history", "hist", "h", "train_history", "log"),
    "optimizer": ("optimizer", "opt", "optim"),
}


def role_of(name: str) -> str | None:
    low = name.lower()
    for role, names in ROLES.items():
        if low in names:
            return role
    tokens = set(re.split(r"[_\d]+", low))
    is_train = "train" in tokens or "tr" in tokens
    is_val = bool(tokens & {"val", "valid", "validation", "test", "dev"})
    if tokens & {"ds", "dataset", "data", "gen", "generator", "loader", "batches", "set"}:
        return "val_data" if is_val else "train_data" if is_train else None
    if tokens & {"x", "images", "features", "inputs"}:
        return "x_val" if is_val else "x_train" if is_train else None
    if tokens & {"y", "labels", "targets"}:
        return "y_val" if is_val else "y_train" if is_train else None
    if tokens & {"backbone", "base", "pretrained", "encoder"}:
        return "backbone"
    if tokens & {"model", "net"}:
        return "model"
    return None


def bound_names(tree: ast.AST) -> dict[str, ast.AST]:
    """Every name the script binds anywhere (assignments, defs, imports, params, loops)."""
    out: dict[str, ast.AST] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            out.setdefault(node.id, node)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            out.setdefault(node.name, node)
        elif isinstance(node, ast.arg):
            out.setdefault(node.arg, node)
        elif isinstance(node, ast.alias):
            out.setdefault(node.asname or node.name.split(".")[0], node)
        elif isinstance(node, ast.ExceptHandler) and node.name:
            out.setdefault(node.name, node)
    return out


def _assigned_from(src: Source, name: str) -> str:
    for node in src.walk():
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == name for t in node.targets
        ):
            return src.segment(node.value)
    return ""


def _role_candidates(src: Source, missing: str, bound: dict[str, ast.AST]) -> list[str]:
    role = role_of(missing)
    if role is None:
        return []
    out = []
    for name in bound:
        if name == missing or role_of(name) != role:
            continue
        if role in ("train_data", "val_data") and not re.search(
            r"Dataset|\.batch\(|flow|generator|image_dataset|from_tensor|\(",
            _assigned_from(src, name) or "(",
        ):
            continue
        if (
            role == "backbone"
            and "applications" not in _assigned_from(src, name)
            and "Backbone" not in _assigned_from(src, name)
        ):
            continue
        out.append(name)
    return out


def _undefined_name(ctx: RuleContext) -> list[Fix]:
    m = ctx.search(r"name '(\w+)' is not defined")
    if not m or not ctx.is_type("NameError", "UnboundLocalError"):
        return []
    missing = m.group(1)
    bound = bound_names(ctx.src.tree)
    if missing in bound:
        return []  # bound somewhere, just not yet: an ordering problem, not a spelling one
    pool = [n for n in bound if not n.startswith("__")]
    hint = re.search(r"[Dd]id you mean:? '(\w+)'", ctx.message)
    choices: list[tuple[str, str, bool]] = []
    if hint and hint.group(1) in bound:
        choices.append((hint.group(1), "the error message suggests it", True))
    for close in difflib.get_close_matches(missing, pool, n=2, cutoff=0.75):
        choices.append(
            (close, f"`{close}` is bound in the script and spelled almost the same", True)
        )
    roles = _role_candidates(ctx.src, missing, bound)
    if len(roles) == 1:
        choices.append(
            (
                roles[0],
                f"`{roles[0]}` is the script's only name in the role `{missing}` suggests ({role_of(missing)})",
                False,
            )
        )
    lowered = {n.lower(): n for n in pool}
    if missing.lower() in lowered:
        choices.insert(0, (lowered[missing.lower()], "same name, different case", True))
    if missing in dir(builtins):
        return []
    fixes: list[Fix] = []
    seen: set[str] = set()
    for new, why, is_close in choices:
        if new in seen or new == missing:
            continue
        seen.add(new)
        patch = Patch(ctx.src.text)
        count = 0
        for node in ctx.src.walk():
            if isinstance(node, ast.Name) and node.id == missing and isinstance(node.ctx, ast.Load):
                s, e = ctx.src.span(node)
                patch.replace(s, e, new)
                count += 1
        fixes += ctx.fix(
            "names.close-binding",
            f"use `{new}` for the undefined `{missing}`"
            + (f" ({count} places)" if count > 1 else ""),
            patch.apply(),
            SAFE if is_close else UNSAFE,
            [f"NameError: name '{missing}' is not defined", why],
        )
    return fixes


RULES = [
    Rule(
        "names.close-binding",
        "names",
        "an undefined name with a close binding in the script (spelling, case, or the same role "
        "in a pasted snippet): use the script's name",
        _undefined_name,
    ),
]
