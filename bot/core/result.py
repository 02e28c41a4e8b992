"""What the engine gives back for a question: an answer, suggestions, or neither.

Kept apart from the matcher that ranks and the engine that decides, because every
front end reads these and nothing else: the CLI (render.py), the bot's replies and
buttons, the evaluation.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .pack import Entry

Status = Literal["answered", "suggest", "no_match"]


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
    language: str = "en"  # the language of the answer and suggestions: the question's
    # With status no_match: the subject the pack does not cover that the question is
    # about (pack.outside), its `related` the entries to read instead.
    outside: Entry | None = None
