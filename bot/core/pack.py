"""Loading and validating a knowledge pack: a folder of YAML files.

One function, :func:`validate_pack`, serves the CLI, the bot's start-up and
reload, and the tests. It reports every problem at once, each with the file,
line and column it comes from, and never half-loads a pack: a caller gets
either a complete :class:`Pack` or the list of problems.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft202012Validator
from rapidfuzz import fuzz, process

from .gate import GATE_FILE, GateError, read_gate
from .text import Normalizer
from .translations import load_translations

MAX_ANSWER_CHARS = 1024  # one embed field, well inside a 4096-character description
# Two phrasings of different entries this similar (0-100, after normalization)
# would send users to a coin toss between the entries.
NEAR_DUPLICATE_SCORE = 92

# A pack is read at start-up and on `/kb reload` inside the running bot, so what a file
# may cost is bounded before anything is built from it. The shipped files are under
# 40 KB; a file over the limit is refused unread (a 4 MB file took 27 s and 400 MB to
# validate). YAML aliases can make a 400-byte file expand into billions of values
# ("billion laughs"), which PyYAML builds as shared objects but the checks after it
# walk one by one: the values aliases add are counted first, and a file adding more
# than the budget is refused (honest sharing, e.g. one citation list reused, adds a
# few dozen).
MAX_FILE_BYTES = 2 * 1024 * 1024
ENV_MAX_FILE_BYTES = "CRISISBOT_MAX_PACK_FILE_BYTES"
# The whole pack, so that many files under the limit cannot add up to the same harm
# (a realistic 1.9 MB file of 2,500 entries validates in about 6 s and 76 MB).
PACK_FILES_FACTOR = 4
ALIAS_BUDGET = 10_000  # values that aliases may add to one file

SCHEMA_PATH = Path(__file__).with_name("pack.schema.json")
# libyaml's safe loader when PyYAML was built with it (twice as fast), else the
# pure-Python one; both construct plain data only and report the same marks.
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
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

    @property
    def phrasings(self) -> tuple[str, ...]:
        return (self.question, *self.variants)


@dataclass(frozen=True)
class About:
    """What a pack is about, in the words its curators chose."""

    name: str = "this knowledge pack"
    summary: str = "the topics in this knowledge pack"


@dataclass(frozen=True)
class Pack:
    sources: dict[str, Source]
    entries: dict[str, Entry]
    synonyms: dict[str, str] = field(default_factory=dict)  # term -> canonical
    path: Path | None = None
    about: About = field(default_factory=About)
    language: str = "en"  # the language of its text (language.py)
    # The same pack in other languages, by code (translations.py): knowledge/es/.
    translations: dict[str, Pack] = field(default_factory=dict)

    def topics(self) -> dict[str, list[Entry]]:
        grouped: dict[str, list[Entry]] = {}
        for entry in self.entries.values():
            grouped.setdefault(entry.topic, []).append(entry)
        return {
            topic: sorted(grouped[topic], key=lambda e: e.question.casefold())
            for topic in sorted(grouped, key=str.casefold)
        }


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.message}"


class PackError(Exception):
    def __init__(self, problems: list[Problem]):
        self.problems = problems
        summary = (
            f"{len(problems)} problem{'s' if len(problems) != 1 else ''} in the knowledge pack"
        )
        super().__init__(summary + ":\n" + "\n".join(str(p) for p in problems))


def default_pack_dir() -> Path:
    """The pack to use when none is named: $CRISISBOT_KB, else the shipped one.

    A wheel carries the pack inside the package (bot/knowledge); a source
    checkout or editable install has it beside the package (knowledge/).
    """
    if env := os.environ.get("CRISISBOT_KB"):
        return Path(env)
    package_dir = Path(__file__).resolve().parent.parent
    for candidate in (package_dir / "knowledge", package_dir.parent / "knowledge"):
        if candidate.is_dir():
            return candidate
    return package_dir.parent / "knowledge"


@cache
def _schema_validator() -> Draft202012Validator:
    return Draft202012Validator(json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))


# --- reading one file, keeping where every value came from -----------------

Location = tuple[int, int]  # 1-based line, column
PathKey = tuple[Any, ...]


class _ParsedFile:
    """A file's data plus the line and column of every value and key in it."""

    def __init__(
        self, name: str, data: Any, values: dict[PathKey, Location], keys: dict[PathKey, Location]
    ):
        self.name = name
        self.data = data
        self.values = values
        self.keys = keys

    def at(self, path: PathKey, *, key: bool = False) -> Location:
        """The closest known location for a path (walking up to the parent)."""
        index = self.keys if key else self.values
        path = tuple(path)
        while path:
            if path in index:
                return index[path]
            if path in self.values:
                return self.values[path]
            path = path[:-1]
        return self.values.get((), (1, 1))


