"""Names an answer renamed in code it re-pasted (``base_model`` for ``backbone``).

Bridges a whole-function answer and the function it replaces. When the answer binds a
new local name where the script bound another one with a value built by the same
family of calls (``keras.applications.EfficientNetB3`` for ``keras.applications.
EfficientNetB0``), and neither name exists on the other side, the answer's name is
mapped back to the script's, so the statements an elision marker keeps still work.
At module level (a re-pasted script), a name the answer assigns exactly the value the
script assigns to another name (``X_train = rng.random(...)`` for ``x_train``), or
builds from the same source call (``val_dataset = from_tensor_slices((val_x, val_y))
.batch(32)`` for ``val_ds = from_tensor_slices((val_x, val_y))``), is the script's name too.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize

from gptfix.llm.stmts import SENTINEL


def _assigned(fn: ast.AST) -> dict[str, str]:
    """Single-name assignment target -> callee family (``keras.applications``), in order."""
    out: dict[str, str] = {}
    for node in ast.walk(fn):
        if (
            isinstance(node, ast.Assign)
            and len(node.targets) == 1
            and isinstance(node.targets[0], ast.Name)
            and isinstance(node.value, ast.Call)
        ):
            func = ast.unparse(node.value.func)
            family = func.rsplit(".", 1)[0] if "." in func else func
            out.setdefault(node.targets[0].id, family)
    return out


def _bound(fn: ast.AST) -> set[str]:
    names = {n.id for n in ast.walk(fn) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}
    names |= {a.arg for a in ast.walk(fn) if isinstance(a, ast.arg)}
    return names


def _is_marker(node: ast.stmt) -> bool:
    return (
        isinstance(node, ast.Expr)
        and isinstance(node.value, ast.Name)
        and node.value.id == SENTINEL
    )


def _elided_names(old_fn: ast.AST, new_fn: ast.AST) -> set[str]:
    """Names the script's function binds in the statements an elision marker of the
    answer's version stands for (``# ... rest unchanged`` after the changed lines): they
    stay in the function, so no new name of the answer takes their place."""
    old_body, new_body = getattr(old_fn, "body", []), getattr(new_fn, "body", [])
    dumps = [ast.dump(x) for x in old_body]
    matched: list[int | None] = []
    for x in new_body:
        d = ast.dump(x)
        matched.append(next((k for k, o in enumerate(dumps) if o == d), None))
    out: set[str] = set()
    for i, x in enumerate(new_body):
        if not _is_marker(x):
            continue
        before = [k for k in matched[:i] if k is not None]
        after = [k for k in matched[i + 1 :] if k is not None]
        shown_before = any(not _is_marker(x) for x in new_body[:i])
        shown_after = any(not _is_marker(x) for x in new_body[i + 1 :])
        if (shown_before and not before) or (shown_after and not after):
            continue  # where the marker starts or ends in the script is unknown
        lo, hi = (before[-1] + 1 if before else 0), (after[0] if after else len(old_body))
        for k in range(lo, hi):
            if k not in matched:
                out |= _bound(old_body[k])
    return out


def local_renames(old_fn: ast.AST, new_fn: ast.AST) -> dict[str, tuple[str, str]]:
    """answer name -> (script name, evidence) for locals the answer renamed."""
    old_assigned, new_assigned = _assigned(old_fn), _assigned(new_fn)
    old_bound, new_bound = _bound(old_fn), _bound(new_fn)
    out: dict[str, tuple[str, str]] = {}
    taken: set[str] = _elided_names(old_fn, new_fn)  # still there: an elision keeps them
    out.update(_param_renames(old_fn, new_fn))
    taken |= {u for u, _ in out.values()}
    for name, family in new_assigned.items():
        if name in old_bound:
            continue
        partners = [
            u
            for u, fam in old_assigned.items()
            if fam == family and u not in new_bound and u not in taken
        ]
        if len(partners) == 1:
            u = partners[0]
            taken.add(u)
            where = getattr(old_fn, "name", "the function")
            out[name] = (u, f"takes the place of `{u}` in {where} (both built by {family})")
    return out


def _param_renames(old_fn: ast.AST, new_fn: ast.AST) -> dict[str, tuple[str, str]]:
    """answer parameter -> (script parameter, evidence) for a function re-pasted with its
    positional parameters renamed (``def build_model(cfg)`` for ``def build_model(args)``):
    the script's names stay, so its callers and any statement an elision keeps still work."""
    if not isinstance(old_fn, ast.FunctionDef) or not isinstance(new_fn, ast.FunctionDef):
        return {}
    olds = [a.arg for a in old_fn.args.posonlyargs + old_fn.args.args]
    news = [a.arg for a in new_fn.args.posonlyargs + new_fn.args.args]
    if len(olds) != len(news):
        return {}
    old_names = {n.id for n in ast.walk(old_fn) if isinstance(n, ast.Name)} | set(olds)
    new_names = {n.id for n in ast.walk(new_fn) if isinstance(n, ast.Name)} | set(news)
    out: dict[str, tuple[str, str]] = {}
    for o, n in zip(olds, news, strict=True):
        if o != n and n not in old_names and o not in new_names:
            out[n] = (o, f"the parameter `{o}` of the script's `{old_fn.name}`")
    return out


