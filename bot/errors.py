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

from .core.catalog import message
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


GENERIC = message("error_generic")
NOT_MODERATOR = message("error_not_moderator")


def reply_for(error: BaseException, language: str = "en") -> Reply:
    """What to tell the member about ``error`` (in ``language``: the catalog's,
    ``bot/core/catalog/errors.py``), and how to log it."""
    original = getattr(error, "original", None)  # CommandInvokeError wraps the cause
    cause = original if isinstance(original, BaseException) else error
    if isinstance(cause, ChannelNotVisible):
        return Reply(
            message("error_channel_not_visible", language, channel=cause.channel_id),
            logging.INFO,
        )
    if isinstance(cause, NotModerator):
        return Reply(message("error_not_moderator", language))
    if isinstance(cause, OnCooldown):
        seconds = max(1, round(cause.retry_after))
        return Reply(message("error_cooldown", language, seconds=seconds))
    if isinstance(cause, app_commands.CheckFailure):
        return Reply(message("error_check", language))
    if isinstance(cause, StoreError):
        return Reply(message("error_store", language), logging.WARNING)
    return Reply(message("error_generic", language), logging.ERROR, traceback=True)
