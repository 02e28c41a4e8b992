"""Fact-of-the-day claims (table ``fotd_days``), and the schedule rule they follow.

The schedule rule
    ``due_day`` is the one place that says which day's post is due: a UTC day's
    post is due from its configured HH:MM until midnight, and for ``CATCH_UP_HOURS``
    (12) after its HH:MM when that runs past midnight (a 23:50 slot missed by a
    restart at 23:45 is posted at 00:05, dated the day before). So a bot that was
    down at post time posts late rather than skipping; a slot missed for longer than
    that is not caught up (two facts at once would be noise). One post per UTC day:
    moving the time after today's post waits for tomorrow. Slots before the moment
    the schedule was switched on (or its time changed) are never posted: enabling at
    08:00 with 23:00 posts at 23:00, not at once, and enabling at 08:00 with 07:00
    posts tomorrow at 07:00. The scheduler claims with it and ``/config show`` tells
    the next post with it (``next_post_time``), so the two cannot disagree (they did:
    a bot back at 00:05 after a missed 23:50 posted yesterday's fact while
    ``/config show`` said "next 23:50 tonight"; the scheduler's catch-up won).

Claim before sending
    The scheduler claims every tick. The claim is a row (guild, UTC day) written in a
    durable transaction *before* the message is sent, so a crash or restart after the
    claim can never produce a second post for that day: the day is already taken.
    The claim records the chosen entry and the channel; ``finish`` marks it sent and
    writes the post to the history in one transaction. A claim left pending (the
    process died between claiming and finishing) is handed out again after
    ``lease_seconds`` with ``resumed=True`` and the same entry, so the day is not
    skipped either; the scheduler then looks in the channel for its own message for
    that day (the embed footer names the date) and, if it is there, only calls
    ``finish``. Recording *after* sending instead would turn a crash between send and
    record into a double post with no way to notice it.
"""

from __future__ import annotations

import datetime as dt
import random
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass

from . import facts, settings
from .connection import Database, parse_ts, ts, utc
from .facts import FOTD_POSTER, FactPost
from .settings import GuildSettings

LEASE_SECONDS = 600
CATCH_UP_HOURS = 12.0


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


# --------------------------------------------------------------------------- the rule


def _slot(day: dt.date, fotd_time: str) -> dt.datetime:
    hour, minute = (int(part) for part in fotd_time.split(":"))
    return dt.datetime.combine(day, dt.time(hour, minute), dt.UTC)


def due_day(
    fotd_time: str,
    now: dt.datetime,
    since: dt.datetime | None,
    catch_up_hours: float = CATCH_UP_HOURS,
) -> dt.date | None:
    """The UTC day whose post is due at ``now`` (whether or not it was sent), or None.

    Today once today's HH:MM has passed; before that, yesterday if yesterday's HH:MM
    was less than ``catch_up_hours`` ago; never a slot before ``since`` (when the
    schedule was set)."""
    day = now.date()
    slot = _slot(day, fotd_time)
    if now < slot:
        day -= dt.timedelta(days=1)
        slot = _slot(day, fotd_time)
        if now - slot > dt.timedelta(hours=catch_up_hours):
            return None
    if since is not None and slot < since:
        return None  # the schedule was set after this slot: start with the next
    return day


def next_post_time(
    schedule: GuildSettings,
    now: dt.datetime,
    last_sent: dt.date | None,
    catch_up_hours: float = CATCH_UP_HOURS,
) -> dt.datetime | None:
    """When the fact of the day will be posted next: ``now`` if a day is due and not
    sent, else the next HH:MM after ``now``; None if no schedule is set."""
    if schedule.fotd_time is None or schedule.fotd_channel_id is None:
        return None
    day = due_day(schedule.fotd_time, now, schedule.fotd_since, catch_up_hours)
    if day is not None and (last_sent is None or last_sent < day):
        return now
    slot = _slot(now.date(), schedule.fotd_time)
    return slot if slot > now else slot + dt.timedelta(days=1)


# --------------------------------------------------------------------------- the job


