"""Checks that run before a command: who may use it, and how often.

Both raise a ``CheckFailure`` subclass from ``bot/errors.py``; the command tree
(``tree.py``) tells the member why, privately, and nothing else happens.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from discord import app_commands

from ..errors import NotModerator, OnCooldown

if TYPE_CHECKING:
    from ..discord_bot import Interaction

T = TypeVar("T")


def is_moderator(interaction: Interaction) -> bool:
    """Manage Messages (or Manage Server), or the server's moderator role
    (``/config modrole``); never in DMs."""
    if interaction.guild_id is None:
        return False
    if interaction.permissions.manage_messages or interaction.permissions.manage_guild:
        return True
    settings = interaction.client.store.settings.get(interaction.guild_id)
    role_id = settings.moderator_role_id
    roles = getattr(interaction.user, "roles", [])
    return role_id is not None and any(role.id == role_id for role in roles)


def check_moderator(interaction: Interaction) -> bool:
    """True, or NotModerator. Also the ``interaction_check`` of the moderator groups."""
    if not is_moderator(interaction):
        raise NotModerator("not a moderator")
    return True


def moderator_only() -> Callable[[T], T]:
    """A moderator command. Discord shows it only to members with Manage Messages (set
    with ``default_permissions``, which server admins can change), so this checks
    again when it runs, and lets the moderator role in too."""
    return app_commands.check(check_moderator)


def check_cooldown(interaction: Interaction) -> bool:
    """True (starting the member's cooldown), or OnCooldown with the seconds left."""
    left = interaction.client.cooldown_left(interaction.user.id, interaction.guild_id)
    if left > 0:
        raise OnCooldown(left)
    return True


def cooldown() -> Callable[[T], T]:
    """One public reply per member per cooldown (``bot/cooldown.py``); the same count
    as channel answers."""
    return app_commands.check(check_cooldown)
