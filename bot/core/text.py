"""Text normalization shared by the pack's phrasings and users' questions.

Both sides go through the same steps, once for the pack at load time and once
per question, so that "Túpac Amaru rebels?" and "tupac amaru militants" meet
as the same tokens.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections.abc import Callable, Mapping
from functools import lru_cache

import snowballstemmer

# Anything that is not a letter or digit separates words. A possessive "'s" is
# dropped ("Peru's" -> "peru"), and other apostrophes vanish without splitting
# the word ("o'clock" -> "oclock").
_POSSESSIVE = re.compile(r"['’]s\b")
_APOSTROPHES = re.compile(r"['’‘`´]")
_NON_WORD = re.compile(r"[^0-9a-z]+")

# Users' questions can be arbitrarily long; matching looks at the start only.
MAX_QUESTION_CHARS = 300


# "US" in capitals is the country, not the pronoun "us" (a stopword).
_US = re.compile(r"\bU\.?S\.?(?:A\.?)?(?![\w.])")


def fold(text: str) -> str:
    """Lowercase, strip accents and punctuation, collapse white space."""
    text = _US.sub("usa", text)
    if not text.isascii():  # ASCII has no accents to take apart
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _APOSTROPHES.sub("", _POSSESSIVE.sub("", text.casefold()))
    return _NON_WORD.sub(" ", text).strip()


_ENGLISH = snowballstemmer.stemmer("english")
Stemmer = Callable[[str], str]


@lru_cache(maxsize=65_536)
def stem(token: str) -> str:
    """The Snowball (Porter 2) stem: "commemorated" and "commemoration" meet as "commemor".

    Applied alike to the pack's phrasings, its synonym terms and questions.
    """
    return _ENGLISH.stemWord(token)


class Normalizer:
    """Folds text, rewrites synonyms to their canonical form, and tokenizes.

    Synonym terms are matched after plurals are stripped, so a table entry for
    "rebel" also covers "rebels".
    """

    def __init__(self, synonyms: Mapping[str, str] | None = None, stemmer: Stemmer = stem):
        """`stemmer`: the language's (text.stem, Snowball English, unless told)."""
        self.stem = stemmer
        self._synonyms: dict[str, str] = {}
        for term, canonical in (synonyms or {}).items():
            term, canonical = self._stemmed(term), self._stemmed(canonical)
            if term and term != canonical:
                self._synonyms[term] = canonical
        # Longest terms first, so "tupac amaru revolutionary movement" wins
        # over "tupac amaru".
        terms = sorted(self._synonyms, key=len, reverse=True)
        self._pattern = (
            re.compile(r"\b(" + "|".join(re.escape(t) for t in terms) + r")\b") if terms else None
        )

    def normalize(self, text: str) -> str:
        text = self._stemmed(text)
        if self._pattern is not None:
            text = self._pattern.sub(lambda m: self._synonyms[m.group(1)], text)
        return text

    def tokens(self, text: str) -> list[str]:
        # Interned, so a large pack holds each distinct word once.
        return [sys.intern(token) for token in self.normalize(text).split()]

    def aliases(self) -> dict[str, tuple[str, ...]]:
        """One-word synonym terms and the canonical words they stand for.

        The matcher looks typos up among these too, so "embasy" still finds
        "embassy" although only its canonical form is in the pack's words.
        """
        return {
            term: tuple(canonical.split())
            for term, canonical in self._synonyms.items()
            if " " not in term
        }

    def term_parts(self) -> dict[str, tuple[str, ...]]:
        """Words of many-word synonym terms, each with the canonical words of the
        terms it belongs to ("amaru" of "tupac amaru"), for a word met alone."""
        parts: dict[str, set[str]] = {}
        for term, canonical in self._synonyms.items():
            if " " in term:
                for word in term.split():
                    parts.setdefault(word, set()).update(canonical.split())
        return {word: tuple(sorted(canonical)) for word, canonical in parts.items()}

    def _stemmed(self, text: str) -> str:
        return " ".join(self.stem(token) for token in fold(text).split())
