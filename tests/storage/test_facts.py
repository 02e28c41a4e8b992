"""bot/storage/facts.py: every fact once before any repeats, moderators' posts and the
fact of the day counted together."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from helpers.storage import CHANNEL, ENTRIES, GUILD, MOD, OTHER_GUILD, at, post_next

from bot.storage import (
    Store,
)


def test_no_repeats_until_every_fact_was_posted(store: Store):
    rng = random.Random(7)
    first = [post_next(store, GUILD, ENTRIES, rng) for _ in ENTRIES]
    assert sorted(first) == ENTRIES
    second = [post_next(store, GUILD, ENTRIES, rng) for _ in ENTRIES]
    assert sorted(second) == ENTRIES
    assert second[0] != first[-1]  # a new cycle does not open with the last fact
    # Other servers have their own cycle.
    assert store.facts.next_fact(OTHER_GUILD, ENTRIES, random.Random(1)) in ENTRIES


def test_cycle_is_deterministic_and_survives_restart(tmp_path: Path):
    def run(path: Path, restart: bool) -> list[str]:
        rng = random.Random(2024)
        picked = []
        s = Store(path)
        for n in range(20):
            if restart and n % 3 == 0:
                s.close()
                s = Store(path)
            picked.append(post_next(s, GUILD, ENTRIES, rng))
        s.close()
        return picked

    plain = run(tmp_path / "a.sqlite3", restart=False)
    restarted = run(tmp_path / "b.sqlite3", restart=True)
    assert plain == restarted
    assert len(set(plain[:12])) == 12


def test_cycle_follows_pack_changes(store: Store):
    rng = random.Random(3)
    posted = {post_next(store, GUILD, ["a", "b", "c"], rng) for _ in range(2)}
    left = ({"a", "b", "c"} - posted).pop()
    # "d" joins the current cycle; removed entries are never offered.
    rest = {post_next(store, GUILD, [left, "d"], rng) for _ in range(2)}
    assert rest == {left, "d"}
    assert store.facts.next_fact(GUILD, [], rng) is None


def test_manual_posts_count_and_are_recorded(store: Store):
    store.facts.record_post(GUILD, CHANNEL, "a", MOD, message_id=5, now=at("2026-11-25"))
    assert store.facts.next_fact(GUILD, ["a", "b"], random.Random(0)) == "b"
    [post] = store.facts.recent_posts(GUILD)
    assert (post.entry_id, post.posted_by, post.message_id) == ("a", MOD, 5)
    assert post.posted_at == at("2026-11-25")
    with pytest.raises(ValueError):
        store.facts.record_post(GUILD, CHANNEL, "a", "somebody")
