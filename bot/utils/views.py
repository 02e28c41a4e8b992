"""The buttons under answers: "did you mean" suggestions, "also relevant" and "read
next" entries, and "Sources disagree".

All are ``DynamicItem``\\ s: the custom id carries what the button shows, so a button
keeps working after a restart without the bot remembering any message. The bot
registers them once (``CrisisBot.setup_hook``).

Rows under an answer (``answer_view``): row 0 is kept for the feedback buttons every
answer carries; row 1 holds "Sources disagree" and the "Also" buttons, row 2 the
"Read next" ones. Discord allows 5 rows of 5 buttons.

Every custom id ends with the language of the question (":es"), so a click shows the
entry and its frame in that language (buttons from before languages carry none: the
pack's main one). What the buttons say is in the message catalog
(``bot/core/catalog/answers.py``).
"""

from __future__ import annotations

import re
from typing import Any

import discord

from .. import embeds
from ..core import Engine, MatchResult
from ..core.catalog import message
from ..core.pack import Entry
from .feedback import add_feedback_buttons
from .language import read_as_member
from .replies import NO_PINGS, send_private

_LANGUAGE = r"(?::(?P<lang>[a-z]{2}))?"  # the question's language, at the end of an id

# The rows of an answer's buttons (row 0 is the feedback buttons').
DISPUTE_ROW = ALSO_ROW = 1
READ_NEXT_ROW = 2

# Buttons override discord.py's generic methods, so they take any client's
# interaction; the client is always the CrisisBot.
Interaction = discord.Interaction[Any]


def _entry_in(engine: Engine, entry_id: str, language: str) -> tuple[str, Entry | None]:
    """The language a button's entry is shown in (the pack's main one if it lacks
    ``language``) and the entry in it (None: a reload removed it)."""
    here = engine.for_language(language)
    return here.language, here.entry(entry_id)


class PickSuggestion(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=r"crisisbot:pick:(?P<entry>[A-Za-z0-9_-]+):(?P<user>[0-9]+)" + _LANGUAGE,
):
    """A "did you mean" button. Its custom id carries the entry, the asker and the
    question's language, so it keeps working after a restart, and only the asker can
    use it."""

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
        read_as_member(interaction)
        if interaction.user.id == self.user_id:
            return True
        await send_private(interaction, message("suggestions_not_yours", self.language))
        return False

    async def callback(self, interaction: Interaction) -> None:
        read_as_member(interaction)
        engine = interaction.client.engine
        language, entry = _entry_in(engine, self.entry_id, self.language)
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
        interaction.client.answer_counts.picked(interaction.guild_id, self.user_id, entry.id)
        await interaction.response.edit_message(
            embed=embed, view=entry_view(engine, entry, language), allowed_mentions=NO_PINGS
        )


