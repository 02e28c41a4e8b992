"""Embeds and texts the bot sends, built from engine results by plain functions.

Every sentence in them comes from the message catalog (``bot/core/catalog/``) in
the language asked for: an answer's language is its question's (``MatchResult.
language``), the entry is already in it, and the frame around it follows.

Everything here respects Discord's limits, cutting text rather than failing:
embed title 256, description 4096, 25 fields, field name 256, field value 1024,
footer 2048, 6000 characters per embed (and per message), message content 2000,
choice names and values 100, button labels 80, custom ids 100.
"""

from __future__ import annotations

from collections.abc import Iterable

import discord

from . import safe_text
from .core import Engine, Entry, MatchResult, Source
from .core.catalog import message

TITLE_MAX = 256
DESCRIPTION_MAX = 4096
FIELDS_MAX = 25
FIELD_NAME_MAX = 256
FIELD_VALUE_MAX = 1024
FOOTER_MAX = 2048
EMBED_TOTAL_MAX = 6000
CONTENT_MAX = 2000
CHOICE_MAX = 100
CHOICES_MAX = 25
BUTTON_LABEL_MAX = 80
CUSTOM_ID_MAX = 100

DEFAULT_COLOUR = 0x5865F2  # for a pack whose `about` names no colour
ELLIPSIS = "…"


def colour(engine: Engine) -> discord.Colour:
    """The colour of every embed: the pack's (``about.colour``), else a neutral blue."""
    value = engine.pack.about.colour
    return discord.Colour(DEFAULT_COLOUR if value is None else value)


def cut(text: str, limit: int) -> str:
    """``text`` within ``limit`` characters, marked with an ellipsis when cut."""
    text = text or ""
    if len(text) <= limit:
        return text
    return text[: max(limit - 1, 0)].rstrip() + ELLIPSIS


def one_line(text: str) -> str:
    return " ".join((text or "").split())


def choice_text(text: str) -> str:
    """An autocomplete choice name or value (1-100 characters)."""
    return cut(one_line(text), CHOICE_MAX) or "?"


def button_label(text: str) -> str:
    return cut(one_line(text), BUTTON_LABEL_MAX) or "?"


def fit(embed: discord.Embed) -> discord.Embed:
    """Enforce every embed limit on ``embed`` (in place) and return it."""
    if embed.title:
        embed.title = cut(embed.title, TITLE_MAX)
    if embed.description:
        embed.description = cut(embed.description, DESCRIPTION_MAX)
    if embed.footer.text:
        embed.set_footer(text=cut(embed.footer.text, FOOTER_MAX), icon_url=embed.footer.icon_url)
    fields = [
        (cut(f.name or "", FIELD_NAME_MAX), cut(f.value or "", FIELD_VALUE_MAX), f.inline)
        for f in embed.fields
    ][:FIELDS_MAX]
    embed.clear_fields()
    for name, value, inline in fields:
        embed.add_field(name=name or "\u200b", value=value or "\u200b", inline=inline)
    # Over the total: drop fields from the end, then shorten the description.
    while len(embed) > EMBED_TOTAL_MAX and embed.fields:
        embed.remove_field(len(embed.fields) - 1)
    if len(embed) > EMBED_TOTAL_MAX and embed.description:
        excess = len(embed) - EMBED_TOTAL_MAX
        embed.description = cut(embed.description, max(len(embed.description) - excess, 1))
    return embed


def _chunks(lines: Iterable[str], limit: int) -> list[str]:
    """Join lines into blocks of at most ``limit`` characters (long lines are cut)."""
    blocks: list[str] = []
    current = ""
    for line in lines:
        line = cut(line, limit)
        if current and len(current) + 1 + len(line) > limit:
            blocks.append(current)
            current = line
        else:
            current = f"{current}\n{line}" if current else line
    if current:
        blocks.append(current)
    return blocks


def _link_text(text: str) -> str:
    return text.replace("[", "(").replace("]", ")")


