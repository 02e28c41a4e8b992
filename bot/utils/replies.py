"""Sending replies: never a ping, private where only the member should see it.

Everything the bot sends has allowed mentions set to none, so a question holding
``@everyone``, a role or a user never becomes a ping; these helpers are the one place
that says so for interaction and message replies.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

import discord

if TYPE_CHECKING:
    from ..discord_bot import Interaction

_log = logging.getLogger(__name__)
NO_PINGS = discord.AllowedMentions.none()


async def send_private(interaction: Interaction, text: str) -> None:
    """``text`` to the member alone (ephemeral): as the response, or as a follow-up if
    the interaction was already answered or deferred."""
    if interaction.response.is_done():
        await interaction.followup.send(text, ephemeral=True, allowed_mentions=NO_PINGS)
    else:
        await interaction.response.send_message(text, ephemeral=True, allowed_mentions=NO_PINGS)


async def reply_to_message(
    message: discord.Message,
    *,
    content: str | None = None,
    embed: discord.Embed | None = None,
    view: discord.ui.View | None = None,
) -> discord.Message | None:
    """A reply under ``message`` that does not ping its author, or None (logged, not
    raised) in a channel where the bot may not reply."""
    kwargs: dict[str, Any] = {"content": content}
    if embed is not None:
        kwargs["embed"] = embed
    if view is not None:
        kwargs["view"] = view
    try:
        return await message.reply(mention_author=False, allowed_mentions=NO_PINGS, **kwargs)
    except discord.Forbidden:
        _log.warning("No permission to reply in channel %s", message.channel.id)
        return None
