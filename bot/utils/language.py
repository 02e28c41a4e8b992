"""Which language the bot speaks to a member: the question's, else the member's
Discord locale, else the server's (``/config language``), else the pack's main one.

The order is the engine's (``Engine.language_of``): a question's text decides when it
can, so an English question is answered in English whatever the member's client
language; the locale (``es-ES``, ``es-419``) decides only where the text cannot (a
bare name, or a command with no question at all); the server default last.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..discord_bot import CrisisBot, Interaction


def server_language(bot: CrisisBot, guild_id: int | None) -> str | None:
    """The server's language (``/config language``), or None (DMs, or never set)."""
    if guild_id is None:
        return None
    return bot.store.settings.get(guild_id).language


def posting_language(bot: CrisisBot, guild_id: int | None) -> str:
    """What the bot posts in on its own (fact of the day, /postfact): the server's
    language if the pack has it, else the pack's main one."""
    return bot.engine.for_language(server_language(bot, guild_id)).language


def interaction_language(interaction: Interaction, text: str = "") -> str:
    """The language to answer an interaction in: from ``text`` (a question or a topic
    name), else the member's locale, else the server's language."""
    bot = interaction.client
    return bot.engine.language_of(
        text,
        hint=str(interaction.locale),
        default=server_language(bot, interaction.guild_id),
    )
