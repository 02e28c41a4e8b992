"""Loading and validating a knowledge pack: a folder of YAML files.

One function, :func:`validate_pack`, serves the CLI, the bot's start-up and
reload, and the tests. It reports every problem at once, each with the file,
line and column it comes from, and never half-loads a pack: a caller gets
either a complete :class:`Pack` or the list of problems.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path

from jsonschema import Draft202012Validator

from . import packfile
from .about import About, read_about
from .gate import GATE_FILE, GateError, read_gate
from .packfile import (
    ENV_MAX_FILE_BYTES,
    MAX_FILE_BYTES,
    PACK_FILES_FACTOR,
    ParsedFile,
    PathKey,
    Problem,
)
from .phrasings import ambiguous_phrasings
from .text import Normalizer
from .timeline import Event
from .timeline_pack import read_timeline
from .translations import load_translations

MAX_ANSWER_CHARS = 1024  # one embed field, well inside a 4096-character description


SCHEMA_PATH = Path(__file__).with_name("pack.schema.json")
_SLUG_PATTERN = "^[a-z0-9]+(-[a-z0-9]+)*$"
_URL_PATTERN = "^https?://\\S+$"


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    publisher: str
    date: str
    kind: str
    url: str | None = None
    reliability: str | None = None
    archive_url: str | None = None  # an archived copy, for when ``url`` has moved or gone


@dataclass(frozen=True)
class Citation:
    source: str
    locator: str | None = None


@dataclass(frozen=True)
class Entry:
    id: str
    topic: str
    question: str
    answer: str
    citations: tuple[Citation, ...]
    variants: tuple[str, ...] = ()
    note: str | None = None
    related: tuple[str, ...] = ()
    disputed: bool = False  # the note records where sources disagree (``/disputes``)
    outside: bool = False  # a subject the pack does not cover (`outside_entry`)

    @property
    def phrasings(self) -> tuple[str, ...]:
        return (self.question, *self.variants)


def outside_entry(
    ident: str, subject: str, phrasings: Iterable[str], see: Iterable[str] = ()
) -> Entry:
    """A subject the pack does not cover, as the rankers see it: its phrasings to
    match, the subject for its words, and the entries to read instead as `related`."""
    first, *rest = (p.strip() for p in phrasings)
    return Entry(
        id=ident,
        topic=subject.strip(),
        question=first,
        answer=subject.strip(),
        citations=(),
        variants=tuple(rest),
        related=tuple(see),
        outside=True,
    )


@dataclass(frozen=True)
class Pack:
    sources: dict[str, Source]
    entries: dict[str, Entry]
    synonyms: dict[str, str] = field(default_factory=dict)  # term -> canonical
    path: Path | None = None
    about: About = field(default_factory=About)
    timeline: tuple[Event, ...] = ()  # dated events, in order (timeline.py); may be empty
    language: str = "en"  # the language of its text (language.py)
    # The same pack in other languages, by code (translations.py): knowledge/es/.
    translations: dict[str, Pack] = field(default_factory=dict)
    # Neighbouring subjects the pack does not cover, ranked beside the entries so
    # that a question about one is told so (see `outside_entry`); never answered.
    outside: dict[str, Entry] = field(default_factory=dict)

    @property
    def ranked(self) -> dict[str, Entry]:
        """What the rankers compare a question with: the entries and the outside subjects."""
        return {**self.entries, **self.outside} if self.outside else self.entries

    def topics(self) -> dict[str, list[Entry]]:
        grouped: dict[str, list[Entry]] = {}
        for entry in self.entries.values():
            grouped.setdefault(entry.topic, []).append(entry)
        return {
            topic: sorted(grouped[topic], key=lambda e: e.question.casefold())
            for topic in sorted(grouped, key=str.casefold)
        }

    def disputes(self) -> list[Entry]:
        """The entries whose note records a disagreement between sources, by topic."""
        return [e for entries in self.topics().values() for e in entries if e.disputed]


class PackError(Exception):
    def __init__(self, problems: list[Problem]):
        self.problems = problems
        summary = (
            f"{len(problems)} problem{'s' if len(problems) != 1 else ''} in the knowledge pack"
        )
        super().__init__(summary + ":\n" + "\n".join(str(p) for p in problems))


def default_pack_dir() -> Path:
    """The shipped pack (``bot.config`` lets CRISISBOT_KB or --kb name another).

    A wheel carries the pack inside the package (bot/knowledge); a source
    checkout or editable install has it beside the package (knowledge/).
    """
    package_dir = Path(__file__).resolve().parent.parent
    for candidate in (package_dir / "knowledge", package_dir.parent / "knowledge"):
        if candidate.is_dir():
            return candidate
    return package_dir.parent / "knowledge"


@cache
def _schema_validator() -> Draft202012Validator:
    return Draft202012Validator(json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))


def _describe_path(path: PathKey) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _schema_problems(
    parsed: ParsedFile, validator: Draft202012Validator | None = None
) -> Iterator[Problem]:
    """Where the file breaks the pack's schema (or `validator`'s: a translation's)."""
    if parsed.data is None:
        return  # an empty file is allowed: it contributes nothing
    errors = sorted(
        (validator or _schema_validator()).iter_errors(parsed.data),
        key=lambda e: parsed.at(tuple(e.absolute_path)),
    )
    for error in errors:
        path = tuple(error.absolute_path)
        where = _describe_path(path) or "file"
        if error.validator == "additionalProperties":
            allowed = sorted(error.schema.get("properties", {}))
            extra = sorted(set(error.instance) - set(allowed))
            for name in extra:
                line, column = parsed.at((*path, name), key=True)
                yield Problem(
                    parsed.name,
                    line,
                    column,
                    f"{where}: unknown field '{name}' (allowed: {', '.join(allowed)})",
                )
            continue
        line, column = parsed.at(path)
        if error.validator == "required":
            message = f"{where}: {error.message.replace(' is a required property', '')} is missing"
        elif error.validator == "pattern" and error.validator_value == _SLUG_PATTERN:
            message = (
                f"{where}: {error.instance!r} is not a slug (lowercase letters, digits, hyphens)"
            )
        elif error.validator == "pattern" and error.validator_value == _URL_PATTERN:
            message = f"{where}: {error.instance!r} is not an http(s) URL"
        elif error.validator == "type":
            message = (
                f"{where}: expected {error.validator_value}, got {type(error.instance).__name__}"
            )
        else:
            message = f"{where}: {error.message}"
        yield Problem(parsed.name, line, column, message)


