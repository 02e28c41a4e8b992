"""Anniversary posts ("on this day") on the stand-in with a real SQLite file and a
clock the test sets: switched on by a moderator, posted at the server's time only on
days the timeline has events, never twice and never skipped across restarts (also a
crash between sending and recording), and apart from the fact of the day."""

from __future__ import annotations

import pytest
from helpers.bots import assert_pings_no_one, field
from helpers.moderation import Clock, at, channel_posts, fotd, moderated_bot, run

from bot.discord_bot import CrisisBot
from bot.exts.anniversaries import Anniversaries
from bot.storage import Store


def anniversaries(bot: CrisisBot) -> Anniversaries:
    cog = bot.get_cog("Anniversaries")  # its module is loaded afresh by load_extension
    assert cog is not None and type(cog).__name__ == Anniversaries.__name__
    return cog  # type: ignore[return-value]


def days_posted(standin) -> list[str]:
    return [
        p.embeds[0]["footer"]["text"].split(" · ")[1]
        for p in channel_posts(standin, "history")
        if p.embeds[0]["footer"]["text"].startswith("On this day")
    ]


async def test_moderators_switch_it_on_and_show_says_when(standin, db, pack_dir):
    clock = Clock(at("2026-12-16", "12:00"))
    async with moderated_bot(standin, db, pack_dir, clock) as bot:
        refused = await run(standin, "config anniversaries", {"channel": "history"}, user="alice")
        assert refused.ephemeral and "only moderators" in refused.content
        assert bot.store.anniversaries.get(standin.guild.id) is None

        needs = await run(standin, "config anniversaries", {"time": "09:00"}, user="moderator")
        assert "Give a `channel`" in needs.content

        reply = await run(standin, "config anniversaries", {"channel": "history"}, user="moderator")
        history = standin.channel("history").id
        next_post = int(at("2026-12-17", "09:00").timestamp())  # the next day with events
        assert reply.content == (
            f"Anniversary posts: <#{history}> at 09:00 UTC on days the timeline has events "
            f"(next <t:{next_post}:f>)."
        )
        assert_pings_no_one(standin, reply)
        show = await run(standin, "config show", user="moderator")
        assert f"<t:{next_post}:f>" in field(show.embeds[0], "Anniversary posts")

        later = await run(standin, "config anniversaries", {"time": "7:30"}, user="moderator")
        assert "at 07:30 UTC" in later.content
        bad = await run(standin, "config anniversaries", {"time": "25:00"}, user="moderator")
        assert "HH:MM" in bad.content and "Nothing was changed" in bad.content

        stop = await run(standin, "config anniversaries", {"stop": True}, user="moderator")
        assert stop.content == "Anniversary posts: off."
        assert bot.store.anniversaries.get(standin.guild.id) is None


