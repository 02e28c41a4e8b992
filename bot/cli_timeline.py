"""``crisisbot timeline [WHEN]``, ``--today``, ``--on MM-DD`` and ``--json``: the pack's
timeline on the command line, as ``/timeline`` and the anniversary posts show it.

A module of its own because ``cli.py`` is near the 500-line limit; ``cli.py`` only
adds the parser (``add_parser``) and otherwise knows nothing of timelines.

``--lang es|en|auto`` as for ``crisisbot ask``: the events and the words around them
in that language of the pack (``knowledge/es/timeline.yaml``); ``auto``, the default,
reads the language of WHEN's words ("22 de abril" is Spanish), else the main one.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import textwrap
from typing import Any, TextIO

from .console import add_language_option
from .core import Pack, Source
from .core.catalog import message
from .core.render import source_links
from .core.timeline import (
    Event,
    When,
    WhenError,
    event_date_label,
    events_matching,
    filter_language,
    local_date,
    months_with_events,
    on_day,
    parse_when,
)

WIDTH = 88


def numbered_sources(events: list[Event], pack: Pack) -> dict[str, int]:
    """Source id -> number, in order of first citation (as answers number them)."""
    numbers: dict[str, int] = {}
    for event in events:
        for source_id in event.sources:
            if source_id in pack.sources:
                numbers.setdefault(source_id, len(numbers) + 1)
    return numbers


def _wrap(text: str, indent: str = "  ") -> str:
    return textwrap.fill(text, WIDTH, initial_indent=indent, subsequent_indent=indent)


def render_events(pack: Pack, when: When, events: list[Event]) -> str:
    """For a person, in the pack's language (``pack``: the main one or a translation)."""
    code = pack.language
    numbers = numbered_sources(events, pack)
    count = message("timeline_events", code, count=len(events))
    title = message("timeline_title", code, label=when.label_in(code))
    lines = [f"{title} ({count})"]
    for event in events:
        lines += ["", f"{event_date_label(event, code)}: {event.title}"]
        marks = " ".join(f"[{numbers[s]}]" for s in event.sources if s in numbers)
        lines.append(_wrap(f"{event.text} {marks}"))
        if event.note:
            lines.append(_wrap(message("note", code, note=event.note)))
        entry = pack.entries.get(event.entry or "")
        if entry is not None:
            more = message("timeline_more", code, question=f'crisisbot ask "{entry.question}"')
            lines.append(f"  {more}  [{entry.id}]")
    lines += ["", message("sources", code)]
    for source_id, number in numbers.items():
        source: Source = pack.sources[source_id]
        lines.append(f'  [{number}] {source.publisher}, "{source.title}" ({source.date})')
        lines.extend(f"      {link}" for link in source_links(source))
    return "\n".join(lines)


def events_json(pack: Pack, when: When, events: list[Event]) -> dict[str, Any]:
    def source(source_id: str) -> dict[str, Any]:
        found = pack.sources[source_id]
        data: dict[str, Any] = {"source": found.id, "title": found.title}
        data["publisher"] = found.publisher
        data.update({"date": found.date, "url": found.url})
        if found.archive_url:
            data["archive_url"] = found.archive_url
        return data

    return {
        "when": when.spec,
        "label": when.label_in(pack.language),
        "language": pack.language,
        "events": [
            {
                "id": event.id,
                "date": event.date,
                "time": event.time,
                "title": event.title,
                "text": event.text,
                "note": event.note,
                "entry_id": event.entry,
                "citations": [source(s) for s in event.sources if s in pack.sources],
            }
            for event in events
        ],
    }


def now() -> dt.datetime:
    """The moment "today" is taken at (tests set it)."""
    return dt.datetime.now(dt.UTC)


def _filter(args: argparse.Namespace, today: dt.date) -> When:
    if args.today:
        return on_day(today)
    if args.on:
        if not re.fullmatch(r"(--)?\d{1,2}-\d{1,2}", args.on.strip()):
            raise WhenError(f"--on takes a day of the year as MM-DD (e.g. 04-22), not {args.on!r}")
        return parse_when(args.on)
    return parse_when(" ".join(args.when), today)


def cmd_timeline(args: argparse.Namespace, out: TextIO) -> int:
    from .cli import UserError, _engine, _utf8_output  # cli.py imports this module

    engine = _engine(args)
    # "Today" where the pack's dates are local (Lima's for the crisis pack), not UTC's.
    today = local_date(now(), engine.pack.about.zone)
    try:
        when = _filter(args, today)
    except WhenError as exc:
        raise UserError(str(exc)) from exc
    wanted = args.lang
    if wanted == "auto":
        wanted = filter_language(" ".join(args.when)) if not (args.today or args.on) else None
    pack = engine.for_language(wanted).pack
    code = pack.language
    events = events_matching(pack.timeline, when)
    if args.json:
        _utf8_output(out)
        out.write(json.dumps(events_json(pack, when, events), ensure_ascii=False, indent=2) + "\n")
    elif not pack.timeline:
        out.write(message("timeline_none", code) + "\n")
    elif not events:
        months = ", ".join(m.label_in(code) for m in months_with_events(pack.timeline))
        nothing = message("timeline_no_events", code, label=when.label_in(code), months=months)
        out.write(_wrap(nothing, "") + "\n")
    else:
        out.write(render_events(pack, when, events) + "\n")
    return 0


def add_parser(sub: Any, common: argparse.ArgumentParser) -> None:
    timeline = sub.add_parser(
        "timeline",
        parents=[common],
        help="dated events, each cited: all, on a date, in a month or year",
        description="The pack's timeline. WHEN: a date (2001-05-03, 3 May 2001), a month "
        "(2001-05, May 2001), a month or day of any year (may, 3 may), a year, "
        "or nothing for every event.",
    )
    timeline.add_argument("when", nargs="*", help="a date, month or year (default: all)")
    timeline.add_argument(
        "--today",
        action="store_true",
        help="events on this day of the year (the pack's local date), any year",
    )
    timeline.add_argument("--on", metavar="MM-DD", help="events on this day of any year")
    timeline.add_argument("--json", action="store_true", help="print a JSON object")
    add_language_option(timeline)
    timeline.set_defaults(handler=cmd_timeline)
