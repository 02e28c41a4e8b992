"""``crisisbot timeline``: the events of a date, month or year, on this day, as text
with numbered sources or as JSON, for the shipped pack and any other."""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

from helpers import paths

from bot.cli import main

VOLCANOES = str(paths.VOLCANOES)


def call(*args: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(args), out=out)
    return code, out.getvalue()


def test_a_month_as_text_with_numbered_sources_and_the_related_entry():
    code, out = call("timeline", "April", "1997")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "Timeline: April 1997 (8 events)"
    assert lines[2] == "22 April 1997, 15:23: Operation Chavín de Huántar begins"
    assert "Note: Start: 3:23 p.m." in out
    assert '  More: crisisbot ask "When did the rescue operation take place?"  [rescue-date]' in out
    sources = lines[lines.index("Sources:") + 1 :]
    assert sources[0].startswith("  [1] ")
    assert sources[1].startswith("      http")


def test_on_a_day_of_any_year_and_today(monkeypatch):
    code, out = call("timeline", "--on", "12-17")
    assert code == 0 and out.startswith("Timeline: 17 December (2 events)")
    code, out = call("timeline", "17", "december")
    assert code == 0 and out.startswith("Timeline: 17 December (2 events)")
    code, out = call("timeline", "--today")
    lima = dt.timezone(dt.timedelta(hours=-5))  # the shipped pack's dates are Lima's
    today = dt.datetime.now(lima).date()
    label = f"{today.day} {today.strftime('%B')}"
    assert code == 0 and label in out.splitlines()[0]


def test_today_is_limas_date_not_utcs(monkeypatch):
    """At 03:00 UTC on 23 April it is still 22 April in Lima: the rescue's day."""
    import bot.cli_timeline

    moment = dt.datetime(2027, 4, 23, 3, 0, tzinfo=dt.UTC)
    monkeypatch.setattr(bot.cli_timeline, "now", lambda: moment)
    code, out = call("timeline", "--today")
    assert code == 0 and out.startswith("Timeline: 22 April (")
    code, out = call("timeline", "--lang", "es", "hoy")
    assert code == 0 and out.startswith("Cronología: 22 de abril (")
    monkeypatch.setattr(bot.cli_timeline, "now", lambda: moment + dt.timedelta(hours=2))
    code, out = call("timeline", "--today")  # 05:00 UTC: Lima's 23 April has begun
    assert out.startswith("No events in the timeline for 23 April.")


def test_json_for_scripts():
    code, out = call("timeline", "--json", "--on", "04-22")
    assert code == 0
    payload = json.loads(out)
    assert (payload["when"], payload["label"]) == ("--04-22", "22 April")
    first = payload["events"][0]
    assert first["date"] == "1997-04-22" and first["time"] == "15:23"
    assert first["entry_id"] == "rescue-date" and first["note"].startswith("Start: 3:23")
    assert first["citations"][0]["url"].startswith("http")


def test_mistakes_are_one_line_and_status_2(capsys):
    assert call("timeline", "1997-02-30")[0] == 2
    assert "'1997-02-30' is not a real date" in capsys.readouterr().err
    assert call("timeline", "--on", "1997-04")[0] == 2
    assert "MM-DD" in capsys.readouterr().err


def test_another_pack_or_none(tmp_path: Path):
    code, out = call("timeline", "--kb", VOLCANOES, "--on", "05-18")
    assert code == 0 and "18 May 1980, 08:32: Mount St. Helens erupts" in out
    assert "U.S. Geological Survey" in out and "Lima" not in out
    assert call("timeline", "--kb", VOLCANOES, "march")[1] == (
        "No events in the timeline for March. Months with events: August 1883, May 1980.\n"
    )
    bare = tmp_path / "pack"
    shutil.copytree(paths.VOLCANOES, bare)
    (bare / "timeline.yaml").unlink()
    assert call("timeline", "--kb", str(bare))[1] == "This knowledge pack has no timeline.\n"


def test_validate_counts_the_timeline():
    done = subprocess.run(
        [sys.executable, "-m", "bot", "validate", VOLCANOES],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0 and done.stdout.endswith("2 timeline events\n")


def test_lang_es_prints_the_spanish_events_with_the_same_sources():
    code, out = call("timeline", "--lang", "es", "1997-04-22")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "Cronología: 22 de abril de 1997 (6 hechos)"
    assert lines[2] == "22 de abril de 1997, 15:23: Empieza la operación Chavín de Huántar"
    assert "  Nota: Inicio: 15:23 (sentencia de la Corte Interamericana" in out
    assert '  Más: crisisbot ask "¿Cuándo fue la operación de rescate?"  [rescue-date]' in out
    english = call("timeline", "--lang", "en", "1997-04-22")[1].splitlines()
    # The same numbered sources, in the same order, under a Spanish heading.
    assert lines[lines.index("Fuentes:") + 1 :] == english[english.index("Sources:") + 1 :]

    # auto (the default): the filter's words say the language; digits alone, the main one.
    assert call("timeline", "22 de abril de 1997")[1] == out
    assert call("timeline", "1997-04-22")[1].startswith("Timeline: 22 April 1997 (6 events)")
    assert call("timeline", "--lang", "es", "--on", "04-22")[1].startswith(
        "Cronología: 22 de abril (6 hechos)"
    )

    data = json.loads(call("timeline", "--lang", "es", "--json", "1997-04-22")[1])
    data_en = json.loads(call("timeline", "--json", "1997-04-22")[1])
    assert data["language"] == "es" and data_en["language"] == "en"
    assert data["label"] == "22 de abril de 1997"
    assert data["events"][0]["title"] == "Empieza la operación Chavín de Huántar"
    for spanish, english_event in zip(data["events"], data_en["events"], strict=True):
        assert spanish["id"] == english_event["id"] and spanish["id"]
        assert spanish["citations"] == english_event["citations"]
        assert (spanish["date"], spanish["time"]) == (english_event["date"], english_event["time"])

    nothing = call("timeline", "--lang", "es", "1980")[1]
    assert nothing.startswith("No hay hechos en la cronología para 1980. Meses con hechos:")
