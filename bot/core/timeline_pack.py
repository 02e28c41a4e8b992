"""Reading a pack's ``timeline:`` sections and checking them like entries, every
problem with its file, line and column.

Split from ``pack.py`` (which calls it once the sources and entries are known): the
schema has already checked the shapes (``pack.schema.json``); this checks what a
schema cannot: real dates, a time only on a full date, known source and entry ids,
chronological order within a file, and that each event fits the one embed field
Discord shows it in.
"""

from __future__ import annotations

from collections.abc import Container, Iterable

from .packfile import ParsedFile, Problem
from .timeline import (
    MAX_EVENT_FIELD_CHARS,
    Event,
    event_date_label,
    parse_event_date,
    worst_case_body_chars,
)


def read_timeline(
    parsed_files: Iterable[ParsedFile],
    sources: Container[str],
    entries: Container[str],
    problems: list[Problem],
) -> tuple[Event, ...]:
    """Every file's events, merged in chronological order (each file must already be
    in order); problems are added to ``problems``."""
    events: list[Event] = []
    for parsed in parsed_files:
        previous: Event | None = None
        for i, raw in enumerate(parsed.data.get("timeline") or []):
            event = Event(
                date=raw["date"],
                title=raw["title"].strip(),
                text=" ".join(raw["text"].split()),
                sources=tuple(raw["sources"]),
                time=raw.get("time"),
                entry=raw.get("entry"),
                note=" ".join((raw.get("note") or "").split()) or None,
            )
            found = _event_problems(event, parsed, ("timeline", i), sources, entries)
            problems.extend(found)
            if any(p.message.endswith("is not a real date") for p in found):
                continue
            if previous is not None and _before(event, previous):
                line, column = parsed.at(("timeline", i, "date"))
                problems.append(
                    Problem(
                        parsed.name,
                        line,
                        column,
                        f"timeline: '{event.title}' ({event_date_label(event)}) is out of "
                        f"order: it comes after {event_date_label(previous)}",
                    )
                )
            previous = event
            events.append(event)
    return tuple(sorted(events, key=lambda e: e.order))


def _before(event: Event, previous: Event) -> bool:
    if event.order != previous.order:
        return event.order < previous.order
    return event.time is not None and previous.time is not None and event.time < previous.time


def _event_problems(
    event: Event,
    parsed: ParsedFile,
    base: tuple[str, int],
    sources: Container[str],
    entries: Container[str],
) -> list[Problem]:
    found: list[Problem] = []

    def problem(path: tuple[object, ...], message: str) -> None:
        line, column = parsed.at((*base, *path))
        found.append(
            Problem(parsed.name, line, column, f"timeline event '{event.title}': {message}")
        )

    parts = parse_event_date(event.date)
    if parts is None:
        problem(("date",), f"{event.date!r} is not a real date")
        return found
    if event.time is not None and parts[2] is None:
        problem(("time",), "a time needs a full date (YYYY-MM-DD)")
    seen: set[str] = set()
    for j, source in enumerate(event.sources):
        if source not in sources:
            problem(("sources", j), f"cites unknown source '{source}'")
        if source in seen:
            problem(("sources", j), f"cites '{source}' twice")
        seen.add(source)
    if event.entry is not None and event.entry not in entries:
        problem(("entry",), f"links to unknown entry '{event.entry}'")
    size = worst_case_body_chars(event)
    if size > MAX_EVENT_FIELD_CHARS:
        problem(
            ("text",),
            f"text, note and source marks come to {size} characters; one embed field "
            f"holds {MAX_EVENT_FIELD_CHARS} (shorten the text or the note)",
        )
    return found
