"""The bot token from DISCORD_TOKEN_FILE (issue 9, item 9): a byte-order mark is not
part of the token (Discord refused it, and operators reset a good token), UTF-16 is
read, and a binary file or a token with stray characters is a one-line error that
never quotes the token."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from bot.settings import ConfigError, read_token

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
