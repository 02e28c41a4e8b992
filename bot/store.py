"""Persistence for crisisbot: per-server settings, fact-posting history and the
unanswered-question log, in one SQLite file (stdlib ``sqlite3``, no discord import).

Where the file lives
    ``CRISISBOT_DB`` names the file; without it, ``./crisisbot.sqlite3`` (a local
    run). The Docker image sets ``CRISISBOT_DB=/data/crisisbot.sqlite3`` on a volume.
    The file is created on first start and migrated on every start
    (``PRAGMA user_version`` and the ordered ``MIGRATIONS`` list below).

Durability
    WAL journal. Connection default ``synchronous=NORMAL``; every write *except* the
    high-volume unanswered-question log runs its transaction with
    ``synchronous=FULL``.

    * A killed process (``kill -9`` during writes) loses nothing committed, at either
      level: a WAL commit has been handed to the kernel (``write()``) before
      ``COMMIT`` returns, and the kernel keeps it when the process dies; the next
      open replays the WAL. The test suite checks this with a real SIGKILL.
    * ``FULL`` additionally ``fsync``\\ s the WAL at each commit, so settings, fact
      posts and the fact-of-the-day claims also survive an OS crash or power loss.
      They are rare (moderator actions, one post a day), so the fsync costs nothing
      that matters.
    * The unanswered-question log is written on the ``/ask`` path (hundreds per
      second under load) and is statistics: it commits with ``NORMAL`` (no fsync),
      which is still kill-9 safe; after a power cut it may lose the last moments of
      counts, never its consistency.

Concurrency
    All methods are synchronous and short: one small transaction each, typically
    well under a millisecond (a ``FULL`` commit adds one fsync). But another process
    may hold the file's write lock (``crisisbot gaps`` does not, a ``sqlite3`` shell
    inside ``BEGIN`` or a backup may), and a write then waits up to ``busy_timeout``:
    the bot makes its writes from worker threads (``asyncio.to_thread``, or the
    unanswered log's own task, which passes ``wait=False`` to fail at once and retry
    later), never on the event loop ahead of a reply. Reads have a connection of
    their own, so in WAL mode they never wait for a writer, in this process or
    another. Each connection is guarded by a lock, so a ``Store`` is safe to use
    from several threads.

Errors
    Anything that stops the database from working (missing directory, read-only
    file or directory, a file that is not a database, a lock held too long, a
    schema from a newer crisisbot) raises ``StoreError`` naming the path and what
    to do, within ``busy_timeout`` seconds, never a hang. Any method may raise it
    later too (the file made read-only, a lock held too long by another process):
    callers on the answering path should catch it around ``log_unanswered`` so an
    answer never fails because the statistics could not be written.

Fact of the day: claim before sending
    The scheduler asks ``claim_fact_of_the_day`` every minute or so. The claim is a
    row (guild, UTC day) written in a durable transaction *before* the message is
    sent, so a crash or restart after the claim can never produce a second post for
    that day: the day is already taken. The claim records the chosen entry and the
    channel; ``finish_fact_of_the_day`` marks it sent and writes the post to the
    history in one transaction. A claim left pending (the process died between
    claiming and finishing) is handed out again after ``lease_seconds`` with
    ``resumed=True`` and the same entry, so the day is not skipped either; the
    scheduler should then look in the channel for its own message for that day
    (e.g. an embed footer naming the date) and, if it is there, only call
    ``finish_fact_of_the_day``. Recording *after* sending instead would turn a
    crash between send and record into a double post with no way to notice it.
    A UTC day's post is due from its configured HH:MM until midnight, and for
    ``catch_up_hours`` (12) after its HH:MM when that runs past midnight (a 23:50
    slot missed by a restart at 23:45 is posted at 00:05, dated the day before).
    So a bot that was down at post time posts late rather than skipping; a slot
    missed for longer than that is not caught up (two facts at once would be
    noise). One post per UTC day: moving the time after today's post waits for
    tomorrow. Slots before the moment the schedule was switched on (or its time
    changed) are never posted: enabling at 08:00 with 23:00 posts at 23:00, not
    at once, and enabling at 08:00 with 07:00 posts tomorrow at 07:00.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import json
import os
import random
import re
import sqlite3
import sys
import threading
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

__all__ = [
    "DEFAULT_COOLDOWN_SECONDS",
    "DEFAULT_DB_FILENAME",
    "DEFAULT_RETENTION_DAYS",
    "FOTD_POSTER",
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "AsyncStore",
    "FactPost",
    "FotdClaim",
    "Gap",
    "GuildSettings",
    "Store",
    "StoreError",
    "default_db_path",
    "normalize_question",
    "print_gaps",
]

ENV_DB = "CRISISBOT_DB"
ENV_RETENTION = "CRISISBOT_GAPS_RETENTION_DAYS"
DEFAULT_DB_FILENAME = "crisisbot.sqlite3"
DEFAULT_RETENTION_DAYS = 90
DEFAULT_COOLDOWN_SECONDS = 5
MAX_COOLDOWN_SECONDS = 24 * 3600
DEFAULT_BUSY_TIMEOUT = 2.0  # seconds; bounds every wait for a lock
DEFAULT_FOTD_LEASE_SECONDS = 600
DEFAULT_FOTD_CATCH_UP_HOURS = 12.0
PRUNE_INTERVAL = dt.timedelta(hours=1)
FOTD_POSTER = "fact-of-the-day"
MAX_QUESTION_CHARS = 300


class StoreError(RuntimeError):
    """The database cannot be used; the message names the path and what to do."""

    def __init__(self, message: str, path: str | os.PathLike[str] | None = None):
        super().__init__(message)
        self.path = None if path is None else str(path)


class StoreBusy(StoreError):
    """A write asked not to wait (``wait=False``) found the database locked."""


def default_db_path() -> Path:
    """``$CRISISBOT_DB`` if set and non-empty, else ``./crisisbot.sqlite3``."""
    value = os.environ.get(ENV_DB, "").strip()
    return Path(value) if value else Path(DEFAULT_DB_FILENAME)


def _default_retention_days() -> int:
    value = os.environ.get(ENV_RETENTION, "").strip()
    if not value:
        return DEFAULT_RETENTION_DAYS
    try:
        days = int(value)
    except ValueError:
        raise StoreError(f"{ENV_RETENTION}={value!r} is not a whole number of days") from None
    if days < 1:
        raise StoreError(f"{ENV_RETENTION}={value!r} must be at least 1")
    return days


# --------------------------------------------------------------------------- schema


def _v1_settings_and_facts(conn: sqlite3.Connection) -> None:
    conn.execute(
        """
        CREATE TABLE guild_settings (
            guild_id          INTEGER PRIMARY KEY,
            cooldown_seconds  INTEGER NOT NULL
                              CHECK (cooldown_seconds BETWEEN 0 AND 86400),
            moderator_role_id INTEGER,
            fotd_channel_id   INTEGER,
            fotd_time         TEXT CHECK (fotd_time IS NULL
                                          OR fotd_time GLOB '[0-2][0-9]:[0-5][0-9]'),
            fact_cycle        INTEGER NOT NULL DEFAULT 0,
            updated_at        TEXT NOT NULL
        )"""
    )
    conn.execute(
        """
        CREATE TABLE answer_channels (
            guild_id   INTEGER NOT NULL
                       REFERENCES guild_settings(guild_id) ON DELETE CASCADE,
            channel_id INTEGER NOT NULL,
            enabled    INTEGER NOT NULL CHECK (enabled IN (0, 1)),
            PRIMARY KEY (guild_id, channel_id)
        ) WITHOUT ROWID"""
    )
    conn.execute(
        """
        CREATE TABLE fact_posts (
            id         INTEGER PRIMARY KEY,
            guild_id   INTEGER NOT NULL,
            channel_id INTEGER NOT NULL,
            entry_id   TEXT NOT NULL,
            posted_by  TEXT NOT NULL
                       CHECK (posted_by = 'fact-of-the-day'
                              OR (posted_by <> '' AND posted_by NOT GLOB '*[^0-9]*')),
            posted_at  TEXT NOT NULL,
            cycle      INTEGER NOT NULL,
            message_id INTEGER
        )"""
    )
    conn.execute("CREATE INDEX fact_posts_by_cycle ON fact_posts (guild_id, cycle, entry_id)")
    conn.execute(
        """
        CREATE TABLE fotd_days (
            guild_id   INTEGER NOT NULL,
            day        TEXT NOT NULL,
            channel_id INTEGER NOT NULL,
            entry_id   TEXT NOT NULL,
            status     TEXT NOT NULL CHECK (status IN ('pending', 'sent')),
            claimed_at TEXT NOT NULL,
            attempts   INTEGER NOT NULL DEFAULT 1,
            post_id    INTEGER REFERENCES fact_posts(id) ON DELETE SET NULL,
            PRIMARY KEY (guild_id, day)
        ) WITHOUT ROWID"""
    )


def _v2_unanswered_log(conn: sqlite3.Connection) -> None:
    # Question text and counts per UTC day; never who asked. guild_id 0 means
    # "not in a server" (DMs, the command line). Daily buckets make retention
    # exact: counts older than the window disappear, not just stale questions.
    conn.execute(
        """
        CREATE TABLE unanswered (
            id       INTEGER PRIMARY KEY,
            key      TEXT NOT NULL UNIQUE,
            question TEXT NOT NULL
        )"""
    )
    conn.execute(
        """
        CREATE TABLE unanswered_daily (
            question_id INTEGER NOT NULL REFERENCES unanswered(id) ON DELETE CASCADE,
            guild_id    INTEGER NOT NULL,
            day         TEXT NOT NULL,
            count       INTEGER NOT NULL CHECK (count > 0),
            PRIMARY KEY (question_id, guild_id, day)
        ) WITHOUT ROWID"""
    )
    conn.execute("CREATE INDEX unanswered_daily_by_day ON unanswered_daily (day)")


def _v3_fotd_since(conn: sqlite3.Connection) -> None:
    # When the fact-of-the-day schedule was switched on or its time changed: slots
    # before that moment are never posted (no surprise post on first enable).
    # NULL (schedules set before this column existed) means "no limit".
    conn.execute("ALTER TABLE guild_settings ADD COLUMN fotd_since TEXT")


# MIGRATIONS[i] takes a database from user_version i to i + 1. Append only; never
# edit a migration that has shipped.
MIGRATIONS: tuple[Callable[[sqlite3.Connection], None], ...] = (
    _v1_settings_and_facts,
    _v2_unanswered_log,
    _v3_fotd_since,
)
SCHEMA_VERSION = len(MIGRATIONS)


# --------------------------------------------------------------------------- values


@dataclass(frozen=True)
class GuildSettings:
    """One server's settings; unknown servers get these defaults.

    Answer channels: per-channel on/off switches. If any channel is switched on,
    the bot answers only in the channels switched on; otherwise it answers
    everywhere except the channels switched off.
    """

    guild_id: int
    cooldown_seconds: int = DEFAULT_COOLDOWN_SECONDS
    moderator_role_id: int | None = None
    fotd_channel_id: int | None = None
    fotd_time: str | None = None  # "HH:MM", UTC
    enabled_channels: frozenset[int] = field(default_factory=frozenset)
    disabled_channels: frozenset[int] = field(default_factory=frozenset)
    # When the schedule was switched on or its time last changed (aware, UTC);
    # slots before it are not posted. None: no limit.
    fotd_since: dt.datetime | None = None

    def answers_allowed(self, channel_id: int) -> bool:
        if self.enabled_channels:
            return channel_id in self.enabled_channels
        return channel_id not in self.disabled_channels

    @property
    def fotd_configured(self) -> bool:
        return self.fotd_channel_id is not None and self.fotd_time is not None


@dataclass(frozen=True)
class FactPost:
    id: int
    guild_id: int
    channel_id: int
    entry_id: str
    posted_by: int | str  # a user id, or FOTD_POSTER
    posted_at: dt.datetime  # aware, UTC
    message_id: int | None


@dataclass(frozen=True)
class FotdClaim:
    """Today's fact of the day for one server, claimed and not yet finished.

    ``resumed`` is True when an earlier claim for the same day was never finished
    (the process died between claiming and finishing): the message may or may not
    have gone out, so check the channel before sending again.
    """

    guild_id: int
    day: dt.date
    channel_id: int
    entry_id: str
    attempt: int
    resumed: bool


@dataclass(frozen=True)
class Gap:
    question: str
    count: int
    first_seen: dt.date  # within the retention window
    last_seen: dt.date


class _Unset:
    def __repr__(self) -> str:
        return "UNSET"


UNSET: Any = _Unset()

# --------------------------------------------------------------------------- helpers

# ASCII digits only: \d also matches "９" (full-width) and other scripts' digits,
# which passed this check and then failed the table's CHECK constraint.
_HHMM = re.compile(r"^([01]?[0-9]|2[0-3]):([0-5][0-9])$")
# Discord mentions (<@123>, <@!123>, <@&123>, <#123>), custom emoji, timestamps:
# they carry ids, so they never reach the log; nor do @everyone and @here, which
# mean nothing in a question and would read as pings wherever the text is shown.
_DISCORD_TOKEN = re.compile(r"<(?:@[!&]?|#|a?:\w+:|t:)\d+(?::\w)?>|@(?:everyone|here)\b")
_APOSTROPHES = re.compile(r"['’‘`´]")
_NON_WORD = re.compile(r"[^0-9a-z]+")
_SPACE = re.compile(r"\s+")


def normalize_question(text: str) -> tuple[str, str] | None:
    """(key, display) for the unanswered log, or None if nothing is left.

    The key folds case, accents and punctuation so that "Who was Cerpa?" and
    "who was cerpa" count together; the display keeps the asker's spelling with
    Discord mentions removed and white space collapsed.
    """
    display = _DISCORD_TOKEN.sub(" ", text[: MAX_QUESTION_CHARS * 2])
    display = _SPACE.sub(" ", "".join(ch for ch in display if ch.isprintable() or ch.isspace()))
    display = display.strip()[:MAX_QUESTION_CHARS].rstrip()
    key = unicodedata.normalize("NFKD", display)
    key = "".join(ch for ch in key if not unicodedata.combining(ch))
    key = _NON_WORD.sub(" ", _APOSTROPHES.sub("", key.casefold())).strip()
    if not key:
        return None
    return key, display


def _utc(now: dt.datetime | None) -> dt.datetime:
    if now is None:
        return dt.datetime.now(dt.UTC)
    if now.tzinfo is None:
        return now.replace(tzinfo=dt.UTC)
    return now.astimezone(dt.UTC)


def _ts(moment: dt.datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _parse_ts(text: str) -> dt.datetime:
    return dt.datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=dt.UTC)


def _normalize_hhmm(value: str) -> str:
    match = _HHMM.match(value.strip()) if isinstance(value, str) else None
    if not match:
        raise ValueError(f"time must be HH:MM in UTC (00:00 to 23:59), got {value!r}")
    return f"{int(match.group(1)):02d}:{match.group(2)}"


def _writable(path: Path) -> bool:
    """Writable for this process's effective user (matters when running setuid)."""
    if os.access in os.supports_effective_ids:
        return os.access(path, os.W_OK, effective_ids=True)
    return os.access(path, os.W_OK)


