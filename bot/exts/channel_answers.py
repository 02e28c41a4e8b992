"""Answers in channels, without a slash command.

* Anyone who mentions the bot with a question gets an answer (or "did you mean"
  buttons, or a friendly "I don't know"), in any channel a moderator has not
  switched off. Discord sends the text of messages that mention the bot even
  without the message-content intent, so this always works.
* In channels a moderator switched on (``/config answers``), plain messages that
  look like questions get an answer when the match is confident, and silence
  otherwise: no "I don't know" in a busy channel. This needs the message-content
  intent; without it Discord sends those messages with empty text and the bot
  stays silent.

Which channel is which is ``GuildSettings.channel_mode`` (``bot/storage/settings.py``).
Every message ends in a decision, dispatched as the ``crisisbot_decision`` event
(``on_crisisbot_decision(message, decision)``) for logs and tests: "answered",
"suggested", "no_match", "help", or "silent: <why>" / "ignored: <why>".
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import discord
from discord.ext import commands

from ..core.catalog import message as message_text
from ..core.catalog.commands import read_by
from ..core.text import fold
from ..safe_text import strip_mention
from ..storage import ChannelMode
from ..utils.answers import answer_for, ask
from ..utils.language import server_language, server_reader
from ..utils.replies import reply_to_message

if TYPE_CHECKING:
    from ..discord_bot import CrisisBot

_log = logging.getLogger(__name__)

# English, then Spanish (folded: "cuándo" is "cuando"; "q", "xq", "pq" as typed).
QUESTION_WORDS = frozenset(
    "who whom whose what when where why how which is are was were did do does can could "
    "should would will has have had "
    "que q k quien quienes cuando donde adonde como cual cuales cuanto cuanta cuantos "
    "cuantas porque xq pq por es fue era hubo".split()
)
DECISIONS = {"answered": "answered", "suggest": "suggested", "no_match": "no_match"}


def looks_like_question(text: str) -> bool:
    text = text.strip()
    if text.endswith("?") or text.startswith("¿"):
        return True
    first = fold(text.split(maxsplit=1)[0]) if text else ""
    return first in QUESTION_WORDS


class ChannelAnswers(commands.Cog):
    def __init__(self, bot: CrisisBot) -> None:
        self.bot = bot

    @commands.Cog.listener("on_message")
    async def answer_message(self, message: discord.Message) -> None:
        try:
            decision = await self.decide_and_answer(message)
        except Exception as exc:
            if self.bot.stopping:  # the connection closed under it: counted, quietly
                self.bot.dropped_during_stop(exc)
                decision = "dropped: stopping"
            else:
                _log.exception("Failed to handle a message in channel %s", message.channel.id)
                decision = "failed"
        _log.debug("Message %s in channel %s: %s", message.id, message.channel.id, decision)
        self.bot.dispatch("crisisbot_decision", message, decision)

    def _channel_mode(self, message: discord.Message) -> ChannelMode:
        if message.guild is None:
            return "default"
        settings = self.bot.store.settings.get(message.guild.id)
        parent_id = getattr(message.channel, "parent_id", None)  # threads follow their channel
        return settings.channel_mode(message.channel.id, parent_id)

    async def decide_and_answer(self, message: discord.Message) -> str:
        me = self.bot.user
        if me is None or message.author.bot or message.webhook_id is not None:
            return "ignored: from a bot"
        question, mentioned = strip_mention(message.content, me.id)
        addressed = mentioned or message.guild is None  # a DM is always addressed to us
        mode = self._channel_mode(message)
        if mode == "off":
            return "silent: answers are switched off in this channel"
        if not addressed:
            if mode != "on":
                return "ignored: not addressed to the bot"
            return await self._maybe_answer_passively(message, question)
        self._read_as_server(message)
        return await self._answer_addressed(message, question)

    def _read_as_server(self, message: discord.Message) -> None:
        # A message carries no locale: a reply names commands as the server's members
        # most likely see them (only once a reply may be due: most messages get none).
        read_by(server_reader(self.bot, message.guild.id if message.guild else None))

    async def _maybe_answer_passively(self, message: discord.Message, question: str) -> str:
        if not question:
            return "silent: no text (is the message-content intent granted?)"
        if not looks_like_question(question):
            return "silent: not a question"
        engine = self.bot.engine
        guild_id = message.guild.id if message.guild else None
        # A message carries no locale: its text, else the server's language.
        result = ask(engine, question, default=server_language(self.bot, guild_id))
        if result.status != "answered" or result.score < self.bot.config.passive_min_score:
            return "silent: not confident"
        if self.bot.cooldown_left(message.author.id, guild_id) > 0:
            return "silent: cooldown"
        self.bot.answer_counts.answered(guild_id, message.author.id, question, result)
        self._read_as_server(message)
        answer = answer_for(engine, result, message.author)
        await reply_to_message(message, embed=answer.embed, view=answer.view)
        return "answered"

    async def _answer_addressed(self, message: discord.Message, question: str) -> str:
        # Every public reply counts against the cooldown, the help text included:
        # otherwise bare mentions (or "@bot @everyone") flood the channel with it.
        guild_id = message.guild.id if message.guild else None
        if self.bot.cooldown_left(message.author.id, guild_id) > 0:
            return "silent: cooldown"
        engine = self.bot.engine
        default = server_language(self.bot, guild_id)
        if not question:
            language = engine.for_language(default).language
            example = engine.for_language(language).pack.about.example
            for_example = message_text("for_example", language, example=example) if example else ""
            await reply_to_message(
                message, content=message_text("bare_mention", language, example=for_example)
            )
            return "help"
        result = ask(engine, question, default=default)
        self.bot.answer_counts.answered(guild_id, message.author.id, question, result)
        answer = answer_for(engine, result, message.author)
        if answer.status == "no_match":
            self.bot.log_unanswered(question, guild_id)  # queued; written behind the reply
        await reply_to_message(
            message, content=answer.content, embed=answer.embed, view=answer.view
        )
        return DECISIONS[answer.status]


async def setup(bot: CrisisBot) -> None:
    await bot.add_cog(ChannelAnswers(bot))
