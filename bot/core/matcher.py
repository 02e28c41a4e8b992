"""The word matcher: ranking a pack's entries by the words a question shares with them.

Plain ``WRatio`` on raw strings cannot tell "when did the crisis start" from
"when did the crisis end": the strings share most of their characters. So the
matcher compares *words* (stemmed, synonyms rewritten), weighted by how
informative each word is in this pack (vocabulary.py: inverse document
frequency over entries, with floors and caps), and fuzzy only within a
word, so typos still match:

- recall: how much of the question's weight the entry knows: the words of all
  its phrasings fully, the words of its answer at partial credit. A question
  with weighty words the pack has never seen ("weather", "Iran") scores low,
  which is how off-topic questions are rejected.
- precision: how much of one phrasing's weight the question covers, for the
  entry's best phrasing. "when did the crisis start" loses its weighty "start"
  against the question "... end", which is how near-miss pairs are told apart.

The score is their F-measure, leaning towards recall. The matcher only ranks;
whether the best entry answers, is suggested or is dropped is the answer
gate's decision (gate.py), which weighs these scores together with the
sentence-embedding ranker's. Everything that depends only on the pack is
computed once, in ``__init__``.
"""

from __future__ import annotations

import heapq
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import repeat
from operator import mul

import numpy as np
from rapidfuzz import fuzz, process, utils

from .asks import asks, entry_kinds, mark_down
from .bm25 import BM25Evidence, EntryBM25
from .dense import BestPhrasings, DenseScorer
from .pack import Pack
from .result import MatchResult, Suggestion
from .text import MAX_QUESTION_CHARS
from .vocabulary import STOPWORDS, YEAR, Query, Vocabulary

__all__ = ["STOPWORDS", "LexicalScore", "MatchResult", "Matcher", "QueryFacts", "Suggestion"]

RECALL_BETA = 1.5  # F-beta: recall (covering the question) matters more

RANKED = 8  # entries ranked per question, for the answer gate to weigh
# An entry whose words could not score this much even with its best phrasing is
# not worth scoring: the gate gives such candidates next to no chance.
RANK_FLOOR = 0.2
MAX_CANDIDATES = 2_000  # entries scored per question, at most, in a very large pack
PARSED_CACHE_SIZE = 64  # texts (a question and its clauses) kept for a second scoring


@dataclass(slots=True)
class _Prepared:
    """A question's words, ready to score entries against."""

    query_total: float
    known: float  # share of the question's weight the pack knows at all
    best_similarity: dict[str, float]  # pack word -> best similarity to a question word
    exact: list[tuple[float, str]]
    fuzzy: list[tuple[float, dict[str, float]]]
    by_recall: list[tuple[float, str]]  # (-recall, entry id) of every candidate, best first
    scored: dict[str, tuple[float, float, int, float]] = field(default_factory=dict)
    # When the pack is scored whole (dense.py): every entry's recall, its best
    # phrasing's precision and index, and how much its phrasings cover.
    recall: dict[str, float] | None = None
    best_precision: BestPhrasings | None = None
    asked_coverage: dict[str, float] | None = None


TITLES = frozenset({"mr", "mrs", "ms", "dr", "prof", "professor", "sir", "sr", "sra", "dra", "don"})
NAME_CANDIDATE = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


@dataclass(frozen=True, slots=True)
class QueryFacts:
    """What a question names, for telling this story from a neighbouring one."""

    passing: tuple[tuple[float, str], ...]  # (weight in unknown words, word) only answers use
    years: frozenset[str]
    unknown: float  # how many words no phrasing uses (in units of an unknown word's weight)
    names: float = 0.0  # capitalized words mid-question the pack never mentions, at most 2
    # The pack words each such name was matched to: the words of an outside subject
    # (pack.py: "Entebbe"), which no entry knows.
    name_words: tuple[frozenset[str], ...] = ()


@dataclass(frozen=True, slots=True)
class LexicalScore:
    """How well one entry's words fit a question (all 0-1)."""

    entry_id: str
    score: float  # F-measure of recall and precision
    recall: float  # how much of the question's weight the entry knows
    precision: float  # how much of its best phrasing the question covers
    matched: str  # that phrasing
    asked_coverage: float  # how much of the question its phrasings (not its answer) cover


