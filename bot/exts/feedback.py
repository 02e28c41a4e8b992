"""Feedback on answers: the "Helpful" and "Report a problem" buttons, the report form,
and the moderators' review-queue buttons.

The buttons live in ``bot/utils/feedback.py`` and ``bot/utils/review.py`` (answers
everywhere carry them); this extension registers them with the bot and routes
submitted report forms, by their custom id, to ``submit_report``. ``/kb feedback``
and ``/kb stats`` are in the ``/kb`` group (``kb.py``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord.ext import commands

from ..utils.feedback import FEEDBACK_BUTTONS, submit_report
from ..utils.review import REVIEW_BUTTONS

if TYPE_CHECKING:
    from ..discord_bot import CrisisBot, Interaction


class Feedback(commands.Cog):
    def __init__(self, bot: CrisisBot) -> None:
        self.bot = bot

    @commands.Cog.listener()
    async def on_interaction(self, interaction: Interaction) -> None:
        if interaction.type is discord.InteractionType.modal_submit:
            await submit_report(interaction)


async def setup(bot: CrisisBot) -> None:
    bot.add_dynamic_items(*FEEDBACK_BUTTONS, *REVIEW_BUTTONS)
    await bot.add_cog(Feedback(bot))


async def teardown(bot: CrisisBot) -> None:
    bot.remove_dynamic_items(*FEEDBACK_BUTTONS, *REVIEW_BUTTONS)