# --- the whole pack ----------------------------------------------------------


def _pack_files(directory: Path) -> list[Path]:
    return sorted(
        p
        for p in directory.iterdir()
        if p.suffix in (".yaml", ".yml") and not p.name.startswith(("_", ".")) and p.is_file()
    )


def validate_pack(
    path: str | os.PathLike[str] | None = None,
    *,
    check_gate: bool = True,
    max_file_bytes: int = MAX_FILE_BYTES,
) -> tuple[Pack | None, list[Problem]]:
    """Load and check a pack. Returns (pack, []) or (None, every problem found).

    `check_gate`: False when the gate is about to be fitted anew (calibrate).
    `max_file_bytes`: the largest file read (a whole pack: PACK_FILES_FACTOR times it)."""
    directory = Path(path) if path is not None else default_pack_dir()
    problems: list[Problem] = []
    try:
        exists = directory.exists()  # raises for a folder this user may not enter
    except OSError as exc:
        return None, [Problem(str(directory), 0, 0, f"cannot open: {exc.strerror or exc}")]
    if not exists:
        return None, [Problem(str(directory), 0, 0, "knowledge pack folder not found")]
    if not directory.is_dir():
        return None, [
            Problem(
                str(directory), 0, 0, "not a folder: a knowledge pack is a folder of .yaml files"
            )
        ]
    try:
        files = _pack_files(directory)
    except OSError as exc:
        return None, [Problem(str(directory), 0, 0, f"cannot list folder: {exc.strerror or exc}")]
    if not files:
        return None, [Problem(str(directory), 0, 0, "no .yaml files in the knowledge pack folder")]
    total_limit = PACK_FILES_FACTOR * max_file_bytes
    try:
        total = sum(file.stat().st_size for file in files)
    except OSError as exc:
        return None, [Problem(str(directory), 0, 0, f"cannot read: {exc.strerror or exc}")]
    if total > total_limit:
        return None, [
            Problem(
                str(directory),
                0,
                0,
                f"the pack's files hold {total:,} bytes, over the {total_limit:,}-byte limit "
                f"for a whole pack ({PACK_FILES_FACTOR} x {ENV_MAX_FILE_BYTES})",
            )
        ]

    parsed_files: list[ParsedFile] = []
    for file in files:
        display = os.path.relpath(file) if not file.is_absolute() else str(file)
        parsed = packfile.read_file(file, display, problems, max_file_bytes)
        if parsed is None:
            continue
        file_problems = list(_schema_problems(parsed))
        problems.extend(file_problems)
        if parsed.data is not None and not file_problems:
            parsed_files.append(parsed)

    sources: dict[str, Source] = {}
    entries: dict[str, Entry] = {}
    synonyms: dict[str, str] = {}
    entry_where: dict[str, tuple[ParsedFile, int]] = {}
    outside: dict[str, Entry] = {}
    outside_where: dict[str, tuple[ParsedFile, int]] = {}
    first_seen: dict[tuple[str, str], Problem] = {}

    def claim(kind: str, ident: str, parsed: ParsedFile, path: PathKey) -> bool:
        line, column = parsed.at((*path, "id"))
        here = Problem(parsed.name, line, column, "")
        if (kind, ident) in first_seen:
            there = first_seen[(kind, ident)]
            problems.append(
                Problem(
                    parsed.name,
                    line,
                    column,
                    f"duplicate {kind} id '{ident}' (first defined at {there.file}:{there.line})",
                )
            )
            return False
        first_seen[(kind, ident)] = here
        return True

    about = read_about(parsed_files, problems)
    for parsed in parsed_files:
        for i, raw in enumerate(parsed.data.get("sources") or []):
            if claim("source", raw["id"], parsed, ("sources", i)):
                sources[raw["id"]] = Source(
                    id=raw["id"],
                    title=raw["title"].strip(),
                    publisher=raw["publisher"].strip(),
                    date=raw["date"],
                    kind=raw["kind"],
                    url=raw.get("url"),
                    reliability=(raw.get("reliability") or "").strip() or None,
                    archive_url=raw.get("archive_url"),
                )
        for i, raw in enumerate(parsed.data.get("entries") or []):
            if claim("entry", raw["id"], parsed, ("entries", i)):
                entries[raw["id"]] = Entry(
                    id=raw["id"],
                    topic=raw["topic"].strip(),
                    question=raw["question"].strip(),
                    answer=raw["answer"].strip(),
                    citations=tuple(
                        Citation(c["source"], c.get("locator")) for c in raw["citations"]
                    ),
                    variants=tuple(v.strip() for v in raw.get("variants") or ()),
                    note=(raw.get("note") or "").strip() or None,
                    related=tuple(raw.get("related") or ()),
                    disputed=bool(raw.get("disputed")),
                )
                entry_where[raw["id"]] = (parsed, i)
        for i, raw in enumerate(parsed.data.get("outside") or []):
            if claim("entry", raw["id"], parsed, ("outside", i)):
                outside[raw["id"]] = outside_entry(
                    raw["id"], raw["subject"], raw["phrasings"], raw.get("see") or ()
                )
                outside_where[raw["id"]] = (parsed, i)
        _add_synonyms(parsed, synonyms, problems)

    for entry_id, entry in entries.items():
        parsed, i = entry_where[entry_id]
        base = ("entries", i)
        if len(entry.answer) > MAX_ANSWER_CHARS:
            line, column = parsed.at((*base, "answer"))
            problems.append(
                Problem(
                    parsed.name,
                    line,
                    column,
                    f"entry '{entry_id}': answer is {len(entry.answer)} characters; "
                    f"the limit is {MAX_ANSWER_CHARS}",
                )
            )
        for j, citation in enumerate(entry.citations):
            if citation.source not in sources:
                line, column = parsed.at((*base, "citations", j, "source"))
                problems.append(
                    Problem(
                        parsed.name,
                        line,
                        column,
                        f"entry '{entry_id}' cites unknown source '{citation.source}'",
                    )
                )
        if entry.disputed and not entry.note:
            line, column = parsed.at((*base, "disputed"))
            problems.append(
                Problem(
                    parsed.name,
                    line,
                    column,
                    f"entry '{entry_id}' is disputed but has no note saying who says what",
                )
            )
        for j, related in enumerate(entry.related):
            if related not in entries:
                line, column = parsed.at((*base, "related", j))
                problems.append(
                    Problem(
                        parsed.name,
                        line,
                        column,
                        f"entry '{entry_id}' relates to unknown entry '{related}'",
                    )
                )

    for outside_id, topic in outside.items():
        parsed, i = outside_where[outside_id]
        for j, seen in enumerate(topic.related):
            if seen not in entries:
                problems.append(
                    Problem(
                        parsed.name,
                        *parsed.at(("outside", i, "see", j)),
                        f"outside subject '{outside_id}' points to unknown entry '{seen}'",
                    )
                )

    timeline = read_timeline(parsed_files, sources, entries, problems)
    problems.extend(
        ambiguous_phrasings(
            {**entries, **outside}, {**entry_where, **outside_where}, Normalizer(synonyms)
        )
    )
    if check_gate:
        problems.extend(_gate_problems(directory))

    pack = Pack(
        sources=sources,
        entries=entries,
        synonyms=synonyms,
        path=directory,
        about=about,
        timeline=timeline,
        outside=outside,
    )
    translations = load_translations(
        directory, pack, {**entry_where, **outside_where}, problems, max_file_bytes
    )
    if problems:
        return None, sorted(set(problems))
    return replace(pack, translations=translations), []


