"""The labelled evaluation set, run against the shipped pack, with floors."""

from __future__ import annotations

from collections import Counter

import pytest
from helpers.paths import TESTS

from bot.core import Engine
from bot.core.evaluation import describe_failure, evaluate, read_questions
from bot.core.text import fold

EVAL_DIR = TESTS / "eval"


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine.from_path()


@pytest.fixture(scope="module")
def questions():
    return read_questions(EVAL_DIR)


def test_the_set_is_big_and_varied_enough(engine, questions):
    assert len(questions) >= 150
    assert sum(q.expect is None for q in questions) >= 40
    unknown = {q.expect for q in questions if q.expect and q.expect not in engine.pack.entries}
    assert not unknown, f"questions expect entries the pack lacks: {sorted(unknown)}"


def test_every_entry_has_two_questions_that_are_not_variants(engine, questions):
    # "Not a copy" is judged on the words as typed (case and punctuation aside):
    # a paraphrase that synonyms make equal to a variant still tests them.
    phrasings = {
        entry_id: {fold(p) for p in entry.phrasings}
        for entry_id, entry in engine.pack.entries.items()
    }
    counts = Counter(
        q.expect for q in questions if q.expect and fold(q.question) not in phrasings[q.expect]
    )
    thin = sorted(entry_id for entry_id in engine.pack.entries if counts[entry_id] < 2)
    assert not thin, f"entries with fewer than two own evaluation questions: {thin}"


def test_accuracy_floors(engine, questions):
    report = evaluate(engine, questions)
    details = (
        report.summary()
        + "\n"
        + "\n".join(describe_failure(labelled, result) for labelled, result in report.failures)
    )
    assert report.top1 >= 0.90, details
    assert report.wrong_rate <= 0.03, details
    assert report.rejection >= 0.95, details
