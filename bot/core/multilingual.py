"""One engine per language of a pack, and the choice of which one answers a question.

A pack with translations (knowledge/es/, see translations.py) is answered
by the same engine code once per language: each language's Engine has its
own word matcher (its stemmer, function words and synonyms) and its own
gate model when ``gate.json`` has one for it (``es:lexical``), so nothing in
the matcher, the gate or the clause logic knows which language it reads.
The main language's Engine holds the others in a ``Languages`` and sends a
question to the engine of the language it is written in (language.py).

The sentence embeddings shipped here are English (distilled from MiniLM); a
language gets them only if the gate has a model fitted for that language
with them (``es:static``). Measured on the Spanish dev set, they did not earn
a place for Spanish, so Spanish is answered by the word matcher alone (see
the README).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from .language import LanguageGuesser, base_code

if TYPE_CHECKING:
    from .engine import Engine
    from .pack import Entry, Pack

AUTO = ("auto", "")

_SPANISH_QUESTION = (
    r"(?:cu[aá]ndo|d[oó]nde|qui[eé]n(?:es)?|qu[eé]|cu[aá]l(?:es)?|por\s*qu[eé]|c[oó]mo|"
    r"cu[aá]nt[oa]s?|hubo)\b"
)
# Where one clause of a Spanish question ends and the next begins (engine.py has
# the English): sentence ends, colons and dashes, an opening ¿, and a comma, "y",
# "pero" or "también" followed by a new question, maybe after a preposition ("...,
# y cómo terminó?", "..., a qué hora empezó"). A bare
# "que" after a comma is a relative pronoun, not a new question.
SPANISH_CLAUSE_BREAK = re.compile(
    r"[?!;.:]+\s+|[?!;]+$|\s+[-\u2013\u2014]+\s+|\s*\u2014\s*|\s+(?=¿)|"
    rf",\s*(?:y\s+|e\s+|pero\s+|tambi[eé]n\s+)?(?=(?:(?:a|de|en|por|para|con|desde|hasta)\s+)?"
    rf"¿?{_SPANISH_QUESTION})|"
    rf"\s+(?:y|e|tambi[eé]n)\s+¿?(?=(?:que\b|{_SPANISH_QUESTION}))",
    re.IGNORECASE,
)


def pack_texts(pack: Pack) -> list[str]:
    """What a pack says in its language: every phrasing, answer and note."""
    out: list[str] = []
    for entry in pack.ranked.values():
        out.extend(entry.phrasings)
        out.append(entry.answer)
        if entry.note:
            out.append(entry.note)
    return out


class Languages:
    """The engines of a pack's languages, the main one first, and the language guesser."""

    def __init__(self, main: Engine, embeddings: str, cache_dir: Path | None):
        from .engine import Engine

        self.main = main
        self.engines: dict[str, Engine] = {main.language: main}
        for code, pack in main.pack.translations.items():
            gate = main.gate.for_language(code)
            # English vectors for another language only where a model was fitted for it.
            kind = embeddings if f"{code}:{embeddings}" in main.gate.models else "off"
            self.engines[code] = Engine(pack, embeddings=kind, cache_dir=cache_dir, gate=gate)
        self.guesser = (
            LanguageGuesser({code: pack_texts(e.pack) for code, e in self.engines.items()})
            if len(self.engines) > 1
            else None
        )

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(self.engines)

    def engine(self, code: str | None) -> Engine:
        return self.engines.get(base_code(code) or "", self.main)

    def random_entry(self, topic: str | None, language: str | None) -> Entry | None:
        """A random entry in `language`, from a topic named in it or in the main one."""
        here = self.engine(language)
        found = here.random_entry(topic) or self.main.random_entry(topic)
        return here.entry(found.id) if found is not None else None

    def choose(
        self,
        question: str,
        language: str | None = None,
        hint: str | None = None,
        default: str | None = None,
    ) -> str:
        """`language` if the pack has it; "auto" or None: the question's language
        from its text, else the hint (a locale), else `default`, else the main one."""
        wanted = base_code(language)
        if wanted and wanted not in AUTO and wanted in self.engines:
            return wanted
        if self.guesser is None:
            return self.main.language
        fallback = base_code(default) if base_code(default) in self.engines else None
        code, _ = self.guesser.detect(question, hint, fallback or self.main.language)
        return code