def rename_names(code: str, mapping: dict[str, str]) -> str:
    """``code`` with the given plain names renamed (attributes like ``x.name`` untouched)."""
    lines = code.split("\n")
    spots: list[tuple[int, int, int, str]] = []
    prev: tokenize.TokenInfo | None = None
    try:
        for tok in tokenize.generate_tokens(io.StringIO(code).readline):
            if (
                tok.type == tokenize.NAME
                and tok.string in mapping
                and not (prev and prev.string == ".")
            ):
                spots.append((tok.start[0] - 1, tok.start[1], tok.end[1], mapping[tok.string]))
            if tok.type not in (tokenize.NL, tokenize.NEWLINE, tokenize.COMMENT):
                prev = tok
    except (tokenize.TokenError, SyntaxError):
        return code
    for row, start, end, new in reversed(spots):
        lines[row] = lines[row][:start] + new + lines[row][end:]
    return "\n".join(lines)


#: calls that act (train, evaluate, save) rather than compute a value: two of them with the
#: same arguments are two runs, never one value under two names
_ACTIONS = frozenset({"fit", "fit_generator", "train_on_batch", "evaluate", "save", "save_weights"})


def module_renames(old: ast.Module, new: ast.Module) -> dict[str, tuple[str, str]]:
    """answer name -> (script name, evidence) for module-level names a re-pasted script
    renamed: ``X_train = rng.random(...)`` where the script has ``x_train = rng.random(...)``
    with the very same value, and neither name is bound on the other side."""
    old_bound, new_bound = _bound(old), _bound(new)
    by_value: dict[str, list[str]] = {}
    by_source: dict[str, list[str]] = {}
    for node in old.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
            if isinstance(target, ast.Name):
                by_value.setdefault(ast.dump(node.value), []).append(target.id)
                if (root := _source(node.value)) is not None:
                    by_source.setdefault(root, []).append(target.id)
    # ``tta = model.predict(x)`` then ``tta += ...``: a value of the answer's own that it
    # changes, never the script's value under another name
    changed = {
        n.target.id
        for n in ast.walk(new)
        if isinstance(n, ast.AugAssign) and isinstance(n.target, ast.Name)
    }
    out: dict[str, tuple[str, str]] = {}
    for at, node in enumerate(new.body):
        if not (isinstance(node, ast.Assign) and len(node.targets) == 1):
            continue
        target = node.targets[0]
        if not isinstance(target, ast.Name) or target.id in old_bound or target.id in changed:
            continue
        # ``# ... rest unchanged`` / ``model = keras.Model(inputs, outputs)`` where the script
        # has ``net = keras.Model(inputs, outputs)``: a line of the script shown again after
        # the code the marker stands for, under the answer's own name
        shown_again = at > 0 and _is_marker(new.body[at - 1])
        if (
            isinstance(node.value, ast.Call)
            and (not _reads_values(node.value) or _constructs(node.value))
            and not (shown_again and len(by_value.get(ast.dump(node.value), [])) == 1)
        ):
            # ``second = make_net()``, ``raw_meta = keras.Input(shape=(cfg.n_meta,))`` beside
            # the script's: each call makes a new object, not the same value
            continue
        if isinstance(node.value, ast.Constant | ast.UnaryOp):
            continue  # ``N_MODELS = 3`` beside ``EPOCHS = 3``: equal numbers are no evidence
        if (
            isinstance(node.value, ast.Call)
            and isinstance(node.value.func, ast.Attribute)
            and node.value.func.attr in _ACTIONS
        ):
            continue  # ``history_ft = model.fit(...)``: a second run of training, its own result
        partners = by_value.get(ast.dump(node.value), [])
        why = "the script assigns it the same value"
        root = _source(node.value)
        if not partners and root is not None:
            partners = by_source.get(root, [])
            why = "the script builds it from the same call"
        taken = {u for u, _ in out.values()}
        if len(partners) == 1 and partners[0] not in new_bound and partners[0] not in taken:
            u = partners[0]
            out[target.id] = (u, f"takes the place of `{u}` ({why})")
    _unpacked_renames(old, new, _top_bound(old), _top_bound(new), out)
    return out


def _top_bound(tree: ast.Module) -> set[str]:
    """Names the module's own statements bind (a function's locals are not the module's)."""
    out: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            out.add(node.name)
            continue
        out |= {
            n.id for n in ast.walk(node) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)
        }
    return out


def _names_of(target: ast.expr) -> list[str] | None:
    """``a, b`` (or ``(a, b)``) as its names; None for anything else."""
    if isinstance(target, ast.Tuple | ast.List) and all(
        isinstance(e, ast.Name) for e in target.elts
    ):
        return [e.id for e in target.elts]  # type: ignore[attr-defined]
    return None


