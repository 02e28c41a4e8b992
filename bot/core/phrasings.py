"""Phrasings two entries share: a member asking one would get either entry.

`crisisbot validate` reports each such pair, at the later phrasing's file, line
and column, for the main pack and for each translation (translations.py), outside
subjects included (an outside subject sharing an entry's phrasing would turn away
a question the pack answers).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rapidfuzz import fuzz, process

from .packfile import ParsedFile, PathKey, Problem
from .text import Normalizer

if TYPE_CHECKING:
    from .pack import Entry

# Two phrasings of different entries this similar (0-100, after normalization)
# would send users to a coin toss between the entries.
NEAR_DUPLICATE_SCORE = 92


def ambiguous_phrasings(
    entries: dict[str, Entry],
    entry_where: dict[str, tuple[ParsedFile, int]],
    normalizer: Normalizer,
) -> list[Problem]:
    """Phrasings that two different entries share, exactly or nearly."""
    owners: list[tuple[str, int]] = []  # (entry id, phrasing index: 0 = question)
    normalized: list[str] = []
    for entry_id, entry in entries.items():
        for k, phrasing in enumerate(entry.phrasings):
            owners.append((entry_id, k))
            normalized.append(normalizer.normalize(phrasing))

    def locate(owner: tuple[str, int]) -> tuple[str, int, int]:
        parsed, i = entry_where[owner[0]]
        if entries[owner[0]].outside:
            path: PathKey = ("outside", i, "phrasings", owner[1])
        elif owner[1] == 0:
            path = ("entries", i, "question")
        else:
            path = ("entries", i, "variants", owner[1] - 1)
        return (parsed.name, *parsed.at(path))

    def kind(entry_id: str) -> str:
        return "outside subject" if entries[entry_id].outside else "entry"

    problems = []
    for a, text in enumerate(normalized):
        if not text:
            file, line, column = locate(owners[a])
            problems.append(
                Problem(
                    file, line, column, f"entry '{owners[a][0]}': phrasing has no words to match"
                )
            )
            continue
        # Only the phrasings after this one, so each pair is compared once.
        later = normalized[a + 1 :]
        for _, score, offset in process.extract(
            text, later, scorer=fuzz.ratio, score_cutoff=NEAR_DUPLICATE_SCORE, limit=None
        ):
            b = a + 1 + offset
            if owners[a][0] == owners[b][0]:
                continue
            pair = (owners[a][0], owners[b][0])
            phrase_a = entries[owners[a][0]].phrasings[owners[a][1]]
            phrase_b = entries[owners[b][0]].phrasings[owners[b][1]]
            file, line, column = locate(owners[b])
            there = locate(owners[a])
            same = "the same phrasing" if score >= 100 else "a near-duplicate phrasing"
            problems.append(
                Problem(
                    file,
                    line,
                    column,
                    f"{kind(pair[1])} '{pair[1]}' and {kind(pair[0])} '{pair[0]}' share {same}: "
                    f"'{phrase_b}' ~ '{phrase_a}' ({there[0]}:{there[1]}); "
                    "users asking it would get either",
                )
            )
    return problems