async def test_posted_on_event_days_once_across_restarts_never_skipped(standin, db, pack_dir):
    guild_id = standin.guild.id
    with Store(db) as store:
        store.anniversaries.switch_on(
            guild_id, standin.channel("history").id, "09:00", now=at("2026-12-15")
        )
    clock = Clock(at("2026-12-16", "09:30"))  # no events on 16 December
    async with moderated_bot(standin, db, pack_dir, clock) as first:
        assert await anniversaries(first).tick() == {guild_id: "not due"}
        clock.now = at("2026-12-17", "08:59")
        assert await anniversaries(first).tick() == {guild_id: "not due"}
        clock.now = at("2026-12-17", "09:00")
        assert await anniversaries(first).tick() == {guild_id: "posted"}
        clock.now = at("2026-12-17", "09:01")
        assert await anniversaries(first).tick() == {guild_id: "not due"}

    [post] = channel_posts(standin, "history")
    [embed] = post.embeds
    assert embed["title"] == "On this day: 17 December"
    assert embed["fields"][0]["name"] == (
        "17 December 1996, 20:00 (30 years ago) · MRTA commandos seize the Japanese "
        "ambassador's residence"
    )
    assert embed["footer"]["text"].startswith("On this day · 2026-12-17 · Page 1 of 1")
    assert [b["label"] for b in post.buttons] == [
        "More: When did the Japanese embassy hostage crisis begin?",
        "More: How many hostages were held?",
    ]
    assert_pings_no_one(standin, post)

    # A restart the same day posts nothing more.
    clock.now = at("2026-12-17", "15:00")
    async with moderated_bot(standin, db, pack_dir, clock) as second:
        assert await anniversaries(second).tick() == {guild_id: "not due"}
    # Down through 22 December's 09:00: posted late on restart, not skipped.
    clock.now = at("2026-12-22", "14:00")
    async with moderated_bot(standin, db, pack_dir, clock) as third:
        assert await anniversaries(third).tick() == {guild_id: "posted"}
        for day in ("2026-12-23", "2026-12-24"):  # no events: nothing claimed
            clock.now = at(day, "09:00")
            assert await anniversaries(third).tick() == {guild_id: "not due"}
    assert days_posted(standin) == ["2026-12-17", "2026-12-22"]
    with Store(db) as store:
        assert [d.isoformat() for d in store.anniversaries.sent_days(guild_id)] == [
            "2026-12-17",
            "2026-12-22",
        ]


async def test_a_crash_after_sending_is_found_not_reposted(standin, db, pack_dir, monkeypatch):
    guild_id = standin.guild.id
    with Store(db) as store:
        store.anniversaries.switch_on(
            guild_id, standin.channel("history").id, "09:00", now=at("2025-04-21")
        )
    # A day in the past: the stand-in's messages carry the real time, and the bot
    # searches the channel from the start of the claimed day.
    clock = Clock(at("2025-04-22", "09:00"))
    async with moderated_bot(standin, db, pack_dir, clock) as first:

        def crash(*args, **kwargs):
            raise KeyboardInterrupt("the process died here")

        with monkeypatch.context() as patch:
            patch.setattr(first.store.anniversaries, "finish", crash)
            with pytest.raises(KeyboardInterrupt):
                await anniversaries(first).post_for(guild_id)
    [sent] = channel_posts(standin, "history")
    for n in range(3):
        await standin.dispatch_message(f"chat {n}", channel="history")
    clock.now = at("2025-04-22", "09:05")  # within the lease: the send may be in flight
    async with moderated_bot(standin, db, pack_dir, clock) as second:
        assert await anniversaries(second).tick() == {guild_id: "not due"}
        clock.now = at("2025-04-22", "09:11")
        assert await anniversaries(second).tick() == {guild_id: "found"}
        assert await anniversaries(second).tick() == {guild_id: "not due"}
    assert channel_posts(standin, "history") == [sent]
    assert sent.embeds[0]["title"] == "On this day: 22 April"
    assert "(28 years ago)" in sent.embeds[0]["fields"][0]["name"]


async def test_it_and_the_fact_of_the_day_each_post_once(standin, db, pack_dir):
    guild_id = standin.guild.id
    history = standin.channel("history").id
    with Store(db) as store:
        store.settings.update(
            guild_id, fotd_channel_id=history, fotd_time="09:00", now=at("2026-04-16")
        )
        store.anniversaries.switch_on(guild_id, history, "09:00", now=at("2026-04-16"))
    clock = Clock(at("2026-04-17", "09:00"))
    async with moderated_bot(standin, db, pack_dir, clock) as bot:
        assert await fotd(bot).tick() == {guild_id: "posted"}
        assert await anniversaries(bot).tick() == {guild_id: "posted"}
        assert await fotd(bot).tick() == {guild_id: "not due"}
        assert await anniversaries(bot).tick() == {guild_id: "not due"}
    footers = [p.embeds[0]["footer"]["text"] for p in channel_posts(standin, "history")]
    assert footers[0].startswith("Fact of the day · 2026-04-17")
    assert footers[1].startswith("On this day · 2026-04-17")
    assert len(footers) == 2


