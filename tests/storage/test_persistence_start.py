"""`crisisbot run` and its database at start: a folder that is missing, a path that
is a directory, a file that is not a database, a read-only file → one clear line and
exit status 2, quickly, before anything connects to Discord. A removed file is
created afresh (with a warning) and the bot runs."""

from __future__ import annotations

import asyncio
import contextlib
import shutil
import signal
import stat
import tempfile
import time
from pathlib import Path

import discord
import pytest
from helpers.bots import PACK, start_bot_process
from helpers.unprivileged import unprivileged
from standin import DiscordStandin

from bot.config import Config
from bot.core import validate_pack
from bot.discord_bot import run_bot
from bot.storage import Store

QUICK = 15.0  # seconds: generous for a loaded machine; a hang would be far longer


async def refused(standin: DiscordStandin, db: Path) -> str:
    """Run `crisisbot run` on ``db``; assert exit 2, quickly, with nothing sent to
    Discord; return stderr."""
    began = time.monotonic()
    proc = await start_bot_process(standin, db)
    try:
        out, err = await asyncio.wait_for(proc.communicate(), timeout=QUICK)
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
    elapsed = time.monotonic() - began
    text = err.decode()
    assert proc.returncode == 2, text + out.decode()
    assert elapsed < QUICK
    assert standin.requests.items == []  # refused before connecting
    assert not list(standin.sessions())
    lines = [line for line in text.splitlines() if line.startswith("crisisbot:")]
    assert len(lines) == 1, text
    assert str(db) in lines[0] and "CRISISBOT_DB" in lines[0]
    assert "Traceback" not in text
    return lines[0]


async def test_missing_folder(standin: DiscordStandin, tmp_path: Path):
    line = await refused(standin, tmp_path / "not-mounted" / "crisisbot.sqlite3")
    assert "does not exist" in line and "Create it" in line


async def test_path_is_a_directory(standin: DiscordStandin, tmp_path: Path):
    db = tmp_path / "crisisbot.sqlite3"
    db.mkdir()
    assert "is a directory" in await refused(standin, db)


async def test_not_a_database(standin: DiscordStandin, tmp_path: Path):
    db = tmp_path / "crisisbot.sqlite3"
    db.write_bytes(b"this is not an SQLite file\n" * 200)
    assert "not a usable SQLite database" in await refused(standin, db)


async def test_removed_file_is_created_afresh_and_the_bot_runs(
    standin: DiscordStandin, tmp_path: Path
):
    db = tmp_path / "crisisbot.sqlite3"
    with Store(db) as store:
        store.settings.update(standin.guild.id, cooldown_seconds=9)
    for suffix in ("", "-wal", "-shm"):
        with contextlib.suppress(FileNotFoundError):
            Path(f"{db}{suffix}").unlink()
    proc = await start_bot_process(standin, db)
    try:
        await standin.wait_ready(timeout=30)
        proc.send_signal(signal.SIGTERM)
        _out, err = await asyncio.wait_for(proc.communicate(), timeout=15)
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
    assert proc.returncode == 0
    assert f"No database at {db}: created a new one" in err.decode()
    with Store(db) as store:
        assert store.settings.get(standin.guild.id).cooldown_seconds == 5  # a fresh start


# Read-only needs a user that file modes apply to: the tests run as root, and
# 'nobody' cannot run this interpreter (it lives under /root), so this case calls
# run_bot in-process with the effective uid dropped, as tests/storage/test_connection.py does.


def test_read_only_database_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
):
    shared = Path(tempfile.mkdtemp(prefix="crisisbot-ro-"))
    shared.chmod(0o777)
    db = shared / "crisisbot.sqlite3"
    # 'nobody' may not be able to enter the checkout (a clone in a home directory, or
    # under `mktemp -d`, is private to its owner): it gets its own copy of the pack,
    # and the pack's schema is read before the privileges are dropped.
    pack = shared / "pack"
    shutil.copytree(PACK, pack)
    for path in [pack, *pack.iterdir()]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    assert validate_pack(pack)[1] == []
    try:
        Store(db).close()
        db.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
        monkeypatch.setenv("CRISISBOT_DB", str(db))
        monkeypatch.setenv("DISCORD_TOKEN", "not-used")
        monkeypatch.setenv("CRISISBOT_HEARTBEAT_FILE", "")
        monkeypatch.setattr(discord.utils, "setup_logging", lambda **kwargs: None)
        serve_called = []
        monkeypatch.setattr("bot.discord_bot.serve", lambda *a, **k: serve_called.append(a))
        began = time.monotonic()
        with unprivileged():
            status = run_bot(Config.from_env(pack=str(pack)))
        assert time.monotonic() - began < QUICK
        assert status == 2 and not serve_called
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and err.startswith("crisisbot: not starting:")
        assert "read-only" in err and str(db) in err and "writable" in err
    finally:
        shutil.rmtree(shared)
