"""The loader and validator: every kind of problem, with the line it is on."""

from __future__ import annotations

import datetime as dt
import json
import textwrap
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from bot.core import MAX_ANSWER_CHARS, PackError, default_pack_dir, load_pack, validate_pack
from bot.core.pack import SCHEMA_PATH

SOURCES = """\
sources:
  - id: almanac
    title: The Almanac
    publisher: Example Press
    date: "2001"
    url: https://example.org/almanac
    kind: book
"""

ENTRY = """\
entries:
  - id: {id}
    topic: Things
    question: {question}
    variants: [{variants}]
    answer: An answer.
    citations:
      - source: almanac
"""


def write_pack(tmp_path: Path, **files: str) -> Path:
    for name, text in files.items():
        (tmp_path / name).write_text(textwrap.dedent(text), encoding="utf-8")
    return tmp_path


def entry(id: str, question: str, *variants: str) -> str:
    return ENTRY.format(id=id, question=question, variants=", ".join(variants))


def problems_of(path: Path) -> list[str]:
    pack, problems = validate_pack(path)
    assert pack is None, "expected the pack to be rejected"
    return [str(p) for p in problems]


def relative(path: Path, name: str) -> str:
    return str(path / name)


def test_valid_pack_loads_with_all_parts(tmp_path):
    write_pack(
        tmp_path,
        **{
            "sources.yaml": SOURCES,
            "a.yaml": entry("first-thing", "What is the first thing?", "thing one", "first"),
            "b.yaml": entry("second-thing", "Who made the second thing?", "maker")
            + "synonyms:\n  - canonical: maker\n    terms: [creator, author]\n",
        },
    )
    pack = load_pack(tmp_path)
    assert set(pack.entries) == {"first-thing", "second-thing"}
    assert pack.entries["first-thing"].variants == ("thing one", "first")
    assert pack.sources["almanac"].url == "https://example.org/almanac"
    assert pack.synonyms == {"creator": "maker", "author": "maker"}
    assert list(pack.topics()) == ["Things"]


def test_archive_url_is_optional_and_must_be_an_http_url(tmp_path):
    archived = (
        SOURCES + "    archive_url: https://web.archive.org/web/2001/https://example.org/almanac\n"
    )
    write_pack(tmp_path, **{"sources.yaml": archived, "a.yaml": entry("a-thing", "What?", "x")})
    source = load_pack(tmp_path).sources["almanac"]
    assert source.archive_url == "https://web.archive.org/web/2001/https://example.org/almanac"

    write_pack(tmp_path, **{"sources.yaml": SOURCES})
    assert load_pack(tmp_path).sources["almanac"].archive_url is None

    for bad in ("ftp://example.org/almanac", "web.archive.org/web/2001", "https://"):
        write_pack(tmp_path, **{"sources.yaml": SOURCES + f"    archive_url: {bad}\n"})
        problems = problems_of(tmp_path)
        name = relative(tmp_path, "sources.yaml")
        wanted = f"{name}:8:18: sources[0].archive_url: '{bad}' is not an http(s) URL"
        assert wanted in problems, problems


def test_yaml_syntax_error_reports_file_line_and_column(tmp_path):
    write_pack(
        tmp_path,
        **{
            "sources.yaml": SOURCES,
            "broken.yaml": "entries:\n  - id: x\n    question: [unclosed\n    topic: t\n",
        },
    )
    (problem,) = problems_of(tmp_path)
    assert problem.startswith(f"{relative(tmp_path, 'broken.yaml')}:4:")
    assert "YAML syntax error" in problem


def test_missing_and_unknown_fields_are_reported_at_their_lines(tmp_path):
    text = entry("a-thing", "What is a thing?", "thing").replace(
        "    answer: An answer.\n", "    anwser: An answer.\n"
    )
    write_pack(tmp_path, **{"sources.yaml": SOURCES, "a.yaml": text})
    problems = problems_of(tmp_path)
    name = relative(tmp_path, "a.yaml")
    assert f"{name}:2:5: entries[0]: 'answer' is missing" in problems
    assert any(p.startswith(f"{name}:6:5:") and "unknown field 'anwser'" in p for p in problems)