class FactOfTheDayClaims:
    """``store.fotd``: claim the due day, then finish or release the claim."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def guilds(self) -> list[GuildSettings]:
        """Every server with a fact-of-the-day channel and time set."""
        with self._db.tx(write=False) as conn:
            return settings.scheduled_guilds(conn)

    def claim(
        self,
        guild_id: int,
        entry_ids: Iterable[str],
        *,
        now: dt.datetime | None = None,
        rng: random.Random | None = None,
        lease_seconds: float = LEASE_SECONDS,
        catch_up_hours: float = CATCH_UP_HOURS,
    ) -> FotdClaim | None:
        """Claim the due day's post (``due_day``); None if nothing is due.

        Not due either: no channel or time configured, the day already sent, or
        the day claimed less than ``lease_seconds`` ago (a send in flight).
        Otherwise the day is claimed durably *before* the caller sends anything,
        with the entry chosen by ``FactHistory.next_fact`` rules; a claim older than
        the lease that was never finished is handed out again with
        ``resumed=True``, the same entry and channel, and attempt + 1.
        Safe to call as often as you like: at most one claim per day is live.
        """
        moment = utc(now)
        with self._db.tx() as conn:
            schedule = settings.read(conn, guild_id)
            if schedule.fotd_time is None or schedule.fotd_channel_id is None:
                return None
            day = due_day(schedule.fotd_time, moment, schedule.fotd_since, catch_up_hours)
            if day is None:
                return None
            row = conn.execute(
                "SELECT channel_id, entry_id, status, claimed_at, attempts FROM fotd_days"
                " WHERE guild_id = ? AND day = ?",
                (guild_id, day.isoformat()),
            ).fetchone()
            if row is not None:
                channel_id, entry_id, status, claimed_at, attempts = row
                if status == "sent":
                    return None
                if moment - parse_ts(claimed_at) < dt.timedelta(seconds=lease_seconds):
                    return None
                conn.execute(
                    "UPDATE fotd_days SET claimed_at = ?, attempts = attempts + 1"
                    " WHERE guild_id = ? AND day = ?",
                    (ts(moment), guild_id, day.isoformat()),
                )
                return FotdClaim(guild_id, day, channel_id, entry_id, attempts + 1, True)
            entry_id = facts.pick_next(conn, guild_id, entry_ids, rng, moment)
            if entry_id is None:
                return None
            conn.execute(
                "INSERT INTO fotd_days (guild_id, day, channel_id, entry_id, status, claimed_at)"
                " VALUES (?, ?, ?, ?, 'pending', ?)",
                (guild_id, day.isoformat(), schedule.fotd_channel_id, entry_id, ts(moment)),
            )
            return FotdClaim(guild_id, day, schedule.fotd_channel_id, entry_id, 1, False)

    def finish(
        self,
        claim: FotdClaim,
        *,
        message_id: int | None = None,
        now: dt.datetime | None = None,
    ) -> FactPost | None:
        """Mark the claimed day sent and record the post (posted_by FOTD_POSTER),
        in one transaction. Idempotent: finishing a day already sent returns None
        and records nothing. Call it as soon as the message was sent."""
        moment = utc(now)
        day = claim.day.isoformat()
        with self._db.tx() as conn:
            row = conn.execute(
                "SELECT status FROM fotd_days WHERE guild_id = ? AND day = ?",
                (claim.guild_id, day),
            ).fetchone()
            if row is not None and row[0] == "sent":
                return None
            settings.ensure_guild(conn, claim.guild_id, moment)
            post_id = facts.insert_post(
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
                (claim.guild_id, day, claim.channel_id, claim.entry_id, ts(moment), post_id),
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

    def release(self, claim: FotdClaim) -> bool:
        """Give up a pending claim because the send definitely failed (e.g. the
        channel is gone or the bot lacks permission), so a later call may claim
        the day again. Does nothing to a day already sent; returns whether a
        pending claim was released."""
        with self._db.tx() as conn:
            cursor = conn.execute(
                "DELETE FROM fotd_days WHERE guild_id = ? AND day = ? AND status = 'pending'",
                (claim.guild_id, claim.day.isoformat()),
            )
            return cursor.rowcount > 0

    def last_sent(self, guild_id: int) -> dt.date | None:
        """The latest UTC day whose fact of the day was sent."""
        with self._db.tx(write=False) as conn:
            return _last_sent(conn, guild_id)

    def next_post_time(self, guild_id: int, now: dt.datetime) -> dt.datetime | None:
        """``next_post_time`` for a server, from what is stored (``/config show``)."""
        with self._db.tx(write=False) as conn:
            schedule = settings.read(conn, guild_id)
            last = _last_sent(conn, guild_id)
        return next_post_time(schedule, utc(now), last)


def delete_guild(conn: sqlite3.Connection, guild_id: int) -> None:
    conn.execute("DELETE FROM fotd_days WHERE guild_id = ?", (guild_id,))


def _last_sent(conn: sqlite3.Connection, guild_id: int) -> dt.date | None:
    row = conn.execute(
        "SELECT max(day) FROM fotd_days WHERE guild_id = ? AND status = 'sent'", (guild_id,)
    ).fetchone()
    return None if row[0] is None else dt.date.fromisoformat(row[0])
