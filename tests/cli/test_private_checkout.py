"""The test suite passes from a checkout only its owner can enter (issue 9, item 10).

A newcomer who clones into their home directory (or under `mktemp -d`) has a
checkout other users cannot enter; the tests that drop to an unprivileged user
must not need anything from it. This runs those tests from such a copy."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest
from helpers.paths import REPO

ROOT = REPO


@pytest.mark.skipif(os.geteuid() != 0, reason="only root drops privileges in these tests")
def test_privilege_dropping_tests_pass_from_a_private_checkout(tmp_path):
    home = tmp_path / "home"
    home.mkdir(mode=0o700)
    home.chmod(0o700)
    checkout = home / "crisisbot"
    for part in ("bot", "tests", "knowledge"):
        shutil.copytree(ROOT / part, checkout / part, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", checkout)
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "tests/storage/test_persistence_start.py::test_read_only_database_file",
            "tests/storage/test_connection.py::test_read_only_file",
            "tests/storage/test_connection.py::test_read_only_directory",
        ],
        cwd=checkout,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert "3 passed" in done.stdout


def test_a_pack_folder_this_user_cannot_enter_is_a_problem_not_a_traceback(tmp_path):
    from helpers.unprivileged import unprivileged

    from bot.core import validate_pack

    if os.geteuid() != 0:
        pytest.skip("only root drops privileges in these tests")
    home = tmp_path / "home"
    home.mkdir()
    home.chmod(0o700)
    with unprivileged():
        pack, problems = validate_pack(home / "pack")
    assert pack is None
    assert [str(p) for p in problems] == [f"{home / 'pack'}:0:0: cannot open: Permission denied"]
