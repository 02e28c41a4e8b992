"""Anniversary posts ("on this day in 1997..."): each server's channel and time (table
``anniversary_settings``) and one claim per server and day (``anniversary_days``).

The post time is UTC (HH:MM, as the fact of the day's); the day a post is *about*, and
is claimed by, is the date at that moment where the pack's dates are local (``zone``,
the pack's ``utc_offset``: Lima's for the shipped pack), so an event of 17 December is
posted on Lima's 17 December whatever the post time. Claims made before the zone was
known were keyed by UTC day; at most one post is skipped where the two differ.

The same exactly-once design as the fact of the day (``fotd.py``, whose docstring
explains it), reused rather than rewritten: the schedule rule is ``fotd.due_day``
(due from HH:MM, caught up for 12 hours after a restart, never a slot from before the
schedule was switched on), and a day is claimed durably *before* the message is sent;
a claim left pending by a crash is handed out again after the lease with
``resumed=True``, and the bot then looks for its own post before sending. Two things
differ, hence a table of its own (the two schedules may share a channel and a time and
must never take each other's day): only days with events are claimed (the caller says
which, ``has_events``: the store knows nothing of the pack), and there is no fact to
pick, so a claim carries only the day and the channel.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass

from ..core.timeline import local_date
from .connection import Database, parse_ts, ts, utc
from .fotd import CATCH_UP_HOURS, LEASE_SECONDS, _slot, due_day
from .settings import normalize_hhmm

HasEvents = Callable[[dt.date], bool]  # of a day in the pack's zone
LOOK_AHEAD_DAYS = 366  # how far next_post_time looks for a day with events


@dataclass(frozen=True)
class AnniversarySchedule:
    guild_id: int
    channel_id: int
    post_time: str  # "HH:MM", UTC
    since: dt.datetime  # switched on, or its time changed: earlier slots are never posted


@dataclass(frozen=True)
class AnniversaryClaim:
    """One server's anniversary post for ``day``, claimed and not yet finished;
    ``resumed``: an earlier claim was never finished, look for the post first."""

    guild_id: int
    day: dt.date
    channel_id: int
    attempt: int
    resumed: bool


def _read(conn: sqlite3.Connection, guild_id: int) -> AnniversarySchedule | None:
    row = conn.execute(
        "SELECT channel_id, post_time, since FROM anniversary_settings WHERE guild_id = ?",
        (guild_id,),
    ).fetchone()
    return None if row is None else AnniversarySchedule(guild_id, row[0], row[1], parse_ts(row[2]))


def _last_sent(conn: sqlite3.Connection, guild_id: int) -> dt.date | None:
    row = conn.execute(
        "SELECT max(day) FROM anniversary_days WHERE guild_id = ? AND status = 'sent'",
        (guild_id,),
    ).fetchone()
    return None if row[0] is None else dt.date.fromisoformat(row[0])


def delete_guild(conn: sqlite3.Connection, guild_id: int) -> None:
    conn.execute("DELETE FROM anniversary_days WHERE guild_id = ?", (guild_id,))
    conn.execute("DELETE FROM anniversary_settings WHERE guild_id = ?", (guild_id,))


def local_day(slot_day: dt.date, post_time: str, zone: dt.tzinfo) -> dt.date:
    """The day a post is about: the date in ``zone`` at the UTC slot of ``slot_day``."""
    return local_date(_slot(slot_day, post_time), zone)


def next_post_time(
    schedule: AnniversarySchedule,
    now: dt.datetime,
    last_sent: dt.date | None,
    has_events: HasEvents,
    zone: dt.tzinfo = dt.UTC,
) -> dt.datetime | None:
    """When the next anniversary post goes out: ``now`` if a day with events is due
    and not sent, else the first later slot whose day (in ``zone``) has events; None
    if no day in the next year has any."""
    slot_day = due_day(schedule.post_time, now, schedule.since)
    if slot_day is not None:
        day = local_day(slot_day, schedule.post_time, zone)
        if has_events(day) and (last_sent is None or last_sent < day):
            return now
    for ahead in range(LOOK_AHEAD_DAYS + 1):
        slot = _slot(now.date() + dt.timedelta(days=ahead), schedule.post_time)
        if slot > now and slot >= schedule.since and has_events(local_date(slot, zone)):
            return slot
    return None


class Anniversaries:
    """``store.anniversaries``: the schedule, and claim → finish or release."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def get(self, guild_id: int) -> AnniversarySchedule | None:
        with self._db.tx(write=False) as conn:
            return _read(conn, guild_id)

    def scheduled(self) -> list[AnniversarySchedule]:
        """Every server with anniversary posts switched on."""
        with self._db.tx(write=False) as conn:
            ids = [r[0] for r in conn.execute("SELECT guild_id FROM anniversary_settings")]
            return [s for guild_id in sorted(ids) if (s := _read(conn, guild_id)) is not None]

    def switch_on(
        self,
        guild_id: int,
        channel_id: int,
        post_time: str,
        *,
        now: dt.datetime | None = None,
    ) -> AnniversarySchedule:
        """Post in ``channel_id`` at ``post_time`` (HH:MM, UTC; ValueError if not).
        Switching on or changing the time records the moment, as ``/config fact``
        does: a slot already past today waits for the next day with events."""
        hhmm = normalize_hhmm(post_time)
        moment = utc(now)
        with self._db.tx() as conn:
            before = _read(conn, guild_id)
            since = before.since if before is not None and before.post_time == hhmm else moment
            conn.execute(
                "INSERT INTO anniversary_settings (guild_id, channel_id, post_time, since,"
                " updated_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (guild_id) DO UPDATE SET"
                " channel_id = excluded.channel_id, post_time = excluded.post_time,"
                " since = excluded.since, updated_at = excluded.updated_at",
                (guild_id, channel_id, hhmm, ts(since), ts(moment)),
            )
            schedule = _read(conn, guild_id)
        assert schedule is not None
        return schedule

    def switch_off(self, guild_id: int) -> bool:
        """Stop the posts; returns whether they were on."""
        with self._db.tx() as conn:
            cursor = conn.execute(
                "DELETE FROM anniversary_settings WHERE guild_id = ?", (guild_id,)
            )
            return cursor.rowcount > 0

    def claim(
        self,
        guild_id: int,
        has_events: HasEvents,
        *,
        zone: dt.tzinfo = dt.UTC,
        now: dt.datetime | None = None,
        lease_seconds: float = LEASE_SECONDS,
        catch_up_hours: float = CATCH_UP_HOURS,
    ) -> AnniversaryClaim | None:
        """Claim the due slot's post (``fotd.due_day``) if its day in ``zone`` has
        events; None if nothing is due, the day is sent, or it was claimed less than
        the lease ago. A claim older than the lease and never finished comes back
        ``resumed``."""
        moment = utc(now)
        with self._db.tx() as conn:
            schedule = _read(conn, guild_id)
            if schedule is None:
                return None
            slot_day = due_day(schedule.post_time, moment, schedule.since, catch_up_hours)
            if slot_day is None:
                return None
            day = local_day(slot_day, schedule.post_time, zone)
            if not has_events(day):
                return None
            key = (guild_id, day.isoformat())
            row = conn.execute(
                "SELECT channel_id, status, claimed_at, attempts FROM anniversary_days"
                " WHERE guild_id = ? AND day = ?",
                key,
            ).fetchone()
            if row is None:
                conn.execute(
                    "INSERT INTO anniversary_days (guild_id, day, channel_id, status, claimed_at)"
                    " VALUES (?, ?, ?, 'pending', ?)",
                    (*key, schedule.channel_id, ts(moment)),
                )
                return AnniversaryClaim(guild_id, day, schedule.channel_id, 1, False)
            channel_id, status, claimed_at, attempts = row
            if status == "sent" or moment - parse_ts(claimed_at) < dt.timedelta(
                seconds=lease_seconds
            ):
                return None
            conn.execute(
                "UPDATE anniversary_days SET claimed_at = ?, attempts = attempts + 1"
                " WHERE guild_id = ? AND day = ?",
                (ts(moment), *key),
            )
            return AnniversaryClaim(guild_id, day, channel_id, attempts + 1, True)

    def finish(self, claim: AnniversaryClaim, *, message_id: int | None = None) -> bool:
        """Mark the claimed day sent (idempotent); returns whether it was pending."""
        with self._db.tx() as conn:
            cursor = conn.execute(
                "UPDATE anniversary_days SET status = 'sent', message_id = ?"
                " WHERE guild_id = ? AND day = ? AND status = 'pending'",
                (message_id, claim.guild_id, claim.day.isoformat()),
            )
            return cursor.rowcount > 0

    def release(self, claim: AnniversaryClaim) -> bool:
        """Give up a pending claim whose send definitely failed (channel gone, no
        permission), so a later tick may claim the day again."""
        with self._db.tx() as conn:
            cursor = conn.execute(
                "DELETE FROM anniversary_days"
                " WHERE guild_id = ? AND day = ? AND status = 'pending'",
                (claim.guild_id, claim.day.isoformat()),
            )
            return cursor.rowcount > 0

    def sent_days(self, guild_id: int) -> list[dt.date]:
        """Every day (in the pack's zone) whose anniversary post went out, oldest first."""
        with self._db.tx(write=False) as conn:
            rows = conn.execute(
                "SELECT day FROM anniversary_days WHERE guild_id = ? AND status = 'sent'"
                " ORDER BY day",
                (guild_id,),
            ).fetchall()
        return [dt.date.fromisoformat(row[0]) for row in rows]

    def next_post_time(
        self, guild_id: int, now: dt.datetime, has_events: HasEvents, zone: dt.tzinfo = dt.UTC
    ) -> dt.datetime | None:
        """``next_post_time`` for a server, from what is stored (``/config show``)."""
        with self._db.tx(write=False) as conn:
            schedule = _read(conn, guild_id)
            last = _last_sent(conn, guild_id)
        if schedule is None:
            return None
        return next_post_time(schedule, utc(now), last, has_events, zone)
