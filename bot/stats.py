"""Counting what gets asked without slowing the answers down.

Every answer the bot serves is counted per server and entry (``/kb stats``,
``crisisbot stats``), and a question that got "did you mean" or nothing, followed by
the member picking a suggestion, is kept as a candidate variant for the pack
(``crisisbot gaps --variants``). Answers are the hot path (the load bench runs 300
``/ask`` a second), so counting is a dictionary increment: ``AnswerCounter`` adds
counts up in memory and one task writes them every ``FLUSH_SECONDS`` in a single
transaction from a worker thread, never waiting for a lock (a locked database keeps
the counts in memory for the next try; they merge, so memory stays bounded by the
number of distinct entries). A crash loses at most the last few seconds of counts.

Which question a pick belongs to is remembered in memory only (``PendingQuestions``:
per server and member, the last unanswered or "did you mean" question, for ten
minutes): the member's id is never written, and a restart just forgets it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterable
from typing import Any

from .core import MatchResult
from .core.text import fold
from .storage.stats import CountKey, PickKey

_log = logging.getLogger("crisisbot.stats")

FLUSH_SECONDS = 5.0
PENDING_SECONDS = 600.0  # how long a question waits for its member to pick a suggestion
PENDING_MAX = 10_000

Writer = Callable[..., Any]  # store.stats.add


class PendingQuestions:
    """(server, member) -> the question that got "did you mean" or no answer, with
    the entries suggested, until the member picks one or ``PENDING_SECONDS`` pass."""

    def __init__(self, ttl: float = PENDING_SECONDS, size: int = PENDING_MAX) -> None:
        self.ttl = ttl
        self.size = size
        self._items: OrderedDict[tuple[int, int], tuple[str, frozenset[str], float]] = OrderedDict()

    def remember(self, guild_id: int, user_id: int, question: str, offered: Iterable[str]) -> None:
        key = (guild_id, user_id)
        self._items.pop(key, None)
        self._items[key] = (question, frozenset(offered), time.monotonic())
        while len(self._items) > self.size:
            self._items.popitem(last=False)

    def has(self, guild_id: int, user_id: int) -> bool:
        return (guild_id, user_id) in self._items

    def take(self, guild_id: int, user_id: int, entry_id: str, *, offered: bool) -> str | None:
        """The member's pending question if ``entry_id`` answers it: it was among the
        suggestions (``offered``), or the member picked it some other way (from
        /ask's autocomplete after no answer). Forgets it either way."""
        item = self._items.pop((guild_id, user_id), None)
        if item is None:
            return None
        question, suggested, since = item
        if time.monotonic() - since > self.ttl:
            return None
        if offered and entry_id not in suggested:
            return None
        return question


class AnswerCounter:
    """``count``/``pick`` never block; ``start`` the writer on the bot's loop, ``flush``
    before reading the counts (``/kb stats``), ``stop`` at the end."""

    def __init__(self, write: Writer, flush_seconds: float = FLUSH_SECONDS) -> None:
        self._write = write
        self.flush_seconds = flush_seconds
        self.counts: Counter[CountKey] = Counter()
        self.picks: Counter[PickKey] = Counter()
        self.pending = PendingQuestions()
        self._task: asyncio.Task[None] | None = None
        self._wake = asyncio.Event()
        self._lock = asyncio.Lock()
        self._failing = False

    # ------------------------------------------------------------------ the hot path

    def count(self, guild_id: int | None, entry_id: str, kind: str = "answer") -> None:
        self.counts[(guild_id or 0, entry_id, kind)] += 1

    def answered(
        self, guild_id: int | None, user_id: int, question: str, result: MatchResult
    ) -> None:
        """Note an engine result a member got: count an answer; remember a question that
        got "did you mean" or nothing; and a question that *is* an entry's own question
        (picked from /ask's autocomplete) right after one that got no answer pairs the
        two."""
        guild = guild_id or 0
        if result.status == "answered" and result.entry is not None:
            entry = result.entry
            self.counts[(guild, entry.id, "answer")] += 1
            if self.pending.has(guild, user_id) and fold(question) == fold(entry.question):
                earlier = self.pending.take(guild, user_id, entry.id, offered=False)
                if earlier is not None and fold(earlier) != fold(question):
                    self.picks[(guild, entry.id, earlier)] += 1
        else:
            offered = [s.entry.id for s in result.suggestions] if result.status == "suggest" else []
            self.pending.remember(guild, user_id, question, offered)

    def picked(self, guild_id: int | None, user_id: int, entry_id: str) -> None:
        """A member picked a "did you mean" suggestion."""
        guild = guild_id or 0
        self.counts[(guild, entry_id, "pick")] += 1
        question = self.pending.take(guild, user_id, entry_id, offered=True)
        if question is not None:
            self.picks[(guild, entry_id, question)] += 1

    # ------------------------------------------------------------------ writing

    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.create_task(self._run(), name="crisisbot answer counts")

    async def flush(self, *, wait: bool = True) -> bool:
        """Write what is counted so far; False if the database could not take it (the
        counts stay for the next try). ``wait``: wait for the write lock (up to the
        busy timeout, in the worker thread), as a reader of the counts does (``/kb
        stats``, stopping); the periodic writer does not, and tries again later."""
        async with self._lock:
            if not self.counts and not self.picks:
                return True
            counts, picks = self.counts, self.picks
            self.counts, self.picks = Counter(), Counter()
            try:
                await asyncio.to_thread(
                    self._write, list(counts.items()), list(picks.items()), wait=wait
                )
            except Exception as exc:
                self.counts.update(counts)  # keep them: they merge with the new ones
                self.picks.update(picks)
                if not self._failing:
                    _log.warning("Answer counts not written yet (%s); will retry", exc)
                    self._failing = True
                return False
            if self._failing:
                _log.info("Answer counts are written again")
                self._failing = False
            return True

    async def _run(self) -> None:
        while True:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), self.flush_seconds)
            self._wake.clear()
            await self.flush(wait=False)

    async def stop(self) -> None:
        if self._task is None:
            return
        self._task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._task
        self._task = None
        await self.flush()
