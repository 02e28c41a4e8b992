"""The cooldown counts every reply a member causes, per member per server (issue 9, items 2
and 3). Through the Discord stand-in: what the member would see, and whether the bot sent
anything at all."""

from __future__ import annotations

from helpers.bots import decision_for, make_bot
from standin import DiscordStandin, running_bot

from bot.cooldown import Cooldowns

BEGIN = "When did the Japanese embassy hostage crisis begin?"


def bot_messages(standin: DiscordStandin) -> list:
    return [s for s in standin.sent.items if s.kind == "channel"]


async def test_bare_mentions_count_against_the_cooldown(standin: DiscordStandin):
    async with running_bot(make_bot(standin, cooldown_seconds=60), standin) as bot:
        bot.store.settings.update(standin.guild.id, cooldown_seconds=60)
        decisions = []
        for content in ["", "@everyone", "   ", "<@&123456789012345678>"] * 2:
            message = await standin.dispatch_message(content, user="bob", mentions_bot=True)
            decisions.append(await decision_for(bot, message))
        assert decisions == ["help"] + ["silent: cooldown"] * 7
        assert len(bot_messages(standin)) == 1
        # ...and the help reply started the cooldown for questions too.
        message = await standin.dispatch_message(BEGIN, user="bob", mentions_bot=True)
        assert await decision_for(bot, message) == "silent: cooldown"
        assert len(bot_messages(standin)) == 1


async def test_an_empty_dm_counts_against_the_cooldown(standin: DiscordStandin):
    # A DM with only an image arrives with empty text.
    async with running_bot(make_bot(standin, cooldown_seconds=60), standin) as bot:
        decisions = []
        for _ in range(4):
            message = await standin.dispatch_message("", user="bob", dm=True)
            decisions.append(await decision_for(bot, message))
        assert decisions == ["help", "silent: cooldown", "silent: cooldown", "silent: cooldown"]
        [reply] = bot_messages(standin)
        assert reply.message["channel_id"] == str(standin.dm_channel("bob").id)


async def test_the_cooldown_is_per_server_and_dms_count_on_their_own(standin: DiscordStandin):
    # DMs: 5 s; the server: an hour. Asking in the server first must not hold up a DM,
    # and a DM must not use up the member's turn in the server.
    async with running_bot(make_bot(standin, cooldown_seconds=5), standin) as bot:
        bot.store.settings.update(standin.guild.id, cooldown_seconds=3600)
        reply = await standin.wait_for_reply(
            await standin.dispatch_slash("ask", {"question": BEGIN}, user="bob")
        )
        assert reply.embeds and reply.embeds[0]["title"] == BEGIN
        message = await standin.dispatch_message(BEGIN, user="bob", dm=True)
        assert await decision_for(bot, message) == "answered"
        again = await standin.wait_for_reply(
            await standin.dispatch_slash("ask", {"question": BEGIN}, user="bob")
        )
        assert again.ephemeral and "you can ask again in" in again.content
        assert 3500 < int(again.content.split(" in ")[1].split()[0]) <= 3600


def test_cooldowns_keep_each_place_apart():
    now = [100.0]
    cooldowns = Cooldowns(clock=lambda: now[0])
    assert cooldowns.try_acquire((1, 7), 3600) == 0.0
    assert cooldowns.try_acquire((2, 7), 5) == 0.0
    assert cooldowns.try_acquire((None, 7), 5) == 0.0
    now[0] += 6
    assert cooldowns.try_acquire((2, 7), 5) == 0.0
    assert cooldowns.try_acquire((1, 7), 3600) == 3594.0