@dataclass(frozen=True, slots=True)
class _Phrasing:
    entry_id: str
    text: str
    tokens: tuple[str, ...]
    weights: tuple[float, ...]
    total: float


class Matcher:
    def __init__(self, pack: Pack):
        self.pack = pack
        self.words = Vocabulary(pack)
        self.normalizer = self.words.normalizer
        self._entry_words = self.words.entry_words

        self._phrasings: list[_Phrasing] = []
        self._entry_phrasings: dict[str, list[int]] = defaultdict(list)
        postings: dict[str, list[str]] = defaultdict(list)  # word -> entries asking with it
        weight = self.words.weight
        for entry_id, text, tokens in self.words.phrasings:
            weights = tuple(weight[t] for t in tokens)
            self._entry_phrasings[entry_id].append(len(self._phrasings))
            self._phrasings.append(_Phrasing(entry_id, text, tuple(tokens), weights, sum(weights)))
        for entry_id, indexes in self._entry_phrasings.items():
            for token in {t for i in indexes for t in self._phrasings[i].tokens}:
                postings[token].append(entry_id)
        self._postings = dict(postings)
        # The third ranker: each entry's phrasings and topic as one bag of words,
        # without function and question words ("what" is rare enough in a small
        # pack for BM25 to take it as telling).
        self._function_words = self.words.stopwords | self.words.question_words
        self._everyday = self._function_words | self.words.common_words
        bags: dict[str, list[str]] = defaultdict(list)
        for entry_id, _, tokens in self.words.phrasings:
            bags[entry_id].extend(t for t in tokens if t not in self._function_words)
        for entry in pack.ranked.values():
            topic = self.normalizer.tokens(entry.topic)
            bags[entry.id].extend(t for t in topic if t not in self._function_words)
        self._bm25 = EntryBM25(list(pack.ranked), bags, counted=pack.entries)
        # A pack of up to some thousands of entries is scored whole with numpy.
        self._dense = (
            DenseScorer(self._phrasings, self._entry_words)
            if DenseScorer.fits(self._phrasings, self._entry_words)
            else None
        )
        self._parsed_cache: dict[str, tuple[Query, float, _Prepared | None]] = {}
        self._bm25_cache: dict[tuple[str, int], BM25Evidence] = {}  # as _parsed_cache

        self._asks = entry_kinds(((p.entry_id, p.text) for p in self._phrasings), pack.language)

        # For autocomplete: every phrasing, preprocessed once, as rapidfuzz's docs advise
        # (an outside subject's are never offered: it has no answer).
        self._complete_choices = [
            utils.default_process(p.text) if p.entry_id in pack.entries else ""
            for p in self._phrasings
        ]

    # --- matching --------------------------------------------------------

    def respelled(self, question: str) -> str:
        """The question with typos written as the pack writes them (see Vocabulary)."""
        return self.words.respelled(question)

    def _asked_coverage(
        self, query: Query, entry_id: str, prepared: _Prepared | None = None
    ) -> float:
        """How much of the question's weight the entry's phrasings cover (answers aside)."""
        if self._dense is not None and prepared is not None:
            if prepared.asked_coverage is None:
                covered = self._dense.covered(query, asked_only=True) / prepared.query_total
                prepared.asked_coverage = dict(
                    zip(self._dense.entry_ids, covered.tolist(), strict=True)
                )
            return prepared.asked_coverage[entry_id]
        words = self._entry_words[entry_id]
        covered_weight = sum(
            weight
            * max((sim for word, sim in matches.items() if words.get(word) == 1.0), default=0.0)
            for weight, matches in query
        )
        return covered_weight / sum(weight for weight, _ in query)

    def _prepare(self, query: Query) -> _Prepared | None:
        """What scoring needs of a question, whatever the limit: the recall of every
        entry asked with its words, highest first. Kept for the question's next
        scoring (the engine scores a question twice when the words leave doubt)."""
        if not query:
            return None
        query_total = sum(weight for weight, _ in query)
        asked = [(weight, matches) for weight, matches in query if matches]
        best_similarity: dict[str, float] = {}  # pack word -> best over the question
        for _, matches in asked:
            for word, similarity in matches.items():
                if similarity > best_similarity.get(word, 0.0):
                    best_similarity[word] = similarity

        # Candidates: entries asked with the question's words, rarest words
        # first; in a very large pack the most common words add no more.
        stopwords = self.words.stopwords
        words = [w for w in best_similarity if w not in stopwords] or list(best_similarity)
        words.sort(key=lambda w: len(self._postings.get(w, ())))
        candidates: set[str] = set()
        for word in words:
            entries = self._postings.get(word, ())
            if candidates and len(candidates) + len(entries) > MAX_CANDIDATES:
                break
            candidates.update(entries[:MAX_CANDIDATES])

        # Exact words (most of them) need one lookup per entry; typos, the best of a few.
        prepared = _Prepared(
            query_total,
            sum(weight for weight, _ in asked) / query_total,
            best_similarity,
            [
                (weight, word)
                for weight, matches in asked
                for word, sim in matches.items()
                if len(matches) == 1 and sim == 1.0
            ],
            [
                (weight, matches)
                for weight, matches in asked
                if len(matches) != 1 or 1.0 not in matches.values()
            ],
            [],
        )
        if self._dense is not None:
            covered = self._dense.covered(asked) / query_total
            prepared.recall = dict(zip(self._dense.entry_ids, covered.tolist(), strict=True))
        prepared.by_recall = sorted(
            (-self._recall(prepared, entry_id), entry_id) for entry_id in candidates
        )
        return prepared

    def _recall(self, prepared: _Prepared, entry_id: str) -> float:
        if prepared.recall is not None:
            return prepared.recall[entry_id]
        credit_of = self._entry_words[entry_id].get
        covered = 0.0
        for weight, word in prepared.exact:
            covered += weight * credit_of(word, 0.0)
        for weight, matches in prepared.fuzzy:
            covered += weight * max(sim * credit_of(word, 0.0) for word, sim in matches.items())
        return covered / prepared.query_total

    def _best_phrasing(
        self, prepared: _Prepared, entry_id: str, recall: float
    ) -> tuple[float, float, int, float]:
        """(score, recall, phrasing index, precision) of the entry's best phrasing."""
        known = prepared.scored.get(entry_id)
        if known is not None:
            return known
        beta2 = RECALL_BETA**2
        if self._dense is not None:
            if prepared.best_precision is None:
                prepared.best_precision = self._dense.best_phrasings(prepared.best_similarity)
            precision, index = prepared.best_precision.get(entry_id)
            if precision <= 0:
                return prepared.scored.setdefault(entry_id, (0.0, 0.0, -1, 0.0))
            # For a given recall the F-measure grows with precision, so the most
            # precise phrasing is the best one.
            score = (1 + beta2) * precision * recall / (beta2 * precision + recall)
            return prepared.scored.setdefault(entry_id, (score, recall, index, precision))
        similarity_of = prepared.best_similarity.get
        entry_best = (0.0, 0.0, -1, 0.0)
        for index in self._entry_phrasings[entry_id]:
            phrasing = self._phrasings[index]
            covered = sum(
                map(mul, phrasing.weights, map(similarity_of, phrasing.tokens, repeat(0.0)))
            )
            precision = covered / phrasing.total if phrasing.total else 0.0
            if precision <= 0:
                continue
            score = (1 + beta2) * precision * recall / (beta2 * precision + recall)
            if score > entry_best[0]:
                entry_best = (score, recall, index, precision)
        prepared.scored[entry_id] = entry_best
        return entry_best

    def _scores(
        self,
        prepared: _Prepared | None,
        limit: int,
        floor: float = 0.0,
        include: Iterable[str] = (),
    ) -> dict[str, tuple[float, float, int, float]]:
        """(score, recall, best phrasing index, its precision; all 0-1 but the index) for
        at least the `limit` best entries scoring `floor` or more.

        Recall is judged against everything an entry knows (all its
        phrasings, and its answer at partial credit); precision against one
        phrasing at a time, the best. Entries are visited by falling recall,
        and the visit stops once even a perfect precision could not reach
        the best `limit` scores found, so few phrasings are ever scored.
        Entries in `include` are scored whatever their recall (the other
        ranker's candidates, which the gate compares).
        """
        if prepared is None:
            return {}
        beta2 = RECALL_BETA**2

        def ceiling(recall: float) -> float:
            """The score an entry with this recall gets at perfect precision."""
            return (1 + beta2) * recall / (beta2 + recall) if recall > 0 else 0.0

        best: dict[str, tuple[float, float, int, float]] = {}
        top: list[float] = []  # min-heap of the best `limit` scores so far
        # Nothing can reach the floor when even the words the pack knows fall short.
        visit = prepared.by_recall if ceiling(prepared.known) >= floor else []
        for negative_recall, entry_id in visit:
            recall = -negative_recall
            bound = ceiling(recall)
            if bound < floor or (len(top) >= limit and bound < top[0]):
                break
            entry_best = self._best_phrasing(prepared, entry_id, recall)
            if entry_best[2] >= 0:
                best[entry_id] = entry_best
                if len(top) < limit:
                    heapq.heappush(top, entry_best[0])
                elif entry_best[0] > top[0]:
                    heapq.heapreplace(top, entry_best[0])
        for entry_id in include:
            if entry_id in best or entry_id not in self._entry_words:
                continue
            entry_best = self._best_phrasing(prepared, entry_id, self._recall(prepared, entry_id))
            if entry_best[2] >= 0:
                best[entry_id] = entry_best
        return best

    def rank(
        self, question: str, limit: int = RANKED, include: Iterable[str] = ()
    ) -> tuple[list[LexicalScore], QueryFacts]:
        """The entries whose words best fit the question, best first: at least the
        `limit` best, and every entry in `include` that shares a word with it; and
        what the question names that could belong to another story."""
        query, unknown, prepared = self._parsed(question)
        facts = QueryFacts(
            tuple(
                (weight / self.words.unknown_weight, word)
                for weight, matches in query
                for word in matches
                if word not in self.words.asked
            ),
            frozenset(YEAR.findall(question)),
            unknown,
            *self._unknown_names(question),
        )
        if not query:
            return [], facts
        include = set(include)
        scores = self._scores(prepared, limit, RANK_FLOOR, include=include)
        mark_down(scores, asks(question, self.pack.language), self._asks)
        ranked = sorted(scores.items(), key=lambda kv: (-kv[1][0], kv[0]))
        # Only the best few and the other ranker's candidates are weighed by the gate.
        ranked = ranked[:limit] + [kv for kv in ranked[limit:] if kv[0] in include]
        return [
            LexicalScore(
                entry_id,
                score,
                recall,
                precision,
                self._phrasings[index].text,
                self._asked_coverage(query, entry_id, prepared),
            )
            for entry_id, (score, recall, index, precision) in ranked
        ], facts

    def _parsed(self, question: str) -> tuple[Query, float, _Prepared | None]:
        """`_parse` and `_prepare`, remembered until `forget` (the engine forgets at
        the start of each question, so only its own texts are kept)."""
        cached = self._parsed_cache.get(question)
        if cached is None:
            query, unknown = self.words.parse(question)
            cached = (query, unknown, self._prepare(query))
            if len(self._parsed_cache) >= PARSED_CACHE_SIZE:
                self._parsed_cache.clear()
            self._parsed_cache[question] = cached
        return cached

    def bm25(self, question: str) -> tuple[np.ndarray, float]:
        """Every entry's BM25 score for the question (in the pack's order), and the
        most one entry could score (see bm25.py)."""
        query = [
            matches
            for _, matches in self._parsed(question)[0]
            if not self._function_words.issuperset(matches)
        ]
        return self._bm25.scores(query), self._bm25.ceiling(query)

    def bm25_evidence(self, question: str, best: int) -> BM25Evidence:
        """BM25's evidence for the question and its `best` entries, worked out once
        per question (the words-only and the meaning pass both weigh it)."""
        evidence = self._bm25_cache.get((question, best))
        if evidence is None:
            evidence = BM25Evidence(*self.bm25(question), self._bm25, best)
            if len(self._bm25_cache) >= PARSED_CACHE_SIZE:
                self._bm25_cache.clear()
            self._bm25_cache[question, best] = evidence
        return evidence

    def _unknown_names(self, question: str) -> tuple[float, tuple[frozenset[str], ...]]:
        """How many words capitalized mid-question ("Teherán", "Beslan") neither the
        entries' text nor the synonyms know, up to 2: the pack names everyone and
        everywhere it is about, so such a name is the clearest sign of another
        story. (The first word is capitalized anyway; all-lowercase questions
        have none.) And the words of outside subjects each was matched to."""
        words = self.words
        count = 0
        matched: list[frozenset[str]] = []
        after_title = False
        for word in NAME_CANDIDATE.findall(question[:MAX_QUESTION_CHARS])[1:]:
            tokens = self.normalizer.tokens(word)
            titled, after_title = after_title, bool(tokens) and tokens[0] in TITLES
            if not word[:1].isupper() or word.isupper() or titled:
                continue  # acronyms ("EE. UU."), and whoever "Dr." or "Mr" names in chat
            if tokens and not self._everyday.intersection(tokens):
                found = frozenset(w for t in tokens for w in words.matches(t))
                if not found & words.known:
                    count += 1
                    matched.append(found)
        return float(min(count, 2)), tuple(matched)

    def unknown(self, question: str) -> float:
        """How many words the pack's phrasings never use the question leans on (in
        units of an unknown word's weight; chat words count little)."""
        return self._parsed(question)[1]

    def forget(self) -> None:
        """Drop the words kept for scoring a question a second time."""
        self._parsed_cache.clear()
        self._bm25_cache.clear()

    def mismatch(self, facts: QueryFacts, entry_id: str) -> tuple[float, float]:
        """(foreign, other_year): how much the question leans on words the pack
        mentions only in passing in *other* entries' answers ("how long did the
        Iran hostage crisis last" names Iran, which only a comparison mentions),
        and 1 if it names years none of which the entry mentions (the pack's own years,
        `Vocabulary.home_years`, count as mentioned by every entry)."""
        words = self._entry_words[entry_id]
        foreign = sum(weight for weight, word in facts.passing if word not in words)
        years = self.words.entry_years[entry_id] | self.words.home_years
        other_year = float(bool(facts.years) and not facts.years & years)
        return foreign, other_year

    def unknown_to(self, facts: QueryFacts, entry_id: str) -> tuple[float, float]:
        """(unknown, unknown names) of the question as one candidate sees them. For an
        entry, the question's own: words and names no entry is asked with. An
        outside subject knows its own words ("Entebbe"), which are no sign against it."""
        if entry_id in self.pack.entries:
            return facts.unknown, facts.names
        words = self._entry_words[entry_id]
        own = sum(weight for weight, word in facts.passing if word in words)
        names = sum(1 for found in facts.name_words if not found & words.keys())
        return max(facts.unknown - own, 0.0), float(min(names, 2))

    # --- autocomplete ----------------------------------------------------

    def complete(self, partial: str, limit: int = 25) -> list[Suggestion]:
        """Entries for a question being typed, best first, one per entry."""
        entries = self.pack.entries
        query = utils.default_process(partial[:MAX_QUESTION_CHARS])
        if not query:
            ordered = [e for group in self.pack.topics().values() for e in group]
            return [Suggestion(e, 0.0, e.question) for e in ordered[:limit]]
        # The matcher ranks first, completing the word being typed; rapidfuzz's
        # WRatio over the phrasings fills the list when the matcher finds few.
        scores = self._scores(self._prepare(self.words.parse(partial, typing=True)[0]), limit)
        ranked = sorted(
            (kv for kv in scores.items() if kv[0] in entries), key=lambda kv: (-kv[1][0], kv[0])
        )
        found = {
            entry_id: (score * 100, self._phrasings[index].text)
            for entry_id, (score, _, index, _) in ranked[:limit]
        }
        if len(found) < limit:
            for _, score, index in process.extract(
                query,
                self._complete_choices,
                scorer=fuzz.WRatio,
                score_cutoff=50,
                limit=limit * 4,
            ):
                phrasing = self._phrasings[index]
                if (
                    phrasing.entry_id in entries
                    and phrasing.entry_id not in found
                    and len(found) < limit
                ):
                    found[phrasing.entry_id] = (min(score, 50.0), phrasing.text)
        return [
            Suggestion(entries[eid], round(score, 1), text) for eid, (score, text) in found.items()
        ]
