"""The timeline in the core: the shipped pack's events, reading what people type as a
date or month, the queries (date, month, year, on this day), and the loader's checks
with file:line:column, on any pack (or none)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from helpers.paths import VOLCANOES

from bot.core import load_pack, validate_pack
from bot.core.timeline import (
    When,
    WhenError,
    disputed,
    events_matching,
    months_with_events,
    on_this_day,
    parse_when,
)


@pytest.fixture(scope="module")
def shipped():
    return load_pack()


def test_the_shipped_timeline_runs_from_the_seizure_to_the_court_rulings(shipped):
    events = shipped.timeline
    crisis_on = [e for e in events if "1996-12-17" <= e.date <= "2015-04-17"]
    assert len(crisis_on) >= 30
    assert crisis_on[0].date == "1996-12-17" and crisis_on[0].time == "20:00"
    assert any("Inter-American Court rules" in e.title for e in events)
    assert [e.order for e in events] == sorted(e.order for e in events)
    for event in events:
        assert event.sources and all(s in shipped.sources for s in event.sources)
        assert event.entry is None or event.entry in shipped.entries
    assert len(disputed(events)) >= 20  # the notes where sources disagree


def test_a_day_of_any_year_and_a_month(shipped):
    rescue = on_this_day(shipped.timeline, dt.date(2027, 4, 22))
    assert [e.date for e in rescue] == ["1997-04-22"] * 6
    assert rescue[0].title == "Operation Chavín de Huántar begins"
    assert on_this_day(shipped.timeline, dt.date(2026, 11, 30)) == []
    june_1992 = events_matching(shipped.timeline, parse_when("June 1992"))
    assert [e.date for e in june_1992] == ["1992-06"]  # known only to the month
    assert events_matching(shipped.timeline, parse_when("1 june")) == []


@pytest.mark.parametrize(
    ("typed", "spec", "label"),
    [
        ("1997-04-22", "1997-04-22", "22 April 1997"),
        ("22 April 1997", "1997-04-22", "22 April 1997"),
        ("April 22, 1997", "1997-04-22", "22 April 1997"),
        ("22 de abril de 1997", "1997-04-22", "22 April 1997"),
        ("1997-04", "1997-04", "April 1997"),
        ("April 1997", "1997-04", "April 1997"),
        ("apr 1997", "1997-04", "April 1997"),
        ("april", "--04", "April"),
        ("22 april", "--04-22", "22 April"),
        ("22nd April", "--04-22", "22 April"),
        ("04-22", "--04-22", "22 April"),
        ("--04-22", "--04-22", "22 April"),
        ("1997", "1997", "1997"),
        ("", "", "the whole timeline"),
        ("today", "--11-30", "30 November"),
    ],
)
def test_what_people_type_as_a_date_or_month(typed, spec, label):
    when = parse_when(typed, today=dt.date(2026, 11, 30))
    assert (when.spec, when.label) == (spec, label)
    assert parse_when(when.spec) == when  # the spec a button carries reads back the same


@pytest.mark.parametrize("typed", ["1997-02-30", "31 april", "next tuesday", "22", "13-01"])
def test_what_is_not_a_date_is_refused_with_examples(typed):
    with pytest.raises(WhenError) as raised:
        parse_when(typed)
    assert "not a real date" in str(raised.value) or "May 2001" in str(raised.value)


def test_any_pack_may_have_a_timeline_or_none(tmp_path: Path):
    volcanoes = load_pack(VOLCANOES)
    assert [e.title for e in on_this_day(volcanoes.timeline, dt.date(2030, 5, 18))] == [
        "Mount St. Helens erupts"
    ]
    assert months_with_events(volcanoes.timeline) == [When(1883, 8), When(1980, 5)]
    pack = tmp_path / "pack"
    shutil.copytree(VOLCANOES, pack)
    (pack / "timeline.yaml").unlink()
    bare = load_pack(pack)
    assert bare.timeline == ()
    assert on_this_day(bare.timeline, dt.date(2030, 5, 18)) == []


BROKEN = """\
timeline:
  - date: "1980-05-18"
    title: Mount St. Helens erupts
    text: A lateral blast.
    sources: [usgs-volcanoes, no-such-source]
    entry: no-such-entry
  - date: "1883-08-27"
    title: Krakatoa
    text: Out of order.
    sources: [usgs-volcanoes]
  - date: "1990-02-30"
    title: A day that never was
    text: February has no 30th.
    sources: [usgs-volcanoes]
  - date: "1991-06"
    time: "10:00"
    title: Pinatubo
    text: A time on a month.
    sources: [usgs-volcanoes, usgs-volcanoes]
  - date: "1992"
    title: Only a year
    text: Not a date the schema takes.
    sources: [usgs-volcanoes]
  - date: "1993-01-01"
    title: Too long
    text: "{long}"
    sources: [usgs-volcanoes]
"""


def test_the_loader_reports_every_timeline_problem_where_it_is(tmp_path: Path):
    pack = tmp_path / "pack"
    shutil.copytree(VOLCANOES, pack)
    (pack / "timeline.yaml").write_text(BROKEN.format(long="x" * 1100), encoding="utf-8")
    assert validate_pack(pack)[0] is None
    # The schema refuses the year-only date first: nothing else in the file is read.
    (pack / "timeline.yaml").write_text(
        BROKEN.format(long="x" * 1100).replace('"1992"', '"1992-03-04"'), encoding="utf-8"
    )
    found, problems = validate_pack(pack)
    assert found is None
    file = str(pack / "timeline.yaml")
    assert [str(p).replace(file, "timeline.yaml") for p in problems] == [
        "timeline.yaml:5:31: timeline event 'Mount St. Helens erupts': cites unknown source "
        "'no-such-source'",
        "timeline.yaml:6:12: timeline event 'Mount St. Helens erupts': links to unknown entry "
        "'no-such-entry'",
        "timeline.yaml:7:11: timeline: 'Krakatoa' (27 August 1883) is out of order: it comes "
        "after 18 May 1980",
        "timeline.yaml:11:11: timeline event 'A day that never was': '1990-02-30' is not a "
        "real date",
        "timeline.yaml:16:11: timeline event 'Pinatubo': a time needs a full date (YYYY-MM-DD)",
        "timeline.yaml:19:31: timeline event 'Pinatubo': cites 'usgs-volcanoes' twice",
        "timeline.yaml:26:11: timeline event 'Too long': text, note and source marks come to "
        "1105 characters; one embed field holds 1024 (shorten the text or the note)",
    ]
