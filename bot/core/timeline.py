"""A pack's timeline: dated, cited events, and the questions asked of it (events on
a date, in a month or year, on this day in history), as plain functions.

Why a module of its own: the timeline is optional (a pack without one works, and
every function here gives an empty answer for it), and it is read by the CLI, the
``/timeline`` command and the anniversary posts alike, which must agree on what
"April 1997" or "22 april" means. Nothing here knows the subject: month names and
dates only.

Dates are as the pack writes them: ``YYYY-MM-DD``, or ``YYYY-MM`` for an event known
only to the month (matched by a month or year, never by a day). A filter is a
``When``; its ``spec`` is a short canonical string (ISO 8601, with ``--MM-DD`` and
``--MM`` for a day or month of any year) that buttons carry in their custom ids.

Event dates are the place's local dates (Lima's, for the shipped pack), so "today",
"on this day" and the anniversary posts go by the local date there, not by UTC's:
the pack's ``about`` gives its UTC offset (``utc_offset: "-05:00"``). A fixed offset,
not a zone name: the standard library reads zone names only with tzdata, which a slim
image may lack, and the places whose history a pack tells keep one offset (Peru has
had no daylight saving since 1994); a place that does not would need a zone.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from .catalog import message

# Discord shows an event as one embed field: its title in the name (256), its text,
# note and source marks in the value (1024). The loader holds events to these.
MAX_EVENT_TITLE_CHARS = 200
MAX_EVENT_FIELD_CHARS = 1024

MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
# Spanish names too: the same filter works for members writing "22 de abril".
_MONTHS_ES = (
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
)
_MONTH_NUMBER: dict[str, int] = {}
for _number, (_en, _es) in enumerate(zip(MONTHS, _MONTHS_ES, strict=True), 1):
    for _name in (_en, _es, _en[:3], _es[:3]):
        _MONTH_NUMBER.setdefault(_name, _number)
_MONTH_NUMBER.update({"sept": 9, "setiembre": 9})
_FILLER = {"de", "del", "of", "the", "in", "on", "en", "el"}


@dataclass(frozen=True)
class Event:
    date: str  # "YYYY-MM-DD", or "YYYY-MM" when only the month is known
    title: str
    text: str
    sources: tuple[str, ...]
    time: str | None = None  # "HH:MM", local time of the events
    entry: str | None = None  # the entry that tells more
    note: str | None = None  # where sources disagree
    id: str | None = None  # what a translation names it by (knowledge/es/)
    # (file, line, column) of the event in the pack, for the validator's messages.
    where: tuple[str, int, int] | None = field(default=None, compare=False, repr=False)

    @property
    def year(self) -> int:
        return int(self.date[:4])

    @property
    def month(self) -> int:
        return int(self.date[5:7])

    @property
    def day(self) -> int | None:
        return int(self.date[8:10]) if len(self.date) == 10 else None

    @property
    def order(self) -> tuple[int, int, int]:
        """Chronological order; a month-only date sorts as that month's first day.
        Events of one day keep the pack's order (times are checked among themselves)."""
        return (self.year, self.month, self.day or 0)


def parse_event_date(text: str) -> tuple[int, int, int | None] | None:
    """(year, month, day or None) for ``YYYY-MM-DD`` or ``YYYY-MM``, else None."""
    match = re.fullmatch(r"(\d{4})-(\d{2})(?:-(\d{2}))?", text)
    if not match:
        return None
    year, month = int(match[1]), int(match[2])
    day = int(match[3]) if match[3] else None
    try:
        dt.date(year, month, day or 1)
    except ValueError:
        return None
    return year, month, day


def event_body(event: Event, marks: str, language: str = "en") -> str:
    """What Discord shows under an event's title: its text with the source marks
    ("[1] [2]"), then its note. The loader checks it fits one embed field."""
    body = f"{event.text} {marks}".strip()
    if event.note:
        body += f"\n*{message('note_field', language)}:* {event.note}"
    return body