def _mark(node: yaml.Node) -> Location:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _index_nodes(
    node: yaml.Node, path: PathKey, values: dict, keys: dict, duplicates: list[tuple[Location, str]]
) -> None:
    values[path] = _mark(node)
    if isinstance(node, yaml.MappingNode):
        seen: set[Any] = set()
        for key_node, value_node in node.value:
            key = key_node.value
            if key in seen:
                duplicates.append((_mark(key_node), f"duplicate key '{key}'"))
            seen.add(key)
            keys[(*path, key)] = _mark(key_node)
            _index_nodes(value_node, (*path, key), values, keys, duplicates)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _index_nodes(item, (*path, i), values, keys, duplicates)


def max_file_bytes() -> int:
    """The size limit for one pack file: ``CRISISBOT_MAX_PACK_FILE_BYTES`` or 2 MiB."""
    raw = os.environ.get(ENV_MAX_FILE_BYTES, "").strip()
    try:
        return max(int(raw), 1) if raw else MAX_FILE_BYTES
    except ValueError:
        return MAX_FILE_BYTES


def _alias_excess(root: yaml.Node, budget: int) -> tuple[yaml.Node, str] | None:
    """Where aliases make the document more than ``budget`` values bigger than it is
    written, or refer to a value from inside itself (endless): the first shared node and
    why; else None. Sizes are memoized per node (an alias is the same node object again),
    so this costs one pass over the written nodes however far they would expand."""
    size: dict[int, int] = {}
    parents: dict[int, int] = {}
    shared: list[yaml.Node] = []
    open_nodes: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:  # iterative post-order: block nesting has no depth limit in PyYAML
        node, children_done = stack.pop()
        if isinstance(node, yaml.MappingNode):
            children = [n for pair in node.value for n in pair]
        elif isinstance(node, yaml.SequenceNode):
            children = list(node.value)
        else:
            children = []
        if children_done:
            size[id(node)] = 1 + sum(size[id(child)] for child in children)
            open_nodes.discard(id(node))
            continue
        if id(node) in size:
            continue
        if id(node) in open_nodes:
            return node, "a YAML alias here refers to the value it is inside (endless)"
        open_nodes.add(id(node))
        stack.append((node, True))
        for child in children:
            parents[id(child)] = parents.get(id(child), 0) + 1
            if parents[id(child)] == 2:
                shared.append(child)
            if id(child) in open_nodes:
                return child, "a YAML alias here refers to the value it is inside (endless)"
            if id(child) not in size:
                stack.append((child, False))
    if size[id(root)] - len(size) <= budget:
        return None
    first = min(shared, key=lambda n: n.start_mark.index) if shared else root
    return first, (
        f"YAML aliases here expand the file by more than {budget:,} values (an alias "
        "bomb?): write the values out, or reuse them less"
    )


