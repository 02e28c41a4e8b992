"""The words a pack knows, how much each one tells, and what a typed word stands for.

The word matcher (matcher.py) scores entries; this module answers the
questions it asks about single words, all computed once per pack:

- weight: how informative a word is in this pack (inverse document frequency
  over entries, with the floors and caps described by the constants below).
  A word the pack has never seen ("weather", "Iran") weighs more than its
  rarest word, which is how off-topic questions are rejected.
- credit: which entries know a word, fully (their phrasings use it) or at
  partial credit (only their answer, note or topic does).
- matches: the pack words a question word stands for: itself, a typo of one
  ("militents"), a synonym term, or, while a question is being typed, the
  words a half-typed word may become.
"""

from __future__ import annotations

import bisect
import functools
import math
import re
from collections import Counter, defaultdict

from rapidfuzz import process
from rapidfuzz.distance import OSA

from . import english
from .language import ENGLISH, Language
from .language import language as language_of
from .pack import Pack
from .text import MAX_QUESTION_CHARS, Normalizer, fold, stem

# The word lists, in the form the normalizer gives words (stemmed).
STOPWORDS = frozenset(map(stem, english.STOPWORDS))
QUESTION_WORDS = frozenset(map(stem, english.QUESTION_WORDS)) - STOPWORDS
COMMON_WORDS = frozenset(map(stem, english.COMMON_WORDS)) - STOPWORDS - QUESTION_WORDS


@functools.cache
def word_lists(language: Language) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """(stopwords, question words, common words) of a language, stemmed as its
    normalizer stems; English's are the module's lists above."""
    if language is ENGLISH:
        return STOPWORDS, QUESTION_WORDS, COMMON_WORDS
    stopwords = frozenset(map(language.stem, language.stopwords))
    question_words = frozenset(map(language.stem, language.question_words)) - stopwords
    common = frozenset(map(language.stem, language.common_words)) - stopwords - question_words
    return stopwords, question_words, common


YEAR = re.compile(r"(?<![0-9])(1[5-9][0-9]{2}|20[0-9]{2})(?![0-9])")
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
# A word the pack has never seen ("Iran", "weather") is strong evidence that the
# question is about something else: it weighs more than the pack's rarest word.
UNKNOWN_FACTOR = 1.3
UNKNOWN_CAP = 1.5  # all unknown words together weigh at most this many unknown words
TYPO_CACHE_SIZE = 10_000
MAX_COMPLETIONS = 30  # words a half-typed word may stand for, in autocomplete
PART_SIMILARITY = 0.9  # one word of a many-word synonym term, met alone
HOME_YEAR_SHARE = 0.25  # a year this share of the entries mention is the pack's own
MIN_SLIP_LENGTH = 6  # a word this long one slip from an entry's word is that word


def max_typos(token: str) -> int:
    """How many typing slips (OSA edits: insert, delete, swap, transpose) a word may carry.

    Short words get none: "end" is one edit from "and", "weather" two from "water".
    """
    if len(token) <= 3:
        return 0
    if len(token) <= 7:
        return 1
    return 2


