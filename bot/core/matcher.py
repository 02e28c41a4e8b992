"""The word matcher: ranking a pack's entries by the words a question shares with them.

Plain ``WRatio`` on raw strings cannot tell "when did the crisis start" from
"when did the crisis end": the strings share most of their characters. So the
matcher compares *words* (stemmed, synonyms rewritten), weighted by how
informative each word is in this pack (inverse document frequency over
entries, with floors and caps described by the constants below), and fuzzy
only within a word, so typos still match:

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

import bisect
import heapq
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import repeat
from operator import mul
from typing import Literal

from rapidfuzz import fuzz, process, utils
from rapidfuzz.distance import OSA

from . import english
from .pack import Entry, Pack
from .text import MAX_QUESTION_CHARS, Normalizer, fold, stem

# The word lists, in the form the normalizer gives words (stemmed).
STOPWORDS = frozenset(map(stem, english.STOPWORDS))
QUESTION_WORDS = frozenset(map(stem, english.QUESTION_WORDS)) - STOPWORDS
COMMON_WORDS = frozenset(map(stem, english.COMMON_WORDS)) - STOPWORDS - QUESTION_WORDS

Status = Literal["answered", "suggest", "no_match"]
_YEAR = re.compile(r"(?<![0-9])(1[5-9][0-9]{2}|20[0-9]{2})(?![0-9])")
Query = list[tuple[float, dict[str, float]]]  # per question word: (weight, {pack word: similarity})

STOPWORD_FACTOR = 0.1  # a function word weighs this much of the rarest word
COMMON_FACTOR = 0.3  # an everyday word the pack never uses weighs this much
COMMON_IN_PACK_FACTOR = 0.2  # ... and one it does use
QUESTION_WORD_FACTOR = 0.35  # who, when, where...
# Words of an entry's answer, note and topic vouch for the entry, but less than
# the ways of asking it that curators wrote.
ANSWER_CREDIT = 0.5
ANSWER_ONLY_FACTOR = 2.0
# A content word common in this pack ("hostages", "rescue") still tells two
# questions apart ("how many hostages died" / "how many militants died"), so
# no content word weighs less than this share of the rarest word.
CONTENT_FLOOR = 0.45

MAX_TOKENS = 40  # a question longer than this is judged on its first 40 words
RECALL_BETA = 1.5  # F-beta: recall (covering the question) matters more

# A word the pack has never seen ("Iran", "weather") is strong evidence that the
# question is about something else: it weighs more than the pack's rarest word.
UNKNOWN_FACTOR = 1.3
UNKNOWN_CAP = 1.5  # all unknown words together weigh at most this many unknown words
RANKED = 8  # entries ranked per question, for the answer gate to weigh
# An entry whose words could not score this much even with its best phrasing is
# not worth scoring: the gate gives such candidates next to no chance.
RANK_FLOOR = 0.2
MAX_CANDIDATES = 2_000  # entries scored per question, at most, in a very large pack
TYPO_CACHE_SIZE = 10_000
PARSED_CACHE_SIZE = 64  # texts (a question and its clauses) kept for a second scoring
MAX_COMPLETIONS = 30  # words a half-typed word may stand for, in autocomplete


def _max_typos(token: str) -> int:
    """How many typing slips (OSA edits: insert, delete, swap, transpose) a word may carry.

    Short words get none: "end" is one edit from "and", "weather" two from "water".
    """
    if len(token) <= 3:
        return 0
    if len(token) <= 7:
        return 1
    return 2


@dataclass(frozen=True)
class Suggestion:
    entry: Entry
    score: float  # 0-100
    matched: str  # the phrasing (question or variant) that matched


@dataclass(frozen=True)
class MatchResult:
    status: Status
    question: str
    entry: Entry | None
    score: float  # 0-100: how likely the answer (or the best candidate) is right
    matched: str | None
    suggestions: tuple[Suggestion, ...] = ()
    # Other entries that answer other parts of a question asking several things.
    also: tuple[Suggestion, ...] = ()


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


@dataclass(frozen=True, slots=True)
class QueryFacts:
    """What a question names, for telling this story from a neighbouring one."""

    passing: tuple[tuple[float, str], ...]  # (weight in unknown words, word) only answers use
    years: frozenset[str]
    unknown: float  # how many words no phrasing uses (in units of an unknown word's weight)


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
        self.normalizer = Normalizer(pack.synonyms)
        tokens_of = self.normalizer.tokens

        # Every word an entry knows, with the credit it earns: full for the
        # words of its phrasings, partial for those only in its answer.
        self._entry_words: dict[str, dict[str, float]] = {}
        tokenized: list[tuple[str, str, list[str]]] = []
        spellings: dict[str, Counter[str]] = defaultdict(Counter)  # stem -> words as written
        self._entry_years: dict[str, frozenset[str]] = {}
        for entry in pack.entries.values():
            words: dict[str, float] = {}
            everything = " ".join((entry.answer, entry.note or "", entry.topic, *entry.phrasings))
            for word in fold(everything).split():
                spellings[stem(word)][word] += 1
            self._entry_years[entry.id] = frozenset(_YEAR.findall(everything))
            for token in tokens_of(" ".join((entry.answer, entry.note or "", entry.topic))):
                words[token] = ANSWER_CREDIT
            for text in entry.phrasings:
                tokens = tokens_of(text)
                if tokens:
                    tokenized.append((entry.id, text, tokens))
                    words.update(dict.fromkeys(tokens, 1.0))
            self._entry_words[entry.id] = words

        document_frequency: dict[str, int] = defaultdict(int)
        for words in self._entry_words.values():
            for token in words:
                document_frequency[token] += 1
        n_entries = max(len(self._entry_words), 1)
        rarest = math.log((n_entries + 1) / 0.5)
        self._unknown_weight = rarest * UNKNOWN_FACTOR
        self._unknown_cap = self._unknown_weight * UNKNOWN_CAP
        self._stopword_weight = rarest * STOPWORD_FACTOR
        self._common_weight = rarest * COMMON_FACTOR
        asked = {token for _, _, tokens in tokenized for token in tokens}
        self._asked = asked
        self._weight = {
            token: self._stopword_weight
            if token in STOPWORDS
            else min(math.log((n_entries + 1) / (df + 0.5)), QUESTION_WORD_FACTOR * rarest)
            if token in QUESTION_WORDS
            # An everyday word weighs little even where the pack uses it.
            else COMMON_IN_PACK_FACTOR * rarest
            if token in COMMON_WORDS and token in asked
            else max(math.log((n_entries + 1) / (df + 0.5)), CONTENT_FLOOR * rarest)
            if token in asked
            else self._common_weight
            if token in COMMON_WORDS
            # A word that only answers use ("Iran", named in passing) is
            # nearly as telling as an unknown one when a question leans on it.
            else max(math.log((n_entries + 1) / (df + 0.5)), ANSWER_ONLY_FACTOR * rarest)
            for token, df in document_frequency.items()
        }
        # Typos are looked up among the pack's words, the synonym terms (which
        # stand for their canonical words), and the words as the pack writes
        # them: "militents" is one slip from "militants" but three from its
        # stem "milit".
        self._typo_targets: dict[str, tuple[str, ...]] = {word: (word,) for word in self._weight}
        for term, canonical in self.normalizer.aliases().items():
            known = tuple(word for word in canonical if word in self._weight)
            if known and term not in self._typo_targets:
                self._typo_targets[term] = known
        for written in {form for forms in spellings.values() for form in forms}:
            known = tuple(word for word in tokens_of(written) if word in self._weight)
            if known and written not in self._typo_targets:
                self._typo_targets[written] = known
        self._typo_choices = list(self._typo_targets)
        self._sorted_words = sorted(self._weight)  # for completing a word being typed

        self._phrasings: list[_Phrasing] = []
        self._entry_phrasings: dict[str, list[int]] = defaultdict(list)
        postings: dict[str, list[str]] = defaultdict(list)  # word -> entries asking with it
        for entry_id, text, tokens in tokenized:
            weights = tuple(self._weight[t] for t in tokens)
            self._entry_phrasings[entry_id].append(len(self._phrasings))
            self._phrasings.append(_Phrasing(entry_id, text, tuple(tokens), weights, sum(weights)))
        for entry_id, indexes in self._entry_phrasings.items():
            for token in {t for i in indexes for t in self._phrasings[i].tokens}:
                postings[token].append(entry_id)
        self._postings = dict(postings)
        self._typo_cache: dict[str, dict[str, float]] = {}
        self._parsed_cache: dict[str, tuple[Query, float, _Prepared | None]] = {}
        # The commonest way the pack writes each stem, for spelling a question
        # back out (see `respelled`).
        self._spelling = {st: forms.most_common(1)[0][0] for st, forms in spellings.items()}

        # For autocomplete: every phrasing, preprocessed once, as rapidfuzz's docs advise.
        self._complete_choices = [utils.default_process(p.text) for p in self._phrasings]

    # --- matching --------------------------------------------------------

    def _token_matches(self, token: str) -> dict[str, float]:
        """Pack words this question word stands for, with similarity 0-1."""
        if token in self._weight:
            return {token: 1.0}
        typos = _max_typos(token)
        if not typos or token in COMMON_WORDS or token in QUESTION_WORDS:
            return {}
        cached = self._typo_cache.get(token)
        if cached is not None:
            return cached
        found = process.extract(
            token, self._typo_choices, scorer=OSA.distance, score_cutoff=typos, limit=3
        )
        # A typo counts by its similarity, so an exact word always wins over it.
        matches: dict[str, float] = {}
        for choice, distance, _ in found:
            similarity = 1 - distance / max(len(token), len(choice))
            for word in self._typo_targets[choice]:
                matches[word] = max(matches.get(word, 0.0), similarity)
        if len(self._typo_cache) >= TYPO_CACHE_SIZE:
            self._typo_cache.clear()
        self._typo_cache[token] = matches
        return matches

    def _parse(self, question: str, typing: bool = False) -> tuple[Query, float]:
        """The question's words: (weight, {pack word: similarity}) each, and how many
        words no phrasing uses it has (in units of an unknown word's weight).

        `typing`: the question is still being typed, so its last word may be
        the start of a longer one ("when did the cr" -> "crisis").
        """
        tokens = self.normalizer.tokens(question[:MAX_QUESTION_CHARS])[:MAX_TOKENS]
        query = []
        for token in tokens:
            matches = self._token_matches(token)
            query.append((self._query_weight(token, matches), matches))
        if typing and tokens and not question[-1:].isspace():
            completions = self._completions(tokens[-1])
            if completions:
                query[-1] = (min(self._weight[w] for w in completions), completions)
        # Words no phrasing uses (unknown, or only in answers) weigh together at
        # most a few such words: one ("Iran") says the question is about
        # something else, but a long chatty question ("my teacher said ...,
        # legit or myth?") is not off-topic just because it has many of them.
        strange = [
            i
            for i, (_, matches) in enumerate(query)
            if not any(word in self._asked for word in matches)
            and query[i][0] >= self._unknown_weight
        ]
        strange_total = sum(query[i][0] for i in strange)
        if strange_total > self._unknown_cap:
            scale = self._unknown_cap / strange_total
            for i in strange:
                query[i] = (query[i][0] * scale, query[i][1])
        return query, strange_total / self._unknown_weight

    def respelled(self, question: str) -> str:
        """The question with its misspelt words written as the pack writes them.

        The sentence-embedding model reads words as written, so "wat did tupak
        amaru want from the goverment" looks foreign to it; the word matcher
        already knows which pack words those typos stand for. Words the pack
        does not know, and cannot be a typo of, are kept as typed.
        """
        out = []
        for word in fold(question[:MAX_QUESTION_CHARS]).split():
            token = stem(word)
            if token in self._spelling or token in STOPWORDS:
                out.append(word)
                continue
            matches = self._token_matches(token)
            best = max(matches, key=matches.__getitem__, default=None)
            out.append(self._spelling.get(best, word) if best else word)
        return " ".join(out)

    def _asked_coverage(self, query: Query, entry_id: str) -> float:
        """How much of the question's weight the entry's phrasings cover (answers aside)."""
        words = self._entry_words[entry_id]
        covered = sum(
            weight
            * max((sim for word, sim in matches.items() if words.get(word) == 1.0), default=0.0)
            for weight, matches in query
        )
        return covered / sum(weight for weight, _ in query)

    def _completions(self, prefix: str) -> dict[str, float]:
        """Pack words a word being typed may become, most common first."""
        if len(prefix) < 2:
            return {}
        start = bisect.bisect_left(self._sorted_words, prefix)
        words = []
        for word in self._sorted_words[start:]:
            if not word.startswith(prefix):
                break
            words.append(word)
        # The commonest completion is the likeliest; the others count a little less.
        words.sort(key=lambda w: self._weight[w])
        return {
            word: 1.0 if rank == 0 else 0.85 for rank, word in enumerate(words[:MAX_COMPLETIONS])
        }

    def _query_weight(self, token: str, matches: dict[str, float]) -> float:
        if matches:
            return max(self._weight[word] for word in matches)
        if token in STOPWORDS:
            return self._stopword_weight
        if token in COMMON_WORDS or token in QUESTION_WORDS:
            return self._common_weight
        return self._unknown_weight

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
        words = [w for w in best_similarity if w not in STOPWORDS] or list(best_similarity)
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
        prepared.by_recall = sorted(
            (-self._recall(prepared, entry_id), entry_id) for entry_id in candidates
        )
        return prepared

    def _recall(self, prepared: _Prepared, entry_id: str) -> float:
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
                (weight / self._unknown_weight, word)
                for weight, matches in query
                for word in matches
                if word not in self._asked
            ),
            frozenset(_YEAR.findall(question)),
            unknown,
        )
        if not query:
            return [], facts
        include = set(include)
        scores = self._scores(prepared, limit, RANK_FLOOR, include=include)
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
                self._asked_coverage(query, entry_id),
            )
            for entry_id, (score, recall, index, precision) in ranked
        ], facts

    def _parsed(self, question: str) -> tuple[Query, float, _Prepared | None]:
        """`_parse` and `_prepare`, remembered until `forget` (the engine forgets at
        the start of each question, so only its own texts are kept)."""
        cached = self._parsed_cache.get(question)
        if cached is None:
            query, unknown = self._parse(question)
            cached = (query, unknown, self._prepare(query))
            if len(self._parsed_cache) >= PARSED_CACHE_SIZE:
                self._parsed_cache.clear()
            self._parsed_cache[question] = cached
        return cached

    def forget(self) -> None:
        """Drop the words kept for scoring a question a second time."""
        self._parsed_cache.clear()

    def mismatch(self, facts: QueryFacts, entry_id: str) -> tuple[float, float]:
        """(foreign, other_year): how much the question leans on words the pack
        mentions only in passing in *other* entries' answers ("how long did the
        Iran hostage crisis last" names Iran, which only a comparison mentions),
        and 1 if it names years none of which the entry mentions."""
        words = self._entry_words[entry_id]
        foreign = sum(weight for weight, word in facts.passing if word not in words)
        other_year = float(bool(facts.years) and not facts.years & self._entry_years[entry_id])
        return foreign, other_year

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
        ranked = sorted(
            self._scores(self._prepare(self._parse(partial, typing=True)[0]), limit).items(),
            key=lambda kv: (-kv[1][0], kv[0]),
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
                if phrasing.entry_id not in found and len(found) < limit:
                    found[phrasing.entry_id] = (min(score, 50.0), phrasing.text)
        return [
            Suggestion(entries[eid], round(score, 1), text) for eid, (score, text) in found.items()
        ]
