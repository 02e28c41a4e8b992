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

Every message ends in a decision, dispatched as the ``crisisbot_decision`` event
(``on_crisisbot_decision(message, decision)``) for logs and tests: "answered",
"suggested", "no_match", "help", or "silent: <why>" / "ignored: <why>".
"""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING

import discord
from discord.ext import commands

from .. import embeds
from .ask import QUESTION_MAX, answer_view, suggestion_view

if TYPE_CHECKING:
    from ..discord_bot import CrisisBot

_log = logging.getLogger(__name__)
NONE = discord.AllowedMentions.none()

QUESTION_WORDS = frozenset(
    "who whom whose what when where why how which is are was were did do does can could "
    "should would will has have had".split()
)


def looks_like_question(text: str) -> bool:
    text = text.strip()
    if text.endswith("?"):
        return True
    first = text.split(maxsplit=1)[0].casefold().strip(",.:;!") if text else ""
    return first in QUESTION_WORDS


def strip_mention(content: str, user_id: int) -> tuple[str, bool]:
    """The text without the bot's mention, and whether the mention was there."""
    pattern = re.compile(rf"<@!?{user_id}>")
    stripped, count = pattern.subn(" ", content)
    return embeds.clean_question(stripped), count > 0


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

    def _channel_switch(self, message: discord.Message) -> bool | None:
        """True: a moderator switched this channel on; False: off; None: neither."""
        if message.guild is None:
            return None
        settings = self.bot.settings.get_settings(message.guild.id)
        ids = {message.channel.id}
        parent_id = getattr(message.channel, "parent_id", None)  # threads follow their channel
        if parent_id:
            ids.add(parent_id)
        if ids & settings.disabled_channels:
            return False
        if ids & settings.enabled_channels:
            return True
        return None

    async def decide_and_answer(self, message: discord.Message) -> str:
        me = self.bot.user
        if me is None or message.author.bot or message.webhook_id is not None:
            return "ignored: from a bot"
        question, mentioned = strip_mention(message.content, me.id)
        addressed = mentioned or message.guild is None  # a DM is always addressed to us
        switch = self._channel_switch(message)
        if switch is False:
            return "silent: answers are switched off in this channel"
        if not addressed:
            if switch is not True:
                return "ignored: not addressed to the bot"
            return await self._maybe_answer_passively(message, question)
        return await self._answer_addressed(message, question)

    async def _maybe_answer_passively(self, message: discord.Message, question: str) -> str:
        if not question:
            return "silent: no text (is the message-content intent granted?)"
        if not looks_like_question(question):
            return "silent: not a question"
        result = self.bot.engine.ask(question[:QUESTION_MAX])
        if result.status != "answered" or result.score < self.bot.config.passive_min_score:
            return "silent: not confident"
        guild_id = message.guild.id if message.guild else None
        if self.bot.cooldown_left(message.author.id, guild_id) > 0:
            return "silent: cooldown"
        await self._reply(
            message, embed=embeds.answer_embed(self.bot.engine, result), view=answer_view(result)
        )
        return "answered"

    async def _answer_addressed(self, message: discord.Message, question: str) -> str:
        # Every public reply counts against the cooldown, the help text included:
        # otherwise bare mentions (or "@bot @everyone") flood the channel with it.
        guild_id = message.guild.id if message.guild else None
        if self.bot.cooldown_left(message.author.id, guild_id) > 0:
            return "silent: cooldown"
        if not question:
            await self._reply(
                message,
                content="Ask me a question after the mention, for example "
                "*When did the hostage crisis begin?* See `/help` for more.",
            )
            return "help"
        engine = self.bot.engine
        result = engine.ask(question[:QUESTION_MAX])
        if result.status == "answered":
            await self._reply(
                message, embed=embeds.answer_embed(engine, result), view=answer_view(result)
            )
            return "answered"
        if result.status == "suggest" and result.suggestions:
            await self._reply(
                message,
                embed=embeds.suggestions_embed(result, message.author.display_name),
                view=suggestion_view(result, message.author.id),
            )
            return "suggested"
        self.bot.log_unanswered(question, guild_id)  # queued; written behind the reply
        await self._reply(message, content=embeds.no_match_text(self.bot.engine))
        return "no_match"

    async def _reply(
        self,
        message: discord.Message,
        *,
        content: str | None = None,
        embed: discord.Embed | None = None,
        view: discord.ui.View | None = None,
    ) -> None:
        kwargs = {"view": view} if view is not None else {}
        try:
            await message.reply(
                content=content,
                embed=embed,
                mention_author=False,
                allowed_mentions=NONE,
                **kwargs,
            )
        except discord.Forbidden:
            _log.warning("No permission to reply in channel %s", message.channel.id)


async def setup(bot: CrisisBot) -> None:
    await bot.add_cog(ChannelAnswers(bot))
