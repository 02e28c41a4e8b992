"""Moderator tools on the Discord stand-in, with the SQLite store: who may use them,
/postfact, the fact of the day across restarts (a controllable clock, no sleeping),
/config for the schedule and the moderator role, /kb reload and /kb gaps.

Tests assert what members see (messages, ephemeral replies) and what the database
holds (a full dump before and after, for refusals)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

import discord
import pytest
from helpers.bots import field
from helpers.moderation import BEGIN, UTC, Clock, ask, at, channel_posts, fotd, moderated_bot, run
from standin import DiscordStandin
from standin.model import MEMBER_PERMISSIONS

from bot.core import Engine, Problem, last_good
from bot.discord_bot import CrisisBot
from bot.exts.kb import problems_text
from bot.storage import FOTD_POSTER, Store


@pytest.fixture
async def bot(standin: DiscordStandin, db: Path, pack_dir: Path) -> AsyncIterator[CrisisBot]:
    async with moderated_bot(standin, db, pack_dir, Clock(at("2026-11-25", "08:00"))) as running:
        yield running


def dump(db: Path) -> list[str]:
    conn = sqlite3.connect(db)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


# ------------------------------------------------------------------ permissions

MODERATOR_COMMANDS = [
    ("config answers", {"mode": "on", "channel": "history"}),
    ("config cooldown", {"seconds": 60}),
    ("config modrole", {}),
    ("config fact", {"channel": "history", "time": "09:00"}),
    ("config fact", {"stop": True}),
    ("config anniversaries", {"channel": "history", "time": "09:00"}),
    ("config anniversaries", {"stop": True}),
    ("config show", {}),
    ("postfact", {"entry_or_topic": "seizure-date", "channel": "history"}),
    ("postfact", {"entry_or_topic": "topic:The rescue"}),
    ("kb reload", {}),
    ("kb gaps", {}),
    ("kb feedback", {}),
    ("kb stats", {}),
]


async def test_moderator_commands_have_default_permissions(standin, bot):
    synced = {c["name"]: c for c in standin.global_commands}
    for name in ("config", "postfact", "kb"):
        assert synced[name]["default_member_permissions"] == str(1 << 13)  # Manage Messages
        assert synced[name]["contexts"] == [0]  # servers only
    assert synced["ask"].get("default_member_permissions") is None


async def test_members_without_permission_are_refused_and_nothing_changes(
    standin, bot, db, pack_dir
):
    guild_id = standin.guild.id
    # Something in every table, so a change anywhere would show in the dump.
    bot.store.settings.update(guild_id, fotd_channel_id=standin.channel("general").id)
    bot.store.facts.record_post(guild_id, 1, "seizure-date", 42)
    bot.store.unanswered.log("who cooked dinner", guild_id=guild_id)
    # A reload would change the answers if it ran.
    entries = pack_dir / "entries.yaml"
    entries.write_text(entries.read_text().replace("17 December 1996", "18 December 1996"))
    engine = bot.engine
    before = dump(db)
    mark = len(standin.sent.items)

    for name, options in MODERATOR_COMMANDS:
        interaction = await standin.dispatch_slash(name, options, user="alice", channel="general")
        reply = await standin.wait_for_reply(interaction)
        assert reply.ephemeral, name
        assert "only moderators" in reply.content and "Nothing was changed" in reply.content
        answers = [s for s in standin.sent.items if s.interaction_id == interaction.id]
        assert len(answers) == 1, f"/{name}: {answers}"  # one refusal, nothing else

    assert dump(db) == before
    assert bot.engine is engine
    assert all(s.kind != "channel" for s in standin.sent.items[mark:])  # nothing posted


async def test_the_servers_moderator_role_is_enough(standin, bot):
    guild_id = standin.guild.id
    helper = standin.add_user(
        "helper", permissions=MEMBER_PERMISSIONS, roles=[standin.guild.moderator_role_id]
    )
    refused = await run(standin, "kb gaps", user="helper")
    assert "only moderators" in refused.content

    done = await run(
        standin, "config modrole", {"role": standin.guild.moderator_role_id}, user="moderator"
    )
    assert f"<@&{standin.guild.moderator_role_id}>" in done.content
    assert standin.pinged(done) == set()
    assert bot.store.settings.get(guild_id).moderator_role_id == standin.guild.moderator_role_id

    allowed = await run(standin, "kb gaps", user="helper")
    assert allowed.ephemeral and allowed.embeds, allowed.content
    show = await run(standin, "config show", user="helper")
    assert str(standin.guild.moderator_role_id) in field(show.embeds[0], "Moderator role")

    cleared = await run(standin, "config modrole", user="moderator")
    assert "No moderator role" in cleared.content
    assert bot.store.settings.get(guild_id).moderator_role_id is None
    assert "only moderators" in (await run(standin, "kb gaps", user="helper")).content
    assert helper.id  # the member exists in the stand-in's guild


# ------------------------------------------------------------------ /postfact


async def test_postfact_posts_a_cited_fact_and_records_who_and_when(standin, bot):
    interaction = await standin.dispatch_slash(
        "postfact",
        {"entry_or_topic": "seizure-date", "channel": "history"},
        user="moderator",
        channel="general",
    )
    post = await standin.wait_for_message(lambda s: s.kind == "channel")
    assert post.message["channel_id"] == str(standin.channel("history").id)
    embed = post.embeds[0]
    assert embed["title"] == BEGIN
    sources = field(embed, "Sources")
    assert "Inter-American Court" in sources and "Associated Press" in sources
    assert standin.pinged(post) == set()

    confirm = await standin.wait_for_reply(interaction)
    assert confirm.ephemeral and "Posted" in confirm.content
    assert f"<#{standin.channel('history').id}>" in confirm.content

    [record] = bot.store.facts.recent_posts(standin.guild.id)
    assert record.entry_id == "seizure-date"
    assert record.posted_by == standin.user("moderator").id
    assert record.channel_id == standin.channel("history").id
    assert record.message_id == int(post.message["id"])
    assert abs((record.posted_at - dt.datetime.now(UTC)).total_seconds()) < 60


async def test_postfact_defaults_to_this_channel_and_understands_questions(standin, bot):
    await run(
        standin,
        "postfact",
        {"entry_or_topic": "How did the commandos get into the residence?"},
        user="owner",
        channel="offtopic",
    )
    [post] = channel_posts(standin, "offtopic")
    assert post.embeds[0]["title"] == "How did the commandos get into the residence?"
    assert bot.store.facts.recent_posts(standin.guild.id)[0].entry_id == "rescue-tunnels"

    unknown = await run(
        standin, "postfact", {"entry_or_topic": "zzz qqq"}, user="moderator", channel="offtopic"
    )
    assert unknown.ephemeral and "Nothing was posted" in unknown.content
    assert len(channel_posts(standin)) == 1


async def test_postfact_by_topic_posts_each_fact_once_before_repeating(standin, bot):
    rescue = {"rescue-date", "rescue-tunnels", "rescue-deaths"}
    for _ in range(3):
        await run(standin, "postfact", {"entry_or_topic": "topic:The rescue"}, user="moderator")
    posted = [p.entry_id for p in reversed(bot.store.facts.recent_posts(standin.guild.id))]
    assert set(posted) == rescue
    titles = {p.embeds[0]["title"] for p in channel_posts(standin, "general")}
    assert len(titles) == 3
    # Used up: the topic repeats its oldest fact; the fact of the day's cycle is not reset,
    # so its next pick is still one of the facts never posted.
    await run(standin, "postfact", {"entry_or_topic": "The rescue"}, user="moderator")
    assert bot.store.facts.recent_posts(standin.guild.id)[0].entry_id == posted[0]
    nxt = bot.store.facts.next_fact(standin.guild.id, list(bot.engine.pack.entries))
    assert nxt not in rescue


async def test_postfact_autocompletes_topics_and_entries(standin, bot):
    choices = await standin.wait_for_choices(
        await standin.dispatch_autocomplete(
            "postfact", "entry_or_topic", "rescue", user="moderator"
        )
    )
    values = [c["value"] for c in choices]
    assert values[0] == "topic:The rescue"
    assert choices[0]["name"].startswith("Topic: The rescue")
    assert "rescue-date" in values
    assert all(len(c["name"]) <= 100 and len(c["value"]) <= 100 for c in choices)


async def test_postfact_where_the_bot_may_not_post_records_nothing(standin, bot):
    standin.fail_next(403, method="POST", path=r"/channels/\d+/messages$")
    reply = await run(
        standin,
        "postfact",
        {"entry_or_topic": "seizure-date", "channel": "history"},
        user="moderator",
    )
    assert reply.ephemeral and "can't post" in reply.content
    assert bot.store.facts.recent_posts(standin.guild.id) == []


# ------------------------------------------------------------------ fact of the day


async def test_config_fact_sets_the_schedule_and_show_reports_it(standin, bot):
    clock: Clock = bot.clock  # type: ignore[assignment]
    reply = await run(
        standin, "config fact", {"channel": "history", "time": "9:30"}, user="moderator"
    )
    history = standin.channel("history").id
    assert reply.ephemeral and f"<#{history}> daily at 09:30 UTC" in reply.content
    assert f"<t:{int(at('2026-11-25', '09:30').timestamp())}:f>" in reply.content
    settings = bot.store.settings.get(standin.guild.id)
    assert (settings.fotd_channel_id, settings.fotd_time) == (history, "09:30")
    assert settings.fotd_since == clock.now

    bad = await run(standin, "config fact", {"time": "25:00"}, user="moderator")
    assert "HH:MM" in bad.content and "Nothing was changed" in bad.content
    assert bot.store.settings.get(standin.guild.id).fotd_time == "09:30"

    show = await run(standin, "config show", user="moderator")
    assert "09:30 UTC" in field(show.embeds[0], "Fact of the day")

    stop = await run(standin, "config fact", {"stop": True}, user="moderator")
    assert "off until a channel is set" in stop.content
    assert not bot.store.settings.get(standin.guild.id).fotd_configured


async def test_enabling_after_todays_slot_waits_for_tomorrow(standin, bot):
    clock: Clock = bot.clock  # type: ignore[assignment]
    clock.now = at("2026-11-25", "08:00")
    reply = await run(
        standin, "config fact", {"channel": "history", "time": "07:00"}, user="moderator"
    )
    assert f"<t:{int(at('2026-11-26', '07:00').timestamp())}:f>" in reply.content
    cog = fotd(bot)
    assert await cog.tick() == {standin.guild.id: "not due"}  # no surprise post at once
    clock.now = at("2026-11-25", "23:59")
    assert await cog.tick() == {standin.guild.id: "not due"}
    clock.now = at("2026-11-26", "07:00")
    assert await cog.tick() == {standin.guild.id: "posted"}
    assert len(channel_posts(standin, "history")) == 1


async def test_enabling_before_todays_slot_posts_at_the_slot(standin, bot):
    clock: Clock = bot.clock  # type: ignore[assignment]
    await run(standin, "config fact", {"channel": "history", "time": "23:00"}, user="moderator")
    cog = fotd(bot)
    clock.now = at("2026-11-25", "08:01")
    assert await cog.tick() == {standin.guild.id: "not due"}
    clock.now = at("2026-11-25", "23:00")
    assert await cog.tick() == {standin.guild.id: "posted"}
    [post] = channel_posts(standin, "history")
    assert post.embeds[0]["footer"]["text"].startswith("Fact of the day · 2026-11-25")
    assert field(post.embeds[0], "Sources")


async def test_a_missed_late_slot_is_posted_after_midnight_and_show_says_so(standin, bot):
    """The schedule rule from both ends (bot/storage/fotd.py): a bot that missed its
    23:50 post and is back at 00:05 posts yesterday's fact, and /config show says it
    is due, not "next 23:50 tonight" (the two copies of the rule disagreed)."""
    clock: Clock = bot.clock  # type: ignore[assignment]
    clock.now = at("2026-11-24", "08:00")
    await run(standin, "config fact", {"channel": "history", "time": "23:50"}, user="moderator")
    clock.now = at("2026-11-25", "00:05")  # down from 23:45 to 00:05
    show = await run(standin, "config show", user="moderator")
    assert "(due now)" in field(show.embeds[0], "Fact of the day")
    assert await fotd(bot).tick() == {standin.guild.id: "posted"}
    [post] = channel_posts(standin, "history")
    assert post.embeds[0]["footer"]["text"].startswith("Fact of the day · 2026-11-24")
    show = await run(standin, "config show", user="moderator")
    tonight = int(at("2026-11-25", "23:50").timestamp())
    assert f"(next <t:{tonight}:f>)" in field(show.embeds[0], "Fact of the day")
    assert await fotd(bot).tick() == {standin.guild.id: "not due"}
    # Twelve hours late is too late: the day is skipped, and show says so as well.
    clock.now = at("2026-11-26", "12:00")
    show = await run(standin, "config show", user="moderator")
    tonight = int(at("2026-11-26", "23:50").timestamp())
    assert f"(next <t:{tonight}:f>)" in field(show.embeds[0], "Fact of the day")
    assert await fotd(bot).tick() == {standin.guild.id: "not due"}


async def test_fact_of_the_day_once_a_day_across_restarts_no_repeats(standin, db, pack_dir):
    clock = Clock(at("2026-11-25", "08:00"))
    guild_id = standin.guild.id
    entries = set(Engine.from_path(pack_dir).pack.entries)
    async with moderated_bot(standin, db, pack_dir, clock) as first:
        await run(standin, "config fact", {"channel": "history", "time": "09:00"}, user="owner")
        assert await fotd(first).tick() == {guild_id: "not due"}
        clock.now = at("2026-11-25", "09:00")
        assert await fotd(first).tick() == {guild_id: "posted"}
        clock.now = at("2026-11-25", "09:01")
        assert await fotd(first).tick() == {guild_id: "not due"}
    # Restart the same day: no second post.
    clock.now = at("2026-11-25", "09:30")
    async with moderated_bot(standin, db, pack_dir, clock) as second:
        assert await fotd(second).tick() == {guild_id: "not due"}
    # Down through the next day's 09:00: posted late on restart, not skipped.
    clock.now = at("2026-11-26", "10:15")
    async with moderated_bot(standin, db, pack_dir, clock) as third:
        assert await fotd(third).tick() == {guild_id: "posted"}
        for n in range(1, len(entries) + 1):  # a restart-free stretch of days
            clock.now = at("2026-11-26", "09:00") + dt.timedelta(days=n)
            assert await fotd(third).tick() == {guild_id: "posted"}
            clock.now += dt.timedelta(hours=9)
            assert await fotd(third).tick() == {guild_id: "not due"}

    posts = channel_posts(standin, "history")
    days = [p.embeds[0]["footer"]["text"].split(" · ")[1] for p in posts]
    first_day = dt.date(2026, 11, 25)
    expected = [(first_day + dt.timedelta(days=n)).isoformat() for n in range(len(entries) + 2)]
    assert days == expected  # one post a day, none twice, none skipped
    history = list(reversed(Store(db).facts.recent_posts(guild_id, limit=100)))
    assert all(p.posted_by == FOTD_POSTER for p in history)
    picked = [p.entry_id for p in history]
    assert set(picked[: len(entries)]) == entries  # every fact once before any repeat
    assert picked[len(entries)] != picked[len(entries) - 1]
    assert [p.message_id for p in history] == [int(p.message["id"]) for p in posts]


async def test_crash_after_sending_is_noticed_not_reposted(standin, db, pack_dir, monkeypatch):
    clock = Clock(at("2026-11-25", "09:00"))
    guild_id = standin.guild.id
    with Store(db) as store:
        store.settings.update(
            guild_id,
            fotd_channel_id=standin.channel("history").id,
            fotd_time="09:00",
            now=at("2026-11-24"),
        )
    async with moderated_bot(standin, db, pack_dir, clock) as first:

        def crash(*args, **kwargs):
            raise KeyboardInterrupt("the process died here")

        with monkeypatch.context() as patch:
            patch.setattr(first.store.fotd, "finish", crash)
            with pytest.raises(KeyboardInterrupt):
                await fotd(first).post_for(guild_id)
    [sent] = channel_posts(standin, "history")  # out, but never recorded as sent
    clock.now = at("2026-11-25", "09:05")  # restarted within the lease: in flight
    async with moderated_bot(standin, db, pack_dir, clock) as second:
        assert await fotd(second).tick() == {guild_id: "not due"}
        clock.now = at("2026-11-25", "09:11")  # lease over: resumed, finds its post
        assert await fotd(second).tick() == {guild_id: "found"}
        clock.now = at("2026-11-25", "20:00")
        assert await fotd(second).tick() == {guild_id: "not due"}
    assert len(channel_posts(standin, "history")) == 1
    with Store(db) as store:
        [post] = store.facts.recent_posts(guild_id)
        assert post.message_id == int(sent.message["id"])
        assert store.fotd.last_sent(guild_id) == dt.date(2026, 11, 25)


async def test_crash_before_sending_posts_once_after_the_lease(standin, db, pack_dir):
    guild_id = standin.guild.id
    with Store(db) as store:
        store.settings.update(
            guild_id,
            fotd_channel_id=standin.channel("history").id,
            fotd_time="09:00",
            now=at("2026-11-24"),
        )
        entries = list(Engine.from_path(pack_dir).pack.entries)
        claim = store.fotd.claim(guild_id, entries, now=at("2026-11-25", "09:00"))
        assert claim is not None  # ...and the process died before sending
    clock = Clock(at("2026-11-25", "09:05"))
    async with moderated_bot(standin, db, pack_dir, clock) as bot:
        assert await fotd(bot).tick() == {guild_id: "not due"}
        clock.now = at("2026-11-25", "09:11")
        assert await fotd(bot).tick() == {guild_id: "posted"}
        assert await fotd(bot).tick() == {guild_id: "not due"}
        [post] = channel_posts(standin, "history")
        assert post.embeds[0]["title"] == bot.engine.entry(claim.entry_id).question


async def test_a_refused_send_releases_the_day_for_a_later_try(standin, bot):
    clock: Clock = bot.clock  # type: ignore[assignment]
    await run(standin, "config fact", {"channel": "history", "time": "07:00"}, user="moderator")
    clock.now = at("2026-11-26", "07:00")
    standin.fail_next(403, method="POST", path=r"/channels/\d+/messages$")
    assert await fotd(bot).tick() == {standin.guild.id: "released"}
    assert channel_posts(standin) == []
    clock.now = at("2026-11-26", "07:01")
    assert await fotd(bot).tick() == {standin.guild.id: "posted"}


async def test_a_send_that_may_have_failed_is_checked_not_repeated(standin, bot, monkeypatch):
    """A timeout leaves it unknown whether the message went out: the claim stays
    pending and, after the lease, the channel is searched before sending again."""
    clock: Clock = bot.clock  # type: ignore[assignment]
    await run(standin, "config fact", {"channel": "history", "time": "07:00"}, user="moderator")
    clock.now = at("2026-11-26", "07:00")

    async def timeout(*args, **kwargs):
        raise TimeoutError

    with monkeypatch.context() as patch:
        patch.setattr(discord.abc.Messageable, "send", timeout)
        assert await fotd(bot).tick() == {standin.guild.id: "pending"}
    clock.now = at("2026-11-26", "07:05")
    assert await fotd(bot).tick() == {standin.guild.id: "not due"}  # within the lease
    clock.now = at("2026-11-26", "07:20")
    assert await fotd(bot).tick() == {standin.guild.id: "posted"}  # not found: sent now
    assert len(channel_posts(standin, "history")) == 1


async def test_the_scheduler_loop_posts_by_itself(standin, db, pack_dir):
    guild_id = standin.guild.id
    with Store(db) as store:
        store.settings.update(
            guild_id,
            fotd_channel_id=standin.channel("history").id,
            fotd_time="06:00",
            now=at("2026-11-24"),
        )
    clock = Clock(at("2026-11-25", "06:00"))
    async with moderated_bot(standin, db, pack_dir, clock, scheduler=True):
        post = await standin.wait_for_message(lambda s: s.kind == "channel", timeout=10)
        assert "2026-11-25" in post.embeds[0]["footer"]["text"]


# ------------------------------------------------------------------ /kb reload


async def test_kb_reload_with_a_yaml_syntax_error_keeps_the_old_pack(standin, bot, pack_dir):
    entries = pack_dir / "entries.yaml"
    lines = entries.read_text().splitlines()
    lines[4] = "    answer: [unclosed"  # line 5
    entries.write_text("\n".join(lines) + "\n")
    engine = bot.engine
    reply = await run(standin, "kb reload", user="moderator")
    assert reply.ephemeral
    assert "old pack keeps answering" in reply.content
    assert f"{entries}:" in reply.content or "entries.yaml:" in reply.content
    assert "YAML syntax error" in reply.content
    line = reply.content.split("entries.yaml:")[1].split(":")[0]
    assert line.isdigit() and int(line) >= 5
    assert bot.engine is engine
    answer = await ask(standin)
    assert answer.embeds[0]["title"] == BEGIN
    assert "17 December 1996" in answer.embeds[0]["description"]


async def test_kb_reload_with_an_unknown_source_keeps_the_old_pack(standin, bot, pack_dir):
    entries = pack_dir / "entries.yaml"
    text = entries.read_text()
    entries.write_text(text.replace("source: ap-1996-12-18}]", "source: no-such-source}]", 1))
    line = next(
        n for n, row in enumerate(entries.read_text().splitlines(), 1) if "no-such-source" in row
    )
    reply = await run(standin, "kb reload", user="moderator")
    assert reply.ephemeral and "no-such-source" in reply.content
    assert f"entries.yaml:{line}:" in reply.content
    answer = await ask(standin)
    assert answer.embeds[0]["title"] == BEGIN


async def test_kb_reload_swaps_in_a_good_pack(standin, bot, pack_dir, tmp_path):
    bot.app = dataclasses.replace(bot.app, cache_dir=tmp_path / "cache")
    entries = pack_dir / "entries.yaml"
    entries.write_text(entries.read_text().replace("17 December 1996", "17 December 1996 (edited)"))
    old = bot.engine
    reply = await run(standin, "kb reload", user="moderator")
    assert reply.ephemeral and reply.content.startswith("Reloaded: 6 entries")
    assert bot.engine is not old
    # What a restart falls back on if the pack breaks later: the pack just swapped in.
    copy = last_good.recall(pack_dir, tmp_path / "cache")
    assert copy is not None and "(edited)" in (copy.path / "entries.yaml").read_text()
    answer = await ask(standin)
    assert "17 December 1996 (edited)" in answer.embeds[0]["description"]
    # The old engine is untouched: an answer already being composed stays consistent.
    assert "(edited)" not in old.ask(BEGIN).entry.answer


def test_problem_list_is_cut_to_fit_with_a_count_of_the_rest():
    problems = [
        Problem("entries.yaml", n, 3, f"problem number {n} " + "x" * 60) for n in range(200)
    ]
    text = problems_text(Path("/kb"), problems)
    assert len(text) <= 2000
    assert "entries.yaml:0:3: problem number 0" in text
    shown = text.count("problem number")
    assert f"…and {200 - shown} more" in text
    assert text.count("```") == 2


# ------------------------------------------------------------------ /kb gaps


async def test_kb_gaps_lists_this_servers_unanswered_questions_with_counts(standin, bot):
    for question in ["who cooked the dinner", "Who cooked the dinner?", "what was the weather"]:
        reply = await ask(standin, question)
        assert reply.ephemeral  # the "no answer" reply
    bot.store.unanswered.log("a question from elsewhere", guild_id=12345)
    reply = await run(standin, "kb gaps", user="moderator")
    assert reply.ephemeral
    text = reply.embeds[0]["description"]
    lines = text.splitlines()
    assert lines[0].startswith("**2×** who cooked the dinner")
    assert lines[1].startswith("**1×** what was the weather")
    assert "elsewhere" not in text
    limited = await run(standin, "kb gaps", {"limit": 1}, user="moderator")
    assert len(limited.embeds[0]["description"].splitlines()) == 1


# ------------------------------------------------------------------ without a database


async def test_a_fresh_store_serves_every_moderator_command(standin, crisis_bot):
    """The default bot of the tests (a fresh store in a temporary folder, as every bot
    has one now): the fact of the day, the gaps view, /postfact and /kb reload."""
    assert fotd(crisis_bot).scheduler.is_running()
    reply = await run(standin, "config fact", {"channel": "history", "time": "09:00"}, user="owner")
    assert "daily at 09:00 UTC" in reply.content
    gaps = await run(standin, "kb gaps", user="owner")
    assert gaps.ephemeral and gaps.embeds[0]["title"].startswith("Questions I could not answer")
    await run(standin, "postfact", {"entry_or_topic": "The siege"}, user="owner")
    [post] = channel_posts(standin, "general")
    assert post.embeds[0]["title"] == "How many hostages were held?"
    reloaded = await run(standin, "kb reload", user="owner")
    assert reloaded.content.startswith("Reloaded: 6 entries")
