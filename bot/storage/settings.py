"""Server settings: the cooldown, the moderator role, the answer channels, the fact
of the day's channel and time and the server's language (tables ``guild_settings``
and ``answer_channels``).

Where the bot answers without a slash command is decided by one function,
``GuildSettings.channel_mode``; ``/config answers`` writes what it reads.
"""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from dataclasses import dataclass, field
from typing import Any, Literal

from ..limits import COOLDOWN_MAX_SECONDS, DEFAULT_COOLDOWN_SECONDS
from .connection import Database, parse_ts, ts, utc

ChannelMode = Literal["on", "off", "default"]


CACHE_MAX = 10_000  # servers whose settings are kept in memory between changes


@dataclass(frozen=True)
class GuildSettings:
    """One server's settings; unknown servers get these defaults."""

    guild_id: int
    cooldown_seconds: int = DEFAULT_COOLDOWN_SECONDS
    moderator_role_id: int | None = None
    fotd_channel_id: int | None = None
    fotd_time: str | None = None  # "HH:MM", UTC
    enabled_channels: frozenset[int] = field(default_factory=frozenset)
    disabled_channels: frozenset[int] = field(default_factory=frozenset)
    # When the schedule was switched on or its time last changed (aware, UTC);
    # slots before it are not posted. None: no limit.
    fotd_since: dt.datetime | None = None
    # The server's language ("es"; None: the pack's main one): the fact of the day,
    # /postfact, and questions whose text and asker's locale cannot tell.
    language: str | None = None

    def channel_mode(self, channel_id: int, parent_id: int | None = None) -> ChannelMode:
        """Where the bot answers without a slash command, for a channel (a thread
        follows the channel it is in, ``parent_id``):

        * "off": switched off, silent there even when mentioned;
        * "on": switched on, also answers plain questions it is confident about;
        * "default": answers when mentioned.

        Switching one channel on does not silence the others: mentions are answered
        everywhere not switched off. (An older copy of this rule in the store said
        "any channel on means only those"; only its tests used it, and the bot always
        did this.) Off wins over on when a thread and its channel disagree."""
        ids = {channel_id} if parent_id is None else {channel_id, parent_id}
        if ids & self.disabled_channels:
            return "off"
        if ids & self.enabled_channels:
            return "on"
        return "default"

    @property
    def fotd_configured(self) -> bool:
        return self.fotd_channel_id is not None and self.fotd_time is not None


class _Unset:
    def __repr__(self) -> str:
        return "UNSET"


UNSET: Any = _Unset()

# ASCII digits only: \d also matches "９" (full-width) and other scripts' digits,
# which passed this check and then failed the table's CHECK constraint.
_HHMM = re.compile(r"^([01]?[0-9]|2[0-3]):([0-5][0-9])$")


_LANGUAGE = re.compile(r"^[a-z]{2}$")


def normalize_hhmm(value: str) -> str:
    match = _HHMM.match(value.strip()) if isinstance(value, str) else None
    if not match:
        raise ValueError(f"time must be HH:MM in UTC (00:00 to 23:59), got {value!r}")
    return f"{int(match.group(1)):02d}:{match.group(2)}"


# --------------------------------------------------------------------------- SQL


def ensure_guild(conn: sqlite3.Connection, guild_id: int, now: dt.datetime) -> None:
    conn.execute(
        "INSERT INTO guild_settings (guild_id, cooldown_seconds, updated_at)"
        " VALUES (?, ?, ?) ON CONFLICT (guild_id) DO NOTHING",
        (guild_id, DEFAULT_COOLDOWN_SECONDS, ts(now)),
    )


def read(conn: sqlite3.Connection, guild_id: int) -> GuildSettings:
    row = conn.execute(
        "SELECT cooldown_seconds, moderator_role_id, fotd_channel_id, fotd_time,"
        " fotd_since, language FROM guild_settings WHERE guild_id = ?",
        (guild_id,),
    ).fetchone()
    if row is None:
        return GuildSettings(guild_id)
    on: set[int] = set()
    off: set[int] = set()
    for channel_id, enabled in conn.execute(
        "SELECT channel_id, enabled FROM answer_channels WHERE guild_id = ?", (guild_id,)
    ):
        (on if enabled else off).add(channel_id)
    return GuildSettings(
        guild_id=guild_id,
        cooldown_seconds=row[0],
        moderator_role_id=row[1],
        fotd_channel_id=row[2],
        fotd_time=row[3],
        enabled_channels=frozenset(on),
        disabled_channels=frozenset(off),
        fotd_since=None if row[4] is None else parse_ts(row[4]),
        language=row[5],
    )


def scheduled_guilds(conn: sqlite3.Connection) -> list[GuildSettings]:
    """Every server with a fact-of-the-day channel and time set."""
    ids = [
        row[0]
        for row in conn.execute(
            "SELECT guild_id FROM guild_settings WHERE fotd_channel_id IS NOT NULL"
            " AND fotd_time IS NOT NULL ORDER BY guild_id"
        )
    ]
    return [read(conn, guild_id) for guild_id in ids]


def current_cycle(conn: sqlite3.Connection, guild_id: int) -> int:
    """The server's fact cycle (facts.py: every fact once before any repeats)."""
    row = conn.execute(
        "SELECT fact_cycle FROM guild_settings WHERE guild_id = ?", (guild_id,)
    ).fetchone()
    return 0 if row is None else int(row[0])


