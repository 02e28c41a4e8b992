"""``/fact [topic]``: a random cited fact, from any topic or the one picked."""

from __future__ import annotations

from typing import TYPE_CHECKING

from discord import app_commands
from discord.ext import commands

from .. import embeds, safe_text
from ..core.catalog import message
from ..utils.checks import cooldown
from ..utils.language import interaction_language
from ..utils.options import topic_choices
from ..utils.replies import NO_PINGS, send_private

if TYPE_CHECKING:
    from ..discord_bot import CrisisBot, Interaction


class Facts(commands.Cog):
    def __init__(self, bot: CrisisBot) -> None:
        self.bot = bot
        self.fact.description = embeds.cut(
            f"A random cited fact about {bot.engine.pack.about.short}", 100
        )

    @app_commands.command(name="fact", description="A random cited fact")
    @app_commands.describe(topic="Pick a topic (optional)")
    @cooldown()
    async def fact(self, interaction: Interaction, topic: str | None = None) -> None:
        engine = self.bot.engine
        language = interaction_language(interaction, topic or "")
        here = engine.for_language(language)
        # A topic may be named in the member's language or the pack's main one.
        entry = engine.languages.random_entry(topic, language)
        if entry is None:
            known = ", ".join(here.topic_names()) or message("none_yet", language)
            await send_private(
                interaction,
                embeds.cut(
                    message(
                        "fact_no_topic",
                        language,
                        topic=safe_text.inert(topic or "", 100),
                        topics=known,
                    ),
                    embeds.CONTENT_MAX,
                ),
            )
            return
        await interaction.response.send_message(
            embed=embeds.fact_embed(engine, entry, language=language), allowed_mentions=NO_PINGS
        )

    @fact.autocomplete("topic")
    async def fact_topic_autocomplete(
        self, interaction: Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        language = interaction_language(interaction, current)
        return topic_choices(self.bot.engine.for_language(language).topic_names(), current)


async def setup(bot: CrisisBot) -> None:
    await bot.add_cog(Facts(bot))
