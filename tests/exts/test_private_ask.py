"""``/ask private:True`` (issue 11, item 2): a member checks a fact privately before
posting it. Through the Discord stand-in: who sees the answer, and the cooldown."""

from __future__ import annotations

import asyncio

from helpers.bots import make_bot, weak_question
from standin import DiscordStandin, running_bot

from bot.discord_bot import CrisisBot

TUNNELS = "How did the commandos get into the residence?"


async def test_a_private_answer_is_seen_by_the_asker_alone_with_its_buttons(
    standin: DiscordStandin, crisis_bot: CrisisBot
):
    reply = await standin.wait_for_reply(
        await standin.dispatch_slash("ask", {"question": TUNNELS, "private": True})
    )
    assert reply.ephemeral and reply.embeds[0]["title"] == TUNNELS
    assert [b["label"] for b in reply.buttons[:3]] == [
        "Helpful",
        "Report a problem",
        "Sources disagree",
    ]
    shown = await standin.wait_for_reply(
        await standin.dispatch_button(reply.buttons[2]["custom_id"], message=reply)
    )
    assert shown.ephemeral and shown.embeds[0]["description"]


async def test_public_is_the_default_and_private_false_is_public(
    standin: DiscordStandin, crisis_bot: CrisisBot
):
    for options in ({"question": TUNNELS}, {"question": TUNNELS, "private": False}):
        reply = await standin.wait_for_reply(await standin.dispatch_slash("ask", options))
        assert not reply.ephemeral and reply.embeds[0]["title"] == TUNNELS


async def test_private_suggestions_are_private_and_still_work(
    standin: DiscordStandin, crisis_bot: CrisisBot
):
    question, result = weak_question(min_suggestions=1)
    reply = await standin.wait_for_reply(
        await standin.dispatch_slash("ask", {"question": question, "private": True})
    )
    assert reply.ephemeral and reply.embeds[0]["title"] == "Did you mean…?"
    picked = await standin.wait_for_reply(
        await standin.dispatch_button(reply.buttons[0]["custom_id"], message=reply)
    )
    assert picked.embeds[0]["title"] == result.suggestions[0].entry.question


async def test_private_answers_do_not_count_against_the_cooldown(standin: DiscordStandin):
    async with running_bot(make_bot(standin, cooldown_seconds=60), standin) as bot:
        bot.store.settings.update(standin.guild.id, cooldown_seconds=60)
        replies = []
        for private in (True, True, False, True, False):
            options = {"question": TUNNELS, "private": private}
            interaction = await standin.dispatch_slash("ask", options)
            replies.append(await standin.wait_for_reply(interaction))
        assert [bool(r.embeds) for r in replies] == [True, True, True, True, False]
        assert [r.ephemeral for r in replies] == [True, True, False, True, True]
        assert "you can ask again in" in replies[-1].content


async def test_private_answers_leave_nothing_running_behind_them(
    standin: DiscordStandin, crisis_bot: CrisisBot
):
    # discord.py keeps an ephemeral message's view alive for 15 minutes with a timer
    # task each, unless the view is sent stopped; the buttons are routed by custom id.
    running = {task for task in asyncio.all_tasks() if not task.done()}
    for _ in range(20):
        reply = await standin.wait_for_reply(
            await standin.dispatch_slash("ask", {"question": TUNNELS, "private": True})
        )
        assert reply.ephemeral and len(reply.buttons) >= 3
    left = [t for t in asyncio.all_tasks() if not t.done() and t not in running]
    assert len(left) < 5, [t.get_name() for t in left]
    shown = await standin.wait_for_reply(
        await standin.dispatch_button(reply.buttons[2]["custom_id"], message=reply)
    )
    assert shown.ephemeral
