"""Anniversary posts: "on this day" in a channel a moderator chose (``/config
anniversaries``), at the server's time, only on days the pack's timeline has events.

The fact of the day's exactly-once scheduler, reused: the store claims the due day
durably before anything is sent (``bot/storage/anniversaries.py``, on the rule of
``bot/storage/fotd.py``) and ``bot/utils/daily_posts.py`` sends it, finishes or
releases the claim, and after a crash looks for its own post (the footer names the
day) before sending again. Never twice, and a restart within the catch-up window
posts the day late rather than skipping it. The post is the first page of that day's
events (``bot/utils/timeline.py``) with years-ago beside each date; its page buttons
show the other pages to whoever clicks, privately. It is posted in the server's
language (``/config language``) when the pack has it, like the fact of the day, and a
restart looks for the post by its footer in that language.

Time comes from ``bot.clock``; tests set ``bot.run_scheduler = False`` and call
``tick()`` themselves.
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING

from ..core.catalog.commands import reading
from ..core.timeline import on_day
from ..storage import AnniversaryClaim
from ..utils.daily_posts import DailyPostCog, Post, deliver, tick_guilds
from ..utils.language import posting_language, server_reader
from ..utils.timeline import anniversary_tag, has_events_on, timeline_page

if TYPE_CHECKING:
    from ..discord_bot import CrisisBot

_log = logging.getLogger(__name__)
WHAT = "Anniversary posts"


class Anniversaries(DailyPostCog):
    what = WHAT

    async def tick(self) -> dict[int, str]:
        """Post every anniversary post that is due; returns what happened per server."""
        async with self._lock:
            store = self.bot.store.anniversaries
            outcomes = await tick_guilds(
                self.bot, WHAT, lambda: (s.guild_id for s in store.scheduled()), self.post_for
            )
            return outcomes or {}

    async def post_for(self, guild_id: int) -> str:
        """Claim, send and finish one server's due post: "posted", "found", "not due",
        "released" or "pending"."""
        store = self.bot.store.anniversaries
        engine = self.bot.engine
        claim: AnniversaryClaim | None = await asyncio.to_thread(
            store.claim,
            guild_id,
            has_events_on(engine),
            zone=engine.pack.about.zone,  # the day in the pack's place (Lima's)
            now=self.bot.clock(),
        )
        if claim is None:
            return "not due"
        language = posting_language(self.bot, guild_id)
        tag = anniversary_tag(claim.day, language)

        def build() -> Post | None:
            when, day = on_day(claim.day), claim.day
            with reading(server_reader(self.bot, guild_id)):
                return timeline_page(engine, when, 0, 0, today=day, tag=tag, language=language)

        async def finish(message_id: int) -> None:
            await asyncio.to_thread(store.finish, claim, message_id=message_id)

        async def release() -> None:
            await asyncio.to_thread(store.release, claim)

        return await deliver(
            self.bot, claim, what=WHAT, tag=tag, build=build, finish=finish, release=release
        )


async def setup(bot: CrisisBot) -> None:
    await bot.add_cog(Anniversaries(bot))
