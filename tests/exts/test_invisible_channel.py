"""Moderator commands given what the bot cannot use (issue 9, items 8 and 9): a channel
the bot cannot see gets "I can't see #channel: check my permissions there", a time
that is not HH:MM the HH:MM reply; nothing changes, and the log has no traceback."""

from __future__ import annotations

import logging
import shutil

import pytest
from helpers.bots import PACK
from helpers.moderation import Clock, at, moderated_bot

COMMANDS = [
    ("postfact", {"entry_or_topic": "seizure-date", "channel": "staff"}),
    ("config answers", {"mode": "on", "channel": "staff"}),
    ("config fact", {"channel": "staff", "time": "09:00"}),
]


@pytest.mark.parametrize(("name", "options"), COMMANDS, ids=[c[0] for c in COMMANDS])
async def test_a_channel_the_bot_cannot_see_gets_a_clear_reply(
    standin, tmp_path, caplog, name, options
):
    staff = standin.add_channel("staff", visible_to_bot=False)
    pack_dir = tmp_path / "pack"
    shutil.copytree(PACK, pack_dir)
    db = tmp_path / "crisisbot.sqlite3"
    caplog.set_level(logging.INFO)
    async with moderated_bot(standin, db, pack_dir, Clock(at("2026-11-25", "08:00"))) as bot:
        before = bot.store.settings.get(standin.guild.id)
        reply = await standin.wait_for_reply(
            await standin.dispatch_slash(name, options, user="moderator")
        )
        assert reply.ephemeral
        assert reply.content.startswith(f"I can't see <#{staff.id}>: check my permissions there")
        assert "Nothing was changed" in reply.content
        assert bot.store.settings.get(standin.guild.id) == before
    assert not [s for s in standin.sent.items if s.kind == "channel"]
    assert not [r for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR]


async def test_a_time_with_a_full_width_digit_gets_the_hhmm_reply(standin, tmp_path, caplog):
    """'09:0９' (a full-width nine) passed the HH:MM check, failed the database's CHECK
    and got the generic error (issue 9, item 9)."""
    pack_dir = tmp_path / "pack"
    shutil.copytree(PACK, pack_dir)
    caplog.set_level(logging.INFO)
    clock = Clock(at("2026-11-25", "08:00"))
    async with moderated_bot(standin, tmp_path / "db.sqlite3", pack_dir, clock) as bot:
        before = bot.store.settings.get(standin.guild.id)
        reply = await standin.wait_for_reply(
            await standin.dispatch_slash(
                "config fact", {"channel": "history", "time": "09:0９"}, user="moderator"
            )
        )
        assert reply.ephemeral
        assert reply.content.startswith("The time must be HH:MM in UTC (00:00 to 23:59)")
        assert reply.content.endswith("Nothing was changed.")
        assert bot.store.settings.get(standin.guild.id) == before
    assert not [r for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR]
