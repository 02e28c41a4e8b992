"""What gets asked (tables ``answer_counts`` and ``variant_picks``): per server and UTC
day, how often each entry was served (as a direct answer, a picked "did you mean",
or shown by a button), and the questions members asked before picking a suggestion,
for ``/kb stats``, ``crisisbot stats`` and ``crisisbot gaps --variants``.

Answers are the hot path (hundreds a second under load), so nothing here is written
per answer: ``bot/stats.py`` adds counts up in memory and writes them in one
transaction every few seconds, off the event loop, not fsynced (statistics, like
the unanswered log). Retention is the unanswered log's window, by day.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from .connection import Database, utc
from .unanswered import normalize_question

KINDS = ("answer", "pick", "show")

CountKey = tuple[int, str, str]  # (guild_id, entry_id, kind)
PickKey = tuple[int, str, str]  # (guild_id, entry_id, question)


@dataclass(frozen=True)
class Variant:
    entry_id: str
    question: str  # as first asked (normalized for display)
    key: str  # core.text.fold of it
    count: int


def delete_guild(conn: sqlite3.Connection, guild_id: int) -> None:
    conn.execute("DELETE FROM answer_counts WHERE guild_id = ?", (guild_id,))
    conn.execute("DELETE FROM variant_picks WHERE guild_id = ?", (guild_id,))


class AnswerStats:
    """``store.stats``: add batched counts and picks, read them back, apply retention."""

    def __init__(self, db: Database, retention_days: int) -> None:
        self._db = db
        self.retention_days = retention_days

    def add(
        self,
        counts: Iterable[tuple[CountKey, int]],
        picks: Iterable[tuple[PickKey, int]] = (),
        *,
        now: dt.datetime | None = None,
        wait: bool = True,
    ) -> None:
        """Add a batch in one transaction (dated ``now``'s UTC day). ``wait=False``:
        StoreError at once if another process holds the write lock (the caller keeps
        the batch and tries again)."""
        day = utc(now).date().isoformat()
        rows = [(g, e, k, day, n) for (g, e, k), n in counts if n > 0 and k in KINDS]
        pick_rows = []
        for (guild_id, entry_id, question), n in picks:
            normalized = normalize_question(question)
            if normalized is not None and n > 0:
                pick_rows.append((guild_id, entry_id, *normalized, day, n))
        if not rows and not pick_rows:
            return
        with self._db.tx(durable=False, wait=wait) as conn:
            conn.executemany(
                "INSERT INTO answer_counts (guild_id, entry_id, kind, day, count)"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT (guild_id, entry_id, kind, day)"
                " DO UPDATE SET count = count + excluded.count",
                rows,
            )
            conn.executemany(
                "INSERT INTO variant_picks (guild_id, entry_id, key, question, day, count)"
                " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (guild_id, entry_id, key, day)"
                " DO UPDATE SET count = count + excluded.count",
                pick_rows,
            )

    def cutoff(self, now: dt.datetime | None = None) -> dt.date:
        """The first day inside the retention window."""
        return utc(now).date() - dt.timedelta(days=self.retention_days - 1)

    def per_entry(
        self, guild_id: int | None = None, now: dt.datetime | None = None
    ) -> dict[str, dict[str, int]]:
        """{entry id: {"answer": n, "pick": n, "show": n}} in the retention window, for
        one server or all."""
        params: list[Any] = [self.cutoff(now).isoformat()]
        guild = ""
        if guild_id is not None:
            guild = " AND guild_id = ?"
            params.append(guild_id)
        out: dict[str, dict[str, int]] = {}
        with self._db.tx(write=False) as conn:
            for entry_id, kind, count in conn.execute(
                "SELECT entry_id, kind, sum(count) FROM answer_counts"
                f" WHERE day >= ?{guild} GROUP BY entry_id, kind",
                params,
            ):
                out.setdefault(entry_id, dict.fromkeys(KINDS, 0))[kind] = int(count)
        return out

    def variants(
        self, guild_id: int | None = None, now: dt.datetime | None = None
    ) -> list[Variant]:
        """Questions members asked before picking an entry, one per (entry, folded
        question), most frequent first."""
        params: list[Any] = [self.cutoff(now).isoformat()]
        guild = ""
        if guild_id is not None:
            guild = " AND guild_id = ?"
            params.append(guild_id)
        with self._db.tx(write=False) as conn:
            rows = conn.execute(
                "SELECT entry_id, key, min(question), sum(count) AS total FROM variant_picks"
                f" WHERE day >= ?{guild} GROUP BY entry_id, key"
                " ORDER BY total DESC, entry_id, key",
                params,
            ).fetchall()
        return [Variant(row[0], row[2], row[1], int(row[3])) for row in rows]

    def prune(self, now: dt.datetime | None = None, *, wait: bool = True) -> int:
        cutoff = self.cutoff(now).isoformat()
        with self._db.tx(durable=False, wait=wait) as conn:
            counts = conn.execute("DELETE FROM answer_counts WHERE day < ?", (cutoff,)).rowcount
            picks = conn.execute("DELETE FROM variant_picks WHERE day < ?", (cutoff,)).rowcount
        return counts + picks
