"""``/timeline [when]``: the pack's dated events, each cited, paged with buttons;
``when`` is a date, a month or a year ("1997-04", "April 1997", "april", "22 april"),
and autocompletes the months that have events.

Thin: the filter is read by ``bot/core/timeline.py`` (the same as the CLI's), the
pages and their buttons are built by ``bot/utils/timeline.py`` (the same as the
anniversary posts'), whose persistent buttons this extension registers. The events
are shown in the member's Discord language when the pack has it (``knowledge/es/``),
else the server's ``/config language``, else the pack's main one: a date says
nothing about the language it is wanted in.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from discord import app_commands
from discord.ext import commands

from .. import embeds
from ..core.timeline import (
    WhenError,
    events_matching,
    local_date,
    months_with_events,
    parse_when,
)
from ..utils.checks import cooldown
from ..utils.language import interaction_language
from ..utils.replies import NO_PINGS, send_private
from ..utils.timeline import TimelinePage, events_text, no_events_text, timeline_page

if TYPE_CHECKING:
    from ..discord_bot import CrisisBot, Interaction

DESCRIPTION = "Dated events, each cited: all, or on a date or in a month"
WHEN_HELP = "A date, month or year, e.g. 3 May 2001, May 2001, may, 3 may (default: all)"
PRIVATE_HELP = "True: only you see it"


def _choice_name(label: str, count: int, language: str) -> str:
    return embeds.choice_text(f"{label} ({events_text(count, language)})")


class Timeline(commands.Cog):
    def __init__(self, bot: CrisisBot) -> None:
        self.bot = bot

    async def cog_load(self) -> None:
        self.bot.add_dynamic_items(TimelinePage)

    async def cog_unload(self) -> None:
        self.bot.remove_dynamic_items(TimelinePage)

    @app_commands.command(name="timeline", description=DESCRIPTION)
    @app_commands.describe(when=WHEN_HELP, private=PRIVATE_HELP)
    @cooldown()
    async def timeline(
        self,
        interaction: Interaction,
        when: app_commands.Range[str, 1, 40] | None = None,
        private: bool = False,
    ) -> None:
        engine = self.bot.engine
        language = interaction_language(interaction)
        try:
            wanted = parse_when(when, local_date(self.bot.clock(), engine.pack.about.zone))
        except WhenError as exc:
            text = exc.in_language(engine.for_language(language).language)
            await send_private(interaction, embeds.cut(text, embeds.CONTENT_MAX))
            return
        page = timeline_page(engine, wanted, 0, interaction.user.id, language=language)
        if page is None:
            await send_private(interaction, no_events_text(engine, wanted, language))
            return
        embed, view = page
        await interaction.response.send_message(
            embed=embed, view=view, ephemeral=private, allowed_mentions=NO_PINGS
        )

    @timeline.autocomplete("when")
    async def when_autocomplete(
        self, interaction: Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        here = self.bot.engine.for_language(interaction_language(interaction))
        events, language = here.pack.timeline, here.language
        typed = current.casefold().strip()
        choices = []
        try:  # what was typed, when it reads as a date with events ("22 april")
            today = local_date(self.bot.clock(), self.bot.engine.pack.about.zone)
            typed_when = parse_when(current, today) if typed else None
        except WhenError:
            typed_when = None
        if typed_when is not None and (count := len(events_matching(events, typed_when))):
            name = _choice_name(typed_when.label_in(language), count, language)
            choices.append(app_commands.Choice(name=name, value=typed_when.spec))
        for month in months_with_events(events):
            label = month.label_in(language)
            if typed and typed not in label.casefold() and not month.spec.startswith(typed):
                continue
            count = len(events_matching(events, month))
            name = _choice_name(label, count, language)
            if typed_when is None or month.spec != typed_when.spec:
                choices.append(app_commands.Choice(name=name, value=month.spec))
        return choices[: embeds.CHOICES_MAX]


async def setup(bot: CrisisBot) -> None:
    await bot.add_cog(Timeline(bot))