def _add_synonyms(parsed: ParsedFile, synonyms: dict[str, str], problems: list[Problem]) -> None:
    """The file's synonym terms into `synonyms` (term -> canonical); a term already
    mapped elsewhere to another canonical form is a problem."""
    for i, raw in enumerate(parsed.data.get("synonyms") or []):
        for j, term in enumerate(raw["terms"]):
            key = term.strip().casefold()
            if key in synonyms and synonyms[key] != raw["canonical"]:
                line, column = parsed.at(("synonyms", i, "terms", j))
                problems.append(
                    Problem(
                        parsed.name,
                        line,
                        column,
                        f"synonym term '{term}' already maps to '{synonyms[key]}'",
                    )
                )
            synonyms[key] = raw["canonical"]


def _gate_problems(directory: Path) -> list[Problem]:
    """A calibrated gate (gate.json, written by `crisisbot calibrate`) that cannot be used."""
    path = directory / GATE_FILE
    if not path.is_file():
        return []
    display = os.path.relpath(path) if not path.is_absolute() else str(path)
    try:
        read_gate(path)
    except OSError as exc:
        return [Problem(display, 0, 0, f"cannot read: {exc.strerror or exc}")]
    except GateError as exc:
        line = exc.line if isinstance(exc.line, int) else 1
        return [Problem(display, line, 1, f"{exc} (run `crisisbot calibrate` again)")]
    return []


def load_pack(
    path: str | os.PathLike[str] | None = None, *, max_file_bytes: int = MAX_FILE_BYTES
) -> Pack:
    pack, problems = validate_pack(path, max_file_bytes=max_file_bytes)
    if pack is None:
        raise PackError(problems)
    return pack
