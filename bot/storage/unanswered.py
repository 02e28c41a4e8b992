"""The unanswered-question log (tables ``unanswered`` and ``unanswered_daily``): what
members asked that the bot could not answer, as text and daily counts, never who
asked, for ``/kb gaps`` and ``crisisbot gaps``.

Question text and counts per UTC day; guild_id 0 means "not in a server" (DMs, the
command line). Daily buckets make retention exact: counts older than the window
disappear, not just stale questions. Written on the answering path (behind the
replies, ``bot/unanswered.py``), so commits are not fsynced (see ``connection.py``).
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..core.text import fold
from ..limits import MAX_QUESTION_CHARS
from ..safe_text import without_discord_tokens
from .connection import Database, utc

PRUNE_INTERVAL = dt.timedelta(hours=1)


@dataclass(frozen=True)
class Gap:
    question: str
    count: int
    first_seen: dt.date  # within the retention window
    last_seen: dt.date


def normalize_question(text: str) -> tuple[str, str] | None:
    """(key, display) for the unanswered log, or None if nothing is left.

    The key is the matcher's own folding (``core.text.fold``: case, accents,
    punctuation), so that "Who was Cerpa?" and "who was cerpa" count together; the
    display keeps the asker's spelling with Discord mentions, emoji and timestamps
    removed (they carry ids, and @everyone and @here would read as pings wherever the
    text is shown) and white space collapsed."""
    display = without_discord_tokens(text[: MAX_QUESTION_CHARS * 2])
    display = "".join(ch for ch in display if ch.isprintable() or ch.isspace())
    display = " ".join(display.split())[:MAX_QUESTION_CHARS].rstrip()
    key = fold(display)
    if not key:
        return None
    return key, display


def drop_orphan_questions(conn: sqlite3.Connection) -> None:
    conn.execute(
        "DELETE FROM unanswered WHERE NOT EXISTS"
        " (SELECT 1 FROM unanswered_daily AS d WHERE d.question_id = unanswered.id)"
    )


def delete_guild(conn: sqlite3.Connection, guild_id: int) -> None:
    conn.execute("DELETE FROM unanswered_daily WHERE guild_id = ?", (guild_id,))
    drop_orphan_questions(conn)


class UnansweredQuestions:
    """``store.unanswered``: count questions, list the most asked, apply retention."""

    def __init__(self, db: Database, retention_days: int) -> None:
        if retention_days < 1:
            raise ValueError("retention_days must be at least 1")
        self._db = db
        self.retention_days = retention_days
        self._last_prune: dt.datetime | None = None

    def log(
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
        questions. Not fsynced; prunes at most hourly. ``wait=False``: raise
        StoreError at once if another process holds the write lock (the bot
        retries later from a background task)."""
        return self.log_many([(question, guild_id, utc(now))], wait=wait)[0]

    def log_many(
        self, questions: Sequence[tuple[str, int | None, dt.datetime]], *, wait: bool = True
    ) -> list[str | None]:
        """``log`` for several (question, guild_id, moment) at once, in one
        transaction: all are counted or, if it fails, none. The bot's writer sends
        what queued up behind the answers; a commit each cost it a share of its one
        core under load."""
        normalized = [(normalize_question(q), guild_id, utc(m)) for q, guild_id, m in questions]
        with self._db.tx(durable=False, wait=wait) as conn:
            for found, guild_id, moment in normalized:
                if found is None:
                    continue
                key, display = found
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
        latest = max((moment for _, _, moment in normalized), default=None)
        if latest is not None and (
            self._last_prune is None or latest - self._last_prune >= PRUNE_INTERVAL
        ):
            self.prune(latest, wait=wait)
        return [found[0] if found is not None else None for found, _, _ in normalized]

    def _cutoff(self, moment: dt.datetime) -> str:
        return (moment.date() - dt.timedelta(days=self.retention_days - 1)).isoformat()

    def top_gaps(
        self, limit: int = 10, *, guild_id: int | None = None, now: dt.datetime | None = None
    ) -> list[Gap]:
        """The most-asked unanswered questions in the retention window (the last
        ``retention_days`` UTC days, today included), most asked first, ties broken
        by the most recently asked, then alphabetically. ``guild_id`` restricts to
        one server's questions; None counts everything."""
        cutoff = self._cutoff(utc(now))
        where = "d.day >= ?"
        params: list[Any] = [cutoff]
        if guild_id is not None:
            where += " AND d.guild_id = ?"
            params.append(guild_id)
        with self._db.tx(write=False) as conn:
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

    def prune(self, now: dt.datetime | None = None, *, wait: bool = True) -> int:
        """Apply the retention window; returns how many daily counts were deleted.
        Runs on start and at most hourly from ``log``, and in ``Store.maintenance``."""
        moment = utc(now)
        with self._db.tx(durable=False, wait=wait) as conn:
            deleted = conn.execute(
                "DELETE FROM unanswered_daily WHERE day < ?", (self._cutoff(moment),)
            ).rowcount
            if deleted:
                drop_orphan_questions(conn)
        self._last_prune = moment
        return deleted
