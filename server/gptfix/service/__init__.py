"""The service layer: typed operations for the shells and the one command table.

:mod:`gptfix.service.ops` holds the operations (run, load_log, fixes_for_finding,
fix_with_ai, show_context, fix_loop) and :mod:`gptfix.service.recipe_ops` the recipe ones
(list_recipes, apply_recipe), each returning core objects, cancellable and reporting
progress through a callback.
:mod:`gptfix.service.table` declares every command once; the CLI, ``gptfix lsp`` and
the pylsp plugin are derived from it. No editor or protocol types here.
"""

from __future__ import annotations

from gptfix.service.table import BY_ID, COMMANDS, EDITOR_IDS, PYLSP_IDS, Command, Param, parse

__all__ = ["BY_ID", "COMMANDS", "EDITOR_IDS", "PYLSP_IDS", "Command", "Param", "parse"]
