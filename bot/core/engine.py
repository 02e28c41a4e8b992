"""The engine: one loaded pack and its matcher, as the CLI and the bot use them.

An Engine is never changed after it is built. Reloading a pack means building
a new Engine and swapping the reference, so a question being answered during a
reload sees either the old pack or the new one, never half of each.
"""

from __future__ import annotations

import os
import random
from typing import Any

from .matcher import Matcher, MatchResult, Suggestion
from .pack import Entry, Pack, Source, default_pack_dir, load_pack

CitedSource = tuple[int, Source, str | None]  # (number from 1, source, locator)


class Engine:
    def __init__(self, pack: Pack):
        self.pack = pack
        self.matcher = Matcher(pack)

    @classmethod
    def from_path(cls, path: str | os.PathLike[str] | None = None) -> Engine:
        """Load and validate a pack; raises PackError listing every problem."""
        return cls(load_pack(path if path is not None else default_pack_dir()))

    def ask(self, question: str) -> MatchResult:
        return self.matcher.match(question if isinstance(question, str) else "")

    def complete(self, partial: str, limit: int = 25) -> list[Suggestion]:
        return self.matcher.complete(partial, limit)

    def entry(self, entry_id: str) -> Entry | None:
        return self.pack.entries.get(entry_id)

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


def result_to_json(engine: Engine, result: MatchResult) -> dict[str, Any]:
    """The machine-readable form of an answer, as `crisisbot ask --json` prints it."""
    entry = result.entry
    return {
        "question": result.question,
        "status": result.status,
        "entry_id": entry.id if entry else None,
        "score": result.score,
        "matched": result.matched,
        "answer": entry.answer if entry else None,
        "note": entry.note if entry else None,
        "citations": [
            {
                "source": source.id,
                "title": source.title,
                "url": source.url,
                **({"archive_url": source.archive_url} if source.archive_url else {}),
                **({"locator": locator} if locator else {}),
            }
            for _, source, locator in (engine.cited_sources(entry) if entry else [])
        ],
        "suggestions": [
            {"entry_id": s.entry.id, "question": s.entry.question, "score": s.score}
            for s in result.suggestions
        ],
    }
