"""Failures members and moderators can cause, and the one place that turns them into
polite replies (the pattern of python-discord/bot's error handler).

A command raises (or lets through) a specific exception; ``reply_for`` maps it to
what the member is told and how loudly it is logged. Only failures nobody
anticipated get the generic "something went wrong" and a traceback in the log:
everything a member can cause on purpose or by accident has its own reply and at
most one log line.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

import discord
from discord import app_commands

from .store import StoreError


class ChannelNotVisible(app_commands.AppCommandError):
    """A command named a channel the bot cannot see (no View Channel there, so Discord
    did not send it to the bot at all)."""

    def __init__(self, channel_id: int) -> None:
        super().__init__(f"channel {channel_id} is not visible to the bot")
        self.channel_id = channel_id


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

    async def transform(self, interaction: discord.Interaction, value: Any, /) -> Any:
        channel = value
        if isinstance(value, app_commands.AppCommandChannel | app_commands.AppCommandThread):
            channel = value.resolve()
        if not isinstance(channel, discord.TextChannel):
            raise ChannelNotVisible(int(value.id))
        me = channel.guild.me
        if me is not None and not channel.permissions_for(me).view_channel:
            raise ChannelNotVisible(channel.id)
        return channel


@dataclass(frozen=True)
class Reply:
    text: str
    log_level: int = logging.DEBUG  # how the failure is logged (one line, no traceback)
    traceback: bool = False


GENERIC = "Sorry, something went wrong on my side. Please try again in a moment."


def reply_for(error: BaseException) -> Reply:
    """What to tell the member about ``error``, and how to log it."""
    original = getattr(error, "original", None)  # CommandInvokeError wraps the cause
    cause = original if isinstance(original, BaseException) else error
    if isinstance(cause, ChannelNotVisible):
        return Reply(
            f"I can't see <#{cause.channel_id}>: check my permissions there (View "
            "Channel, Send Messages, Embed Links). Nothing was changed.",
            logging.INFO,
        )
    if isinstance(cause, app_commands.CheckFailure):
        return Reply("You can't use this command here.")
    if isinstance(cause, StoreError):
        return Reply(
            "I can't reach my database right now (it may be busy or locked). Nothing was "
            "changed; please try again in a moment.",
            logging.WARNING,
        )
    return Reply(GENERIC, logging.ERROR, traceback=True)
