"""bot/storage/: schema and migrations, settings, fact cycles, fact of the day
across restarts, the unanswered log, errors that come quickly, and kill -9."""

from __future__ import annotations

import asyncio
import datetime as dt
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
from helpers.paths import REPO
from helpers.unprivileged import unprivileged

from bot.limits import MAX_QUESTION_CHARS
from bot.storage import (
    FOTD_POSTER,
    MIGRATIONS,
    SCHEMA_VERSION,
    GuildSettings,
    Store,
    StoreError,
    normalize_question,
)

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
        assert s.db.schema_version == SCHEMA_VERSION == len(MIGRATIONS)
        conn = s.db._conn
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert conn.execute("PRAGMA busy_timeout").fetchone()[0] > 0
        assert conn.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL between writes
        assert s.db.integrity_check() == "ok"
    assert db.exists()


def test_empty_existing_file_is_migrated(db: Path):
    db.touch()
    with Store(db) as s:
        assert s.db.schema_version == SCHEMA_VERSION


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
        assert s.db.schema_version == SCHEMA_VERSION
        settings = s.settings.get(GUILD)
        assert (settings.cooldown_seconds, settings.fotd_time) == (30, "08:15")
        s.unanswered.log("who built the tunnels")
        assert [gap.question for gap in s.unanswered.top_gaps()] == ["who built the tunnels"]


def test_reopening_a_current_database_changes_nothing(db: Path):
    with Store(db) as s:
        s.settings.update(GUILD, cooldown_seconds=9)
    with Store(db) as s:
        assert s.db.schema_version == SCHEMA_VERSION
        assert s.settings.get(GUILD).cooldown_seconds == 9


def test_newer_schema_is_refused(db: Path):
    Store(db).close()
    conn = sqlite3.connect(db)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="newer"):
        Store(db)


# ---------------------------------------------------------------- settings


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


# ------------------------------------------------------------- fact cycles


ENTRIES = [f"entry-{n:02d}" for n in range(12)]


def post_next(s: Store, guild: int, ids, rng, among=None) -> str:
    entry_id = s.facts.next_fact(guild, ids, rng, among=among)
    s.facts.record_post(guild, CHANNEL, entry_id, MOD)
    return entry_id


def test_no_repeats_until_every_fact_was_posted(store: Store):
    rng = random.Random(7)
    first = [post_next(store, GUILD, ENTRIES, rng) for _ in ENTRIES]
    assert sorted(first) == ENTRIES
    second = [post_next(store, GUILD, ENTRIES, rng) for _ in ENTRIES]
    assert sorted(second) == ENTRIES
    assert second[0] != first[-1]  # a new cycle does not open with the last fact
    # Other servers have their own cycle.
    assert store.facts.next_fact(OTHER_GUILD, ENTRIES, random.Random(1)) in ENTRIES


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
    assert store.facts.next_fact(GUILD, [], rng) is None


def test_manual_posts_count_and_are_recorded(store: Store):
    store.facts.record_post(GUILD, CHANNEL, "a", MOD, message_id=5, now=at("2026-11-25"))
    assert store.facts.next_fact(GUILD, ["a", "b"], random.Random(0)) == "b"
    [post] = store.facts.recent_posts(GUILD)
    assert (post.entry_id, post.posted_by, post.message_id) == ("a", MOD, 5)
    assert post.posted_at == at("2026-11-25")
    with pytest.raises(ValueError):
        store.facts.record_post(GUILD, CHANNEL, "a", "somebody")


# ---------------------------------------------------------- fact of the day


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


# --------------------------------------------------------- unanswered log