class Vocabulary:
    def __init__(self, pack: Pack):
        self.language = language_of(pack.language)
        # English keeps text.stem itself (its own cache: the hot path of every question).
        self.normalizer = Normalizer(
            pack.synonyms, stem if self.language is ENGLISH else self.language.stem
        )
        stem_of = self.normalizer.stem
        self.stopwords, self.question_words, self.common_words = word_lists(self.language)
        tokens_of = self.normalizer.tokens

        # Every word an entry knows, with the credit it earns: full for the
        # words of its phrasings, partial for those only in its answer.
        self.entry_words: dict[str, dict[str, float]] = {}
        # (entry id, phrasing, its words) for every phrasing that has words.
        self.phrasings: list[tuple[str, str, list[str]]] = []
        spellings: dict[str, Counter[str]] = defaultdict(Counter)  # stem -> words as written
        self.entry_years: dict[str, frozenset[str]] = {}
        for entry in pack.ranked.values():
            words: dict[str, float] = {}
            everything = " ".join((entry.answer, entry.note or "", entry.topic, *entry.phrasings))
            for word in fold(everything).split():
                spellings[stem_of(word)][word] += 1
            self.entry_years[entry.id] = frozenset(YEAR.findall(everything))
            for token in tokens_of(" ".join((entry.answer, entry.note or "", entry.topic))):
                words[token] = ANSWER_CREDIT
            for text in entry.phrasings:
                tokens = tokens_of(text)
                if tokens:
                    self.phrasings.append((entry.id, text, tokens))
                    words.update(dict.fromkeys(tokens, 1.0))
            self.entry_words[entry.id] = words

        # The pack's statistics are its entries'. An outside subject's words (pack.py:
        # "Tehran", "Entebbe") are matched, so a question about one finds it, but they
        # stay words no entry is asked with: unknown to every answer, as before.
        document_frequency: dict[str, int] = defaultdict(int)
        for entry_id, words in self.entry_words.items():
            for token in words:
                document_frequency[token] += entry_id in pack.entries
        n_entries = max(len(pack.entries), 1)
        self.known = {token for token, df in document_frequency.items() if df}
        # The pack's own years (1996 and 1997 here): naming one is no sign of another
        # story, even where an entry does not mention it ("japanese ambassador 1996").
        year_counts = Counter(
            year for entry_id in pack.entries for year in self.entry_years[entry_id]
        )
        self.home_years = frozenset(
            year for year, count in year_counts.items() if count >= HOME_YEAR_SHARE * n_entries
        )
        rarest = math.log((n_entries + 1) / 0.5)
        self.unknown_weight = rarest * UNKNOWN_FACTOR
        self._unknown_cap = self.unknown_weight * UNKNOWN_CAP
        self._stopword_weight = rarest * STOPWORD_FACTOR
        self._common_weight = rarest * COMMON_FACTOR
        # Words some phrasing uses: the ways of asking the pack knows.
        self.asked = {
            token
            for entry_id, _, tokens in self.phrasings
            if entry_id in pack.entries
            for token in tokens
        }
        asked = self.asked
        self.weight = {
            token: self._stopword_weight
            if token in self.stopwords
            else min(math.log((n_entries + 1) / (df + 0.5)), QUESTION_WORD_FACTOR * rarest)
            if token in self.question_words
            # An everyday word weighs little even where the pack uses it.
            else COMMON_IN_PACK_FACTOR * rarest
            if token in self.common_words and token in asked
            else max(math.log((n_entries + 1) / (df + 0.5)), CONTENT_FLOOR * rarest)
            if token in asked
            else self._common_weight
            if token in self.common_words
            # A word that only answers use ("Iran", named in passing) is
            # nearly as telling as an unknown one when a question leans on it.
            else max(math.log((n_entries + 1) / (df + 0.5)), ANSWER_ONLY_FACTOR * rarest)
            for token, df in document_frequency.items()
        }
        # Typos are looked up among the pack's words, the synonym terms (which
        # stand for their canonical words), and the words as the pack writes
        # them: "militents" is one slip from "militants" but three from its
        # stem "milit".
        self._typo_targets: dict[str, tuple[str, ...]] = {word: (word,) for word in self.weight}
        for term, canonical in self.normalizer.aliases().items():
            known = tuple(word for word in canonical if word in self.weight)
            if known and term not in self._typo_targets:
                self._typo_targets[term] = known
        for written in {form for forms in spellings.values() for form in forms}:
            known = tuple(word for word in tokens_of(written) if word in self.weight)
            if known and written not in self._typo_targets:
                self._typo_targets[written] = known
        # A word of a many-word synonym term met alone ("nestor" of "nestor cerpa",
        # "amaru" of "tupac amaru") stands for the term's canonical words, a little
        # less surely than the whole term; a word every term shares says nothing.
        self._parts: dict[str, dict[str, float]] = {}
        for word, canonical in self.normalizer.term_parts().items():
            standing_for = [w for w in canonical if w in self.weight]
            ordinary = self.stopwords | self.common_words | self.question_words
            if (
                standing_for
                and len(standing_for) <= 2
                and word not in self.weight
                and word not in ordinary
                and not ordinary.intersection(canonical)
                and len(word) >= 5  # "lost" (their lives), "kick" (off): idioms, not names
            ):
                self._parts[word] = dict.fromkeys(standing_for, PART_SIMILARITY)
                self._typo_targets.setdefault(word, tuple(standing_for))
        # No slip leads to a word of three letters ("iran" is one edit from "ran"),
        # and one leads to an everyday word only if it keeps the first letter
        # ("durring", but not "chile" for "while"): a word wrongly taken for an
        # everyday one loses the weight that says the question is about something else.
        ordinary = self.stopwords | self.common_words | self.question_words
        # A slip is read as an entry's word where one is in reach, and as an outside
        # subject's word (pack.py) only where none is: "presdent" is the entries'
        # "president", not an outside subject's "presidente".
        self._typo_choices = [
            choice
            for choice, words in self._typo_targets.items()
            if len(choice) > 3 and self.known.issuperset(words)
        ]
        self._outside_typo_choices = [
            choice
            for choice, words in self._typo_targets.items()
            if len(choice) > 3 and not self.known.issuperset(words)
        ]
        self._ordinary_choices = {
            choice for choice, words in self._typo_targets.items() if ordinary.issuperset(words)
        }
        self._typo_cache: dict[str, dict[str, float]] = {}
        self._sorted_words = sorted(self.weight)  # for completing a word being typed
        # The commonest way the pack writes each stem, for spelling a question
        # back out (see `respelled`).
        self._spelling = {st: forms.most_common(1)[0][0] for st, forms in spellings.items()}
        # Words as the pack writes them, and by how they sound where the language
        # says how (the commonest spelling of each sound).
        self._written = {form for forms in spellings.values() for form in forms}
        # Words the entries' phrasings write, long enough that one slip from one is a
        # slip ("enbajador"), for `_slip_from_written`.
        self._written_choices = sorted(
            form
            for form in self._written
            if len(form) >= MIN_SLIP_LENGTH - 1 and self.asked.issuperset(tokens_of(form) or "?")
        )
        self._sound_key = self.language.sound_key
        self._by_sound: dict[str, str] = {}
        if self._sound_key is not None:
            heard: dict[str, Counter[str]] = defaultdict(Counter)
            for forms in spellings.values():
                for form, count in forms.items():
                    heard[self._sound_key(form)][form] += count
            self._by_sound = {key: forms.most_common(1)[0][0] for key, forms in heard.items()}

    def matches(self, token: str) -> dict[str, float]:
        """Pack words this question word stands for, with similarity 0-1."""
        if token in self.weight:
            return {token: 1.0}
        if token in self._parts:
            return self._parts[token]
        typos = max_typos(token)
        if not typos or token in self.common_words or token in self.question_words:
            return {}
        cached = self._typo_cache.get(token)
        if cached is not None:
            return cached
        found = process.extract(
            token, self._typo_choices, scorer=OSA.distance, score_cutoff=typos, limit=3
        ) or process.extract(
            token, self._outside_typo_choices, scorer=OSA.distance, score_cutoff=typos, limit=3
        )
        # A typo counts by its similarity, so an exact word always wins over it.
        matches: dict[str, float] = {}
        for choice, distance, _ in found:
            if choice in self._ordinary_choices and (
                choice[0] != token[0] or not self.language.typos_to_everyday_words
            ):
                continue
            similarity = 1 - distance / max(len(token), len(choice))
            for word in self._typo_targets[choice]:
                matches[word] = max(matches.get(word, 0.0), similarity)
        if len(self._typo_cache) >= TYPO_CACHE_SIZE:
            self._typo_cache.clear()
        self._typo_cache[token] = matches
        return matches

    def parse(self, question: str, typing: bool = False) -> tuple[Query, float]:
        """The question's words: (weight, {pack word: similarity}) each, and how many
        words no phrasing uses it has (in units of an unknown word's weight).

        `typing`: the question is still being typed, so its last word may be
        the start of a longer one ("when did the cr" -> "crisis").
        """
        text = self._spelt_as_written(question[:MAX_QUESTION_CHARS], typing)
        tokens = self.normalizer.tokens(text)[:MAX_TOKENS]
        query = []
        for token in tokens:
            matches = self.matches(token)
            query.append((self._query_weight(token, matches), matches))
        if typing and tokens and not question[-1:].isspace():
            completions = self._completions(tokens[-1])
            if completions:
                query[-1] = (min(self.weight[w] for w in completions), completions)
        # Words no phrasing uses (unknown, or only in answers) weigh together at
        # most a few such words: one ("Iran") says the question is about
        # something else, but a long chatty question ("my teacher said ...,
        # legit or myth?") is not off-topic just because it has many of them.
        strange = [
            i
            for i, (_, matches) in enumerate(query)
            if not any(word in self.asked for word in matches)
            and query[i][0] >= self.unknown_weight
        ]
        strange_total = sum(query[i][0] for i in strange)
        if strange_total > self._unknown_cap:
            scale = self._unknown_cap / strange_total
            for i in strange:
                query[i] = (query[i][0] * scale, query[i][1])
        return query, strange_total / self.unknown_weight

    def _spelt_as_written(self, question: str, typing: bool) -> str:
        """The question with words the pack never writes spelt as it does, where that is
        plain before the words are stemmed (one pass over the folded words):

        - by ear, in a language that says how words sound (``language.sound_key``):
          "estavan", "qien" are written "estaban", "quien";
        - a slip in a word whose stem is too short to correct ("dyas" stems to "dya",
          and no slip leads to a three-letter word) is corrected as typed, to the
          pack's word one slip away ("days"); a word still being typed is not.
        """
        words = fold(question).split()
        changed = False
        for i, word in enumerate(words):
            if word in self._written:
                continue
            if self._by_sound:
                heard = self._by_sound.get(self._sound_key(word), word)  # type: ignore[misc]
                changed |= heard != word
                word = words[i] = heard
            if typing and i == len(words) - 1:
                break  # still being typed: completed, not corrected
            corrected = self._short_stem_typo(word) or self._slip_from_written(word)
            if corrected is not None:
                words[i] = corrected
                changed = True
        return " ".join(words) if changed else question

    def _short_stem_typo(self, word: str) -> str | None:
        """The pack's spelling of the word ``word`` is one slip from, if its own stem
        is too short for ``matches`` to correct; else None."""
        token = self.normalizer.stem(word)
        if len(token) > 3 or len(word) <= 3 or token in self.weight or word in self._written:
            return None
        if token in self.stopwords or token in self.common_words:
            return None
        if token in self.question_words:
            return None
        found = self.matches(word)
        best = max(found, key=found.__getitem__, default=None)
        return self._spelling.get(best) if best is not None else None

    def _slip_from_written(self, word: str) -> str | None:
        """The entries' word ``word`` is one slip from, if its stem is no pack word: a
        slip is corrected on the word as typed, before a stemmer cuts off the ending
        that tells "enbajador" (ambassador) from "embajada" (embassy); else None."""
        if len(word) < MIN_SLIP_LENGTH or self.normalizer.stem(word) in self.weight:
            return None
        found = process.extract(
            word, self._written_choices, scorer=OSA.distance, score_cutoff=1, limit=2
        )
        # Two words one slip away ("presdent": "present", "president"): left to `matches`.
        return found[0][0] if len(found) == 1 else None

    def respelled(self, question: str) -> str:
        """The question with its misspelt words written as the pack writes them.

        The sentence-embedding model reads words as written, so "wat did tupak
        amaru want from the goverment" looks foreign to it; the word matcher
        already knows which pack words those typos stand for. Words the pack
        does not know, and cannot be a typo of, are kept as typed.
        """
        out = []
        for word in fold(question[:MAX_QUESTION_CHARS]).split():
            token = self.normalizer.stem(word)
            if token in self._spelling or token in self.stopwords:
                out.append(word)
                continue
            matches = self.matches(token)
            best = max(matches, key=matches.__getitem__, default=None)
            out.append(self._spelling.get(best, word) if best else word)
        return " ".join(out)

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
        words.sort(key=lambda w: self.weight[w])
        return {
            word: 1.0 if rank == 0 else 0.85 for rank, word in enumerate(words[:MAX_COMPLETIONS])
        }

    def _query_weight(self, token: str, matches: dict[str, float]) -> float:
        if matches:
            return max(self.weight[word] for word in matches)
        if token in self.stopwords:
            return self._stopword_weight
        if token in self.common_words or token in self.question_words:
            return self._common_weight
        return self.unknown_weight
