"""Shared fixtures: a Discord stand-in on 127.0.0.1 that discord.py is pointed at."""

from __future__ import annotations

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
