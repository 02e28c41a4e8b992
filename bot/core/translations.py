"""A pack in more languages: a folder per language beside the main files (knowledge/es/).

Why a folder and not a second text in every entry: the English files stay as
their curators know them, a translator works in one folder with the same
file names, and a pack without such a folder answers in English exactly as
before. Each file in ``<pack>/<code>/`` (``code`` a language the engine
reads, see language.py) may hold:

- ``entries``: the text of main-pack entries, by id: ``question``,
  ``variants``, ``answer`` and ``note``. Topic, citations and related
  entries come from the main entry: the same facts, the same sources.
- ``synonyms``: the language's own synonym table (same form as the pack's).
- ``topics``: the main pack's topic names in this language.
- ``about``: what the pack is about, in this language (name, summary, short,
  example; the main pack's colour is kept).
- ``outside``: the main pack's outside subjects, by id: ``subject`` and
  ``phrasings`` in this language (what to read instead comes from the main pack).
- ``timeline``: the text of the main pack's dated events, by id: ``title``,
  ``text`` and ``note`` (read and checked by ``timeline_pack.py``); date, time,
  sources and entry come from the main event.

``crisisbot validate`` checks these files like the rest, each problem as
``file:line:column``: the schema (``translation.schema.json``), ids the main
pack lacks, an id given twice, main entries the language lacks, an answer
too long, a note where the main entry has none (or none where it has one),
numbers and dates that differ between the two answers (digits, years and
day-month dates: "17 December 1996" and "17 de diciembre de 1996" agree),
and the same or nearly the same phrasing used by two entries, as for the
main pack.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Container, Iterator
from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jsonschema import Draft202012Validator

from .language import LANGUAGES
from .language import language as language_of
from .packfile import MAX_FILE_BYTES, PACK_FILES_FACTOR, Problem, read_file
from .text import Normalizer, fold

if TYPE_CHECKING:
    from .pack import Entry, Pack
    from .packfile import ParsedFile

SCHEMA_PATH = Path(__file__).with_name("translation.schema.json")


@cache
def schema_validator() -> Draft202012Validator:
    return Draft202012Validator(json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))


def language_folders(directory: Path) -> list[Path]:
    """The pack's translation folders: sub-folders named for a language it can read."""
    try:
        return sorted(
            p for p in directory.iterdir() if p.is_dir() and p.name in LANGUAGES and p.name != "en"
        )
    except OSError:
        return []


