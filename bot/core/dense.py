"""Scoring every entry of a pack at once, with numpy, when the pack is small enough.

The word matcher's sums (matcher.py) are plain Python, one entry and one
phrasing at a time, which is what a very large pack needs: only the few
entries that could still win are ever scored. In a pack of a few hundred
entries that bookkeeping costs more than it saves, and it was most of the
bot's time per question. So for such a pack the same sums are kept as
arrays, and each is a handful of vectorized steps over the whole pack:

- precision: a flat array of every phrasing's word ids and weights, summed
  per phrasing against the question's similarity to each word;
- recall and asked coverage: an entries-by-words matrix of the credit each
  entry earns for a word (1 for its phrasings' words, ANSWER_CREDIT for
  words only its answer uses, 0 otherwise; exact in float32).

The results are the same sums as the Python path's, up to rounding.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    import numpy as np

# The shipped pack: about 13,000 phrasing words and 117 entries by 4,000 words.
MAX_PHRASING_WORDS = 200_000
MAX_CREDIT_CELLS = 4_000_000  # 16 MB of float32


class _Phrasing(Protocol):
    """The matcher's phrasings, as read here (read-only)."""

    @property
    def entry_id(self) -> str: ...
    @property
    def tokens(self) -> tuple[str, ...]: ...
    @property
    def weights(self) -> tuple[float, ...]: ...
    @property
    def total(self) -> float: ...


class BestPhrasings:
    """One question's best phrasing per entry, read for the few entries scored."""

    __slots__ = ("_best", "_position", "_row")

    def __init__(self, position: dict[str, int], best: np.ndarray, row: np.ndarray) -> None:
        self._position = position
        self._best = best
        self._row = row

    def get(self, entry_id: str) -> tuple[float, int]:
        """(precision, phrasing index) of the entry's best phrasing; (0, -1) if none."""
        i = self._position.get(entry_id)
        if i is None or self._row[i] < 0:
            return 0.0, -1
        return float(self._best[i]), int(self._row[i])


class DenseScorer:
    def __init__(
        self, phrasings: Sequence[_Phrasing], entry_words: dict[str, dict[str, float]]
    ) -> None:
        import numpy as np

        self._np = np
        self.entry_ids = list(entry_words)
        self.position = {entry_id: i for i, entry_id in enumerate(self.entry_ids)}

        vocabulary = sorted({word for words in entry_words.values() for word in words})
        self._word_ids = {word: i for i, word in enumerate(vocabulary)}
        self._credit = np.zeros((len(self.entry_ids), len(vocabulary)), dtype=np.float32)
        for row, words in enumerate(entry_words.values()):
            for word, credit in words.items():
                self._credit[row, self._word_ids[word]] = credit

        ids: list[int] = []
        weights: list[float] = []
        starts: list[int] = []
        entry_rows: list[int] = []
        for phrasing in phrasings:
            starts.append(len(ids))
            entry_rows.append(self.position[phrasing.entry_id])
            for token, weight in zip(phrasing.tokens, phrasing.weights, strict=True):
                ids.append(self._word_ids[token])
                weights.append(weight)
        self._ids = np.asarray(ids, dtype=np.intp)
        self._weights = np.asarray(weights)
        self._starts = np.asarray(starts, dtype=np.intp)
        self._totals = np.asarray([p.total for p in phrasings])
        self._phrasing_entry = np.asarray(entry_rows, dtype=np.intp)
        # Phrasings come entry by entry, so each entry's are one run of rows.
        runs = [i for i in range(len(entry_rows)) if i == 0 or entry_rows[i] != entry_rows[i - 1]]
        if len(runs) != len(set(entry_rows)):
            raise ValueError("phrasings must come grouped by entry")
        self._run_starts = np.asarray(runs, dtype=np.intp)
        self._run_entry = self._phrasing_entry[self._run_starts] if runs else self._phrasing_entry

    @staticmethod
    def fits(phrasings: Sequence[_Phrasing], entry_words: dict[str, dict[str, float]]) -> bool:
        vocabulary = len({word for words in entry_words.values() for word in words})
        return (
            sum(len(p.tokens) for p in phrasings) <= MAX_PHRASING_WORDS
            and len(entry_words) * vocabulary <= MAX_CREDIT_CELLS
        )

    def best_phrasings(self, similarity: dict[str, float]) -> BestPhrasings:
        """Every entry's best phrasing precision against the question, and which
        phrasing that is (the first, on a tie; -1 for an entry sharing no word)."""
        np = self._np
        best = np.zeros(len(self.entry_ids))
        row = np.full(len(self.entry_ids), -1, dtype=np.intp)
        if not len(self._ids):
            return BestPhrasings(self.position, best, row)
        sims = np.zeros(len(self._word_ids))
        for word, value in similarity.items():
            word_id = self._word_ids.get(word)
            if word_id is not None:
                sims[word_id] = value
        covered = np.add.reduceat(self._weights * sims[self._ids], self._starts)
        precision = covered / self._totals
        best[self._run_entry] = np.maximum.reduceat(precision, self._run_starts)
        rows = np.flatnonzero((precision > 0) & (precision == best[self._phrasing_entry]))
        # Assigned last to first, so each entry keeps its first best row.
        row[self._phrasing_entry[rows[::-1]]] = rows[::-1]
        return BestPhrasings(self.position, best, row)

    def covered(
        self, query: Sequence[tuple[float, dict[str, float]]], *, asked_only: bool = False
    ) -> np.ndarray:
        """Per entry: the question's weight it covers, each question word counting at
        its best similarity times the entry's credit for the word (`asked_only`:
        only words of the entry's phrasings earn credit)."""
        np = self._np
        covered = np.zeros(len(self.entry_ids))
        exact_ids: list[int] = []
        exact_weights: list[float] = []
        for weight, matches in query:
            if not matches:
                continue
            if len(matches) == 1:
                word, similarity = next(iter(matches.items()))
                if similarity == 1.0:
                    exact_ids.append(self._word_ids[word])
                    exact_weights.append(weight)
                    continue
            ids = [self._word_ids[word] for word in matches]
            credit = self._credit[:, ids]
            if asked_only:
                credit = credit == 1.0
            covered += weight * (credit * np.asarray(list(matches.values()))).max(axis=1)
        if exact_ids:
            credit = self._credit[:, exact_ids]
            if asked_only:
                credit = credit == 1.0
            covered += credit @ np.asarray(exact_weights)
        return covered
