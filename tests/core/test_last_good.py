"""The last clean copy of a pack (bot/core/last_good.py): what a restart with a broken
pack starts from."""

from __future__ import annotations

import shutil
from pathlib import Path

from helpers.paths import PACKS

from bot.core import last_good

SMALL = PACKS / "discord"
NOW = "2026-11-30T05:00:00+00:00"


def _pack(tmp_path: Path) -> Path:
    pack = tmp_path / "pack"
    shutil.copytree(SMALL, pack)
    return pack


def test_a_clean_pack_is_remembered_and_a_broken_one_gets_the_copy(tmp_path: Path):
    pack, cache = _pack(tmp_path), tmp_path / "cache"
    served, problems, copy = last_good.validate_or_recall(
        pack, cache, max_file_bytes=2**21, now=NOW
    )
    assert served is not None and problems == [] and copy is None
    entry_ids = list(served.entries)

    (pack / "entries.yaml").write_text("entries:\n  - id: [broken\n")
    served, problems, copy = last_good.validate_or_recall(
        pack, cache, max_file_bytes=2**21, now="later"
    )
    assert any(str(p).startswith(f"{pack / 'entries.yaml'}:3:") for p in problems)
    assert copy is not None and copy.saved_at == NOW and copy.source == str(pack.resolve())
    assert served is not None and list(served.entries) == entry_ids
    # The broken files were not copied over the clean copy.
    assert "[broken" not in (copy.path / "entries.yaml").read_text()


def test_each_pack_folder_has_its_own_copy(tmp_path: Path):
    cache = tmp_path / "cache"
    first = _pack(tmp_path)
    last_good.remember(first, cache, NOW)
    other = tmp_path / "other"
    other.mkdir()
    assert last_good.recall(other, cache) is None
    served, problems, copy = last_good.validate_or_recall(
        other, cache, max_file_bytes=2**21, now=NOW
    )
    assert served is None and problems and copy is None  # nothing to fall back on


def test_an_unchanged_pack_is_not_copied_again_and_a_changed_one_replaces_it(tmp_path: Path):
    pack, cache = _pack(tmp_path), tmp_path / "cache"
    slot = last_good.remember(pack, cache, NOW)
    assert last_good.remember(pack, cache, "later") == slot
    assert last_good.recall(pack, cache).saved_at == NOW  # same files: kept as it was
    entries = pack / "entries.yaml"
    entries.write_text(entries.read_text() + "\n# a comment\n")
    last_good.remember(pack, cache, "later")
    assert last_good.recall(pack, cache).saved_at == "later"
    assert (slot / "entries.yaml").read_text().endswith("# a comment\n")
    assert [p.name for p in slot.parent.iterdir()] == [slot.name]  # no leftovers


def test_a_cache_that_cannot_be_written_only_costs_the_fallback(tmp_path: Path, caplog):
    pack = _pack(tmp_path)
    blocked = tmp_path / "cache"
    blocked.write_text("a file where the cache folder should be")
    served, problems, copy = last_good.validate_or_recall(
        pack, blocked, max_file_bytes=2**21, now=NOW
    )
    assert served is not None and problems == [] and copy is None
    assert "Could not keep a copy of the pack" in caplog.text
