"""``/disputes``: every point where the pack's sources disagree (the 17 or 18 December
start, the hostages taken, the size of the force, the raid's length, 126 or 127
days...), with who says what.

Contested history is part of the answer: the entries that record a disagreement are
marked ``disputed`` in the pack, and their answers carry a "Sources disagree" button
(``bot/utils/views.py``); this lists them all, paged like ``/sources``, to the member
alone. ``crisisbot disputes`` prints the same.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from discord import app_commands
from discord.ext import commands

from .. import embeds
from ..utils.language import interaction_language
from ..utils.replies import NO_PINGS

if TYPE_CHECKING:
    from ..discord_bot import CrisisBot, Interaction


class Disputes(commands.Cog):
    def __init__(self, bot: CrisisBot) -> None:
        self.bot = bot

    @app_commands.command(name="disputes", description="Where the sources disagree")
    @app_commands.describe(page="Page number, if there are several")
    async def disputes(
        self, interaction: Interaction, page: app_commands.Range[int, 1, 100] = 1
    ) -> None:
        pages = embeds.disputes_pages(self.bot.engine, interaction_language(interaction))
        await interaction.response.send_message(
            embed=pages[min(page, len(pages)) - 1], ephemeral=True, allowed_mentions=NO_PINGS
        )


async def setup(bot: CrisisBot) -> None:
    await bot.add_cog(Disputes(bot))
