"""bot/store.py: schema and migrations, settings, fact cycles, fact of the day
across restarts, the unanswered log, errors that come quickly, and kill -9."""

from __future__ import annotations

import asyncio
import datetime as dt
import io
import json
import os
import random
import signal
import sqlite3
import stat
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import pytest
from support import unprivileged

from bot import store as store_module
from bot.store import (
    FOTD_POSTER,
    MIGRATIONS,
    SCHEMA_VERSION,
    AsyncStore,
    GuildSettings,
    Store,
    StoreError,
    default_db_path,
    normalize_question,
    print_gaps,
)

REPO = Path(__file__).resolve().parents[1]
UTC = dt.UTC
GUILD = 111111111111111111
OTHER_GUILD = 222222222222222222
CHANNEL = 333333333333333333
MOD = 444444444444444444


def at(day: str, hhmm: str = "12:00") -> dt.datetime:
    return dt.datetime.fromisoformat(f"{day}T{hhmm}:00").replace(tzinfo=UTC)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "crisisbot.sqlite3"


@pytest.fixture
def store(db: Path):
    with Store(db) as opened:
        yield opened


# ------------------------------------------------------------------ schema


def test_fresh_file_is_created_and_migrated(db: Path):
    with Store(db) as s:
        assert s.schema_version == SCHEMA_VERSION == len(MIGRATIONS)
        conn = s._conn
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert conn.execute("PRAGMA busy_timeout").fetchone()[0] > 0
        assert conn.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL between writes
        assert s.integrity_check() == "ok"
    assert db.exists()


def test_empty_existing_file_is_migrated(db: Path):
    db.touch()
    with Store(db) as s:
        assert s.schema_version == SCHEMA_VERSION


def test_migrates_from_previous_version_keeping_data(db: Path):
    conn = sqlite3.connect(db, isolation_level=None)
    for migration in MIGRATIONS[:-1]:
        migration(conn)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION - 1}")
    conn.execute(
        "INSERT INTO guild_settings (guild_id, cooldown_seconds, fotd_time, updated_at)"
        " VALUES (?, 30, '08:15', '2026-01-01T00:00:00.000000Z')",
        (GUILD,),
    )
    conn.close()
    with Store(db) as s:
        assert s.schema_version == SCHEMA_VERSION
        settings = s.get_settings(GUILD)
        assert (settings.cooldown_seconds, settings.fotd_time) == (30, "08:15")
        s.log_unanswered("who built the tunnels")
        assert [gap.question for gap in s.top_gaps()] == ["who built the tunnels"]


def test_reopening_a_current_database_changes_nothing(db: Path):
    with Store(db) as s:
        s.update_settings(GUILD, cooldown_seconds=9)
    with Store(db) as s:
        assert s.schema_version == SCHEMA_VERSION
        assert s.get_settings(GUILD).cooldown_seconds == 9


def test_newer_schema_is_refused(db: Path):
    Store(db).close()
    conn = sqlite3.connect(db)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="newer"):
        Store(db)


def test_default_path_comes_from_the_environment(monkeypatch, tmp_path: Path):
    monkeypatch.delenv("CRISISBOT_DB", raising=False)
    assert default_db_path() == Path("crisisbot.sqlite3")
    monkeypatch.setenv("CRISISBOT_DB", str(tmp_path / "env.sqlite3"))
    with Store() as s:
        assert s.path == tmp_path / "env.sqlite3"
    assert (tmp_path / "env.sqlite3").exists()


# ---------------------------------------------------------------- settings


def test_unknown_guild_gets_defaults_without_writing(store: Store):
    assert store.get_settings(GUILD) == GuildSettings(GUILD)
    assert store._conn.execute("SELECT count(*) FROM guild_settings").fetchone()[0] == 0


