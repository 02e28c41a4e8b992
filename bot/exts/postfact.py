"""``/postfact entry_or_topic [channel]``: a moderator posts a cited fact to a channel.

``entry_or_topic`` autocompletes entries (by question) and topics. A topic posts
the server's next fact from it that was not posted yet (the store's no-repeat
cycle, shared with the fact of the day); an entry posts that entry. Every post is
recorded with who posted it and when (``store.facts.record_post``).
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from .. import embeds, safe_text
from ..core import Engine, Entry
from ..core.catalog import message
from ..core.catalog.commands import reading
from ..limits import MAX_QUESTION_CHARS
from ..utils.checks import moderator_only
from ..utils.language import interaction_language, posting_language, server_reader
from ..utils.options import VisibleChannel
from ..utils.replies import NO_PINGS, send_private

if TYPE_CHECKING:
    from ..discord_bot import CrisisBot, Interaction

_log = logging.getLogger(__name__)
TOPIC_PREFIX = "topic:"


@dataclass(frozen=True)
class Target:
    """What ``entry_or_topic`` named: one entry, or a topic and its entries."""

    entry: Entry | None = None
    topic: str | None = None
    topic_entries: tuple[str, ...] = ()


def resolve(engine: Engine, text: str) -> Target | None:
    """An entry id, ``topic:<name>`` (autocomplete), a topic name, an entry's
    question, or else the entry a confident match answers with; None if nothing."""
    wanted = embeds.one_line(text)
    if not wanted:
        return None
    topics = engine.pack.topics()

    def topic_target(name: str) -> Target | None:
        for topic, entries in topics.items():
            if embeds.one_line(topic).casefold() == embeds.one_line(name).casefold():
                return Target(topic=topic, topic_entries=tuple(e.id for e in entries))
        return None

    if wanted.casefold().startswith(TOPIC_PREFIX):
        return topic_target(wanted[len(TOPIC_PREFIX) :])
    entry = engine.entry(wanted)
    if entry is not None:
        return Target(entry=entry)
    found = topic_target(wanted)
    if found is not None:
        return found
    folded = wanted.casefold()
    for entry in engine.pack.entries.values():
        if embeds.one_line(entry.question).casefold() == folded:
            return Target(entry=entry)
    result = engine.ask(wanted)
    if result.status == "answered" and result.entry is not None:
        return Target(entry=result.entry)
    return None


def choices(engine: Engine, current: str, language: str = "en") -> list[app_commands.Choice[str]]:
    """Matching topics first, then entries (value: the entry id)."""
    wanted = embeds.one_line(current).casefold()
    out: list[app_commands.Choice[str]] = []
    for topic, entries in engine.pack.topics().items():
        if wanted in topic.casefold():
            name = message(
                "postfact_topic_choice", language, topic=embeds.one_line(topic), count=len(entries)
            )
            value = TOPIC_PREFIX + topic
            if len(value) <= embeds.CHOICE_MAX:
                out.append(app_commands.Choice(name=embeds.choice_text(name), value=value))
    seen: set[str] = set()
    for suggestion in engine.complete(current[:MAX_QUESTION_CHARS], limit=embeds.CHOICES_MAX):
        entry = suggestion.entry
        if entry.id in seen or len(entry.id) > embeds.CHOICE_MAX:
            continue
        seen.add(entry.id)
        out.append(app_commands.Choice(name=embeds.choice_text(entry.question), value=entry.id))
    return out[: embeds.CHOICES_MAX]


class PostFact(commands.Cog):
    def __init__(self, bot: CrisisBot) -> None:
        self.bot = bot

    async def _pick(self, guild_id: int, engine: Engine, target: Target) -> Entry | None:
        if target.entry is not None:
            return target.entry
        entry_id = await asyncio.to_thread(
            self.bot.store.facts.next_fact,
            guild_id,
            list(engine.pack.entries),
            among=target.topic_entries,
        )
        return engine.entry(entry_id) if entry_id else None

    @app_commands.command(name="postfact", description="Moderators: post a cited fact")
    @app_commands.describe(
        entry_or_topic="A question (entry) or a topic; a topic posts its next unposted fact",
        channel="Where to post (default: this channel)",
    )
    @app_commands.guild_only()
    @app_commands.default_permissions(manage_messages=True)
    @moderator_only()
    async def postfact(
        self,
        interaction: Interaction,
        entry_or_topic: str,
        channel: VisibleChannel | None = None,
    ) -> None:
        guild_id = interaction.guild_id
        assert guild_id is not None
        engine = self.bot.engine
        said = interaction_language(interaction)  # the moderator's replies
        posted_in = posting_language(self.bot, guild_id)  # the post: the server's language
        target = resolve(engine, entry_or_topic)
        if target is None:
            text = safe_text.inert(entry_or_topic, 200)
            await send_private(
                interaction,
                embeds.cut(message("postfact_unknown", said, text=text), embeds.CONTENT_MAX),
            )
            return
        destination: object = interaction.channel
        destination_id = channel.id if channel is not None else interaction.channel_id
        if channel is not None:
            destination = self.bot.get_channel(channel.id) or channel
        if not isinstance(destination, discord.abc.Messageable):
            await send_private(interaction, message("postfact_not_here", said))
            return
        await interaction.response.defer(ephemeral=True, thinking=True)
        entry = await self._pick(guild_id, engine, target)
        if entry is None:
            await send_private(interaction, message("postfact_topic_empty", said))
            return
        entry = engine.for_language(posted_in).entry(entry.id) or entry
        label = message("fact_label", posted_in)
        with reading(server_reader(self.bot, interaction.guild_id)):  # the channel reads it
            fact = embeds.fact_embed(engine, entry, label, posted_in)
        try:
            post = await destination.send(embed=fact, allowed_mentions=NO_PINGS)
        except (discord.Forbidden, discord.NotFound):
            await send_private(
                interaction, message("postfact_cannot_post", said, channel=destination_id)
            )
            return
        channel_id = post.channel.id
        try:
            await asyncio.to_thread(
                self.bot.store.facts.record_post,
                guild_id,
                channel_id,
                entry.id,
                interaction.user.id,
                message_id=post.id,
            )
        except Exception:  # the post is out; the history is the lesser loss
            _log.exception("Could not record the fact posted in channel %s", channel_id)
        how = message("postfact_next_from", said, topic=target.topic) if target.topic else ""
        text = message(
            "postfact_posted",
            said,
            question=embeds.one_line(entry.question),
            how=how,
            channel=channel_id,
            url=post.jump_url,
        )
        await send_private(interaction, embeds.cut(text, embeds.CONTENT_MAX))

    @postfact.autocomplete("entry_or_topic")
    async def postfact_autocomplete(
        self, interaction: Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return choices(self.bot.engine, current, interaction_language(interaction, current))


async def setup(bot: CrisisBot) -> None:
    await bot.add_cog(PostFact(bot))
