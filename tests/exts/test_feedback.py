"""Feedback on answers, end to end on the Discord stand-in with a real SQLite file:
the buttons under every kind of answer, one vote per member per entry, the report
form (a modal) and the moderators' review queue, and what the database keeps (no
member id)."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from helpers.bots import assert_pings_no_one, weak_question
from helpers.hostile import hazards, texts_of, unescaped_markdown
from helpers.moderation import BEGIN, Clock, at, moderated_bot, run
from standin import DiscordStandin

from bot.discord_bot import CrisisBot
from bot.storage import Store

HELPFUL, REPORT = "Helpful", "Report a problem"


@pytest.fixture
async def bot(standin: DiscordStandin, db: Path, pack_dir: Path) -> AsyncIterator[CrisisBot]:
    async with moderated_bot(standin, db, pack_dir, Clock(at("2026-11-25"))) as running:
        yield running


def dump(db: Path) -> str:
    conn = sqlite3.connect(db)
    try:
        return "\n".join(conn.iterdump())
    finally:
        conn.close()


def feedback_buttons(sent) -> dict[str, str]:
    """label -> custom id of the feedback buttons, which must be in row 0."""
    first_row = sent.message["components"][0]["components"]
    return {b["label"]: b["custom_id"] for b in first_row if b["label"] in (HELPFUL, REPORT)}


async def click(standin: DiscordStandin, custom_id: str, message, user: str = "alice"):
    return await standin.wait_for_reply(
        await standin.dispatch_button(custom_id, message=message, user=user)
    )


async def open_form(standin: DiscordStandin, answer, user: str = "alice"):
    opened = await standin.dispatch_button(
        feedback_buttons(answer)[REPORT], message=answer, user=user
    )
    return opened, await standin.wait_for_modal(opened)


# ------------------------------------------------------------------ the buttons


async def test_every_kind_of_answer_carries_the_feedback_buttons(standin, bot):
    answer = await run(standin, "ask", {"question": BEGIN})
    assert feedback_buttons(answer) == {
        HELPFUL: "crisisbot:helpful:seizure-date",
        REPORT: "crisisbot:report:seizure-date",
    }
    await standin.dispatch_message(BEGIN, user="bob", mentions_bot=True)
    reply = await standin.wait_for_message(lambda s: s.kind == "channel")
    assert set(feedback_buttons(reply)) == {HELPFUL, REPORT}

    # A picked "did you mean" becomes an answer with the buttons of the picked entry.
    question, result = weak_question()
    offered = await run(standin, "ask", {"question": question})
    pick = result.suggestions[0].entry
    picked = await click(standin, offered.buttons[0]["custom_id"], offered)
    assert feedback_buttons(picked)[HELPFUL] == f"crisisbot:helpful:{pick.id}"

    # An entry shown by an "Also relevant" button (to the clicker only) has them too.
    two = await run(
        standin, "ask", {"question": "when did the siege end and how many died in the rescue?"}
    )
    also = next(b for b in two.buttons if b["label"].startswith("Also"))
    shown = await click(standin, also["custom_id"], two, user="bob")
    assert shown.ephemeral and set(feedback_buttons(shown)) == {HELPFUL, REPORT}


async def test_helpful_counts_once_per_member_and_stores_no_member_id(standin, bot, db):
    answer = await run(standin, "ask", {"question": BEGIN})
    helpful = feedback_buttons(answer)[HELPFUL]

    first = await click(standin, helpful, answer, user="bob")
    assert first.ephemeral and first.content.startswith("Thanks")
    again = await click(standin, helpful, answer, user="bob")
    assert again.ephemeral and "already" in again.content and "counted once" in again.content
    # The same entry reached again (a new answer to the same question): still one vote.
    second_answer = await run(standin, "ask", {"question": BEGIN}, user="bob")
    third = await click(
        standin, feedback_buttons(second_answer)[HELPFUL], second_answer, user="bob"
    )
    assert "already" in third.content
    other = await click(standin, helpful, answer, user="alice")
    assert other.content.startswith("Thanks")
    assert_pings_no_one(standin, other)

    assert bot.store.feedback.totals(standin.guild.id)["seizure-date"]["helpful"] == 2
    stored = dump(db)
    for name in ("alice", "bob"):
        assert str(standin.user(name).id) not in stored


# ------------------------------------------------------------------ the report form


async def test_a_report_goes_through_the_form_into_the_review_queue(standin, bot, db):
    answer = await run(standin, "ask", {"question": BEGIN})
    opened, modal = await open_form(standin, answer, user="bob")
    assert modal["custom_id"] == "crisisbot:report-form:seizure-date"
    reason, details = (c["component"] for c in modal["components"])
    assert [o["value"] for o in reason["options"]] == [
        "wrong-fact",
        "source-broken",
        "not-what-i-asked",
        "other",
    ]
    assert details["type"] == 4 and details["required"] is False

    hostile = "It was 1997 [see](https://evil.example) @everyone <@1> ||x|| discord.gg/abc"
    submitted = await standin.dispatch_modal_submit(
        opened, {"reason": ["wrong-fact"], "details": hostile}
    )
    thanks = await standin.wait_for_reply(submitted)
    assert thanks.ephemeral and "review queue" in thanks.content
    assert_pings_no_one(standin, thanks)

    # A second report on the same entry by the same member: no form, already counted.
    again = await click(standin, feedback_buttons(answer)[REPORT], answer, user="bob")
    assert again.ephemeral and "already reported" in again.content
    assert str(standin.user("bob").id) not in dump(db)

    # Moderators read it, newest first, the member's text shown inert.
    queue = await run(standin, "kb feedback", user="moderator")
    assert queue.ephemeral
    text = queue.embeds[0]["description"]
    assert "Wrong fact" in text and "seizure-date" in text and "1997" in text
    assert hazards(texts_of(queue.message)) == []
    shown = text.split("\n> ", 1)[1]
    assert unescaped_markdown(shown) == set() and "everyone" not in shown
    (done,) = [b for b in queue.buttons if b["label"].startswith("Done #")]

    # Only a moderator may mark it done; then the queue is empty.
    refused = await click(standin, done["custom_id"], queue, user="alice")
    assert refused.ephemeral and "only moderators" in refused.content
    assert bot.store.feedback.count_reports(standin.guild.id) == 1
    emptied = await click(standin, done["custom_id"], queue, user="moderator")
    assert emptied.kind == "edit" and "No open reports" in emptied.embeds[0]["description"]
    assert bot.store.feedback.count_reports(standin.guild.id) == 0
    assert bot.store.feedback.count_reports(standin.guild.id, include_done=True) == 1


async def test_the_queue_is_paged_newest_first(standin, bot):
    for number in range(7):
        bot.store.feedback.report(
            standin.guild.id, 1000 + number, "seizure-date", "other", f"n{number}"
        )
    first = await run(standin, "kb feedback", user="moderator")
    assert "n6" in first.embeds[0]["description"] and "n1" not in first.embeds[0]["description"]
    assert "Page 1 of 2" in first.embeds[0]["footer"]["text"]
    older = next(b for b in first.buttons if b["label"] == "Older")
    second = await click(standin, older["custom_id"], first, user="moderator")
    assert "n1" in second.embeds[0]["description"] and "n6" not in second.embeds[0]["description"]
    assert [b["label"] for b in second.buttons if not b["label"].startswith("Done")] == ["Newer"]


async def test_a_form_filled_in_across_a_restart_is_still_filed(standin, db, pack_dir):
    async with moderated_bot(standin, db, pack_dir, Clock(at("2026-11-25"))):
        answer = await run(standin, "ask", {"question": BEGIN})
        opened, _ = await open_form(standin, answer)
    async with moderated_bot(standin, db, pack_dir, Clock(at("2026-11-25"))) as bot:
        submitted = await standin.dispatch_modal_submit(opened, {"reason": ["source-broken"]})
        assert "review queue" in (await standin.wait_for_reply(submitted)).content
        (report,) = bot.store.feedback.reports(standin.guild.id)
        assert report.reason == "source-broken" and report.details == ""


async def test_a_forged_reason_is_refused_and_nothing_is_filed(standin, bot):
    answer = await run(standin, "ask", {"question": BEGIN})
    opened, _ = await open_form(standin, answer)
    with pytest.raises(ValueError):  # a real client offers only the four reasons
        await standin.dispatch_modal_submit(opened, {"reason": ["spam"]})
    forged = [
        {
            "type": 18,
            "id": 1,
            "component": {"type": 3, "id": 2, "custom_id": "reason", "values": ["spam"]},
        }
    ]
    submitted = await standin.dispatch_modal_submit(opened, components=forged)
    refusal = await standin.wait_for_reply(submitted)
    assert refusal.ephemeral and "Nothing was filed" in refusal.content
    assert bot.store.feedback.count_reports(include_done=True) == 0


async def test_reports_and_votes_older_than_the_retention_window_are_deleted(tmp_path):
    with Store(tmp_path / "db.sqlite3", retention_days=30) as store:
        store.feedback.report(1, 2, "seizure-date", "other", now=at("2026-01-01"))
        store.feedback.vote_helpful(1, 2, "seizure-date", now=at("2026-01-01"))
        store.feedback.report(1, 3, "seizure-date", "other", now=at("2026-01-25"))
        assert store.maintenance(now=at("2026-02-10")) == 2
        assert [r.created_at.date().isoformat() for r in store.feedback.reports(1)] == [
            "2026-01-25"
        ]
        assert store.feedback.totals(1) == {"seizure-date": {"helpful": 0, "reports": 1, "open": 1}}


async def test_buttons_keep_working_after_a_restart(standin, db, pack_dir):
    async with moderated_bot(standin, db, pack_dir, Clock(at("2026-11-25"))):
        answer = await run(standin, "ask", {"question": BEGIN})
    async with moderated_bot(standin, db, pack_dir, Clock(at("2026-11-25"))):
        thanks = await click(standin, feedback_buttons(answer)[HELPFUL], answer)
        assert thanks.content.startswith("Thanks")


async def test_votes_on_an_entry_the_pack_no_longer_has_are_refused(standin, bot, pack_dir):
    answer = await run(standin, "ask", {"question": BEGIN})
    opened, _ = await open_form(standin, answer)
    # The curators drop the entry (and the links to it) and reload the pack; the old
    # answer's buttons stay.
    entries = pack_dir / "entries.yaml"
    text = entries.read_text(encoding="utf-8")
    start = text.index("  - id: seizure-date")
    text = text[:start] + text[text.index("  - id:", start + 1) :]
    entries.write_text(text.replace(", seizure-date]", "]"), encoding="utf-8")
    timeline = pack_dir / "timeline.yaml"  # and its timeline event no longer links to it
    lines = timeline.read_text(encoding="utf-8").splitlines(keepends=True)
    timeline.write_text("".join(x for x in lines if x.strip() != "entry: seizure-date"))
    reloaded = await run(standin, "kb reload", user="moderator")
    assert reloaded.content.startswith("Reloaded")

    for button in (HELPFUL, REPORT):
        reply = await click(standin, feedback_buttons(answer)[button], answer)
        assert reply.ephemeral and "no longer in the knowledge pack" in reply.content
    submitted = await standin.dispatch_modal_submit(opened, {"reason": ["other"]})
    assert "no longer in the knowledge pack" in (await standin.wait_for_reply(submitted)).content
    assert bot.store.feedback.totals() == {}


async def test_hostile_report_texts_reach_moderators_as_inert_text(standin, bot):
    from helpers.hostile import HOSTILE

    for number, text in enumerate(HOSTILE):
        bot.store.feedback.report(standin.guild.id, 2000 + number, "seizure-date", "other", text)
    page = await run(standin, "kb feedback", user="moderator")
    while True:
        assert hazards(texts_of(page.message)) == []
        for line in page.embeds[0]["description"].split("\n"):
            if line.startswith("> "):
                assert unescaped_markdown(line[2:]) == set(), line
        older = [b for b in page.buttons if b["label"] == "Older"]
        if not older:
            break
        page = await click(standin, older[0]["custom_id"], page, user="moderator")


async def test_entry_ids_too_long_for_a_custom_id_get_no_buttons():
    import discord
    from standin.modals import modal_problems

    from bot.utils.feedback import ReportForm, add_feedback_buttons

    longest = "x" * 78  # "crisisbot:report-form:" + 78 = Discord's 100
    assert len(add_feedback_buttons(discord.ui.View(timeout=None), longest).children) == 2
    assert modal_problems(ReportForm(longest).to_dict()) == []
    assert add_feedback_buttons(discord.ui.View(timeout=None), longest + "x").children == []
    assert add_feedback_buttons(discord.ui.View(timeout=None), "bad id").children == []
