"""``/ask``: a cited answer, autocomplete while typing, "did you mean" buttons when unsure."""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from .. import embeds
from ..core import MatchResult

if TYPE_CHECKING:
    from ..discord_bot import CrisisBot

_log = logging.getLogger(__name__)
NONE = discord.AllowedMentions.none()
QUESTION_MAX = 300  # longer questions are cut (the matcher reads no further anyway)


class PickSuggestion(
    discord.ui.DynamicItem[discord.ui.Button],
    template=r"crisisbot:pick:(?P<entry>[A-Za-z0-9_-]+):(?P<user>[0-9]+)",
):
    """A "did you mean" button. Its custom id carries the entry and the asker, so it
    keeps working after a restart, and only the asker can use it."""

    def __init__(self, entry_id: str, user_id: int, label: str = "?") -> None:
        super().__init__(
            discord.ui.Button(
                label=embeds.button_label(label),
                style=discord.ButtonStyle.secondary,
                custom_id=f"crisisbot:pick:{entry_id}:{user_id}",
            )
        )
        self.entry_id = entry_id
        self.user_id = user_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Button, match: re.Match[str]
    ) -> PickSuggestion:
        return cls(match["entry"], int(match["user"]), item.label or "?")

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        if interaction.user.id == self.user_id:
            return True
        await interaction.response.send_message(
            "These suggestions are for the person who asked. Ask your own question with `/ask`.",
            ephemeral=True,
            allowed_mentions=NONE,
        )
        return False

    async def callback(self, interaction: discord.Interaction) -> None:
        bot: CrisisBot = interaction.client  # type: ignore[assignment]
        entry = bot.engine.entry(self.entry_id)
        if entry is None:  # the pack was reloaded without it
            await interaction.response.edit_message(
                content=embeds.no_match_text(bot.engine),
                embed=None,
                view=None,
                allowed_mentions=NONE,
            )
            return
        embed = embeds.entry_embed(
            bot.engine, entry, footer=f"Picked from the suggestions · Topic: {entry.topic}"
        )
        await interaction.response.edit_message(embed=embed, view=None, allowed_mentions=NONE)


class ShowEntry(
    discord.ui.DynamicItem[discord.ui.Button],
    template=r"crisisbot:show:(?P<entry>[A-Za-z0-9_-]+)",
):
    """An "Also relevant" button under an answer to a question that asked several
    things: shows that entry's cited answer to whoever clicks, to them alone, so the
    channel is not flooded. Its custom id carries the entry, so it survives restarts."""

    def __init__(self, entry_id: str, label: str = "?") -> None:
        super().__init__(
            discord.ui.Button(
                label=embeds.button_label(label),
                style=discord.ButtonStyle.secondary,
                custom_id=f"crisisbot:show:{entry_id}",
            )
        )
        self.entry_id = entry_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Button, match: re.Match[str]
    ) -> ShowEntry:
        return cls(match["entry"], item.label or "?")

    async def callback(self, interaction: discord.Interaction) -> None:
        bot: CrisisBot = interaction.client  # type: ignore[assignment]
        entry = bot.engine.entry(self.entry_id)
        if entry is None:  # the pack was reloaded without it
            await interaction.response.send_message(
                embeds.no_match_text(bot.engine), ephemeral=True, allowed_mentions=NONE
            )
            return
        embed = embeds.entry_embed(
            bot.engine, entry, footer=f"Also relevant · Topic: {entry.topic}"
        )
        await interaction.response.send_message(embed=embed, ephemeral=True, allowed_mentions=NONE)


def _add_if_routable(view: discord.ui.View, button: PickSuggestion | ShowEntry) -> None:
    """Add the button unless its custom id would not come back to it: over Discord's
    100 characters, or an entry id its template does not match (the embed still
    names the entry)."""
    custom_id = button.item.custom_id or ""
    pattern = type(button).__discord_ui_compiled_template__
    if len(custom_id) <= embeds.CUSTOM_ID_MAX and pattern.fullmatch(custom_id):
        view.add_item(button)


def answer_view(result: MatchResult) -> discord.ui.View | None:
    """Buttons for the other parts of a question that asked several things, if any."""
    view = discord.ui.View(timeout=None)
    for other in result.also:
        _add_if_routable(view, ShowEntry(other.entry.id, f"Also: {other.entry.question}"))
    return view if view.children else None


def suggestion_view(result: MatchResult, user_id: int) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    for number, suggestion in enumerate(result.suggestions[:3], 1):
        _add_if_routable(
            view,
            PickSuggestion(suggestion.entry.id, user_id, f"{number}. {suggestion.entry.question}"),
        )
    return view


async def reply_to_question(
    bot: CrisisBot, interaction: discord.Interaction, question: str
) -> MatchResult:
    """Answer ``question`` as the response to ``interaction``; returns the match."""
    result = bot.engine.ask(embeds.clean_question(question[: QUESTION_MAX * 2])[:QUESTION_MAX])
    if result.status == "answered":
        view = answer_view(result)
        await interaction.response.send_message(
            embed=embeds.answer_embed(bot.engine, result),
            allowed_mentions=NONE,
            view=view or discord.utils.MISSING,  # MISSING: no components at all
        )
    elif result.status == "suggest" and result.suggestions:
        await interaction.response.send_message(
            embed=embeds.suggestions_embed(result, interaction.user.display_name),
            view=suggestion_view(result, interaction.user.id),
            allowed_mentions=NONE,
        )
    else:
        bot.log_unanswered(question, interaction.guild_id)  # queued; written behind the reply
        await interaction.response.send_message(
            embeds.no_match_text(bot.engine), ephemeral=True, allowed_mentions=NONE
        )
    return result


async def refuse_on_cooldown(bot: CrisisBot, interaction: discord.Interaction) -> bool:
    """True (and a polite ephemeral reply) if the user must wait before another answer."""
    left = bot.cooldown_left(interaction.user.id, interaction.guild_id)
    if left <= 0:
        return False
    await interaction.response.send_message(
        f"One moment: you can ask again in {max(1, round(left))} s.",
        ephemeral=True,
        allowed_mentions=NONE,
    )
    return True


class Ask(commands.Cog):
    def __init__(self, bot: CrisisBot) -> None:
        self.bot = bot

    async def cog_load(self) -> None:
        self.bot.add_dynamic_items(PickSuggestion, ShowEntry)

    async def cog_unload(self) -> None:
        self.bot.remove_dynamic_items(PickSuggestion, ShowEntry)

    @app_commands.command(name="ask", description="Ask about the 1996-97 Lima hostage crisis")
    @app_commands.describe(question="Your question, e.g. When did the crisis begin?")
    async def ask(self, interaction: discord.Interaction, question: str) -> None:
        if await refuse_on_cooldown(self.bot, interaction):
            return
        await reply_to_question(self.bot, interaction, question)

    @ask.autocomplete("question")
    async def ask_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        suggestions = self.bot.engine.complete(current[:QUESTION_MAX], limit=embeds.CHOICES_MAX)
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
