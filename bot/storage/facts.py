"""Fact history: every fact posted in a server (``fact_posts``), and the rule that
picks the next one: every fact once before any repeats, moderators' posts
(``/postfact``) and the fact of the day counted together.
"""

from __future__ import annotations

import datetime as dt
import random
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass

from . import settings
from .connection import Database, parse_ts, ts, utc

FOTD_POSTER = "fact-of-the-day"  # posted_by for the fact of the day; else a user id


@dataclass(frozen=True)
class FactPost:
    id: int
    guild_id: int
    channel_id: int
    entry_id: str
    posted_by: int | str  # a user id, or FOTD_POSTER
    posted_at: dt.datetime  # aware, UTC
    message_id: int | None


def _posted_by_text(posted_by: int | str) -> str:
    if posted_by == FOTD_POSTER:
        return FOTD_POSTER
    if isinstance(posted_by, bool) or not isinstance(posted_by, int) or posted_by < 0:
        raise ValueError(f"posted_by must be a user id or {FOTD_POSTER!r}, got {posted_by!r}")
    return str(posted_by)


# --------------------------------------------------------------------------- SQL


def _used_in_cycle(conn: sqlite3.Connection, guild_id: int, cycle: int) -> set[str]:
    rows = conn.execute(
        "SELECT DISTINCT entry_id FROM fact_posts WHERE guild_id = ? AND cycle = ?",
        (guild_id, cycle),
    )
    return {row[0] for row in rows}


def pick_next(
    conn: sqlite3.Connection,
    guild_id: int,
    entry_ids: Iterable[str],
    rng: random.Random | None,
    now: dt.datetime,
    among: Iterable[str] | None = None,
) -> str | None:
    """See ``FactHistory.next_fact``; inside the caller's transaction."""
    ids = sorted(set(entry_ids))
    if not ids:
        return None
    if among is not None:
        return _pick_among(conn, guild_id, ids, sorted(set(among) & set(ids)), rng, now)
    settings.ensure_guild(conn, guild_id, now)
    cycle = settings.current_cycle(conn, guild_id)
    used = _used_in_cycle(conn, guild_id, cycle)
    remaining = [entry_id for entry_id in ids if entry_id not in used]
    if not remaining:
        cycle += 1
        settings.set_cycle(conn, guild_id, cycle)
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


def _pick_among(
    conn: sqlite3.Connection,
    guild_id: int,
    ids: list[str],
    candidates: list[str],
    rng: random.Random | None,
    now: dt.datetime,
) -> str | None:
    """Like pick_next, but only from ``candidates`` (e.g. one topic). When every
    candidate was posted in the current cycle, the one posted longest ago is
    repeated; the cycle only moves on when the whole pack (``ids``) is used, so
    a topic running out never restarts the fact of the day's rotation."""
    if not candidates:
        return None
    settings.ensure_guild(conn, guild_id, now)
    cycle = settings.current_cycle(conn, guild_id)
    used = _used_in_cycle(conn, guild_id, cycle)
    if all(entry_id in used for entry_id in ids):  # the whole pack is used: new cycle
        cycle += 1
        settings.set_cycle(conn, guild_id, cycle)
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


def insert_post(
    conn: sqlite3.Connection,
    guild_id: int,
    channel_id: int,
    entry_id: str,
    posted_by: str,
    moment: dt.datetime,
    message_id: int | None,
) -> int:
    cycle = settings.current_cycle(conn, guild_id)
    cursor = conn.execute(
        "INSERT INTO fact_posts (guild_id, channel_id, entry_id, posted_by, posted_at,"
        " cycle, message_id) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (guild_id, channel_id, entry_id, posted_by, ts(moment), cycle, message_id),
    )
    return int(cursor.lastrowid or 0)


def delete_guild(conn: sqlite3.Connection, guild_id: int) -> None:
    conn.execute("DELETE FROM fact_posts WHERE guild_id = ?", (guild_id,))


# --------------------------------------------------------------------------- the job


class FactHistory:
    """``store.facts``: which fact to post next, and the record of what was posted."""

    def __init__(self, db: Database) -> None:
        self._db = db

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
        with self._db.tx() as conn:
            return pick_next(conn, guild_id, entry_ids, rng, utc(now), among)

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
        moment = utc(now)
        with self._db.tx() as conn:
            settings.ensure_guild(conn, guild_id, moment)
            post_id = insert_post(conn, guild_id, channel_id, entry_id, who, moment, message_id)
        return FactPost(post_id, guild_id, channel_id, entry_id, posted_by, moment, message_id)

    def recent_posts(self, guild_id: int, limit: int = 20) -> list[FactPost]:
        """The server's latest fact posts, newest first."""
        with self._db.tx(write=False) as conn:
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
                parse_ts(row[5]),
                row[6],
            )
            for row in rows
        ]
