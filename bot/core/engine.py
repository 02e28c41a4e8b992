"""The engine: one loaded pack, its two rankers and the gate that decides.

A question goes to the word matcher (matcher.py); its best few entries become
candidates, and the gate (gate.py) turns its evidence for each into the
probability that it is the right answer. The most probable answers if it
clears the gate's answer threshold. When the words leave doubt, the meaning
ranker (semantic.py) is asked too: its best entries join the candidates and
the gate weighs both rankers' evidence. Failing an answer, the likeliest few
become "did you mean" when one of them is likely enough; otherwise nothing is
close enough.

A question asking several things ("when did it start, how did they get in,
and how did it end?") is also judged clause by clause: the best confident
answer is given and the other clauses' confident entries come back as
``also`` ("Also relevant"). The same split rescues a long question whose
telling clause sits behind a friendly preamble.

An Engine is never changed after it is built. Reloading a pack means building
a new Engine and swapping the reference, so a question being answered during a
reload sees either the old pack or the new one, never half of each.
"""

from __future__ import annotations

import functools
import logging
import os
import random
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from .bm25 import BM25Evidence
from .embeddings import Encoder, load_encoder
from .gate import Gate, Model, any_right, gate_for_pack
from .matcher import LexicalScore, Matcher, QueryFacts
from .multilingual import SPANISH_CLAUSE_BREAK, Languages
from .pack import Entry, Pack, Source, default_pack_dir, load_pack
from .result import MatchResult, Suggestion
from .semantic import MAX_PHRASINGS, SemanticIndex, SemanticScores
from .static_embeddings import StaticEncoder
from .text import MAX_QUESTION_CHARS

log = logging.getLogger(__name__)

CitedSource = tuple[int, Source, str | None]  # (number from 1, source, locator)

RECENT_ANSWERS = 4096  # answers to recent questions kept (a few MB at most)
CANDIDATES_PER_RANKER = 5  # each ranker's best entries are weighed by the gate
MAX_SUGGESTIONS = 3
MAX_ALSO = 2  # other parts of a many-part question answered alongside
MAX_READ_NEXT = 3  # an answer's "Read next" entries, from its ``related`` ids
MIN_SHOWN = 0.01  # a candidate less likely than this is never offered
MIN_CLAUSE_WORDS = 3
# Unknown words (in units of one) from which a words-only answer is checked by meaning.
SECOND_OPINION_UNKNOWN = 1.0
# Where one clause of a question ends and the next begins: sentence ends, colons
# and dashes (which also cut off a preamble: "for a podcast I'm prepping: who
# died?"), and a comma, "and", "also", "plus", "but" or "so" followed by a new
# question.
_CLAUSE_BREAK = re.compile(
    r"[?!;.:]+\s+|[?!;]+$|\s+[-\u2013\u2014]+\s+|\s*\u2014\s*|"
    r",\s*(?:and\s+|also\s+|plus\s+|but\s+|so\s+)?(?=(?:when|where|who|whom|whose|what|"
    r"which|why|how|did|was|were|is|are|do|does|had|has|have|could|can)\b)|"
    r"\s+(?:and|also|plus)\s+(?=(?:when|where|who|whom|whose|what|which|why|how|did|was|were|"
    r"is|are|do|does|had|has|have|could|can)\b)",
    re.IGNORECASE,
)

CLAUSE_BREAKS = {"en": _CLAUSE_BREAK, "es": SPANISH_CLAUSE_BREAK}

EMBEDDINGS = ("static", "minilm", "off")


@functools.cache
def shared_encoder(kind: str) -> Encoder | None:
    """One embedding model of each kind per process, kept across pack reloads;
    None (said once in the log) when it cannot load."""
    if kind == "minilm":
        return load_encoder()
    if kind == "static":
        try:
            return StaticEncoder()
        except Exception as exc:  # a damaged install: answer by words, say so once
            log.warning(
                "static embeddings unavailable (%s: %s); answering with the word matcher alone",
                type(exc).__name__,
                exc,
            )
            return None
    if kind != "off":
        log.warning("CRISISBOT_EMBEDDINGS=%r is not one of %s; using none", kind, EMBEDDINGS)
    return None


