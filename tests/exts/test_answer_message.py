""" "Answer with crisisbot" (issue 11, item 1): right-click a message, Apps, and the bot
answers it as a reply that pings no one; anything less than a confident answer goes to
the member who asked the bot alone. Through the Discord stand-in."""

from __future__ import annotations

from helpers.bots import assert_pings_no_one, engine, field, make_bot, weak_question
from helpers.hostile import hazards, texts_of
from standin import DiscordStandin, running_bot

from bot.discord_bot import CrisisBot

MENU = "Answer with crisisbot"
GROUP = "Which group seized the ambassador's residence?"


def channel_posts(standin: DiscordStandin) -> list:
    return [s for s in standin.sent.items if s.kind == "channel"]


async def test_the_menu_is_synced_as_a_message_command(
    standin: DiscordStandin, crisis_bot: CrisisBot
):
    menus = [c for c in standin.global_commands if c["type"] == 3]
    assert [c["name"] for c in menus] == [MENU]
    assert menus[0]["description"] == ""  # Discord: context menus have no description


async def test_a_confident_answer_replies_to_the_message_without_pinging_its_author(
    standin: DiscordStandin, crisis_bot: CrisisBot
):
    question = await standin.dispatch_message("who took the hostages?", user="alice")
    click = await standin.dispatch_message_command(MENU, message=question, user="bob")

    reply = await standin.wait_for_message(lambda s: s.kind == "channel")
    assert reply.embeds[0]["title"] == GROUP
    assert field(reply.embeds[0], "Sources").startswith("**[1]**")
    assert reply.message["channel_id"] == question["channel_id"]
    assert reply.message["message_reference"]["message_id"] == question["id"]
    assert reply.message["type"] == 19  # a reply, as Discord shows it
    assert reply.message["referenced_message"]["id"] == question["id"]
    assert_pings_no_one(standin, reply)  # replied_user false: alice is not pinged
    assert reply.embeds[0]["footer"]["text"].startswith("Answer requested by bob · Match")

    # The member who asked the bot is told, privately, where the answer is.
    done = await standin.wait_for_reply(click)
    assert done.ephemeral and done.content.startswith("Done: I answered that message")
    assert reply.message["id"] in done.content  # the jump link to the reply
    assert len(channel_posts(standin)) == 1


async def test_a_weak_match_shows_suggestions_to_the_invoker_alone(
    standin: DiscordStandin, crisis_bot: CrisisBot
):
    text, result = weak_question(min_suggestions=1)
    question = await standin.dispatch_message(text, user="alice")
    click = await standin.dispatch_message_command(MENU, message=question, user="bob")
    private = await standin.wait_for_reply(click)
    assert private.ephemeral
    assert private.embeds[0]["title"] == "Did you mean…?"
    assert "bob can pick one below" in private.embeds[0]["footer"]["text"]
    assert len(private.buttons) == len(result.suggestions[:3])

    # Only bob, who asked the bot, may pick; alice is told so.
    custom_id = private.buttons[0]["custom_id"]
    intruder = await standin.wait_for_reply(
        await standin.dispatch_button(custom_id, message=private, user="alice")
    )
    assert intruder.ephemeral and "for the person who asked" in intruder.content
    picked = await standin.wait_for_reply(
        await standin.dispatch_button(custom_id, message=private, user="bob")
    )
    assert picked.embeds[0]["title"] == result.suggestions[0].entry.question
    assert channel_posts(standin) == []  # nothing doubtful ever lands in the channel


async def test_an_unanswerable_message_gets_a_private_i_dont_know(
    standin: DiscordStandin, crisis_bot: CrisisBot
):
    question = await standin.dispatch_message("what's the weather in Tokyo?", user="alice")
    private = await standin.wait_for_reply(
        await standin.dispatch_message_command(MENU, message=question, user="bob")
    )
    assert private.ephemeral and "Sorry" in private.content and "/topics" in private.content
    assert channel_posts(standin) == []
    # Counted for /kb gaps like any unanswered question.
    assert await crisis_bot.unanswered.flush(timeout=3.0)
    gaps = crisis_bot.store.unanswered.top_gaps(10, guild_id=standin.guild.id)
    assert [g.question for g in gaps] == ["what's the weather in Tokyo?"]


