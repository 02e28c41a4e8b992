"""Command options the extensions share: a channel the bot can see, and topic
autocomplete."""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands

from .. import embeds
from ..errors import ChannelNotVisible


class VisibleTextChannel(app_commands.Transformer):
    """A text channel option that the bot can see, else ``ChannelNotVisible``.

    discord.py's own ``TextChannel`` conversion raises a bare ``TransformerError`` for
    a channel missing from the bot's cache, which reached members as "something went
    wrong" with a traceback in the log."""

    @property
    def type(self) -> discord.AppCommandOptionType:
        return discord.AppCommandOptionType.channel

    @property
    def channel_types(self) -> list[discord.ChannelType]:
        return [discord.ChannelType.text, discord.ChannelType.news]

    async def transform(self, interaction: discord.Interaction[Any], value: Any, /) -> Any:
        channel = value
        if isinstance(value, app_commands.AppCommandChannel | app_commands.AppCommandThread):
            channel = value.resolve()
        if not isinstance(channel, discord.TextChannel):
            raise ChannelNotVisible(int(value.id))
        me = channel.guild.me
        if me is not None and not channel.permissions_for(me).view_channel:
            raise ChannelNotVisible(channel.id)
        return channel


VisibleChannel = app_commands.Transform[discord.TextChannel, VisibleTextChannel]


def topic_choices(topics: list[str], current: str) -> list[app_commands.Choice[str]]:
    """The pack's topics containing ``current``, those starting with it first."""
    wanted = current.casefold().strip()
    ranked = sorted(
        (t for t in topics if wanted in t.casefold()),
        key=lambda t: (not t.casefold().startswith(wanted), t.casefold()),
    )
    return [
        app_commands.Choice(name=embeds.choice_text(t), value=embeds.choice_text(t))
        for t in ranked[: embeds.CHOICES_MAX]
    ]
