"""The second opinion and the gate: sentence embeddings, their cache, the fitted
gate (calibrate, validate), questions asking several things, and the bot still
answering when the embedding model cannot load."""

from __future__ import annotations

import json
import logging
import shutil
from pathlib import Path

import numpy as np
import pytest
import yaml
from helpers.paths import VOLCANOES

from bot.cli import main
from bot.core import Engine, Entry, embeddings, load_pack, validate_pack
from bot.core import engine as engine_module
from bot.core.engine import clauses
from bot.core.evaluation import EvalFileError, LabelledQuestion, read_questions
from bot.core.gate import GATE_FILE, read_gate


@pytest.fixture(scope="module")
def shipped() -> Engine:
    return Engine.from_path()


@pytest.mark.parametrize(
    ("kind", "dimensions", "gap"), [("static", 256, 0.1), ("minilm", 384, 0.3)]
)
def test_both_embedding_models_load_and_embed_meaning(kind, dimensions, gap):
    encoder = engine_module.shared_encoder(kind)
    assert encoder is not None, f"the {kind} model should load from the installed package"
    vectors = encoder.encode(
        [
            "how did the army pull off the rescue",
            "how was the military rescue carried out",
            "what's a good recipe for bread",
        ]
    )
    assert vectors.shape == (3, dimensions)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-3)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2] + gap


def test_the_embeddings_are_asked_only_when_the_words_leave_doubt(monkeypatch):
    engine = Engine.from_path(embeddings="static")
    assert engine.semantic is not None
    asked: list[list[str]] = []
    real = engine.semantic.scores
    monkeypatch.setattr(engine.semantic, "scores", lambda texts: asked.append(texts) or real(texts))
    assert engine.ask("When did the hostage crisis begin?").status == "answered"
    assert asked == []
    # Words that fit nothing leave doubt: the meaning ranker gets its say.
    engine.ask("what's the weather in tokyo")
    assert len(asked) == 1


def test_meaning_can_overrule_sure_words_when_the_question_leans_on_unknown_words(
    monkeypatch,
):
    """Every word but "Nakatomi" and "tower" fits the siege's length: sure by words
    alone, but the question leans on words the pack never uses and its meaning fits no
    entry well enough, so no answer. (Not "Beslan": the pack names it as a subject it
    does not cover, knowledge/outside.yaml, which the words alone already turn away.)"""
    engine = Engine.from_path(embeddings="static")
    question = "how long did the nakatomi tower hostage crisis go on"
    assert engine.ask(question).status == "no_match"
    monkeypatch.setattr(engine_module, "SECOND_OPINION_UNKNOWN", float("inf"))
    assert engine.answer(question).status == "answered"  # the words alone would (uncached)


def test_pack_vectors_are_cached_by_content(tmp_path, monkeypatch):
    encoder = engine_module.shared_encoder("minilm")
    texts = ["when did the crisis begin", "who led the rescue"]
    first = embeddings.cached_vectors(encoder, texts, tmp_path)
    assert len(list(tmp_path.glob("vectors-*.npy"))) == 1

    def no_encoding(_texts):
        raise AssertionError("the cache should have answered")

    monkeypatch.setattr(encoder, "encode_many", no_encoding)
    assert np.array_equal(embeddings.cached_vectors(encoder, texts, tmp_path), first)
    # Other texts are another key: encoding is needed again.
    with pytest.raises(AssertionError, match="cache should have answered"):
        embeddings.cached_vectors(encoder, [*texts, "one more"], tmp_path)


