"""``/timeline`` as members see it: cited events paged with Previous/Next buttons that
survive a restart, turned in place for the member who asked and privately for anyone
else, "More" buttons showing the related entry, autocomplete of the months with events,
and polite private replies for a date it cannot read or that has no events."""

from __future__ import annotations

import shutil

from helpers.bots import assert_pings_no_one, field, make_bot
from helpers.paths import DISCORD_PACK
from standin import running_bot

from bot.core import Engine


def button(sent, label):
    [found] = [b for b in sent.buttons if b["label"] == label]
    return found


async def timeline(standin, options=None, user="alice"):
    return await standin.wait_for_reply(
        await standin.dispatch_slash("timeline", options or {}, user=user)
    )


async def test_the_whole_timeline_is_paged_with_cited_events(standin, crisis_bot):
    first = await timeline(standin)
    assert not first.ephemeral
    [embed] = first.embeds
    assert embed["title"] == "Timeline"
    assert embed["footer"]["text"].startswith("Page 1 of 2 · 8 events")
    names = [f["name"] for f in embed["fields"] if not f["name"].startswith("Sources")]
    assert names[0] == (
        "17 December 1996, 20:00 · MRTA commandos seize the Japanese ambassador's residence"
    )
    assert names[1] == "17 December 1996 · Women and older guests freed on the first night"
    seizure = embed["fields"][0]["value"]
    assert "several hundred guests hostage. [1] [2]" in seizure
    assert "*Note:* Around 8 p.m. (AP)" in seizure  # where sources disagree
    assert field(embed, "Sources").startswith("**[1]** [Rebels seize hundreds")
    assert button(first, "Previous")["disabled"] is True
    assert button(first, "More: When did the Japanese embassy hostage crisis begin?")
    assert_pings_no_one(standin, first)

    # The member who asked turns the page in place.
    click = await standin.dispatch_button(button(first, "Next")["custom_id"], message=first)
    second = await standin.wait_for_reply(click)
    assert second.kind == "edit" and second.message["id"] == first.message["id"]
    assert second.embeds[0]["footer"]["text"].startswith("Page 2 of 2")
    last = [f["name"] for f in second.embeds[0]["fields"] if not f["name"].startswith("Sources")]
    assert last[-1] == "17 April 2015 · Inter-American Court rules in Cruz Sánchez et al. v. Peru"
    assert button(second, "Next")["disabled"] is True
    assert_pings_no_one(standin, second)

    # Anyone else gets the page to themselves; the public message stays on page 2.
    other = await standin.dispatch_button(
        button(second, "Previous")["custom_id"], message=second, user="bob"
    )
    private = await standin.wait_for_reply(other)
    assert private.ephemeral and private.kind == "callback"
    assert private.embeds[0]["footer"]["text"].startswith("Page 1 of 2")
    public = standin.messages[int(first.message["id"])]
    assert public["embeds"][0]["footer"]["text"].startswith("Page 2 of 2")


async def test_page_buttons_keep_working_after_a_restart(standin):
    async with running_bot(make_bot(standin), standin):
        first = await timeline(standin)
    async with running_bot(make_bot(standin), standin):
        click = await standin.dispatch_button(button(first, "Next")["custom_id"], message=first)
        second = await standin.wait_for_reply(click)
    assert second.embeds[0]["footer"]["text"].startswith("Page 2 of 2")


async def test_a_month_a_day_of_any_year_and_the_related_entry(standin, crisis_bot):
    month = await timeline(standin, {"when": "April 1997"})
    [embed] = month.embeds
    assert embed["title"] == "Timeline: April 1997"
    assert embed["footer"]["text"].startswith("Page 1 of 1 · 3 events")
    assert not [b for b in month.buttons if b["label"] in ("Previous", "Next")]
    day = await timeline(standin, {"when": "22 april"})
    assert day.embeds[0]["title"] == "Timeline: 22 April"
    assert day.embeds[0]["fields"] == embed["fields"]

    more = button(month, "More: How did the commandos get into the residence?")
    shown = await standin.wait_for_reply(
        await standin.dispatch_button(more["custom_id"], message=month, user="bob")
    )
    assert shown.ephemeral
    assert shown.embeds[0]["title"] == "How did the commandos get into the residence?"


async def test_unreadable_or_empty_dates_get_a_private_reply(standin, crisis_bot):
    bad = await timeline(standin, {"when": "next tuesday-ish"})
    assert bad.ephemeral and "can't read" in bad.content and "May 2001" in bad.content
    empty = await timeline(standin, {"when": "March 1997"})
    assert empty.ephemeral
    assert empty.content == (
        "No events in the timeline for March 1997. Months with events: December 1996, "
        "January 1997, April 1997, April 2015."
    )
    assert_pings_no_one(standin, empty)


async def test_autocomplete_offers_the_months_with_events(standin, crisis_bot):
    async def choices(value):
        interaction = await standin.dispatch_autocomplete("timeline", "when", value)
        return await standin.wait_for_choices(interaction)

    everything = await choices("")
    assert [c["value"] for c in everything] == ["1996-12", "1997-01", "1997-04", "2015-04"]
    assert everything[0]["name"] == "December 1996 (3 events)"
    april = await choices("apr")
    assert [c["name"] for c in april] == [
        "April (4 events)",  # "apr" reads as April of any year
        "April 1997 (3 events)",
        "April 2015 (1 event)",
    ]
    typed = await choices("17 dec")
    assert typed[0] == {"name": "17 December (2 events)", "value": "--12-17"}


async def test_a_pack_without_a_timeline_says_so(standin, tmp_path):
    pack = tmp_path / "pack"
    shutil.copytree(DISCORD_PACK, pack)
    (pack / "timeline.yaml").unlink()
    async with running_bot(make_bot(standin, pack_engine=Engine.from_path(pack)), standin):
        reply = await timeline(standin)
    assert reply.ephemeral and reply.content == "This knowledge pack has no timeline."


async def test_kb_reload_refuses_a_broken_timeline_and_takes_a_good_one(standin, pack_dir):
    from helpers.moderation import Clock, at, moderated_bot, run

    timeline_file = pack_dir / "timeline.yaml"
    good = timeline_file.read_text(encoding="utf-8")
    async with moderated_bot(standin, pack_dir / "db.sqlite3", pack_dir, Clock(at("2026-12-01"))):
        timeline_file.write_text(good.replace('"1997-01"', '"1997-02-30"'), encoding="utf-8")
        line = next(n for n, row in enumerate(good.splitlines(), 1) if '"1997-01"' in row)
        refused = await run(standin, "kb reload", user="moderator")
        assert refused.ephemeral
        assert (
            f"timeline.yaml:{line}:11: timeline event 'Talks about talks': '1997-02-30' is "
            "not a real date"
        ) in refused.content
        still = await timeline(standin, {"when": "1997-01"})
        assert still.embeds[0]["title"] == "Timeline: January 1997"

        timeline_file.write_text(good.replace("Talks about talks", "Talks, edited"), "utf-8")
        assert (await run(standin, "kb reload", user="moderator")).content.startswith("Reloaded")
        fresh = await timeline(standin, {"when": "1997-01"})
        assert fresh.embeds[0]["fields"][0]["name"] == "January 1997 · Talks, edited"
