"""`crisisbot disputes`, and the dispute note and "Read next" in `crisisbot ask` (issue 11,
items 4 and 5), on the shipped crisis pack; the validator's rule for ``disputed``."""

from __future__ import annotations

import io
import json
from pathlib import Path

from bot.cli import main
from bot.core import Engine, validate_pack


def call(*args: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(args), out=out)
    return code, out.getvalue()


def test_disputes_prints_every_disputed_point_with_its_sources():
    code, out = call("disputes")
    assert code == 0
    disputes = Engine.from_path(embeddings="off").disputes()
    assert out.startswith(f"{len(disputes)} points where the sources disagree:")
    for entry in disputes:
        assert f"{entry.question}  [{entry.id}]" in out
    # The points issue 11 names, in the sources' own words.
    assert "18 December 1996" in out and "127" in out and "140 (Japan Times" in out
    assert "  [1] " in out


def test_ask_shows_the_dispute_and_what_to_read_next():
    code, out = call("ask", "how long did the siege last")
    assert code == 0
    assert "Sources disagree: 126 days" in out
    read_next = out.split("Read next:\n", 1)[1].splitlines()
    assert len(read_next) == 3 and all(line.startswith("  - ") for line in read_next)
    assert read_next[0].endswith("[myth-several-months]")


def test_ask_json_gains_related_and_disputed():
    _, out = call("ask", "--json", "how long did the siege last")
    payload = json.loads(out)
    assert payload["entry_id"] == "siege-duration"
    assert payload["disputed"] is True and payload["note"].startswith("126 days")
    assert [r["entry_id"] for r in payload["related"]] == [
        "myth-several-months",
        "siege-longest",
        "seizure-japan-date",
    ]
    assert all(r["question"] for r in payload["related"])
    _, out = call("ask", "--json", "what is the capital of france")
    payload = json.loads(out)
    assert payload["related"] == [] and payload["disputed"] is False


def test_a_note_only_adds_context_unless_disputed():
    _, out = call("ask", "--json", "who was the red cross delegate")
    payload = json.loads(out)
    assert payload["note"] and payload["disputed"] is False
    code, out = call("ask", "who was the red cross delegate")
    assert code == 0
    assert "\nNote: " in out and "Sources disagree" not in out


PACK = """\
sources:
  - id: almanac
    title: The Almanac
    publisher: Example Press
    date: "2001"
    kind: book
entries:
  - id: a-thing
    topic: Things
    question: What is a thing?
    answer: An answer.
    citations: [{source: almanac}]
    disputed: %s
"""


def test_disputed_without_a_note_is_refused(tmp_path: Path):
    (tmp_path / "pack.yaml").write_text(PACK % "true", encoding="utf-8")
    pack, problems = validate_pack(tmp_path)
    assert pack is None
    name = str(tmp_path / "pack.yaml")
    assert [str(p) for p in problems] == [
        f"{name}:13:15: entry 'a-thing' is disputed but has no note saying who says what"
    ]


def test_disputed_is_true_or_false(tmp_path: Path):
    (tmp_path / "pack.yaml").write_text(PACK % '"yes"', encoding="utf-8")
    pack, problems = validate_pack(tmp_path)
    assert pack is None
    name = str(tmp_path / "pack.yaml")
    assert [str(p) for p in problems] == [
        f"{name}:13:15: entries[0].disputed: expected boolean, got str"
    ]
    (tmp_path / "pack.yaml").write_text(
        (PACK % "false") + "    note: Just context.\n", encoding="utf-8"
    )
    pack, problems = validate_pack(tmp_path)
    assert problems == [] and pack is not None
    assert pack.disputes() == [] and pack.entries["a-thing"].note == "Just context."
