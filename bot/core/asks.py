"""What kind of answer a question asks for: a who, a when, a where, a how many...

The word matcher weighs "who" and "when" lightly (they are in nearly every
question), so "Who was the ambassador whose residence was seized?" can fit "when
was the residence seized" better by its other words than "who was the Japanese
ambassador". An entry is asked in a few ways, and the kinds of answer its
phrasings ask for say what it answers: one asked only "when ..." and "what
date ..." gives a date, not a person. The matcher uses this to mark down an
entry whose phrasings never ask for what the question asks (matcher.py).

Only kinds a question states plainly are read; "what" and "how" alone say too
little ("what happened", "how did they get in"), and a question with none of
these kinds is judged on its words alone, as before.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

from .text import fold

# The score kept by an entry whose phrasings never ask for the kind of answer the
# question asks for ("who ..." against an entry only ever asked "when ..."; asks.py).
# Measured on the used blind sets: 0.9 answered 6 more of 2,254 right and 8 fewer
# wrong; 0.8 and lower, or marking down recall and precision too, fewer right.
ASKS_OTHER_KIND = 0.9

# Patterns on folded text (lower case, accents off), by kind, per language.
_KINDS: dict[str, dict[str, str]] = {
    "en": {
        "person": r"\b(?:who|whom|whose|whos|(?:which|what) (?:\w+ )?(?:group|groups|rebels?|"
        r"guerrillas?|organi[sz]ations?|person|people|man|woman|officials?|leaders?|president|"
        r"minister))\b",
        "time": r"\b(?:when|what (?:year|date|day|month|time)|which (?:year|date|day|month)|"
        r"wen|whn)\b",
        "place": r"\b(?:where|wher|whereabouts|what (?:city|country|district|neighbou?rhood)|"
        r"which (?:city|country|district|neighbou?rhood))\b",
        "count": r"\bhow (?:many|much)\b",
        "duration": r"\bhow long\b",
        "reason": r"\b(?:why|how come|what for)\b",
    },
    "es": {
        "person": r"\b(?:quien|quienes|qien|kien|(?:que|cual) (?:grupo|grupos|persona|personas|"
        r"organizacion|lider|presidente|ministro))\b",
        "time": r"\b(?:cuando|en que (?:ano|fecha|dia|mes)|que (?:dia|fecha|ano|mes))\b",
        "place": r"\b(?:donde|adonde|en que (?:ciudad|pais|distrito|barrio))\b",
        "count": r"\bcuant[oa]s\b(?! (?:dias|meses|semanas|horas|minutos|anos)\b)",
        "duration": r"\b(?:cuanto (?:tiempo|duro)|cuant[oa]s (?:dias|meses|semanas|horas|"
        r"minutos|anos))\b",
        "reason": r"\b(?:por ?que|porque|xq|pq|para que)\b",
    },
}
_COMPILED = {
    code: [(kind, re.compile(pattern)) for kind, pattern in kinds.items()]
    for code, kinds in _KINDS.items()
}


def asks(text: str, language: str = "en") -> frozenset[str]:
    """The kinds of answer `text` asks for (empty when it states none plainly)."""
    patterns = _COMPILED.get(language)
    if not patterns:
        return frozenset()
    folded = fold(text)
    return frozenset(kind for kind, pattern in patterns if pattern.search(folded))


def entry_kinds(phrasings: Iterable[tuple[str, str]], language: str) -> dict[str, frozenset[str]]:
    """The kinds of answer each entry's phrasings ask for, from (entry id, phrasing)
    pairs; entries whose phrasings state none are left out."""
    kinds: dict[str, set[str]] = defaultdict(set)
    for entry_id, text in phrasings:
        kinds[entry_id] |= asks(text, language)
    return {entry_id: frozenset(found) for entry_id, found in kinds.items() if found}


def mark_down(
    scores: dict[str, tuple[float, float, int, float]],
    wanted: frozenset[str],
    kinds: dict[str, frozenset[str]],
) -> None:
    """Mark down, in place, the score (the first of each tuple) of every entry whose
    phrasings ask for kinds of answer, none of them one `wanted`."""
    if not wanted:
        return
    for entry_id, (score, *rest) in scores.items():
        known = kinds.get(entry_id)
        if known and not known & wanted:
            scores[entry_id] = (score * ASKS_OTHER_KIND, *rest)  # type: ignore[assignment]
