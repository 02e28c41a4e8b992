"""The fact of the day: one cited fact a day in each server's chosen channel, at its
chosen UTC time (``/config fact``), no repeats until every fact was posted.

A ``tasks.loop`` ticks every ``TICK_SECONDS``; each tick asks the store for every
server's due day. The store does the bookkeeping and holds the schedule rule (see
``bot/storage/fotd.py``): a day is *claimed* durably before the message is sent, so
a restart can neither post twice nor skip a day. This module only sends and reports
back:

* claim → send → ``store.fotd.finish``;
* the channel is gone or the bot may not post there → ``store.fotd.release``
  (a later tick may claim the day again, e.g. after the permission is fixed);
* any other failure (a 5xx, a timeout: the message may or may not be out) →
  leave the claim pending; after the lease the store hands it out again with
  ``resumed=True``, and the bot then looks for its own post for that day (the
  embed footer names the day) before sending again.

Time comes from ``bot.clock``; tests replace it, set ``bot.run_scheduler = False``
and call ``tick()`` directly.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import discord
from discord.ext import commands, tasks

from .. import embeds
from ..core import Engine, Entry
from ..core.catalog import message as catalog_text
from ..core.language import LANGUAGES
from ..storage import FotdClaim, StoreError
from ..utils.language import posting_language
from ..utils.replies import NO_PINGS

if TYPE_CHECKING:
    from ..discord_bot import CrisisBot

_log = logging.getLogger(__name__)
TICK_SECONDS = 30.0
MAINTENANCE_EVERY = dt.timedelta(hours=1)
T = TypeVar("T")


async def _db(method: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Run a store call in a worker thread: a write may wait out SQLite's busy timeout
    while another process holds the database, and the answers on the event loop must
    not wait with it."""
    return await asyncio.to_thread(method, *args, **kwargs)


def footer_tag(day: dt.date, language: str = "en") -> str:
    return catalog_text("fact_of_the_day_label", language, day=day.isoformat())


def fact_of_the_day_embed(
    engine: Engine, entry: Entry, day: dt.date, language: str = "en"
) -> discord.Embed:
    """``entry`` (in ``language``) as the day's fact, its footer tagged with the day."""
    return embeds.fact_embed(engine, entry, footer_tag(day, language), language)


def is_own_post(message: discord.Message, bot_user_id: int, day: dt.date) -> bool:
    """Whether ``message`` is the bot's fact for ``day``, in whichever language it went
    out (the server's language may have changed since)."""
    if message.author.id != bot_user_id:
        return False
    tags = tuple(footer_tag(day, code) for code in LANGUAGES)
    return any((embed.footer.text or "").startswith(tags) for embed in message.embeds)


