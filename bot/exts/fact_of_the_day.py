"""The fact of the day: one cited fact a day in each server's chosen channel, at its
chosen UTC time (``/config fact``), no repeats until every fact was posted.

A ``tasks.loop`` (``DailyPostCog``, shared with the anniversary posts) ticks every
``TICK_SECONDS``; each tick asks the store for every server's due day. The store
does the bookkeeping and holds the schedule rule (see
``bot/storage/fotd.py``): a day is *claimed* durably before the message is sent, so
a restart can neither post twice nor skip a day. This module only picks what to send;
``bot/utils/daily_posts.py`` (shared with the anniversary posts) sends and reports
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

from .. import embeds
from ..core import Engine, Entry
from ..core.catalog import message as catalog_text
from ..core.catalog.commands import reading
from ..storage import FotdClaim, StoreError
from ..utils.daily_posts import DailyPostCog, Post, deliver, tick_guilds
from ..utils.language import posting_language, server_reader

if TYPE_CHECKING:
    from ..discord_bot import CrisisBot

_log = logging.getLogger(__name__)
WHAT = "Fact of the day"
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


class FactOfTheDay(DailyPostCog):
    what = WHAT

    def __init__(self, bot: CrisisBot) -> None:
        super().__init__(bot)
        self._last_maintenance: dt.datetime | None = None

    async def tick(self) -> dict[int, str]:
        """Post every fact of the day that is due; returns what happened per server."""
        async with self._lock:
            store = self.bot.store.fotd
            outcomes = await tick_guilds(
                self.bot, WHAT, lambda: (s.guild_id for s in store.guilds()), self.post_for
            )
            if outcomes is None:
                return {}
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
        or "pending" (``bot/utils/daily_posts.py`` sends it)."""
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

        # In the server's language (`/config language`); a restart looks for the post
        # by the tag in that language.
        language = posting_language(self.bot, guild_id)

        def build() -> Post | None:
            if entry is None:
                return None
            posted = engine.for_language(language).entry(entry.id) or entry
            with reading(server_reader(self.bot, guild_id)):
                return fact_of_the_day_embed(engine, posted, claim.day, language), None

        async def finish(message_id: int) -> None:
            await _db(store.finish, claim, message_id=message_id, now=self.bot.clock())

        async def release() -> None:
            await _db(store.release, claim)

        return await deliver(
            self.bot,
            claim,
            what=WHAT,
            tag=footer_tag(claim.day, language),
            build=build,
            finish=finish,
            release=release,
        )


async def setup(bot: CrisisBot) -> None:
    await bot.add_cog(FactOfTheDay(bot))