def _link_url(url: str) -> str:
    return url.replace("(", "%28").replace(")", "%29").replace(" ", "%20")


SOURCE_LINE_MAX = 300  # one citation line in an answer's Sources field


def _linked_title(
    source: Source, title_max: int = 150, archive: bool = True, language: str = "en"
) -> str:
    """The source's title, linked to its URL, with a link to its archived copy beside it
    (the archive alone when the source has no URL of its own)."""
    title = _link_text(cut(source.title, title_max))
    archived = message("archived_link", language)
    if not archive and source.url:
        return f"[{title}]({_link_url(source.url)})"
    if source.url:
        title = f"[{title}]({_link_url(source.url)})"
        if source.archive_url:
            title += f" ([{archived}]({_link_url(source.archive_url)}))"
    elif source.archive_url:
        title = f"[{title}]({_link_url(source.archive_url)}) ({archived})"
    else:
        title = f"*{title}*"
    return title


def source_line(number: int, source: Source, locator: str | None, language: str = "en") -> str:
    """One numbered citation. A line that would not fit ``SOURCE_LINE_MAX`` first gets a
    shorter title, then loses the archive link, rather than being cut through a link."""
    where = f", {locator}" if locator else ""
    line = ""
    for title_max, archive in ((150, True), (60, True), (60, False)):
        title = _linked_title(source, title_max, archive, language)
        line = f"**[{number}]** {title}: {source.publisher} ({source.date}){where}"
        if len(line) <= SOURCE_LINE_MAX:
            break
    return line


def citation_lines(engine: Engine, entry: Entry, language: str = "en") -> list[str]:
    return [
        source_line(n, source, locator, language)
        for n, source, locator in engine.cited_sources(entry)
    ]


def confidence_text(result: MatchResult) -> str:
    language = result.language
    score = max(0.0, min(100.0, result.score))
    label = message("confident" if score >= 85 else "good" if score >= 72 else "weak", language)
    matched = (
        message("matched_tail", language, matched=one_line(result.matched))
        if result.matched
        else ""
    )
    return message("match_confidence", language, score=f"{score:.0f}", label=label, matched=matched)


SOURCES_MAX = 2 * FIELD_VALUE_MAX  # at most two fields of sources in one answer


def _sources_blocks(lines: list[str], language: str = "en") -> list[str]:
    """Citation lines as field values, at most ``SOURCES_MAX`` characters in all; any
    left over are counted in a last line."""
    kept: list[str] = []
    used = 0
    for index, line in enumerate(lines):
        line = cut(line, SOURCE_LINE_MAX)
        rest = len(lines) - index
        more = message("sources_more", language, rest=rest)
        tail = len(more) + 2 if rest > 1 else 0
        if used + len(line) + 1 + tail > SOURCES_MAX - 64:
            kept.append(more)
            break
        kept.append(line)
        used += len(line) + 1
    return _chunks(kept, FIELD_VALUE_MAX)


def entry_embed(
    engine: Engine,
    entry: Entry,
    *,
    footer: str | None = None,
    title: str | None = None,
    language: str = "en",
) -> discord.Embed:
    """An entry's cited answer: question as title, answer, note, numbered sources.
    ``entry`` is in ``language`` already (``engine.for_language(language).entry``).

    The sources and the note are kept whole where possible; the answer gets the
    room left under the 6000-character total."""
    embed = discord.Embed(title=cut(title or entry.question, TITLE_MAX), colour=colour(engine))
    if footer is None:
        footer = message("topic_footer", language, topic=entry.topic)
    embed.set_footer(text=cut(footer, 512))
    if entry.note:
        name = message("disputed_field" if entry.disputed else "note_field", language)
        embed.add_field(name=name, value=cut(entry.note, FIELD_VALUE_MAX), inline=False)
    blocks = _sources_blocks(citation_lines(engine, entry, language), language)
    for index, block in enumerate(blocks):
        name = message("sources_field" if index == 0 else "sources_field_more", language)
        embed.add_field(name=name, value=block, inline=False)
    room = EMBED_TOTAL_MAX - len(embed)
    embed.description = cut(entry.answer, min(DESCRIPTION_MAX, room))
    return fit(embed)


