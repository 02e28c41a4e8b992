"""Sending one claimed daily post: the Discord half of the exactly-once schedules (the
fact of the day and the anniversary posts; the store holds the other half, see
``bot/storage/fotd.py``).

One function for both, so they cannot drift apart: given a claim made durably before
sending, find the channel, look for our own post first if the claim was resumed after
a crash (the footer starts with a tag naming the day), send, and report back:

* sent or found → ``finish`` (with the message id);
* the channel is gone, the bot may not post there, or there is nothing to post →
  ``release`` (a later tick may claim the day again, e.g. after the permission is
  fixed);
* any other failure (a 5xx, a timeout: the message may or may not be out) → leave
  the claim pending; after the lease it comes back resumed and is looked for first.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Awaitable, Callable, Iterable
from typing import TYPE_CHECKING, Protocol

import discord
from discord.ext import commands, tasks

from ..storage import StoreError
from .replies import NO_PINGS

if TYPE_CHECKING:
    from ..discord_bot import CrisisBot

_log = logging.getLogger(__name__)

Post = tuple[discord.Embed, discord.ui.View | None]
TICK_SECONDS = 30.0


class DailyPostCog(commands.Cog):
    """A cog that ticks every ``TICK_SECONDS`` once the bot is ready and posts what is
    due (``tick``). ``bot.run_scheduler = False`` (before start) leaves the ticking to
    the caller, as the tests do."""

    what = "Daily posts"  # names the schedule in the log

    def __init__(self, bot: CrisisBot) -> None:
        self.bot = bot
        self._lock = asyncio.Lock()

    async def cog_load(self) -> None:
        if self.bot.run_scheduler:
            self.scheduler.start()

    async def cog_unload(self) -> None:
        self.scheduler.cancel()

    async def tick(self) -> dict[int, str]:
        raise NotImplementedError

    @tasks.loop(seconds=TICK_SECONDS)
    async def scheduler(self) -> None:
        try:
            await self.tick()
        except Exception:  # an unhandled error would stop the loop for good
            _log.exception("%s: tick failed", self.what)

    @scheduler.before_loop
    async def _wait_until_ready(self) -> None:
        await self.bot.wait_until_ready()


class Claim(Protocol):
    @property
    def channel_id(self) -> int: ...
    @property
    def day(self) -> dt.date: ...
    @property
    def resumed(self) -> bool: ...


def is_own_post(message: discord.Message, bot_user_id: int, tag: str) -> bool:
    if message.author.id != bot_user_id:
        return False
    return any((embed.footer.text or "").startswith(tag) for embed in message.embeds)


async def _channel(bot: CrisisBot, channel_id: int) -> discord.abc.Messageable | None:
    channel = bot.get_channel(channel_id)
    if channel is None:
        try:
            channel = await bot.fetch_channel(channel_id)
        except (discord.NotFound, discord.Forbidden):
            return None
    return channel if isinstance(channel, discord.abc.Messageable) else None


async def find_own_post(
    bot: CrisisBot, channel: discord.abc.Messageable, day: dt.date, tag: str
) -> discord.Message | None:
    """Our post for ``day`` if it went out. Searched from the start of that UTC day,
    oldest first, however many messages came after it: no claim for a day is made
    before the day starts, so the post cannot be older (looking only at the last 50
    messages missed it in a busy channel, and the day was posted twice)."""
    assert bot.user is not None
    since = dt.datetime.combine(day, dt.time(0, 0), dt.UTC)
    async for message in channel.history(limit=None, after=since, oldest_first=True):
        if is_own_post(message, bot.user.id, tag):
            return message
    return None


async def deliver(
    bot: CrisisBot,
    claim: Claim,
    *,
    what: str,
    tag: str,
    build: Callable[[], Post | None],
    finish: Callable[[int], Awaitable[object]],
    release: Callable[[], Awaitable[object]],
) -> str:
    """Send a claimed post; returns "posted", "found" (a resumed claim whose message
    was already out), "released" or "pending". ``what`` names the schedule in the
    log; ``build`` makes the post (None: nothing to post any more)."""
    channel = await _channel(bot, claim.channel_id)
    if channel is None:
        _log.warning("%s: channel %s is gone or not visible", what, claim.channel_id)
        await release()
        return "released"
    if claim.resumed:
        found = await find_own_post(bot, channel, claim.day, tag)
        if found is not None:
            await finish(found.id)
            return "found"
    post = build()
    if post is None:  # the pack changed under the claim
        await release()
        return "released"
    embed, view = post
    try:
        message = await channel.send(
            embed=embed, view=view or discord.utils.MISSING, allowed_mentions=NO_PINGS
        )
    except (discord.Forbidden, discord.NotFound) as exc:
        _log.warning("%s: cannot post in channel %s: %s", what, claim.channel_id, exc)
        await release()
        return "released"
    except (discord.HTTPException, OSError, TimeoutError) as exc:
        # It may or may not have gone out: leave the claim pending; the resumed
        # claim after the lease checks the channel first.
        _log.warning("%s: sending in channel %s failed: %s", what, claim.channel_id, exc)
        return "pending"
    await finish(message.id)
    return "posted"


async def tick_guilds(
    bot: CrisisBot,
    what: str,
    scheduled: Callable[[], Iterable[int]],
    post_for: Callable[[int], Awaitable[str]],
) -> dict[int, str] | None:
    """One tick of a schedule: ``post_for`` every server ``scheduled`` (a store read,
    run in a worker thread) names and the bot is in; what happened per server, or
    None if the store could not be read (logged). One server failing never stops
    the others."""
    try:
        guild_ids = await asyncio.to_thread(lambda: list(scheduled()))
    except StoreError as exc:
        _log.error("%s: %s", what, exc)
        return None
    outcomes: dict[int, str] = {}
    for guild_id in guild_ids:
        if bot.get_guild(guild_id) is None:
            continue  # not (or no longer) in that server
        try:
            outcomes[guild_id] = await post_for(guild_id)
        except Exception:
            _log.exception("%s failed in server %s", what, guild_id)
            outcomes[guild_id] = "failed"
    return outcomes
