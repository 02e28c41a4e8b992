"""The "Helpful" and "Report a problem" buttons under every answer, and the report form.

Curators cannot fix what they never hear about: every answer (``/ask``, mentions,
channel answers, and buttons that show an entry) carries both buttons in row 0
(other buttons under an answer go in rows 1 and below). They are ``DynamicItem``\\ s
whose custom id carries the entry id, so they work after a restart and on copies of
an answer only the clicker sees. The form (a ``discord.ui.Modal``: a reason to pick
among four and free text) is answered by its custom id too, in the feedback
extension's ``on_interaction`` (``submit_report``), rather than by a modal object
kept in memory: a member who takes an hour over the form, across a restart, still
gets their report filed, and dismissed forms leave nothing behind.

How votes are counted (once per member per entry, no member id stored) is in
``bot/storage/feedback.py``.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterator, Mapping
from typing import Any, Self

import discord

from .. import embeds
from ..core.catalog import message
from ..storage import REASONS, StoreError
from ..storage.feedback import DETAILS_MAX
from .language import interaction_language, read_as_member
from .replies import send_private

# Buttons override discord.py's generic methods, so they take any client's
# interaction; the client is always the CrisisBot.
Interaction = discord.Interaction[Any]

# What members see is in the message catalog (``bot/core/catalog/feedback.py``, keys
# "feedback_..."), in the answer's language for the buttons and the clicker's for
# the rest (``interaction_language``: the member's locale, else the server's).


def _say(interaction: Interaction, key: str) -> str:
    return message(f"feedback_{key}", interaction_language(interaction))


ENTRY = r"(?P<entry>[A-Za-z0-9_-]+)"
FORM_PREFIX = "crisisbot:report-form:"  # the longest of the custom ids carrying an entry
# An entry id the buttons and the form can carry (Discord allows 100 characters).
_ROUTABLE = re.compile(rf"[A-Za-z0-9_-]{{1,{embeds.CUSTOM_ID_MAX - len(FORM_PREFIX)}}}")
FORM_ID = re.compile(rf"{FORM_PREFIX}{ENTRY}")
REASON_ID = "reason"
DETAILS_ID = "details"


async def _store_call(interaction: Interaction, function: Any, *args: Any) -> Any:
    """Run a store method off the event loop; None (and the member told) if the
    database cannot be reached."""
    try:
        return await asyncio.to_thread(function, *args)
    except StoreError:
        await send_private(interaction, _say(interaction, "store_busy"))
        return None


class _EntryButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]], template=r"crisisbot:entry-button"
):
    """A button about one entry, its id in the custom id (``PREFIX`` + entry id)."""

    PREFIX = "crisisbot:entry-button:"
    LABEL = "?"  # a catalog key ("feedback_...")
    EMOJI: str | None = None

    def __init__(self, entry_id: str, language: str | None = None) -> None:
        super().__init__(
            discord.ui.Button(
                label=message(self.LABEL, language),
                emoji=self.EMOJI,
                style=discord.ButtonStyle.secondary,
                custom_id=f"{self.PREFIX}{entry_id}",
            ),
            row=0,
        )
        self.entry_id = entry_id

    @classmethod
    async def from_custom_id(
        cls, interaction: Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> Self:
        return cls(match["entry"])


class Helpful(_EntryButton, template=rf"crisisbot:helpful:{ENTRY}"):
    """Counts one "this answer helped" per member per entry."""

    PREFIX = "crisisbot:helpful:"
    LABEL = "feedback_helpful"
    EMOJI = "\N{THUMBS UP SIGN}"

    async def callback(self, interaction: Interaction) -> None:
        read_as_member(interaction)
        if interaction.client.engine.entry(self.entry_id) is None:
            await send_private(interaction, _say(interaction, "gone"))
            return
        feedback = interaction.client.store.feedback
        user = interaction.user.id
        counted = await _store_call(
            interaction, feedback.vote_helpful, interaction.guild_id, user, self.entry_id
        )
        if counted is not None:
            key = "thanks_helpful" if counted else "already_helpful"
            await send_private(interaction, _say(interaction, key))


class ReportForm(discord.ui.Modal):
    """The report form: a reason (one of four) and free text. Sent stopped: its
    submission is handled by custom id (``submit_report``), not by this object."""

    def __init__(self, entry_id: str, language: str | None = None) -> None:
        def say(key: str) -> str:
            return message(f"feedback_{key}", language)

        super().__init__(title=say("form_title"), custom_id=f"{FORM_PREFIX}{entry_id}")
        reason: discord.ui.Select[Any] = discord.ui.Select(
            custom_id=REASON_ID,
            placeholder=say("reason_placeholder"),
            min_values=1,
            max_values=1,
            options=[
                discord.SelectOption(label=say(f"reason_{key}"), value=key) for key in REASONS
            ],
        )
        details: discord.ui.TextInput[Any] = discord.ui.TextInput(
            custom_id=DETAILS_ID,
            style=discord.TextStyle.paragraph,
            placeholder=say("details_placeholder"),
            required=False,
            max_length=DETAILS_MAX,
        )
        self.add_item(discord.ui.Label(text=say("reason_label"), component=reason))
        self.add_item(discord.ui.Label(text=say("details_label"), component=details))
        self.stop()  # nothing to keep in memory: the submission is routed by custom id


class ReportProblem(_EntryButton, template=rf"crisisbot:report:{ENTRY}"):
    """Opens the report form, unless this member already reported this entry."""

    PREFIX = "crisisbot:report:"
    LABEL = "feedback_report"
    EMOJI = "\N{WARNING SIGN}"

    async def callback(self, interaction: Interaction) -> None:
        read_as_member(interaction)
        bot = interaction.client
        if bot.engine.entry(self.entry_id) is None:
            await send_private(interaction, _say(interaction, "gone"))
            return
        feedback = bot.store.feedback
        user = interaction.user.id
        # A read, on the read connection: never waits for a writer.
        try:
            already = feedback.has_reported(interaction.guild_id, user, self.entry_id)
        except StoreError:
            await send_private(interaction, _say(interaction, "store_busy"))
            return
        if already:
            await send_private(interaction, _say(interaction, "already_reported"))
            return
        language = interaction_language(interaction)
        await interaction.response.send_modal(ReportForm(self.entry_id, language))


FEEDBACK_BUTTONS = (Helpful, ReportProblem)


def add_feedback_buttons(
    view: discord.ui.View, entry_id: str | None, language: str | None = None
) -> discord.ui.View:
    """Put "Helpful" and "Report a problem" for ``entry_id`` in row 0 of ``view``, in
    ``language`` (the answer's); nothing for None, or an entry id that would not fit a
    custom id. Returns the view."""
    if entry_id is None or not _ROUTABLE.fullmatch(entry_id):
        return view
    view.add_item(Helpful(entry_id, language))
    view.add_item(ReportProblem(entry_id, language))
    return view


# ---------------------------------------------------------------------- the form's answer


def _inputs(components: Any) -> Iterator[Mapping[str, Any]]:
    """Every input component of a modal submission, inside action rows (type 1) or
    labels (type 18) alike."""
    for component in components or ():
        if not isinstance(component, Mapping):
            continue
        if component.get("type") == 1:
            yield from _inputs(component.get("components"))
        elif component.get("type") == 18:
            yield from _inputs([component.get("component")])
        elif "custom_id" in component:
            yield component


def read_form(data: Mapping[str, Any]) -> tuple[str, str] | None:
    """(reason, details) from a submitted report form, or None if the reason is not
    one of the four (Discord enforces the select; a forged payload might not)."""
    reason, details = None, ""
    for component in _inputs(data.get("components")):
        if component.get("custom_id") == REASON_ID:
            values = component.get("values") or []
            reason = values[0] if len(values) == 1 else None
        elif component.get("custom_id") == DETAILS_ID:
            details = str(component.get("value") or "")[: DETAILS_MAX * 2]
    if reason not in REASONS:
        return None
    return reason, details


async def submit_report(interaction: Interaction) -> bool:
    """File a submitted report form; False if the interaction is not one (the
    extension's ``on_interaction`` passes every modal submission here)."""
    data: Mapping[str, Any] = interaction.data or {}
    match = FORM_ID.fullmatch(str(data.get("custom_id", "")))
    if interaction.type is not discord.InteractionType.modal_submit or match is None:
        return False
    if interaction.client.engine.entry(match["entry"]) is None:
        await send_private(interaction, _say(interaction, "gone"))
        return True
    form = read_form(data)
    if form is None:
        await send_private(interaction, _say(interaction, "bad_form"))
        return True
    reason, details = form
    feedback = interaction.client.store.feedback
    guild_id, user_id, entry_id = interaction.guild_id, interaction.user.id, match["entry"]
    try:
        report = await asyncio.to_thread(
            feedback.report, guild_id, user_id, entry_id, reason, details
        )
    except StoreError:
        await send_private(interaction, _say(interaction, "store_busy"))
        return True
    key = "thanks_report" if report is not None else "already_reported"
    await send_private(interaction, _say(interaction, key))
    return True