def answer_embed(engine: Engine, result: MatchResult) -> discord.Embed:
    """The reply to a question the engine answered."""
    assert result.entry is not None
    language = result.language
    embed = entry_embed(engine, result.entry, footer=confidence_text(result), language=language)
    if result.also:
        # The question asked several things: name the entries answering the rest
        # (the buttons under the answer show them).
        lines = [f"• {one_line(other.entry.question)}" for other in result.also]
        embed.insert_field_at(
            0, name=message("also_field", language), value="\n".join(lines), inline=False
        )
    return fit(embed)


def dispute_embed(engine: Engine, entry: Entry, language: str = "en") -> discord.Embed:
    """A disputed entry's note (who says what) with its sources: the "Sources disagree"
    button's reply (``entry`` in ``language``)."""
    title = message("dispute_title", language, question=one_line(entry.question))
    embed = discord.Embed(
        title=cut(title, TITLE_MAX),
        description=cut(entry.note or "", DESCRIPTION_MAX),
        colour=colour(engine),
    )
    blocks = _sources_blocks(citation_lines(engine, entry, language), language)
    for index, block in enumerate(blocks):
        name = message("sources_field" if index == 0 else "sources_field_more", language)
        embed.add_field(name=name, value=block)
    embed.set_footer(text=message("topic_footer", language, topic=entry.topic))
    return fit(embed)


def disputes_pages(engine: Engine, language: str = "en") -> list[discord.Embed]:
    """Every disputed point in the pack, the question in bold and the note under it, as
    pages that each fit an embed."""
    disputes = engine.for_language(language).disputes()
    lines = [f"**{one_line(e.question)}**\n{cut(one_line(e.note or ''), 700)}\n" for e in disputes]
    pages = _chunks(lines, 3500) or [message("no_disputes", language)]
    out = []
    for number, page in enumerate(pages, 1):
        embed = discord.Embed(
            title=message("disputes_title", language, count=len(disputes)),
            description=page,
            colour=colour(engine),
        )
        footer = "disputes_footer_more" if number < len(pages) else "disputes_footer_last"
        embed.set_footer(
            text=message(footer, language, page=number, pages=len(pages), next=number + 1)
        )
        out.append(fit(embed))
    return out


def fact_embed(
    engine: Engine, entry: Entry, label: str | None = None, language: str = "en"
) -> discord.Embed:
    """A fact posted by ``/fact``, ``/postfact`` (label "Fact") or the fact of the day
    (label "Fact of the day · DATE", which the scheduler looks for after a restart)."""
    footer = message("fact_footer", language, topic=entry.topic)
    return entry_embed(
        engine, entry, footer=f"{label} · {footer}" if label else footer, language=language
    )


def suggestions_embed(
    engine: Engine, result: MatchResult, asker: str | None = None
) -> discord.Embed:
    """Weak match: the closest questions, numbered like the buttons under it."""
    language = result.language
    lines = [f"**{n}.** {one_line(s.entry.question)}" for n, s in enumerate(result.suggestions, 1)]
    who = safe_text.plain(asker, 80) if asker else message("the_asker", language)
    embed = discord.Embed(
        title=message("did_you_mean_title", language),
        description=message("closest_matches", language) + "\n\n" + "\n".join(lines),
        colour=colour(engine),
    )
    pick = message("asker_can_pick", language, who=who)
    embed.set_footer(text=f"{pick} · {confidence_text(result)}")
    return fit(embed)