class FactOfTheDay(commands.Cog):
    def __init__(self, bot: CrisisBot) -> None:
        self.bot = bot
        self._lock = asyncio.Lock()
        self._last_maintenance: dt.datetime | None = None

    async def cog_load(self) -> None:
        # ``bot.run_scheduler = False`` (before start) leaves the ticking to the caller.
        if self.bot.run_scheduler:
            self.scheduler.start()

    async def cog_unload(self) -> None:
        self.scheduler.cancel()

    @tasks.loop(seconds=TICK_SECONDS)
    async def scheduler(self) -> None:
        try:
            await self.tick()
        except Exception:  # an unhandled error would stop the loop for good
            _log.exception("Fact of the day: tick failed")

    @scheduler.before_loop
    async def _wait_until_ready(self) -> None:
        await self.bot.wait_until_ready()

    async def tick(self) -> dict[int, str]:
        """Post every fact of the day that is due; returns what happened per server."""
        async with self._lock:
            outcomes: dict[int, str] = {}
            try:
                guilds = await _db(self.bot.store.fotd.guilds)
            except StoreError as exc:
                _log.error("Fact of the day: %s", exc)
                return outcomes
            for settings in guilds:
                if self.bot.get_guild(settings.guild_id) is None:
                    continue  # not (or no longer) in that server
                try:
                    outcomes[settings.guild_id] = await self.post_for(settings.guild_id)
                except Exception:
                    _log.exception("Fact of the day failed in server %s", settings.guild_id)
                    outcomes[settings.guild_id] = "failed"
            await self._maintain()
            return outcomes

    async def _maintain(self) -> None:
        now = self.bot.clock()
        if self._last_maintenance is not None and now - self._last_maintenance < MAINTENANCE_EVERY:
            return
        self._last_maintenance = now
        try:
            await _db(self.bot.store.maintenance, now)
        except StoreError as exc:
            _log.error("Database maintenance: %s", exc)

    async def post_for(self, guild_id: int) -> str:
        """Claim, send and finish one server's due fact; returns "posted", "found"
        (a resumed claim whose message was already out), "not due", "released"
        or "pending"."""
        store = self.bot.store.fotd
        engine = self.bot.engine
        claim: FotdClaim | None = await _db(
            store.claim,
            guild_id,
            list(engine.pack.entries),
            now=self.bot.clock(),
        )
        if claim is None:
            return "not due"
        entry = engine.entry(claim.entry_id)
        if entry is None and not claim.resumed:  # the pack changed under the claim
            await _db(store.release, claim)
            return "released"
        channel = await self._channel(claim.channel_id)
        if channel is None:
            _log.warning(
                "Fact of the day: channel %s in server %s is gone or not visible",
                claim.channel_id,
                guild_id,
            )
            await _db(store.release, claim)
            return "released"
        if claim.resumed:
            found = await self._find_own_post(channel, claim.day)
            if found is not None:
                await _db(store.finish, claim, message_id=found.id, now=self.bot.clock())
                return "found"
            if entry is None:
                await _db(store.release, claim)
                return "released"
        assert entry is not None
        language = posting_language(self.bot, guild_id)
        entry = engine.for_language(language).entry(entry.id) or entry
        try:
            post = await channel.send(
                embed=fact_of_the_day_embed(engine, entry, claim.day, language),
                allowed_mentions=NO_PINGS,
            )
        except (discord.Forbidden, discord.NotFound) as exc:
            _log.warning("Fact of the day: cannot post in channel %s: %s", claim.channel_id, exc)
            await _db(store.release, claim)
            return "released"
        except (discord.HTTPException, OSError, TimeoutError) as exc:
            # It may or may not have gone out: leave the claim pending; the resumed
            # claim after the lease checks the channel first.
            _log.warning("Fact of the day: sending in channel %s failed: %s", claim.channel_id, exc)
            return "pending"
        await _db(store.finish, claim, message_id=post.id, now=self.bot.clock())
        return "posted"

    async def _channel(self, channel_id: int) -> discord.abc.Messageable | None:
        channel = self.bot.get_channel(channel_id)
        if channel is None:
            try:
                channel = await self.bot.fetch_channel(channel_id)
            except (discord.NotFound, discord.Forbidden):
                return None
        return channel if isinstance(channel, discord.abc.Messageable) else None

    async def _find_own_post(
        self, channel: discord.abc.Messageable, day: dt.date
    ) -> discord.Message | None:
        """Our post for ``day`` if it went out. Searched from the start of that UTC day,
        oldest first, however many messages came after it: no claim for a day is made
        before the day starts, so the post cannot be older (looking only at the last
        50 messages missed it in a busy channel, and the day was posted twice)."""
        assert self.bot.user is not None
        since = dt.datetime.combine(day, dt.time(0, 0), dt.UTC)
        async for message in channel.history(limit=None, after=since, oldest_first=True):
            if is_own_post(message, self.bot.user.id, day):
                return message
        return None


async def setup(bot: CrisisBot) -> None:
    await bot.add_cog(FactOfTheDay(bot))
