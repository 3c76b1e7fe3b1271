"""The applier's door to :mod:`gptfix.names`: reconcile an answer's names, catch broken ones.

Bridges the LLM applier and the names module (owned by the index part) with two small
functions and plain return types: :func:`reconcile` rewrites a code block in the
script's own names (``base_model`` -> ``backbone``, ``layers.Dense`` ->
``keras.layers.Dense``) and says why; :func:`broken_names` turns a names check of the
patched script into a one-line refusal ("renames CFG.batch_size, used at lines 88, 141").
"""

from __future__ import annotations

import ast
import textwrap

from gptfix import names
from gptfix.index import ScriptIndex, build_index
from gptfix.llm.stmts import SENTINEL


def reconcile(
    snippet: str,
    script_text: str,
    at_line: int | None,
    prose: str,
    *,
    add_imports: bool = True,
    own: frozenset[str] = frozenset(),
    unclear: dict[str, list[str]] | None = None,
) -> tuple[str, list[tuple[str, str, str]]]:
    """The snippet in the script's names, and (answer name, script name, evidence) triples.

    ``own`` are functions and classes the answer defines in its other blocks: kept as written.
    The snippet's common indentation is kept (SEARCH/REPLACE bodies are indented).
    Imports the reconciled snippet needs and the script lacks are put at its top.
    ``unclear`` receives the answer names left unmapped because several script names fit.
    """
    dedented = textwrap.dedent(snippet)
    if not dedented.strip():
        return snippet, []
    first = next(line for line in snippet.split("\n") if line.strip())
    prefix = first[: len(first) - len(first.lstrip())] if dedented != snippet else ""
    rec = _best_reconciliation(dedented, script_text, at_line, prose, own)
    if rec is None:
        return snippet, []
    if unclear is not None:
        for a in rec.ambiguous:
            unclear.setdefault(a.snippet_name, a.candidates)
    changes = [(m.snippet_name, m.script_name, m.evidence) for m in rec.changes]
    changes += [
        (r.written, r.spelled, "the script spells it this way")
        for r in rec.module_rewrites
        if r.written != r.spelled
    ]
    # keep the answer's imports: the applier skips those the script already has, and a
    # whole-file answer must not lose its import lines
    text = rec.apply(drop_imports=False)
    if rec.imports_needed and add_imports and not prefix:
        text = "\n".join(rec.imports_needed) + "\n" + text
        changes += [
            (imp, imp, "needed by the answer, missing in the script") for imp in rec.imports_needed
        ]
    if prefix:
        text = "\n".join(prefix + line if line.strip() else line for line in text.split("\n"))
    return text, changes


def _best_reconciliation(
    snippet: str, script_text: str, at_line: int | None, prose: str, own: frozenset[str]
) -> names.Reconciliation | None:
    """Reconcile at ``at_line``; with no line, where the snippet's unknown names resolve best.

    A snippet such as ``base_model.trainable = False`` may only make sense inside a
    function (where ``backbone`` is local): each function's end is tried, and the one
    place that resolves the most unknown names wins (ties: the module end).
    """
    index = build_index(script_text)
    if index.syntax_error is not None:
        return None  # nothing to reconcile with: the script's names are unknown
    rec = names.reconcile(snippet, index, at_line, prose, own)
    if rec.error:
        return None
    if at_line is None:
        homes = _binding_scopes(index, {m.snippet_name.split(".")[0] for m in rec.changes}, snippet)
        # ``cfg.vocab_size`` where ``def build_model(cfg)`` binds ``cfg``: the snippet is
        # that function's code, and a name bound there is never renamed; ``self.d_model``
        # bound in every method: the method where the snippet's names resolve best
        tried = [names.reconcile(snippet, index, home, prose, own) for home in homes]
        tried = [t for t in tried if not t.error]
        if tried:
            return min(tried, key=lambda t: (len(t.unresolved), len(t.changes)))
    if at_line is not None or not rec.unresolved:
        return rec
    best, best_left = rec, len(rec.unresolved)
    tied = False
    for scope in index.scopes:
        if scope.kind != "function":
            continue
        cand = names.reconcile(snippet, index, scope.end_line, prose, own)
        left = len(cand.unresolved)
        if left < best_left:
            best, best_left, tied = cand, left, False
        elif left == best_left and best is not rec and left < len(rec.unresolved):
            tied = True
    return rec if tied else best


