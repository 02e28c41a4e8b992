"""``/fact [topic]``: a random cited fact, from any topic or the one picked."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from .. import embeds, safe_text
from .ask import refuse_on_cooldown

if TYPE_CHECKING:
    from ..discord_bot import CrisisBot

NONE = discord.AllowedMentions.none()


def topic_choices(topics: list[str], current: str) -> list[app_commands.Choice[str]]:
    wanted = current.casefold().strip()
    ranked = sorted(
        (t for t in topics if wanted in t.casefold()),
        key=lambda t: (not t.casefold().startswith(wanted), t.casefold()),
    )
    return [
        app_commands.Choice(name=embeds.choice_text(t), value=embeds.choice_text(t))
        for t in ranked[: embeds.CHOICES_MAX]
    ]


class Facts(commands.Cog):
    def __init__(self, bot: CrisisBot) -> None:
        self.bot = bot

    @app_commands.command(name="fact", description="A random cited fact about the crisis")
    @app_commands.describe(topic="Pick a topic (optional)")
    async def fact(self, interaction: discord.Interaction, topic: str | None = None) -> None:
        engine = self.bot.engine
        entry = engine.random_entry(topic)
        if entry is None:
            known = ", ".join(engine.topic_names()) or "none yet"
            await interaction.response.send_message(
                embeds.cut(
                    f'I have no topic called "{safe_text.inert(topic or "", 100)}". '
                    f"Topics: {known}. `/topics` lists them with their questions.",
                    embeds.CONTENT_MAX,
                ),
                ephemeral=True,
                allowed_mentions=NONE,
            )
            return
        if await refuse_on_cooldown(self.bot, interaction):
            return
        await interaction.response.send_message(
            embed=embeds.fact_embed(engine, entry), allowed_mentions=NONE
        )

    @fact.autocomplete("topic")
    async def fact_topic_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return topic_choices(self.bot.engine.topic_names(), current)


async def setup(bot: CrisisBot) -> None:
    await bot.add_cog(Facts(bot))
