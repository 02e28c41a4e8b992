"""The cooldown counts every reply a member causes (issue 9, item 2). Through the Discord
stand-in: what the member would see, and whether the bot sent anything at all."""

from __future__ import annotations

from discord_helpers import decision_for, make_bot
from standin import DiscordStandin, running_bot

BEGIN = "When did the Japanese embassy hostage crisis begin?"


def bot_messages(standin: DiscordStandin) -> list:
    return [s for s in standin.sent.items if s.kind == "channel"]


async def test_bare_mentions_count_against_the_cooldown(standin: DiscordStandin):
    async with running_bot(make_bot(standin, cooldown_seconds=60), standin) as bot:
        bot.settings.update_settings(standin.guild.id, cooldown_seconds=60)
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