async def test_the_scheduler_loop_posts_by_itself(standin, db, pack_dir):
    guild_id = standin.guild.id
    with Store(db) as store:
        store.anniversaries.switch_on(
            guild_id, standin.channel("history").id, "06:00", now=at("2026-12-16")
        )
    clock = Clock(at("2026-12-17", "06:00"))
    async with moderated_bot(standin, db, pack_dir, clock, scheduler=True):
        post = await standin.wait_for_message(lambda s: s.kind == "channel", timeout=10)
        assert post.embeds[0]["footer"]["text"].startswith("On this day · 2026-12-17")


async def test_anyone_may_page_an_anniversary_post_privately(standin, db, pack_dir):
    guild_id = standin.guild.id
    with Store(db) as store:
        store.anniversaries.switch_on(
            guild_id, standin.channel("history").id, "09:00", now=at("2026-04-21")
        )
    (pack_dir / "timeline.yaml").write_text(
        (pack_dir / "timeline.yaml").read_text(encoding="utf-8")
        + "".join(
            f'  - date: "20{n}-04-22"\n    title: Event {n}\n    text: Text {n}.\n'
            "    sources: [iacthr-2015]\n"
            for n in range(16, 19)  # six events on 22 April: two pages
        ),
        encoding="utf-8",
    )
    clock = Clock(at("2026-04-22", "09:00"))
    async with moderated_bot(standin, db, pack_dir, clock) as bot:
        assert await anniversaries(bot).tick() == {guild_id: "posted"}
        [post] = channel_posts(standin, "history")
        assert post.embeds[0]["footer"]["text"].startswith("On this day · 2026-04-22 · Page 1")
        [nxt] = [b for b in post.buttons if b["label"] == "Next"]
        click = await standin.dispatch_button(nxt["custom_id"], message=post, user="bob")
        page = await standin.wait_for_reply(click)
        assert page.ephemeral and page.embeds[0]["title"] == "Timeline: 22 April"
        assert page.embeds[0]["footer"]["text"].startswith("Page 2 of 2")


def lima_pack(pack_dir):
    """The test pack, saying its dates are Lima's (UTC-05:00), as the shipped one does."""
    about = pack_dir / "sources.yaml"
    text = about.read_text(encoding="utf-8")
    about.write_text(
        text.replace('  colour: "#B22222"\n', '  colour: "#B22222"\n  utc_offset: "-05:00"\n'),
        encoding="utf-8",
    )
    return pack_dir


async def test_posted_on_limas_day_not_utcs(standin, db, pack_dir):
    """At 02:00 UTC it is 21:00 the day before in Lima: 17 December's events are
    posted at 02:00 UTC on the 18th, and /config show and /timeline today agree."""
    guild_id = standin.guild.id
    clock = Clock(at("2026-12-16", "12:00"))
    async with moderated_bot(standin, db, lima_pack(pack_dir), clock) as bot:
        said = await run(
            standin,
            "config anniversaries",
            {"channel": "history", "time": "02:00"},
            user="moderator",
        )
        assert f"(next <t:{int(at('2026-12-18', '02:00').timestamp())}:f>)" in said.content
        clock.now = at("2026-12-17", "02:00")  # Lima: 16 December, 21:00
        assert await anniversaries(bot).tick() == {guild_id: "not due"}
        clock.now = at("2026-12-18", "02:00")  # Lima: 17 December, 21:00
        assert await anniversaries(bot).tick() == {guild_id: "posted"}
        [post] = channel_posts(standin, "history")
        assert post.embeds[0]["title"] == "On this day: 17 December"
        assert days_posted(standin) == ["2026-12-17"]

        today = await run(standin, "timeline", {"when": "today"})
        assert today.embeds[0]["title"] == "Timeline: 17 December"
        clock.now = at("2026-12-18", "05:00")  # Lima's 18 December begins
        tomorrow = await run(standin, "timeline", {"when": "hoy"})
        assert tomorrow.ephemeral and "18 December" in tomorrow.content
