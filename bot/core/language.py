"""The languages a pack can answer in, and which one a question is written in.

A Language bundles what the word matcher needs to read one language: its
Snowball stemmer, its function, question and chat words, and its chat
spellings. The engine is topic- and language-agnostic: a pack without
translations is read as English, exactly as before.

Which language a question is in is judged from its text first (``detect``):
¿ and ¡, the function words of each language, and which language's pack
text uses the question's words more (a unigram model of each language built
from the pack's own phrasings and answers). Names are shared by both
languages ("Chavín de Huántar", "Néstor Cerpa") and say nothing, so words
both sides use alike weigh little. Only when the text cannot tell (a bare
name, "Cerpa?") does a hint decide, such as the Discord locale of the member
asking (``es-ES``, ``es-419``); failing that, the server's default.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

import snowballstemmer

from . import english, spanish

DEFAULT_LANGUAGE = "en"


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: one object each
class Language:
    code: str  # ISO 639-1: "en", "es"
    name: str  # in the language itself
    stemmer: str  # Snowball's name for it
    stopwords: frozenset[str]
    question_words: frozenset[str]
    common_words: frozenset[str]
    chat_spellings: Mapping[str, str] = field(default_factory=dict)
    stem_exceptions: Mapping[str, str] = field(default_factory=dict)
    # Whether a typo may stand for a function or everyday word ("becuase"). Not in
    # Spanish: its function words are long and many, so a foreign name read as one
    # ("teherán" as "tener") would lose the weight that says it is another story.
    typos_to_everyday_words: bool = True
    # Spelling by ear (spanish.sound_key): two spellings with one key are one word.
    sound_key: Callable[[str], str] | None = None

    def stem(self, token: str) -> str:
        token = self.chat_spellings.get(token, token)
        return self.stem_exceptions.get(token) or _stem(self.stemmer, token)


@lru_cache(maxsize=4)
def _stemmer(name: str):  # snowballstemmer's stemmers are not thread-safe to build, only to use
    return snowballstemmer.stemmer(name)


@lru_cache(maxsize=131_072)
def _stem(stemmer: str, token: str) -> str:
    return _stemmer(stemmer).stemWord(token)


ENGLISH = Language(
    "en",
    "English",
    "english",
    english.STOPWORDS,
    english.QUESTION_WORDS,
    english.COMMON_WORDS,
)
SPANISH = Language(
    "es",
    "español",
    "spanish",
    spanish.STOPWORDS,
    spanish.QUESTION_WORDS,
    spanish.COMMON_WORDS,
    spanish.CHAT_SPELLINGS,
    spanish.STEM_EXCEPTIONS,
    typos_to_everyday_words=False,
    sound_key=spanish.sound_key,
)
LANGUAGES = {language.code: language for language in (ENGLISH, SPANISH)}


def language(code: str | None) -> Language:
    """The Language for a code ("es", "es-419", "en-US"); English for anything unknown."""
    return LANGUAGES.get(base_code(code) or DEFAULT_LANGUAGE, ENGLISH)


def base_code(locale: str | None) -> str | None:
    """ "es-419" -> "es", "en-US" -> "en", None or "" -> None."""
    if not locale:
        return None
    return str(locale).strip().replace("_", "-").split("-")[0].casefold() or None


# --- detection -------------------------------------------------------------------

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_SPANISH_PUNCTUATION = re.compile("[¿¡]")
_SPANISH_LETTERS = re.compile("[ñÑ]")
# Log-odds (natural log) a text needs before it decides alone; below it, the hint.
DECIDES_AT = 2.0
INVERTED_MARK = 3.0  # ¿ or ¡: Spanish, all but certainly
FUNCTION_WORD = 2.5  # a function or chat word of one language that the other lacks
SMOOTHING = 0.5  # pseudo-count of a word in a language's pack text
MAX_WORD_EVIDENCE = 2.0  # no single pack word says more than this
SHARED = 1.0  # a word whose use differs less than this (log) between languages: a name


class LanguageGuesser:
    """Which of a pack's languages a text is written in, from the pack's own words.

    `texts`: for each language code, the pack's text in it (phrasings, answers).
    """

    def __init__(self, texts: Mapping[str, Iterable[str]]):
        self.codes = tuple(texts)
        self._counts: dict[str, Counter[str]] = {}
        self._totals: dict[str, int] = {}
        for code, chunks in texts.items():
            counts: Counter[str] = Counter()
            for chunk in chunks:
                counts.update(_words(chunk))
            self._counts[code] = counts
            self._totals[code] = sum(counts.values()) or 1
        self._vocabulary = len(set().union(*self._counts.values())) or 1
        self._markers = {
            code: _function_words(LANGUAGES[code]) for code in self.codes if code in LANGUAGES
        }
        # A function word inside a name another language's text uses ("de" in
        # "Chavín de Huántar", "el" in "El Comercio") marks nothing: the pairs it
        # forms there with a neighbour are remembered.
        self._in_names: set[tuple[str, str]] = set()
        for code, chunks in texts.items():
            others = set().union(*(m for c, m in self._markers.items() if c != code))
            for chunk in chunks:
                words = _words(chunk)
                for left, right in itertools.pairwise(words):
                    if left in others or right in others:
                        self._in_names.add((left, right))

    def scores(self, text: str) -> dict[str, float]:
        """Per language, the log-odds evidence the text gives it (unnormalized)."""
        scores = dict.fromkeys(self.codes, 0.0)
        if len(self.codes) < 2:
            return scores
        if "es" in scores and _SPANISH_PUNCTUATION.search(text):
            scores["es"] += INVERTED_MARK
        if "es" in scores and _SPANISH_LETTERS.search(text):
            scores["es"] += 1.0
        words = _words(text)
        for i, word in enumerate(words):
            marked = [code for code, markers in self._markers.items() if word in markers]
            if marked and self._in_name(words, i):
                continue
            if len(marked) == 1:
                scores[marked[0]] += FUNCTION_WORD
                continue
            if marked:
                continue  # a function word of both ("no", "me"): says nothing
            if all(self._counts[code][word] == 0 for code in self.codes):
                continue  # neither pack knows it: a typo, a name, another story
            for code, evidence in self._evidence(word).items():
                scores[code] += max(-MAX_WORD_EVIDENCE, min(MAX_WORD_EVIDENCE, evidence))
        return scores

    def _evidence(self, word: str) -> dict[str, float]:
        """Per language, how much more (log) its pack text uses the word than the mean."""
        vocabulary = self._vocabulary
        likelihood = {
            code: (self._counts[code][word] + SMOOTHING)
            / (self._totals[code] + SMOOTHING * vocabulary)
            for code in self.codes
        }
        mean = sum(math.log(p) for p in likelihood.values()) / len(likelihood)
        return {code: math.log(p) - mean for code, p in likelihood.items()}

    def _in_name(self, words: list[str], i: int) -> bool:
        """Whether words[i], a function word, sits in a name another language's text
        writes too: beside a word it forms a pair with there, and that both languages
        use alike ("de" in "chavin de huantar", not "el" in "el rescate")."""
        for pair, neighbour in (
            ((words[i - 1], words[i]), words[i - 1]) if i > 0 else ((), ""),
            ((words[i], words[i + 1]), words[i + 1]) if i + 1 < len(words) else ((), ""),
        ):
            if pair in self._in_names and (
                max(abs(v) for v in self._evidence(neighbour).values()) < SHARED
            ):
                return True
        return False

    def detect(
        self, text: str, hint: str | None = None, default: str | None = None
    ) -> tuple[str, bool]:
        """(language code, whether the text decided it). The text decides when one
        language leads by DECIDES_AT; else the hint (a locale such as "es-419"), then
        `default`, then the first language that is one of the pack's."""
        scores = self.scores(text)
        ranked = sorted(scores.items(), key=lambda kv: -kv[1])
        if len(ranked) >= 2 and ranked[0][1] - ranked[1][1] >= DECIDES_AT:
            return ranked[0][0], True
        for choice in (base_code(hint), base_code(default)):
            if choice in scores:
                return choice, False
        return self.codes[0], False


def _words(text: str) -> list[str]:
    from .text import fold

    return [w for w in fold(text).split() if not w.isdigit()]


def _function_words(language: Language) -> frozenset[str]:
    """Words that mark a text as this language: its function, question and chat words
    and chat spellings, minus the ones its neighbours share ("no", "me", "a")."""
    own = language.stopwords | language.question_words | frozenset(language.chat_spellings)
    others = frozenset().union(
        *(
            other.stopwords | other.question_words | other.common_words
            for other in LANGUAGES.values()
            if other is not language
        )
    )
    ambiguous = frozenset({"a", "me", "he", "no", "son", "so", "ha", "u", "e", "o", "x", "d"})
    return own - others - ambiguous
