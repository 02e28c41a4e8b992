"""The SQLite file under the store: opening it, migrating it, one transaction at a time,
and errors that say what to do (stdlib ``sqlite3``, no discord import).

Where the file lives
    ``CRISISBOT_DB`` names the file (read by ``bot/config.py``); without it,
    ``./crisisbot.sqlite3`` (a local run). The Docker image sets
    ``CRISISBOT_DB=/data/crisisbot.sqlite3`` on a volume. The file is created on first
    start and migrated on every start (``PRAGMA user_version`` and the ordered
    ``MIGRATIONS`` list in ``migrations.py``).

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
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path

from .migrations import MIGRATIONS, SCHEMA_VERSION

ENV_DB = "CRISISBOT_DB"  # named in messages; bot/config.py reads it
DEFAULT_BUSY_TIMEOUT = 2.0  # seconds; bounds every wait for a lock


class StoreError(RuntimeError):
    """The database cannot be used; the message names the path and what to do."""

    def __init__(self, message: str, path: str | os.PathLike[str] | None = None):
        super().__init__(message)
        self.path = None if path is None else str(path)


class StoreBusy(StoreError):
    """A write asked not to wait (``wait=False``) found the database locked."""


def utc(now: dt.datetime | None) -> dt.datetime:
    if now is None:
        return dt.datetime.now(dt.UTC)
    if now.tzinfo is None:
        return now.replace(tzinfo=dt.UTC)
    return now.astimezone(dt.UTC)


def ts(moment: dt.datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def parse_ts(text: str) -> dt.datetime:
    return dt.datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=dt.UTC)


def _writable(path: Path) -> bool:
    """Writable for this process's effective user (matters when running setuid)."""
    if os.access in os.supports_effective_ids:
        return os.access(path, os.W_OK, effective_ids=True)
    return os.access(path, os.W_OK)


class Database:
    """One SQLite file: a write connection and a read connection, each behind a lock.
    The table modules (``settings``, ``facts``, ``fotd``, ``unanswered``) run their SQL
    inside ``tx``."""

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        busy_timeout: float = DEFAULT_BUSY_TIMEOUT,
        synchronous: str = "NORMAL",
        readonly: bool = False,
    ):
        self.path = Path(path)
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
        self._identity: tuple[int, int] | None = None
        self._conn: sqlite3.Connection | None = None
        self._open()

    # ----------------------------------------------------------- opening, errors

    def _fail(self, reason: str, hint: str) -> StoreError:
        return StoreError(
            f"crisisbot database {str(self.path)!r}: {reason}. {hint}"
            f" (the path comes from {ENV_DB}; default ./crisisbot.sqlite3)",
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

    @contextlib.contextmanager
    def tx(
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

    def data_version(self) -> int | None:
        """A number that changes whenever a connection other than the reading one
        commits (SQLite's ``PRAGMA data_version`` on the read connection). This
        process writes through the other connection, so any change to the file, its
        own or another process's, shows. None without a separate read connection."""
        with self._read_lock:
            reader = self._reader
            if reader is None:
                return None
            try:
                return int(reader.execute("PRAGMA data_version").fetchone()[0])
            except sqlite3.Error:
                return None

    def check_identity(self) -> None:
        """Raise StoreError if the file on disk is no longer the one opened (deleted or
        replaced: writes would otherwise go to an unlinked file and vanish on restart)."""
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

    def optimize(self) -> None:
        with self._lock, contextlib.suppress(sqlite3.Error):
            if self._conn is not None:
                self._conn.execute("PRAGMA optimize")

    def integrity_check(self) -> str:
        """'ok', or SQLite's description of the damage."""
        with self.tx(write=False) as conn:
            rows = conn.execute("PRAGMA integrity_check").fetchall()
        return "\n".join(str(row[0]) for row in rows)
