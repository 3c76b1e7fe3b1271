"""The recipe registry: an explicit dict from recipe id to :class:`Recipe`.

Shared by the CLI (``gptfix recipe list|apply``) and the language server's refactor
actions. Add a recipe by writing its module and adding one line here.
"""

from __future__ import annotations

from gptfix.recipes import add_augmentation, attention, lr_schedule, memory, swap_backbone
from gptfix.recipes.base import Recipe

RECIPES: dict[str, Recipe] = {
    "add-augmentation": add_augmentation.RECIPE,
    "attention": attention.RECIPE,
    "swap-backbone": swap_backbone.RECIPE,
    "lr-schedule": lr_schedule.RECIPE,
    "memory": memory.RECIPE,
}
