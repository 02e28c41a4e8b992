"""Persistence: server settings, the fact history, the fact of the day's claims and the
unanswered-question log, in one SQLite file (stdlib ``sqlite3``, no discord import).

Start with ``store.py`` (the ``Store`` and its four jobs), then the module of the job
you need; ``connection.py`` explains durability, concurrency and errors.
"""

from .anniversaries import AnniversaryClaim, AnniversarySchedule
from .connection import StoreBusy, StoreError
from .facts import FOTD_POSTER, FactPost
from .fotd import FotdClaim, due_day, next_post_time
from .migrations import MIGRATIONS, SCHEMA_VERSION
from .settings import UNSET, ChannelMode, GuildSettings
from .store import DEFAULT_RETENTION_DAYS, Store
from .unanswered import Gap, normalize_question

__all__ = [
    "DEFAULT_RETENTION_DAYS",
    "FOTD_POSTER",
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "UNSET",
    "AnniversaryClaim",
    "AnniversarySchedule",
    "ChannelMode",
    "FactPost",
    "FotdClaim",
    "Gap",
    "GuildSettings",
    "Store",
    "StoreBusy",
    "StoreError",
    "due_day",
    "next_post_time",
    "normalize_question",
]
