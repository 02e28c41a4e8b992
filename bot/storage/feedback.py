"""Members' feedback on answers (tables ``feedback_votes``, ``feedback_reports`` and
``feedback_key``): "Helpful" votes and "Report a problem" reports, the review queue
moderators read with ``/kb feedback`` and curators with ``crisisbot feedback``.

Why it looks like this:

* One vote per member per *entry* (per server), not per message: a vote says
  whether an entry's answer served, and the same entry reached through /ask, a
  mention or a button is the same answer. Asking again to click again must not
  count twice, and the buttons' custom id carries only the entry, so the rule
  holds after restarts and on ephemeral copies alike. A report and a helpful
  vote are counted separately ("helpful, but the link is dead" is fair).
* No member id is stored: ``voter`` is HMAC-SHA256 over (server, member, entry)
  with a random key made by the migration and kept in this file (not the bot
  token). It tells "this member already voted on this entry" and nothing else:
  the same member's votes on two entries do not look alike. Whoever holds the
  file (and so the key) could still test a known member id, so it is
  pseudonymous, not anonymous: treat backups like the database.
* Reports and votes older than the retention window (``CRISISBOT_GAPS_RETENTION_DAYS``,
  the unanswered log's) are deleted, by day, with it (``Store.maintenance``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import sqlite3
from dataclasses import dataclass
from typing import Any

from ..safe_text import without_discord_tokens
from .connection import Database, parse_ts, ts, utc

# Reason values (what the database keeps) and how they read.
REASONS: dict[str, str] = {
    "wrong-fact": "Wrong fact",
    "source-broken": "Source broken",
    "not-what-i-asked": "Not what I asked",
    "other": "Other",
}
DETAILS_MAX = 500


@dataclass(frozen=True)
class Report:
    id: int
    guild_id: int
    entry_id: str
    reason: str
    details: str
    created_at: dt.datetime
    done_at: dt.datetime | None

    @property
    def reason_text(self) -> str:
        return REASONS.get(self.reason, self.reason)


def clean_details(text: str) -> str:
    """The free text of a report as stored: Discord tokens (mentions, emoji) out,
    printable characters only, white space collapsed, at most ``DETAILS_MAX``."""
    text = without_discord_tokens((text or "")[: DETAILS_MAX * 2])
    text = "".join(ch for ch in text if ch.isprintable() or ch.isspace())
    return " ".join(text.split())[:DETAILS_MAX].rstrip()


def delete_guild(conn: sqlite3.Connection, guild_id: int) -> None:
    conn.execute("DELETE FROM feedback_votes WHERE guild_id = ?", (guild_id,))
    conn.execute("DELETE FROM feedback_reports WHERE guild_id = ?", (guild_id,))


def _report(row: Any) -> Report:
    return Report(
        id=int(row[0]),
        guild_id=int(row[1]),
        entry_id=row[2],
        reason=row[3],
        details=row[4],
        created_at=parse_ts(row[5]),
        done_at=None if row[6] is None else parse_ts(row[6]),
    )


_REPORT_COLUMNS = "id, guild_id, entry_id, reason, details, created_at, done_at"


class Feedback:
    """``store.feedback``: record votes and reports, read the queue, apply retention."""

    def __init__(self, db: Database, retention_days: int) -> None:
        self._db = db
        self.retention_days = retention_days
        self._key: bytes | None = None

    def voter(self, guild_id: int | None, user_id: int, entry_id: str) -> str:
        """The keyed hash that stands for a member's vote on an entry."""
        if self._key is None:
            with self._db.tx(write=False) as conn:
                self._key = bytes(conn.execute("SELECT key FROM feedback_key").fetchone()[0])
        message = f"{guild_id or 0}:{user_id}:{entry_id}".encode()
        return hmac.new(self._key, message, hashlib.sha256).hexdigest()

    def vote_helpful(
        self, guild_id: int | None, user_id: int, entry_id: str, now: dt.datetime | None = None
    ) -> bool:
        """Count a "Helpful" vote; False if this member already voted on this entry."""
        voter = self.voter(guild_id, user_id, entry_id)
        with self._db.tx() as conn:
            cursor = conn.execute(
                "INSERT INTO feedback_votes (guild_id, entry_id, voter, day) VALUES (?, ?, ?, ?)"
                " ON CONFLICT DO NOTHING",
                (guild_id or 0, entry_id, voter, utc(now).date().isoformat()),
            )
        return cursor.rowcount == 1

    def has_reported(self, guild_id: int | None, user_id: int, entry_id: str) -> bool:
        voter = self.voter(guild_id, user_id, entry_id)
        with self._db.tx(write=False) as conn:
            row = conn.execute(
                "SELECT 1 FROM feedback_reports WHERE guild_id = ? AND entry_id = ? AND voter = ?",
                (guild_id or 0, entry_id, voter),
            ).fetchone()
        return row is not None

    def report(
        self,
        guild_id: int | None,
        user_id: int,
        entry_id: str,
        reason: str,
        details: str = "",
        now: dt.datetime | None = None,
    ) -> Report | None:
        """File a report; None if this member already reported this entry. Raises
        ValueError for a reason that is not one of ``REASONS``."""
        if reason not in REASONS:
            raise ValueError(f"reason must be one of {', '.join(REASONS)}; got {reason!r}")
        voter = self.voter(guild_id, user_id, entry_id)
        with self._db.tx() as conn:
            row = conn.execute(
                "INSERT INTO feedback_reports (guild_id, entry_id, voter, reason, details,"
                " created_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING"
                f" RETURNING {_REPORT_COLUMNS}",
                (guild_id or 0, entry_id, voter, reason, clean_details(details), ts(utc(now))),
            ).fetchone()
        return None if row is None else _report(row)

    def reports(
        self,
        guild_id: int | None = None,
        *,
        include_done: bool = False,
        limit: int = 10,
        offset: int = 0,
    ) -> list[Report]:
        """The review queue, newest first: open reports (and done ones if asked), of one
        server or (``guild_id`` None) all."""
        where, params = self._where(guild_id, include_done)
        with self._db.tx(write=False) as conn:
            rows = conn.execute(
                f"SELECT {_REPORT_COLUMNS} FROM feedback_reports {where}"
                " ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?",
                (*params, max(0, limit), max(0, offset)),
            ).fetchall()
        return [_report(row) for row in rows]

    def count_reports(self, guild_id: int | None = None, *, include_done: bool = False) -> int:
        where, params = self._where(guild_id, include_done)
        with self._db.tx(write=False) as conn:
            return int(
                conn.execute(f"SELECT count(*) FROM feedback_reports {where}", params).fetchone()[0]
            )

    @staticmethod
    def _where(guild_id: int | None, include_done: bool) -> tuple[str, tuple[Any, ...]]:
        clauses, params = [], []
        if guild_id is not None:
            clauses.append("guild_id = ?")
            params.append(guild_id)
        if not include_done:
            clauses.append("done_at IS NULL")
        return ("WHERE " + " AND ".join(clauses) if clauses else ""), tuple(params)

    def mark_done(
        self, report_id: int, guild_id: int | None = None, now: dt.datetime | None = None
    ) -> bool:
        """Mark a report dealt with; False if there is no such open report (in that
        server, when ``guild_id`` is given: a moderator can only close their own)."""
        sql = "UPDATE feedback_reports SET done_at = ? WHERE id = ? AND done_at IS NULL"
        params: list[Any] = [ts(utc(now)), report_id]
        if guild_id is not None:
            sql += " AND guild_id = ?"
            params.append(guild_id)
        with self._db.tx() as conn:
            return conn.execute(sql, params).rowcount == 1

    def totals(
        self, guild_id: int | None = None, since: dt.date | None = None
    ) -> dict[str, dict[str, int]]:
        """Per entry: {"helpful": n, "reports": n, "open": n} (from ``since`` on)."""
        day = since.isoformat() if since else ""
        guild = "" if guild_id is None else " AND guild_id = ?"
        params: tuple[Any, ...] = (day,) if guild_id is None else (day, guild_id)
        out: dict[str, dict[str, int]] = {}
        with self._db.tx(write=False) as conn:
            for entry_id, count in conn.execute(
                f"SELECT entry_id, count(*) FROM feedback_votes WHERE day >= ?{guild}"
                " GROUP BY entry_id",
                params,
            ):
                out.setdefault(entry_id, {"helpful": 0, "reports": 0, "open": 0})["helpful"] = count
            for entry_id, count, still_open in conn.execute(
                "SELECT entry_id, count(*), sum(done_at IS NULL) FROM feedback_reports"
                f" WHERE substr(created_at, 1, 10) >= ?{guild} GROUP BY entry_id",
                params,
            ):
                totals = out.setdefault(entry_id, {"helpful": 0, "reports": 0, "open": 0})
                totals["reports"], totals["open"] = count, int(still_open or 0)
        return out

    def prune(self, now: dt.datetime | None = None, *, wait: bool = True) -> int:
        """Delete votes and reports older than the retention window; how many went."""
        cutoff = utc(now).date() - dt.timedelta(days=self.retention_days - 1)
        with self._db.tx(durable=False, wait=wait) as conn:
            votes = conn.execute(
                "DELETE FROM feedback_votes WHERE day < ?", (cutoff.isoformat(),)
            ).rowcount
            reports = conn.execute(
                "DELETE FROM feedback_reports WHERE created_at < ?",
                (ts(dt.datetime.combine(cutoff, dt.time(), dt.UTC)),),
            ).rowcount
        return votes + reports
