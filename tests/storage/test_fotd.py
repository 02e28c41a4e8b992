"""bot/storage/fotd.py: the fact of the day's claims across restarts, and the one
schedule rule that the scheduler and /config show share."""

from __future__ import annotations

import datetime as dt
import random
import sqlite3
from pathlib import Path

import pytest
from helpers.storage import CHANNEL, ENTRIES, GUILD, UTC, at, post_next

from bot.storage import (
    FOTD_POSTER,
    MIGRATIONS,
    Store,
)


def configure(s: Store, time_utc: str = "09:00", since: dt.datetime | None = None) -> None:
    """Schedule the fact of the day, set (by default) well before the tests' clocks."""
    s.settings.update(
        GUILD, fotd_channel_id=CHANNEL, fotd_time=time_utc, now=since or at("2026-10-01")
    )


def test_fact_of_the_day_is_due_once_per_day(store: Store):
    assert store.fotd.claim(GUILD, ENTRIES, now=at("2026-11-25")) is None  # unset
    configure(store)
    assert store.fotd.claim(GUILD, ENTRIES, now=at("2026-11-25", "08:59")) is None
    claim = store.fotd.claim(GUILD, ENTRIES, now=at("2026-11-25", "09:00"))
    assert claim is not None and not claim.resumed and claim.attempt == 1
    assert (claim.channel_id, claim.day) == (CHANNEL, dt.date(2026, 11, 25))
    assert store.fotd.claim(GUILD, ENTRIES, now=at("2026-11-25", "09:01")) is None
    post = store.fotd.finish(claim, message_id=77, now=at("2026-11-25", "09:00"))
    assert post.posted_by == FOTD_POSTER and post.entry_id == claim.entry_id
    assert store.fotd.finish(claim) is None  # idempotent
    assert store.fotd.claim(GUILD, ENTRIES, now=at("2026-11-25", "23:59")) is None
    assert store.fotd.last_sent(GUILD) == dt.date(2026, 11, 25)
    nxt = store.fotd.claim(GUILD, ENTRIES, now=at("2026-11-26", "09:00"))
    assert nxt is not None and nxt.entry_id != claim.entry_id
    assert [g.guild_id for g in store.fotd.guilds()] == [GUILD]


@pytest.mark.parametrize("slot", ["06:30", "23:55"])
def test_fact_of_the_day_survives_restarts_and_crashes(db: Path, slot: str):
    """A scheduler ticking every 10 minutes for three weeks, restarting every 5
    hours, down every night 23:50-00:20, and crashing now and then between
    claiming and sending or between sending and finishing, posts exactly one fact
    on each day, and every fact once before any repeats."""
    channel: list[tuple[dt.date, str]] = []  # what readers of the channel see
    rng = random.Random(5)
    crashes = random.Random(11)
    resumed = {"found": 0, "resent": 0}
    with Store(db) as s:
        configure(s, slot)
    s = Store(db)
    moment = at("2026-11-01", "00:00")
    while moment < at("2026-11-22", "00:00"):
        down = (moment.hour, moment.minute) >= (23, 50) or (moment.hour, moment.minute) < (0, 20)
        if moment.minute == 0 and moment.hour % 5 == 0:
            s.close()
            s = Store(db)
        claim = None if down else s.fotd.claim(GUILD, ENTRIES, now=moment, rng=rng)
        if claim is not None:
            if claim.resumed and any(day == claim.day for day, _ in channel):
                resumed["found"] += 1
                s.fotd.finish(claim, now=moment)  # found our message: just record
            else:
                resumed["resent"] += claim.resumed
                fate = crashes.random()
                if fate < 0.2:  # crash after claiming, before sending
                    s.close()
                    s = Store(db)
                else:
                    channel.append((claim.day, claim.entry_id))
                    if fate < 0.4:  # crash after sending, before finishing
                        s.close()
                        s = Store(db)
                    else:
                        s.fotd.finish(claim, now=moment)
        moment += dt.timedelta(minutes=10)
    s.close()
    days = [day for day, _ in channel]
    first = dt.date(2026, 10, 31) if slot == "23:55" else dt.date(2026, 11, 1)
    assert days == [first + dt.timedelta(days=n) for n in range(len(days))]  # no double, no gap
    assert len(days) >= 21
    assert resumed["found"] > 0 and resumed["resent"] > 0  # both crash kinds happened
    assert sorted(entry for _, entry in channel[:12]) == ENTRIES
    assert sorted(entry for _, entry in channel[12:21]) == sorted(set(e for _, e in channel[12:21]))