def test_settings_round_trip_across_restart(db: Path):
    with Store(db) as s:
        s.update_settings(
            GUILD,
            cooldown_seconds=42,
            moderator_role_id=MOD,
            fotd_channel_id=CHANNEL,
            fotd_time="7:05",
            now=at("2026-11-20", "10:00"),
        )
        s.set_answer_channel(GUILD, 1, True)
        s.set_answer_channel(GUILD, 2, False)
        s.update_settings(OTHER_GUILD, cooldown_seconds=0)
    with Store(db) as s:
        got = s.get_settings(GUILD)
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
        assert s.get_settings(OTHER_GUILD).cooldown_seconds == 0
        # Clearing optional fields; unspecified fields stay as they were.
        cleared = s.update_settings(GUILD, moderator_role_id=None, fotd_time=None)
        assert cleared.moderator_role_id is None and cleared.fotd_time is None
        assert cleared.cooldown_seconds == 42 and cleared.fotd_channel_id == CHANNEL
        assert cleared.fotd_since is None
        assert [g.guild_id for g in s.fact_of_the_day_guilds()] == []


@pytest.mark.parametrize("bad", ["24:00", "12:60", "noon", "12", "", "1:2"])
def test_bad_times_are_rejected(store: Store, bad: str):
    with pytest.raises(ValueError):
        store.update_settings(GUILD, fotd_time=bad)
    assert store.get_settings(GUILD).fotd_time is None


@pytest.mark.parametrize("bad", [-1, 86401, 1.5, True])
def test_bad_cooldowns_are_rejected(store: Store, bad):
    with pytest.raises(ValueError):
        store.update_settings(GUILD, cooldown_seconds=bad)


def test_answer_channel_rule(store: Store):
    assert store.answers_allowed(GUILD, 1)  # nothing set: everywhere
    store.set_answer_channel(GUILD, 2, False)
    assert store.answers_allowed(GUILD, 1) and not store.answers_allowed(GUILD, 2)
    store.set_answer_channel(GUILD, 3, True)  # an allow-list now: only channel 3
    assert store.answers_allowed(GUILD, 3)
    assert not store.answers_allowed(GUILD, 1) and not store.answers_allowed(GUILD, 2)
    store.set_answer_channel(GUILD, 3, None)
    assert store.answers_allowed(GUILD, 1) and not store.answers_allowed(GUILD, 2)


def test_forget_guild_removes_its_data_only(store: Store):
    for guild in (GUILD, OTHER_GUILD):
        store.update_settings(guild, cooldown_seconds=7)
        store.set_answer_channel(guild, 1, False)
        store.record_post(guild, CHANNEL, "a", MOD)
        store.log_unanswered(f"question from {guild % 1000}", guild_id=guild)
    store.forget_guild(GUILD)
    assert store.get_settings(GUILD) == GuildSettings(GUILD)
    assert store.recent_posts(GUILD) == [] and store.top_gaps(guild_id=GUILD) == []
    assert store.get_settings(OTHER_GUILD).cooldown_seconds == 7
    assert len(store.recent_posts(OTHER_GUILD)) == 1
    assert len(store.top_gaps()) == 1


# ------------------------------------------------------------- fact cycles


ENTRIES = [f"entry-{n:02d}" for n in range(12)]


def post_next(s: Store, guild: int, ids, rng, among=None) -> str:
    entry_id = s.next_fact(guild, ids, rng, among=among)
    s.record_post(guild, CHANNEL, entry_id, MOD)
    return entry_id


def test_no_repeats_until_every_fact_was_posted(store: Store):
    rng = random.Random(7)
    first = [post_next(store, GUILD, ENTRIES, rng) for _ in ENTRIES]
    assert sorted(first) == ENTRIES
    second = [post_next(store, GUILD, ENTRIES, rng) for _ in ENTRIES]
    assert sorted(second) == ENTRIES
    assert second[0] != first[-1]  # a new cycle does not open with the last fact
    # Other servers have their own cycle.
    assert store.next_fact(OTHER_GUILD, ENTRIES, random.Random(1)) in ENTRIES


def test_cycle_is_deterministic_and_survives_restart(tmp_path: Path):
    def run(path: Path, restart: bool) -> list[str]:
        rng = random.Random(2024)
        picked = []
        s = Store(path)
        for n in range(20):
            if restart and n % 3 == 0:
                s.close()
                s = Store(path)
            picked.append(post_next(s, GUILD, ENTRIES, rng))
        s.close()
        return picked

    plain = run(tmp_path / "a.sqlite3", restart=False)
    restarted = run(tmp_path / "b.sqlite3", restart=True)
    assert plain == restarted
    assert len(set(plain[:12])) == 12


