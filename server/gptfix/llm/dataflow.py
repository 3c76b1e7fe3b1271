"""Whether a patched script still trains on the script's own data: the guard against an
answer written for another project.

An answer for an image-folder project (``train_data =
keras.utils.image_dataset_from_directory("data/train")``, ``model.fit(train_data, ...)``)
anchors on a tabular script's ``model.fit`` by its shape alone. What gives it away is the
data flow of the patched script:

- the values the script fed to training (``train_ds``, ``val_ds``) are still made but no
  longer read by anything (only by their own rebinding, ``train_ds = train_ds.map(...)``),
  while training now reads new values built from none of the script's own values; or
- it loads images (``image_dataset_from_directory``, ``flow_from_directory``) for a model
  whose inputs are flat feature vectors and that has no image layer.

:func:`foreign_data` returns the one-line refusal, or None.
"""

from __future__ import annotations

import ast
import re

from gptfix.names.described import fed_to_training

_IMAGE_LOADERS = frozenset(
    "image_dataset_from_directory flow_from_directory flow_from_dataframe load_img "
    "ImageDataGenerator".split()
)
_IMAGE_LAYERS = re.compile(
    r"Conv[123]D|Conv2DTranspose|Pooling2D|applications\.|Rescaling|Resizing"
)


def _parse(text: str) -> ast.Module | None:
    try:
        return ast.parse(text)
    except SyntaxError:
        return None


def _bound(tree: ast.AST) -> set[str]:
    return {
        n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)
    }


def _imported(tree: ast.AST) -> set[str]:
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import | ast.ImportFrom):
            out.update(a.asname or a.name.split(".")[0] for a in node.names)
    return out


def _simple_statements(tree: ast.AST) -> list[ast.stmt]:
    return [
        s
        for s in ast.walk(tree)
        if isinstance(s, ast.stmt)
        and not isinstance(
            s,
            ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef | ast.For | ast.While | ast.If,
        )
    ]


def _read_elsewhere(name: str, stmts: list[ast.stmt]) -> bool:
    """Read by a statement that does not rebind it (a use, not a pipeline step); printing it
    (``print(x_train.shape)``) is no use of the data."""
    for s in stmts:
        if (
            isinstance(s, ast.Expr)
            and isinstance(s.value, ast.Call)
            and isinstance(s.value.func, ast.Name)
            and s.value.func.id == "print"
        ):
            continue
        loads = {
            n.id for n in ast.walk(s) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)
        }
        if name in loads and name not in _bound(s):
            return True
    return False


def _sources(name: str, stmts: list[ast.stmt], seen: set[str]) -> set[str]:
    """Every name the statements that bind ``name`` read, followed through new names."""
    if name in seen:
        return set()
    seen.add(name)
    out: set[str] = set()
    for s in stmts:
        if name not in _bound(s):
            continue
        for n in ast.walk(s):
            if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load) and n.id != name:
                out.add(n.id)
                out |= _sources(n.id, stmts, seen)
    return out


def foreign_data(original: str, new: str) -> str | None:
    """Why the patched script no longer trains on the script's data, or None."""
    old_tree, new_tree = _parse(original), _parse(new)
    if old_tree is None or new_tree is None:
        return None
    old_bound, new_bound = _bound(old_tree), _bound(new_tree)
    modules = _imported(old_tree) | _imported(new_tree)
    old_fed, _ = fed_to_training(old_tree)
    new_fed, _ = fed_to_training(new_tree)
    stmts = _simple_statements(new_tree)
    orphans = sorted(
        n
        for n in old_fed & old_bound & new_bound
        if not n.isupper() and n not in new_fed and not _read_elsewhere(n, stmts)
    )
    fresh = sorted(n for n in new_fed - old_bound if n in new_bound)
    own = old_bound - modules
    foreign = [n for n in fresh if not (_sources(n, stmts, set()) & own)]
    if orphans and foreign and len(foreign) == len(fresh):
        return (
            f"answer trains on {', '.join(f'`{n}`' for n in foreign)}, built from none of the "
            f"script's values, and leaves the script's {', '.join(f'`{n}`' for n in orphans)} "
            "unused: it is written for another script's data"
        )
    return _other_modality(original, old_tree, new_tree)


def _calls(tree: ast.AST) -> set[str]:
    out: set[str] = set()
    for n in ast.walk(tree):
        if isinstance(n, ast.Call):
            f = n.func
            out.add(f.attr if isinstance(f, ast.Attribute) else getattr(f, "id", ""))
    return out


def _other_modality(original: str, old_tree: ast.Module, new_tree: ast.Module) -> str | None:
    """Images loaded for a model of flat feature vectors with no image layer."""
    loaders = sorted((_calls(new_tree) & _IMAGE_LOADERS) - _calls(old_tree))
    if not loaders or _IMAGE_LAYERS.search(original):
        return None
    widths = []
    for n in ast.walk(old_tree):
        if not isinstance(n, ast.Call):
            continue
        is_input = ast.unparse(n.func).split(".")[-1] in ("Input", "InputLayer")
        shapes = [k.value for k in n.keywords if k.arg == "input_shape"]
        if is_input:
            shapes += [k.value for k in n.keywords if k.arg == "shape"] + n.args[:1]
        widths += [len(v.elts) for v in shapes if isinstance(v, ast.Tuple | ast.List)]
    if not widths or any(w != 1 for w in widths):
        return None
    return (
        f"answer loads images (`{loaders[0]}`) for a model whose inputs are flat feature "
        "vectors: it is written for another script's data"
    )
