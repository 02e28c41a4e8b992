"""The message catalog holds: every text the bot writes has English and Spanish,
both take the same fields, and a key lives in one area only."""

from __future__ import annotations

import string

import pytest

from bot.core import catalog
from bot.core.catalog import MESSAGES, message

LANGUAGES = ("en", "es")


def fields(text: str | dict[str, str]) -> set[str]:
    """The fields a text takes (all its forms')."""
    templates = [text] if isinstance(text, str) else list(text.values())
    return {name for t in templates for _, name, _, _ in string.Formatter().parse(t) if name}


def test_every_message_has_english_and_spanish():
    missing = [
        (key, lang) for key, texts in MESSAGES.items() for lang in LANGUAGES if not texts.get(lang)
    ]
    assert missing == []


def test_the_languages_take_the_same_fields():
    differ = {
        key: (fields(texts["en"]), fields(texts["es"]))
        for key, texts in MESSAGES.items()
        if fields(texts["en"]) != fields(texts["es"])
    }
    assert differ == {}


def test_the_areas_make_up_the_catalog():
    assert sum(len(area.MESSAGES) for area in catalog.AREAS) == len(MESSAGES)


def test_a_key_in_two_areas_is_refused(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setitem(catalog.errors.MESSAGES, "note", {"en": "x", "es": "x"})
    with pytest.raises(ValueError, match="'note' is defined twice"):
        catalog._merged()


def test_a_regional_locale_gets_spanish_and_an_unknown_one_english():
    assert message("feedback_helpful", "es-419") == "Útil"
    assert message("feedback_helpful", "es-ES") == "Útil"
    assert message("feedback_helpful", "fr") == "Helpful"
    assert message("review_done", "es", id=7) != message("review_done", "en", id=7)


# --- singular and plural ---------------------------------------------------------

# Every message that formats a count, with what count 1 and count 2 give in English
# and Spanish (other fields filled with "X").
COUNTED = {
    "kb_problems": ("has 1 problem;", "has 2 problems;", "tiene 1 problema;", "tiene 2 problemas;"),
    "kb_added": ("1 added", "2 added", "1 nueva", "2 nuevas"),
    "kb_removed": ("1 removed", "2 removed", "1 quitada", "2 quitadas"),
    "kb_entries": ("1 entry", "2 entries", "1 entrada", "2 entradas"),
    "kb_sources": ("1 source", "2 sources", "1 fuente", "2 fuentes"),
    "kb_topics": ("1 topic", "2 topics", "1 tema", "2 temas"),
    "gaps_window": ("last day", "last 2 days", "el último día", "los últimos 2 días"),
    "review_open": ("1 open", "2 open", "1 abierto", "2 abiertos"),
    "review_kept": ("kept 1 day", "kept 2 days", "se guardan 1 día", "se guardan 2 días"),
    "stats_title": ("(last day)", "(last 2 days)", "(último día)", "(últimos 2 días)"),
    "stats_answers": (
        "**1** answer served",
        "**2** answers served",
        "**1** respuesta dada",
        "**2** respuestas dadas",
    ),
    "stats_direct": ("1 direct", "2 direct", "1 directa", "2 directas"),
    "stats_picks": ("1 picked", "2 picked", "1 elegida", "2 elegidas"),
    "stats_shows": ("1 shown", "2 shown", "1 mostrada", "2 mostradas"),
    "stats_helpful": ("1** helpful vote", "2** helpful votes", "1** voto ", "2** votos "),
    "stats_reports": ("**1** report", "**2** reports", "**1** informe", "**2** informes"),
    "stats_unanswered": (
        "1** unanswered question",
        "2** unanswered questions",
        "1** pregunta sin",
        "2** preguntas sin",
    ),
    "timeline_years_ago": ("1 year ago", "2 years ago", "hace 1 año", "hace 2 años"),
    "timeline_events": ("1 event", "2 events", "1 hecho", "2 hechos"),
    "topic_line": ("1 question", "2 questions", "1 pregunta", "2 preguntas"),
    "topic_title": ("1 question", "2 questions", "1 pregunta", "2 preguntas"),
    "sources_footer": ("1 source", "2 sources", "1 fuente", "2 fuentes"),
    "help_description": (
        "1 cited answer.",
        "2 cited answers.",
        "1 respuesta citada.",
        "2 respuestas citadas.",
    ),
}
# A count whose words do not change with it: "Where the sources disagree (2)".
INVARIANT = {"disputes_title", "postfact_topic_choice"}


def _filled(key: str, language: str, count: int) -> str:
    others = {name: "X" for name in fields(MESSAGES[key][language]) if name != "count"}
    return message(key, language, count=count, **others)


@pytest.mark.parametrize("key", sorted(COUNTED))
def test_counts_take_their_singular_and_plural(key: str):
    en_one, en_two, es_one, es_two = COUNTED[key]
    assert en_one in _filled(key, "en", 1) and en_two in _filled(key, "en", 2)
    assert es_one in _filled(key, "es", 1) and es_two in _filled(key, "es", 2)


def test_every_count_is_singular_and_plural_or_said_invariant():
    """A new message with a ``count`` joins COUNTED (and gets forms) or INVARIANT."""
    counted = {key for key, texts in MESSAGES.items() if "count" in fields(texts["en"])}
    assert counted == set(COUNTED) | INVARIANT
    # No count is formatted by any other name: it would dodge the forms.
    other_counts = {
        key
        for key, texts in MESSAGES.items()
        for name in fields(texts["en"]) & {"days", "years", "total", "n"}
    }
    assert other_counts == set()


def test_forms_are_one_and_other_and_need_a_count():
    for key, texts in MESSAGES.items():
        for text in texts.values():
            if isinstance(text, dict):
                assert set(text) == {"one", "other"}, key
                assert "count" in fields(text), key
    with pytest.raises(TypeError, match="needs an int count"):
        message("timeline_events", "en")
    assert message("timeline_events", "es", count=0) == "0 hechos"
    assert message("timeline_events", "en", count=21) == "21 events"