def test_wrong_types_and_bad_slugs(tmp_path):
    text = entry("Bad Id", "What?", "x").replace("    topic: Things\n", "    topic: [1, 2]\n")
    write_pack(tmp_path, **{"sources.yaml": SOURCES, "a.yaml": text})
    problems = problems_of(tmp_path)
    name = relative(tmp_path, "a.yaml")
    assert any(p.startswith(f"{name}:2:9:") and "not a slug" in p for p in problems)
    assert any(p.startswith(f"{name}:3:12:") and "topic" in p for p in problems)


def test_duplicate_ids_across_files_name_the_first_definition(tmp_path):
    write_pack(
        tmp_path,
        **{
            "sources.yaml": SOURCES,
            "a.yaml": entry("same-id", "What is one?", "one"),
            "b.yaml": entry("same-id", "Where is two?", "two"),
        },
    )
    (problem,) = problems_of(tmp_path)
    assert problem.startswith(f"{relative(tmp_path, 'b.yaml')}:2:9:")
    assert "duplicate entry id 'same-id'" in problem
    assert f"{relative(tmp_path, 'a.yaml')}:2" in problem


def test_duplicate_source_id_and_duplicate_yaml_key(tmp_path):
    doubled = SOURCES + SOURCES.split("\n", 1)[1]
    write_pack(
        tmp_path,
        **{
            "sources.yaml": doubled,
            "a.yaml": entry("a-thing", "What is a thing?", "thing") + "    topic: Again\n",
        },
    )
    problems = problems_of(tmp_path)
    assert any("duplicate source id 'almanac'" in p and ":8:9:" in p for p in problems)
    assert any(
        p.startswith(f"{relative(tmp_path, 'a.yaml')}:9:5: duplicate key 'topic'") for p in problems
    )


def test_unknown_source_and_unknown_related_entry(tmp_path):
    text = (
        entry("a-thing", "What is a thing?", "thing").replace(
            "      - source: almanac\n", "      - source: almanack\n"
        )
        + "    related: [no-such-entry]\n"
    )
    write_pack(tmp_path, **{"sources.yaml": SOURCES, "a.yaml": text})
    problems = problems_of(tmp_path)
    name = relative(tmp_path, "a.yaml")
    assert f"{name}:8:17: entry 'a-thing' cites unknown source 'almanack'" in problems
    assert f"{name}:9:15: entry 'a-thing' relates to unknown entry 'no-such-entry'" in problems


