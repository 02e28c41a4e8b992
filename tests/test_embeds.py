"""Embeds stay within Discord's limits whatever the pack holds; long text is cut."""

from __future__ import annotations

from dataclasses import replace

import discord
from helpers.paths import VOLCANOES
from hypothesis import given
from hypothesis import strategies as st

from bot import embeds, safe_text
from bot.core import Citation, Engine, Entry, MatchResult, Pack, Source, Suggestion
from bot.utils.views import suggestion_view


def assert_within_limits(embed: discord.Embed) -> None:
    data = embed.to_dict()
    assert len(data.get("title", "")) <= 256
    assert len(data.get("description", "")) <= 4096
    assert len(data.get("fields", [])) <= 25
    for f in data.get("fields", []):
        assert 1 <= len(f["name"]) <= 256
        assert 1 <= len(f["value"]) <= 1024
    assert len(data.get("footer", {}).get("text", "")) <= 2048
    assert len(embed) <= 6000


def huge_engine() -> Engine:
    sources = {
        f"s{i}": Source(
            id=f"s{i}",
            title=f"A very long [bracketed] title number {i} " * 10,
            publisher="Publisher " * 20,
            date="1997-04-22",
            kind="news",
            url=f"https://example.org/path_(with)_parens/{i}?q=a b",
        )
        for i in range(40)
    }
    big = Entry(
        id="big",
        topic="Everything " * 30,
        question="Why " + "really " * 80 + "?",
        answer="word " * 1200,
        citations=tuple(Citation(f"s{i}", "page " * 40) for i in range(40)),
        note="note " * 700,
    )
    small = Entry(
        id="small", topic="Small", question="Small?", answer="Yes.", citations=(Citation("s0"),)
    )
    return Engine(Pack(sources=sources, entries={"big": big, "small": small}))


def test_a_huge_entry_fits_one_embed():
    engine = huge_engine()
    embed = embeds.entry_embed(engine, engine.entry("big"))
    assert_within_limits(embed)
    data = embed.to_dict()
    assert data["title"].endswith("…") and data["description"].endswith("…")
    assert data["fields"][0]["name"] == "Note"
    assert data["fields"][1]["name"] == "Sources"
    # Links survive the brackets and parentheses in titles and URLs.
    first_source = data["fields"][1]["value"].splitlines()[0]
    assert "[bracketed]" not in first_source and "(bracketed)" in first_source
    assert "path_%28with%29_parens/0?q=a%20b)" in first_source


def test_every_message_and_view_for_a_huge_pack_fits():
    engine = huge_engine()
    big = engine.entry("big")
    result = MatchResult(
        status="suggest",
        question="?",
        entry=None,
        score=50.0,
        matched="x" * 5000,
        suggestions=(Suggestion(big, 50.0, "x"), Suggestion(engine.entry("small"), 40.0, "y")),
    )
    for embed in [
        embeds.suggestions_embed(engine, result, "n" * 500),
        embeds.fact_embed(engine, big),
        embeds.fact_embed(engine, big, "Fact of the day · 2026-11-29"),
        embeds.topics_embed(engine),
        embeds.topic_embed(engine, big.topic),
        embeds.help_embed(engine),
        *embeds.sources_pages(engine),
    ]:
        assert embed is not None
        assert_within_limits(embed)
    view = suggestion_view(result, user_id=2**63)
    for item in view.children:
        assert len(item.item.label) <= 80 and len(item.item.custom_id) <= 100
    assert len(embeds.no_match_text(engine)) <= 2000


def test_every_entry_of_the_shipped_pack_fits():
    engine = Engine.from_path()
    for entry in engine.pack.entries.values():
        embed = embeds.entry_embed(engine, entry)
        assert_within_limits(embed)
        assert embed.description == entry.answer  # nothing cut in the real pack
        assert len(embeds.choice_text(entry.question)) <= 100


