"""Embeds and texts the bot sends, built from engine results by plain functions.

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


def _linked_title(source: Source, title_max: int = 150, archive: bool = True) -> str:
    """The source's title, linked to its URL, with a link to its archived copy beside it
    (the archive alone when the source has no URL of its own)."""
    title = _link_text(cut(source.title, title_max))
    if not archive and source.url:
        return f"[{title}]({_link_url(source.url)})"
    if source.url:
        title = f"[{title}]({_link_url(source.url)})"
        if source.archive_url:
            title += f" ([archived]({_link_url(source.archive_url)}))"
    elif source.archive_url:
        title = f"[{title}]({_link_url(source.archive_url)}) (archived)"
    else:
        title = f"*{title}*"
    return title


def source_line(number: int, source: Source, locator: str | None) -> str:
    """One numbered citation. A line that would not fit ``SOURCE_LINE_MAX`` first gets a
    shorter title, then loses the archive link, rather than being cut through a link."""
    where = f", {locator}" if locator else ""
    line = ""
    for title_max, archive in ((150, True), (60, True), (60, False)):
        title = _linked_title(source, title_max, archive)
        line = f"**[{number}]** {title}: {source.publisher} ({source.date}){where}"
        if len(line) <= SOURCE_LINE_MAX:
            break
    return line


def citation_lines(engine: Engine, entry: Entry) -> list[str]:
    return [source_line(n, source, locator) for n, source, locator in engine.cited_sources(entry)]


def confidence_text(result: MatchResult) -> str:
    score = max(0.0, min(100.0, result.score))
    label = "confident" if score >= 85 else "good" if score >= 72 else "weak"
    matched = f' · matched "{one_line(result.matched)}"' if result.matched else ""
    return f"Match confidence: {score:.0f}/100 ({label}){matched}"


SOURCES_MAX = 2 * FIELD_VALUE_MAX  # at most two fields of sources in one answer


def _sources_blocks(lines: list[str]) -> list[str]:
    """Citation lines as field values, at most ``SOURCES_MAX`` characters in all; any
    left over are counted in a last line."""
    kept: list[str] = []
    used = 0
    for index, line in enumerate(lines):
        line = cut(line, SOURCE_LINE_MAX)
        rest = len(lines) - index
        tail = len(f"…and {rest} more: see /sources") + 2 if rest > 1 else 0
        if used + len(line) + 1 + tail > SOURCES_MAX - 64:
            kept.append(f"…and {rest} more: see /sources")
            break
        kept.append(line)
        used += len(line) + 1
    return _chunks(kept, FIELD_VALUE_MAX)


def entry_embed(
    engine: Engine, entry: Entry, *, footer: str | None = None, title: str | None = None
) -> discord.Embed:
    """An entry's cited answer: question as title, answer, note, numbered sources.

    The sources and the note are kept whole where possible; the answer gets the
    room left under the 6000-character total."""
    embed = discord.Embed(title=cut(title or entry.question, TITLE_MAX), colour=colour(engine))
    embed.set_footer(text=cut(footer if footer is not None else f"Topic: {entry.topic}", 512))
    if entry.note:
        embed.add_field(name="Note", value=cut(entry.note, FIELD_VALUE_MAX), inline=False)
    for index, block in enumerate(_sources_blocks(citation_lines(engine, entry))):
        name = "Sources" if index == 0 else "Sources (cont.)"
        embed.add_field(name=name, value=block, inline=False)
    room = EMBED_TOTAL_MAX - len(embed)
    embed.description = cut(entry.answer, min(DESCRIPTION_MAX, room))
    return fit(embed)


def answer_embed(engine: Engine, result: MatchResult) -> discord.Embed:
    """The reply to a question the engine answered."""
    assert result.entry is not None
    embed = entry_embed(engine, result.entry, footer=confidence_text(result))
    if result.also:
        # The question asked several things: name the entries answering the rest
        # (the buttons under the answer show them).
        lines = [f"• {one_line(other.entry.question)}" for other in result.also]
        embed.insert_field_at(
            0, name="Also relevant to your question", value="\n".join(lines), inline=False
        )
    return fit(embed)


def fact_embed(engine: Engine, entry: Entry, label: str | None = None) -> discord.Embed:
    """A fact posted by ``/fact``, ``/postfact`` (label "Fact") or the fact of the day
    (label "Fact of the day · DATE", which the scheduler looks for after a restart)."""
    footer = f"Topic: {entry.topic} · /ask for more, /topics for the rest"
    return entry_embed(engine, entry, footer=f"{label} · {footer}" if label else footer)


def suggestions_embed(
    engine: Engine, result: MatchResult, asker: str | None = None
) -> discord.Embed:
    """Weak match: the closest questions, numbered like the buttons under it."""
    lines = [f"**{n}.** {one_line(s.entry.question)}" for n, s in enumerate(result.suggestions, 1)]
    who = f"{safe_text.plain(asker, 80)} can" if asker else "The person who asked can"
    embed = discord.Embed(
        title="Did you mean…?",
        description="I'm not sure which question you mean. Closest matches:\n\n" + "\n".join(lines),
        colour=colour(engine),
    )
    embed.set_footer(text=f"{who} pick one below · {confidence_text(result)}")
    return fit(embed)


def no_match_text(engine: Engine) -> str:
    # The question is not quoted back: the reply is public in channels, and anything a
    # member typed could render as a link, an invite or formatting (bot/safe_text.py).
    return cut(
        "Sorry, I don't have an answer to that yet. I know about "
        f"{one_line(engine.pack.about.summary)}: try rephrasing, browse what I know with "
        "`/topics`, or see `/help` for how to ask.",
        CONTENT_MAX,
    )


def topics_embed(engine: Engine) -> discord.Embed:
    topics = engine.pack.topics()
    lines = [f"**{one_line(name)}**: {len(entries)} questions" for name, entries in topics.items()]
    embed = discord.Embed(
        title="Topics I can answer",
        description="\n".join(lines) or "No topics yet.",
        colour=colour(engine),
    )
    embed.set_footer(text="/topics topic:<name> lists its questions · /fact topic:<name>: a fact")
    return fit(embed)


def topic_embed(engine: Engine, topic: str) -> discord.Embed | None:
    wanted = one_line(topic).casefold()
    for name, entries in engine.pack.topics().items():
        if one_line(name).casefold() == wanted:
            lines = [f"• {one_line(e.question)}" for e in entries]
            embed = discord.Embed(
                title=f"{name}: {len(entries)} questions",
                description="\n".join(lines),
                colour=colour(engine),
            )
            embed.set_footer(text="Ask any of these with /ask")
            return fit(embed)
    return None


def sources_pages(engine: Engine) -> list[discord.Embed]:
    """Every source the pack cites, one line each, split into pages that each fit an embed."""
    cited = {c.source for e in engine.pack.entries.values() for c in e.citations}
    sources = sorted(
        (s for s in engine.pack.sources.values() if s.id in cited),
        key=lambda s: (s.kind, s.publisher.casefold(), s.date),
    )
    lines = []
    for source in sources:
        title = _linked_title(source)
        lines.append(f"• {title}: {source.publisher} ({source.date}) · {source.kind}")
    pages = _chunks(lines, 3500) or ["No sources."]
    embeds = []
    for number, page in enumerate(pages, 1):
        embed = discord.Embed(
            title="Sources the answers cite", description=page, colour=colour(engine)
        )
        more = f" · /sources page:{number + 1} for more" if number < len(pages) else ""
        embed.set_footer(text=f"Page {number} of {len(pages)} · {len(sources)} sources{more}")
        embeds.append(fit(embed))
    return embeds


def help_embed(engine: Engine) -> discord.Embed:
    entries = len(engine.pack.entries)
    embed = discord.Embed(
        title=cut(f"{engine.pack.about.name}: answers with sources", TITLE_MAX),
        description=(
            f"I answer questions about {engine.pack.about.summary} from a curated pack of "
            f"{entries} cited answers. Every answer lists its sources with links."
        ),
        colour=colour(engine),
    )
    embed.add_field(
        name="Commands",
        value=(
            "`/ask question:` ask anything; suggestions appear as you type\n"
            "`/fact [topic]` a random fact\n"
            "`/topics [topic]` what I know about\n"
            "`/sources` every source I cite\n"
            "`/help` this message"
        ),
        inline=False,
    )
    embed.add_field(
        name="For moderators",
        value=(
            "`/postfact` post a cited fact to a channel · `/config` answer channels, "
            "cooldown, moderator role, fact of the day · `/kb reload` re-read the pack · "
            "`/kb gaps` questions I could not answer (Manage Messages or the moderator role)"
        ),
        inline=False,
    )
    embed.add_field(
        name="In channels",
        value=(
            "Mention me with a question and I'll answer. In channels a moderator has "
            "enabled, I also answer plain questions when I'm confident, and stay quiet "
            "otherwise."
        ),
        inline=False,
    )
    embed.add_field(
        name="How sure am I?",
        value=(
            "The footer of each answer shows how well your question matched. If I'm "
            "unsure, I offer up to three questions to pick from."
        ),
        inline=False,
    )
    return fit(embed)