def test_an_unwritable_cache_only_costs_time(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    encoder = engine_module.shared_encoder("static")
    vectors = embeddings.cached_vectors(encoder, ["a question"], blocker / "cache")
    assert vectors.shape == (1, 256)


def test_without_the_model_the_bot_answers_by_words_and_says_so_once(monkeypatch, caplog):
    monkeypatch.setattr(embeddings, "_load_failure_logged", False)
    with caplog.at_level(logging.WARNING, logger="bot.core.embeddings"):
        assert embeddings.load_encoder("/nonexistent/model.onnx") is None
        assert embeddings.load_encoder("/nonexistent/model.onnx") is None
    warnings = [r for r in caplog.records if "answering with the word matcher alone" in r.message]
    assert len(warnings) == 1

    monkeypatch.setattr(engine_module, "shared_encoder", lambda kind: None)
    words_only = Engine.from_path()
    assert words_only.semantic is None
    result = words_only.ask("When did the hostage crisis begin?")
    assert (result.status, result.entry.id) == ("answered", "seizure-date")
    assert words_only.ask("how do I bake bread").status == "no_match"


def test_a_question_asking_several_things_gets_one_answer_and_the_others(shipped):
    result = shipped.ask("what did the rebels want? and when was the rescue?")
    assert result.status == "answered"
    answered = {result.entry.id, *(other.entry.id for other in result.also)}
    assert {"negotiations-demands", "rescue-date"} <= answered
    assert result.entry.id not in {other.entry.id for other in result.also}


def test_clauses_split_where_a_new_question_starts():
    assert clauses("when did it start, how did they get in, and how did it end?") == [
        "when did it start",
        "how did they get in",
        "how did it end",
    ]
    assert clauses("what did the rebels and the government agree on") == [
        "what did the rebels and the government agree on"
    ]
    assert clauses("lol") == []


def test_typos_are_respelled_for_the_embedding_side(shipped):
    respelled = shipped.matcher.respelled(
        "who was nestor serpa and what did he want from the goverment"
    )
    assert respelled == "who was nestor cerpa and what did he want from the government"


def test_checks_match_facts_leniently_but_numbers_whole():
    entry = load_pack(VOLCANOES).entries["krakatoa-date"]
    text = f"{entry.answer} {entry.note or ''}"
    year = next(word for word in text.split() if word.strip(".,*").isdigit())
    year = year.strip(".,*")
    right = LabelledQuestion("q", None, "t", ((((year,),)),))
    assert right.is_right(entry)
    # A number must stand alone: the last two digits of the year are not a match.
    assert not LabelledQuestion("q", None, "t", (((year[-2:],),),)).is_right(entry)
    assert not LabelledQuestion("q", None, "t", ((("no such words",),),)).is_right(entry)


def test_a_clock_time_cut_short_in_a_check_is_a_prefix():
    """Blind writers write "3:2" meaning 3:2x, any minute: the answer's "3:23 p.m."
    holds it. A whole number is still whole ("2" is not in "3:23")."""
    entry = Entry("e", "t", "q", "The raid began at **3:23 p.m.** on 22 April.", ())

    def found(*alternatives: str) -> bool:
        return LabelledQuestion("q", None, "t", ((alternatives,),)).is_right(entry)

    assert found("3:2") and found("15:2", "3:2") and found("3:23")
    assert not found("3:3") and not found("2") and not found("3:230")


def test_question_files_take_checks_parts_and_off_topic(tmp_path):
    file = tmp_path / "set.yaml"
    file.write_text(
        yaml.safe_dump(
            [
                {"q": "a", "style": "plain", "check": [["1996"], ["dec", "december"]]},
                {"q": "b", "style": "long", "parts": [[["x"]], [["y", "z"]]]},
                {"q": "c", "style": "offtopic", "check": None},
                {"q": "d", "expect": "some-entry"},
                {"q": "e", "style": "offtopic"},  # the style alone says it
            ]
        )
    )
    a, b, c, d, e = read_questions(file)
    assert a.checks == ((("1996",), ("dec", "december")),) and a.style == "plain"
    assert b.checks == (((("x",),)), (("y", "z"),)) and b.answerable
    assert not c.answerable
    assert d.expect == "some-entry" and d.answerable
    assert not e.answerable and e.style == "offtopic"
    file.write_text(yaml.safe_dump([{"q": "f", "style": "plain"}]))
    with pytest.raises(EvalFileError, match=r"set\.yaml:1: each item needs"):
        read_questions(file)


def _labelled_volcano_questions(path: Path) -> Path:
    pack = load_pack(path)
    items = [
        {"q": phrasing.lower(), "expect": entry.id}
        for entry in pack.entries.values()
        for phrasing in entry.phrasings
    ]
    items *= max(1, 25 // len(items) + 1)
    items += [
        {"q": q, "expect": None}
        for q in ("hello", "what's the weather", "who won the world cup", "lol", "bake bread")
    ]
    file = path / "_labelled.yaml"  # files starting with _ are not part of the pack
    file.write_text(yaml.safe_dump(items))
    return file


def test_calibrate_fits_a_gate_that_validate_checks_and_the_engine_uses(tmp_path):
    pack_dir = tmp_path / "volcanoes"
    shutil.copytree(VOLCANOES, pack_dir)
    questions = _labelled_volcano_questions(pack_dir)
    assert main(["calibrate", "--kb", str(pack_dir), str(questions)]) == 0
    gate = read_gate(pack_dir / GATE_FILE)
    assert validate_pack(pack_dir)[1] == []
    assert set(gate.models) == {"lexical", "static", "minilm"}
    assert Engine.from_path(pack_dir).gate == gate


def test_validate_reports_a_broken_gate_with_file_and_line(tmp_path, capsys):
    pack_dir = tmp_path / "volcanoes"
    shutil.copytree(VOLCANOES, pack_dir)
    (pack_dir / GATE_FILE).write_text('{"format": 1,\n  "models": {\n')
    pack, problems = validate_pack(pack_dir)
    assert pack is None
    assert [(Path(p.file).name, p.line) for p in problems] == [(GATE_FILE, 3)]
    (pack_dir / GATE_FILE).write_text(json.dumps({"format": 1, "models": {}}))
    assert main(["validate", str(pack_dir)]) == 1
    assert "gate.json:1:1: models: expected 'lexical'" in capsys.readouterr().out


def test_calibrate_refuses_too_few_questions(tmp_path, capsys):
    file = tmp_path / "few.yaml"
    file.write_text(yaml.safe_dump([{"q": "when did krakatoa erupt", "expect": "krakatoa-date"}]))
    assert (
        main(["calibrate", "--kb", str(VOLCANOES), "--out", str(tmp_path / "g.json"), str(file)])
        == 2
    )
    assert "at least 20 answerable" in capsys.readouterr().err