async def test_messages_without_text_or_from_bots_are_declined_politely(standin: DiscordStandin):
    async with running_bot(make_bot(standin, cooldown_seconds=60), standin) as bot:
        bot.store.settings.update(standin.guild.id, cooldown_seconds=60)
        empty = await standin.dispatch_message("", user="alice")
        embeds_only = await standin.dispatch_message("", user="alice")
        standin.messages[int(embeds_only["id"])]["embeds"] = [{"title": "A link preview"}]
        mentions_only = await standin.dispatch_message("<@&123456789012345678>", user="alice")
        standin.add_user("otherbot", bot=True)
        from_a_bot = await standin.dispatch_message("who took the hostages?", user="otherbot")
        answer = await standin.wait_for_reply(
            await standin.dispatch_slash("ask", {"question": GROUP}, user="alice")
        )
        refusals = []
        for message in (empty, embeds_only, mentions_only, from_a_bot, answer):
            click = await standin.dispatch_message_command(MENU, message=message, user="bob")
            refusals.append(await standin.wait_for_reply(click))
        assert all(r.ephemeral for r in refusals)
        assert [r.content.split(" ")[:4] for r in refusals] == (
            [["That", "message", "has", "no"]] * 3 + [["I", "only", "answer", "messages"]] * 2
        )
        assert channel_posts(standin) == []

        # Declining did not use up bob's turn; an answer does.
        question = await standin.dispatch_message("who took the hostages?", user="alice")
        click = await standin.dispatch_message_command(MENU, message=question, user="bob")
        await standin.wait_for_reply(click)
        assert len(channel_posts(standin)) == 1
        again = await standin.wait_for_reply(
            await standin.dispatch_message_command(MENU, message=question, user="bob")
        )
        assert again.ephemeral and "you can ask again in" in again.content
        assert len(channel_posts(standin)) == 1


async def test_where_the_bot_cannot_post_the_answer_goes_to_the_invoker(
    standin: DiscordStandin, crisis_bot: CrisisBot
):
    question = await standin.dispatch_message("who took the hostages?", user="alice")
    standin.fail_next(403, method="POST", path=r"^/channels/\d+/messages$")
    private = await standin.wait_for_reply(
        await standin.dispatch_message_command(MENU, message=question, user="bob")
    )
    assert private.ephemeral and "can't post in this channel" in private.content
    assert private.embeds[0]["title"] == GROUP
    assert channel_posts(standin) == []


async def test_a_disputed_answer_keeps_its_buttons_in_the_reply(
    standin: DiscordStandin, crisis_bot: CrisisBot
):
    tunnels = engine().entry("rescue-tunnels")
    assert tunnels is not None and tunnels.disputed
    question = await standin.dispatch_message("were there tunnels under the residence", user="bob")
    await standin.dispatch_message_command(MENU, message=question, user="alice")
    reply = await standin.wait_for_message(lambda s: s.kind == "channel")
    assert reply.embeds[0]["title"] == tunnels.question
    labels = [b["label"] for b in reply.buttons]
    # Row 0 is the feedback buttons; "Sources disagree" leads the next row.
    assert labels[:3] == ["Helpful", "Report a problem", "Sources disagree"]
    assert len(labels) == 6
    assert_pings_no_one(standin, reply)


async def test_the_requesters_hostile_display_name_is_shown_inert(
    standin: DiscordStandin, crisis_bot: CrisisBot
):
    standin.add_user("\u202e[nitro](https://evil.example/claim) discord.gg/evilcode @everyone")
    name = next(n for n in standin.users if n.startswith("\u202e"))
    question = await standin.dispatch_message("who took the hostages?", user="alice")
    await standin.dispatch_message_command(MENU, message=question, user=name)
    reply = await standin.wait_for_message(lambda s: s.kind == "channel")
    assert reply.embeds[0]["footer"]["text"].startswith("Answer requested by ")
    assert not hazards(texts_of(reply.message)), reply.embeds[0]["footer"]
    assert_pings_no_one(standin, reply)


async def test_a_message_deleted_meanwhile_is_reported_not_answered(
    standin: DiscordStandin, crisis_bot: CrisisBot
):
    question = await standin.dispatch_message("who took the hostages?", user="alice")
    click = await standin.dispatch_message_command(MENU, message=question, user="bob")
    del standin.messages[int(question["id"])]  # alice deletes it before the bot replies
    told = await standin.wait_for_reply(click)
    assert told.ephemeral and "deleted" in told.content
    assert channel_posts(standin) == []
    refused = await standin.wait_for_request(lambda r: r.status == 400)
    assert refused.response["code"] == 50035
