"""What the answer gate weighs besides the rankers' scores, how it is chosen, and
how its answers are reused."""

from __future__ import annotations

import pytest

from bot.core import Engine
from bot.core.calibrate import ANSWERABLE_SHARE, _Outcome, _wrong_rate


def test_the_wrong_rate_counts_each_kind_at_its_share_of_a_channel():
    # One answerable question in ten answered wrongly, one off-topic in two answered.
    outcomes = [_Outcome(0.9, i > 0, True, 0.9, True) for i in range(10)] + [
        _Outcome(0.9, False, False, 0.9, True),
        _Outcome(0.1, False, False, 0.1, True),
    ]
    expected = ANSWERABLE_SHARE * 0.1 + (1 - ANSWERABLE_SHARE) * 0.5
    assert _wrong_rate(outcomes, 0.5) == pytest.approx(expected)
    assert _wrong_rate(outcomes, 0.95) == 0


def test_a_gate_fitted_before_bm25_joined_still_loads_and_answers():
    from bot.core.gate import DEFAULT_GATE_PATH, GateError, gate_from_json, read_gate

    older = read_gate(DEFAULT_GATE_PATH)  # the default gate predates BM25
    assert "bm25" not in older.models["static"].features
    engine = Engine.from_path(gate=older)
    assert engine.ask("when did the hostage crisis begin").entry.id == "seizure-date"
    data = older.to_json()
    data["models"]["lexical"]["features"][0] = "no_such_feature"
    with pytest.raises(GateError, match="features: expected some of"):
        gate_from_json(data)


def test_a_capitalized_name_the_pack_never_mentions_is_counted_as_another_story():
    engine = Engine.from_path(embeddings="off")

    def names(question: str, language: str = "en") -> float:
        return engine.for_language(language).matcher._unknown_names(question)[0]

    assert names("What happened at the Beslan school siege in 2004?") == 1.0
    # An outside subject (knowledge/outside.yaml) knows "Beslan": the words it was
    # matched to are kept, so that subject is not counted against.
    assert engine.matcher._unknown_names("What happened at Beslan?")[1] == (frozenset({"beslan"}),)
    assert names("How long did the Iran hostage crisis last") == 1.0
    assert names("how long did the iran hostage crisis last") == 0.0  # no case, no evidence
    assert names("When did the MRTA take the residence of Morihisa Aoki?") == 0.0  # known
    assert names("My teacher Mr Smith asked when it started") == 0.0  # whoever a title names
    assert names("I watched a doc on Netflix: how did they get in?") == 0.0  # everyday word
    assert names("¿Cuántos días duró la crisis de la embajada de EE. UU. en Teherán?", "es") == 1.0
    assert engine.ask(
        "¿Cuántos días duró la crisis de la embajada de EE. UU. en Teherán?"
    ).status != ("answered")


def test_a_question_asked_again_is_answered_from_the_recent_answers():
    engine = Engine.from_path(embeddings="off")
    first = engine.ask("when did the crisis start", hint="en-US")
    assert engine.ask("when did the crisis start", hint="en-US") is first
    assert engine.ask("when did the crisis start", language="es").language == "es"  # own key
    assert engine._recent_answers.cache_info().hits == 1


def test_spanish_words_spelt_by_ear_are_read_as_the_pack_writes_them():
    from bot.core.spanish import sound_key

    assert sound_key("estavan") == sound_key("estaban")
    assert sound_key("qien") == sound_key("quien") and sound_key("jente") == sound_key("gente")
    assert sound_key("guerra") != sound_key("jera")  # a hard g stays hard
    spanish = Engine.from_path(embeddings="off").for_language("es")
    heard = spanish.matcher.words._spelt_as_written(
        "qien era el embajador japones morihisa aoqui", False
    )
    assert heard == "quien era el embajador japones morihisa aoki"
    assert spanish.answer("qien era el embajador japones morihisa aoqui").entry.id == "people-aoki"


def test_the_bot_named_in_a_greeting_is_not_another_story():
    engine = Engine.from_path(embeddings="off")
    assert engine.ask("thanks crisisbot! who was Cerpa?").entry.id == "people-cerpa"
    assert engine.ask("gracias bot, ¿quién era Cerpa?").entry.id == "people-cerpa"


def test_the_packs_own_years_are_no_sign_of_another_story():
    """Half the entries mention 1997 and a third 1996: a question naming one is about
    this pack even where the entry it wants does not say the year."""
    engine = Engine.from_path(embeddings="off")
    matcher = engine.matcher
    assert matcher.words.home_years == {"1996", "1997"}
    assert "1996" not in matcher.words.entry_years["people-aoki"]
    _, facts = matcher.rank("japanese ambassador 1996")
    assert matcher.mismatch(facts, "people-aoki")[1] == 0.0
    _, facts = matcher.rank("japanese ambassador 2004")
    assert matcher.mismatch(facts, "people-aoki")[1] == 1.0


@pytest.mark.parametrize(
    ("question", "language"),
    [
        ("which archbishop served in the talks", "en"),
        ("the archbishop who acted for the church, supposedly", "en"),
        ("¿qué papel cumplió el arzobispo en las conversaciones?", "es"),
        ("¿el arzobispo sirvió de mediador, supuestamente?", "es"),
    ],
)
def test_everyday_words_are_no_sign_of_another_story(question, language):
    """ "served", "acted", "cumplió" (a role), "supuestamente": words of any question,
    which the pack's phrasings happen not to use, must not weigh as a word of another
    story would ("Beslan")."""
    engine = Engine.from_path(embeddings="off").for_language(language)
    assert engine.matcher.unknown(question) == 0.0
