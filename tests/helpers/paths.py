"""Where things are, for tests at any depth of ``tests/``."""

from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]
REPO = TESTS.parent
PACKS = TESTS / "packs"
DISCORD_PACK = PACKS / "discord"  # a small crisis pack for the Discord tests
VOLCANOES = PACKS / "volcanoes"  # an unrelated pack: no code change for another subject