def test_late_slot_is_caught_up_after_midnight(store: Store):
    configure(store, "23:50")
    claim = store.fotd.claim(GUILD, ENTRIES, now=at("2026-11-26", "00:05"))
    assert claim is not None and claim.day == dt.date(2026, 11, 25)
    store.fotd.finish(claim)
    assert store.fotd.claim(GUILD, ENTRIES, now=at("2026-11-26", "11:00")) is None
    later = store.fotd.claim(GUILD, ENTRIES, now=at("2026-11-26", "23:50"))
    assert later is not None and later.day == dt.date(2026, 11, 26)
    # Beyond the catch-up window a missed slot stays missed.
    assert store.fotd.claim(GUILD, ENTRIES, now=at("2026-11-28", "12:00")) is None


def test_crash_between_claim_and_send_neither_doubles_nor_skips(db: Path):
    with Store(db) as s:
        configure(s)
        claim = s.fotd.claim(GUILD, ENTRIES, now=at("2026-11-25", "09:00"))
    # The process dies before sending. On restart, within the lease: in flight.
    with Store(db) as s:
        later = at("2026-11-25", "09:05")
        assert s.fotd.claim(GUILD, ENTRIES, now=later, lease_seconds=600) is None
        resumed = s.fotd.claim(GUILD, ENTRIES, now=at("2026-11-25", "09:11"), lease_seconds=600)
        assert resumed is not None and resumed.resumed and resumed.attempt == 2
        assert (resumed.entry_id, resumed.channel_id) == (claim.entry_id, claim.channel_id)
        s.fotd.finish(resumed)
        # The stale first claim finishing late records nothing twice.
        assert s.fotd.finish(claim) is None
        assert len(s.facts.recent_posts(GUILD)) == 1
        assert s.fotd.claim(GUILD, ENTRIES, now=at("2026-11-25", "22:00")) is None


def test_late_start_still_posts_today_and_release_allows_retry(store: Store):
    configure(store, "09:00")
    claim = store.fotd.claim(GUILD, ENTRIES, now=at("2026-11-25", "21:00"))
    assert claim is not None  # down at 09:00, up at 21:00: post late, not skip
    assert store.fotd.release(claim)
    again = store.fotd.claim(GUILD, ENTRIES, now=at("2026-11-25", "21:01"))
    assert again is not None and not again.resumed
    store.fotd.finish(again)
    assert not store.fotd.release(again)  # a sent day stays sent
    assert store.fotd.last_sent(GUILD) == dt.date(2026, 11, 25)


def test_first_enable_does_not_post_for_slots_before_it(store: Store):
    """The schedule only covers slots after it was set: set at 08:00 with 23:00 it
    posts at 23:00 (not at once); with 07:00, tomorrow at 07:00 (not now, late)."""
    configure(store, "23:00", since=at("2026-11-25", "08:00"))
    assert store.fotd.claim(GUILD, ENTRIES, now=at("2026-11-25", "08:01")) is None
    tonight = store.fotd.claim(GUILD, ENTRIES, now=at("2026-11-25", "23:00"))
    assert tonight is not None and tonight.day == dt.date(2026, 11, 25)

    store.forget_guild(GUILD)
    configure(store, "07:00", since=at("2026-11-25", "08:00"))
    assert store.fotd.claim(GUILD, ENTRIES, now=at("2026-11-25", "08:00")) is None
    assert store.fotd.claim(GUILD, ENTRIES, now=at("2026-11-25", "23:59")) is None
    assert store.fotd.claim(GUILD, ENTRIES, now=at("2026-11-26", "06:59")) is None
    tomorrow = store.fotd.claim(GUILD, ENTRIES, now=at("2026-11-26", "07:00"))
    assert tomorrow is not None and tomorrow.day == dt.date(2026, 11, 26)