def _posted_by_text(posted_by: int | str) -> str:
    if posted_by == FOTD_POSTER:
        return FOTD_POSTER
    if isinstance(posted_by, bool) or not isinstance(posted_by, int) or posted_by < 0:
        raise ValueError(f"posted_by must be a user id or {FOTD_POSTER!r}, got {posted_by!r}")
    return str(posted_by)


# --------------------------------------------------------------------------- store


class Store:
    """One SQLite file holding crisisbot's state. See the module docstring."""

    def __init__(
        self,
        path: str | os.PathLike[str] | None = None,
        *,
        retention_days: int | None = None,
        busy_timeout: float = DEFAULT_BUSY_TIMEOUT,
        synchronous: str = "NORMAL",
        readonly: bool = False,
        now: dt.datetime | None = None,
    ):
        self.path = Path(path) if path is not None else default_db_path()
        self.retention_days = (
            _default_retention_days() if retention_days is None else int(retention_days)
        )
        if self.retention_days < 1:
            raise ValueError("retention_days must be at least 1")
        synchronous = synchronous.upper()
        if synchronous not in ("NORMAL", "FULL", "EXTRA"):
            raise ValueError("synchronous must be NORMAL, FULL or EXTRA")
        self.synchronous = synchronous
        self.readonly = readonly
        self.busy_timeout = busy_timeout
        self._lock = threading.RLock()
        # Reads (the settings every answer looks at) have a connection of their own: in
        # WAL mode they never wait for a writer, and so never for the lock a write holds
        # while SQLite waits out another process's transaction.
        self._read_lock = threading.RLock()
        self._reader: sqlite3.Connection | None = None
        self._last_prune: dt.datetime | None = None
        self._identity: tuple[int, int] | None = None
        self._conn: sqlite3.Connection | None = None
        self._open()
        if not readonly:
            self.prune(now)

    # ----------------------------------------------------------- opening, errors

    def _fail(self, reason: str, hint: str) -> StoreError:
        return StoreError(
            f"crisisbot database {str(self.path)!r}: {reason}. {hint}"
            f" (the path comes from {ENV_DB}; default ./{DEFAULT_DB_FILENAME})",
            self.path,
        )

    def _diagnose(self, exc: BaseException) -> StoreError:
        """Turn an sqlite3 / OS error into a StoreError that says what to do."""
        message = str(exc)
        lowered = message.lower()
        name = self.path.name
        directory = self.path.parent if str(self.path.parent) else Path(".")
        if not directory.is_dir():
            return self._fail(
                f"the directory {str(directory)!r} does not exist",
                "Create it (or mount the data volume there), or point "
                f"{ENV_DB} at a writable location",
            )
        if (
            "readonly" in lowered
            or "read-only" in lowered
            or ("unable to open" in lowered and not _writable(directory))
        ):
            return self._fail(
                f"the file or its directory is read-only ({message})",
                f"SQLite must write {name} and create {name}-wal and {name}-shm next "
                f"to it: make the file and directory writable for uid {os.geteuid()}, "
                f"or point {ENV_DB} at a writable location",
            )
        if "not a database" in lowered or "malformed" in lowered or "encrypted" in lowered:
            return self._fail(
                f"the file is not a usable SQLite database ({message})",
                "Move it aside (a new database is created on the next start) or "
                f"point {ENV_DB} at another file",
            )
        if "locked" in lowered or "busy" in lowered:
            return self._fail(
                f"the database stayed locked for more than {self.busy_timeout:g} s ({message})",
                "Another process holds it (a second crisisbot on the same file?); stop "
                "it or give each bot its own file",
            )
        if self.path.is_dir():
            return self._fail("the path is a directory", f"Set {ENV_DB} to a file path inside it")
        if "unable to open" in lowered and self.readonly and not self.path.exists():
            return self._fail(
                "the file does not exist", f"Check {ENV_DB}, or start the bot once to create it"
            )
        return self._fail(f"SQLite error: {message}", "Check the file and its permissions")

    def _open(self) -> None:
        directory = self.path.parent if str(self.path.parent) else Path(".")
        if not directory.is_dir():
            raise self._diagnose(FileNotFoundError(str(directory)))
        if self.path.is_dir():
            raise self._fail("the path is a directory", f"Set {ENV_DB} to a file path inside it")
        if self.readonly and not self.path.exists():
            raise self._fail(
                "the file does not exist", f"Check {ENV_DB}, or start the bot once to create it"
            )
        try:
            conn = self._connect(readonly=self.readonly)
        except sqlite3.Error as exc:
            raise self._diagnose(exc) from exc
        try:
            # Reading the schema is the first real access: it fails here, fast,
            # for a file that is not a database.
            conn.execute("SELECT count(*) FROM sqlite_schema").fetchone()
            conn.execute("PRAGMA foreign_keys = ON")
            if not self.readonly:
                mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
                if str(mode).lower() != "wal":
                    raise self._fail(
                        f"could not switch to WAL journal mode (got {mode!r})",
                        "Put the file on a local file system (WAL does not work on network shares)",
                    )
            conn.execute(f"PRAGMA synchronous = {self.synchronous}")
            self._conn = conn
            if self.readonly:
                self._check_version(self._user_version())
            else:
                self._migrate()
            self._reader = self._connect(readonly=True)
            stat = os.stat(self.path)
            self._identity = (stat.st_dev, stat.st_ino)
        except StoreError:
            conn.close()
            self._conn = None
            raise
        except (sqlite3.Error, OSError) as exc:
            conn.close()
            self._conn = None
            raise self._diagnose(exc) from exc

    def _connect(self, *, readonly: bool) -> sqlite3.Connection:
        if readonly:
            target: str | Path = self.path.resolve().as_uri() + "?mode=ro"
        else:
            target = self.path
        conn = sqlite3.connect(
            target,
            uri=readonly,
            timeout=self.busy_timeout,
            isolation_level=None,
            check_same_thread=False,
        )
        conn.execute(f"PRAGMA busy_timeout = {int(self.busy_timeout * 1000)}")
        return conn

    def _user_version(self) -> int:
        assert self._conn is not None
        return int(self._conn.execute("PRAGMA user_version").fetchone()[0])

    def _check_version(self, version: int) -> None:
        if version > SCHEMA_VERSION:
            raise self._fail(
                f"schema version {version} is newer than this crisisbot understands "
                f"({SCHEMA_VERSION})",
                "Upgrade crisisbot, or point " + ENV_DB + " at another file",
            )
        if self.readonly and version < SCHEMA_VERSION:
            raise self._fail(
                f"schema version {version} is older than this crisisbot's ({SCHEMA_VERSION})",
                "Start the bot (or open the store read-write) once to migrate it",
            )

    def _migrate(self) -> None:
        """Bring the schema to SCHEMA_VERSION, one migration per transaction.

        BEGIN IMMEDIATE also proves the file is writable, so a read-only
        database fails here, at start, rather than on the first moderator command.
        """
        conn = self._conn
        assert conn is not None
        while True:
            conn.execute("BEGIN IMMEDIATE")
            try:
                version = self._user_version()  # re-read under the write lock
                self._check_version(version)
                if version == SCHEMA_VERSION:
                    conn.execute("COMMIT")
                    return
                MIGRATIONS[version](conn)
                conn.execute(f"PRAGMA user_version = {version + 1}")
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise

    @property
    def schema_version(self) -> int:
        with self._lock:
            return self._user_version()

    def close(self) -> None:
        with self._read_lock:
            if self._reader is not None:
                self._reader.close()
                self._reader = None
        with self._lock:
            if self._conn is not None:
                with contextlib.suppress(sqlite3.Error):
                    if not self.readonly:
                        self._conn.execute("PRAGMA optimize")
                self._conn.close()
                self._conn = None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextlib.contextmanager
    def _tx(
        self, *, write: bool = True, durable: bool = True, wait: bool = True
    ) -> Iterator[sqlite3.Connection]:
        """One transaction. Writes take the write lock up front (BEGIN IMMEDIATE)
        so they never fail half-way with SQLITE_BUSY; durable writes fsync. Reads use
        the read connection. ``wait=False``: fail at once (StoreError) instead of
        waiting up to ``busy_timeout`` when another process holds the write lock."""
        lock = self._lock if write or self._reader is None else self._read_lock
        # Not waiting means not for this process's other writers either: one of them
        # may be waiting out the busy timeout right now, holding the lock.
        if not lock.acquire(blocking=wait):
            raise StoreBusy(f"the store for {str(self.path)!r} is busy writing", self.path)
        with contextlib.ExitStack() as held:
            held.callback(lock.release)
            conn = self._conn if write or self._reader is None else self._reader
            if conn is None or self._conn is None:
                raise StoreError(f"the store for {str(self.path)!r} is closed", self.path)
            if write and self.readonly:
                raise StoreError(f"the store for {str(self.path)!r} is read-only", self.path)
            raise_sync = write and durable and self.synchronous == "NORMAL"
            try:
                if not wait:
                    conn.execute("PRAGMA busy_timeout = 0")
                if raise_sync:
                    conn.execute("PRAGMA synchronous = FULL")
                conn.execute("BEGIN IMMEDIATE" if write else "BEGIN")
                try:
                    yield conn
                except BaseException:
                    if conn.in_transaction:
                        conn.execute("ROLLBACK")
                    raise
                conn.execute("COMMIT")
            except sqlite3.Error as exc:
                if conn.in_transaction:
                    with contextlib.suppress(sqlite3.Error):
                        conn.execute("ROLLBACK")
                if not wait and exc.sqlite_errorname in ("SQLITE_BUSY", "SQLITE_LOCKED"):
                    raise StoreBusy(
                        f"crisisbot database {str(self.path)!r} is locked by another process",
                        self.path,
                    ) from exc
                raise self._diagnose(exc) from exc
            finally:
                if raise_sync:
                    with contextlib.suppress(sqlite3.Error):
                        conn.execute(f"PRAGMA synchronous = {self.synchronous}")
                if not wait:
                    with contextlib.suppress(sqlite3.Error):
                        conn.execute(f"PRAGMA busy_timeout = {int(self.busy_timeout * 1000)}")

    # ----------------------------------------------------------------- settings

    @staticmethod
    def _ensure_guild(conn: sqlite3.Connection, guild_id: int, now: dt.datetime) -> None:
        conn.execute(
            "INSERT INTO guild_settings (guild_id, cooldown_seconds, updated_at)"
            " VALUES (?, ?, ?) ON CONFLICT (guild_id) DO NOTHING",
            (guild_id, DEFAULT_COOLDOWN_SECONDS, _ts(now)),
        )

    @staticmethod
    def _read_settings(conn: sqlite3.Connection, guild_id: int) -> GuildSettings:
        row = conn.execute(
            "SELECT cooldown_seconds, moderator_role_id, fotd_channel_id, fotd_time,"
            " fotd_since FROM guild_settings WHERE guild_id = ?",
            (guild_id,),
        ).fetchone()
        if row is None:
            return GuildSettings(guild_id)
        on: set[int] = set()
        off: set[int] = set()
        for channel_id, enabled in conn.execute(
            "SELECT channel_id, enabled FROM answer_channels WHERE guild_id = ?", (guild_id,)
        ):
            (on if enabled else off).add(channel_id)
        return GuildSettings(
            guild_id=guild_id,
            cooldown_seconds=row[0],
            moderator_role_id=row[1],
            fotd_channel_id=row[2],
            fotd_time=row[3],
            enabled_channels=frozenset(on),
            disabled_channels=frozenset(off),
            fotd_since=None if row[4] is None else _parse_ts(row[4]),
        )

    def get_settings(self, guild_id: int) -> GuildSettings:
        """The server's settings (defaults if it never set any; nothing is written)."""
        with self._tx(write=False) as conn:
            return self._read_settings(conn, guild_id)

    def update_settings(
        self,
        guild_id: int,
        *,
        cooldown_seconds: int = UNSET,
        moderator_role_id: int | None = UNSET,
        fotd_channel_id: int | None = UNSET,
        fotd_time: str | None = UNSET,
        now: dt.datetime | None = None,
    ) -> GuildSettings:
        """Change the given fields (None clears an optional one); returns the result.

        Raises ValueError for a negative or too-long cooldown or a time that is
        not HH:MM. Setting the fact-of-the-day channel or time does not post
        anything by itself; ``claim_fact_of_the_day`` decides when a post is due.
        Switching the schedule on (both channel and time set) or changing its time
        records the moment (``fotd_since``): slots before it are never posted, so
        setting 07:00 at 08:00 posts tomorrow, and 23:00 at 08:00 posts tonight.
        Moving only the channel keeps it.
        """
        changes: dict[str, Any] = {}
        if cooldown_seconds is not UNSET:
            if isinstance(cooldown_seconds, bool) or not isinstance(cooldown_seconds, int):
                raise ValueError("cooldown_seconds must be a whole number of seconds")
            if not 0 <= cooldown_seconds <= MAX_COOLDOWN_SECONDS:
                raise ValueError(f"cooldown_seconds must be 0 to {MAX_COOLDOWN_SECONDS}")
            changes["cooldown_seconds"] = cooldown_seconds
        if moderator_role_id is not UNSET:
            changes["moderator_role_id"] = moderator_role_id
        if fotd_channel_id is not UNSET:
            changes["fotd_channel_id"] = fotd_channel_id
        if fotd_time is not UNSET:
            changes["fotd_time"] = None if fotd_time is None else _normalize_hhmm(fotd_time)
        moment = _utc(now)
        with self._tx() as conn:
            self._ensure_guild(conn, guild_id, moment)
            if "fotd_channel_id" in changes or "fotd_time" in changes:
                before = self._read_settings(conn, guild_id)
                channel = changes.get("fotd_channel_id", before.fotd_channel_id)
                time_of_day = changes.get("fotd_time", before.fotd_time)
                if channel is None or time_of_day is None:
                    changes["fotd_since"] = None
                elif not before.fotd_configured or time_of_day != before.fotd_time:
                    changes["fotd_since"] = _ts(moment)
            if changes:
                assignments = ", ".join(f"{column} = ?" for column in changes)
                conn.execute(
                    f"UPDATE guild_settings SET {assignments}, updated_at = ? WHERE guild_id = ?",
                    (*changes.values(), _ts(moment), guild_id),
                )
            return self._read_settings(conn, guild_id)

    def set_answer_channel(
        self,
        guild_id: int,
        channel_id: int,
        enabled: bool | None,
        *,
        now: dt.datetime | None = None,
    ) -> GuildSettings:
        """Switch answering on (True) or off (False) in a channel, or forget the
        switch (None). See ``GuildSettings.answers_allowed`` for the rule."""
        moment = _utc(now)
        with self._tx() as conn:
            self._ensure_guild(conn, guild_id, moment)
            if enabled is None:
                conn.execute(
                    "DELETE FROM answer_channels WHERE guild_id = ? AND channel_id = ?",
                    (guild_id, channel_id),
                )
            else:
                conn.execute(
                    "INSERT INTO answer_channels (guild_id, channel_id, enabled) VALUES (?, ?, ?)"
                    " ON CONFLICT (guild_id, channel_id) DO UPDATE SET enabled = excluded.enabled",
                    (guild_id, channel_id, 1 if enabled else 0),
                )
            conn.execute(
                "UPDATE guild_settings SET updated_at = ? WHERE guild_id = ?",
                (_ts(moment), guild_id),
            )
            return self._read_settings(conn, guild_id)

    def answers_allowed(self, guild_id: int, channel_id: int) -> bool:
        return self.get_settings(guild_id).answers_allowed(channel_id)

    def forget_guild(self, guild_id: int) -> None:
        """Delete everything stored for a server (e.g. when the bot leaves it)."""
        with self._tx() as conn:
            conn.execute("DELETE FROM fotd_days WHERE guild_id = ?", (guild_id,))
            conn.execute("DELETE FROM fact_posts WHERE guild_id = ?", (guild_id,))
            conn.execute("DELETE FROM guild_settings WHERE guild_id = ?", (guild_id,))
            conn.execute("DELETE FROM unanswered_daily WHERE guild_id = ?", (guild_id,))
            self._drop_orphan_questions(conn)

    # -------------------------------------------------------------------- facts

    @staticmethod
    def _current_cycle(conn: sqlite3.Connection, guild_id: int) -> int:
        row = conn.execute(
            "SELECT fact_cycle FROM guild_settings WHERE guild_id = ?", (guild_id,)
        ).fetchone()
        return 0 if row is None else int(row[0])

    def _pick_next(
        self,
        conn: sqlite3.Connection,
        guild_id: int,
        entry_ids: Iterable[str],
        rng: random.Random | None,
        now: dt.datetime,
        among: Iterable[str] | None = None,
    ) -> str | None:
        ids = sorted(set(entry_ids))
        if not ids:
            return None
        if among is not None:
            return self._pick_among(conn, guild_id, ids, sorted(set(among) & set(ids)), rng, now)
        self._ensure_guild(conn, guild_id, now)
        cycle = self._current_cycle(conn, guild_id)
        used = self._used_in_cycle(conn, guild_id, cycle)
        remaining = [entry_id for entry_id in ids if entry_id not in used]
        if not remaining:
            cycle += 1
            conn.execute(
                "UPDATE guild_settings SET fact_cycle = ? WHERE guild_id = ?", (cycle, guild_id)
            )
            remaining = ids
            used = set()
        if not used and len(remaining) > 1:
            # A new cycle never opens with the fact that closed the last one.
            last = conn.execute(
                "SELECT entry_id FROM fact_posts WHERE guild_id = ? ORDER BY id DESC LIMIT 1",
                (guild_id,),
            ).fetchone()
            if last is not None and last[0] in remaining:
                remaining = [entry_id for entry_id in remaining if entry_id != last[0]]
        return (rng or random.Random()).choice(remaining)

    @staticmethod
    def _used_in_cycle(conn: sqlite3.Connection, guild_id: int, cycle: int) -> set[str]:
        rows = conn.execute(
            "SELECT DISTINCT entry_id FROM fact_posts WHERE guild_id = ? AND cycle = ?",
            (guild_id, cycle),
        )
        return {row[0] for row in rows}

    def _pick_among(
        self,
        conn: sqlite3.Connection,
        guild_id: int,
        ids: list[str],
        candidates: list[str],
        rng: random.Random | None,
        now: dt.datetime,
    ) -> str | None:
        """Like _pick_next, but only from ``candidates`` (e.g. one topic). When every
        candidate was posted in the current cycle, the one posted longest ago is
        repeated; the cycle only moves on when the whole pack (``ids``) is used, so
        a topic running out never restarts the fact of the day's rotation."""
        if not candidates:
            return None
        self._ensure_guild(conn, guild_id, now)
        cycle = self._current_cycle(conn, guild_id)
        used = self._used_in_cycle(conn, guild_id, cycle)
        if all(entry_id in used for entry_id in ids):  # the whole pack is used: new cycle
            cycle += 1
            conn.execute(
                "UPDATE guild_settings SET fact_cycle = ? WHERE guild_id = ?", (cycle, guild_id)
            )
            used = set()
        fresh = [entry_id for entry_id in candidates if entry_id not in used]
        if fresh:
            return (rng or random.Random()).choice(fresh)
        last_posted = {
            row[0]: row[1]
            for row in conn.execute(
                "SELECT entry_id, max(id) FROM fact_posts WHERE guild_id = ? GROUP BY entry_id",
                (guild_id,),
            )
        }
        return min(candidates, key=lambda entry_id: (last_posted.get(entry_id, 0), entry_id))

    def next_fact(
        self,
        guild_id: int,
        entry_ids: Iterable[str],
        rng: random.Random | None = None,
        *,
        among: Iterable[str] | None = None,
        now: dt.datetime | None = None,
    ) -> str | None:
        """The next entry to post in this server: one not posted in the current
        cycle (chosen with ``rng``, so deterministic for a seeded Random), or None
        if ``entry_ids`` is empty. When every current entry has been posted, a new
        cycle starts (not with the entry posted last). Entries that left the pack
        are ignored; new ones join the current cycle. Counts every post recorded
        in the server, by moderators and by the fact of the day.

        ``among`` (a subset of ``entry_ids``, e.g. one topic's entries) limits the
        choice without touching the cycle: ``entry_ids`` is still the whole pack.
        A subset that is used up repeats its entry posted longest ago."""
        with self._tx() as conn:
            return self._pick_next(conn, guild_id, entry_ids, rng, _utc(now), among)

    @staticmethod
    def _insert_post(
        conn: sqlite3.Connection,
        guild_id: int,
        channel_id: int,
        entry_id: str,
        posted_by: str,
        moment: dt.datetime,
        message_id: int | None,
    ) -> int:
        cycle = Store._current_cycle(conn, guild_id)
        cursor = conn.execute(
            "INSERT INTO fact_posts (guild_id, channel_id, entry_id, posted_by, posted_at,"
            " cycle, message_id) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (guild_id, channel_id, entry_id, posted_by, _ts(moment), cycle, message_id),
        )
        return int(cursor.lastrowid or 0)

    def record_post(
        self,
        guild_id: int,
        channel_id: int,
        entry_id: str,
        posted_by: int | str,
        *,
        message_id: int | None = None,
        now: dt.datetime | None = None,
    ) -> FactPost:
        """Record a fact posted (call after the message was sent). ``posted_by`` is
        the moderator's user id, or FOTD_POSTER."""
        who = _posted_by_text(posted_by)
        moment = _utc(now)
        with self._tx() as conn:
            self._ensure_guild(conn, guild_id, moment)
            post_id = self._insert_post(
                conn, guild_id, channel_id, entry_id, who, moment, message_id
            )
        return FactPost(post_id, guild_id, channel_id, entry_id, posted_by, moment, message_id)

    def recent_posts(self, guild_id: int, limit: int = 20) -> list[FactPost]:
        """The server's latest fact posts, newest first."""
        with self._tx(write=False) as conn:
            rows = conn.execute(
                "SELECT id, guild_id, channel_id, entry_id, posted_by, posted_at, message_id"
                " FROM fact_posts WHERE guild_id = ? ORDER BY id DESC LIMIT ?",
                (guild_id, max(0, int(limit))),
            ).fetchall()
        return [
            FactPost(
                row[0],
                row[1],
                row[2],
                row[3],
                row[4] if row[4] == FOTD_POSTER else int(row[4]),
                _parse_ts(row[5]),
                row[6],
            )
            for row in rows
        ]

    # ------------------------------------------------------------ fact of the day

    def fact_of_the_day_guilds(self) -> list[GuildSettings]:
        """Every server with a fact-of-the-day channel and time set."""
        with self._tx(write=False) as conn:
            ids = [
                row[0]
                for row in conn.execute(
                    "SELECT guild_id FROM guild_settings WHERE fotd_channel_id IS NOT NULL"
                    " AND fotd_time IS NOT NULL ORDER BY guild_id"
                )
            ]
            return [self._read_settings(conn, guild_id) for guild_id in ids]

    def claim_fact_of_the_day(
        self,
        guild_id: int,
        entry_ids: Iterable[str],
        *,
        now: dt.datetime | None = None,
        rng: random.Random | None = None,
        lease_seconds: float = DEFAULT_FOTD_LEASE_SECONDS,
        catch_up_hours: float = DEFAULT_FOTD_CATCH_UP_HOURS,
    ) -> FotdClaim | None:
        """Claim the due day's post; None if nothing is due.

        The due day is today (UTC) once today's HH:MM has passed; before that,
        yesterday if yesterday's HH:MM was less than ``catch_up_hours`` ago;
        otherwise nothing. Not due either: a slot before the schedule was set
        (``GuildSettings.fotd_since``), no channel or time configured, the day
        already sent, or the day claimed less than ``lease_seconds`` ago (a send
        in flight). Otherwise the day is claimed durably *before* the caller
        sends anything, with the entry chosen by ``next_fact`` rules; a claim
        older than the lease that was never finished is handed out again with
        ``resumed=True``, the same entry and channel, and attempt + 1.
        Safe to call as often as you like: at most one claim per day is live.
        """
        moment = _utc(now)
        with self._tx() as conn:
            settings = self._read_settings(conn, guild_id)
            if not settings.fotd_configured:
                return None
            assert settings.fotd_time is not None and settings.fotd_channel_id is not None
            hour, minute = (int(part) for part in settings.fotd_time.split(":"))
            day = moment.date()
            slot = dt.datetime.combine(day, dt.time(hour, minute), dt.UTC)
            if moment < slot:
                day -= dt.timedelta(days=1)
                slot = dt.datetime.combine(day, dt.time(hour, minute), dt.UTC)
                if moment - slot > dt.timedelta(hours=catch_up_hours):
                    return None
            if settings.fotd_since is not None and slot < settings.fotd_since:
                return None  # the schedule was set after this slot: start with the next
            row = conn.execute(
                "SELECT channel_id, entry_id, status, claimed_at, attempts FROM fotd_days"
                " WHERE guild_id = ? AND day = ?",
                (guild_id, day.isoformat()),
            ).fetchone()
            if row is not None:
                channel_id, entry_id, status, claimed_at, attempts = row
                if status == "sent":
                    return None
                if moment - _parse_ts(claimed_at) < dt.timedelta(seconds=lease_seconds):
                    return None
                conn.execute(
                    "UPDATE fotd_days SET claimed_at = ?, attempts = attempts + 1"
                    " WHERE guild_id = ? AND day = ?",
                    (_ts(moment), guild_id, day.isoformat()),
                )
                return FotdClaim(guild_id, day, channel_id, entry_id, attempts + 1, True)
            entry_id = self._pick_next(conn, guild_id, entry_ids, rng, moment)
            if entry_id is None:
                return None
            conn.execute(
                "INSERT INTO fotd_days (guild_id, day, channel_id, entry_id, status, claimed_at)"
                " VALUES (?, ?, ?, ?, 'pending', ?)",
                (guild_id, day.isoformat(), settings.fotd_channel_id, entry_id, _ts(moment)),
            )
            return FotdClaim(guild_id, day, settings.fotd_channel_id, entry_id, 1, False)

    def finish_fact_of_the_day(
        self,
        claim: FotdClaim,
        *,
        message_id: int | None = None,
        now: dt.datetime | None = None,
    ) -> FactPost | None:
        """Mark the claimed day sent and record the post (posted_by FOTD_POSTER),
        in one transaction. Idempotent: finishing a day already sent returns None
        and records nothing. Call it as soon as the message was sent."""
        moment = _utc(now)
        day = claim.day.isoformat()
        with self._tx() as conn:
            row = conn.execute(
                "SELECT status FROM fotd_days WHERE guild_id = ? AND day = ?",
                (claim.guild_id, day),
            ).fetchone()
            if row is not None and row[0] == "sent":
                return None
            self._ensure_guild(conn, claim.guild_id, moment)
            post_id = self._insert_post(
                conn,
                claim.guild_id,
                claim.channel_id,
                claim.entry_id,
                FOTD_POSTER,
                moment,
                message_id,
            )
            conn.execute(
                "INSERT INTO fotd_days (guild_id, day, channel_id, entry_id, status, claimed_at,"
                " post_id) VALUES (?, ?, ?, ?, 'sent', ?, ?)"
                " ON CONFLICT (guild_id, day) DO UPDATE SET status = 'sent',"
                " post_id = excluded.post_id",
                (claim.guild_id, day, claim.channel_id, claim.entry_id, _ts(moment), post_id),
            )
        return FactPost(
            post_id,
            claim.guild_id,
            claim.channel_id,
            claim.entry_id,
            FOTD_POSTER,
            moment,
            message_id,
        )

    def release_fact_of_the_day(self, claim: FotdClaim) -> bool:
        """Give up a pending claim because the send definitely failed (e.g. the
        channel is gone or the bot lacks permission), so a later call may claim
        the day again. Does nothing to a day already sent; returns whether a
        pending claim was released."""
        with self._tx() as conn:
            cursor = conn.execute(
                "DELETE FROM fotd_days WHERE guild_id = ? AND day = ? AND status = 'pending'",
                (claim.guild_id, claim.day.isoformat()),
            )
            return cursor.rowcount > 0

    def last_fact_of_the_day(self, guild_id: int) -> dt.date | None:
        """The latest UTC day whose fact of the day was sent."""
        with self._tx(write=False) as conn:
            row = conn.execute(
                "SELECT max(day) FROM fotd_days WHERE guild_id = ? AND status = 'sent'",
                (guild_id,),
            ).fetchone()
        return None if row[0] is None else dt.date.fromisoformat(row[0])

    # ---------------------------------------------------------- unanswered log

    def log_unanswered(
        self,
        question: str,
        *,
        guild_id: int | None = None,
        now: dt.datetime | None = None,
        wait: bool = True,
    ) -> str | None:
        """Count a question the bot could not answer; returns its key, or None if
        nothing is left after normalization. Stores text and counts only: no user
        id, and Discord mentions are stripped from the text. ``guild_id`` (None for
        DMs and the command line) lets ``/kb gaps`` show a server only its own
        questions. Not fsynced (see the module docstring); prunes at most hourly.
        ``wait=False``: raise StoreError at once if another process holds the write
        lock (the bot retries later from a background task)."""
        normalized = normalize_question(question)
        if normalized is None:
            return None
        key, display = normalized
        moment = _utc(now)
        with self._tx(durable=False, wait=wait) as conn:
            question_id = conn.execute(
                "INSERT INTO unanswered (key, question) VALUES (?, ?)"
                " ON CONFLICT (key) DO UPDATE SET key = excluded.key RETURNING id",
                (key, display),
            ).fetchone()[0]
            conn.execute(
                "INSERT INTO unanswered_daily (question_id, guild_id, day, count)"
                " VALUES (?, ?, ?, 1) ON CONFLICT (question_id, guild_id, day)"
                " DO UPDATE SET count = count + 1",
                (question_id, guild_id or 0, moment.date().isoformat()),
            )
        if self._last_prune is None or moment - self._last_prune >= PRUNE_INTERVAL:
            self.prune(moment, wait=wait)
        return key

    def _cutoff(self, moment: dt.datetime) -> str:
        return (moment.date() - dt.timedelta(days=self.retention_days - 1)).isoformat()

    def top_gaps(
        self, limit: int = 10, *, guild_id: int | None = None, now: dt.datetime | None = None
    ) -> list[Gap]:
        """The most-asked unanswered questions in the retention window (the last
        ``retention_days`` UTC days, today included), most asked first, ties broken
        by the most recently asked, then alphabetically. ``guild_id`` restricts to
        one server's questions; None counts everything."""
        cutoff = self._cutoff(_utc(now))
        where = "d.day >= ?"
        params: list[Any] = [cutoff]
        if guild_id is not None:
            where += " AND d.guild_id = ?"
            params.append(guild_id)
        with self._tx(write=False) as conn:
            rows = conn.execute(
                "SELECT u.question, sum(d.count) AS total, min(d.day), max(d.day)"
                " FROM unanswered AS u JOIN unanswered_daily AS d ON d.question_id = u.id"
                f" WHERE {where} GROUP BY u.id"
                " ORDER BY total DESC, max(d.day) DESC, u.key ASC LIMIT ?",
                (*params, max(0, int(limit))),
            ).fetchall()
        return [
            Gap(row[0], int(row[1]), dt.date.fromisoformat(row[2]), dt.date.fromisoformat(row[3]))
            for row in rows
        ]

    @staticmethod
    def _drop_orphan_questions(conn: sqlite3.Connection) -> None:
        conn.execute(
            "DELETE FROM unanswered WHERE NOT EXISTS"
            " (SELECT 1 FROM unanswered_daily AS d WHERE d.question_id = unanswered.id)"
        )

    def prune(self, now: dt.datetime | None = None, *, wait: bool = True) -> int:
        """Apply the retention window to the unanswered log; returns how many daily
        counts were deleted. Runs on start and at most hourly from
        ``log_unanswered``; a scheduler may also call it, or ``maintenance``."""
        moment = _utc(now)
        with self._tx(durable=False, wait=wait) as conn:
            deleted = conn.execute(
                "DELETE FROM unanswered_daily WHERE day < ?", (self._cutoff(moment),)
            ).rowcount
            if deleted:
                self._drop_orphan_questions(conn)
        self._last_prune = moment
        return deleted

    def maintenance(self, now: dt.datetime | None = None) -> int:
        """Periodic upkeep (e.g. hourly): prune, and check that the file on disk is
        still the one we opened; raises StoreError if it was deleted or replaced
        (writes would otherwise go to an unlinked file and vanish on restart)."""
        with self._lock:
            try:
                stat = os.stat(self.path)
                same = (stat.st_dev, stat.st_ino) == self._identity
            except OSError:
                same = False
            if not same:
                raise self._fail(
                    "the database file was deleted or replaced while the bot was running",
                    "Restart the bot so it opens (or recreates) the file at this path",
                )
            pruned = self.prune(now)
            with contextlib.suppress(sqlite3.Error):
                assert self._conn is not None
                self._conn.execute("PRAGMA optimize")
            return pruned

    def integrity_check(self) -> str:
        """'ok', or SQLite's description of the damage."""
        with self._tx(write=False) as conn:
            rows = conn.execute("PRAGMA integrity_check").fetchall()
        return "\n".join(str(row[0]) for row in rows)


