"""The unanswered-question log, written behind the answers instead of before them.

Counting a question the bot could not answer is statistics for ``/kb gaps``; it must
never cost a member their answer. Written on the event loop before the reply, one
write waited out SQLite's busy timeout (2 s) whenever another process held the
database (a ``sqlite3`` shell inside ``BEGIN``, a backup), and every reply queued
behind it waited too: three unanswerable questions ahead of an answerable one
delayed it 6 s, past Discord's 3 s limit. So answering only appends to a queue, and
one task writes the queue from a worker thread, a batch to a transaction, without
waiting for a lock: while the database is locked the writes are retried with
growing pauses, and if it stays locked they are dropped, with one warning for the
whole outage.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import itertools
import logging
from collections import deque
from collections.abc import Callable
from typing import Any

_log = logging.getLogger("crisisbot.unanswered")

# While the database is locked: tries with pauses doubling from FIRST_PAUSE up to
# LONGEST_PAUSE; after GIVE_UP_AFTER seconds of failures, what is queued is dropped.
FIRST_PAUSE = 0.25
LONGEST_PAUSE = 8.0
GIVE_UP_AFTER = 60.0
FLUSH_POLL = 0.05
MAX_QUEUED = 10_000  # beyond this the oldest counts are dropped (a flood, a long outage)
MAX_BATCH = 500  # questions per transaction: the write lock is held briefly

Pending = tuple[str, int | None, dt.datetime]
Writer = Callable[..., Any]  # store.unanswered.log_many


class UnansweredLog:
    """``add`` never blocks; ``start`` the writer task on the bot's loop, ``flush`` to
    wait until the queue is written (``/kb gaps``, shutdown), ``stop`` at the end."""

    def __init__(self, write: Writer, give_up_after: float = GIVE_UP_AFTER) -> None:
        self._write = write
        self.give_up_after = give_up_after
        self._queue: deque[Pending] = deque()
        self._wake = asyncio.Event()
        self._idle = asyncio.Event()
        self._idle.set()
        self._task: asyncio.Task[None] | None = None
        self.dropped = 0

    def add(self, question: str, guild_id: int | None) -> None:
        if len(self._queue) >= MAX_QUEUED:
            self._queue.popleft()
            self.dropped += 1
        self._queue.append((question, guild_id, dt.datetime.now(dt.UTC)))
        self._idle.clear()
        self._wake.set()

    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.create_task(self._run(), name="crisisbot unanswered log")

    async def flush(self, timeout: float) -> bool:
        """Wait up to ``timeout`` s for everything queued to be written (or dropped);
        True if the queue is empty. Retries every ``FLUSH_POLL`` s meanwhile instead of
        pausing (the lock may be gone a moment after a try)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while not self._idle.is_set():
            left = deadline - loop.time()
            if left <= 0:
                return False
            self._wake.set()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._idle.wait(), min(FLUSH_POLL, left))
        return True

    async def stop(self, timeout: float = 1.0) -> None:
        if self._task is None:
            return
        if self._task.done():
            self._task = None
            return
        await self.flush(timeout)
        self._task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._task
        self._task = None

    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        failing_since: float | None = None
        pause = FIRST_PAUSE
        outage = False
        while True:
            if not self._queue:
                self._idle.set()
                await self._wake.wait()
            self._wake.clear()
            # The oldest, in one transaction (worker thread): all written, or none.
            batch = list(itertools.islice(self._queue, MAX_BATCH))
            if not batch:  # woken by a flush with nothing to write
                continue
            try:
                await asyncio.to_thread(self._write, batch, wait=False)
            except Exception as exc:
                now = loop.time()
                failing_since = now if failing_since is None else failing_since
                if now - failing_since < self.give_up_after:
                    # New questions and flushes cut the pause short; only time gives up.
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(self._wake.wait(), pause)
                    pause = min(pause * 2, LONGEST_PAUSE)
                    continue
                lost = len(self._queue)
                self._queue.clear()
                self.dropped += lost
                if not outage:  # one warning for the outage, however long it lasts
                    _log.warning(
                        "Dropping unanswered-question counts (%d so far): the database "
                        "could not be written for %.0f s (%s); answers are not affected",
                        lost,
                        now - failing_since,
                        exc,
                    )
                    outage = True
                failing_since, pause = None, FIRST_PAUSE
                continue
            if outage:
                _log.info("The unanswered-question log is written again")
                outage = False
            failing_since, pause = None, FIRST_PAUSE
            for _ in batch:
                self._queue.popleft()
