"""Ids, times and a fact-posting step the storage tests share."""

from __future__ import annotations

import datetime as dt

from bot.storage import Store

UTC = dt.UTC
GUILD = 111111111111111111
OTHER_GUILD = 222222222222222222
CHANNEL = 333333333333333333
MOD = 444444444444444444


def at(day: str, hhmm: str = "12:00") -> dt.datetime:
    return dt.datetime.fromisoformat(f"{day}T{hhmm}:00").replace(tzinfo=UTC)


ENTRIES = [f"entry-{n:02d}" for n in range(12)]


def post_next(s: Store, guild: int, ids, rng, among=None) -> str:
    entry_id = s.facts.next_fact(guild, ids, rng, among=among)
    s.facts.record_post(guild, CHANNEL, entry_id, MOD)
    return entry_id
