"""Another process holding the database never delays an answer (issue 9, item 5).

A ``sqlite3`` shell inside a write transaction used to make the unanswered-question
log wait out the busy timeout on the event loop before each reply. Here the store's
busy timeout is 10 s and every reply must still arrive within the stand-in's usual
5 s wait, for unanswerable questions and for the answerable one queued behind them;
the counts are written once the lock is gone, or dropped with one warning if it
stays.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from helpers.bots import decision_for, engine, make_bot
from standin import DiscordStandin, running_bot

from bot.config import BotConfig
from bot.discord_bot import CrisisBot
from bot.storage import Store

BEGIN = "When did the Japanese embassy hostage crisis begin?"
UNANSWERABLE = ["who catered the reception", "what was the weather", "who won the world cup"]


@contextmanager
def held_write_lock(path: Path) -> Iterator[sqlite3.Connection]:
    """What `sqlite3 crisisbot.sqlite3` then `BEGIN; UPDATE ...;` does, in another
    connection: the database's write lock held until the block ends."""
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    other.execute("UPDATE guild_settings SET updated_at = updated_at")
    try:
        yield other
    finally:
        other.execute("ROLLBACK")
        other.close()


@pytest.fixture
async def slow_lock_bot(standin: DiscordStandin, tmp_path: Path):
    store = Store(tmp_path / "crisisbot.sqlite3", busy_timeout=10.0)
    store.settings.update(standin.guild.id, cooldown_seconds=0)
    bot = make_bot(standin, store=store)
    bot.run_scheduler = False  # the only other writer: the test
    try:
        async with running_bot(bot, standin):
            yield bot
    finally:
        store.close()


async def test_answers_do_not_wait_for_a_locked_database(
    standin: DiscordStandin, slow_lock_bot: CrisisBot
):
    bot = slow_lock_bot
    store = bot.store
    with held_write_lock(store.path):
        interactions = [
            await standin.dispatch_slash("ask", {"question": q}) for q in [*UNANSWERABLE, BEGIN]
        ]
        replies = [await standin.wait_for_reply(i) for i in interactions]
        assert [r.ephemeral for r in replies] == [True, True, True, False]
        assert replies[-1].embeds[0]["title"] == BEGIN
        # Mentions too, and the settings (cooldown, channel switches) are still read.
        message = await standin.dispatch_message(UNANSWERABLE[0], mentions_bot=True)
        assert await decision_for(bot, message) == "no_match"
        assert store.unanswered.top_gaps(10) == []  # nothing could be written yet
    # The lock is gone: the queued counts are written (moderators see them at once).
    reply = await standin.wait_for_reply(await standin.dispatch_slash("kb gaps", user="moderator"))
    lines = reply.embeds[0]["description"].splitlines()
    assert lines[0].startswith("**2×** who catered the reception")
    assert len(lines) == 3


async def test_counts_are_dropped_with_one_warning_if_the_lock_stays(
    standin: DiscordStandin, slow_lock_bot: CrisisBot, caplog
):
    bot = slow_lock_bot
    assert bot.unanswered is not None
    bot.unanswered.give_up_after = 0.1
    caplog.set_level(logging.INFO, logger="crisisbot")
    store = bot.store
    with held_write_lock(store.path):
        for question in UNANSWERABLE * 3:
            await standin.wait_for_reply(
                await standin.dispatch_slash("ask", {"question": question})
            )
        assert await bot.unanswered.flush(timeout=3.0)  # given up: the queue is empty
    warnings = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(warnings) == 1, [(r.name, r.getMessage()) for r in warnings]
    assert "Dropping unanswered-question counts" in warnings[0].message
    assert not [r for r in caplog.records if r.exc_info]
    assert bot.unanswered.dropped >= 1
    # Once the lock is gone, counting resumes.
    await standin.wait_for_reply(await standin.dispatch_slash("ask", {"question": "who sang"}))
    assert await bot.unanswered.flush(timeout=3.0)
    assert [g.question for g in store.unanswered.top_gaps(10)] == ["who sang"]


async def test_a_setting_that_cannot_be_written_gets_a_polite_reply(
    standin: DiscordStandin, tmp_path: Path, caplog
):
    """A moderator's write waits out the busy timeout in a worker thread (answers go on
    meanwhile), then gets the database reply, not "something went wrong"."""
    store = Store(tmp_path / "crisisbot.sqlite3", busy_timeout=0.2)
    bot = CrisisBot(
        engine(),
        BotConfig(token=standin.token, cooldown_seconds=0, heartbeat_file=None),
        store,
        guild_ready_timeout=0.05,
    )
    bot.run_scheduler = False
    try:
        async with running_bot(bot, standin):
            with held_write_lock(store.path):
                reply = await standin.wait_for_reply(
                    await standin.dispatch_slash(
                        "config cooldown", {"seconds": 30}, user="moderator"
                    )
                )
                assert reply.ephemeral
                assert reply.content.startswith("I can't reach my database right now")
            assert store.settings.get(standin.guild.id).cooldown_seconds != 30
    finally:
        store.close()
    assert not [r for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR]
