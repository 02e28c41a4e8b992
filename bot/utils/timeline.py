"""The timeline in Discord: events as embed pages with numbered sources, and the
Previous/Next buttons that turn them (``/timeline`` and the anniversary posts share it).

Why ``DynamicItem`` buttons rather than a ``View`` with a timeout: the custom id
carries the direction, the target page, the member who may turn the page in place
and the filter (``crisisbot:tl:next:2:<member>:1997-04``), so the buttons keep
working after a restart and under any load without the bot remembering a message;
a timed-out view would leave dead buttons under every timeline older than its
timeout, and the anniversary posts stay in a channel for good. Whoever else clicks
gets that page to themselves (ephemeral), with buttons of their own, so a public
timeline is never turned under the feet of the member who asked for it.

Pages are cut deterministically from the pack's events (as many as fit Discord's
6000 characters, at most ``EVENTS_PER_PAGE``), so a page number in a custom id
means the same page until the pack changes; a number past the end shows the last.
"""

from __future__ import annotations

import datetime as dt
import re
import weakref
from collections.abc import Callable
from typing import Any

import discord

from .. import embeds
from ..core import Engine
from ..core.timeline import (
    Event,
    When,
    WhenError,
    event_body,
    event_date_label,
    events_matching,
    months_with_events,
    on_this_day,
    parse_when,
)
from .replies import NO_PINGS
from .views import ShowEntry

# What members read (kept together for the message catalog).
TITLE = "Timeline: {label}"
TITLE_ALL = "Timeline"
TITLE_ON_THIS_DAY = "On this day: {label}"
YEARS_AGO = "{years} years ago"
YEAR_AGO = "1 year ago"
FOOTER = "Page {page} of {pages} · {count} events · /timeline [date or month]"
FOOTER_ONE = "Page 1 of 1 · 1 event · /timeline [date or month]"
SOURCES = "Sources"
SOURCES_CONT = "Sources (cont.)"
PREVIOUS = "Previous"
NEXT = "Next"
MORE = "More: {question}"
NO_TIMELINE = "This knowledge pack has no timeline."
NO_EVENTS = "No events in the timeline for {label}. Months with events: {months}."
ANNIVERSARY_TAG = "On this day · {day}"  # the footer the anniversary scheduler looks for

EVENTS_PER_PAGE = 5
PAGE_BUDGET = embeds.EMBED_TOTAL_MAX - 150  # room for the footer
TEMPLATE = r"crisisbot:tl:(?P<dir>prev|next):(?P<page>[0-9]+):(?P<owner>[0-9]+):(?P<spec>[0-9-]*)"

Interaction = discord.Interaction[Any]


def _page_embed(
    engine: Engine, title: str, events: list[Event], today: dt.date | None
) -> discord.Embed:
    """One page: a field per event (date and title; text, source marks, note), then
    the page's sources numbered from 1 in order of first citation."""
    pack = engine.pack
    numbers: dict[str, int] = {}
    embed = discord.Embed(title=embeds.cut(title, embeds.TITLE_MAX), colour=embeds.colour(engine))
    for event in events:
        for source_id in event.sources:
            if source_id in pack.sources:
                numbers.setdefault(source_id, len(numbers) + 1)
        marks = " ".join(f"[{numbers[s]}]" for s in event.sources if s in numbers)
        when = event_date_label(event)
        years = today.year - event.year if today is not None else 0
        if years > 0:
            when += f" ({YEAR_AGO if years == 1 else YEARS_AGO.format(years=years)})"
        embed.add_field(
            name=embeds.cut(f"{when} · {event.title}", embeds.FIELD_NAME_MAX),
            value=embeds.cut(event_body(event, marks), embeds.FIELD_VALUE_MAX),
            inline=False,
        )
    block = ""
    blocks: list[str] = []
    for source_id, number in numbers.items():
        line = embeds.source_line(number, pack.sources[source_id], None)
        if block and len(block) + 1 + len(line) > embeds.FIELD_VALUE_MAX:
            blocks.append(block)
            block = ""
        block = f"{block}\n{line}" if block else line
    for index, value in enumerate([*blocks, block] if block else blocks):
        embed.add_field(name=SOURCES if index == 0 else SOURCES_CONT, value=value, inline=False)
    return embed


# Pages cut per engine and filter: cutting the whole timeline builds an embed per
# event (about 20 ms for 50 events), too long to repeat on the event loop at every
# click. An engine never changes, and a reload builds a new one, so this cannot go
# stale; entries go with their engine.
_PAGES: weakref.WeakKeyDictionary[Engine, dict[tuple[str, int | None], list[list[Event]]]] = (
    weakref.WeakKeyDictionary()
)
_PAGES_PER_ENGINE = 1024  # filters remembered per engine (about 400 can have events)