def load_translations(
    directory: Path,
    main: Pack,
    main_where: dict[str, tuple[ParsedFile, int]],
    problems: list[Problem],
    max_file_bytes: int = MAX_FILE_BYTES,
) -> dict[str, Pack]:
    """Every translation of `main` found in `directory`, as a Pack in that language
    (same ids, sources and citations; the language's text); problems are appended.
    Each folder is bounded like a pack: `max_file_bytes` a file, PACK_FILES_FACTOR
    times that for the folder."""
    from .pack import MAX_ANSWER_CHARS, _add_synonyms, _pack_files, outside_entry
    from .pack import _schema_problems as schema_problems
    from .phrasings import ambiguous_phrasings

    translations: dict[str, Pack] = {}
    for folder in language_folders(directory):
        code = folder.name
        name = language_of(code).name
        parsed_files = []
        files = _pack_files(folder)
        total = sum(file.stat().st_size for file in files)
        if total > PACK_FILES_FACTOR * max_file_bytes:
            problems.append(
                Problem(
                    str(folder),
                    0,
                    0,
                    f"the folder's files hold {total:,} bytes, over the "
                    f"{PACK_FILES_FACTOR * max_file_bytes:,}-byte limit for a whole pack",
                )
            )
            continue
        for file in files:
            display = os.path.relpath(file) if not file.is_absolute() else str(file)
            parsed = read_file(file, display, problems, max_file_bytes)
            if parsed is None:
                continue
            file_problems = list(schema_problems(parsed, schema_validator()))
            problems.extend(file_problems)
            if parsed.data is not None and not file_problems:
                parsed_files.append(parsed)

        texts: dict[str, dict] = {}
        where: dict[str, tuple[ParsedFile, int]] = {}
        synonyms: dict[str, str] = {}
        topics: dict[str, str] = {}
        outside: dict[str, Entry] = {}
        outside_where: dict[str, tuple[ParsedFile, int]] = {}
        about = main.about
        for parsed in parsed_files:
            if raw_about := parsed.data.get("about"):
                about = replace(
                    about,
                    **{key: value.strip() for key, value in raw_about.items() if value},
                )
            for item in _claimed(parsed, "entries", "entry", main.entries, where, problems):
                texts[item["id"]] = item
            outside_items = _claimed(
                parsed, "outside", "outside subject", main.outside, outside_where, problems
            )
            for item in outside_items:
                outside[item["id"]] = outside_entry(
                    item["id"], item["subject"], item["phrasings"], main.outside[item["id"]].related
                )
            _add_synonyms(parsed, synonyms, problems)
            for topic, translated in (parsed.data.get("topics") or {}).items():
                topics[topic] = translated.strip()

        entries: dict[str, Entry] = {}
        for entry_id, entry in main.entries.items():
            raw = texts.get(entry_id)
            if raw is None:
                parsed, i = main_where[entry_id]
                problems.append(
                    Problem(
                        parsed.name,
                        *parsed.at(("entries", i, "id")),
                        f"entry '{entry_id}' has no {name} text (add it to a file in {folder})",
                    )
                )
                continue
            parsed, i = where[entry_id]
            translated = replace(
                entry,
                topic=topics.get(entry.topic, entry.topic),
                question=raw["question"].strip(),
                variants=tuple(v.strip() for v in raw.get("variants") or ()),
                answer=raw["answer"].strip(),
                note=(raw.get("note") or "").strip() or None,
            )
            entries[entry_id] = translated
            if len(translated.answer) > MAX_ANSWER_CHARS:
                problems.append(
                    Problem(
                        parsed.name,
                        *parsed.at(("entries", i, "answer")),
                        f"entry '{entry_id}': answer is {len(translated.answer)} characters; "
                        f"the limit is {MAX_ANSWER_CHARS}",
                    )
                )
            if bool(translated.note) != bool(entry.note):
                problems.append(
                    Problem(
                        parsed.name,
                        *parsed.at(("entries", i, "note" if translated.note else "id")),
                        f"entry '{entry_id}': "
                        + ("a note the main entry lacks" if translated.note else "note missing"),
                    )
                )
            for field in ("answer", "note"):
                mine, theirs = getattr(translated, field), getattr(entry, field)
                if mine and theirs:
                    for message in disagreements(theirs, mine, code):
                        problems.append(
                            Problem(
                                parsed.name,
                                *parsed.at(("entries", i, field)),
                                f"entry '{entry_id}': {field}: {message}",
                            )
                        )
        for outside_id in main.outside.keys() - outside.keys():
            parsed, i = main_where[outside_id]
            problems.append(
                Problem(
                    parsed.name,
                    *parsed.at(("outside", i, "id")),
                    f"outside subject '{outside_id}' has no {name} text "
                    f"(add it to a file in {folder})",
                )
            )
        for topic in topics:
            if topic not in {e.topic for e in main.entries.values()}:
                parsed = next(p for p in parsed_files if topic in (p.data.get("topics") or {}))
                problems.append(
                    Problem(
                        parsed.name,
                        *parsed.at(("topics", topic), key=True),
                        f"no topic '{topic}' in the main pack",
                    )
                )
        language = language_of(code)
        problems.extend(
            ambiguous_phrasings(
                {**{k: v for k, v in entries.items() if k in where}, **outside},
                {**where, **outside_where},
                Normalizer(synonyms, language.stem),
            )
        )
        from .timeline_pack import read_translated_timeline  # it imports this module

        timeline = (
            read_translated_timeline(parsed_files, main.timeline, code, folder, problems)
            if main.timeline
            else ()
        )
        translations[code] = replace(
            main,
            entries=entries,
            synonyms=synonyms,
            language=code,
            translations={},
            about=about,
            timeline=timeline,
            outside=outside,
        )
    return translations


def _claimed(
    parsed: ParsedFile,
    key: str,
    kind: str,
    known: Container[str],
    where: dict[str, tuple[ParsedFile, int]],
    problems: list[Problem],
) -> Iterator[dict[str, Any]]:
    """The items of `parsed`'s `key` list (entries, outside subjects) that translate
    an id the main pack has and no file has translated yet, recorded in `where`; the
    others are reported in `problems`."""
    for i, raw in enumerate(parsed.data.get(key) or []):
        line, column = parsed.at((key, i, "id"))
        ident = raw["id"]
        if ident not in known:
            message = f"no {kind} '{ident}' in the main pack to translate"
        elif ident in where:
            message = f"{kind} '{ident}' is already translated in {where[ident][0].name}"
        else:
            where[ident] = (parsed, i)
            yield raw
            continue
        problems.append(Problem(parsed.name, line, column, message))


