"""bot/stats.py: answer counts kept in memory until the database takes them, and the
questions waiting for their member to pick a suggestion."""

from __future__ import annotations

from typing import Any

from helpers.bots import engine, weak_question

from bot.stats import AnswerCounter, PendingQuestions
from bot.storage import StoreBusy


async def test_counts_wait_in_memory_while_the_database_is_locked():
    batches: list[Any] = []
    locked = True

    def write(counts, picks, *, wait):
        if locked:
            raise StoreBusy("locked")
        batches.append((dict(counts), dict(picks)))

    counter = AnswerCounter(write)
    answered = engine().ask("When did the Japanese embassy hostage crisis begin?")
    counter.answered(1, 10, "When did the Japanese embassy hostage crisis begin?", answered)
    assert not await counter.flush(wait=False)
    counter.answered(1, 11, "When did the Japanese embassy hostage crisis begin?", answered)
    locked = False
    assert await counter.flush()
    assert batches == [({(1, "seizure-date", "answer"): 2}, {})]
    assert await counter.flush() and len(batches) == 1  # nothing new: nothing written


def test_a_pick_pairs_only_with_the_same_members_offered_question():
    question, result = weak_question()
    offered = result.suggestions[0].entry.id
    counter = AnswerCounter(lambda *a, **k: None)
    counter.answered(1, 10, question, result)
    counter.picked(1, 11, offered)  # someone else's pick
    counter.picked(1, 10, "not-offered")  # an entry that was not among the suggestions
    counter.picked(1, 10, offered)  # already forgotten: one pick per question
    assert counter.picks == {}
    counter.answered(1, 10, question, result)
    counter.picked(1, 10, offered)
    assert counter.picks == {(1, offered, question): 1}
    assert counter.counts[(1, offered, "pick")] == 3  # every click counts as a pick


def test_pending_questions_expire_and_are_bounded():
    pending = PendingQuestions(ttl=0.0, size=2)
    pending.remember(1, 10, "q", ["a"])
    assert pending.take(1, 10, "a", offered=True) is None  # too old
    pending = PendingQuestions(size=2)
    for user in (10, 11, 12):
        pending.remember(1, user, f"q{user}", ["a"])
    assert not pending.has(1, 10) and pending.has(1, 12)
    assert pending.take(1, 12, "b", offered=False) == "q12"
