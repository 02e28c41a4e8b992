"""``/sources``, ``/topics`` and ``/help``: what the bot knows and how to ask it.

These answer ephemerally (only the person asking sees them), so browsing never
fills a channel.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from discord import app_commands
from discord.ext import commands

from .. import embeds, safe_text
from ..core.catalog import message
from ..utils.language import interaction_language
from ..utils.options import topic_choices
from ..utils.replies import NO_PINGS

if TYPE_CHECKING:
    from ..discord_bot import CrisisBot, Interaction


class Info(commands.Cog):
    def __init__(self, bot: CrisisBot) -> None:
        self.bot = bot

    @app_commands.command(name="sources", description="The sources the answers cite")
    @app_commands.describe(page="Page number, if there are several")
    async def sources(
        self, interaction: Interaction, page: app_commands.Range[int, 1, 100] = 1
    ) -> None:
        pages = embeds.sources_pages(self.bot.engine, interaction_language(interaction))
        embed = pages[min(page, len(pages)) - 1]
        await interaction.response.send_message(
            embed=embed, ephemeral=True, allowed_mentions=NO_PINGS
        )

    @app_commands.command(name="topics", description="What I can answer, by topic")
    @app_commands.describe(topic="Show the questions in one topic")
    async def topics(self, interaction: Interaction, topic: str | None = None) -> None:
        engine = self.bot.engine
        language = interaction_language(interaction, topic or "")
        embed = (
            embeds.topics_embed(engine, language)
            if topic is None
            else embeds.topic_embed(engine, topic, language)
        )
        if embed is None:
            embed = embeds.topics_embed(engine, language)
            unknown = message("no_topic_called", language, topic=safe_text.inert(topic or "", 100))
            embed.description = unknown + (embed.description or "")
            embeds.fit(embed)
        await interaction.response.send_message(
            embed=embed, ephemeral=True, allowed_mentions=NO_PINGS
        )

    @topics.autocomplete("topic")
    async def topics_autocomplete(
        self, interaction: Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        language = interaction_language(interaction, current)
        return topic_choices(self.bot.engine.for_language(language).topic_names(), current)

    @app_commands.command(name="help", description="What this bot does and how to ask it")
    async def help(self, interaction: Interaction) -> None:
        await interaction.response.send_message(
            embed=embeds.help_embed(self.bot.engine, interaction_language(interaction)),
            ephemeral=True,
            allowed_mentions=NO_PINGS,
        )


async def setup(bot: CrisisBot) -> None:
    await bot.add_cog(Info(bot))
