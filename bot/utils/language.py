"""Which language the bot speaks to a member: the question's, else the member's
Discord locale, else the server's (``/config language``), else the pack's main one.

The order is the engine's (``Engine.language_of``): a question's text decides when it
can, so an English question is answered in English whatever the member's client
language; the locale (``es-ES``, ``es-419``) decides only where the text cannot (a
bare name, or a command with no question at all); the server default last.

Which names the bot's commands have for the reader is a different question: the
member's client decides it (``/preguntar`` in a Spanish client, whatever the text's
language), so ``read_as_member`` sets it from the locale where a request comes in,
and ``server_reader`` guesses it for what the bot posts on its own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..core.catalog.commands import Reader, for_locale, read_by

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


def member_reader(interaction: Interaction) -> Reader:
    """How the member who sent ``interaction`` sees the bot's commands (their client's
    language, mentions where it shows the default names)."""
    bot = interaction.client
    return for_locale(
        str(interaction.locale), localized=bot.localized_commands, ids=bot.command_ids
    )


def read_as_member(interaction: Interaction) -> None:
    """Texts written for this request name commands as its member sees them."""
    read_by(member_reader(interaction))


def server_reader(bot: CrisisBot, guild_id: int | None) -> Reader:
    """For what is read by many (posts, replies to a mention, which carry no locale):
    the server's language if set (``/config language``), else the server's Discord
    locale (a community server's primary language; English by default)."""
    guild = bot.get_guild(guild_id) if guild_id is not None else None
    locale = str(guild.preferred_locale) if guild is not None else None
    return for_locale(
        server_language(bot, guild_id) or locale,
        localized=bot.localized_commands,
        ids=bot.command_ids,
    )