def test_cycle_follows_pack_changes(store: Store):
    rng = random.Random(3)
    posted = {post_next(store, GUILD, ["a", "b", "c"], rng) for _ in range(2)}
    left = ({"a", "b", "c"} - posted).pop()
    # "d" joins the current cycle; removed entries are never offered.
    rest = {post_next(store, GUILD, [left, "d"], rng) for _ in range(2)}
    assert rest == {left, "d"}
    assert store.next_fact(GUILD, [], rng) is None


def test_manual_posts_count_and_are_recorded(store: Store):
    store.record_post(GUILD, CHANNEL, "a", MOD, message_id=5, now=at("2026-11-25"))
    assert store.next_fact(GUILD, ["a", "b"], random.Random(0)) == "b"
    [post] = store.recent_posts(GUILD)
    assert (post.entry_id, post.posted_by, post.message_id) == ("a", MOD, 5)
    assert post.posted_at == at("2026-11-25")
    with pytest.raises(ValueError):
        store.record_post(GUILD, CHANNEL, "a", "somebody")


# ---------------------------------------------------------- fact of the day


def configure(s: Store, time_utc: str = "09:00", since: dt.datetime | None = None) -> None:
    """Schedule the fact of the day, set (by default) well before the tests' clocks."""
    s.update_settings(
        GUILD, fotd_channel_id=CHANNEL, fotd_time=time_utc, now=since or at("2026-10-01")
    )


def test_fact_of_the_day_is_due_once_per_day(store: Store):
    assert store.claim_fact_of_the_day(GUILD, ENTRIES, now=at("2026-11-25")) is None  # unset
    configure(store)
    assert store.claim_fact_of_the_day(GUILD, ENTRIES, now=at("2026-11-25", "08:59")) is None
    claim = store.claim_fact_of_the_day(GUILD, ENTRIES, now=at("2026-11-25", "09:00"))
    assert claim is not None and not claim.resumed and claim.attempt == 1
    assert (claim.channel_id, claim.day) == (CHANNEL, dt.date(2026, 11, 25))
    assert store.claim_fact_of_the_day(GUILD, ENTRIES, now=at("2026-11-25", "09:01")) is None
    post = store.finish_fact_of_the_day(claim, message_id=77, now=at("2026-11-25", "09:00"))
    assert post.posted_by == FOTD_POSTER and post.entry_id == claim.entry_id
    assert store.finish_fact_of_the_day(claim) is None  # idempotent
    assert store.claim_fact_of_the_day(GUILD, ENTRIES, now=at("2026-11-25", "23:59")) is None
    assert store.last_fact_of_the_day(GUILD) == dt.date(2026, 11, 25)
    nxt = store.claim_fact_of_the_day(GUILD, ENTRIES, now=at("2026-11-26", "09:00"))
    assert nxt is not None and nxt.entry_id != claim.entry_id
    assert [g.guild_id for g in store.fact_of_the_day_guilds()] == [GUILD]


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
        claim = None if down else s.claim_fact_of_the_day(GUILD, ENTRIES, now=moment, rng=rng)
        if claim is not None:
            if claim.resumed and any(day == claim.day for day, _ in channel):
                resumed["found"] += 1
                s.finish_fact_of_the_day(claim, now=moment)  # found our message: just record
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
                        s.finish_fact_of_the_day(claim, now=moment)
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
    claim = store.claim_fact_of_the_day(GUILD, ENTRIES, now=at("2026-11-26", "00:05"))
    assert claim is not None and claim.day == dt.date(2026, 11, 25)
    store.finish_fact_of_the_day(claim)
    assert store.claim_fact_of_the_day(GUILD, ENTRIES, now=at("2026-11-26", "11:00")) is None
    later = store.claim_fact_of_the_day(GUILD, ENTRIES, now=at("2026-11-26", "23:50"))
    assert later is not None and later.day == dt.date(2026, 11, 26)
    # Beyond the catch-up window a missed slot stays missed.
    assert store.claim_fact_of_the_day(GUILD, ENTRIES, now=at("2026-11-28", "12:00")) is None