def _unpacked_renames(
    old: ast.Module,
    new: ast.Module,
    old_bound: set[str],
    new_bound: set[str],
    out: dict[str, tuple[str, str]],
) -> None:
    """``train_imgs, train_msks = synth_data(96, seed=1)`` where the script unpacks the very
    same call into ``train_images, train_masks``: each name is the script's, in order."""
    by_value: dict[str, list[list[str]]] = {}
    for node in old.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            names = _names_of(node.targets[0])
            if names:
                by_value.setdefault(ast.dump(node.value), []).append(names)
    for node in new.body:
        if not (isinstance(node, ast.Assign) and len(node.targets) == 1):
            continue
        names = _names_of(node.targets[0])
        partners = by_value.get(ast.dump(node.value), []) if names else []
        if names is None or len(partners) != 1 or len(partners[0]) != len(names):
            continue
        taken = {u for u, _ in out.values()}
        for mine, theirs in zip(names, partners[0], strict=True):
            if mine == theirs or mine in old_bound or theirs in new_bound or theirs in taken:
                continue
            out[mine] = (
                theirs,
                f"takes the place of `{theirs}` (the script unpacks the same value)",
            )


def _source(value: ast.expr) -> str | None:
    """The call a method chain starts from, with its arguments (``tf.data.Dataset.
    from_tensor_slices((val_x, val_y))`` of ``....batch(32).prefetch(AUTOTUNE)``)."""
    node = value
    while (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and isinstance(node.func.value, ast.Call)
    ):
        node = node.func.value
    if not isinstance(node, ast.Call) or not (node.args or node.keywords):
        return None
    if not any(isinstance(n, ast.Name) for a in node.args for n in ast.walk(a)):
        return None  # built from constants only: not one value's source
    return ast.dump(node)


def _constructs(call: ast.Call) -> bool:
    """A call of a class (``keras.Input``, ``layers.Dense``, ``StandardScaler``: its name
    capitalised): each makes a new object, even from the same arguments."""
    return ast.unparse(call.func).rsplit(".", 1)[-1][:1].isupper()


def _reads_values(call: ast.Call) -> bool:
    """Whether a call's arguments read any name (data it is made from)."""
    args = [*call.args, *(k.value for k in call.keywords)]
    return any(isinstance(n, ast.Name) for a in args for n in ast.walk(a))


def made_by(node: ast.Assign) -> str | None:
    """The function an assignment's value is first made by (``VAE`` of ``VAE(enc, dec)``)."""
    value = node.value
    while isinstance(value, ast.Call) and isinstance(value.func, ast.Call):
        value = value.func
    return ast.unparse(value.func).rsplit(".", 1)[-1] if isinstance(value, ast.Call) else None


def drifted_target(original: str, changed: str) -> tuple[str, str] | None:
    """(answer name, script name) when an applied answer binds the script's value under a
    name of its own: ``model = VAE(encoder, decoder, beta=b)`` took the place of the
    script's ``vae = VAE(encoder, decoder)``, so ``vae`` is read below but bound nowhere, and
    ``model`` appears nowhere in the script. Only one such pair, made by the same function
    on both sides, counts; None otherwise."""
    try:
        old, new = ast.parse(original), ast.parse(changed)
    except SyntaxError:
        return None

    def binds(tree: ast.AST) -> dict[str, list[ast.Assign]]:
        out: dict[str, list[ast.Assign]] = {}
        for n in ast.walk(tree):
            if isinstance(n, ast.Assign) and len(n.targets) == 1:
                if isinstance(n.targets[0], ast.Name):
                    out.setdefault(n.targets[0].id, []).append(n)
        return out

    def stored(tree: ast.AST) -> set[str]:
        return {
            n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)
        }

    old_words = set(re.findall(r"[A-Za-z_]\w*", original))
    old_binds, new_binds = binds(old), binds(new)
    lost = stored(old) - stored(new)
    fresh = {n for n in stored(new) - stored(old) if n not in old_words}

    def maker(binds_: dict[str, list[ast.Assign]], name: str) -> str | None:
        found = binds_.get(name, [])
        return made_by(found[0]) if len(found) == 1 else None

    read = {n.id for n in ast.walk(new) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}

    def call(binds_: dict[str, list[ast.Assign]], name: str) -> str | None:
        value = binds_[name][0].value
        return ast.unparse(value.func) if isinstance(value, ast.Call) else None

    pairs = [
        (f, lost_name)
        for lost_name in sorted(lost)
        for f in sorted(fresh)
        if maker(old_binds, lost_name) is not None
        and maker(old_binds, lost_name) == maker(new_binds, f)
        # read below, or (``hist`` / ``history``) a result nothing reads, the same call
        and (
            lost_name in read
            or (f not in read and call(old_binds, lost_name) == call(new_binds, f))
        )
    ]
    return pairs[0] if len(pairs) == 1 else None
