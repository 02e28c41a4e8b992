"""Ranking a pack's entries by meaning: sentence vectors of every phrasing.

Each entry is represented by the vectors of its phrasings (question and
variants) and one vector of its question with its answer, which carries the
words a member may lean on that no phrasing uses ("did his poll numbers go
up"). A question is compared with all of them in one matrix product; an
entry's similarity is its best phrasing's.

The matrix is 1-1.5 KB per phrasing (256 or 384 floats), so a pack of a few
thousand entries costs a few MB. Beyond ``MAX_PHRASINGS`` the encoding at
start-up would take minutes and the matrix hundreds of MB, so very large packs
are ranked by words alone (the engine says so once in the log).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .embeddings import Encoder, cached_vectors
from .pack import Pack

if TYPE_CHECKING:
    import numpy as np

MAX_PHRASINGS = 20_000


@dataclass(frozen=True, slots=True)
class SemanticScores:
    """One question against every entry, in the pack's entry order."""

    best: np.ndarray  # cosine of each entry's closest phrasing
    best_row: np.ndarray  # which phrasing that was (index into SemanticIndex.texts)
    answer: np.ndarray  # cosine of each entry's question with its answer


class SemanticIndex:
    def __init__(self, pack: Pack, encoder: Encoder, kind: str, cache_dir: Path | None):
        import numpy as np

        self._np = np
        self.encoder = encoder
        self.kind = kind  # which model: the gate has a model fitted to each
        self.entry_ids = list(pack.ranked)
        self.position = {entry_id: i for i, entry_id in enumerate(self.entry_ids)}
        self.texts: list[str] = []
        starts: list[int] = []
        for entry in pack.ranked.values():
            starts.append(len(self.texts))
            self.texts.extend(entry.phrasings)
        answers = [f"{e.question} {e.answer}" for e in pack.ranked.values()]
        vectors = cached_vectors(encoder, self.texts + answers, cache_dir)
        self._phrasing_vectors = np.ascontiguousarray(vectors[: len(self.texts)])
        self._answer_vectors = np.ascontiguousarray(vectors[len(self.texts) :])
        self._starts = np.asarray(starts, dtype=np.intp)
        self._row_entry = np.repeat(
            np.arange(len(starts)), np.diff(np.append(self._starts, len(self.texts)))
        )

    def scores(self, questions: list[str]) -> list[SemanticScores]:
        np = self._np
        out = []
        for vector in self.encoder.encode(questions):
            # Matrix times vector, one question at a time: BLAS runs that on one
            # thread, where a matrix product would wake its thread pool, which costs
            # far more than it saves on a core the event loop shares.
            sims = self._phrasing_vectors @ vector
            answer = self._answer_vectors @ vector
            best = np.maximum.reduceat(sims, self._starts)
            # The first row of each entry holding its best value.
            is_best = sims == best[self._row_entry]
            rows = np.flatnonzero(is_best)
            best_row = np.empty(len(best), dtype=np.intp)
            best_row[self._row_entry[rows][::-1]] = rows[::-1]
            out.append(SemanticScores(best, best_row, answer))
        return out
