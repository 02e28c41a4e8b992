"""bot/storage/connection.py: errors that come quickly and say what to do, calls from
worker threads, and nothing committed lost to kill -9."""

from __future__ import annotations

import asyncio
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
from helpers.storage import GUILD
from helpers.unprivileged import unprivileged

from bot.storage import (
    Store,
    StoreError,
)


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
