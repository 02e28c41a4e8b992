"""``/ask``: a cited answer, autocomplete while typing, "did you mean" buttons when unsure;
``private:True`` shows it to the asker alone, to check a fact before posting it.

The command's description names the pack's subject (``about.short``), read when the
extension loads: a bot running another pack never mentions Lima.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from discord import app_commands
from discord.ext import commands

from .. import embeds
from ..limits import MAX_QUESTION_CHARS
from ..utils.answers import answer_interaction
from ..utils.checks import check_cooldown
from ..utils.language import interaction_language

if TYPE_CHECKING:
    from ..discord_bot import CrisisBot, Interaction


class Ask(commands.Cog):
    def __init__(self, bot: CrisisBot) -> None:
        self.bot = bot
        about = bot.engine.pack.about
        self.ask.description = embeds.cut(f"Ask about {about.short}", 100)
        if about.example:  # the parameter is shared with the class: replace, not change
            # A locale_str, so the translator gives Spanish clients their text too.
            example = app_commands.locale_str(
                embeds.cut(f"Your question, e.g. {about.example}", 100)
            )
            question = self.ask._params["question"]
            self.ask._params["question"] = dataclasses.replace(question, description=example)

    @app_commands.command(name="ask", description="Ask a question")
    @app_commands.describe(
        question="Your question",
        private="Only you see the answer (check a fact before posting it)",
    )
    async def ask(self, interaction: Interaction, question: str, private: bool = False) -> None:
        if not private:  # a private answer floods no channel: no cooldown
            check_cooldown(interaction)
        await answer_interaction(interaction, question, private=private)

    @ask.autocomplete("question")
    async def ask_autocomplete(
        self, interaction: Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        # Suggestions in the language being typed (the member's locale while it is short).
        engine = self.bot.engine.for_language(interaction_language(interaction, current))
        suggestions = engine.complete(current[:MAX_QUESTION_CHARS], limit=embeds.CHOICES_MAX)
        choices: list[app_commands.Choice[str]] = []
        seen: set[str] = set()
        for suggestion in suggestions:
            text = embeds.choice_text(suggestion.entry.question)
            if text not in seen:
                seen.add(text)
                choices.append(app_commands.Choice(name=text, value=text))
        return choices


async def setup(bot: CrisisBot) -> None:
    await bot.add_cog(Ask(bot))
