"""Bytes that are not UTF-8, wherever they come in, never break the command line
(issue 9, items 6 and 9): every line is answered, undecodable bytes are replaced,
the output is valid UTF-8, and mistakes get one line, never a traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from helpers import paths

VOLCANOES = str(paths.VOLCANOES)


def run_bytes(*args: str | bytes, stdin: bytes = b"", **env: str) -> tuple[int, bytes, str]:
    """`python -m bot` as a user runs it, with raw bytes in and out."""
    environment = {**os.environ, **env}
    done = subprocess.run(
        [sys.executable, "-m", "bot", *args],
        input=stdin,
        capture_output=True,
        env=environment,
        timeout=60,
    )
    return done.returncode, done.stdout, done.stderr.decode("utf-8", "replace")


LOCALES = [
    {"PYTHONIOENCODING": "utf-8"},  # strict UTF-8: the whole run died with a traceback
    {"LC_ALL": "C.UTF-8", "PYTHONIOENCODING": ""},  # surrogateescape: raw byte copied out
    {"LC_ALL": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0", "PYTHONIOENCODING": ""},
]


@pytest.mark.parametrize("env", LOCALES, ids=["utf-8", "C.UTF-8", "C"])
def test_ask_json_stdin_answers_every_line_and_stays_utf8(env):
    stdin = b"krakatoa\nwhen \xff\xfe\nlava temperature\n"
    code, out, err = run_bytes("ask", "--kb", VOLCANOES, "--json", "-", stdin=stdin, **env)
    assert code == 0 and "Traceback" not in err, err
    lines = [json.loads(line) for line in out.decode("utf-8").splitlines()]  # strict
    assert len(lines) == 3
    assert lines[0]["status"] == "answered" and lines[2]["status"] == "answered"
    assert lines[1]["question"] == "when \ufffd\ufffd"


@pytest.mark.parametrize("env", LOCALES[1:], ids=["C.UTF-8", "C"])
def test_ask_json_argument_with_a_bad_byte_stays_utf8(env):
    code, out, err = run_bytes("ask", "--kb", VOLCANOES, "--json", b"krakatoa \xff", **env)
    assert code == 0 and "Traceback" not in err, err
    assert json.loads(out.decode("utf-8"))["question"] == "krakatoa \ufffd"


def test_eval_on_a_file_that_is_not_utf8_is_one_line(tmp_path):
    questions = tmp_path / "questions.yaml"
    questions.write_bytes(b'- q: "when did it begin \xff"\n  expect: null\n')
    code, _, err = run_bytes("eval", "--kb", VOLCANOES, str(questions))
    assert code == 2 and "Traceback" not in err, err
    assert err.strip().splitlines() == [
        f"crisisbot: {questions}: not UTF-8 text (byte 24: invalid start byte); save it as UTF-8"
    ]


@pytest.mark.parametrize("env", LOCALES, ids=["utf-8", "C.UTF-8", "C"])
def test_console_reads_past_a_bad_byte(env):
    stdin = b"krakatoa\nwhen \xff\n/quit\n"
    code, out, err = run_bytes("console", "--kb", VOLCANOES, stdin=stdin, **env)
    assert code == 0 and "Traceback" not in err, err
    assert out.count(b"Sources:") == 1  # krakatoa answered, then the bad line, then /quit