def _read_file(path: Path, display: str, problems: list[Problem]) -> _ParsedFile | None:
    limit = max_file_bytes()
    try:
        with path.open("rb") as handle:
            raw = handle.read(limit + 1)  # never more, whatever the file has become
        if len(raw) > limit:
            problems.append(
                Problem(
                    display,
                    1,
                    1,
                    f"file is over the {limit:,}-byte limit for one pack file: split it, or "
                    f"raise {ENV_MAX_FILE_BYTES}",
                )
            )
            return None
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        problems.append(Problem(display, 1, 1, f"not UTF-8 text ({exc.reason})"))
        return None
    except OSError as exc:
        problems.append(Problem(display, 1, 1, f"cannot read file: {exc.strerror or exc}"))
        return None
    loader = _SAFE_LOADER(text)
    try:
        node = loader.get_single_node()
        if node is not None and (bomb := _alias_excess(node, ALIAS_BUDGET)) is not None:
            problems.append(Problem(display, *_mark(bomb[0]), bomb[1]))
            return None
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = exc.problem or "invalid YAML"
        if exc.context:
            what = f"{exc.context}: {what}"
        problems.append(Problem(display, line, column, f"YAML syntax error: {what}"))
        return None
    except yaml.YAMLError as exc:
        problems.append(Problem(display, 1, 1, f"YAML error: {exc}"))
        return None
    finally:
        loader.dispose()
    values: dict[PathKey, Location] = {}
    keys: dict[PathKey, Location] = {}
    duplicates: list[tuple[Location, str]] = []
    if node is not None:
        _index_nodes(node, (), values, keys, duplicates)
    for (line, column), message in duplicates:
        problems.append(Problem(display, line, column, message))
    return _ParsedFile(display, data, values, keys)


def _describe_path(path: PathKey) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _schema_problems(
    parsed: _ParsedFile, validator: Draft202012Validator | None = None
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
    path: str | os.PathLike[str] | None = None, *, check_gate: bool = True
) -> tuple[Pack | None, list[Problem]]:
    """Load and check a pack. Returns (pack, []) or (None, every problem found).

    `check_gate`: False when the gate is about to be fitted anew (calibrate)."""
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
    total_limit = PACK_FILES_FACTOR * max_file_bytes()
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

    parsed_files: list[_ParsedFile] = []
    for file in files:
        display = os.path.relpath(file) if not file.is_absolute() else str(file)
        parsed = _read_file(file, display, problems)
        if parsed is None:
            continue
        file_problems = list(_schema_problems(parsed))
        problems.extend(file_problems)
        if parsed.data is not None and not file_problems:
            parsed_files.append(parsed)

    sources: dict[str, Source] = {}
    entries: dict[str, Entry] = {}
    synonyms: dict[str, str] = {}
    entry_where: dict[str, tuple[_ParsedFile, int]] = {}
    first_seen: dict[tuple[str, str], Problem] = {}

    def claim(kind: str, ident: str, parsed: _ParsedFile, path: PathKey) -> bool:
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

    about = About()
    about_from: str | None = None
    for parsed in parsed_files:
        if raw_about := parsed.data.get("about"):
            if about_from is not None:
                line, column = parsed.at(("about",), key=True)
                problems.append(
                    Problem(parsed.name, line, column, f"'about' is already given in {about_from}")
                )
            about_from = parsed.name
            about = About(name=raw_about["name"].strip(), summary=raw_about["summary"].strip())
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
                )
                entry_where[raw["id"]] = (parsed, i)
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

    problems.extend(_ambiguous_phrasings(entries, entry_where, Normalizer(synonyms)))
    if check_gate:
        problems.extend(_gate_problems(directory))

    pack = Pack(sources=sources, entries=entries, synonyms=synonyms, path=directory, about=about)
    translations = load_translations(directory, pack, entry_where, problems)
    if problems:
        return None, sorted(set(problems))
    return replace(pack, translations=translations), []


def _add_synonyms(parsed: _ParsedFile, synonyms: dict[str, str], problems: list[Problem]) -> None:
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


def _ambiguous_phrasings(
    entries: dict[str, Entry],
    entry_where: dict[str, tuple[_ParsedFile, int]],
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
        path = (
            ("entries", i, "question")
            if owner[1] == 0
            else ("entries", i, "variants", owner[1] - 1)
        )
        return (parsed.name, *parsed.at(path))

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
                    f"entry '{pair[1]}' and entry '{pair[0]}' share {same}: "
                    f"'{phrase_b}' ~ '{phrase_a}' ({there[0]}:{there[1]}); "
                    "users asking it would get either",
                )
            )
    return problems


def load_pack(path: str | os.PathLike[str] | None = None) -> Pack:
    pack, problems = validate_pack(path)
    if pack is None:
        raise PackError(problems)
    return pack