def worst_case_body_chars(event: Event, language: str = "en") -> int:
    """The longest ``event_body`` can be: every source numbered with two digits."""
    return len(event_body(event, " ".join("[99]" for _ in event.sources), language))


# --------------------------------------------------------------------------- filters


@dataclass(frozen=True)
class When:
    """Which events: any of year, month, day may be None (None for all three: every
    event). ``day`` set with ``year`` None is a day of any year (on this day)."""

    year: int | None = None
    month: int | None = None
    day: int | None = None

    @property
    def spec(self) -> str:
        """ISO 8601: YYYY-MM-DD, YYYY-MM, YYYY, --MM-DD, --MM; "" for everything."""
        if self.year is None:
            if self.month is None:
                return ""
            return f"--{self.month:02d}" + (f"-{self.day:02d}" if self.day else "")
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
            if self.day is not None:
                text += f"-{self.day:02d}"
        return text

    @property
    def label(self) -> str:
        """For people: "22 April 1997", "April 1997", "1997", "22 April", "April"."""
        return self.label_in("en")

    def label_in(self, language: str) -> str:
        """``label`` in a language: "22 de abril de 1997", "abril de 1997", "22 de abril"."""
        if self.month is None:
            if self.year is not None:
                return str(self.year)
            return message("timeline_whole", language)
        return _date_text(self.year, self.month, self.day, language)

    def matches(self, event: Event) -> bool:
        if self.year is not None and event.year != self.year:
            return False
        if self.month is not None and event.month != self.month:
            return False
        return self.day is None or event.day == self.day


class WhenError(ValueError):
    """Not a date or month this module reads; the message gives examples. ``key``: its
    message in the catalog (``in_language``), for what was typed (``text``)."""

    def __init__(self, text: str, key: str = "") -> None:
        self.text, self.key = text, key
        super().__init__(message(key, "en", text=text) if key else text)

    def in_language(self, language: str) -> str:
        return message(self.key, language, text=self.text) if self.key else str(self)


EVERYTHING = When()


def on_day(day: dt.date) -> When:
    """That day of the year in any year: "on this day"."""
    return When(month=day.month, day=day.day)


def _check(year: int | None, month: int | None, day: int | None, text: str) -> When:
    try:
        dt.date(year or 2000, month or 1, day or 1)  # 2000: a leap year, 29 February is fine
    except ValueError:
        raise WhenError(text, "timeline_not_a_date") from None
    return When(year, month, day)


