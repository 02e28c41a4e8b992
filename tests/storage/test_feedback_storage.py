"""bot/storage/feedback.py and stats.py: one vote per member per entry under a keyed
hash, reports and their queue, batched answer counts and picked variants, retention,
forgetting a server."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers.storage import GUILD, OTHER_GUILD, at

from bot.storage import Store
from bot.storage.feedback import clean_details

ALICE, BOB = 555555555555555555, 666666666666666666


def test_the_voter_hash_is_keyed_per_database_and_links_nothing(store: Store, tmp_path: Path):
    first = store.feedback.voter(GUILD, ALICE, "seizure-date")
    assert len(first) == 64 and str(ALICE) not in first
    assert store.feedback.voter(GUILD, ALICE, "seizure-date") == first
    # Another entry, another server, another member: nothing in common to link them.
    others = {
        store.feedback.voter(GUILD, ALICE, "rescue-date"),
        store.feedback.voter(OTHER_GUILD, ALICE, "seizure-date"),
        store.feedback.voter(GUILD, BOB, "seizure-date"),
    }
    assert first not in others and len(others) == 3
    # Another database has its own key.
    with Store(tmp_path / "other.sqlite3") as other:
        assert other.feedback.voter(GUILD, ALICE, "seizure-date") != first


def test_one_helpful_vote_and_one_report_per_member_per_entry(store: Store):
    assert store.feedback.vote_helpful(GUILD, ALICE, "seizure-date")
    assert not store.feedback.vote_helpful(GUILD, ALICE, "seizure-date")
    assert store.feedback.vote_helpful(OTHER_GUILD, ALICE, "seizure-date")
    assert store.feedback.report(GUILD, ALICE, "seizure-date", "wrong-fact") is not None
    assert store.feedback.has_reported(GUILD, ALICE, "seizure-date")
    assert store.feedback.report(GUILD, ALICE, "seizure-date", "other") is None
    assert not store.feedback.has_reported(GUILD, BOB, "seizure-date")
    with pytest.raises(ValueError):
        store.feedback.report(GUILD, BOB, "seizure-date", "spam")
    assert store.feedback.totals(GUILD) == {"seizure-date": {"helpful": 1, "reports": 1, "open": 1}}


def test_the_queue_is_per_server_newest_first_and_done_is_per_server(store: Store):
    old = store.feedback.report(GUILD, ALICE, "a", "other", "first", now=at("2026-11-01"))
    new = store.feedback.report(GUILD, BOB, "b", "other", "second", now=at("2026-11-02"))
    elsewhere = store.feedback.report(OTHER_GUILD, BOB, "b", "other", now=at("2026-11-03"))
    assert old and new and elsewhere
    assert [r.id for r in store.feedback.reports(GUILD)] == [new.id, old.id]
    assert [r.id for r in store.feedback.reports()] == [elsewhere.id, new.id, old.id]
    assert not store.feedback.mark_done(elsewhere.id, GUILD)  # not this server's
    assert store.feedback.mark_done(new.id, GUILD, now=at("2026-11-04"))
    assert not store.feedback.mark_done(new.id, GUILD)  # already done
    assert [r.id for r in store.feedback.reports(GUILD)] == [old.id]
    done = store.feedback.reports(GUILD, include_done=True)[0]
    assert done.done_at == at("2026-11-04")
    assert store.feedback.count_reports(GUILD, include_done=True) == 2


def test_report_details_keep_no_mentions_or_hidden_characters():
    text = "<@123456789012345678> @everyone it\u202eis\u0000 wrong   <#42>" + "x" * 900
    cleaned = clean_details(text)
    assert "123456789012345678" not in cleaned and "everyone" not in cleaned
    assert "\u0000" not in cleaned and "  " not in cleaned
    assert len(cleaned) == 500


def test_answer_counts_and_variants_add_up_and_expire(db: Path):
    with Store(db, retention_days=7) as store:
        store.stats.add(
            [
                ((GUILD, "a", "answer"), 3),
                ((GUILD, "a", "pick"), 1),
                ((OTHER_GUILD, "a", "show"), 2),
            ],
            [((GUILD, "a", "When did it START?"), 2), ((GUILD, "a", "when did it start"), 1)],
            now=at("2026-11-01"),
        )
        store.stats.add([((GUILD, "a", "answer"), 1)], now=at("2026-11-05"))
        now = at("2026-11-06")
        assert store.stats.per_entry(GUILD, now) == {"a": {"answer": 4, "pick": 1, "show": 0}}
        assert store.stats.per_entry(None, now)["a"]["show"] == 2
        (variant,) = store.stats.variants(GUILD, now)
        assert (variant.key, variant.count) == ("when did it start", 3)
        assert store.prune(at("2026-11-10")) == 4  # three count rows and one pick row
        assert store.stats.per_entry(GUILD, at("2026-11-10")) == {
            "a": {"answer": 1, "pick": 0, "show": 0}
        }
        store.forget_guild(GUILD)
        assert store.stats.per_entry(GUILD, at("2026-11-10")) == {}