def no_match_text(engine: Engine, language: str = "en", outside: Entry | None = None) -> str:
    """No answer; `outside`: the subject the pack does not cover that the question is
    about (its nearest entries go in buttons, ``views.outside_view``)."""
    # The question is not quoted back: the reply is public in channels, and anything a
    # member typed could render as a link, an invite or formatting (bot/safe_text.py).
    summary = one_line(engine.for_language(language).pack.about.summary)
    if outside is not None:
        text = message("outside", language, subject=one_line(outside.topic), summary=summary)
        return cut(text, CONTENT_MAX)
    return cut(message("no_match", language, summary=summary), CONTENT_MAX)


def topics_embed(engine: Engine, language: str = "en") -> discord.Embed:
    topics = engine.for_language(language).pack.topics()
    lines = [
        message("topic_line", language, name=one_line(name), count=len(entries))
        for name, entries in topics.items()
    ]
    embed = discord.Embed(
        title=message("topics_title", language),
        description="\n".join(lines) or message("no_topics", language),
        colour=colour(engine),
    )
    embed.set_footer(text=message("topics_footer", language))
    return fit(embed)


def topic_embed(engine: Engine, topic: str, language: str = "en") -> discord.Embed | None:
    """One topic's questions in ``language``; the topic may be named in it or in the
    pack's main language."""
    wanted = one_line(topic).casefold()
    here = engine.for_language(language)
    for names in (here.pack.topics(), engine.pack.topics()):
        for name, entries in names.items():
            if one_line(name).casefold() == wanted:
                entries = [here.entry(e.id) or e for e in entries]
                name = entries[0].topic if entries else name
                lines = [f"• {one_line(e.question)}" for e in entries]
                embed = discord.Embed(
                    title=message("topic_title", language, name=name, count=len(entries)),
                    description="\n".join(lines),
                    colour=colour(engine),
                )
                embed.set_footer(text=message("topic_footer_ask", language))
                return fit(embed)
    return None


def sources_pages(engine: Engine, language: str = "en") -> list[discord.Embed]:
    """Every source the pack cites, one line each, split into pages that each fit an embed."""
    cited = {c.source for e in engine.pack.entries.values() for c in e.citations}
    sources = sorted(
        (s for s in engine.pack.sources.values() if s.id in cited),
        key=lambda s: (s.kind, s.publisher.casefold(), s.date),
    )
    lines = []
    for source in sources:
        title = _linked_title(source, language=language)
        lines.append(f"• {title}: {source.publisher} ({source.date}) · {source.kind}")
    pages = _chunks(lines, 3500) or [message("no_sources", language)]
    embeds = []
    for number, page in enumerate(pages, 1):
        embed = discord.Embed(
            title=message("sources_title", language), description=page, colour=colour(engine)
        )
        more = (
            message("sources_page_more", language, page=number + 1) if number < len(pages) else ""
        )
        embed.set_footer(
            text=message(
                "sources_footer",
                language,
                page=number,
                pages=len(pages),
                count=len(sources),
                more=more,
            )
        )
        embeds.append(fit(embed))
    return embeds


def help_embed(engine: Engine, language: str = "en") -> discord.Embed:
    about = engine.for_language(language).pack.about
    entries = len(engine.pack.entries)
    embed = discord.Embed(
        title=cut(message("help_title", language, name=about.name), TITLE_MAX),
        description=message("help_description", language, summary=about.summary, count=entries),
        colour=colour(engine),
    )
    timeline = message("help_timeline_line", language) if engine.pack.timeline else ""
    embed.add_field(
        name=message("help_commands_name", language),
        value=message("help_commands", language, timeline=timeline),
        inline=False,
    )
    fields = [("help_moderators_name", "help_moderators"), ("help_channels_name", "help_channels")]
    fields.append(("help_sure_name", "help_sure"))
    if engine.pack.translations:
        fields.append(("help_language_name", "help_language"))
    for name, value in fields:
        embed.add_field(name=message(name, language), value=message(value, language), inline=False)
    return fit(embed)
