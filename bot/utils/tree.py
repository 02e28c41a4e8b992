"""The bot's command tree: the one place a failed command, check or option turns into
a polite, private reply (what it says comes from ``bot/errors.py``)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from discord import app_commands

from ..errors import reply_for
from .language import read_as_member
from .replies import send_private

if TYPE_CHECKING:
    from ..discord_bot import CrisisBot, Interaction

    TreeBase = app_commands.CommandTree[CrisisBot]
else:  # the bot imports this module: no import back at run time
    TreeBase = app_commands.CommandTree

_log = logging.getLogger("crisisbot")


def _language(bot: CrisisBot, interaction: Interaction) -> str:
    """The member's locale, if the pack speaks it: no database read, and nothing that can
    fail in turn (the failure being reported may be the database's or the engine's)."""
    try:
        return bot.engine.language_of("", hint=str(interaction.locale))
    except Exception:
        return "en"


class CrisisTree(TreeBase):
    async def interaction_check(self, interaction: Interaction, /) -> bool:
        # Every command's texts (and its error reply) name commands as its member sees them.
        read_as_member(interaction)
        return True

    async def on_error(
        self, interaction: Interaction, error: app_commands.AppCommandError, /
    ) -> None:
        bot = self.client
        if bot.stopping:
            bot.dropped_during_stop(error)  # the connection is closing under it: quietly
            return
        reply = reply_for(error, _language(bot, interaction))
        command = interaction.command.qualified_name if interaction.command else "?"
        if reply.traceback:
            _log.log(reply.log_level, "Command /%s failed", command, exc_info=error)
        else:
            cause = getattr(error, "original", None) or error
            _log.log(reply.log_level, "Command /%s: %s", command, cause)
        try:
            await send_private(interaction, reply.text)
        except Exception as exc:  # the reply about a failure must not fail loudly itself
            _log.warning("Could not tell the member that /%s failed: %r", command, exc)