def set_cycle(conn: sqlite3.Connection, guild_id: int, cycle: int) -> None:
    conn.execute("UPDATE guild_settings SET fact_cycle = ? WHERE guild_id = ?", (cycle, guild_id))


def delete_guild(conn: sqlite3.Connection, guild_id: int) -> None:
    conn.execute("DELETE FROM guild_settings WHERE guild_id = ?", (guild_id,))


# --------------------------------------------------------------------------- the job


class ServerSettings:
    """``store.settings``: read and change one server's settings."""

    def __init__(self, db: Database) -> None:
        self._db = db
        # Every interaction reads its server's settings (cooldown, language), each a
        # transaction and two queries: about a tenth of the bot's time per answer.
        # Kept until the database file changes at all (Database.data_version), so a
        # change made by /config, another process or a restored backup shows at once.
        self._cache: dict[int, GuildSettings] = {}
        self._cache_version: int | None = None

    def get(self, guild_id: int) -> GuildSettings:
        """The server's settings (defaults if it never set any; nothing is written)."""
        version = self._db.data_version()
        if version is None or version != self._cache_version or len(self._cache) > CACHE_MAX:
            self._cache.clear()
            self._cache_version = version
        cached = self._cache.get(guild_id)
        if cached is not None:
            return cached
        with self._db.tx(write=False) as conn:
            settings = read(conn, guild_id)
        if version is not None:
            self._cache[guild_id] = settings
        return settings

    def update(
        self,
        guild_id: int,
        *,
        cooldown_seconds: int = UNSET,
        moderator_role_id: int | None = UNSET,
        fotd_channel_id: int | None = UNSET,
        fotd_time: str | None = UNSET,
        language: str | None = UNSET,
        now: dt.datetime | None = None,
    ) -> GuildSettings:
        """Change the given fields (None clears an optional one); returns the result.

        Raises ValueError for a negative or too-long cooldown or a time that is
        not HH:MM. Setting the fact-of-the-day channel or time does not post
        anything by itself; ``fotd.due_day`` decides when a post is due.
        Switching the schedule on (both channel and time set) or changing its time
        records the moment (``fotd_since``): slots before it are never posted, so
        setting 07:00 at 08:00 posts tomorrow, and 23:00 at 08:00 posts tonight.
        Moving only the channel keeps it.
        """
        changes: dict[str, Any] = {}
        if cooldown_seconds is not UNSET:
            if isinstance(cooldown_seconds, bool) or not isinstance(cooldown_seconds, int):
                raise ValueError("cooldown_seconds must be a whole number of seconds")
            if not 0 <= cooldown_seconds <= COOLDOWN_MAX_SECONDS:
                raise ValueError(f"cooldown_seconds must be 0 to {COOLDOWN_MAX_SECONDS}")
            changes["cooldown_seconds"] = cooldown_seconds
        if moderator_role_id is not UNSET:
            changes["moderator_role_id"] = moderator_role_id
        if fotd_channel_id is not UNSET:
            changes["fotd_channel_id"] = fotd_channel_id
        if fotd_time is not UNSET:
            changes["fotd_time"] = None if fotd_time is None else normalize_hhmm(fotd_time)
        if language is not UNSET:
            if language is not None and not _LANGUAGE.match(str(language)):
                raise ValueError(f"language must be a code such as 'es', got {language!r}")
            changes["language"] = language
        moment = utc(now)
        with self._db.tx() as conn:
            ensure_guild(conn, guild_id, moment)
            if "fotd_channel_id" in changes or "fotd_time" in changes:
                before = read(conn, guild_id)
                channel = changes.get("fotd_channel_id", before.fotd_channel_id)
                time_of_day = changes.get("fotd_time", before.fotd_time)
                if channel is None or time_of_day is None:
                    changes["fotd_since"] = None
                elif not before.fotd_configured or time_of_day != before.fotd_time:
                    changes["fotd_since"] = ts(moment)
            if changes:
                assignments = ", ".join(f"{column} = ?" for column in changes)
                conn.execute(
                    f"UPDATE guild_settings SET {assignments}, updated_at = ? WHERE guild_id = ?",
                    (*changes.values(), ts(moment), guild_id),
                )
            return read(conn, guild_id)

    def set_answer_channel(
        self,
        guild_id: int,
        channel_id: int,
        mode: ChannelMode,
        *,
        now: dt.datetime | None = None,
    ) -> GuildSettings:
        """Switch a channel "on" or "off", or back to "default" (forget the switch).
        ``GuildSettings.channel_mode`` reads it."""
        moment = utc(now)
        with self._db.tx() as conn:
            ensure_guild(conn, guild_id, moment)
            if mode == "default":
                conn.execute(
                    "DELETE FROM answer_channels WHERE guild_id = ? AND channel_id = ?",
                    (guild_id, channel_id),
                )
            else:
                conn.execute(
                    "INSERT INTO answer_channels (guild_id, channel_id, enabled) VALUES (?, ?, ?)"
                    " ON CONFLICT (guild_id, channel_id) DO UPDATE SET enabled = excluded.enabled",
                    (guild_id, channel_id, 1 if mode == "on" else 0),
                )
            conn.execute(
                "UPDATE guild_settings SET updated_at = ? WHERE guild_id = ?",
                (ts(moment), guild_id),
            )
            return read(conn, guild_id)