@dataclass(frozen=True)
class Candidate:
    entry_id: str
    features: dict[str, float]
    matched: str  # the phrasing that matched best
    probability: float = 0.0


def clauses(question: str, language: str = "en") -> list[str]:
    """The separate questions inside one message, if it asks several things."""
    parts = [p.strip(" ,¿¡") for p in CLAUSE_BREAKS.get(language, _CLAUSE_BREAK).split(question)]
    return [p for p in parts if len(p.split()) >= MIN_CLAUSE_WORDS]


class Engine:
    def __init__(
        self,
        pack: Pack,
        *,
        embeddings: str | None = None,
        cache_dir: Path | None = None,
        gate: Gate | None = None,
        recent_answers: int = RECENT_ANSWERS,
    ):
        """`embeddings`: static (the default), minilm or off (bot/config.py reads it from
        CRISISBOT_EMBEDDINGS). `cache_dir`: where the pack's vectors are cached (None: not
        cached; bot/config.py names the folder). `recent_answers`: how many answers to
        recent questions to keep (0: none, for benchmarks timing the work itself)."""
        self.pack = pack
        self.matcher = Matcher(pack)
        self.gate = gate or gate_for_pack(pack.path)
        self.semantic: SemanticIndex | None = None
        kind = embeddings or "static"
        encoder = shared_encoder(kind) if kind != "off" else None
        phrasings = sum(len(e.phrasings) for e in pack.ranked.values())
        if encoder is not None and phrasings > MAX_PHRASINGS:
            log.info(
                "%d phrasings: more than %d, so this pack is ranked by words alone",
                phrasings,
                MAX_PHRASINGS,
            )
        elif encoder is not None and self.gate.model(kind) is None:
            log.warning(
                "the pack's gate has no model for %s embeddings (run `crisisbot calibrate`); "
                "answering with the word matcher alone",
                kind,
            )
        elif encoder is not None:
            self.semantic = SemanticIndex(pack, encoder, kind, cache_dir)
        words_model = self.gate.model("lexical")
        assert words_model is not None  # every gate has one
        self.words_model: Model = words_model
        self.model: Model = (
            self.gate.model(self.semantic.kind) or words_model if self.semantic else words_model
        )
        # The pack's other languages (knowledge/es/), each answered by an Engine of
        # its own; `ask` picks the question's (multilingual.py).
        self.language = pack.language
        self.languages = Languages(self, kind, cache_dir)
        # Members ask the same questions again ("when did it start", an autocomplete
        # pick, a button's question): the answers to recent ones are kept. A result
        # depends only on the text and this engine, which a reload replaces whole.
        self._recent_answers = functools.lru_cache(maxsize=recent_answers)(self._ask)

    @classmethod
    def from_path(cls, path: str | os.PathLike[str] | None = None, **options: Any) -> Engine:
        """Load and validate a pack; raises PackError listing every problem."""
        return cls(load_pack(path if path is not None else default_pack_dir()), **options)

    # --- answering -------------------------------------------------------

    def candidates(
        self, question: str, meaning: SemanticScores | None = None, *, words_only: bool = False
    ) -> list[Candidate]:
        """The entries the rankers put near the top, with the gate's evidence for each
        (`words_only`: the word matcher's and BM25's alone)."""
        bm25 = self.matcher.bm25_evidence(question, CANDIDATES_PER_RANKER)
        semantic = None if words_only else self.semantic
        meaning_ids: list[str] = []
        if semantic is not None:
            if meaning is None:
                meaning = semantic.scores([self.matcher.respelled(question)])[0]
            by_meaning = meaning.best.argsort()[::-1]
            meaning_ids = [semantic.entry_ids[i] for i in by_meaning[:CANDIDATES_PER_RANKER]]
            top_cos, second_cos = (float(meaning.best[i]) for i in by_meaning[:2])
        ranked, facts = self.matcher.rank(
            question, CANDIDATES_PER_RANKER, include=meaning_ids + bm25.best
        )
        lexical = {s.entry_id: s for s in ranked}
        chosen = [s.entry_id for s in ranked[:CANDIDATES_PER_RANKER]] + meaning_ids + bm25.best
        out = []
        for entry_id in dict.fromkeys(chosen):
            words = lexical.get(entry_id)
            features = self._lexical_features(words, ranked, facts, entry_id, bm25)
            if semantic is None or meaning is None:
                matched = words.matched if words is not None else self._any_phrasing(entry_id)
                out.append(Candidate(entry_id, features, matched))
                continue
            i = semantic.position[entry_id]
            cos = float(meaning.best[i])
            top_meaning = entry_id == meaning_ids[0]
            features["cos"] = cos
            features["cos_lead"] = cos - (second_cos if top_meaning else top_cos)
            features["cos_top"] = float(top_meaning)
            features["answer_cos"] = float(meaning.answer[i])
            features["both_top"] = features["cos_top"] * features["lex_top"]
            features["bm25_cos_top"] = features["cos_top"] * features["bm25_top"]
            matched = (
                words.matched
                if words is not None and words.score > 0
                else semantic.texts[int(meaning.best_row[i])]
            )
            out.append(Candidate(entry_id, features, matched))
        return out

    def _any_phrasing(self, entry_id: str) -> str:
        entry = self.pack.ranked[entry_id]
        return entry.phrasings[0] if entry.phrasings else entry.topic

    def _lexical_features(
        self,
        words: LexicalScore | None,
        ranked: list[LexicalScore],
        facts: QueryFacts,
        entry_id: str,
        bm25: BM25Evidence,
    ) -> dict[str, float]:
        """The word matcher's and BM25's evidence for one entry (`words` None: the
        matcher found no word of it)."""
        foreign, other_year = self.matcher.mismatch(facts, entry_id)
        unknown, unknown_names = self.matcher.unknown_to(facts, entry_id)
        best_other = next((s.score for s in ranked if s.entry_id != entry_id), 0.0)
        lex_top = float(bool(ranked) and ranked[0].entry_id == entry_id)
        return {
            "lex_score": words.score if words else 0.0,
            "lex_recall": words.recall if words else 0.0,
            "lex_precision": words.precision if words else 0.0,
            "lex_lead": (words.score if words else 0.0) - best_other,
            "lex_top": lex_top,
            "asked_coverage": words.asked_coverage if words else 0.0,
            "unknown": unknown,
            "foreign": foreign,
            "other_year": other_year,
            "unknown_names": unknown_names,
            **bm25.features(entry_id, lex_top),
        }

    def judge(
        self, question: str, meaning: SemanticScores | None = None, *, words_only: bool = False
    ) -> list[Candidate]:
        """Candidates with the gate's probability, most probable first."""
        model = self.words_model if words_only or self.semantic is None else self.model
        judged = [
            Candidate(c.entry_id, c.features, c.matched, model.probability(c.features))
            for c in self.candidates(question, meaning, words_only=words_only)
        ]
        judged.sort(key=lambda c: (-c.probability, c.entry_id))
        return judged

    def ask(
        self,
        question: str,
        *,
        language: str | None = None,
        hint: str | None = None,
        default: str | None = None,
    ) -> MatchResult:
        """Answer in the question's language: `language` "en", "es", or None/"auto"
        to tell from the text, then `hint` (the asker's locale), then `default`."""
        if not isinstance(question, str):
            question = ""
        return self._recent_answers(question, language, hint, default)

    def _ask(
        self, question: str, language: str | None, hint: str | None, default: str | None
    ) -> MatchResult:
        engine = self.for_language(self.language_of(question, language, hint, default))
        return replace(engine.answer(question), language=engine.language)

    def for_language(self, code: str | None) -> Engine:
        """The engine answering in this language (this one if the pack lacks it)."""
        return self.languages.engine(code)

    def language_of(
        self,
        question: str,
        language: str | None = None,
        hint: str | None = None,
        default: str | None = None,
    ) -> str:
        """The language to answer `question` in (see `ask`)."""
        return self.languages.choose(question, language, hint, default)

    def answer(self, question: str) -> MatchResult:
        """`ask` in this engine's language, whatever the question's."""
        if not isinstance(question, str):
            question = ""
        question = question[:MAX_QUESTION_CHARS]
        parts = clauses(question, self.language)
        texts = [question] + (parts if len(parts) > 1 else [])
        # The words first: most questions they answer with confidence, and the
        # embedding model (the costly part) is asked only when they leave doubt.
        # What the word matcher keeps for scoring twice is this question's alone.
        self.matcher.forget()
        by_words = self._decide(question, texts, None)
        clauses_left = len(texts) - 1 - (len(by_words.also) + 1)
        # A question leaning on words the pack never uses ("did the rain cost
        # Napoleon Waterloo") is the words' weak spot: the meaning is asked even
        # when they are sure, and may overrule them.
        doubtful = self.matcher.unknown(question) >= SECOND_OPINION_UNKNOWN
        if self.semantic is None or (
            by_words.status == "answered" and clauses_left <= 0 and not doubtful
        ):
            return by_words
        meanings = self.semantic.scores([self.matcher.respelled(t) for t in texts])
        with_meaning = self._decide(question, texts, meanings)
        if by_words.status == "answered" and with_meaning.status == "no_match" and doubtful:
            return with_meaning
        if by_words.status == "answered" and len(with_meaning.also) <= len(by_words.also):
            return by_words
        return with_meaning

    def _decide(
        self, question: str, texts: list[str], meanings: list[SemanticScores] | None
    ) -> MatchResult:
        """Answer, suggest or pass, judging the whole question and each clause in
        `texts` by the words alone (`meanings` None) or with their meaning too."""
        words_only = meanings is None
        model = self.words_model if words_only else self.model
        per_text: list[SemanticScores | None] = list(meanings) if meanings else [None] * len(texts)
        whole = self.judge(question, per_text[0], words_only=words_only)
        if not whole:
            return MatchResult("no_match", question, None, 0.0, None)
        answer_at, suggest_at = model.answer_at, model.suggest_at

        # Each clause's confident answer, the whole question's first.
        confident: dict[str, Candidate] = {}
        if whole[0].probability >= answer_at:
            confident[whole[0].entry_id] = whole[0]
        by_part = [
            self.judge(text, meaning, words_only=words_only)
            for text, meaning in zip(texts[1:], per_text[1:], strict=True)
        ]
        # A clause is read in the light of the whole question: "where was he" is
        # about whoever the question named, so a clause's answer must also be
        # among the whole question's candidates.
        in_context = {c.entry_id for c in whole}
        for judged in by_part:
            if judged and judged[0].probability >= answer_at and judged[0].entry_id in in_context:
                confident.setdefault(judged[0].entry_id, judged[0])

        outside = self.pack.outside
        if confident:
            best, *others = confident.values()
            if whole[0].entry_id != best.entry_id:
                # No answer for the whole: the most confident clause leads.
                best = max(confident.values(), key=lambda c: c.probability)
                others = [c for c in confident.values() if c is not best]
            others = [c for c in others if c.entry_id not in outside]
            if best.entry_id in outside:
                # Partly about a subject the pack does not cover: a clause the pack
                # covers is answered if it is read at least as surely as the subject.
                covered = max(others, key=lambda c: c.probability, default=None)
                if covered is None or covered.probability < best.probability:
                    return self._outside(question, best)
                best, others = covered, [c for c in others if c is not covered]
            also = tuple(self._suggestion(c) for c in others[:MAX_ALSO])
            shown = {best.entry_id} | {c.entry_id for c in others}
            rest = tuple(
                self._suggestion(c)
                for c in whole[:MAX_SUGGESTIONS]
                if c.entry_id not in shown
                and c.entry_id not in outside
                and c.probability >= MIN_SHOWN
            )[: MAX_SUGGESTIONS - 1]
            return MatchResult(
                "answered",
                question,
                self.pack.entries[best.entry_id],
                round(best.probability * 100, 1),
                best.matched,
                rest,
                also,
            )

        nothing = MatchResult(
            "no_match", question, None, round(whole[0].probability * 100, 1), None
        )
        # Likeliest about a subject the pack does not cover: no answer, and nothing
        # offered that only mentions it; the subject is named when it is likely.
        if whole[0].entry_id in outside:
            if whole[0].probability >= suggest_at:
                return self._outside(question, whole[0])
            return nothing
        # Not sure which: suggest the likeliest few, if one of them is likely enough.
        judgements = [whole, *by_part]
        chance = (
            any_right(c.probability for c in judged if c.entry_id not in outside)
            for judged in judgements
        )
        if max(chance) < suggest_at:
            return nothing
        pool: dict[str, Candidate] = {}
        for candidate in sorted(
            (c for judged in judgements for c in judged), key=lambda c: -c.probability
        ):
            if candidate.probability >= MIN_SHOWN and candidate.entry_id not in outside:
                pool.setdefault(candidate.entry_id, candidate)
        if not pool:
            return nothing
        suggestions = tuple(self._suggestion(c) for c in list(pool.values())[:MAX_SUGGESTIONS])
        top = suggestions[0]
        return MatchResult("suggest", question, None, top.score, top.matched, suggestions)

    def _outside(self, question: str, candidate: Candidate) -> MatchResult:
        """No answer: the question is about a subject the pack does not cover."""
        return MatchResult(
            "no_match",
            question,
            None,
            round(candidate.probability * 100, 1),
            candidate.matched,
            outside=self.pack.outside[candidate.entry_id],
        )

    def _suggestion(self, candidate: Candidate) -> Suggestion:
        return Suggestion(
            self.pack.entries[candidate.entry_id],
            round(candidate.probability * 100, 1),
            candidate.matched,
        )

    def complete(self, partial: str, limit: int = 25) -> list[Suggestion]:
        return self.matcher.complete(partial, limit)

    # --- the pack --------------------------------------------------------

    def entry(self, entry_id: str) -> Entry | None:
        return self.pack.entries.get(entry_id)

    def read_next(
        self, entry: Entry, limit: int = MAX_READ_NEXT, *, exclude: frozenset[str] = frozenset()
    ) -> list[Entry]:
        """The first ``limit`` entries the entry names as ``related``, leaving out those in
        ``exclude`` (already shown) and ids the pack no longer has."""
        skip = exclude | {entry.id}
        found = [self.pack.entries[i] for i in entry.related if i in self.pack.entries]
        return [e for e in found if e.id not in skip][:limit]

    def disputes(self) -> list[Entry]:
        """Every disputed point in the pack: entries whose note records a disagreement."""
        return self.pack.disputes()

    def cited_sources(self, entry: Entry) -> list[CitedSource]:
        """The entry's citations, numbered, one number per distinct source."""
        numbered: list[CitedSource] = []
        seen: dict[str, int] = {}
        for citation in entry.citations:
            if citation.source in seen:
                continue
            seen[citation.source] = len(numbered)
            numbered.append(
                (len(numbered) + 1, self.pack.sources[citation.source], citation.locator)
            )
        return numbered

    def topic_names(self) -> list[str]:
        return list(self.pack.topics())

    def random_entry(
        self, topic: str | None = None, rng: random.Random | None = None
    ) -> Entry | None:
        rng = rng or random.Random()
        if topic is None:
            pool = list(self.pack.entries.values())
        else:
            wanted = topic.casefold().strip()
            pool = [e for e in self.pack.entries.values() if e.topic.casefold() == wanted]
        return rng.choice(pool) if pool else None
