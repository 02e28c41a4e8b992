"""The command line, as a person or a script uses it."""

from __future__ import annotations

import datetime as dt
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import paths

from bot.cli import main
from bot.storage import Store

VOLCANOES = str(paths.VOLCANOES)


def run(*args: str, stdin: str = "") -> tuple[int, str, str]:
    """Run `python -m bot` in a subprocess, as a user would."""
    done = subprocess.run(
        [sys.executable, "-m", "bot", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
    )
    return done.returncode, done.stdout, done.stderr


def call(*args: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(args), out=out)
    return code, out.getvalue()


def test_ask_prints_answer_with_numbered_sources():
    code, out = call("ask", "--kb", VOLCANOES, "When did Krakatoa erupt?")
    assert code == 0
    assert "Krakatoa's great eruption was in 1883." in out  # markdown stripped for a terminal
    assert '[1] U.S. Geological Survey, "Volcano Hazards Program" (2020)' in out
    assert "https://www.usgs.gov/programs/VHP" in out


def test_ask_json_has_the_documented_shape():
    code, out = call("ask", "--kb", VOLCANOES, "--json", "how hot is lava")
    payload = json.loads(out)
    assert code == 0
    assert {
        "question",
        "status",
        "entry_id",
        "score",
        "answer",
        "citations",
        "suggestions",
    } <= payload.keys()
    assert payload["status"] == "answered"
    assert payload["entry_id"] == "lava-temperature"
    assert payload["citations"] == [
        {
            "source": "usgs-volcanoes",
            "title": "Volcano Hazards Program",
            "url": "https://www.usgs.gov/programs/VHP",
        }
    ]


ARCHIVE = "https://web.archive.org/web/2020/https://www.usgs.gov/programs/VHP"


def archived_volcanoes(tmp_path: Path) -> str:
    """The volcanoes pack with an archived copy for its USGS source."""
    for name in ("entries.yaml", "sources.yaml"):
        text = (Path(VOLCANOES) / name).read_text(encoding="utf-8")
        if name == "sources.yaml":
            text = text.replace(
                "    url: https://www.usgs.gov/programs/VHP\n",
                f"    url: https://www.usgs.gov/programs/VHP\n    archive_url: {ARCHIVE}\n",
            )
            assert ARCHIVE in text
        (tmp_path / name).write_text(text, encoding="utf-8")
    return str(tmp_path)


def test_an_archived_copy_is_shown_beside_the_url(tmp_path):
    kb = archived_volcanoes(tmp_path)
    _, out = call("ask", "--kb", kb, "When did Krakatoa erupt?")
    lines = out.splitlines()
    original = lines.index("      https://www.usgs.gov/programs/VHP")
    assert lines[original + 1] == f"      archived: {ARCHIVE}"

    _, out = call("ask", "--kb", kb, "--json", "how hot is lava")
    assert json.loads(out)["citations"] == [
        {
            "source": "usgs-volcanoes",
            "title": "Volcano Hazards Program",
            "url": "https://www.usgs.gov/programs/VHP",
            "archive_url": ARCHIVE,
        }
    ]

    _, out = call("sources", "--kb", kb)
    assert f"    https://www.usgs.gov/programs/VHP\n    archived: {ARCHIVE}" in out


def test_ask_json_suggest_and_no_match():
    _, out = call("ask", "--json", "cerpa death")  # his life, or how the rebels died?
    payload = json.loads(out)
    assert payload["status"] == "suggest" and payload["entry_id"] is None
    assert {"people-cerpa", "rescue-deaths-militants"} <= {
        s["entry_id"] for s in payload["suggestions"]
    }
    assert set(payload["suggestions"][0]) == {"entry_id", "question", "score"}
    _, out = call("ask", "--kb", VOLCANOES, "--json", "who won the 2022 world cup")
    assert json.loads(out)["status"] == "no_match"


def test_ask_stdin_gives_one_json_line_per_question():
    code, out, err = run(
        "ask", "--kb", VOLCANOES, "--json", "-", stdin="krakatoa\n\nlava temperature\nbake bread\n"
    )
    assert code == 0, err
    lines = [json.loads(line) for line in out.splitlines()]
    assert [line["status"] for line in lines] == ["answered", "no_match", "answered", "no_match"]
    assert lines[1]["error"] == "empty question"


def test_empty_question_is_a_polite_error():
    code, out, err = run("ask", "--kb", VOLCANOES, "  ")
    assert code == 2 and out == ""
    assert err.startswith("crisisbot: the question is empty")
    assert "Traceback" not in err


def test_missing_pack_is_a_one_line_error(tmp_path):
    code, _, err = run("ask", "--kb", str(tmp_path / "nope"), "hello")
    assert code == 2
    assert "knowledge pack folder not found" in err and "Traceback" not in err


def test_broken_pack_tells_the_user_to_validate(tmp_path):
    (tmp_path / "a.yaml").write_text("entries: [\n")
    code, _, err = run("ask", "--kb", str(tmp_path), "hello")
    assert code == 2
    assert "crisisbot validate" in err and f"{tmp_path}/a.yaml:2:1" in err


def test_validate_ok_and_broken(tmp_path):
    code, out = call("validate", VOLCANOES)
    assert code == 0 and out.startswith("ok: ") and "5 entries in 2 topics" in out
    (tmp_path / "a.yaml").write_text("entries:\n  - id: x\n    bogus: 1\n")
    code, out = call("validate", str(tmp_path))
    assert code == 1
    lines = out.splitlines()
    assert all(line.startswith(f"{tmp_path}/a.yaml:") for line in lines)
    assert any("unknown field 'bogus'" in line for line in lines)
    assert any("'answer' is missing" in line for line in lines)


def test_topics_sources_and_fact():
    code, out = call("topics", "--kb", VOLCANOES)
    assert code == 0 and out.startswith("Eruptions (2)") and "[krakatoa-date]" in out
    code, out = call("sources", "--kb", VOLCANOES)
    assert code == 0 and "U.S. Geological Survey" in out
    code, out = call("fact", "--kb", VOLCANOES, "geography")
    assert code == 0 and "Sources:" in out
    code, out, err = run("fact", "--kb", VOLCANOES, "cooking")
    assert code == 2 and "no topic called 'cooking'" in err


def test_eval_prints_the_figures_and_failures(tmp_path):
    questions = tmp_path / "q.yaml"
    questions.write_text(
        "- {q: when did krakatoa erupt, expect: krakatoa-date}\n"
        "- {q: how hot is lava, expect: tallest-volcano}\n"
        "- {q: what's the weather, expect: null}\n"
    )
    code, out = call("eval", "--kb", VOLCANOES, str(questions))
    assert code == 0
    assert "top-1 accuracy:       50.0% (1/2)" in out
    assert "wrong answers:        33.3% (1/3)" in out
    assert "off-topic rejected:   100.0% (1/1)" in out
    assert (
        f"{questions}:2: 'how hot is lava': expected tallest-volcano, got lava-temperature" in out
    )


def test_eval_rejects_a_malformed_file(tmp_path):
    questions = tmp_path / "q.yaml"
    questions.write_text("- {q: fine, expect: null}\n- {question: wrong key}\n")
    code, _, err = run("eval", "--kb", VOLCANOES, str(questions))
    assert code == 2 and f"{questions}:2: each item needs q" in err


def test_console_answers_commands_and_suggestion_numbers():
    code, out, err = run("console", "--kb", VOLCANOES, stdin="/topics\nvolcano\n2\n/fact\n/quit\n")
    assert code == 0, err
    assert "Eruptions (2)" in out
    assert "Did you mean:" in out
    assert "Measured from its base on the sea floor, Mauna Kea is the tallest." in out


@pytest.mark.parametrize("args", [["--help"], ["ask", "--help"]])
def test_help_works(args):
    code, out, _ = run(*args)
    assert code == 0 and "usage: crisisbot" in out


# ------------------------------------------------------------------ crisisbot gaps


def test_gaps_table_and_json(tmp_path: Path):
    db = tmp_path / "crisisbot.sqlite3"
    with Store(db) as s:
        for _ in range(3):
            s.unanswered.log("Who dug the tunnels?")
        s.unanswered.log("who negotiated")
    out = io.StringIO()
    assert main(["gaps", "--db", str(db)], out=out) == 0
    lines = out.getvalue().splitlines()
    assert lines[0].split()[:2] == ["count", "first"]
    assert lines[1].split()[0] == "3" and lines[1].endswith("Who dug the tunnels?")
    out = io.StringIO()
    assert main(["gaps", "--db", str(db), "--limit", "1", "--json"], out=out) == 0
    [gap] = json.loads(out.getvalue())["gaps"]
    assert (gap["question"], gap["count"]) == ("Who dug the tunnels?", 3)
    assert gap["first_seen"] == gap["last_seen"] == dt.datetime.now(dt.UTC).date().isoformat()


def test_gaps_never_creates_a_database(tmp_path: Path, capsys):
    missing = tmp_path / "nope.sqlite3"
    assert main(["gaps", "--db", str(missing)], out=io.StringIO()) == 2
    err = capsys.readouterr().err
    assert str(missing) in err and "does not exist" in err
    assert not missing.exists()


def test_gaps_on_an_empty_log(tmp_path: Path):
    db = tmp_path / "crisisbot.sqlite3"
    Store(db).close()
    out = io.StringIO()
    assert main(["gaps", "--db", str(db)], out=out) == 0
    assert "No unanswered questions" in out.getvalue()


def test_gaps_reads_the_database_the_environment_names(tmp_path: Path, monkeypatch, capsys):
    db = tmp_path / "crisisbot.sqlite3"
    with Store(db) as s:
        s.unanswered.log("Who dug the tunnels?")
        s.unanswered.log("who dug the tunnels")
    out = io.StringIO()
    assert main(["gaps", "--db", str(db), "--limit", "5"], out=out) == 0
    assert out.getvalue().splitlines()[1].split()[0] == "2"
    monkeypatch.setenv("CRISISBOT_DB", str(db))
    out = io.StringIO()
    assert main(["gaps", "--json"], out=out) == 0
    assert json.loads(out.getvalue())["gaps"][0]["count"] == 2
    assert main(["gaps", "--db", str(db.parent / "missing.sqlite3")], out=io.StringIO()) == 2
    assert "does not exist" in capsys.readouterr().err


def test_gaps_say_one_day_and_many(tmp_path: Path):
    """Counts read right at 1 ("in the last day") as at 2 ("in the last 2 days")."""
    from bot.config import Config
    from bot.curation import print_gaps

    db = tmp_path / "crisisbot.sqlite3"
    Store(db).close()
    for days, said in ((1, "in the last day ("), (2, "in the last 2 days (")):
        out = io.StringIO()
        app = Config(pack_path=tmp_path, retention_days=days)
        assert print_gaps(db, 10, out, app, RuntimeError) == 0
        assert out.getvalue().startswith(f"No unanswered questions {said}")
