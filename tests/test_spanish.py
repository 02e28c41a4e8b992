"""Spanish: the pack's translation folder, its checks, choosing the answer's language,
and the command line's --lang. The shipped pack has knowledge/es/; the volcano pack,
copied with a small es/ folder, shows the same for any pack."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
from helpers.spanish_pack import TIMELINE_ES, VOLCANOES_ES, volcano_pack

from bot.cli import main
from bot.core import Engine, load_pack, validate_pack
from bot.core.evaluation import read_questions
from bot.core.gate import Gate, merge_language, read_gate
from bot.core.language import SPANISH, LanguageGuesser
from bot.core.translations import dates, disagreements, numbers

REPO = Path(__file__).resolve().parent.parent
VOLCANOES = REPO / "tests" / "packs" / "volcanoes"


def problems(path: Path) -> list[str]:
    pack, found = validate_pack(path)
    assert pack is None
    return [str(p) for p in found]


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine.from_path(embeddings="off")


# --- the translation folder and its checks ------------------------------------------


def test_a_translation_folder_gives_the_pack_a_second_language(tmp_path):
    pack = load_pack(volcano_pack(tmp_path))
    spanish = pack.translations["es"]
    assert spanish.language == "es" and pack.language == "en"
    krakatoa = spanish.entries["krakatoa-date"]
    assert krakatoa.question == "¿Cuándo entró en erupción el Krakatoa?"
    assert krakatoa.citations == pack.entries["krakatoa-date"].citations
    assert krakatoa.topic == "Erupciones"
    assert spanish.synonyms["estalló"] == "erupcion"


def test_a_pack_without_one_answers_in_english_as_before():
    engine = Engine.from_path(VOLCANOES, embeddings="off")
    assert engine.pack.translations == {}
    result = engine.ask("¿Cuándo entró en erupción el Krakatoa?")
    assert result.language == "en"
    assert engine.ask("krakatoa eruption year").entry.id == "krakatoa-date"


def test_missing_unknown_and_duplicate_ids_are_reported_where_they_are(tmp_path):
    text = VOLCANOES_ES.replace("  - id: lava-temperature", "  - id: lava-colour")
    text += textwrap.indent(
        "- id: krakatoa-date\n  question: ¿Krakatoa otra vez?\n  answer: En 1883.\n", "  "
    )
    found = problems(volcano_pack(tmp_path, text))
    es_file = str(tmp_path / "volcanoes" / "es" / "entries.yaml")
    main_file = str(tmp_path / "volcanoes" / "entries.yaml")
    assert any(
        p.startswith(es_file) and "no entry 'lava-colour' in the main pack" in p for p in found
    )
    assert any("'krakatoa-date' is already translated" in p for p in found)
    missing = [p for p in found if "'lava-temperature' has no español text" in p]
    assert missing and missing[0].startswith(main_file + ":")  # at the English entry's id


def test_numbers_and_dates_must_agree_with_the_main_answer(tmp_path):
    text = VOLCANOES_ES.replace("fue en **1883**", "fue el 27 de agosto de **1884**")
    found = problems(volcano_pack(tmp_path, text))
    lines = "\n".join(p for p in found if "krakatoa-date" in p)
    assert "numbers of the main text missing here: 1883" in lines
    assert "numbers the main text does not have: 27, 1884" in lines
    assert "dates the main text does not have: 27/8" in lines


def line_of(path: Path, text: str) -> int:
    return next(n for n, row in enumerate(path.read_text("utf-8").splitlines(), 1) if text in row)


def test_timeline_events_missing_or_disagreeing_in_spanish_are_reported_where_they_are(
    tmp_path,
):
    krakatoa = "    text: Las grandes erupciones del Krakatoa se oyen a miles de kilómetros.\n"
    text = VOLCANOES_ES.replace(
        krakatoa,
        "    text: El 27 de agosto de 1883 las erupciones se oyen a 4800 km.\n"
        "    note: Una nota que el inglés no tiene.\n",
    ).replace("  - id: st-helens-erupts", "  - id: pinatubo-erupts")
    pack = volcano_pack(tmp_path, text)
    found = problems(pack)
    es_file, main_file = pack / "es" / "entries.yaml", pack / "timeline.yaml"
    at_text = f"{es_file}:{line_of(es_file, '27 de agosto')}:11: "
    assert (
        at_text + "timeline event 'krakatoa-final-eruptions': text: numbers the main text does "
        "not have: 27, 1883, 4800"
    ) in found
    assert (
        at_text + "timeline event 'krakatoa-final-eruptions': text: dates the main text does not "
        "have: 27/8"
    ) in found
    assert (
        f"{es_file}:{line_of(es_file, 'Una nota')}:11: timeline event "
        "'krakatoa-final-eruptions': a note the main event lacks"
    ) in found
    assert (
        f"{es_file}:{line_of(es_file, 'pinatubo-erupts')}:9: no timeline event "
        "'pinatubo-erupts' in the main pack to translate"
    ) in found
    # The event the Spanish lacks is reported at the English event, as entries are.
    assert (
        f"{main_file}:{line_of(main_file, 'id: st-helens-erupts')}:9: timeline event "
        f"'st-helens-erupts' has no español text (add it to a file in {pack / 'es'})"
    ) in found


def test_a_broken_spanish_timeline_file_leaves_the_english_timeline_checked(tmp_path):
    """Its problems are its own: the English events are read and checked as ever (their
    own problems still reported); a bot keeps the pack it has (test_timeline_spanish)."""
    pack = volcano_pack(tmp_path, VOLCANOES_ES.replace(TIMELINE_ES, ""))
    (pack / "es" / "timeline.yaml").write_text(
        TIMELINE_ES.replace("title: Las últimas", "title: [Las últimas"), encoding="utf-8"
    )
    main_file = pack / "timeline.yaml"
    main_file.write_text(
        main_file.read_text("utf-8").replace("entry: krakatoa-date", "entry: krakatoa-day"),
        encoding="utf-8",
    )
    found = problems(pack)
    assert any(p.startswith(f"{pack / 'es' / 'timeline.yaml'}:4:") for p in found)
    assert any("links to unknown entry 'krakatoa-day'" in p for p in found)
    missing = [p for p in found if "has no español text" in p]
    assert len(missing) == 2 and all(p.startswith(f"{main_file}:") for p in missing)
    # Without the Spanish file the English pack loads, its timeline whole.
    (pack / "es" / "timeline.yaml").unlink()
    (pack / "es" / "entries.yaml").write_text(VOLCANOES_ES, encoding="utf-8")
    main_file.write_text(
        main_file.read_text("utf-8").replace("krakatoa-day", "krakatoa-date"), encoding="utf-8"
    )
    loaded = load_pack(pack)
    assert [e.title for e in loaded.timeline] == [
        "Krakatoa's final eruptions",
        "Mount St. Helens erupts",
    ]
    assert [e.title for e in loaded.translations["es"].timeline] == [
        "Las últimas erupciones del Krakatoa",
        "Entra en erupción el monte Santa Helena",
    ]


def test_near_duplicate_spanish_phrasings_are_reported(tmp_path):
    text = VOLCANOES_ES.replace("[temperatura de la lava,", "[krakatau,")
    found = problems(volcano_pack(tmp_path, text))
    assert any("share the same phrasing: 'krakatau' ~ 'krakatau'" in p for p in found)


def test_numbers_written_out_and_clock_times_compare_alike():
    assert numbers("about four months, 1,000 people, at 3:23 p.m.") == {"1000", "15:23"}
    assert "4" in numbers("unos cuatro meses", "es", spelled=True)
    assert dates("17 December 1996 and Dec. 22", "en") == {(17, 12), (22, 12)}
    assert dates("el 17 de diciembre y el 22 dic.", "es") == {(17, 12), (22, 12)}
    assert disagreements("four months later, 3:23 p.m.", "4 meses después, 15:23", "es") == []
    # "two" is also "both": a number written out asks for nothing on the other side.
    assert disagreements("Neither of the two accounts", "Ninguna versión", "es") == []


def test_the_shipped_pack_validates_with_its_spanish(engine):
    spanish = engine.pack.translations["es"]
    assert set(spanish.entries) == set(engine.pack.entries)
    assert all(e.answer != engine.pack.entries[e.id].answer for e in spanish.entries.values())


# --- which language ---------------------------------------------------------------------


def test_spanish_questions_get_spanish_cited_answers_and_english_ones_english(engine):
    spanish = engine.ask("¿Quién fue Néstor Cerpa?")
    assert (spanish.status, spanish.language, spanish.entry.id) == (
        "answered",
        "es",
        "people-cerpa",
    )
    assert "encabezó" in spanish.entry.answer
    assert spanish.entry.citations == engine.entry("people-cerpa").citations
    english = engine.ask("who was Nestor Cerpa?")
    assert (english.language, english.entry.id) == ("en", "people-cerpa")
    assert engine.ask("q paso con los rehenes japoneses").language == "es"


def test_a_locale_decides_only_where_the_text_cannot(engine):
    assert engine.language_of("Cerpa?", hint="es-419") == "es"
    assert engine.language_of("Cerpa?", hint="en-US") == "en"
    assert engine.language_of("Cerpa?", default="es") == "es"
    assert engine.language_of("Chavín de Huántar") == "en"  # a name says nothing
    assert engine.language_of("who led the rescue?", hint="es-ES") == "en"
    assert engine.language_of("¿quién dirigió el rescate?", hint="en-GB") == "es"
    assert engine.language_of("who led the rescue?", language="es") == "es"


def test_no_question_of_the_english_sets_is_read_as_spanish_nor_the_reverse(engine):
    guesser = engine.languages.guesser
    for files, expected in (
        (["tests/eval", "tests/heldout/blind4-dev.yaml", "tests/calibration"], "en"),
        (["tests/heldout/es/es-dev.yaml", "tests/calibration/es"], "es"),
    ):
        for file in files:
            for labelled in read_questions(REPO / file):
                code, decided = guesser.detect(labelled.question)
                assert code == expected or not decided, labelled.question


def test_the_guesser_weighs_function_words_and_inverted_marks():
    guesser = LanguageGuesser({"en": ["when did it start"], "es": ["cuando empezo"]})
    assert guesser.detect("¿y eso?")[0] == "es"
    assert guesser.detect("what is it")[0] == "en"
    assert guesser.detect("zzz", hint="es-ES") == ("es", False)


def test_spanish_chat_spellings_and_stems_stay_apart():
    assert SPANISH.stem("q") == SPANISH.stem("que")
    assert SPANISH.stem("xq") == SPANISH.stem("porque")
    assert SPANISH.stem("comandos") != SPANISH.stem("como")
    assert SPANISH.stem("embajador") != SPANISH.stem("embajada")


def test_clauses_split_spanish_questions(engine):
    from bot.core.engine import clauses

    assert clauses("¿Cuándo empezó la toma, y cómo terminó la crisis?", "es") == [
        "Cuándo empezó la toma",
        "cómo terminó la crisis",
    ]


# --- the command line ------------------------------------------------------------------


def test_ask_json_gives_the_answers_language(capsys):
    assert main(["ask", "--json", "¿Quién fue Néstor Cerpa?"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["language"] == "es" and payload["entry_id"] == "people-cerpa"
    assert main(["ask", "--json", "--lang", "en", "¿Quién fue Néstor Cerpa?"]) == 0
    assert json.loads(capsys.readouterr().out)["language"] == "en"


def test_ask_prints_the_frame_in_the_answers_language(capsys):
    assert main(["ask", "¿Quién fue Néstor Cerpa?"]) == 0
    out = capsys.readouterr().out
    assert "Fuentes:" in out and "confianza" in out and "Sources:" not in out
    assert main(["ask", "--lang", "es", "xyzzy plugh"]) == 0
    assert "Lo siento" in capsys.readouterr().out


def test_fact_and_topics_take_lang(capsys):
    assert main(["topics", "--lang", "es"]) == 0
    out = capsys.readouterr().out
    assert "El rescate (" in out and "The rescue" not in out
    assert main(["fact", "--lang", "es", "The rescue"]) == 0
    assert "Fuentes:" in capsys.readouterr().out
    assert main(["fact", "El rescate"]) == 0  # a Spanish topic name: a Spanish fact
    assert "Fuentes:" in capsys.readouterr().out


def test_console_follows_the_last_questions_language(monkeypatch, capsys):
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO("¿Quién fue Néstor Cerpa?\n/topics\n"))
    assert main(["console"]) == 0
    out = capsys.readouterr().out
    assert "Fuentes:" in out and "El rescate (" in out


# --- the gate ------------------------------------------------------------------------------


def test_the_gate_keeps_a_model_per_language(tmp_path):
    shipped = read_gate(REPO / "knowledge" / "gate.json")
    assert "es:lexical" in shipped.models
    assert shipped.for_language("es").model("lexical") == shipped.models["es:lexical"]
    assert shipped.for_language("fr").model("lexical") == shipped.models["lexical"]
    main_only = Gate({k: v for k, v in shipped.models.items() if ":" not in k}, "en files")
    spanish_only = Gate({"lexical": shipped.models["es:lexical"]}, "es files")
    merged = merge_language(main_only, spanish_only, "es")
    assert merged.models["es:lexical"] == shipped.models["es:lexical"]
    assert merged.models["lexical"] == shipped.models["lexical"]
    assert merged.trained_on == "en files; es: es files"
    again = merge_language(merged, spanish_only, "es")
    assert again.trained_on == "en files; es: es files"
    refit = merge_language(merged, main_only, None)  # the main language refitted
    assert refit.models["es:lexical"] == shipped.models["es:lexical"]
    path = tmp_path / "gate.json"
    merged.save(path)
    assert read_gate(path).models.keys() == merged.models.keys()


def test_calibrate_lang_es_writes_the_spanish_model_and_keeps_the_rest(tmp_path, capsys):
    pack = volcano_pack(tmp_path)
    questions = tmp_path / "q.yaml"
    items = [
        ("¿Cuándo entró en erupción el Krakatoa?", "krakatoa-date"),
        ("cuando exploto el krakatau", "krakatoa-date"),
        ("¿Qué tan caliente es la lava?", "lava-temperature"),
        ("temperatura de la lava", "lava-temperature"),
        ("¿Cómo se forman los volcanes?", "how-volcanoes-form"),
        ("de donde sale el magma", "how-volcanoes-form"),
        ("¿Cuál es el volcán más alto?", "tallest-volcano"),
        ("volcan mas alto del mundo", "tallest-volcano"),
        ("¿Cuándo fue destruida Pompeya?", "vesuvius-date"),
        ("erupcion del vesubio", "vesuvius-date"),
    ] * 2 + [
        ("¿Quién ganó el mundial?", None),
        ("receta de ceviche", None),
        ("¿qué hora es?", None),
        ("precio del dólar hoy", None),
        ("¿cuándo juega Perú?", None),
    ]
    questions.write_text(
        "\n".join(f"- q: {q!r}\n  expect: {e or 'null'}" for q, e in items), encoding="utf-8"
    )
    assert main(["calibrate", "--kb", str(pack), "--lang", "es", str(questions)]) == 0
    gate = read_gate(pack / "gate.json")
    assert {"lexical", "es:lexical"} <= set(gate.models)
    assert main(["validate", str(pack)]) == 0
    capsys.readouterr()
