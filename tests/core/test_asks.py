"""The kind of answer a question asks for (asks.py), and the word matcher marking down
an entry never asked for that kind."""

from __future__ import annotations

import textwrap

import pytest

from bot.core import Engine
from bot.core import asks as asks_module
from bot.core.asks import asks


@pytest.mark.parametrize(
    ("text", "language", "kinds"),
    [
        ("Who was the ambassador?", "en", {"person"}),
        ("which armed group seized it", "en", {"person"}),
        ("whos the guy in charge", "en", {"person"}),
        ("When did it start, and where?", "en", {"time", "place"}),
        ("what year was the raid", "en", {"time"}),
        ("how many hostages were there", "en", {"count"}),
        ("how long did the siege last", "en", {"duration"}),
        ("how come nobody saw the tunnels", "en", {"reason"}),
        ("what happened", "en", set()),
        ("how did they get in", "en", set()),
        ("¿Quién fue Néstor Cerpa?", "es", {"person"}),
        ("¿Qué grupo tomó la residencia?", "es", {"person"}),
        ("cuantos dias duro la toma", "es", {"duration"}),
        ("¿Cuántos rehenes había?", "es", {"count"}),
        ("xq entraron a la casa", "es", {"reason"}),
        ("¿En qué año fue?", "es", {"time"}),
        ("¿Dónde queda la residencia?", "es", {"place"}),
        ("Who was it?", "fr", set()),  # a language without patterns: nothing read
    ],
)
def test_the_kinds_a_question_asks_for(text, language, kinds):
    assert asks(text, language) == kinds


PACK = """\
sources:
  - {id: almanac, title: The Almanac, publisher: Example Press, date: "2001", kind: book}
entries:
  - id: fort-date
    topic: The fort
    question: When was the fort taken?
    variants: [what date was the fort captured, when did the attack on the fort begin]
    answer: On 3 May 1802.
    citations: [{source: almanac}]
  - id: fort-commander
    topic: The fort
    question: Who commanded the fort?
    variants: [commander of the fort, who led the defenders of the fort]
    answer: Captain Ana Ruiz.
    citations: [{source: almanac}]
"""


def test_an_entry_never_asked_for_that_kind_is_marked_down(tmp_path, monkeypatch):
    (tmp_path / "pack.yaml").write_text(textwrap.dedent(PACK), encoding="utf-8")
    engine = Engine.from_path(tmp_path, embeddings="off", recent_answers=0)

    def score(question: str, entry_id: str) -> float:
        ranked, _ = engine.matcher.rank(question)
        return next(s.score for s in ranked if s.entry_id == entry_id)

    def scores(question: str, factor: float) -> tuple[float, float]:
        monkeypatch.setattr(asks_module, "ASKS_OTHER_KIND", factor)
        return score(question, "fort-date"), score(question, "fort-commander")

    # "who": the date entry, never asked "who", is marked down; the commander's is not.
    date_marked, commander_marked = scores("who was in the fort that was taken", 0.9)
    date_plain, commander_plain = scores("who was in the fort that was taken", 1.0)
    assert date_marked == pytest.approx(date_plain * 0.9)
    assert commander_marked == commander_plain
    # A question asking for no kind marks down nothing.
    assert scores("the fort that was taken", 0.9) == scores("the fort that was taken", 1.0)
