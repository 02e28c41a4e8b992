"""The message catalog holds: every text the bot writes has English and Spanish,
both take the same fields, and a key lives in one area only."""

from __future__ import annotations

import string

import pytest

from bot.core import catalog
from bot.core.catalog import MESSAGES, message

LANGUAGES = ("en", "es")


def fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


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
