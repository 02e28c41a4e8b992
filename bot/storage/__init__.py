"""Persistence: server settings, the fact history, the fact of the day's claims, the
unanswered-question log, feedback on answers and answer counts, in one SQLite file
(stdlib ``sqlite3``, no discord import).

Start with ``store.py`` (the ``Store`` and its jobs), then the module of the job
you need; ``connection.py`` explains durability, concurrency and errors.
"""

from .anniversaries import AnniversaryClaim, AnniversarySchedule
from .connection import StoreBusy, StoreError
from .facts import FOTD_POSTER, FactPost
from .feedback import REASONS, Report
from .fotd import FotdClaim, due_day, next_post_time
from .migrations import MIGRATIONS, SCHEMA_VERSION
from .settings import UNSET, ChannelMode, GuildSettings
from .stats import Variant
from .store import DEFAULT_RETENTION_DAYS, Store
from .unanswered import Gap, normalize_question

__all__ = [
    "DEFAULT_RETENTION_DAYS",
    "FOTD_POSTER",
    "MIGRATIONS",
    "REASONS",
    "SCHEMA_VERSION",
    "UNSET",
    "AnniversaryClaim",
    "AnniversarySchedule",
    "ChannelMode",
    "FactPost",
    "FotdClaim",
    "Gap",
    "GuildSettings",
    "Report",
    "Store",
    "StoreBusy",
    "StoreError",
    "Variant",
    "due_day",
    "next_post_time",
    "normalize_question",
]