def test_normalization():
    assert normalize_question("  Who   was CERPA?? ") == ("who was cerpa", "Who was CERPA??")
    assert normalize_question("Túpac Amaru")[0] == normalize_question("tupac amaru!")[0]
    key, display = normalize_question("<@!123456789012345678> what's <#98765> MRTA <:x:555>")
    assert "123456789012345678" not in display + key and "98765" not in display + key
    assert key == "what mrta"  # the matcher's own folding (core.text.fold): "'s" goes
    assert normalize_question("the U.S. role")[0] == "the usa role"
    assert normalize_question("<@123> ?!") is None
    assert normalize_question("") is None
    assert len(normalize_question("x" * 10_000)[1]) == MAX_QUESTION_CHARS


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
            store.unanswered.log(text, guild_id=GUILD, now=when)
    store.unanswered.log("only elsewhere", guild_id=OTHER_GUILD, now=now)
    assert store.unanswered.log("   ", now=now) is None
    gaps = store.unanswered.top_gaps(10, now=now)
    assert [(g.question, g.count) for g in gaps] == [
        ("Who was Cerpa?", 4),
        ("alpha question", 2),  # ties: most recent first, then alphabetical
        ("Why tunnels", 2),
        ("What did eat?", 2),
        ("only elsewhere", 1),
    ]
    assert gaps[3].first_seen == gaps[3].last_seen == dt.date(2026, 11, 20)
    assert [g.question for g in store.unanswered.top_gaps(2, now=now)] == [
        "Who was Cerpa?",
        "alpha question",
    ]
    assert "only elsewhere" not in [
        g.question for g in store.unanswered.top_gaps(guild_id=GUILD, now=now)
    ]
    # Nothing that identifies a person is stored anywhere in the file.
    store.close()
    raw = b"".join(p.read_bytes() for p in db.parent.iterdir() if p.is_file())
    assert b"555555555555555555" not in raw


def test_gaps_retention(db: Path):
    with Store(db, retention_days=90) as s:
        s.unanswered.log("ancient", now=at("2026-01-01"))
        s.unanswered.log("recent", now=at("2026-11-20"))
        s.unanswered.log("both", now=at("2026-01-01"))
        s.unanswered.log("both", now=at("2026-11-20"))
        # Reading applies the window even before anything is pruned.
        now = at("2026-11-25")
        assert {(g.question, g.count) for g in s.unanswered.top_gaps(now=now)} == {
            ("recent", 1),
            ("both", 1),
        }
    # Pruned on start: the old counts are gone from the file.
    with Store(db, retention_days=90, now=at("2026-11-25")) as s:
        rows = s.db._conn.execute("SELECT count(*) FROM unanswered_daily").fetchone()[0]
        assert rows == 2
        keys = {r[0] for r in s.db._conn.execute("SELECT key FROM unanswered")}
        assert keys == {"recent", "both"}
        # ... and periodically from the logging path (at most hourly).
        s.unanswered.log("recent", now=at("2027-03-01"))
        assert [g.question for g in s.unanswered.top_gaps(now=at("2027-03-01"))] == ["recent"]
        assert s.db._conn.execute("SELECT count(*) FROM unanswered_daily").fetchone()[0] == 1


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
        s.settings.update(GUILD, cooldown_seconds=3)


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


async def test_calls_from_worker_threads(store: Store):
    """The bot calls the store from worker threads (asyncio.to_thread); its locks keep
    concurrent calls apart."""
    settings = await asyncio.to_thread(store.settings.update, GUILD, cooldown_seconds=11)
    assert settings.cooldown_seconds == 11
    results = await asyncio.gather(
        *(asyncio.to_thread(store.unanswered.log, "same question") for _ in range(20))
    )
    assert set(results) == {"same question"}
    [gap] = await asyncio.to_thread(store.unanswered.top_gaps)
    assert gap.count == 20


# ------------------------------------------------------------------ kill -9

CHILD = textwrap.dedent(
    """
    import sys
    from bot.storage import Store

    store = Store(sys.argv[1])
    start = int(sys.argv[2])
    n = start
    while True:
        store.facts.record_post(1, 2, f"e{n}", 42)          # durable (FULL) transaction
        store.unanswered.log(f"question number {n}")  # NORMAL transaction
        store.settings.update(1, cooldown_seconds=n % 3600)
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
            assert s.db.integrity_check() == "ok"
            posts = {row[0] for row in s.db._conn.execute("SELECT entry_id FROM fact_posts")}
            questions = {row[0] for row in s.db._conn.execute("SELECT key FROM unanswered")}
            assert {f"e{n}" for n in reported} <= posts
            assert {f"question number {n}" for n in reported} <= questions
            assert s.settings.get(1).cooldown_seconds >= reported[-1] % 3600
            s.facts.record_post(1, 2, "after-restart", 42)  # and it takes writes again


# ------------------------------------------------------------ the schedule rule


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
    """fotd.due_slot is what the scheduler claims; fotd.next_post_time what /config
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
