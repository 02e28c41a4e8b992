"""``Store``: crisisbot's state in one SQLite file, one attribute per job.

* ``store.settings``: server settings (``settings.py``);
* ``store.facts``: the fact history and which fact comes next (``facts.py``);
* ``store.fotd``: the fact of the day's claims and schedule (``fotd.py``);
* ``store.unanswered``: the unanswered-question log (``unanswered.py``);
* ``store.anniversaries``: the "on this day" posts' schedule and claims
  (``anniversaries.py``);
* ``store.feedback``: members' votes and reports on answers (``feedback.py``);
* ``store.stats``: what gets asked, counted per entry and day (``stats.py``).

Each job's SQL is in its own module; the file, its transactions and its errors are
in ``connection.py``, the schema in ``migrations.py``. The store only opens the file
and does what spans every job (forgetting a server, periodic upkeep).
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from . import anniversaries, facts, feedback, fotd, settings, stats, unanswered
from .anniversaries import Anniversaries
from .connection import DEFAULT_BUSY_TIMEOUT, Database
from .facts import FactHistory
from .feedback import Feedback
from .fotd import FactOfTheDayClaims
from .settings import ServerSettings
from .stats import AnswerStats
from .unanswered import UnansweredQuestions

DEFAULT_RETENTION_DAYS = 90


class Store:
    """Open (create, migrate) the database at ``path``; raises StoreError, naming the
    path and what to do, if it cannot be used. ``readonly``: never creates, migrates
    or writes (``crisisbot gaps``)."""

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        retention_days: int = DEFAULT_RETENTION_DAYS,
        busy_timeout: float = DEFAULT_BUSY_TIMEOUT,
        synchronous: str = "NORMAL",
        readonly: bool = False,
        now: dt.datetime | None = None,
    ):
        if retention_days < 1:
            raise ValueError("retention_days must be at least 1")
        self.db = Database(
            path, busy_timeout=busy_timeout, synchronous=synchronous, readonly=readonly
        )
        self.settings = ServerSettings(self.db)
        self.facts = FactHistory(self.db)
        self.fotd = FactOfTheDayClaims(self.db)
        self.unanswered = UnansweredQuestions(self.db, retention_days)
        self.anniversaries = Anniversaries(self.db)
        self.feedback = Feedback(self.db, retention_days)
        self.stats = AnswerStats(self.db, retention_days)
        if not readonly:
            self.prune(now)

    @property
    def path(self) -> Path:
        return self.db.path

    @property
    def retention_days(self) -> int:
        return self.unanswered.retention_days

    def forget_guild(self, guild_id: int) -> None:
        """Delete everything stored for a server (e.g. when the bot leaves it)."""
        with self.db.tx() as conn:
            fotd.delete_guild(conn, guild_id)
            anniversaries.delete_guild(conn, guild_id)
            facts.delete_guild(conn, guild_id)
            settings.delete_guild(conn, guild_id)
            unanswered.delete_guild(conn, guild_id)
            feedback.delete_guild(conn, guild_id)
            stats.delete_guild(conn, guild_id)

    def prune(self, now: dt.datetime | None = None) -> int:
        """Apply the retention window to everything kept per day (the unanswered log,
        feedback, the answer counts); returns how many rows went."""
        return self.unanswered.prune(now) + self.feedback.prune(now) + self.stats.prune(now)

    def maintenance(self, now: dt.datetime | None = None) -> int:
        """Periodic upkeep (hourly, from the fact-of-the-day scheduler): check that the
        file on disk is still the one opened (StoreError if it was deleted or replaced),
        prune what is kept per day (``prune``), let SQLite optimize; returns how many rows
        went."""
        self.db.check_identity()
        pruned = self.prune(now)
        self.db.optimize()
        return pruned

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
