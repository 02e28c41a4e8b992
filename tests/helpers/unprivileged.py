"""Helpers for tests that need no Discord."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator


@contextlib.contextmanager
def unprivileged() -> Iterator[None]:
    """Run as 'nobody' for the duration if we are root (root ignores file modes)."""
    if os.geteuid() != 0:
        yield
        return
    os.setegid(65534)
    os.seteuid(65534)
    try:
        yield
    finally:
        os.seteuid(0)
        os.setegid(0)
