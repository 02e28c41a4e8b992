"""The bot token from DISCORD_TOKEN_FILE (issue 9, item 9): a byte-order mark is not
part of the token (Discord refused it, and operators reset a good token), UTF-16 is
read, and a binary file or a token with stray characters is a one-line error that
never quotes the token."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from helpers.paths import REPO

from bot.config import BotConfig, Config, ConfigError, read_token

TOKEN = "MTIzNDU2Nzg5MDEyMzQ1Njc4.GaBcDe.abcdefghijklmnopqrstuvwxyz_-0123456789"


@pytest.mark.parametrize(
    "raw",
    [
        TOKEN.encode() + b"\n",
        b"\xef\xbb\xbf" + TOKEN.encode() + b"\r\n",  # UTF-8 with a byte-order mark
        (TOKEN + "\r\n").encode("utf-16"),  # UTF-16 with its mark (Notepad "Unicode")
        (TOKEN + "\n").encode("utf-16-be").join([b"\xfe\xff", b""]),
    ],
    ids=["utf-8", "utf-8 BOM", "utf-16", "utf-16-be"],
)
def test_the_token_is_read_from_text_files(tmp_path, raw):
    path = tmp_path / "token"
    path.write_bytes(raw)
    assert read_token({"DISCORD_TOKEN_FILE": str(path)}) == TOKEN


def test_a_bom_in_the_variable_is_not_part_of_the_token():
    assert read_token({"DISCORD_TOKEN": "\ufeff" + TOKEN}) == TOKEN


@pytest.mark.parametrize(
    ("raw", "says"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xd8", "is not a text file"),
        (TOKEN.encode("utf-16-le"), "does not look like a token"),  # UTF-16 without a mark
        ((TOKEN + " oops").encode(), "does not look like a token"),
    ],
    ids=["binary", "utf-16 without mark", "stray text"],
)
def test_a_file_that_holds_no_token_is_a_one_line_error(tmp_path, raw, says):
    path = tmp_path / "token"
    path.write_bytes(raw)
    with pytest.raises(ConfigError) as caught:
        read_token({"DISCORD_TOKEN_FILE": str(path)})
    assert says in str(caught.value) and TOKEN[:10] not in str(caught.value)


def test_crisisbot_run_with_a_binary_token_file_stops_with_one_line(tmp_path):
    path = tmp_path / "token"
    path.write_bytes(b"\x00\xff\xfe\x80binary")
    env = {k: v for k, v in os.environ.items() if k != "DISCORD_TOKEN"}
    env.update(DISCORD_TOKEN_FILE=str(path), CRISISBOT_DB=str(tmp_path / "db.sqlite3"))
    done = subprocess.run(
        [sys.executable, "-m", "bot", "run"], capture_output=True, text=True, env=env, timeout=60
    )
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert done.stderr.strip().splitlines() == [
        f"crisisbot: not starting: DISCORD_TOKEN_FILE names {path}, which is not a text "
        "file; save the token in it as plain text"
    ]


# ------------------------------------------------------------------ the rest of the environment


def test_paths_and_options_come_from_the_environment(tmp_path):
    assert Config.from_env({}).db_path == Path("crisisbot.sqlite3")
    app = Config.from_env(
        {
            "CRISISBOT_DB": str(tmp_path / "env.sqlite3"),
            "CRISISBOT_KB": str(tmp_path),
            "CRISISBOT_CACHE_DIR": str(tmp_path / "cache"),
            "CRISISBOT_EMBEDDINGS": "OFF",
            "CRISISBOT_MAX_PACK_FILE_BYTES": "1000",
            "CRISISBOT_GAPS_RETENTION_DAYS": "7",
        }
    )
    assert app.db_path == tmp_path / "env.sqlite3" and app.pack_path == tmp_path
    assert app.cache_dir == tmp_path / "cache" and app.embeddings == "off"
    assert app.max_pack_file_bytes == 1000 and app.retention_days == 7
    assert Config.from_env({"CRISISBOT_KB": "elsewhere"}, pack=str(tmp_path)).pack_path == tmp_path
    assert Config.from_env({"XDG_CACHE_HOME": str(tmp_path)}).cache_dir == tmp_path / "crisisbot"


@pytest.mark.parametrize("days", ["soon", "0"])
def test_a_bad_retention_window_is_a_config_error(days):
    with pytest.raises(ConfigError, match="CRISISBOT_GAPS_RETENTION_DAYS"):
        Config.from_env({"CRISISBOT_GAPS_RETENTION_DAYS": days})


def test_the_dm_cooldown_has_the_same_ceiling_as_config_cooldown():
    env = {"DISCORD_TOKEN": "t"}
    assert (
        BotConfig.from_env({**env, "CRISISBOT_COOLDOWN_SECONDS": "3600"}).cooldown_seconds == 3600
    )
    with pytest.raises(ConfigError, match="between 0 and 3600"):
        BotConfig.from_env({**env, "CRISISBOT_COOLDOWN_SECONDS": "3601"})


def test_no_other_module_reads_the_environment():
    """bot/config.py is the one place: the core takes paths and limits as arguments."""
    root = REPO / "bot"
    readers = sorted(
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if "os.environ" in path.read_text(encoding="utf-8")
        or "getenv(" in path.read_text(encoding="utf-8")
    )
    assert readers == ["config.py"]