def parse_when(text: str | None, today: dt.date | None = None) -> When:
    """A filter from what a member or curator typed; raises WhenError.

    Reads ISO forms (``1997-04-22``, ``1997-04``, ``1997``, ``--04-22``, ``04-22``,
    ``--04``), month names in English or Spanish with or without a day and a year
    (``22 April 1997``, ``April 22, 1997``, ``april``, ``22 de abril``), and ``today``
    (this day of the year, from ``today``)."""
    raw = (text or "").strip()
    if not raw or raw.casefold() in ("all", "everything", "todo"):
        return EVERYTHING
    if raw.casefold() in ("today", "hoy"):
        return on_day(today or dt.datetime.now(dt.UTC).date())
    if match := re.fullmatch(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?", raw):
        year, month, day = (int(g) if g else None for g in match.groups())
        return _check(year, month, day, raw)
    if match := re.fullmatch(r"(?:--)?(\d{1,2})(?:-(\d{1,2}))?", raw):
        month, day = int(match[1]), (int(match[2]) if match[2] else None)
        if raw.startswith("--") or day is not None:
            return _check(None, month, day, raw)
    words = [w for w in re.split(r"[\s,./]+", raw.casefold()) if w and w not in _FILLER]
    year = month = day = None
    for word in words:
        word = word.rstrip(".")
        if word in _MONTH_NUMBER and month is None:
            month = _MONTH_NUMBER[word]
        elif re.fullmatch(r"\d{4}", word) and year is None:
            year = int(word)
        elif (m := re.fullmatch(r"(\d{1,2})(?:st|nd|rd|th)?", word)) and day is None:
            day = int(m[1])
        else:
            raise WhenError(raw, "timeline_unreadable")
    if month is None:
        raise WhenError(raw, "timeline_unreadable")
    return _check(year, month, day, raw)


def filter_language(text: str | None) -> str | None:
    """The language a filter is written in, when its words tell: "es" for "22 de abril"
    or "abril 1997", "en" for "22 April"; None for digits alone ("1997-04")."""
    words = set(re.split(r"[\s,./]+", (text or "").casefold()))
    if words & {*_MONTHS_ES, "setiembre", "de", "del", "hoy", "todo"}:
        return "es"
    if words & {*MONTHS, "today", "all", "of"}:
        return "en"
    return None


# --------------------------------------------------------------------------- queries


def events_matching(events: tuple[Event, ...] | list[Event], when: When) -> list[Event]:
    """The events ``when`` selects, in the pack's (chronological) order."""
    return [event for event in events if when.matches(event)]


def on_this_day(events: tuple[Event, ...] | list[Event], day: dt.date) -> list[Event]:
    """Events of any year dated this day of the year (month-only dates never are)."""
    return events_matching(events, on_day(day))


def disputed(events: tuple[Event, ...] | list[Event]) -> list[Event]:
    """The events whose sources disagree (those with a note)."""
    return [event for event in events if event.note]


def months_with_events(events: tuple[Event, ...] | list[Event]) -> list[When]:
    """Every year-month that has an event, in order (for autocomplete)."""
    seen: dict[str, When] = {}
    for event in events:
        when = When(event.year, event.month)
        seen.setdefault(when.spec, when)
    return list(seen.values())


def _date_text(year: int | None, month: int, day: int | None, language: str) -> str:
    """ "17 December 1996", "December 1996", "17 December"; in Spanish "17 de diciembre
    de 1996", "diciembre de 1996", "17 de diciembre"."""
    if language.startswith("es"):
        parts = [str(day)] if day else []
        parts.append(_MONTHS_ES[month - 1])
        if year is not None:
            parts.append(str(year))
        return " de ".join(parts)
    parts = [str(day)] if day else []
    parts.append(MONTHS[month - 1].capitalize())
    if year is not None:
        parts.append(str(year))
    return " ".join(parts)


def event_date_label(event: Event, language: str = "en") -> str:
    """ "17 December 1996, 20:00", "17 December 1996" or "June 1992" (in Spanish
    "17 de diciembre de 1996, 20:00", "junio de 1992")."""
    text = _date_text(event.year, event.month, event.day, language)
    return f"{text}, {event.time}" if event.time else text


def years_ago(event: Event, today: dt.date) -> int:
    return today.year - event.year


_OFFSET = re.compile(r"([+-])(\d\d):(\d\d)")


def parse_utc_offset(text: str | None) -> dt.timezone:
    """ "-05:00" -> UTC-05:00 (None -> UTC); ValueError unless ±HH:MM within ±14:00."""
    if text is None:
        return dt.UTC
    found = _OFFSET.fullmatch(text.strip())
    if found is None or int(found[3]) > 59 or int(found[2]) * 60 + int(found[3]) > 14 * 60:
        raise ValueError(f"{text!r} is not a UTC offset as ±HH:MM (e.g. -05:00)")
    sign = -1 if found[1] == "-" else 1
    offset = sign * dt.timedelta(hours=int(found[2]), minutes=int(found[3]))
    return dt.timezone(offset) if offset else dt.UTC


def local_date(moment: dt.datetime, zone: dt.tzinfo) -> dt.date:
    """The date at ``moment`` (aware, or naive UTC) where the pack's dates are local."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(zone).date()
