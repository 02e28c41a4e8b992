"""``/postfact entry_or_topic [channel]``: a moderator posts a cited fact to a channel.

``entry_or_topic`` autocompletes entries (by question) and topics. A topic posts
the server's next fact from it that was not posted yet (the store's no-repeat
cycle, shared with the fact of the day); an entry posts that entry. Every post is
recorded with who posted it and when (``Store.record_post``).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from .. import embeds, safe_text
from ..core import Engine, Entry
from ..errors import VisibleTextChannel
from .config import refuse_unless_moderator

if TYPE_CHECKING:
    from ..discord_bot import CrisisBot

_log = logging.getLogger(__name__)
NONE = discord.AllowedMentions.none()
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


def choices(engine: Engine, current: str) -> list[app_commands.Choice[str]]:
    """Matching topics first, then entries (value: the entry id)."""
    wanted = embeds.one_line(current).casefold()
    out: list[app_commands.Choice[str]] = []
    for topic, entries in engine.pack.topics().items():
        if wanted in topic.casefold():
            name = f"Topic: {embeds.one_line(topic)} (next unposted of {len(entries)})"
            value = TOPIC_PREFIX + topic
            if len(value) <= embeds.CHOICE_MAX:
                out.append(app_commands.Choice(name=embeds.choice_text(name), value=value))
    seen: set[str] = set()
    for suggestion in engine.complete(current[:300], limit=embeds.CHOICES_MAX):
        entry = suggestion.entry
        if entry.id in seen or len(entry.id) > embeds.CHOICE_MAX:
            continue
        seen.add(entry.id)
        out.append(app_commands.Choice(name=embeds.choice_text(entry.question), value=entry.id))
    return out[: embeds.CHOICES_MAX]


def posted_fact_embed(engine: Engine, entry: Entry) -> discord.Embed:
    return embeds.entry_embed(
        engine, entry, footer=f"Fact · Topic: {entry.topic} · /ask for more, /topics for the rest"
    )


class PostFact(commands.Cog):
    def __init__(self, bot: CrisisBot) -> None:
        self.bot = bot

    def _pick(self, guild_id: int, engine: Engine, target: Target) -> Entry | None:
        if target.entry is not None:
            return target.entry
        next_fact = getattr(self.bot.settings, "next_fact", None)
        if next_fact is None:  # memory settings: no history to follow
            return engine.random_entry(target.topic)
        entry_id = next_fact(guild_id, list(engine.pack.entries), among=target.topic_entries)
        return engine.entry(entry_id) if entry_id else None

    @app_commands.command(name="postfact", description="Moderators: post a cited fact")
    @app_commands.describe(
        entry_or_topic="A question (entry) or a topic; a topic posts its next unposted fact",
        channel="Where to post (default: this channel)",
    )
    @app_commands.guild_only()
    @app_commands.default_permissions(manage_messages=True)
    async def postfact(
        self,
        interaction: discord.Interaction,
        entry_or_topic: str,
        channel: app_commands.Transform[discord.TextChannel, VisibleTextChannel] | None = None,
    ) -> None:
        if await refuse_unless_moderator(self.bot, interaction):
            return
        guild_id = interaction.guild_id
        assert guild_id is not None
        engine = self.bot.engine
        target = resolve(engine, entry_or_topic)
        if target is None:
            await interaction.response.send_message(
                embeds.cut(
                    f'I have no entry or topic called "{safe_text.inert(entry_or_topic, 200)}". '
                    "Pick one from the suggestions as you type. Nothing was posted.",
                    embeds.CONTENT_MAX,
                ),
                ephemeral=True,
                allowed_mentions=NONE,
            )
            return
        destination = interaction.channel
        if channel is not None:
            destination = self.bot.get_channel(channel.id) or channel
        if destination is None or not hasattr(destination, "send"):
            await interaction.response.send_message(
                "I can't post in this channel. Nothing was posted.",
                ephemeral=True,
                allowed_mentions=NONE,
            )
            return
        await interaction.response.defer(ephemeral=True, thinking=True)
        entry = self._pick(guild_id, engine, target)
        if entry is None:
            await interaction.followup.send(
                "That topic has no facts. Nothing was posted.", ephemeral=True
            )
            return
        try:
            message = await destination.send(  # type: ignore[union-attr]
                embed=posted_fact_embed(engine, entry), allowed_mentions=NONE
            )
        except (discord.Forbidden, discord.NotFound):
            await interaction.followup.send(
                f"I can't post in <#{destination.id}> (missing permission, or the channel is "
                "gone). Nothing was posted.",
                ephemeral=True,
                allowed_mentions=NONE,
            )
            return
        record = getattr(self.bot.settings, "record_post", None)
        if record is not None:
            try:
                record(
                    guild_id, destination.id, entry.id, interaction.user.id, message_id=message.id
                )
            except Exception:  # the post is out; the history is the lesser loss
                _log.exception("Could not record the fact posted in channel %s", destination.id)
        how = f' (next unposted from "{target.topic}")' if target.topic else ""
        await interaction.followup.send(
            embeds.cut(
                f'Posted "{embeds.one_line(entry.question)}"{how} in <#{destination.id}>: '
                f"{message.jump_url}",
                embeds.CONTENT_MAX,
            ),
            ephemeral=True,
            allowed_mentions=NONE,
        )

    @postfact.autocomplete("entry_or_topic")
    async def postfact_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return choices(self.bot.engine, current)


async def setup(bot: CrisisBot) -> None:
    await bot.add_cog(PostFact(bot))
