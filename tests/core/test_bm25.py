"""BM25, the third ranker: an entry's phrasings read as one bag of words."""

from __future__ import annotations

import math

import pytest

from bot.core import Engine
from bot.core.bm25 import EntryBM25

BAGS = {
    "tunnels": ["tunnel", "dig", "tunnel", "under", "resid"],
    "rescue": ["rescu", "command", "storm", "resid"],
    "cerpa": ["cerpa", "leader"],
}


@pytest.fixture(scope="module")
def bm25() -> EntryBM25:
    return EntryBM25(list(BAGS), BAGS)


def test_a_word_only_one_entry_has_counts_more_than_a_shared_one(bm25):
    scores = bm25.scores([{"tunnel": 1.0}])
    assert scores.argmax() == bm25.position["tunnels"]
    assert scores[bm25.position["rescue"]] == 0
    shared = bm25.scores([{"resid": 1.0}])
    assert 0 < shared[bm25.position["tunnels"]] < scores[bm25.position["tunnels"]]
    assert bm25.idf["tunnel"] > bm25.idf["resid"]


def test_words_from_two_phrasings_add_up_and_repeats_count_once(bm25):
    one = bm25.scores([{"command": 1.0}])
    two = bm25.scores([{"command": 1.0}, {"storm": 1.0}])
    assert two[bm25.position["rescue"]] > one[bm25.position["rescue"]]
    again = bm25.scores([{"command": 1.0}, {"command": 1.0}])
    assert again[bm25.position["rescue"]] == pytest.approx(one[bm25.position["rescue"]])


def test_a_slip_counts_as_much_as_its_similarity_and_takes_its_best_reading(bm25):
    exact = bm25.scores([{"cerpa": 1.0}])[bm25.position["cerpa"]]
    slip = bm25.scores([{"cerpa": 0.8}])[bm25.position["cerpa"]]
    assert slip == pytest.approx(0.8 * exact)
    either = bm25.scores([{"cerpa": 0.8, "tunnel": 0.8}])
    assert either[bm25.position["cerpa"]] == pytest.approx(slip)
    assert either[bm25.position["tunnels"]] > 0


def test_the_ceiling_is_what_an_average_entry_using_each_word_once_would_score(bm25):
    query = [{"tunnel": 1.0}, {"leader": 0.5}, {"nowhere": 1.0}]
    assert bm25.ceiling(query) == pytest.approx(bm25.idf["tunnel"] + 0.5 * bm25.idf["leader"])
    assert bm25.ceiling([]) == 0
    assert math.isfinite(bm25.scores([]).sum())


def test_the_engine_gives_the_gate_bm25_evidence_for_every_candidate():
    engine = Engine.from_path(embeddings="off")
    candidates = engine.candidates("lima hostage rescue operation name")
    names = {"bm25", "bm25_share", "bm25_lead", "bm25_top", "bm25_lex_top"}
    assert all(names <= set(c.features) for c in candidates)
    best = max(candidates, key=lambda c: c.features["bm25"])
    assert best.entry_id == "rescue-name" and best.features["bm25_top"] == 1.0
    assert sum(c.features["bm25_top"] for c in candidates) == 1.0
    # Function and question words are not BM25 evidence ("what" is rare in a small pack).
    assert engine.matcher.bm25("what when who")[0].max() == 0
