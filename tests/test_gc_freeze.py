"""`crisisbot run` keeps its long-lived objects (the engine, what start-up built) out of
the cyclic garbage collector's scans (gc.freeze), and a new engine swapped in by a
reload is frozen too. Plain unit checks; the effect on latency is measured by
bench/load_bench.py (`--no-freeze` to compare)."""

from __future__ import annotations

import gc

from helpers.bots import engine

from bot.config import BotConfig
from bot.core import Engine
from bot.discord_bot import CrisisBot, freeze_long_lived
from bot.storage import Store


def scanned(obj: object) -> bool:
    """Whether the collector still scans ``obj`` (frozen objects are in no generation)."""
    return any(o is obj for o in gc.get_objects())


def test_a_swapped_in_engine_is_frozen_like_the_old_one(tmp_path):
    bot = CrisisBot(engine(), BotConfig(token="t", heartbeat_file=None), Store(tmp_path / "db"))
    fresh = Engine(engine().pack)
    assert gc.is_tracked(fresh) and scanned(fresh)
    try:
        freeze_long_lived()  # as run_bot does once the pack is loaded
        assert not scanned(bot.engine)
        newer = Engine(engine().pack)
        bot.engine = newer  # /kb reload
        assert bot.engine is newer and not scanned(newer)
    finally:
        gc.unfreeze()


def test_without_the_freeze_a_swap_changes_nothing_else(tmp_path):
    assert gc.get_freeze_count() == 0
    bot = CrisisBot(engine(), BotConfig(token="t", heartbeat_file=None), Store(tmp_path / "db"))
    fresh = Engine(engine().pack)
    bot.engine = fresh
    assert bot.engine is fresh and scanned(fresh)
    assert gc.get_freeze_count() == 0
