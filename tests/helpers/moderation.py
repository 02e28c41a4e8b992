"""The moderator tools' test set-up: a bot on a real SQLite file with a clock the test
sets, and the few calls every moderation test makes."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import AsyncIterator
from pathlib import Path

from standin import DiscordStandin, running_bot

from bot.config import BotConfig
from bot.core import Engine
from bot.discord_bot import CrisisBot
from bot.exts.fact_of_the_day import FactOfTheDay
from bot.storage import Store

BEGIN = "When did the Japanese embassy hostage crisis begin?"
UTC = dt.UTC


def at(day: str, hhmm: str = "12:00") -> dt.datetime:
    return dt.datetime.fromisoformat(f"{day}T{hhmm}:00").replace(tzinfo=UTC)


class Clock:
    """bot.clock for the tests: set ``now`` and the bot lives at that moment."""

    def __init__(self, now: dt.datetime) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now


@contextlib.asynccontextmanager
async def moderated_bot(
    standin: DiscordStandin, db: Path, pack: Path, clock: Clock, *, scheduler: bool = False
) -> AsyncIterator[CrisisBot]:
    """A bot on a copy of the test pack and a real SQLite file. The scheduler loop is
    stopped unless asked for: the tests call ``tick()`` themselves."""
    store = Store(db)
    store.settings.update(standin.guild.id, cooldown_seconds=0)
    bot = CrisisBot(
        Engine.from_path(pack),
        BotConfig(token=standin.token, cooldown_seconds=0, heartbeat_file=None),
        store,
        guild_ready_timeout=0.05,
    )
    bot.clock = clock
    bot.run_scheduler = scheduler
    try:
        async with running_bot(bot, standin):
            yield bot
    finally:
        store.close()


def fotd(bot: CrisisBot) -> FactOfTheDay:
    cog = bot.get_cog("FactOfTheDay")  # its module is loaded afresh by load_extension
    assert cog is not None and type(cog).__name__ == FactOfTheDay.__name__
    return cog  # type: ignore[return-value]


def channel_posts(standin: DiscordStandin, name: str | None = None) -> list:
    posts = [s for s in standin.sent.items if s.kind == "channel"]
    if name is not None:
        channel_id = str(standin.channel(name).id)
        posts = [s for s in posts if s.message["channel_id"] == channel_id]
    return posts


async def run(standin: DiscordStandin, name: str, options=None, **kwargs):
    return await standin.wait_for_reply(await standin.dispatch_slash(name, options, **kwargs))


async def ask(standin: DiscordStandin, question: str = BEGIN):
    return await run(standin, "ask", {"question": question})
