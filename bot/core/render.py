"""Answers for the command line: plain text for a person at a terminal (the CLI and
the console), and JSON for a script (`crisisbot ask --json`)."""

from __future__ import annotations

import re
import textwrap
from typing import Any

from .catalog import message
from .engine import Engine
from .pack import Entry, Source
from .result import MatchResult

_MARKDOWN = re.compile(r"(\*\*|__|~~|`)")
WIDTH = 88


def plain(markdown: str) -> str:
    """Discord markdown without the markers a terminal would show literally."""
    return _MARKDOWN.sub("", markdown)


def _wrap(text: str, indent: str = "") -> str:
    return textwrap.fill(plain(text), width=WIDTH, initial_indent=indent, subsequent_indent=indent)


def source_links(source: Source, language: str = "en") -> list[str]:
    """A source's address, and its archived copy beside it when it has one."""
    links = [source.url] if source.url else []
    if source.archive_url:
        links.append(message("archived", language, url=source.archive_url))
    return links


def render_entry(engine: Engine, entry: Entry, language: str = "en") -> str:
    """An entry (in the language it is written in) with its numbered sources."""
    lines = [entry.question, "", _wrap(entry.answer)]
    if entry.note:
        key = "disputed" if entry.disputed else "note"
        lines += ["", _wrap(message(key, language, note=entry.note))]
    lines += ["", message("sources", language)]
    for number, source, locator in engine.cited_sources(entry):
        where = f", {locator}" if locator else ""
        lines.append(f'  [{number}] {source.publisher}, "{source.title}" ({source.date}){where}')
        lines.extend(f"      {link}" for link in source_links(source, language))
    return "\n".join(lines)


def render_result(engine: Engine, result: MatchResult) -> str:
    language = result.language
    if result.status == "answered" and result.entry is not None:
        confidence = message(
            "matched", language, matched=result.matched, score=f"{result.score:.0f}"
        )
        text = render_entry(engine, result.entry, language) + f"\n\n{confidence}"
        if result.also:
            text += "\n\n" + message("also_relevant", language)
            for number, other in enumerate(result.also, 1):
                text += f"\n  {number}. {other.entry.question}  [{other.entry.id}]"
        also = frozenset(other.entry.id for other in result.also)  # listed just above
        read_next = engine.for_language(language).read_next(result.entry, exclude=also)
        if read_next:
            text += "\n\n" + message("read_next", language)
            text += "".join(f"\n  - {e.question}  [{e.id}]" for e in read_next)
        return text
    if result.status == "suggest":
        lines = [message("did_you_mean", language)]
        for number, suggestion in enumerate(result.suggestions, 1):
            confidence = message("confidence", language, score=f"{suggestion.score:.0f}")
            lines.append(f"  {number}. {suggestion.entry.question}  ({confidence})")
        return "\n".join(lines)
    if result.outside is not None:
        return render_outside(engine, result.outside, language)
    return message("no_answer_cli", language)


def render_outside(engine: Engine, outside: Entry, language: str = "en") -> str:
    """No answer: the question is about a subject the pack does not cover."""
    engine = engine.for_language(language)
    summary = " ".join(engine.pack.about.summary.split())
    text = _wrap(message("outside", language, subject=outside.topic, summary=summary))
    nearest = engine.read_next(outside)
    if nearest:
        text += "\n\n" + message("outside_nearest", language)
        text += "".join(f"\n  - {e.question}  [{e.id}]" for e in nearest)
    return text


def render_topics(engine: Engine, language: str | None = None) -> str:
    """Entries by topic, in `language` (the engine's own if None)."""
    engine = engine.for_language(language) if language else engine
    lines = []
    for topic, entries in engine.pack.topics().items():
        lines.append(f"{topic} ({len(entries)})")
        lines.extend(f"  - {entry.question}  [{entry.id}]" for entry in entries)
        lines.append("")
    return "\n".join(lines).rstrip()


def render_disputes(engine: Engine) -> str:
    """Every disputed point in the pack: the question, who says what, the sources."""
    disputes = engine.disputes()
    if not disputes:
        return "No entry of this pack records a disagreement between sources."
    blocks = [f"{len(disputes)} points where the sources disagree:"]
    for entry in disputes:
        lines = [f"{entry.question}  [{entry.id}]", _wrap(entry.note or "", indent="  ")]
        lines += [
            f'  [{number}] {source.publisher}, "{source.title}" ({source.date})'
            for number, source, _ in engine.cited_sources(entry)
        ]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def render_sources(engine: Engine) -> str:
    cited = {c.source for e in engine.pack.entries.values() for c in e.citations}
    lines = []
    for source in sorted(engine.pack.sources.values(), key=lambda s: (s.kind, s.publisher)):
        if source.id not in cited:
            continue
        lines.append(f'- {source.publisher}, "{source.title}" ({source.date}) [{source.kind}]')
        lines.extend(f"    {link}" for link in source_links(source))
        if source.reliability:
            lines.append(_wrap(f"Note: {source.reliability}", indent="    "))
    return "\n".join(lines)


def result_to_json(engine: Engine, result: MatchResult) -> dict[str, Any]:
    """The machine-readable form of an answer, as `crisisbot ask --json` prints it."""
    entry = result.entry
    shown = entry or result.outside
    return {
        "question": result.question,
        "status": result.status,
        "entry_id": entry.id if entry else None,
        "score": result.score,
        "matched": result.matched,
        "answer": entry.answer if entry else None,
        "note": entry.note if entry else None,
        "outside": result.outside.topic if result.outside else None,
        "disputed": entry.disputed if entry else False,
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
        "also": [
            {"entry_id": s.entry.id, "question": s.entry.question, "score": s.score}
            for s in result.also
        ],
        # Read next after an answer; after an outside subject, the entries nearest it.
        "related": [
            {"entry_id": e.id, "question": e.question}
            for e in (engine.for_language(result.language).read_next(shown) if shown else [])
        ],
        "language": result.language,
    }
