"""Per-member cooldown: one reply per member per N seconds in each server (and in DMs,
on their own), so nobody can make the bot flood a channel. Plain Python; the clock is
injectable for tests.

Scoped per server because the length is each server's own setting: a member who asked
in a server with a 5 s cooldown must not be told to wait an hour in another whose
moderators chose 3600 s, nor get around a long one by asking elsewhere first.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Hashable

_PRUNE_AT = 10_000  # (server, member) pairs remembered before stale ones are forgotten


class Cooldowns:
    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._last: dict[Hashable, float] = {}
        self._longest = 0.0

    def try_acquire(self, key: Hashable, seconds: float) -> float:
        """0.0 if ``key`` (a member in a place, e.g. ``(guild_id, user_id)``) may get a
        reply now (and starts its cooldown), else the seconds left to wait."""
        if seconds <= 0:
            return 0.0
        now = self._clock()
        last = self._last.get(key)
        if last is not None and now - last < seconds:
            return seconds - (now - last)
        self._last[key] = now
        self._longest = max(self._longest, seconds)
        if len(self._last) > _PRUNE_AT:
            self._last = {k: t for k, t in self._last.items() if now - t < self._longest}
        return 0.0

    def reset(self, key: Hashable | None = None) -> None:
        if key is None:
            self._last.clear()
        else:
            self._last.pop(key, None)