def test_answer_over_the_limit(tmp_path):
    long_answer = "word " * (MAX_ANSWER_CHARS // 5 + 10)
    text = entry("a-thing", "What is a thing?", "thing").replace("An answer.", long_answer)
    write_pack(tmp_path, **{"sources.yaml": SOURCES, "a.yaml": text})
    (problem,) = problems_of(tmp_path)
    assert problem.startswith(f"{relative(tmp_path, 'a.yaml')}:6:13:")
    assert f"the limit is {MAX_ANSWER_CHARS}" in problem


def test_same_and_near_duplicate_phrasings_across_entries(tmp_path):
    write_pack(
        tmp_path,
        **{
            "sources.yaml": SOURCES,
            "a.yaml": entry("first-thing", "What is the first thing?", "death toll", "the maker"),
            "b.yaml": entry(
                "other-thing", "Who owns the other thing?", "Death toll!", "the makers"
            ),
        },
    )
    problems = problems_of(tmp_path)
    name = relative(tmp_path, "b.yaml")
    assert any(p.startswith(f"{name}:5:16:") and "same phrasing" in p for p in problems)
    assert any(p.startswith(f"{name}:5:29:") and "phrasing" in p for p in problems)
    assert len(problems) == 2


def test_the_same_phrasing_twice_in_one_entry_is_fine(tmp_path):
    write_pack(
        tmp_path,
        **{
            "sources.yaml": SOURCES,
            "a.yaml": entry("a-thing", "What is a thing?", "thing", "'Thing!'"),
        },
    )
    assert load_pack(tmp_path).entries["a-thing"]


def test_every_problem_is_reported_at_once(tmp_path):
    write_pack(
        tmp_path,
        **{
            "sources.yaml": SOURCES,
            "broken.yaml": "entries: [\n",
            "a.yaml": entry("a-thing", "What is a thing?", "thing").replace("almanac", "nope"),
            "b.yaml": "entries:\n  - id: b\n",
        },
    )
    problems = problems_of(tmp_path)
    files = {p.split(":", 1)[0] for p in problems}
    assert files == {relative(tmp_path, n) for n in ("broken.yaml", "a.yaml", "b.yaml")}
    with pytest.raises(PackError) as raised:
        load_pack(tmp_path)
    assert len(raised.value.problems) == len(problems)


def test_missing_folder_empty_folder_and_unreadable_file(tmp_path):
    assert "not found" in problems_of(tmp_path / "nowhere")[0]
    assert "no .yaml files" in problems_of(tmp_path)[0]
    (tmp_path / "bad.yaml").write_bytes(b"entries:\n  - id: \xff\xfe\n")
    (problem,) = problems_of(tmp_path)
    assert "not UTF-8" in problem


def test_empty_files_and_ignored_names(tmp_path):
    write_pack(
        tmp_path,
        **{
            "sources.yaml": SOURCES,
            "empty.yaml": "",
            "_draft.yaml": "entries: [",
            "a.yaml": entry("a-thing", "What is a thing?", "thing"),
        },
    )
    assert list(load_pack(tmp_path).entries) == ["a-thing"]


def test_shipped_pack_is_valid_and_its_files_match_the_schema():
    pack = load_pack(default_pack_dir())
    assert pack.entries
    validator = Draft202012Validator(json.loads(SCHEMA_PATH.read_text()))
    Draft202012Validator.check_schema(validator.schema)
    for entry in pack.entries.values():
        linked = [c for c in entry.citations if pack.sources[c.source].url]
        assert linked, f"entry {entry.id} cites no source with a url"


def test_about_describes_the_pack_once(tmp_path):
    about = "about:\n  name: Things\n  summary: things and their makers\n"
    write_pack(
        tmp_path,
        **{
            "sources.yaml": about + SOURCES,
            "a.yaml": entry("a-thing", "What is a thing?", "thing"),
        },
    )
    assert load_pack(tmp_path).about.summary == "things and their makers"
    (tmp_path / "b.yaml").write_text(about)
    (problem,) = problems_of(tmp_path)
    # Files are read in name order: b.yaml first, so sources.yaml is the second.
    assert problem == (
        f"{relative(tmp_path, 'sources.yaml')}:1:1: 'about' is already given "
        f"in {relative(tmp_path, 'b.yaml')}"
    )


def test_about_gives_the_utc_offset_the_timeline_dates_are_local_to(tmp_path):
    about = "about:\n  name: Things\n  summary: things\n  utc_offset: {}\n"
    files = {"a.yaml": entry("a-thing", "What is a thing?", "thing")}
    write_pack(tmp_path, **{"sources.yaml": about.format('"-05:00"') + SOURCES}, **files)
    assert load_pack(tmp_path).about.zone.utcoffset(None) == dt.timedelta(hours=-5)
    assert load_pack(default_pack_dir()).about.zone.utcoffset(None) == dt.timedelta(hours=-5)
    where = relative(tmp_path, "sources.yaml")
    (tmp_path / "sources.yaml").write_text(about.format('"+15:00"') + SOURCES)
    assert problems_of(tmp_path) == [
        f"{where}:4:15: about: utc_offset: '+15:00' is not a UTC offset as ±HH:MM (e.g. -05:00)"
    ]
    (tmp_path / "sources.yaml").write_text(about.format("Lima") + SOURCES)
    assert f"{where}:4:15: about.utc_offset: 'Lima' does not match " in "".join(
        problems_of(tmp_path)
    )


def test_a_pack_without_about_gets_a_neutral_description(tmp_path):
    write_pack(
        tmp_path,
        **{"sources.yaml": SOURCES, "a.yaml": entry("a-thing", "What is a thing?", "thing")},
    )
    assert load_pack(tmp_path).about.name == "this knowledge pack"
