"""What gets asked, and variants learned from members, end to end: answers counted
in memory and written behind them, ``/kb stats`` for moderators, ``crisisbot stats``,
``crisisbot feedback`` and ``crisisbot gaps --variants`` for curators."""

from __future__ import annotations

import io
import json
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import yaml
from helpers.bots import weak_question
from helpers.moderation import BEGIN, Clock, at, moderated_bot, run
from standin import DiscordStandin

from bot.cli import main
from bot.core import load_pack
from bot.curation import variants_yaml
from bot.discord_bot import CrisisBot
from bot.storage import Store, Variant

UNANSWERABLE = "who cooked dinner at the reception"


@pytest.fixture
async def bot(standin: DiscordStandin, db: Path, pack_dir: Path) -> AsyncIterator[CrisisBot]:
    async with moderated_bot(standin, db, pack_dir, Clock(at("2026-11-25"))) as running:
        yield running


def cli(*argv: str) -> str:
    out = io.StringIO()
    assert main(list(argv), out=out) == 0
    return out.getvalue()


async def pick_suggestion(standin: DiscordStandin, user: str = "alice") -> tuple[str, str]:
    """A member asks a weak question and picks the first "did you mean"."""
    question, result = weak_question()
    offered = await run(standin, "ask", {"question": question}, user=user)
    picked = await standin.wait_for_reply(
        await standin.dispatch_button(offered.buttons[0]["custom_id"], message=offered, user=user)
    )
    assert picked.embeds[0]["title"] == result.suggestions[0].entry.question
    return question, result.suggestions[0].entry.id


async def test_answers_are_counted_in_memory_and_written_behind_them(standin, bot):
    for user in ("alice", "bob", "owner"):
        await run(standin, "ask", {"question": BEGIN}, user=user)
    # Nothing written per answer: the counts wait in memory for the writer.
    assert bot.store.stats.per_entry(standin.guild.id) == {}
    assert await bot.answer_counts.flush()
    counts = bot.store.stats.per_entry(standin.guild.id)
    assert counts == {"seizure-date": {"answer": 3, "pick": 0, "show": 0}}


async def test_kb_stats_shows_a_server_what_gets_asked(standin, bot, db):
    await run(standin, "ask", {"question": BEGIN})
    _, picked = await pick_suggestion(standin, user="bob")
    await run(standin, "ask", {"question": UNANSWERABLE})
    bot.store.feedback.vote_helpful(standin.guild.id, 7, "seizure-date")
    bot.store.feedback.report(standin.guild.id, 8, picked, "wrong-fact")

    refused = await run(standin, "kb stats", user="alice")
    assert refused.ephemeral and "only moderators" in refused.content
    stats = await run(standin, "kb stats", user="moderator")
    assert stats.ephemeral
    embed = stats.embeds[0]
    assert "**2** answers served (1 direct, 1 picked from suggestions" in embed["description"]
    assert "**1** helpful vote · **1** report (1 open)" in embed["description"]
    assert "**1** unanswered question" in embed["description"]
    entries = embed["fields"][0]["value"]
    assert "`seizure-date` 1 · 0 · 1 · 0" in entries and f"`{picked}` 1 · 1 · 0 · 1" in entries
    assert "who cooked dinner" in embed["fields"][1]["value"]

    # The curators' view of the same database, all servers.
    text = cli("stats", "--db", str(db))
    assert "2 answers served, 1 picked from suggestions, 1 helpful vote, 1 report;" in text
    data = json.loads(cli("stats", "--db", str(db), "--json", "--guild", str(standin.guild.id)))
    assert {r["entry_id"]: r["served"] for r in data["entries"]} == {
        "seizure-date": 1,
        picked: 1,
    }
    assert data["unanswered"] == {"questions": 1, "asked": 1}


async def test_curators_read_and_close_reports_from_the_command_line(standin, bot, db):
    report = bot.store.feedback.report(standin.guild.id, 9, "seizure-date", "source-broken", "dead")
    assert report is not None
    other = bot.store.feedback.report(standin.guild.id + 1, 9, "rescue-date", "other")
    assert other is not None
    listing = cli("feedback", "--db", str(db))
    assert "2 open reports" in listing and "Source broken" in listing and "dead" in listing
    one = json.loads(cli("feedback", "--db", str(db), "--json", "--guild", str(standin.guild.id)))
    assert [r["id"] for r in one["reports"]] == [report.id]
    assert cli("feedback", "--db", str(db), "--done", str(report.id)) == (
        f"Report #{report.id} marked done.\n"
    )
    assert "1 open reports" in cli("feedback", "--db", str(db))
    assert main(["feedback", "--db", str(db), "--done", str(report.id)], out=io.StringIO()) == 2


async def test_questions_before_a_picked_suggestion_become_variants(standin, bot, db, pack_dir):
    question, picked = await pick_suggestion(standin)
    await pick_suggestion(standin, user="bob")  # asked twice: counted twice, listed once
    # No answer, then the member picks the entry's own question from /ask's autocomplete.
    await run(standin, "ask", {"question": "the date they broke in?"}, user="owner")
    await run(standin, "ask", {"question": BEGIN}, user="owner")
    # Someone else's answer does not pair with alice's question.
    await run(standin, "ask", {"question": UNANSWERABLE}, user="alice")
    await run(standin, "ask", {"question": BEGIN}, user="bob")
    await bot.answer_counts.flush()

    text = cli("gaps", "--variants", "--db", str(db), "--kb", str(pack_dir))
    pasted = yaml.safe_load(text)
    assert pasted == {picked: [question], "seizure-date": ["the date they broke in?"]}
    assert f"- {question}  # picked 2x" in text
    assert list(pasted) == [picked, "seizure-date"]  # most picked first
    assert "No new variants" in cli(
        "gaps", "--variants", "--db", str(db), "--kb", str(pack_dir), "--guild", "1"
    )


def test_variants_yaml_folds_duplicates_and_skips_known_phrasings(pack_dir):
    pack = load_pack(pack_dir)
    variants = [
        Variant("seizure-date", "When did it all kick off?", "when did it all kick off", 3),
        Variant("seizure-date", "when did it ALL kick off", "when did it all kick off", 1),
        Variant("seizure-date", "Start date of the crisis!", "start date of the crisis", 5),
        Variant("no-such-entry", "what", "what", 9),
        Variant("rescue-date", "raid: when?", "raid when", 1),
    ]
    text = variants_yaml(pack, variants)
    assert yaml.safe_load(text) == {
        "seizure-date": ["When did it all kick off?"],
        "rescue-date": ["raid: when?"],
    }


async def test_counts_are_written_when_the_bot_stops(standin, db, pack_dir):
    async with moderated_bot(standin, db, pack_dir, Clock(at("2026-11-25"))) as running:
        await running.answer_counts.stop()  # restart the writer with an hour's wait
        running.answer_counts.flush_seconds = 3600.0
        running.answer_counts.start()
        await run(standin, "ask", {"question": BEGIN})
        assert running.answer_counts.counts  # still in memory: the writer waits an hour
    with Store(db) as store:
        assert store.stats.per_entry()["seizure-date"]["answer"] == 1


async def test_answers_through_the_context_menu_are_counted_too(standin, bot):
    question = await standin.dispatch_message(BEGIN, user="bob")
    await standin.dispatch_message_command("Answer with crisisbot", message=question, user="alice")
    reply = await standin.wait_for_message(lambda s: s.kind == "channel")
    assert reply.embeds[0]["title"] == BEGIN
    assert await bot.answer_counts.flush()
    assert bot.store.stats.per_entry(standin.guild.id)["seizure-date"]["answer"] == 1
