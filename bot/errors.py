"""Failures members and moderators can cause, and the one place that turns them into
polite replies (the pattern of python-discord/bot's error handler).

A command, a check or an option raises (or lets through) a specific exception; the
bot's command tree (``bot/utils/tree.py``) passes every one to ``reply_for``, which
says what the member is told and how loudly it is logged. Only failures nobody
anticipated get the generic "something went wrong" and a traceback in the log:
everything a member can cause on purpose or by accident has its own reply and at
most one log line.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from discord import app_commands

from .storage import StoreError


class ChannelNotVisible(app_commands.AppCommandError):
    """A command named a channel the bot cannot see (no View Channel there, so Discord
    did not send it to the bot at all)."""

    def __init__(self, channel_id: int) -> None:
        super().__init__(f"channel {channel_id} is not visible to the bot")
        self.channel_id = channel_id


class NotModerator(app_commands.CheckFailure):
    """A moderator command run by someone without Manage Messages or the moderator role
    (``bot/utils/checks.py``)."""


class OnCooldown(app_commands.CheckFailure):
    """The member must wait ``retry_after`` seconds before another reply."""

    def __init__(self, retry_after: float) -> None:
        super().__init__(f"on cooldown for {retry_after:.1f} s")
        self.retry_after = retry_after


@dataclass(frozen=True)
class Reply:
    text: str
    log_level: int = logging.DEBUG  # how the failure is logged (one line, no traceback)
    traceback: bool = False


GENERIC = "Sorry, something went wrong on my side. Please try again in a moment."
NOT_MODERATOR = (
    "Sorry, only moderators (Manage Messages, or the server's moderator role) can use "
    "this command. Nothing was changed."
)


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
    if isinstance(cause, NotModerator):
        return Reply(NOT_MODERATOR)
    if isinstance(cause, OnCooldown):
        return Reply(f"One moment: you can ask again in {max(1, round(cause.retry_after))} s.")
    if isinstance(cause, app_commands.CheckFailure):
        return Reply("You can't use this command here.")
    if isinstance(cause, StoreError):
        return Reply(
            "I can't reach my database right now (it may be busy or locked). Nothing was "
            "changed; please try again in a moment.",
            logging.WARNING,
        )
    return Reply(GENERIC, logging.ERROR, traceback=True)