def test_fotd_since_moves_with_the_time_not_the_channel(store: Store):
    configure(store, "09:00", since=at("2026-11-20", "08:00"))
    moved = store.settings.update(GUILD, fotd_channel_id=CHANNEL + 1, now=at("2026-11-25", "10:00"))
    assert moved.fotd_since == at("2026-11-20", "08:00")  # a late post today is still due
    claim = store.fotd.claim(GUILD, ENTRIES, now=at("2026-11-25", "10:00"))
    assert claim is not None and claim.channel_id == CHANNEL + 1
    store.fotd.finish(claim)
    same = store.settings.update(GUILD, fotd_time="9:00", now=at("2026-11-25", "11:00"))
    assert same.fotd_since == at("2026-11-20", "08:00")  # the same time is no change
    changed = store.settings.update(GUILD, fotd_time="08:00", now=at("2026-11-26", "08:30"))
    assert changed.fotd_since == at("2026-11-26", "08:30")
    assert store.fotd.claim(GUILD, ENTRIES, now=at("2026-11-26", "09:00")) is None
    assert store.fotd.claim(GUILD, ENTRIES, now=at("2026-11-27", "08:00")) is not None
    off = store.settings.update(GUILD, fotd_channel_id=None)
    assert off.fotd_since is None and not off.fotd_configured


def test_schedules_from_before_the_since_column_keep_catching_up(db: Path):
    conn = sqlite3.connect(db, isolation_level=None)
    for migration in MIGRATIONS[:2]:
        migration(conn)
    conn.execute("PRAGMA user_version = 2")
    conn.execute(
        "INSERT INTO guild_settings (guild_id, cooldown_seconds, fotd_channel_id, fotd_time,"
        " updated_at) VALUES (?, 5, ?, '09:00', '2026-01-01T00:00:00.000000Z')",
        (GUILD, CHANNEL),
    )
    conn.close()
    with Store(db) as s:
        assert s.settings.get(GUILD).fotd_since is None
        assert s.fotd.claim(GUILD, ENTRIES, now=at("2026-11-25", "10:00")) is not None


def test_next_fact_among_a_topic_never_restarts_the_cycle(store: Store):
    rng = random.Random(4)
    topic = ["a", "b"]
    pack = ["a", "b", "c", "d"]
    firsts = {post_next(store, GUILD, pack, rng, among=topic) for _ in range(2)}
    assert firsts == {"a", "b"}
    # The topic is used up: its oldest post repeats, and the pack's cycle goes on.
    oldest = store.facts.recent_posts(GUILD)[-1].entry_id
    assert store.facts.next_fact(GUILD, pack, rng, among=topic) == oldest
    assert {post_next(store, GUILD, pack, rng) for _ in range(2)} == {"c", "d"}
    assert store.facts.next_fact(GUILD, pack, rng, among=["zzz"]) is None


@pytest.mark.parametrize(
    ("now", "sent", "claimed_day", "next_post"),
    [
        # Before today's slot, yesterday's was sent: tonight.
        (at("2026-11-25", "20:00"), "2026-11-24", None, at("2026-11-25", "23:50")),
        # Missed 23:50, back at 00:05: yesterday's is due now (catch-up), and said so.
        (at("2026-11-25", "00:05"), "2026-11-23", "2026-11-24", at("2026-11-25", "00:05")),
        # ...and once it went out, tonight.
        (at("2026-11-25", "00:05"), "2026-11-24", None, at("2026-11-25", "23:50")),
        # More than 12 hours late: skipped, tonight.
        (at("2026-11-25", "12:00"), "2026-11-23", None, at("2026-11-25", "23:50")),
        # After today's slot and not sent: due now.
        (at("2026-11-25", "23:55"), "2026-11-24", "2026-11-25", at("2026-11-25", "23:55")),
    ],
)
def test_the_scheduler_and_config_show_follow_one_rule(
    store: Store, now, sent, claimed_day, next_post
):
    """fotd.due_day is what the scheduler claims; fotd.next_post_time what /config
    show says; they agree, including a missed 23:50 caught up at 00:05."""
    store.settings.update(
        GUILD, fotd_channel_id=CHANNEL, fotd_time="23:50", now=at("2026-11-01", "08:00")
    )
    day = dt.date.fromisoformat(sent)
    claim = store.fotd.claim(GUILD, ["a", "b"], now=dt.datetime.combine(day, dt.time(23, 51), UTC))
    assert claim is not None and claim.day == day
    store.fotd.finish(claim, now=dt.datetime.combine(day, dt.time(23, 51), UTC))
    assert store.fotd.next_post_time(GUILD, now) == next_post
    claimed = store.fotd.claim(GUILD, ["a", "b"], now=now)
    assert (claimed.day.isoformat() if claimed else None) == claimed_day
