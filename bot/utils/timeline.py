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

In a language of the pack (``/timeline`` by the member's Discord language, an
anniversary post by the server's ``/config language``), the events come from that
language's pack (``knowledge/es/timeline.yaml``) and the words around them from the
catalog; the buttons carry the language, so a page turned is in the same language.

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
from ..core.catalog import message
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
from .language import read_as_member
from .replies import NO_PINGS
from .views import ShowEntry

EVENTS_PER_PAGE = 5
PAGE_BUDGET = embeds.EMBED_TOTAL_MAX - 150  # room for the footer
# The language is left out for the pack's main one (and was before there were others).
TEMPLATE = (
    r"crisisbot:tl:(?P<dir>prev|next):(?P<page>[0-9]+):(?P<owner>[0-9]+):(?P<spec>[0-9-]*)"
    r"(?::(?P<lang>[a-z]{2,3}))?"
)

Interaction = discord.Interaction[Any]


def anniversary_tag(day: dt.date, language: str = "en") -> str:
    """The footer the anniversary scheduler looks for after a crash: "On this day ·
    2026-04-22", in the post's language."""
    return message("timeline_anniversary_tag", language, day=day.isoformat())


def events_text(count: int, language: str) -> str:
    """ "6 events", "1 event" ("6 hechos", "1 hecho")."""
    return message("timeline_events", language, count=count)


def _page_embed(
    engine: Engine, title: str, events: list[Event], today: dt.date | None
) -> discord.Embed:
    """One page: a field per event (date and title; text, source marks, note), then
    the page's sources numbered from 1 in order of first citation."""
    pack, language = engine.pack, engine.language
    numbers: dict[str, int] = {}
    embed = discord.Embed(title=embeds.cut(title, embeds.TITLE_MAX), colour=embeds.colour(engine))
    for event in events:
        for source_id in event.sources:
            if source_id in pack.sources:
                numbers.setdefault(source_id, len(numbers) + 1)
        marks = " ".join(f"[{numbers[s]}]" for s in event.sources if s in numbers)
        when = event_date_label(event, language)
        years = today.year - event.year if today is not None else 0
        if years > 0:
            when += f" ({message('timeline_years_ago', language, count=years)})"
        embed.add_field(
            name=embeds.cut(f"{when} · {event.title}", embeds.FIELD_NAME_MAX),
            value=embeds.cut(event_body(event, marks, language), embeds.FIELD_VALUE_MAX),
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
        name = message("sources_field" if index == 0 else "sources_field_more", language)
        embed.add_field(name=name, value=value, inline=False)
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
        embed = _page_embed(engine, message("timeline_title_all", engine.language), trial, today)
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
    """Whether a day (the pack's local date) has events on this day of the year in
    ``engine``'s pack (what the anniversary schedule claims by)."""
    timeline = engine.pack.timeline
    return lambda day: bool(on_this_day(timeline, day))


def no_events_text(engine: Engine, when: When, language: str | None = None) -> str:
    """Why there is nothing to show, in ``language`` (a locale or code; the pack's
    main one by default)."""
    here = engine.for_language(language)
    code = here.language
    if not here.pack.timeline:
        return message("timeline_none", code)
    months = ", ".join(m.label_in(code) for m in months_with_events(here.pack.timeline))
    text = message("timeline_no_events", code, label=when.label_in(code), months=months)
    return embeds.cut(text, embeds.CONTENT_MAX)


def timeline_page(
    engine: Engine,
    when: When,
    page: int,
    owner: int,
    *,
    today: dt.date | None = None,
    tag: str | None = None,
    language: str | None = None,
) -> tuple[discord.Embed, discord.ui.View] | None:
    """Page ``page`` (from 0, clamped) of the events ``when`` selects, with its
    buttons; None if it selects none. ``owner`` may turn the page in place (0: nobody).
    ``today``: an anniversary post (titled "On this day", years ago beside each date);
    ``tag`` starts its footer. ``language``: a language of the pack (or a locale), the
    main one by default; one the pack lacks gets the main one."""
    main_code, engine = engine.language, engine.for_language(language)
    code = engine.language
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
    label = when.label_in(code)
    if today is not None:
        title = message("timeline_on_this_day", code, label=label)
    elif when.spec:
        title = message("timeline_title", code, label=label)
    else:
        title = message("timeline_title_all", code)
    embed = _page_embed(engine, title, pages[page], today)
    count = events_text(len(events), code)
    footer = message("timeline_footer", code, page=page + 1, pages=len(pages), events=count)
    embed.set_footer(text=f"{tag} · {footer}" if tag else footer)
    # The main language is left out of the buttons' ids, as before there were others.
    tag_code = "" if code == main_code else code
    return embeds.fit(embed), _view(engine, when, pages[page], page, len(pages), owner, tag_code)


def _view(
    engine: Engine,
    when: When,
    events: list[Event],
    page: int,
    pages: int,
    owner: int,
    language: str,
) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    code = engine.language
    if pages > 1:
        last = page + 1 >= pages
        view.add_item(TimelinePage("prev", max(page - 1, 0), owner, when.spec, page == 0, language))
        view.add_item(
            TimelinePage("next", min(page + 1, pages - 1), owner, when.spec, last, language)
        )
    shown: set[str] = set()
    for event in events:
        entry = engine.entry(event.entry or "")
        if entry is None or entry.id in shown or len(view.children) >= 25:
            continue
        shown.add(entry.id)
        label = message("timeline_more", code, question=entry.question)
        button = ShowEntry(entry.id, label, language=code)
        if len(button.item.custom_id or "") <= embeds.CUSTOM_ID_MAX:
            view.add_item(button)
    return view


class TimelinePage(discord.ui.DynamicItem[discord.ui.Button[Any]], template=TEMPLATE):
    """Previous or Next under a timeline page. The member in the custom id turns the
    page in place; anyone else gets the page to themselves."""

    def __init__(
        self,
        direction: str,
        page: int,
        owner: int,
        spec: str,
        disabled: bool = False,
        language: str = "",
    ) -> None:
        label = message("timeline_previous" if direction == "prev" else "timeline_next", language)
        super().__init__(
            discord.ui.Button(
                label=label,
                style=discord.ButtonStyle.primary,
                custom_id=f"crisisbot:tl:{direction}:{page}:{owner}:{spec}"
                + (f":{language}" if language else ""),
                disabled=disabled,
            )
        )
        self.direction, self.page, self.owner, self.spec = direction, page, owner, spec
        self.language = language

    @classmethod
    async def from_custom_id(
        cls, interaction: Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> TimelinePage:
        page, owner = int(match["page"]), int(match["owner"])
        return cls(match["dir"], page, owner, match["spec"], language=match["lang"] or "")

    async def callback(self, interaction: Interaction) -> None:
        read_as_member(interaction)
        engine = interaction.client.engine
        try:
            when = parse_when(self.spec)
        except WhenError:  # not a custom id this bot wrote
            when = When()
        mine = interaction.user.id == self.owner
        language = self.language or None
        page = timeline_page(engine, when, self.page, interaction.user.id, language=language)
        if page is None:  # the pack was reloaded without these events
            text = no_events_text(engine, when, language)
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
