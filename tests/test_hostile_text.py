"""Member text is never shown as anything but text (issue 9, item 1).

Public replies do not quote the question at all; the places that must show a
member's text (the moderators' /kb gaps view, "no such topic" replies, a display name
in a "did you mean" footer) show it inert: no link, invite, formatting, spoiler, code
fence, mention or bidi trick. Driven through the Discord stand-in, asserting on what
the bot sent.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers.bots import decision_for, make_bot, weak_question
from helpers.hostile import BIDI, HOSTILE, hazards, texts_of, unescaped_markdown
from hypothesis import given, settings
from hypothesis import strategies as st
from standin import DiscordStandin, running_bot

from bot import safe_text
from bot.discord_bot import CrisisBot
from bot.storage import Store

UNANSWERABLE = "who catered the reception"


def hostile_question(text: str) -> str:
    # An off-topic question around the hostile part, so the bot cannot answer it.
    return f"{UNANSWERABLE} {text} ?"


@pytest.fixture
async def stored_bot(standin: DiscordStandin, tmp_path: Path):
    store = Store(tmp_path / "crisisbot.sqlite3")
    store.settings.update(standin.guild.id, cooldown_seconds=0)
    bot = make_bot(standin, store=store)
    try:
        async with running_bot(bot, standin):
            yield bot
    finally:
        store.close()


@pytest.mark.parametrize("text", HOSTILE)
def test_inert_text_has_no_active_markdown_link_or_bidi(text):
    shown = safe_text.inert(text)
    assert not hazards([shown]), shown
    assert unescaped_markdown(shown) == set(), shown
    assert "\n" not in shown
    plain = safe_text.plain(text)
    assert not hazards([plain]) and not set(plain) & BIDI, plain


HOSTILE_PIECES = st.sampled_from([*HOSTILE, "://", "discord.gg/", "\\", "](", "<@", "\u202e"])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.text(), HOSTILE_PIECES), max_size=8).map("".join))
def test_inert_holds_for_any_text(text):
    shown = safe_text.inert(text, 200)
    assert not hazards([shown]) and unescaped_markdown(shown) == set(), shown
    assert not set(shown) & BIDI and "\n" not in shown
    assert not set(safe_text.plain(text, 80)) & BIDI


async def test_public_no_answer_replies_do_not_quote_the_question(
    standin: DiscordStandin, stored_bot: CrisisBot
):
    for text in HOSTILE:
        message = await standin.dispatch_message(hostile_question(text), mentions_bot=True)
        assert await decision_for(stored_bot, message) == "no_match"
        reply = standin.sent.items[-1]
        assert not hazards(texts_of(reply.message)), reply.message
        assert "evil" not in reply.content and UNANSWERABLE not in reply.content
        assert standin.pinged(reply) == set()


async def test_ask_replies_do_not_quote_the_question(
    standin: DiscordStandin, stored_bot: CrisisBot
):
    for text in HOSTILE:
        reply = await standin.wait_for_reply(
            await standin.dispatch_slash("ask", {"question": hostile_question(text)})
        )
        assert reply.ephemeral
        assert not hazards(texts_of(reply.message)) and "evil" not in reply.content


async def test_kb_gaps_shows_stored_questions_inert(standin: DiscordStandin, stored_bot):
    for text in HOSTILE:
        await standin.wait_for_reply(
            await standin.dispatch_slash("ask", {"question": hostile_question(text)})
        )
    reply = await standin.wait_for_reply(
        await standin.dispatch_slash("kb gaps", {"limit": 25}, user="moderator")
    )
    description = reply.embeds[0]["description"]
    assert not hazards([description]), description
    lines = description.splitlines()
    assert len(lines) >= len(HOSTILE) // 2  # some fold to the same question
    for line in lines:
        count, rest = line.split(" ", 1)
        assert count.startswith("**") and count.endswith("×**")
        question = rest.rsplit(" · last ", 1)[0]
        assert unescaped_markdown(question) == set(), question
        assert "@everyone" not in question and "@here" not in question


async def test_did_you_mean_footer_shows_a_hostile_display_name_plainly(
    standin: DiscordStandin, stored_bot: CrisisBot
):
    standin.add_user("\u202e[nitro](https://evil.example/claim) discord.gg/evilcode")
    name = next(n for n in standin.users if n.startswith("\u202e"))
    question, _ = weak_question()
    reply = await standin.wait_for_reply(
        await standin.dispatch_slash("ask", {"question": question}, user=name)
    )
    assert reply.embeds[0]["title"] == "Did you mean…?"
    assert not hazards(texts_of(reply.message)), reply.embeds[0]["footer"]


async def test_unknown_topics_and_postfact_target_are_shown_inert(
    standin: DiscordStandin, stored_bot: CrisisBot
):
    for text in HOSTILE:
        fact = await standin.wait_for_reply(
            await standin.dispatch_slash("fact", {"topic": text[:100]})
        )
        post = await standin.wait_for_reply(
            await standin.dispatch_slash(
                "postfact", {"entry_or_topic": hostile_question(text)}, user="moderator"
            )
        )
        topics = await standin.wait_for_reply(
            await standin.dispatch_slash("topics", {"topic": text[:100]})
        )
        for reply in (fact, post):
            assert reply.ephemeral
            assert not hazards(texts_of(reply.message)), reply.content
            quoted = reply.content.split('"')[1]
            assert unescaped_markdown(quoted) <= {"'"}, reply.content
        assert topics.ephemeral and not hazards(texts_of(topics.message))
        quoted = topics.embeds[0]["description"].split('"')[1]
        assert unescaped_markdown(quoted) <= {"'"}, quoted


def test_stored_questions_lose_everyone_and_here():
    from bot.storage import normalize_question

    assert normalize_question("@everyone who catered @here the dinner")[1] == (
        "who catered the dinner"
    )
