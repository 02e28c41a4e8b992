"""The fact of the day finds its own post however busy the channel was (issue 9,
item 7): the bot died between sending and recording, and more than 50 messages
arrived before its lease ran out. On restart it must find the post, not post again."""

from __future__ import annotations

import shutil

import pytest
from helpers.bots import PACK
from helpers.moderation import Clock, at, channel_posts, fotd, moderated_bot

from bot.storage import Store


async def test_a_crash_after_sending_is_noticed_behind_many_messages(
    standin, tmp_path, monkeypatch
):
    pack_dir = tmp_path / "pack"
    shutil.copytree(PACK, pack_dir)
    db = tmp_path / "crisisbot.sqlite3"
    guild_id = standin.guild.id
    with Store(db) as store:
        store.settings.update(
            guild_id,
            fotd_channel_id=standin.channel("history").id,
            fotd_time="09:00",
            now=at("2026-11-24"),
        )
    clock = Clock(at("2026-11-25", "09:00"))
    async with moderated_bot(standin, db, pack_dir, clock) as first:

        def crash(*args, **kwargs):
            raise KeyboardInterrupt("the process died here")

        with monkeypatch.context() as patch:
            patch.setattr(first.store.fotd, "finish", crash)
            with pytest.raises(KeyboardInterrupt):
                await fotd(first).post_for(guild_id)
    [sent] = channel_posts(standin, "history")
    for n in range(130):  # a busy channel while the bot was down: 130 > one page of 100
        await standin.dispatch_message(f"chat message {n}", channel="history")
    clock.now = at("2026-11-25", "09:11")  # the lease is over: the claim is resumed
    async with moderated_bot(standin, db, pack_dir, clock) as second:
        assert await fotd(second).tick() == {guild_id: "found"}
    assert channel_posts(standin, "history") == [sent]
    with Store(db) as store:
        [post] = store.facts.recent_posts(guild_id)
        assert post.message_id == int(sent.message["id"])
