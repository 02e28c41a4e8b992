"""Matching a question to a pack entry.

Plain ``WRatio`` on raw strings cannot tell "when did the crisis start" from
"when did the crisis end": the strings share most of their characters. So the
matcher compares *words*, weighted by how informative each word is in this
pack (inverse document frequency over entries), and fuzzy only within a word
(so typos still match):

- recall: how much of the question's weight the phrasing covers. A question
  with weighty words the pack has never seen ("weather", "bread") scores low,
  which is how off-topic questions are rejected.
- precision: how much of the phrasing's weight the question covers. The
  phrasing "when did the crisis start" loses its weighty "start" against the
  question "... end", which is how near-miss pairs are told apart.

The score is their F-measure, leaning towards recall. Everything that depends
only on the pack is computed once, in ``__init__``.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from rapidfuzz import fuzz, process, utils
from rapidfuzz.distance import OSA

from .pack import Entry, Pack
from .text import MAX_QUESTION_CHARS, Normalizer

Status = Literal["answered", "suggest", "no_match"]

# English function words: they carry little meaning in a question, whatever the
# pack's topic, so they weigh a fraction of a content word.
STOPWORDS = frozenset(
    """
    a an the is are was were be been being am do does did done have has had having
    i me my mine we us our you your u ur he him his she her it its they them their
    this that these those there here of in on at to for from by with about into over
    under as and or but so if then than too very just really actually also please pls
    plz tell know explain say said can could would should will shall may might must
    hey hi hello yo ok okay bot some any all thing things stuff like
    """.split()
)
STOPWORD_FACTOR = 0.1  # a function word weighs this much of the rarest word
# A content word common in this pack ("hostages", "rescue") still tells two
# questions apart ("how many hostages died" / "how many militants died"), so
# no content word weighs less than this share of the rarest word.
CONTENT_FLOOR = 0.45

MAX_TOKENS = 40  # a question longer than this is judged on its first 40 words
RECALL_BETA = 1.5  # F-beta: recall (covering the question) matters more

ANSWER_AT = 0.70  # score (0-1) to answer outright ...
ANSWER_RECALL = 0.65  # ... covering this much of the question's weight
SUGGEST_AT = 0.55  # below these, nothing is close enough to suggest
SUGGEST_RECALL = 0.55
# A word the pack has never seen ("Iran", "weather") is strong evidence that the
# question is about something else: it weighs more than the pack's rarest word.
UNKNOWN_FACTOR = 2.0
MARGIN = 0.05  # an answer must beat the next entry by this much, else: suggest
MAX_SUGGESTIONS = 3


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
    score: float  # 0-100; for "suggest" and "no_match", the best candidate's
    matched: str | None
    suggestions: tuple[Suggestion, ...] = ()


@dataclass(frozen=True)
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
        self._phrasings: list[_Phrasing] = []
        entry_tokens: dict[str, set[str]] = defaultdict(set)
        tokenized: list[tuple[str, str, list[str]]] = []
        for entry in pack.entries.values():
            for text in entry.phrasings:
                tokens = self.normalizer.tokens(text)
                if tokens:
                    tokenized.append((entry.id, text, tokens))
                    entry_tokens[entry.id].update(tokens)

        document_frequency: dict[str, int] = defaultdict(int)
        for tokens in entry_tokens.values():
            for token in tokens:
                document_frequency[token] += 1
        n_entries = max(len(entry_tokens), 1)
        rarest = math.log((n_entries + 1) / 0.5)
        self._unknown_weight = rarest * UNKNOWN_FACTOR
        self._weight = {
            token: STOPWORD_FACTOR * rarest
            if token in STOPWORDS
            else max(math.log((n_entries + 1) / (df + 0.5)), CONTENT_FLOOR * rarest)
            for token, df in document_frequency.items()
        }
        # Typos are looked up among the pack's words and the synonym terms
        # (which stand for their canonical words).
        self._typo_targets: dict[str, tuple[str, ...]] = {word: (word,) for word in self._weight}
        for term, canonical in self.normalizer.aliases().items():
            known = tuple(word for word in canonical if word in self._weight)
            if known and term not in self._typo_targets:
                self._typo_targets[term] = known
        self._typo_choices = list(self._typo_targets)

        postings: dict[str, list[int]] = defaultdict(list)
        for entry_id, text, tokens in tokenized:
            weights = tuple(self._weight[t] for t in tokens)
            index = len(self._phrasings)
            self._phrasings.append(_Phrasing(entry_id, text, tuple(tokens), weights, sum(weights)))
            for token in set(tokens):
                postings[token].append(index)
        self._postings = dict(postings)

        # For autocomplete: every phrasing, preprocessed once, as rapidfuzz's docs advise.
        self._complete_choices = [utils.default_process(p.text) for p in self._phrasings]

    # --- matching --------------------------------------------------------

    def _token_matches(self, token: str) -> dict[str, float]:
        """Vocabulary words this question word stands for, with similarity 0-1."""
        if token in self._weight:
            return {token: 1.0}
        typos = _max_typos(token)
        if not typos:
            return {}
        found = process.extract(
            token, self._typo_choices, scorer=OSA.distance, score_cutoff=typos, limit=3
        )
        # A typo counts by its similarity, so an exact word always wins over it.
        matches: dict[str, float] = {}
        for choice, distance, _ in found:
            similarity = 1 - distance / max(len(token), len(choice))
            for word in self._typo_targets[choice]:
                matches[word] = max(matches.get(word, 0.0), similarity)
        return matches

    def _scores(self, question: str) -> dict[str, tuple[float, float, int]]:
        """Best (score 0-1, recall 0-1, phrasing index) for every entry that shares a word."""
        tokens = self.normalizer.tokens(question[:MAX_QUESTION_CHARS])[:MAX_TOKENS]
        if not tokens:
            return {}
        query: list[tuple[float, dict[str, float]]] = []
        for token in tokens:
            matches = self._token_matches(token)
            if matches:
                weight = max(self._weight[w] for w in matches)
            elif token in STOPWORDS:
                weight = self._unknown_weight * STOPWORD_FACTOR
            else:
                weight = self._unknown_weight
            query.append((weight, matches))
        query_total = sum(weight for weight, _ in query)

        best_similarity: dict[str, float] = {}  # vocabulary word -> best over the question
        for _, matches in query:
            for word, similarity in matches.items():
                if similarity > best_similarity.get(word, 0.0):
                    best_similarity[word] = similarity

        content = [w for w in best_similarity if w not in STOPWORDS]
        candidates: set[int] = set()
        for word in content or best_similarity:
            candidates.update(self._postings.get(word, ()))

        beta2 = RECALL_BETA**2
        best: dict[str, tuple[float, float, int]] = {}
        for index in candidates:
            phrasing = self._phrasings[index]
            words = set(phrasing.tokens)
            covered_query = sum(
                weight * max((matches.get(w, 0.0) for w in words), default=0.0)
                for weight, matches in query
                if matches
            )
            recall = covered_query / query_total
            covered_phrasing = sum(
                weight * best_similarity.get(token, 0.0)
                for token, weight in zip(phrasing.tokens, phrasing.weights, strict=True)
            )
            precision = covered_phrasing / phrasing.total if phrasing.total else 0.0
            if recall <= 0 or precision <= 0:
                continue
            score = (1 + beta2) * precision * recall / (beta2 * precision + recall)
            if score > best.get(phrasing.entry_id, (0.0,))[0]:
                best[phrasing.entry_id] = (score, recall, index)
        return best

    def match(self, question: str) -> MatchResult:
        ranked = sorted(self._scores(question).items(), key=lambda kv: (-kv[1][0], kv[0]))
        suggestions = tuple(
            Suggestion(
                self.pack.entries[entry_id], round(score * 100, 1), self._phrasings[index].text
            )
            for entry_id, (score, recall, index) in ranked[:MAX_SUGGESTIONS]
            if score >= SUGGEST_AT and recall >= SUGGEST_RECALL
        )
        if not suggestions:
            best = round(ranked[0][1][0] * 100, 1) if ranked else 0.0
            return MatchResult("no_match", question, None, best, None)
        top_score, top_recall, _ = ranked[0][1]
        runner_up = ranked[1][1][0] if len(ranked) > 1 else 0.0
        top = suggestions[0]
        if (
            top.entry.id == ranked[0][0]
            and top_score >= ANSWER_AT
            and top_recall >= ANSWER_RECALL
            and top_score - runner_up >= MARGIN
        ):
            return MatchResult(
                "answered", question, top.entry, top.score, top.matched, suggestions[1:]
            )
        return MatchResult("suggest", question, None, top.score, top.matched, suggestions)

    # --- autocomplete ----------------------------------------------------

    def complete(self, partial: str, limit: int = 25) -> list[Suggestion]:
        """Entries for a question being typed, best first, one per entry."""
        entries = self.pack.entries
        query = utils.default_process(partial[:MAX_QUESTION_CHARS])
        if not query:
            ordered = [e for group in self.pack.topics().values() for e in group]
            return [Suggestion(e, 0.0, e.question) for e in ordered[:limit]]
        # Whole words typed so far go through the matcher; the fuzzy partial
        # ratio catches the word still being typed.
        scored: dict[str, tuple[float, str]] = {}
        for entry_id, (score, _, index) in self._scores(partial).items():
            scored[entry_id] = (score * 100, self._phrasings[index].text)
        for _, score, index in process.extract(
            query, self._complete_choices, scorer=fuzz.WRatio, score_cutoff=50, limit=limit * 4
        ):
            phrasing = self._phrasings[index]
            if score > scored.get(phrasing.entry_id, (0.0, ""))[0]:
                scored[phrasing.entry_id] = (score, phrasing.text)
        ranked = sorted(scored.items(), key=lambda kv: (-kv[1][0], kv[0]))[:limit]
        return [Suggestion(entries[eid], round(score, 1), text) for eid, (score, text) in ranked]


def iter_phrasings(pack: Pack) -> Iterable[tuple[str, str]]:
    """(entry id, phrasing) for every question and variant in the pack."""
    for entry in pack.entries.values():
        for text in entry.phrasings:
            yield entry.id, text