class AsyncStore:
    """``await astore.method(...)`` runs ``store.method(...)`` in a worker thread
    (``asyncio.to_thread``). The Store's lock keeps calls serialized."""

    def __init__(self, store: Store):
        self.store = store

    def __getattr__(self, name: str) -> Any:
        attribute = getattr(self.store, name)
        if name.startswith("_") or not callable(attribute):
            return attribute

        async def call(*args: Any, **kwargs: Any) -> Any:
            return await asyncio.to_thread(attribute, *args, **kwargs)

        call.__name__ = name
        call.__doc__ = attribute.__doc__
        return call


# --------------------------------------------------------------------- command line


def print_gaps(
    db_path: str | os.PathLike[str] | None = None,
    limit: int = 20,
    out: TextIO | None = None,
    *,
    as_json: bool = False,
    guild_id: int | None = None,
    err: TextIO | None = None,
    now: dt.datetime | None = None,
) -> int:
    """``crisisbot gaps``: print the most-asked unanswered questions; returns the
    exit status (0, or 2 with a one-line message on ``err`` if the database is
    missing or unusable, like the CLI's other user errors). Opens the file
    read-only: it never creates or migrates a database."""
    out = sys.stdout if out is None else out
    err = sys.stderr if err is None else err
    try:
        with Store(db_path, readonly=True) as store:
            gaps = store.top_gaps(limit, guild_id=guild_id, now=now)
            days = store.retention_days
            path = store.path
    except StoreError as exc:
        print(f"crisisbot: {exc}", file=err)
        return 2
    if as_json:
        payload = {
            "database": str(path),
            "retention_days": days,
            "gaps": [
                {
                    "question": gap.question,
                    "count": gap.count,
                    "first_seen": gap.first_seen.isoformat(),
                    "last_seen": gap.last_seen.isoformat(),
                }
                for gap in gaps
            ],
        }
        out.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
        return 0
    if not gaps:
        out.write(f"No unanswered questions in the last {days} days ({path}).\n")
        return 0
    width = max(5, *(len(str(gap.count)) for gap in gaps))
    out.write(f"{'count':>{width}}  first seen  last seen   question\n")
    for gap in gaps:
        out.write(
            f"{gap.count:>{width}}  {gap.first_seen.isoformat()}  {gap.last_seen.isoformat()}  "
            f"{gap.question}\n"
        )
    return 0