def test_crash_between_claim_and_send_neither_doubles_nor_skips(db: Path):
    with Store(db) as s:
        configure(s)
        claim = s.claim_fact_of_the_day(GUILD, ENTRIES, now=at("2026-11-25", "09:00"))
    # The process dies before sending. On restart, within the lease: in flight.
    with Store(db) as s:
        later = at("2026-11-25", "09:05")
        assert s.claim_fact_of_the_day(GUILD, ENTRIES, now=later, lease_seconds=600) is None
        resumed = s.claim_fact_of_the_day(
            GUILD, ENTRIES, now=at("2026-11-25", "09:11"), lease_seconds=600
        )
        assert resumed is not None and resumed.resumed and resumed.attempt == 2
        assert (resumed.entry_id, resumed.channel_id) == (claim.entry_id, claim.channel_id)
        s.finish_fact_of_the_day(resumed)
        # The stale first claim finishing late records nothing twice.
        assert s.finish_fact_of_the_day(claim) is None
        assert len(s.recent_posts(GUILD)) == 1
        assert s.claim_fact_of_the_day(GUILD, ENTRIES, now=at("2026-11-25", "22:00")) is None


def test_late_start_still_posts_today_and_release_allows_retry(store: Store):
    configure(store, "09:00")
    claim = store.claim_fact_of_the_day(GUILD, ENTRIES, now=at("2026-11-25", "21:00"))
    assert claim is not None  # down at 09:00, up at 21:00: post late, not skip
    assert store.release_fact_of_the_day(claim)
    again = store.claim_fact_of_the_day(GUILD, ENTRIES, now=at("2026-11-25", "21:01"))
    assert again is not None and not again.resumed
    store.finish_fact_of_the_day(again)
    assert not store.release_fact_of_the_day(again)  # a sent day stays sent
    assert store.last_fact_of_the_day(GUILD) == dt.date(2026, 11, 25)


def test_first_enable_does_not_post_for_slots_before_it(store: Store):
    """The schedule only covers slots after it was set: set at 08:00 with 23:00 it
    posts at 23:00 (not at once); with 07:00, tomorrow at 07:00 (not now, late)."""
    configure(store, "23:00", since=at("2026-11-25", "08:00"))
    assert store.claim_fact_of_the_day(GUILD, ENTRIES, now=at("2026-11-25", "08:01")) is None
    tonight = store.claim_fact_of_the_day(GUILD, ENTRIES, now=at("2026-11-25", "23:00"))
    assert tonight is not None and tonight.day == dt.date(2026, 11, 25)

    store.forget_guild(GUILD)
    configure(store, "07:00", since=at("2026-11-25", "08:00"))
    assert store.claim_fact_of_the_day(GUILD, ENTRIES, now=at("2026-11-25", "08:00")) is None
    assert store.claim_fact_of_the_day(GUILD, ENTRIES, now=at("2026-11-25", "23:59")) is None
    assert store.claim_fact_of_the_day(GUILD, ENTRIES, now=at("2026-11-26", "06:59")) is None
    tomorrow = store.claim_fact_of_the_day(GUILD, ENTRIES, now=at("2026-11-26", "07:00"))
    assert tomorrow is not None and tomorrow.day == dt.date(2026, 11, 26)


def test_fotd_since_moves_with_the_time_not_the_channel(store: Store):
    configure(store, "09:00", since=at("2026-11-20", "08:00"))
    moved = store.update_settings(GUILD, fotd_channel_id=CHANNEL + 1, now=at("2026-11-25", "10:00"))
    assert moved.fotd_since == at("2026-11-20", "08:00")  # a late post today is still due
    claim = store.claim_fact_of_the_day(GUILD, ENTRIES, now=at("2026-11-25", "10:00"))
    assert claim is not None and claim.channel_id == CHANNEL + 1
    store.finish_fact_of_the_day(claim)
    same = store.update_settings(GUILD, fotd_time="9:00", now=at("2026-11-25", "11:00"))
    assert same.fotd_since == at("2026-11-20", "08:00")  # the same time is no change
    changed = store.update_settings(GUILD, fotd_time="08:00", now=at("2026-11-26", "08:30"))
    assert changed.fotd_since == at("2026-11-26", "08:30")
    assert store.claim_fact_of_the_day(GUILD, ENTRIES, now=at("2026-11-26", "09:00")) is None
    assert store.claim_fact_of_the_day(GUILD, ENTRIES, now=at("2026-11-27", "08:00")) is not None
    off = store.update_settings(GUILD, fotd_channel_id=None)
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
        assert s.get_settings(GUILD).fotd_since is None
        assert s.claim_fact_of_the_day(GUILD, ENTRIES, now=at("2026-11-25", "10:00")) is not None


