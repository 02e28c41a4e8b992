"""The buttons under answers: "did you mean" suggestions and "also relevant" entries.

Both are ``DynamicItem``\\ s: the custom id carries what the button shows, so a button
keeps working after a restart without the bot remembering any message. The bot
registers them once (``CrisisBot.setup_hook``).
"""

from __future__ import annotations

import re
from typing import Any

import discord

from .. import embeds
from ..core import MatchResult
from ..core.catalog import message
from .replies import NO_PINGS, send_private

# Buttons override discord.py's generic methods, so they take any client's
# interaction; the client is always the CrisisBot.
Interaction = discord.Interaction[Any]


class PickSuggestion(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=r"crisisbot:pick:(?P<entry>[A-Za-z0-9_-]+):(?P<user>[0-9]+)(?::(?P<lang>[a-z]{2}))?",
):
    """A "did you mean" button. Its custom id carries the entry, the asker and the
    language of the question, so it keeps working after a restart, shows the entry in
    that language, and only the asker can use it (buttons from before languages carry
    none: the main one)."""

    def __init__(self, entry_id: str, user_id: int, label: str = "?", language: str = "en") -> None:
        super().__init__(
            discord.ui.Button(
                label=embeds.button_label(label),
                style=discord.ButtonStyle.secondary,
                custom_id=f"crisisbot:pick:{entry_id}:{user_id}:{language}",
            )
        )
        self.entry_id = entry_id
        self.user_id = user_id
        self.language = language

    @classmethod
    async def from_custom_id(
        cls, interaction: Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> PickSuggestion:
        label = item.label if isinstance(item, discord.ui.Button) else None
        language = match["lang"] or interaction.client.engine.language
        return cls(match["entry"], int(match["user"]), label or "?", language)

    async def interaction_check(self, interaction: Interaction, /) -> bool:
        if interaction.user.id == self.user_id:
            return True
        await send_private(interaction, message("suggestions_not_yours", self.language))
        return False

    async def callback(self, interaction: Interaction) -> None:
        engine = interaction.client.engine
        language = engine.for_language(self.language).language
        entry = engine.for_language(language).entry(self.entry_id)
        if entry is None:  # the pack was reloaded without it
            await interaction.response.edit_message(
                content=embeds.no_match_text(engine, language),
                embed=None,
                view=None,
                allowed_mentions=NO_PINGS,
            )
            return
        footer = message("picked_footer", language, topic=entry.topic)
        embed = embeds.entry_embed(engine, entry, footer=footer, language=language)
        await interaction.response.edit_message(embed=embed, view=None, allowed_mentions=NO_PINGS)


class ShowEntry(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=r"crisisbot:show:(?P<entry>[A-Za-z0-9_-]+)(?::(?P<lang>[a-z]{2}))?",
):
    """An "Also relevant" button under an answer to a question that asked several
    things: shows that entry's cited answer to whoever clicks, to them alone, so the
    channel is not flooded. Its custom id carries the entry, so it survives restarts."""

    def __init__(self, entry_id: str, label: str = "?", language: str = "en") -> None:
        super().__init__(
            discord.ui.Button(
                label=embeds.button_label(label),
                style=discord.ButtonStyle.secondary,
                custom_id=f"crisisbot:show:{entry_id}:{language}",
            )
        )
        self.entry_id = entry_id
        self.language = language

    @classmethod
    async def from_custom_id(
        cls, interaction: Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> ShowEntry:
        label = item.label if isinstance(item, discord.ui.Button) else None
        language = match["lang"] or interaction.client.engine.language
        return cls(match["entry"], label or "?", language)

    async def callback(self, interaction: Interaction) -> None:
        engine = interaction.client.engine
        language = engine.for_language(self.language).language
        entry = engine.for_language(language).entry(self.entry_id)
        if entry is None:  # the pack was reloaded without it
            await send_private(interaction, embeds.no_match_text(engine, language))
            return
        footer = message("also_footer", language, topic=entry.topic)
        embed = embeds.entry_embed(engine, entry, footer=footer, language=language)
        await interaction.response.send_message(
            embed=embed, ephemeral=True, allowed_mentions=NO_PINGS
        )


DYNAMIC_ITEMS = (PickSuggestion, ShowEntry)


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
        label = message("also_button", result.language, question=other.entry.question)
        _add_if_routable(view, ShowEntry(other.entry.id, label, result.language))
    return view if view.children else None


def suggestion_view(result: MatchResult, user_id: int) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    for number, suggestion in enumerate(result.suggestions[:3], 1):
        _add_if_routable(
            view,
            PickSuggestion(
                suggestion.entry.id,
                user_id,
                f"{number}. {suggestion.entry.question}",
                result.language,
            ),
        )
    return view
