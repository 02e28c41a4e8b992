"""What a pack is about (the ``about:`` of one of its files): its name and summary for
the bot's help and no-answer texts, the colour of its embeds, and the UTC offset its
timeline's dates are local to (so "on this day" is that place's day).

Apart from ``pack.py`` because it is read once per pack, not per entry, and checked on
its own: given twice, or an offset that is not one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from .packfile import ParsedFile, Problem
from .timeline import parse_utc_offset


@dataclass(frozen=True)
class About:
    """What a pack is about, in the words its curators chose."""

    name: str = "this knowledge pack"
    summary: str = "the topics in this knowledge pack"
    short: str = "the topics in this knowledge pack"  # completes "Ask about ..."
    example: str | None = None  # a question the pack answers
    colour: int | None = None  # of the bot's embeds, 0xRRGGBB
    # Where the timeline's dates are local: "on this day" is this zone's day (UTC if
    # the pack does not say; the shipped pack: Lima, UTC-05:00).
    zone: dt.timezone = dt.UTC


def read_about(parsed_files: Iterable[ParsedFile], problems: list[Problem]) -> About:
    """The pack's ``about`` (the defaults if no file has one); problems are added to
    ``problems``, each at its file, line and column."""
    about = About()
    about_from: str | None = None
    for parsed in parsed_files:
        raw = parsed.data.get("about")
        if not raw:
            continue
        if about_from is not None:
            line, column = parsed.at(("about",), key=True)
            problems.append(
                Problem(parsed.name, line, column, f"'about' is already given in {about_from}")
            )
        about_from = parsed.name
        zone = dt.UTC
        try:
            zone = parse_utc_offset(raw.get("utc_offset"))
        except ValueError as exc:
            line, column = parsed.at(("about", "utc_offset"))
            problems.append(Problem(parsed.name, line, column, f"about: utc_offset: {exc}"))
        about = About(
            name=raw["name"].strip(),
            summary=raw["summary"].strip(),
            short=(raw.get("short") or raw["name"]).strip(),
            example=(raw.get("example") or "").strip() or None,
            colour=int(raw["colour"][1:], 16) if raw.get("colour") else None,
            zone=zone,
        )
    return about
