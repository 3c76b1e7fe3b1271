"""The command table: every command gptfix offers, declared once.

Each :class:`Command` row names its editor command id (``workspace/executeCommand``,
the same in ``gptfix lsp`` and the pylsp plugin), its CLI form, a one-line summary,
its arguments and the service operation that does the work (``op``: one hop from
here to the behaviour). The shells are derived from this table:

- ``gptfix lsp`` registers a handler for every ``id`` (:mod:`gptfix.lsp.commands`);
- the pylsp plugin advertises and dispatches the same ids (:mod:`gptfix.pylsp_plugin`);
- the CLI's subcommands and ``gptfix --help`` come from the ``cli`` column
  (:mod:`gptfix.cli`);
- the VS Code extension's server command ids are checked against it (tests/lsp).

:func:`parse` checks a command's arguments the same way for every shell: a bad
argument is a :class:`~gptfix.errors.GptfixError` naming it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from gptfix.errors import GptfixError
from gptfix.service import ops, recipe_ops


@dataclass(frozen=True)
class ObjectKey:
    """One key of an options object argument."""

    name: str
    kind: type  #: bool, int, float (an int is accepted) or str
    help: str
    positive: bool = False  #: for numbers: must be > 0


@dataclass(frozen=True)
class Param:
    """One positional argument of an editor command."""

    name: str
    kind: str  #: "uri", "str", "object", "diagnostic" or "key"
    help: str
    required: bool = True
    options: tuple[ObjectKey, ...] = ()  #: the known keys of an "object" (others pass through)


@dataclass(frozen=True)
class Command:
    """A command of every shell: editor id, CLI form, arguments, the operation behind it."""

    name: str  #: short name, unique
    summary: str  #: one line, shown by ``gptfix --help`` and the README
    id: str | None = None  #: the editor command id; None for CLI-only commands
    cli: str | None = None  #: the CLI form, e.g. "recipe apply"; None for editor-only commands
    params: tuple[Param, ...] = ()
    op: Callable[..., Any] | None = None  #: the service operation; None: the shell's own state
    cli_module: str | None = None  #: the CLI module, when not ``gptfix.cli.<first word>``
    notes: tuple[str, ...] = field(default=())
    #: needs LSP 3.17 notebook document sync: offered by ``gptfix lsp``
    #: (:mod:`gptfix.lsp.notebooks` handles it); pylsp has no notebook sync
    notebook_sync: bool = False


URI = Param("uri", "uri", "the document uri (file://...)")
DIAGNOSTIC = Param(
    "diagnostic", "diagnostic", "the gptfix diagnostic (its data.key)", required=False
)

COMMANDS: tuple[Command, ...] = (
    Command(
        "run",
        "run a training script and locate its failure (--smoke, --fix)",
        id="gptfix.run",
        cli="run",
        params=(
            URI,
            Param(
                "options",
                "object",
                "run options",
                required=False,
                options=(ObjectKey("smoke", bool, "a few steps of each fit loop only"),),
            ),
        ),
        op=ops.run,
    ),
    Command(
        "load_log",
        "map a log from another machine onto the local script",
        id="gptfix.loadLog",
        cli="diagnose",
        params=(
            URI,
            Param(
                "options",
                "object",
                'the log: {"path": file} or {"text": log}',
                options=(
                    ObjectKey("path", str, "a log file"),
                    ObjectKey("text", str, "the log itself"),
                ),
            ),
        ),
        op=ops.load_log,
    ),
    Command(
        "fix_loop",
        "run, fix, rerun until the script works (verified fixes only, undoable)",
        id="gptfix.fixLoop",
        cli="run --fix",
        params=(
            URI,
            Param(
                "options",
                "object",
                "loop options",
                required=False,
                options=(ObjectKey("maxRounds", int, "rounds at most", positive=True),),
            ),
        ),
        op=ops.fix_loop,
    ),
    Command(
        "fixes_for_finding",
        "the offline fixes of a failure, verified before they are offered",
        cli=None,
        op=ops.fixes_for_finding,
        notes=("listed as quick fixes of a gptfix diagnostic; verified in the background",),
    ),
    Command(
        "fix_with_ai",
        "ask the configured LLM for a fix, verify it, then offer it",
        id="gptfix.fixWithAI",
        params=(URI, DIAGNOSTIC),
        op=ops.fix_with_ai,
    ),
    Command(
        "show_context",
        "show exactly what would be sent to an LLM",
        id="gptfix.showContext",
        cli="context",
        params=(URI, DIAGNOSTIC),
        op=ops.show_context,
    ),
    Command(
        "list_recipes",
        "the model-improvement recipes that apply, and where",
        id="gptfix.listRecipes",
        cli="recipe list",
        params=(URI,),
        op=recipe_ops.list_recipes,
    ),
    Command(
        "apply_recipe",
        "one recipe, written once the patched model builds and trains",
        id="gptfix.applyRecipe",
        cli="recipe apply",
        params=(
            URI,
            Param("recipe", "str", "recipe id (see listRecipes)"),
            Param(
                "options",
                "object",
                'recipe options as strings; "line" picks the match',
                required=False,
            ),
        ),
        op=recipe_ops.apply_recipe,
    ),
    Command(
        "ask",
        "ask the LLM for a change in words; verified before it is offered",
        id="gptfix.ask",
        cli="ask",
        params=(
            URI,
            Param(
                "options",
                "object",
                'the change request: {"request": words, "line"?, "endLine"?, ...}',
                options=(
                    ObjectKey("request", str, "what to change, in words"),
                    ObjectKey("line", int, "first line the change is about", positive=True),
                    ObjectKey("endLine", int, "last line the change is about", positive=True),
                    ObjectKey("gpuMem", float, "GPU memory to fit, GiB", positive=True),
                    ObjectKey("maxRounds", int, "verification rounds at most", positive=True),
                ),
            ),
        ),
        op=ops.ask,
    ),
    Command(
        "run_notebook",
        "run an open notebook's cells as the editor has them; the failure on its cell",
        id="gptfix.runNotebook",
        params=(
            Param("uri", "uri", "the notebook's or one of its cells' uri"),
            Param(
                "options",
                "object",
                "run options",
                required=False,
                options=(ObjectKey("smoke", bool, "a few steps of each fit loop only"),),
            ),
        ),
        notebook_sync=True,
        notes=("handled by gptfix.lsp.notebooks.run_notebook (the notebook as the editor has it)",),
    ),
    Command(
        "set_api_key",
        "hand the server an API key for this session (never logged)",
        id="gptfix.setApiKey",
        params=(Param("key", "key", "the key, or null to forget it", required=False),),
    ),
    Command("check", "build the model without training; forecast memory", cli="check"),
    Command("undo", "restore the script as it was before gptfix's last change", cli="undo"),
    Command("index", "what gptfix understands of a script (model, config, imports)", cli="index"),
    Command("names", "compare names between a script and a changed version", cli="names"),
    Command("apply", "apply a chat answer (pasted from anywhere) to the script", cli="apply"),
    Command("lsp", "start the language server (stdio, or --tcp HOST:PORT)", cli="lsp"),
)

#: editor command id -> row
BY_ID: Mapping[str, Command] = {c.id: c for c in COMMANDS if c.id is not None}
#: the editor command ids, in table order (what ``gptfix lsp`` advertises)
EDITOR_IDS: tuple[str, ...] = tuple(BY_ID)
#: the ids the pylsp plugin advertises: all but those that need notebook document sync
PYLSP_IDS: tuple[str, ...] = tuple(i for i, c in BY_ID.items() if not c.notebook_sync)


def cli_subcommands() -> dict[str, tuple[str, str]]:
    """CLI subcommand -> (module, one-line help), in table order (``gptfix --help``)."""
    out: dict[str, tuple[str, str]] = {}
    for c in COMMANDS:
        if c.cli is None:
            continue
        word = c.cli.split()[0]
        module = c.cli_module or f"gptfix.cli.{word}"
        if word in out:
            if c.cli == word:  # the plain form's summary speaks for the subcommand
                out[word] = (out[word][0], c.summary)
            elif not c.cli.startswith(f"{word} --"):
                mod, text = out[word]
                out[word] = (mod, f"{text}; {c.cli.split(maxsplit=1)[1]}: {c.summary}")
            continue
        rest = c.cli.split(maxsplit=1)[1] if " " in c.cli else None
        text = c.summary if rest is None else f"{rest}: {c.summary}"
        out[word] = (module, text)
    return out


def _check(value: Any, kind: str, where: str) -> Any:
    expected: dict[str, tuple[type, ...]] = {
        "uri": (str,),
        "str": (str,),
        "object": (dict,),
        "diagnostic": (dict,),
        "key": (str,),
    }
    if not isinstance(value, expected[kind]):
        name = {"uri": "a string", "str": "a string", "key": "a string"}.get(kind, "an object")
        raise GptfixError(f"{where} must be {name}")
    return value


def _check_options(value: dict[str, Any], param: Param, where: str) -> dict[str, Any]:
    for opt in param.options:
        if opt.name not in value or value[opt.name] is None:
            continue
        v = value[opt.name]
        kinds = (int, float) if opt.kind is float else (opt.kind,)
        ok = isinstance(v, kinds) and not (opt.kind is not bool and isinstance(v, bool))
        if not ok:
            raise GptfixError(f"{where}: {opt.name} must be {opt.kind.__name__}")
        if opt.positive and v <= 0:
            what = "integer" if opt.kind is int else "number"
            raise GptfixError(f"{where}: {opt.name} must be a positive {what}")
    return value


def parse(command_id: str, args: list[Any]) -> dict[str, Any]:
    """The arguments of editor command ``command_id`` by name, checked against the table.

    Missing optional arguments are None (objects: ``{}``). Raises GptfixError naming
    the first bad argument; extra trailing arguments are refused too.
    """
    command = BY_ID.get(command_id)
    if command is None:
        raise GptfixError(f"unknown command {command_id!r}")
    if len(args) > len(command.params):
        raise GptfixError(
            f"{command_id} takes at most {len(command.params)} argument(s), got {len(args)}"
        )
    out: dict[str, Any] = {}
    for i, param in enumerate(command.params):
        where = f"argument {i + 1} ({param.name})"
        value = args[i] if i < len(args) else None
        if value is None:
            if param.required:
                raise GptfixError(f"missing {where}: {param.help}")
            out[param.name] = {} if param.kind == "object" else None
            continue
        value = _check(value, param.kind, where)
        if param.kind == "object":
            value = _check_options(value, param, where)
        out[param.name] = value
    return out