def _binding_scopes(index: ScriptIndex, renamed: set[str], snippet: str = "") -> list[int]:
    """The end lines of the functions that bind (parameter or local) names the
    module-level reconciliation would rename; when several do (``cfg`` a parameter of
    ``make_data`` and of ``build_model``), those whose lines the snippet shares most."""
    if not renamed:
        return []
    homes = {
        b.scope
        for b in index.bindings
        if b.name in renamed and index.scopes[b.scope].kind == "function"
    }
    if len(homes) > 1 and snippet:
        said = {x.strip() for x in snippet.split("\n") if len(x.strip()) > 3}
        shared = {
            h: sum(
                x.strip() in said
                for x in index.lines.lines[index.scopes[h].line - 1 : index.scopes[h].end_line]
            )
            for h in homes
        }
        best = max(shared.values())
        homes = {h for h, n in shared.items() if n == best} if best else homes
    return sorted(index.scopes[h].end_line for h in homes)


def never_bound(original: str, changed: str) -> set[str]:
    """Names ``changed`` reads that nothing binds and ``original`` did not read unbound."""
    report = names.check(original, changed)
    return {u.name for u in report.unbound if not u.preexisting and u.reason == "never bound"}


def broken_names(
    original: str, changed: str, unclear: dict[str, list[str]] | None = None
) -> str | None:
    """A one-line refusal when ``changed`` breaks a name the script uses, else None.

    ``unclear``: answer names several script names fit (``Xtr`` filling the argument
    ``x_small`` and ``x_full`` fill in two calls): named in the refusal."""
    report = names.check(original, changed)
    if report.ok:
        return None
    for r in report.removed:
        if r.breaking:
            lines = ", ".join(str(line) for line, _ in r.users[:6])
            to = f" to {r.renamed_to}" if r.renamed_to else ""
            return f"renames {r.name}{to}, used at lines {lines}"
    new = [u for u in report.unbound if not u.preexisting]
    if new:
        never = [u for u in new if u.reason == "never bound"]
        never = [u for k, u in enumerate(never) if u.name not in {v.name for v in never[:k]}]
        elided = [u for u in never if u.name == SENTINEL]
        if elided:  # an elision marker the applier could not line up with the script's code
            return (
                f"answer leaves `...` in code that matches no statement of the script "
                f"(line {elided[0].line}): what it stands for is unknown"
            )
        if never:
            listed = ", ".join(f"`{u.name}` (line {u.line})" for u in never[:4])
            stale = _constants_dropped(original, changed)
            if stale and all(u.name.isupper() for u in never):
                # its own settings in place of the script's: the code of another project
                mine = ", ".join(f"`{n}`" for n in stale[:4])
                return (
                    f"answer is written for another script: it uses {listed}, which the "
                    f"script does not define, in place of the script's own {mine}"
                )
            listed += unclear_note(unclear or {}, [u.name for u in never])
            return f"answer uses names the script does not define: {listed}"
        u = new[0]
        return f"answer uses `{u.name}` at line {u.line}, which is {u.reason}"
    return "; ".join(report.problems)[:200] or None


def unclear_note(unclear: dict[str, list[str]], names: list[str]) -> str:
    """`` (`Xtr` could be `x_full` or `x_small`: ...)`` for the ``names`` several script
    names fit, else ""."""
    which = [
        f"`{n}` could be {' or '.join(f'`{c}`' for c in unclear[n])}"
        for n in dict.fromkeys(names)
        if unclear.get(n)
    ]
    if not which:
        return ""
    return f" ({'; '.join(which[:3])}: the answer does not say which)"


def _constants_dropped(original: str, changed: str) -> list[str]:
    """The script's module constants (``IMG``, ``N_TAB``) the changed script, or a function
    it changed, no longer reads."""
    try:
        old, new = ast.parse(original), ast.parse(changed)
    except SyntaxError:
        return []
    consts = {
        t.id
        for st in old.body
        if isinstance(st, ast.Assign)
        for t in st.targets
        if isinstance(t, ast.Name) and t.id.isupper()
    }

    def reads(tree: ast.AST) -> set[str]:
        return {
            n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)
        }

    new_defs = {
        n.name: n for n in ast.walk(new) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)
    }
    dropped = (reads(old) & consts) - reads(new)
    for fn in ast.walk(old):
        if isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef) and fn.name in new_defs:
            dropped |= (reads(fn) & consts) - reads(new_defs[fn.name])
    return sorted(dropped)