def test_next_fact_among_a_topic_never_restarts_the_cycle(store: Store):
    rng = random.Random(4)
    topic = ["a", "b"]
    pack = ["a", "b", "c", "d"]
    firsts = {post_next(store, GUILD, pack, rng, among=topic) for _ in range(2)}
    assert firsts == {"a", "b"}
    # The topic is used up: its oldest post repeats, and the pack's cycle goes on.
    oldest = store.recent_posts(GUILD)[-1].entry_id
    assert store.next_fact(GUILD, pack, rng, among=topic) == oldest
    assert {post_next(store, GUILD, pack, rng) for _ in range(2)} == {"c", "d"}
    assert store.next_fact(GUILD, pack, rng, among=["zzz"]) is None


# --------------------------------------------------------- unanswered log


def test_normalization():
    assert normalize_question("  Who   was CERPA?? ") == ("who was cerpa", "Who was CERPA??")
    assert normalize_question("Túpac Amaru")[0] == normalize_question("tupac amaru!")[0]
    key, display = normalize_question("<@!123456789012345678> what's <#98765> MRTA <:x:555>")
    assert "123456789012345678" not in display + key and "98765" not in display + key
    assert key == "whats mrta"
    assert normalize_question("<@123> ?!") is None
    assert normalize_question("") is None
    assert len(normalize_question("x" * 10_000)[1]) == store_module.MAX_QUESTION_CHARS


def test_gaps_count_order_and_privacy(store: Store, db: Path):
    now = at("2026-11-25")
    for text, times, when in [
        ("Who was Cerpa?", 3, now),
        ("who was cerpa", 1, now),
        ("What did <@555555555555555555> eat?", 2, at("2026-11-20")),
        ("Why tunnels", 2, now),
        ("alpha question", 2, now),
    ]:
        for _ in range(times):
            store.log_unanswered(text, guild_id=GUILD, now=when)
    store.log_unanswered("only elsewhere", guild_id=OTHER_GUILD, now=now)
    assert store.log_unanswered("   ", now=now) is None
    gaps = store.top_gaps(10, now=now)
    assert [(g.question, g.count) for g in gaps] == [
        ("Who was Cerpa?", 4),
        ("alpha question", 2),  # ties: most recent first, then alphabetical
        ("Why tunnels", 2),
        ("What did eat?", 2),
        ("only elsewhere", 1),
    ]
    assert gaps[3].first_seen == gaps[3].last_seen == dt.date(2026, 11, 20)
    assert [g.question for g in store.top_gaps(2, now=now)] == ["Who was Cerpa?", "alpha question"]
    assert "only elsewhere" not in [g.question for g in store.top_gaps(guild_id=GUILD, now=now)]
    # Nothing that identifies a person is stored anywhere in the file.
    store.close()
    raw = b"".join(p.read_bytes() for p in db.parent.iterdir() if p.is_file())
    assert b"555555555555555555" not in raw


def test_gaps_retention(db: Path):
    with Store(db, retention_days=90) as s:
        s.log_unanswered("ancient", now=at("2026-01-01"))
        s.log_unanswered("recent", now=at("2026-11-20"))
        s.log_unanswered("both", now=at("2026-01-01"))
        s.log_unanswered("both", now=at("2026-11-20"))
        # Reading applies the window even before anything is pruned.
        now = at("2026-11-25")
        assert {(g.question, g.count) for g in s.top_gaps(now=now)} == {("recent", 1), ("both", 1)}
    # Pruned on start: the old counts are gone from the file.
    with Store(db, retention_days=90, now=at("2026-11-25")) as s:
        rows = s._conn.execute("SELECT count(*) FROM unanswered_daily").fetchone()[0]
        assert rows == 2
        keys = {r[0] for r in s._conn.execute("SELECT key FROM unanswered")}
        assert keys == {"recent", "both"}
        # ... and periodically from the logging path (at most hourly).
        s.log_unanswered("recent", now=at("2027-03-01"))
        assert [g.question for g in s.top_gaps(now=at("2027-03-01"))] == ["recent"]
        assert s._conn.execute("SELECT count(*) FROM unanswered_daily").fetchone()[0] == 1


