"""The last copy of a pack that loaded cleanly, to start from when the pack on disk
is broken.

A moderator's slip in one YAML file (a tab, a lost quote) must not take the bot off
a server at its next restart. ``/kb reload`` already keeps the old pack answering
when the new one is broken, but a restart had no old pack to keep, so the bot
refused to start and the server had no answers until someone read the log. So
every pack that loads without problems is copied (its YAML files, its gate, its
language folders) into the cache folder, one copy per pack folder; when the pack on
disk has problems at start, ``crisisbot run`` logs them (file:line:column) and
serves the copy, and ``/kb reload`` swaps in the fixed pack once it is fixed.

The copy is a cache: losing it loses only the fallback, and failing to write it
(a read-only or full disk) is logged, never fatal.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .pack import Pack, validate_pack
from .packfile import Problem

_log = logging.getLogger("crisisbot.pack")

FOLDER = "last-good-pack"
RECORD = "copied-from.json"
PACK_SUFFIXES = (".yaml", ".yml", ".json")


@dataclass(frozen=True)
class Copy:
    """A saved copy: where it is, which folder it was copied from, and when."""

    path: Path
    source: str
    saved_at: str


def _pack_files(directory: Path) -> list[Path]:
    """The files a pack is read from, relative to its folder: YAML and JSON files in
    it and in its language folders (the gate too), hidden and ``_`` names left out."""
    found = []
    for path in sorted([*directory.glob("*"), *directory.glob("*/*")]):
        relative = path.relative_to(directory)
        if any(part.startswith((".", "_")) for part in relative.parts):
            continue
        if path.suffix in PACK_SUFFIXES and path.is_file():
            found.append(relative)
    return found


def _slot(pack_dir: Path, cache_dir: Path) -> Path:
    """The copy's folder: one per pack folder, so ``--kb`` on another pack never
    falls back to this one's answers."""
    key = hashlib.sha256(str(pack_dir.resolve()).encode("utf-8")).hexdigest()[:16]
    return cache_dir / FOLDER / key


def _digest(directory: Path, files: list[Path]) -> str:
    digest = hashlib.sha256()
    for relative in files:
        digest.update(str(relative).encode("utf-8") + b"\0")
        digest.update((directory / relative).read_bytes() + b"\0")
    return digest.hexdigest()


def remember(pack_dir: Path, cache_dir: Path, saved_at: str) -> Path:
    """Copy the pack at ``pack_dir`` (which just loaded cleanly) into the cache,
    replacing the previous copy; returns the copy's folder. Nothing is written when
    the copy already holds these files. Raises OSError if it cannot be written."""
    slot = _slot(pack_dir, cache_dir)
    files = _pack_files(pack_dir)
    digest = _digest(pack_dir, files)
    record_path = slot / RECORD
    try:
        if json.loads(record_path.read_text(encoding="utf-8")).get("digest") == digest:
            return slot
    except (OSError, ValueError, AttributeError):
        pass
    slot.parent.mkdir(parents=True, exist_ok=True)
    fresh = Path(tempfile.mkdtemp(prefix=".new-", dir=slot.parent))
    try:
        for relative in files:
            target = fresh / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(pack_dir / relative, target)
        record = {"source": str(pack_dir.resolve()), "saved_at": saved_at, "digest": digest}
        (fresh / RECORD).write_text(json.dumps(record, indent=1), encoding="utf-8")
        # Two renames: a crash between them leaves no copy, never half of one.
        if slot.exists():
            old = Path(tempfile.mkdtemp(prefix=".old-", dir=slot.parent))
            os.replace(slot, old / "pack")
            shutil.rmtree(old, ignore_errors=True)
        os.replace(fresh, slot)
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)
        raise
    return slot


def remember_quietly(pack_dir: Path, cache_dir: Path | None, saved_at: str) -> None:
    """``remember``, logging instead of raising when the copy cannot be written (the
    copy is only a fallback); nothing without a cache folder."""
    if cache_dir is None:
        return
    try:
        remember(pack_dir, cache_dir, saved_at)
    except OSError as exc:
        _log.warning("Could not keep a copy of the pack to start from (%s)", exc)


def recall(pack_dir: Path, cache_dir: Path) -> Copy | None:
    """The saved copy of the pack at ``pack_dir``, or None if there is none."""
    slot = _slot(pack_dir, cache_dir)
    try:
        record = json.loads((slot / RECORD).read_text(encoding="utf-8"))
        return Copy(slot, str(record["source"]), str(record["saved_at"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def validate_or_recall(
    pack_dir: Path, cache_dir: Path | None, *, max_file_bytes: int, now: str
) -> tuple[Pack | None, list[Problem], Copy | None]:
    """The pack to start with: the one at ``pack_dir`` if it is clean (remembered
    for next time), else the saved copy of it if there is a clean one. Returns
    (pack, the problems of the pack on disk, the copy served or None); (None,
    problems, None) when there is nothing to serve."""
    pack, problems = validate_pack(pack_dir, max_file_bytes=max_file_bytes)
    if pack is not None and not problems:
        remember_quietly(pack_dir, cache_dir, now)
        return pack, [], None
    copy = recall(pack_dir, cache_dir) if cache_dir is not None else None
    if copy is None:
        return None, problems, None
    saved, saved_problems = validate_pack(copy.path, max_file_bytes=max_file_bytes)
    if saved is None or saved_problems:  # the cache was damaged: nothing to serve
        return None, problems, None
    return saved, problems, copy
