"""Text normalization shared by the pack's phrasings and users' questions.

Both sides go through the same steps, once for the pack at load time and once
per question, so that "Túpac Amaru rebels?" and "tupac amaru militants" meet
as the same tokens.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping

# Anything that is not a letter or digit separates words. Apostrophes are
# dropped instead, so "what's" becomes "whats" rather than "what s".
_APOSTROPHES = re.compile(r"['’‘`´]")
_NON_WORD = re.compile(r"[^0-9a-z]+")

# Users' questions can be arbitrarily long; matching looks at the start only.
MAX_QUESTION_CHARS = 300


def fold(text: str) -> str:
    """Lowercase, strip accents and punctuation, collapse white space."""
    text = unicodedata.normalize("NFKD", text[: MAX_QUESTION_CHARS * 2])
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _APOSTROPHES.sub("", text.casefold())
    return _NON_WORD.sub(" ", text).strip()


def stem(token: str) -> str:
    """A deliberately tiny plural stripper: hostages -> hostage, embassies -> embassy,
    volcanoes -> volcano.

    Full stemmers conflate too much for short questions ("started"/"start" is
    left to the fuzzy token match instead).
    """
    if len(token) > 4 and token.endswith("ies"):
        return token[:-3] + "y"
    if len(token) > 5 and token.endswith("oes"):
        return token[:-2]
    if len(token) > 4 and token.endswith("s") and not token.endswith(("ss", "us", "is")):
        return token[:-1]
    return token


class Normalizer:
    """Folds text, rewrites synonyms to their canonical form, and tokenizes."""

    def __init__(self, synonyms: Mapping[str, str] | None = None):
        # term -> canonical, both folded; longest terms first so that
        # "tupac amaru revolutionary movement" wins over "tupac amaru".
        self._synonyms = {
            " ".join(fold(term).split()): " ".join(fold(canonical).split())
            for term, canonical in (synonyms or {}).items()
        }
        self._synonyms = {t: c for t, c in self._synonyms.items() if t and t != c}
        terms = sorted(self._synonyms, key=len, reverse=True)
        self._pattern = (
            re.compile(r"\b(" + "|".join(re.escape(t) for t in terms) + r")\b") if terms else None
        )

    def normalize(self, text: str) -> str:
        folded = fold(text)
        if self._pattern is not None:
            folded = self._pattern.sub(lambda m: self._synonyms[m.group(1)], folded)
        return " ".join(stem(token) for token in folded.split())

    def tokens(self, text: str) -> list[str]:
        return self.normalize(text).split()
