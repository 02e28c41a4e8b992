"""bot/storage/settings.py: server settings across restarts, what is refused, and the
one channel rule (GuildSettings.channel_mode)."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers.storage import CHANNEL, GUILD, MOD, OTHER_GUILD, at

from bot.storage import (
    GuildSettings,
    Store,
)
from bot.storage.settings import DEFAULT_COOLDOWN_SECONDS


def test_unknown_guild_gets_defaults_without_writing(store: Store):
    assert store.settings.get(GUILD) == GuildSettings(GUILD)
    assert store.db._conn.execute("SELECT count(*) FROM guild_settings").fetchone()[0] == 0


def test_settings_round_trip_across_restart(db: Path):
    with Store(db) as s:
        s.settings.update(
            GUILD,
            cooldown_seconds=42,
            moderator_role_id=MOD,
            fotd_channel_id=CHANNEL,
            fotd_time="7:05",
            now=at("2026-11-20", "10:00"),
        )
        s.settings.set_answer_channel(GUILD, 1, "on")
        s.settings.set_answer_channel(GUILD, 2, "off")
        s.settings.update(OTHER_GUILD, cooldown_seconds=0)
    with Store(db) as s:
        got = s.settings.get(GUILD)
        assert got == GuildSettings(
            guild_id=GUILD,
            cooldown_seconds=42,
            moderator_role_id=MOD,
            fotd_channel_id=CHANNEL,
            fotd_time="07:05",
            enabled_channels=frozenset({1}),
            disabled_channels=frozenset({2}),
            fotd_since=at("2026-11-20", "10:00"),
        )
        assert s.settings.get(OTHER_GUILD).cooldown_seconds == 0
        # Clearing optional fields; unspecified fields stay as they were.
        cleared = s.settings.update(GUILD, moderator_role_id=None, fotd_time=None)
        assert cleared.moderator_role_id is None and cleared.fotd_time is None
        assert cleared.cooldown_seconds == 42 and cleared.fotd_channel_id == CHANNEL
        assert cleared.fotd_since is None
        assert [g.guild_id for g in s.fotd.guilds()] == []


@pytest.mark.parametrize("bad", ["24:00", "12:60", "noon", "12", "", "1:2"])
def test_bad_times_are_rejected(store: Store, bad: str):
    with pytest.raises(ValueError):
        store.settings.update(GUILD, fotd_time=bad)
    assert store.settings.get(GUILD).fotd_time is None


@pytest.mark.parametrize("bad", [-1, 3601, 1.5, True])
def test_bad_cooldowns_are_rejected(store: Store, bad):
    with pytest.raises(ValueError):
        store.settings.update(GUILD, cooldown_seconds=bad)


def test_answer_channel_rule(store: Store):
    def mode(channel: int, parent: int | None = None) -> str:
        return store.settings.get(GUILD).channel_mode(channel, parent)

    assert mode(1) == "default"  # nothing set: mentions answered everywhere
    store.settings.set_answer_channel(GUILD, 2, "off")
    assert (mode(1), mode(2)) == ("default", "off")
    # Switching a channel on does not silence the others (the bot's rule; an older copy
    # in the store made it an allow-list).
    store.settings.set_answer_channel(GUILD, 3, "on")
    assert (mode(1), mode(2), mode(3)) == ("default", "off", "on")
    assert mode(99, parent=3) == "on" and mode(99, parent=2) == "off"  # threads follow
    store.settings.set_answer_channel(GUILD, 3, "default")
    assert (mode(1), mode(2), mode(3)) == ("default", "off", "default")


def test_forget_guild_removes_its_data_only(store: Store):
    for guild in (GUILD, OTHER_GUILD):
        store.settings.update(guild, cooldown_seconds=7)
        store.settings.set_answer_channel(guild, 1, "off")
        store.facts.record_post(guild, CHANNEL, "a", MOD)
        store.unanswered.log(f"question from {guild % 1000}", guild_id=guild)
    store.forget_guild(GUILD)
    assert store.settings.get(GUILD) == GuildSettings(GUILD)
    assert store.facts.recent_posts(GUILD) == [] and store.unanswered.top_gaps(guild_id=GUILD) == []
    assert store.settings.get(OTHER_GUILD).cooldown_seconds == 7
    assert len(store.facts.recent_posts(OTHER_GUILD)) == 1
    assert len(store.unanswered.top_gaps()) == 1


def test_settings_kept_between_reads_still_show_every_change(db: Path):
    """The bot keeps settings in memory between interactions; a change by this
    process, by another process on the same file, or a channel rule shows at once."""
    with Store(db) as bot, Store(db) as other:
        assert bot.settings.get(1).cooldown_seconds == DEFAULT_COOLDOWN_SECONDS
        bot.settings.update(1, cooldown_seconds=9)
        assert bot.settings.get(1).cooldown_seconds == 9
        other.settings.update(1, cooldown_seconds=3, language="es")  # e.g. the CLI
        assert bot.settings.get(1).cooldown_seconds == 3
        assert bot.settings.get(1).language == "es"
        other.settings.set_answer_channel(1, 42, "on")
        assert 42 in bot.settings.get(1).enabled_channels
        assert bot.settings.get(2).cooldown_seconds == DEFAULT_COOLDOWN_SECONDS
        other.forget_guild(1)
        assert bot.settings.get(1).cooldown_seconds == DEFAULT_COOLDOWN_SECONDS
