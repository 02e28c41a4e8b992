"""Any string at all gives a valid result and never an exception."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.core import Engine, result_to_json

NASTY = [
    "",
    " ",
    "\u200b\u200c\u200d\ufeff",  # zero-width characters
    "\u202emrta\u202c",  # right-to-left override
    "متى بدأت الأزمة",  # Arabic, right to left
    "人質事件はいつ始まった",  # Japanese
    "🏯🔫💣" * 50,
    "?!.,;:'\"()[]{}" * 20,
    "a" * 10_000,
    "when did the crisis start " * 400,
    "\x00\x01\x02",
    "@everyone <@&123> <@456> when did it start",
]


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine.from_path()


def check(engine: Engine, question: str) -> None:
    result = engine.ask(question)
    assert result.status in ("answered", "suggest", "no_match")
    assert 0.0 <= result.score <= 100.0
    assert len(result.suggestions) <= 3
    if result.status == "answered":
        assert result.entry is not None and result.matched
    else:
        assert result.entry is None
    if result.status == "suggest":
        assert result.suggestions
    if result.status == "no_match":
        assert not result.suggestions
    json.dumps(result_to_json(engine, result))  # always serializable
    for suggestion in engine.complete(question):
        assert suggestion.entry.id in engine.pack.entries


@pytest.mark.parametrize("question", NASTY, ids=range(len(NASTY)))
def test_nasty_inputs(engine, question):
    check(engine, question)


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(max_size=400))
def test_any_text(engine, question):
    check(engine, question)


@settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(alphabet=st.characters(categories=["P", "S", "Z", "Cf", "Mn"]), max_size=200))
def test_only_punctuation_symbols_spaces_and_marks(engine, question):
    result = engine.ask(question)
    check(engine, question)
    assert result.status in ("no_match", "suggest", "answered")


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(min_size=1, max_size=60).map(lambda s: (s * 10_000)[:10_000]))
def test_very_long_text(engine, question):
    check(engine, question)
