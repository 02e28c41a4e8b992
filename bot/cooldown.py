"""Per-user cooldown: one answer per user per N seconds, so nobody can make the bot
flood a channel. Plain Python; the clock is injectable for tests."""

from __future__ import annotations

import time
from collections.abc import Callable

_PRUNE_AT = 10_000  # users remembered before stale ones are forgotten


class Cooldowns:
    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._last: dict[int, float] = {}
        self._longest = 0.0

    def try_acquire(self, user_id: int, seconds: float) -> float:
        """0.0 if ``user_id`` may get an answer now (and starts their cooldown), else the
        seconds left to wait."""
        if seconds <= 0:
            return 0.0
        now = self._clock()
        last = self._last.get(user_id)
        if last is not None and now - last < seconds:
            return seconds - (now - last)
        self._last[user_id] = now
        self._longest = max(self._longest, seconds)
        if len(self._last) > _PRUNE_AT:
            self._last = {u: t for u, t in self._last.items() if now - t < self._longest}
        return 0.0

    def reset(self, user_id: int | None = None) -> None:
        if user_id is None:
            self._last.clear()
        else:
            self._last.pop(user_id, None)
