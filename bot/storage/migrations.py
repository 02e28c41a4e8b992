"""The database schema, as the ordered list of migrations that build it.

``MIGRATIONS[i]`` takes a database from ``PRAGMA user_version`` i to i + 1; the
connection (``connection.py``) runs the missing ones at start, each in its own
transaction. Append only; never edit a migration that has shipped: a database out
there was built by it.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable


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


def _v4_anniversaries(conn: sqlite3.Connection) -> None:
    # "On this day" posts from the pack's timeline: where and when each server wants
    # them (a row while switched on), and one claim per server and UTC day, kept apart
    # from fotd_days so the two schedules never take each other's day.
    conn.execute(
        """
        CREATE TABLE anniversary_settings (
            guild_id   INTEGER PRIMARY KEY,
            channel_id INTEGER NOT NULL,
            post_time  TEXT NOT NULL CHECK (post_time GLOB '[0-2][0-9]:[0-5][0-9]'),
            since      TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )"""
    )
    conn.execute(
        """
        CREATE TABLE anniversary_days (
            guild_id   INTEGER NOT NULL,
            day        TEXT NOT NULL,
            channel_id INTEGER NOT NULL,
            status     TEXT NOT NULL CHECK (status IN ('pending', 'sent')),
            claimed_at TEXT NOT NULL,
            attempts   INTEGER NOT NULL DEFAULT 1,
            message_id INTEGER,
            PRIMARY KEY (guild_id, day)
        ) WITHOUT ROWID"""
    )


def _v5_guild_language(conn: sqlite3.Connection) -> None:
    # The server's language (`/config language`): what the fact of the day and
    # /postfact are posted in, and what a question is answered in when its text
    # and the member's locale cannot tell. NULL: the pack's main language.
    conn.execute("ALTER TABLE guild_settings ADD COLUMN language TEXT")


def _v6_feedback_and_stats(conn: sqlite3.Connection) -> None:
    # Feedback on answers, counts of what gets asked, and members' questions paired
    # with the suggestion they picked. No member id is stored: a vote or report keeps
    # an HMAC of (server, member, entry) under the key below, enough to count each
    # member once per entry and useless to read back who it was.
    conn.execute(
        """
        CREATE TABLE feedback_key (
            id  INTEGER PRIMARY KEY CHECK (id = 1),
            key BLOB NOT NULL CHECK (length(key) >= 32)
        )"""
    )
    conn.execute("INSERT INTO feedback_key (id, key) VALUES (1, ?)", (os.urandom(32),))
    conn.execute(
        """
        CREATE TABLE feedback_votes (
            guild_id INTEGER NOT NULL,
            entry_id TEXT NOT NULL,
            voter    TEXT NOT NULL,
            day      TEXT NOT NULL,
            PRIMARY KEY (guild_id, entry_id, voter)
        ) WITHOUT ROWID"""
    )
    conn.execute(
        """
        CREATE TABLE feedback_reports (
            id         INTEGER PRIMARY KEY,
            guild_id   INTEGER NOT NULL,
            entry_id   TEXT NOT NULL,
            voter      TEXT NOT NULL,
            reason     TEXT NOT NULL
                       CHECK (reason IN ('wrong-fact', 'source-broken', 'not-what-i-asked',
                                         'other')),
            details    TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            done_at    TEXT,
            UNIQUE (guild_id, entry_id, voter)
        )"""
    )
    conn.execute("CREATE INDEX feedback_reports_by_time ON feedback_reports (created_at)")
    conn.execute(
        """
        CREATE TABLE answer_counts (
            guild_id INTEGER NOT NULL,
            entry_id TEXT NOT NULL,
            kind     TEXT NOT NULL CHECK (kind IN ('answer', 'pick', 'show')),
            day      TEXT NOT NULL,
            count    INTEGER NOT NULL CHECK (count > 0),
            PRIMARY KEY (guild_id, entry_id, kind, day)
        ) WITHOUT ROWID"""
    )
    conn.execute("CREATE INDEX answer_counts_by_day ON answer_counts (day)")
    conn.execute(
        """
        CREATE TABLE variant_picks (
            guild_id INTEGER NOT NULL,
            entry_id TEXT NOT NULL,
            key      TEXT NOT NULL,
            question TEXT NOT NULL,
            day      TEXT NOT NULL,
            count    INTEGER NOT NULL CHECK (count > 0),
            PRIMARY KEY (guild_id, entry_id, key, day)
        ) WITHOUT ROWID"""
    )
    conn.execute("CREATE INDEX variant_picks_by_day ON variant_picks (day)")


# MIGRATIONS[i] takes a database from user_version i to i + 1. Append only; never
# edit a migration that has shipped.
MIGRATIONS: tuple[Callable[[sqlite3.Connection], None], ...] = (
    _v1_settings_and_facts,
    _v2_unanswered_log,
    _v3_fotd_since,
    _v4_anniversaries,
    _v5_guild_language,
    _v6_feedback_and_stats,
)
SCHEMA_VERSION = len(MIGRATIONS)