class ShowEntry(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=r"crisisbot:show:(?P<entry>[A-Za-z0-9_-]+)(?P<next>:next)?" + _LANGUAGE,
):
    """An "Also relevant" button under an answer to a question that asked several
    things, or a "Read next" one (``read_next``: from the entry's ``related`` ids):
    shows that entry's cited answer to whoever clicks, to them alone, so the channel
    is not flooded. Its custom id carries the entry, so it survives restarts."""

    def __init__(
        self,
        entry_id: str,
        label: str = "?",
        *,
        read_next: bool = False,
        row: int | None = None,
        language: str = "en",
    ) -> None:
        super().__init__(
            discord.ui.Button(
                label=embeds.button_label(label),
                style=discord.ButtonStyle.secondary,
                custom_id=f"crisisbot:show:{entry_id}"
                + (":next" if read_next else "")
                + f":{language}",
                row=row,
            )
        )
        self.entry_id = entry_id
        self.read_next = read_next
        self.language = language

    @classmethod
    async def from_custom_id(
        cls, interaction: Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> ShowEntry:
        label = item.label if isinstance(item, discord.ui.Button) else None
        language = match["lang"] or interaction.client.engine.language
        return cls(match["entry"], label or "?", read_next=bool(match["next"]), language=language)

    async def callback(self, interaction: Interaction) -> None:
        read_as_member(interaction)
        engine = interaction.client.engine
        language, entry = _entry_in(engine, self.entry_id, self.language)
        if entry is None:  # the pack was reloaded without it
            await send_private(interaction, embeds.no_match_text(engine, language))
            return
        footer = message(
            "read_next_footer" if self.read_next else "also_footer", language, topic=entry.topic
        )
        embed = embeds.entry_embed(engine, entry, footer=footer, language=language)
        # Its own "Sources disagree" and "Read next" buttons: reading on stays private.
        interaction.client.answer_counts.count(interaction.guild_id, entry.id, "show")
        await interaction.response.send_message(
            embed=embed,
            view=entry_view(engine, entry, language) or discord.utils.MISSING,
            ephemeral=True,
            allowed_mentions=NO_PINGS,
        )


class ShowDispute(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=r"crisisbot:dispute:(?P<entry>[A-Za-z0-9_-]+)" + _LANGUAGE,
):
    """ "Sources disagree" under an answer whose entry is disputed: shows the note (who
    says what) and the entry's citations to whoever clicks, to them alone. Its custom
    id carries the entry and the language, so it survives restarts."""

    def __init__(self, entry_id: str, row: int | None = None, language: str = "en") -> None:
        super().__init__(
            discord.ui.Button(
                label=message("dispute_button", language),
                style=discord.ButtonStyle.secondary,
                custom_id=f"crisisbot:dispute:{entry_id}:{language}",
                emoji="\N{SCALES}",
                row=row,
            )
        )
        self.entry_id = entry_id
        self.language = language

    @classmethod
    async def from_custom_id(
        cls, interaction: Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> ShowDispute:
        return cls(match["entry"], language=match["lang"] or interaction.client.engine.language)

    async def callback(self, interaction: Interaction) -> None:
        read_as_member(interaction)
        engine = interaction.client.engine
        language, entry = _entry_in(engine, self.entry_id, self.language)
        if entry is None or not entry.note:  # the pack was reloaded without it
            await send_private(interaction, embeds.no_match_text(engine, language))
            return
        await interaction.response.send_message(
            embed=embeds.dispute_embed(engine, entry, language),
            ephemeral=True,
            allowed_mentions=NO_PINGS,
        )


DYNAMIC_ITEMS = (PickSuggestion, ShowEntry, ShowDispute)


def _add_if_routable(
    view: discord.ui.View, button: PickSuggestion | ShowEntry | ShowDispute
) -> None:
    """Add the button unless its custom id would not come back to it: over Discord's
    100 characters, or an entry id its template does not match (the embed still
    names the entry)."""
    custom_id = button.item.custom_id or ""
    pattern = type(button).__discord_ui_compiled_template__
    if len(custom_id) <= embeds.CUSTOM_ID_MAX and pattern.fullmatch(custom_id):
        view.add_item(button)


def _add_entry_buttons(
    view: discord.ui.View, engine: Engine, entry: Entry, shown: set[str], language: str
) -> None:
    """ "Sources disagree" (a disputed entry) and "Read next" (its ``related`` entries
    not ``shown`` already), in ``language`` (``entry`` is in it)."""
    if entry.disputed and entry.note:
        _add_if_routable(view, ShowDispute(entry.id, row=DISPUTE_ROW, language=language))
    for other in engine.for_language(language).read_next(entry, exclude=frozenset(shown)):
        label = message("read_next_button", language, question=other.question)
        _add_if_routable(
            view,
            ShowEntry(other.id, label, read_next=True, row=READ_NEXT_ROW, language=language),
        )


def _ready(view: discord.ui.View) -> discord.ui.View | None:
    """``view`` ready to send, or None without buttons. Every button under an answer is
    a ``DynamicItem``, which discord.py routes by its custom id, so the view is sent
    stopped: discord.py then keeps nothing per message, where it registered every view
    sent and kept a private (ephemeral) answer's view alive for 15 minutes with a
    timer task each (hundreds of thousands under load)."""
    if not view.children:
        return None
    view.stop()
    return view


def answer_view(engine: Engine, result: MatchResult) -> discord.ui.View | None:
    """The buttons under an answer: "Helpful" and "Report a problem" in row 0
    (``bot/utils/feedback.py``), then "Sources disagree", the other parts of a
    question that asked several things, and "Read next"; None when there are none."""
    view = discord.ui.View(timeout=None)
    language = result.language
    shown = {other.entry.id for other in result.also}
    if result.entry is not None:
        shown.add(result.entry.id)
        _add_entry_buttons(view, engine, result.entry, shown, language)
    for other in result.also:
        label = message("also_button", language, question=other.entry.question)
        _add_if_routable(view, ShowEntry(other.entry.id, label, row=ALSO_ROW, language=language))
    add_feedback_buttons(view, result.entry.id if result.entry else None, language)
    return _ready(view)


def outside_view(engine: Engine, result: MatchResult) -> discord.ui.View | None:
    """Under "that's outside what I cover": the pack's entries nearest the subject,
    as "Read next" buttons; None when it names none (or the question was simply
    not understood)."""
    if result.outside is None:
        return None
    view = discord.ui.View(timeout=None)
    _add_entry_buttons(view, engine, result.outside, set(), result.language)
    return _ready(view)


def entry_view(engine: Engine, entry: Entry, language: str = "en") -> discord.ui.View | None:
    """The buttons under an entry shown as an answer (a picked suggestion, an entry a
    button shows), like ``answer_view``; None when there are none."""
    view = discord.ui.View(timeout=None)
    _add_entry_buttons(view, engine, entry, {entry.id}, language)
    add_feedback_buttons(view, entry.id, language)
    return _ready(view)


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
    view.stop()  # routed by custom id, like the answers' buttons (``_ready``)
    return view