@given(st.text(max_size=300))
def test_choice_and_label_texts_are_within_limits(text: str):
    assert 1 <= len(embeds.choice_text(text)) <= 100
    assert 1 <= len(embeds.button_label(text)) <= 80


def test_cut_marks_what_it_cut():
    assert embeds.cut("short", 10) == "short"
    assert embeds.cut("a" * 20, 10) == "a" * 9 + "…"


def test_clean_question_drops_discord_mentions():
    text = "<@123> <@!45> <@&67> <#89> @everyone @here <:x:1> who led the raid? <t:9:R>"
    assert safe_text.clean_question(text) == "who led the raid?"
    assert safe_text.strip_mention("<@!45> who led it", 45) == ("who led it", True)
    assert safe_text.strip_mention("<@&45> <#45> who led it", 45) == ("who led it", False)


def test_embed_colour_comes_from_the_pack():
    assert embeds.colour(Engine.from_path()).value == 0xB22222  # the shipped pack's about
    volcanoes = Engine.from_path(VOLCANOES)
    assert embeds.colour(volcanoes).value == embeds.DEFAULT_COLOUR


def archived_engine(title: str = "Rebels Still Hold Gold-Plated Group") -> Engine:
    source = Source(
        id="old",
        title=title,
        publisher="Chicago Tribune",
        date="1996-12-18",
        kind="news",
        url="http://articles.chicagotribune.com/1996-12-18/news/9612180248_1_x",
        archive_url="https://web.archive.org/web/2016/http://articles.chicagotribune.com/x_(y)",
    )
    only_archive = Source(
        id="gone",
        title="Gone",
        publisher="Nobody",
        date="1997",
        kind="news",
        archive_url="https://web.archive.org/web/1997/http://gone.example/",
    )
    entry = Entry(
        id="e",
        topic="T",
        question="Q?",
        answer="A.",
        citations=(Citation("old", "p. 1"), Citation("gone")),
    )
    return Engine(Pack(sources={"old": source, "gone": only_archive}, entries={"e": entry}))


def test_an_archived_copy_is_linked_beside_the_original():
    engine = archived_engine()
    embed = embeds.entry_embed(engine, engine.entry("e"))
    assert_within_limits(embed)
    first, second = embed.to_dict()["fields"][0]["value"].splitlines()
    assert first == (
        "**[1]** [Rebels Still Hold Gold-Plated Group]"
        "(http://articles.chicagotribune.com/1996-12-18/news/9612180248_1_x)"
        " ([archived](https://web.archive.org/web/2016/http://articles.chicagotribune.com/x_%28y%29))"
        ": Chicago Tribune (1996-12-18), p. 1"
    )
    # No URL of its own: the title links to the archived copy.
    assert second.startswith(
        "**[2]** [Gone](https://web.archive.org/web/1997/http://gone.example/)"
    )
    assert "(archived)" in second
    page = embeds.sources_pages(engine)[0].description
    assert "([archived](https://web.archive.org/web/2016/" in page


def test_a_citation_too_long_for_its_archive_link_keeps_whole_links():
    original = "(http://articles.chicagotribune.com/1996-12-18/news/9612180248_1_x)"
    archive = "(https://web.archive.org/web/2016/http://articles.chicagotribune.com/x_%28y%29)"
    # A long title is shortened first, so both links stay whole.
    engine = archived_engine(title="A very long title " * 20)
    line = embeds.citation_lines(engine, engine.entry("e"))[0]
    assert len(line) <= embeds.SOURCE_LINE_MAX
    assert original in line and f"[archived]{archive}" in line
    # If even that is too long, the archive link goes, never half a link.
    engine.pack.sources["old"] = replace(engine.pack.sources["old"], publisher="P" * 120)
    line = embeds.citation_lines(engine, engine.entry("e"))[0]
    assert len(line) <= embeds.SOURCE_LINE_MAX
    assert original in line and "archived" not in line