# --- numbers and dates that two answers must share --------------------------------

MONTHS = {
    "en": "january february march april may june july august september october november december",
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre "
    "diciembre",
}
# Small numbers written out count as their digits ("four months" = "4 meses"); "one",
# "uno" and "una" are also articles and pronouns, so they are left alone.
NUMBER_WORDS = {
    "en": "two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty",
    "es": "dos tres cuatro cinco seis siete ocho nueve diez once doce trece catorce quince "
    "dieciseis diecisiete dieciocho diecinueve veinte",
}
_NUMBER = re.compile(r"(?<![\w.,])\d{1,3}(?:[ ,.\u00a0\u202f]\d{3})+(?!\d)|\d+")
_TIME = re.compile(
    r"\b(\d{1,2})[:.h](\d{2})(?!\d|[.,]\d)\s*(a\.?\s?m\.?|p\.?\s?m\.?)?", re.IGNORECASE
)


def numbers(text: str, code: str = "en", *, spelled: bool = False) -> set[str]:
    """The numbers a text writes in digits, thousands separators aside ("1,000" = "1000"),
    and clock times as 24-hour "15:23" ("3:23 p.m." = "15.23" = "15:23"); with
    `spelled`, also the small numbers it writes out ("four", "cuatro")."""
    found: set[str] = set()
    if spelled:
        words = _number_words(code)
        found.update(str(words.index(w) + 2) for w in fold(text).split() if w in words)

    def clock(match: re.Match[str]) -> str:
        hour, minute, half = int(match.group(1)), match.group(2), match.group(3)
        if half and half.lower().startswith("p") and hour < 12:
            hour += 12
        found.add(f"{hour}:{minute}")
        return " "

    text = _TIME.sub(clock, text)
    for match in _NUMBER.finditer(text):
        found.add(str(int(re.sub(r"\D", "", match.group()))))
    return found


def dates(text: str, code: str) -> set[tuple[int, int]]:
    """(day, month) of every "17 December", "December 17" or "17 de diciembre"."""
    names = MONTHS.get(code, MONTHS["en"]).split()
    # Whole names or their first three letters ("Dec", "dic."), longest first.
    month = "|".join(sorted({*names, *(n[:3] for n in names)}, key=len, reverse=True))

    def number(name: str) -> int:
        return next(i for i, n in enumerate(names, 1) if n.startswith(name.lower()))

    found = set()
    for day, name in re.findall(
        rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:de\s+|of\s+)?({month})\b", text, re.IGNORECASE
    ):
        found.add((int(day), number(name)))
    for name, day in re.findall(rf"\b({month})\.?\s+(\d{{1,2}})\b(?!\d)", text, re.IGNORECASE):
        found.add((int(day), number(name)))
    return found


def disagreements(main: str, translated: str, code: str) -> list[str]:
    """How the numbers and dates of a translated text differ from the main text's."""
    out = []
    # A number in digits on one side may be written out on the other, but a word
    # alone asks for nothing ("two" is also "both", "dos versiones" "either").
    ours, theirs = numbers(main, "en"), numbers(translated, code)
    ours_any = ours | numbers(main, "en", spelled=True)
    theirs_any = theirs | numbers(translated, code, spelled=True)
    if missing := sorted(ours - theirs_any, key=_number_order):
        out.append(f"numbers of the main text missing here: {', '.join(missing)}")
    if extra := sorted(theirs - ours_any, key=_number_order):
        out.append(f"numbers the main text does not have: {', '.join(extra)}")
    our_dates, their_dates = dates(main, "en"), dates(translated, code)
    if missing_dates := sorted(our_dates - their_dates):
        out.append(
            "dates of the main text missing here: "
            + ", ".join(f"{d}/{m}" for d, m in missing_dates)
        )
    if extra_dates := sorted(their_dates - our_dates):
        out.append(
            "dates the main text does not have: " + ", ".join(f"{d}/{m}" for d, m in extra_dates)
        )
    return out


@cache
def _number_words(code: str) -> list[str]:
    return NUMBER_WORDS.get(code, "").split()


def _number_order(number: str) -> tuple[int, str]:
    return (len(number), number)
