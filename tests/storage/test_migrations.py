"""bot/storage/migrations.py and opening a file: a fresh file is created and migrated,
an old one migrated in place, a newer one refused."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from helpers.storage import GUILD

from bot.storage import (
    MIGRATIONS,
    SCHEMA_VERSION,
    Store,
    StoreError,
)


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
