"""Outside subjects (pack.py, ``outside:``): neighbouring subjects a pack does not
cover. A question about one is told so, with the nearest entries, instead of being
answered with the entry that merely mentions it; a question the pack answers is not."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from bot.cli import main
from bot.core import Engine, validate_pack
from bot.core.render import render_result

PACK = """\
sources:
  - {id: almanac, title: The Almanac, publisher: Example Press, date: "2001", kind: book}
entries:
  - id: volcano-name
    topic: Names
    question: Why is the volcano called Ember Peak?
    variants: [where does the name ember peak come from, who named ember peak]
    answer: It was named after the surveyor Anna Ember, who mapped it in 1851.
    citations:
      - source: almanac
  - id: volcano-eruption
    topic: Eruptions
    question: When did Ember Peak last erupt?
    variants: [last eruption of ember peak, when did the volcano blow]
    answer: In 1982, after forty years of quiet.
    citations:
      - source: almanac
outside:
  - id: outside-surveyor
    subject: the life of Anna Ember
    phrasings:
      - who was anna ember
      - where was anna ember born
      - what else did the surveyor anna ember map
    see: [volcano-name]
"""


@pytest.fixture(scope="module")
def shipped() -> Engine:
    return Engine.from_path(embeddings="off", recent_answers=0)


def line_of(text: str, pattern: str) -> int:
    """The line (from 1) of PACK on which `pattern` first appears."""
    return next(n for n, line in enumerate(text.splitlines(), 1) if pattern in line)


def write(tmp_path: Path, text: str, name: str = "pack.yaml") -> Path:
    (tmp_path / name).write_text(textwrap.dedent(text), encoding="utf-8")
    return tmp_path


def problems(path: Path) -> list[str]:
    pack, found = validate_pack(path, check_gate=False)
    assert pack is None
    return [str(p) for p in found]


def test_outside_subjects_load_apart_from_the_entries(tmp_path):
    pack, found = validate_pack(write(tmp_path, PACK), check_gate=False)
    assert found == [] and pack is not None
    assert set(pack.entries) == {"volcano-name", "volcano-eruption"}
    assert set(pack.outside) == {"outside-surveyor"}
    assert set(pack.ranked) == set(pack.entries) | set(pack.outside)
    subject = pack.outside["outside-surveyor"]
    assert subject.outside and subject.topic == "the life of Anna Ember"
    assert subject.related == ("volcano-name",) and len(subject.phrasings) == 3
    assert "outside-surveyor" not in {e.id for group in pack.topics().values() for e in group}


def test_an_unknown_see_id_is_reported_at_its_line(tmp_path):
    path = write(tmp_path, PACK.replace("see: [volcano-name]", "see: [volcano-nam]"))
    assert problems(path) == [
        f"{path / 'pack.yaml'}:{line_of(PACK, 'see:')}:11: outside subject "
        "'outside-surveyor' points to unknown entry 'volcano-nam'"
    ]


def test_an_outside_id_may_not_repeat_an_entry_id(tmp_path):
    path = write(tmp_path, PACK.replace("id: outside-surveyor", "id: volcano-name"))
    assert any("duplicate entry id 'volcano-name'" in p for p in problems(path))


def test_an_outside_subject_without_phrasings_is_a_schema_problem(tmp_path):
    text = PACK.replace(
        "    phrasings:\n      - who was anna ember\n      - where was anna ember born\n"
        "      - what else did the surveyor anna ember map\n",
        "    phrasings: []\n",
    )
    found = problems(write(tmp_path, text))
    line = line_of(text, "phrasings: []")
    assert found == [
        f"{tmp_path / 'pack.yaml'}:{line}:16: outside[0].phrasings: [] should be non-empty"
    ]


def test_an_outside_phrasing_an_entry_also_uses_is_reported(tmp_path):
    text = PACK.replace("      - who was anna ember\n", "      - who named ember peak\n")
    found = problems(write(tmp_path, text))
    assert any(
        "outside subject 'outside-surveyor' and entry 'volcano-name'" in p
        or "entry 'volcano-name' and outside subject 'outside-surveyor'" in p
        for p in found
    ), found


def test_a_question_about_the_subject_is_told_it_is_outside(tmp_path):
    engine = Engine.from_path(write(tmp_path, PACK), embeddings="off", recent_answers=0)
    result = engine.ask("where was Anna Ember born?")
    assert result.status == "no_match" and result.entry is None
    assert result.outside is not None and result.outside.id == "outside-surveyor"
    text = render_result(engine, result)
    assert "outside what I cover" in text and "the life of Anna Ember" in text
    assert "Why is the volcano called Ember Peak?  [volcano-name]" in text
    # What the pack does answer is still answered.
    assert engine.ask("why is it called ember peak").entry.id == "volcano-name"
    assert engine.ask("when did ember peak last erupt").entry.id == "volcano-eruption"


def test_a_question_partly_outside_is_answered_where_the_pack_covers_it(tmp_path):
    engine = Engine.from_path(write(tmp_path, PACK), embeddings="off", recent_answers=0)
    result = engine.ask("where was anna ember born, and when did ember peak last erupt?")
    assert result.status == "answered" and result.entry.id == "volcano-eruption"


def test_outside_subjects_are_never_offered(tmp_path):
    engine = Engine.from_path(write(tmp_path, PACK), embeddings="off", recent_answers=0)
    for partial in ("anna", "who was anna em", "where was", ""):
        offered = {s.entry.id for s in engine.complete(partial)}
        assert "outside-surveyor" not in offered, partial
    for _ in range(20):
        assert engine.random_entry().id != "outside-surveyor"
    for question in ("anna ember", "who was ember", "ember"):
        result = engine.ask(question)
        shown = {s.entry.id for s in result.suggestions + result.also}
        assert "outside-surveyor" not in shown and (
            result.entry is None or not result.entry.outside
        )


@pytest.mark.parametrize(
    ("question", "subject"),
    [
        ("Who founded the Shining Path?", "outside-shining-path-history"),
        (
            "how did the M-19 siege of the Dominican embassy in Bogota end",
            "outside-bogota-embassy-1980",
        ),
        ("How did the Israelis free the hostages at Entebbe?", "outside-other-hostage-crises"),
        ("What was Fujimori later convicted of?", "outside-fujimori-later-years"),
        ("¿Quién fundó Sendero Luminoso?", "outside-shining-path-history"),
    ],
)
def test_the_crisis_pack_names_neighbouring_subjects(shipped, question, subject):
    result = shipped.ask(question)
    assert result.status == "no_match", (question, result.entry and result.entry.id)
    assert result.outside is not None and result.outside.id == subject


@pytest.mark.parametrize(
    ("question", "entry_id"),
    [
        ("Was the Shining Path behind the embassy siege?", "myth-shining-path"),
        ("Why is the MRTA named after Túpac Amaru?", "background-mrta-name"),
        ("Was it the longest hostage crisis in Latin America?", "siege-longest"),
        ("¿Sendero Luminoso estuvo detrás de la toma?", "myth-shining-path"),
    ],
)
def test_what_the_pack_covers_is_still_answered(shipped, question, entry_id):
    result = shipped.ask(question)
    assert result.status == "answered" and result.entry.id == entry_id


def test_a_question_on_a_subject_outside_and_on_the_pack_gets_the_pack_part(shipped):
    both = shipped.ask("who founded the shining path, and was it behind the embassy siege?")
    assert both.status == "answered" and both.entry.id == "myth-shining-path"
    # Wholly about the subject, though its second clause alone would fit an entry.
    whole = shipped.ask("what were the vladivideos, and how did they end fujimori's government?")
    assert whole.status == "no_match"
    assert whole.outside is not None and whole.outside.id == "outside-fujimori-later-years"


def test_a_word_only_an_outside_subject_knows_still_counts_against_the_entries(shipped):
    """Outside phrasings name Iran and Tehran; an entry must not gain from that."""
    result = shipped.ask("when did the Iran hostage crisis begin")
    assert result.status == "no_match"
    entries = [
        c
        for c in shipped.judge("when did the Iran hostage crisis begin")
        if c.entry_id in shipped.pack.entries
    ]
    assert entries and all(c.features["unknown"] >= 1.0 for c in entries)


def test_spanish_subjects_are_in_spanish(shipped):
    result = shipped.ask("¿Cómo terminó la toma de la embajada dominicana en Bogotá?")
    assert result.language == "es" and result.outside is not None
    assert "Bogotá" in result.outside.topic and "embajada" in result.outside.topic


def test_the_cli_says_it_is_outside_and_json_names_the_subject(capsys):
    assert main(["ask", "--json", "Who founded the Shining Path?"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["status"] == "no_match" and data["answer"] is None
    assert data["outside"].startswith("the Shining Path's own history")
    assert [r["entry_id"] for r in data["related"]] == [
        "myth-shining-path",
        "background-internal-conflict",
    ]
    assert main(["ask", "Who founded the Shining Path?"]) == 0
    out = capsys.readouterr().out
    assert "That's outside what I cover" in out and "[myth-shining-path]" in out


def test_a_translation_missing_an_outside_subject_is_reported(tmp_path):
    write(tmp_path, PACK)
    (tmp_path / "es").mkdir()
    (tmp_path / "es" / "pack.yaml").write_text(
        textwrap.dedent(
            """\
            entries:
              - id: volcano-name
                question: ¿Por qué el volcán se llama Ember Peak?
                answer: Lleva el nombre de la topógrafa Anna Ember, que lo cartografió en 1851.
              - id: volcano-eruption
                question: ¿Cuándo entró en erupción por última vez Ember Peak?
                answer: En 1982, tras cuarenta años de calma.
            """
        ),
        encoding="utf-8",
    )
    found = problems(tmp_path)
    assert found == [
        f"{tmp_path / 'pack.yaml'}:{line_of(PACK, 'id: outside-surveyor')}:9: outside "
        f"subject 'outside-surveyor' has no español text (add it to a file in {tmp_path / 'es'})"
    ]
    with (tmp_path / "es" / "pack.yaml").open("a", encoding="utf-8") as file:
        file.write(
            "outside:\n  - id: outside-surveyor\n    subject: la vida de Anna Ember\n"
            "    phrasings: [quien fue anna ember]\n"
        )
    pack, found = validate_pack(tmp_path, check_gate=False)
    assert found == [] and pack is not None
    spanish = pack.translations["es"].outside["outside-surveyor"]
    assert spanish.topic == "la vida de Anna Ember" and spanish.related == ("volcano-name",)


def test_calibrating_leaves_outside_subjects_out_of_the_fit(tmp_path, monkeypatch):
    """An outside subject is no answer, right or wrong: its candidates teach the gate
    nothing, while the question's other candidates still do."""
    from bot.core import calibrate as calibration
    from bot.core.evaluation import LabelledQuestion
    from bot.core.gate import MODELS

    pack = validate_pack(write(tmp_path, PACK), check_gate=False)[0]
    engine = Engine(pack, embeddings="off", gate=calibration._placeholder_gate())
    features = MODELS["lexical"]
    off_topic = LabelledQuestion("where was anna ember born", None, "t")
    on_topic = LabelledQuestion("when did ember peak last erupt", "volcano-eruption", "t")
    asked_off, asked_on = calibration._examples(engine, features, [off_topic, on_topic])
    ids = [c.entry_id for c in engine.candidates(off_topic.question)]
    assert asked_off.outside == [i == "outside-surveyor" for i in ids] and any(asked_off.outside)
    fitted_rows: list[list[list[float]]] = []
    real_fit = calibration.fit_logistic

    def spy(rows, labels, l2):
        fitted_rows.append(rows)
        return real_fit(rows, labels, l2)

    monkeypatch.setattr(calibration, "fit_logistic", spy)
    calibration._fit([asked_off, asked_on], features)
    outside_row = asked_off.rows[asked_off.outside.index(True)]
    assert outside_row not in fitted_rows[0]
    entries_rows = [
        row
        for example in (asked_off, asked_on)
        for row, outside in zip(example.rows, example.outside, strict=True)
        if not outside
    ]
    assert fitted_rows[0] == entries_rows