def paginate(
    engine: Engine, events: list[Event], today: dt.date | None = None
) -> list[list[Event]]:
    """The events cut into pages that each fit one embed (at least one event a page)."""
    pages: list[list[Event]] = []
    current: list[Event] = []
    for event in events:
        trial = [*current, event]
        embed = _page_embed(engine, TITLE_ALL, trial, today)
        too_big = len(embed) > PAGE_BUDGET or len(embed.fields) > embeds.FIELDS_MAX
        if current and (too_big or len(current) >= EVENTS_PER_PAGE):
            pages.append(current)
            current = [event]
        else:
            current = trial
    if current:
        pages.append(current)
    return pages


def has_events_on(engine: Engine) -> Callable[[dt.date], bool]:
    """Whether a UTC day has events on this day of the year in ``engine``'s pack (what
    the anniversary schedule claims by)."""
    timeline = engine.pack.timeline
    return lambda day: bool(on_this_day(timeline, day))


def no_events_text(engine: Engine, when: When) -> str:
    if not engine.pack.timeline:
        return NO_TIMELINE
    months = ", ".join(m.label for m in months_with_events(engine.pack.timeline))
    return embeds.cut(NO_EVENTS.format(label=when.label, months=months), embeds.CONTENT_MAX)


def timeline_page(
    engine: Engine,
    when: When,
    page: int,
    owner: int,
    *,
    today: dt.date | None = None,
    tag: str | None = None,
) -> tuple[discord.Embed, discord.ui.View] | None:
    """Page ``page`` (from 0, clamped) of the events ``when`` selects, with its
    buttons; None if it selects none. ``owner`` may turn the page in place (0: nobody).
    ``today``: an anniversary post (titled "On this day", years ago beside each date);
    ``tag`` starts its footer."""
    events = events_matching(engine.pack.timeline, when)
    if not events:
        return None
    cache = _PAGES.setdefault(engine, {})
    key = (when.spec, None if today is None else today.year)
    if (pages := cache.get(key)) is None:
        if len(cache) >= _PAGES_PER_ENGINE:
            cache.clear()
        pages = cache[key] = paginate(engine, events, today)
    page = max(0, min(page, len(pages) - 1))
    if today is not None:
        title = TITLE_ON_THIS_DAY.format(label=when.label)
    else:
        title = TITLE.format(label=when.label) if when.spec else TITLE_ALL
    embed = _page_embed(engine, title, pages[page], today)
    footer = FOOTER.format(page=page + 1, pages=len(pages), count=len(events))
    if len(events) == 1:
        footer = FOOTER_ONE
    embed.set_footer(text=f"{tag} · {footer}" if tag else footer)
    return embeds.fit(embed), _view(engine, when, pages[page], page, len(pages), owner)


def _view(
    engine: Engine, when: When, events: list[Event], page: int, pages: int, owner: int
) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    if pages > 1:
        view.add_item(TimelinePage("prev", max(page - 1, 0), owner, when.spec, page == 0))
        view.add_item(
            TimelinePage("next", min(page + 1, pages - 1), owner, when.spec, page + 1 >= pages)
        )
    shown: set[str] = set()
    for event in events:
        entry = engine.entry(event.entry or "")
        if entry is None or entry.id in shown or len(view.children) >= 25:
            continue
        shown.add(entry.id)
        button = ShowEntry(entry.id, MORE.format(question=entry.question))
        if len(button.item.custom_id or "") <= embeds.CUSTOM_ID_MAX:
            view.add_item(button)
    return view


class TimelinePage(discord.ui.DynamicItem[discord.ui.Button[Any]], template=TEMPLATE):
    """Previous or Next under a timeline page. The member in the custom id turns the
    page in place; anyone else gets the page to themselves."""

    def __init__(
        self, direction: str, page: int, owner: int, spec: str, disabled: bool = False
    ) -> None:
        super().__init__(
            discord.ui.Button(
                label=PREVIOUS if direction == "prev" else NEXT,
                style=discord.ButtonStyle.primary,
                custom_id=f"crisisbot:tl:{direction}:{page}:{owner}:{spec}",
                disabled=disabled,
            )
        )
        self.direction, self.page, self.owner, self.spec = direction, page, owner, spec

    @classmethod
    async def from_custom_id(
        cls, interaction: Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> TimelinePage:
        return cls(match["dir"], int(match["page"]), int(match["owner"]), match["spec"])

    async def callback(self, interaction: Interaction) -> None:
        engine = interaction.client.engine
        try:
            when = parse_when(self.spec)
        except WhenError:  # not a custom id this bot wrote
            when = When()
        mine = interaction.user.id == self.owner
        page = timeline_page(engine, when, self.page, interaction.user.id)
        if page is None:  # the pack was reloaded without these events
            text = no_events_text(engine, when)
            await interaction.response.send_message(text, ephemeral=True, allowed_mentions=NO_PINGS)
            return
        embed, view = page
        if mine:
            await interaction.response.edit_message(
                embed=embed, view=view, allowed_mentions=NO_PINGS
            )
        else:
            await interaction.response.send_message(
                embed=embed, view=view, ephemeral=True, allowed_mentions=NO_PINGS
            )