def test_retention_from_environment(monkeypatch, db: Path):
    monkeypatch.setenv("CRISISBOT_GAPS_RETENTION_DAYS", "7")
    with Store(db) as s:
        assert s.retention_days == 7
    monkeypatch.setenv("CRISISBOT_GAPS_RETENTION_DAYS", "soon")
    with pytest.raises(StoreError, match="CRISISBOT_GAPS_RETENTION_DAYS"):
        Store(db)


def test_print_gaps(db: Path):
    now = at("2026-11-25")
    with Store(db) as s:
        for _ in range(3):
            s.log_unanswered("Who dug the tunnels?", now=now)
        s.log_unanswered("who negotiated", now=now)
    out = io.StringIO()
    assert print_gaps(db, 10, out, now=now) == 0
    lines = out.getvalue().splitlines()
    assert lines[0].split()[:2] == ["count", "first"]
    assert lines[1].split()[0] == "3" and lines[1].endswith("Who dug the tunnels?")
    out = io.StringIO()
    assert print_gaps(db, 1, out, as_json=True, now=now) == 0
    payload = json.loads(out.getvalue())
    assert payload["gaps"] == [
        {
            "question": "Who dug the tunnels?",
            "count": 3,
            "first_seen": "2026-11-25",
            "last_seen": "2026-11-25",
        }
    ]


def test_print_gaps_never_creates_a_database(tmp_path: Path):
    missing = tmp_path / "nope.sqlite3"
    out, err = io.StringIO(), io.StringIO()
    assert print_gaps(missing, 10, out, err=err) == 2
    assert str(missing) in err.getvalue() and "does not exist" in err.getvalue()
    assert not missing.exists()


def test_print_gaps_on_empty_log(db: Path):
    Store(db).close()
    out = io.StringIO()
    assert print_gaps(db, 10, out) == 0
    assert "No unanswered questions" in out.getvalue()


# ------------------------------------------------------------------ errors


def assert_quick_store_error(path: Path, *fragments: str, **kwargs) -> StoreError:
    started = time.monotonic()
    with pytest.raises(StoreError) as caught:
        Store(path, **kwargs)
    assert time.monotonic() - started < 1.5
    message = str(caught.value)
    assert str(path) in message and "CRISISBOT_DB" in message
    for fragment in fragments:
        assert fragment in message
    assert caught.value.path == str(path)
    return caught.value


def test_missing_directory(tmp_path: Path):
    path = tmp_path / "not-mounted" / "crisisbot.sqlite3"
    assert_quick_store_error(path, "does not exist", "Create it")
    assert not path.parent.exists()


def test_not_a_database(db: Path):
    db.write_bytes(b"this is a YAML file, honest\n" * 200)
    assert_quick_store_error(db, "not a usable SQLite database", "Move it aside")


def test_path_is_a_directory(tmp_path: Path):
    assert_quick_store_error(tmp_path, "directory")


def test_locked_database_fails_within_the_busy_timeout(db: Path):
    Store(db).close()
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        assert_quick_store_error(db, "locked", busy_timeout=0.3)
    finally:
        holder.execute("ROLLBACK")
        holder.close()


@pytest.fixture
def shared_dir():
    # pytest's tmp_path is private to the user; 'nobody' must reach this one.
    directory = Path(tempfile.mkdtemp(prefix="crisisbot-store-"))
    directory.chmod(0o777)
    try:
        yield directory
    finally:
        for path in directory.iterdir():
            path.chmod(0o666)
            path.unlink()
        directory.chmod(0o755)
        directory.rmdir()


