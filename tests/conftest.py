"""Shared fixtures: a Discord stand-in on 127.0.0.1 that discord.py is pointed at."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from standin import DiscordStandin
from standin.harness import point_discord_at


@pytest.fixture
async def standin(monkeypatch):
    """A running stand-in; discord.py's REST base and gateway point at it for this test."""
    server = await DiscordStandin().start()
    point_discord_at(server, monkeypatch)
    try:
        yield server
    finally:
        await server.stop()


@pytest.fixture
async def crisis_bot(standin):
    """A CrisisBot on the small test pack (tests/packs/discord), connected to the stand-in,
    with in-memory settings and no cooldown."""
    from helpers.bots import make_bot
    from standin import running_bot

    async with running_bot(make_bot(standin), standin) as bot:
        yield bot


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """Where a test's SQLite database goes (created by whoever opens it)."""
    return tmp_path / "crisisbot.sqlite3"


@pytest.fixture
def pack_dir(tmp_path: Path) -> Path:
    """A copy of the small crisis pack that a test may change (and /kb reload)."""
    from helpers.paths import DISCORD_PACK

    target = tmp_path / "pack"
    shutil.copytree(DISCORD_PACK, target)
    return target
