"""Reading a pack's ``timeline:`` sections and checking them like entries, every
problem with its file, line and column.

Split from ``pack.py`` (which calls it once the sources and entries are known): the
schema has already checked the shapes (``pack.schema.json``); this checks what a
schema cannot: real dates, a time only on a full date, known source and entry ids,
chronological order within a file, and that each event fits the one embed field
Discord shows it in.

A translation's events (``timeline:`` in ``knowledge/es/``, by id) are read here too,
by :func:`read_translated_timeline`, against the main events: the same checks as
the entries' translations (an event missing, named twice or unknown, a note on one
side only, numbers and dates that differ). Its problems are its own: the main
timeline is read and checked first, whatever state the translation is in.
"""

from __future__ import annotations

from collections.abc import Container, Iterable
from dataclasses import replace
from pathlib import Path

from .language import language as language_of
from .packfile import ParsedFile, Problem
from .timeline import (
    MAX_EVENT_FIELD_CHARS,
    Event,
    event_date_label,
    parse_event_date,
    worst_case_body_chars,
)
from .translations import disagreements


def read_timeline(
    parsed_files: Iterable[ParsedFile],
    sources: Container[str],
    entries: Container[str],
    problems: list[Problem],
) -> tuple[Event, ...]:
    """Every file's events, merged in chronological order (each file must already be
    in order); problems are added to ``problems``."""
    events: list[Event] = []
    ids: dict[str, str] = {}  # event id -> where it was first given
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
                id=raw.get("id"),
                where=(parsed.name, *parsed.at(("timeline", i, "id" if "id" in raw else "date"))),
            )
            found = _event_problems(event, parsed, ("timeline", i), sources, entries)
            if event.id is not None and event.id in ids:
                line, column = parsed.at(("timeline", i, "id"))
                message = f"duplicate event id '{event.id}' (first given at {ids[event.id]})"
                found.append(Problem(parsed.name, line, column, message))
            elif event.id is not None:
                ids[event.id] = f"{parsed.name}:{parsed.at(('timeline', i, 'id'))[0]}"
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


def read_translated_timeline(
    parsed_files: Iterable[ParsedFile],
    main: tuple[Event, ...],
    code: str,
    folder: Path,
    problems: list[Problem],
) -> tuple[Event, ...]:
    """The main events in language ``code``, from the ``timeline:`` sections of a
    translation folder's files (by id): each main event with its title, text and note
    in that language; date, time, sources and entry are the main event's. An event
    the translation lacks keeps its main text (and is reported, at the main event)."""
    by_id = {event.id: event for event in main if event.id is not None}
    texts: dict[str, tuple[Event, ParsedFile, int]] = {}
    for parsed in parsed_files:
        for i, raw in enumerate(parsed.data.get("timeline") or []):
            line, column = parsed.at(("timeline", i, "id"))
            event_id = raw["id"]
            if event_id not in by_id:
                message = f"no timeline event '{event_id}' in the main pack to translate"
                problems.append(Problem(parsed.name, line, column, message))
                continue
            if event_id in texts:
                there = texts[event_id][1].name
                message = f"timeline event '{event_id}' is already translated in {there}"
                problems.append(Problem(parsed.name, line, column, message))
                continue
            translated = replace(
                by_id[event_id],
                title=raw["title"].strip(),
                text=" ".join(raw["text"].split()),
                note=" ".join((raw.get("note") or "").split()) or None,
                where=(parsed.name, line, column),
            )
            texts[event_id] = (translated, parsed, i)

    name = language_of(code).name
    events = []
    for event in main:
        if event.id is None or event.id not in texts:
            file, line, column = event.where or ("", 0, 0)
            what = f"'{event.id}'" if event.id else f"'{event.title}' (give it an id)"
            message = f"timeline event {what} has no {name} text (add it to a file in {folder})"
            problems.append(Problem(file, line, column, message))
            events.append(event)
            continue
        translated, parsed, i = texts[event.id]
        events.append(translated)
        problems.extend(_translation_problems(event, translated, parsed, i, code))
    return tuple(events)


def _translation_problems(
    event: Event,
    translated: Event,
    parsed: ParsedFile,
    i: int,
    code: str,
) -> list[Problem]:
    found: list[Problem] = []

    def problem(field: str, message: str) -> None:
        line, column = parsed.at(("timeline", i, field))
        found.append(Problem(parsed.name, line, column, f"timeline event '{event.id}': {message}"))

    if bool(translated.note) != bool(event.note):
        problem(
            "note" if translated.note else "id",
            "a note the main event lacks" if translated.note else "note missing",
        )
    for field in ("title", "text", "note"):
        mine, theirs = getattr(translated, field), getattr(event, field)
        if mine and theirs:
            for message in disagreements(theirs, mine, code):
                problem(field, f"{field}: {message}")
    size = worst_case_body_chars(translated, code)
    if size > MAX_EVENT_FIELD_CHARS:
        problem(
            "text",
            f"text, note and source marks come to {size} characters; one embed field "
            f"holds {MAX_EVENT_FIELD_CHARS} (shorten the text or the note)",
        )
    return found