def make_db(path: Path) -> None:
    with Store(path) as s:
        s.update_settings(GUILD, cooldown_seconds=3)


def test_read_only_file(shared_dir: Path):
    path = shared_dir / "crisisbot.sqlite3"
    make_db(path)
    path.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
    with unprivileged():
        error = assert_quick_store_error(path, "read-only", "writable")
    assert "-wal" in str(error)


def test_read_only_directory(shared_dir: Path):
    path = shared_dir / "crisisbot.sqlite3"
    make_db(path)
    path.chmod(0o666)
    shared_dir.chmod(0o555)
    try:
        with unprivileged():
            assert_quick_store_error(path, "read-only")
    finally:
        shared_dir.chmod(0o777)


def test_file_deleted_while_running_is_noticed(db: Path):
    with Store(db) as s:
        s.maintenance()
        db.unlink()
        with pytest.raises(StoreError, match="deleted or replaced"):
            s.maintenance()


# --------------------------------------------------------------- async


async def test_async_wrapper(store: Store):
    astore = AsyncStore(store)
    settings = await astore.update_settings(GUILD, cooldown_seconds=11)
    assert settings.cooldown_seconds == 11
    results = await asyncio.gather(*(astore.log_unanswered("same question") for _ in range(20)))
    assert set(results) == {"same question"}
    [gap] = await astore.top_gaps()
    assert gap.count == 20
    assert astore.path == store.path


# ------------------------------------------------------------------ kill -9

CHILD = textwrap.dedent(
    """
    import sys
    from bot.store import Store

    store = Store(sys.argv[1])
    start = int(sys.argv[2])
    n = start
    while True:
        store.record_post(1, 2, f"e{n}", 42)          # durable (FULL) transaction
        store.log_unanswered(f"question number {n}")  # NORMAL transaction
        store.update_settings(1, cooldown_seconds=n % 86400)
        print(n, flush=True)  # only after all three committed
        n += 1
    """
)


def test_kill_9_loses_nothing_committed(db: Path):
    Store(db).close()
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    reported: list[int] = []
    rng = random.Random(9)
    start = 0
    for round_ in range(3):
        child = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(db), str(start)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
            text=True,
        )
        try:
            target = 50 + 60 * round_
            for _ in range(target):
                line = child.stdout.readline()
                assert line, child.stderr.read()
                reported.append(int(line))
            time.sleep(rng.uniform(0, 0.005))  # land somewhere inside a write
            child.send_signal(signal.SIGKILL)
            remaining, _ = child.communicate(timeout=10)
        finally:
            if child.poll() is None:
                child.kill()
                child.wait()
        assert child.returncode == -signal.SIGKILL
        reported.extend(int(line) for line in remaining.split())
        start = reported[-1] + 1

        # Reopen: clean start, intact file, every reported write present.
        with Store(db) as s:
            assert s.integrity_check() == "ok"
            posts = {row[0] for row in s._conn.execute("SELECT entry_id FROM fact_posts")}
            questions = {row[0] for row in s._conn.execute("SELECT key FROM unanswered")}
            assert {f"e{n}" for n in reported} <= posts
            assert {f"question number {n}" for n in reported} <= questions
            assert s.get_settings(1).cooldown_seconds >= reported[-1] % 86400
            s.record_post(1, 2, "after-restart", 42)  # and it takes writes again


def test_cli_gaps_subcommand(db: Path, monkeypatch, capsys):
    from bot.cli import main

    with Store(db) as s:
        s.log_unanswered("Who dug the tunnels?")
        s.log_unanswered("who dug the tunnels")
    out = io.StringIO()
    assert main(["gaps", "--db", str(db), "--limit", "5"], out=out) == 0
    assert out.getvalue().splitlines()[1].split()[0] == "2"
    monkeypatch.setenv("CRISISBOT_DB", str(db))
    out = io.StringIO()
    assert main(["gaps", "--json"], out=out) == 0
    assert json.loads(out.getvalue())["gaps"][0]["count"] == 2
    assert main(["gaps", "--db", str(db.parent / "missing.sqlite3")], out=io.StringIO()) == 2
    assert "does not exist" in capsys.readouterr().err
