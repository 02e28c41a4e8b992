"""Running the bot: `crisisbot run` (a real process, SIGTERM), refusing a broken pack or
a missing token, the message-content intent, the token kept out of logs, the
heartbeat behind `crisisbot health`, and the SQLite store as the settings backend."""

from __future__ import annotations

import asyncio
import logging
import os
import shutil
import signal
from pathlib import Path

import pytest
from helpers.bots import (
    PACK,
    decision_for,
    decode_intents,
    engine,
    make_bot,
    start_bot_process,
    stop_bot_process,
)
from standin import DiscordStandin, running_bot

from bot.config import BotConfig, Config, RedactToken
from bot.discord_bot import check_health, run_bot, serve
from bot.storage import Store

BEGIN = "When did the Japanese embassy hostage crisis begin?"


async def _until(condition, timeout: float = 5.0, what: str = "a condition") -> None:
    """Poll ``condition`` (for state that has no event to wait on, like a file)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        if loop.time() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.01)


@pytest.mark.parametrize("stop_signal", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "Ctrl-C"])
async def test_crisisbot_run_answers_and_stops_cleanly(
    standin: DiscordStandin, tmp_path: Path, stop_signal: signal.Signals
):
    proc = await start_bot_process(
        standin, tmp_path / "crisisbot.sqlite3", heartbeat=tmp_path / "heartbeat"
    )
    try:
        await standin.wait_ready(timeout=30)
        reply = await standin.wait_for_reply(
            await standin.dispatch_slash("ask", {"question": BEGIN})
        )
        assert reply.embeds[0]["title"] == BEGIN
        proc.send_signal(stop_signal)
        out, err = await asyncio.wait_for(proc.communicate(), timeout=15)
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
    log = err.decode() + out.decode()
    assert proc.returncode == 0, log
    assert "Synced 11 global commands" in log
    assert "Stopping" in log
    assert standin.token not in log
    assert (tmp_path / "crisisbot.sqlite3").exists()
    assert not (tmp_path / "heartbeat").exists()  # removed on a clean stop
    # The process closed its gateway connection itself (no socket left open).
    assert all(session.conn is None for session in standin.sessions())


def test_run_refuses_a_broken_pack_with_the_validators_messages(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv("DISCORD_TOKEN", "not-used")
    pack = tmp_path / "pack"
    shutil.copytree(PACK, pack)
    entries = pack / "entries.yaml"
    entries.write_text(entries.read_text().replace("source: ap-1996-12-18", "source: no-such"))
    assert run_bot(Config.from_env(pack=str(pack))) == 2
    err = capsys.readouterr().err
    assert "not starting" in err
    assert f"{entries}:" in err and "no-such" in err


def test_run_refuses_without_a_token(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.delenv("DISCORD_TOKEN", raising=False)
    monkeypatch.delenv("DISCORD_TOKEN_FILE", raising=False)
    assert run_bot(Config.from_env(pack=str(PACK))) == 2
    assert "DISCORD_TOKEN" in capsys.readouterr().err


def test_token_from_a_file(tmp_path: Path):
    secret = tmp_path / "token"
    secret.write_text("file-token-123\n")
    config = BotConfig.from_env({"DISCORD_TOKEN_FILE": str(secret)})
    assert config.token == "file-token-123"
    assert "file-token-123" not in repr(config)


async def test_without_message_content_slash_commands_and_mentions_still_work(
    standin: DiscordStandin,
):
    bot = make_bot(standin, message_content=False)
    async with running_bot(bot, standin):
        identify = await standin.wait_for_gateway(lambda f: f.op == 2)
        assert not decode_intents(identify.d).message_content
        bot.store.settings.set_answer_channel(standin.guild.id, standin.channel("history").id, "on")

        plain = await standin.dispatch_message(BEGIN, channel="history")
        assert (await decision_for(bot, plain)).startswith("silent: no text")
        mention = await standin.dispatch_message(BEGIN, channel="history", mentions_bot=True)
        assert await decision_for(bot, mention) == "answered"
        reply = await standin.wait_for_reply(
            await standin.dispatch_slash("ask", {"question": BEGIN})
        )
        assert reply.embeds[0]["title"] == BEGIN


async def test_serve_carries_on_without_the_intent_when_discord_refuses_it(
    standin: DiscordStandin, caplog: pytest.LogCaptureFixture, tmp_path: Path
):
    store = Store(tmp_path / "crisisbot.sqlite3")
    standin.message_content_granted = False
    stop = asyncio.Event()
    config = BotConfig(token=standin.token, cooldown_seconds=0, heartbeat_file=None)
    task = asyncio.create_task(serve(engine(), config, store, stop=stop, guild_ready_timeout=0.05))
    try:
        second = await standin.wait_for_gateway(
            lambda f: f.op == 2 and not decode_intents(f.d).message_content, timeout=10
        )
        first = standin.gateway_in.find(lambda f: f.op == 2)[0]
        assert decode_intents(first.d).message_content  # asked, refused with 4014
        assert second is not first
        await standin.wait_ready()
        reply = await standin.wait_for_reply(
            await standin.dispatch_slash("ask", {"question": BEGIN})
        )
        assert reply.embeds[0]["title"] == BEGIN
        assert "message-content intent is not enabled" in caplog.text
    finally:
        stop.set()
        assert await asyncio.wait_for(task, 10) == 0


async def test_a_rejected_token_stops_with_a_clear_message_and_no_token(
    standin: DiscordStandin, caplog: pytest.LogCaptureFixture, tmp_path: Path
):
    caplog.set_level(logging.DEBUG)
    config = BotConfig(token="wrong-token-s3cr3t", heartbeat_file=None)
    with Store(tmp_path / "crisisbot.sqlite3") as store:
        assert await asyncio.wait_for(serve(engine(), config, store), 10) == 1
    assert "rejected the bot token" in caplog.text
    assert "wrong-token-s3cr3t" not in caplog.text


async def test_the_token_never_reaches_the_logs(
    standin: DiscordStandin, caplog: pytest.LogCaptureFixture
):
    caplog.set_level(logging.DEBUG)
    async with running_bot(make_bot(standin), standin):
        await standin.wait_for_reply(await standin.dispatch_slash("ask", {"question": BEGIN}))
        await standin.wait_for_reply(await standin.dispatch_slash("ask", {"question": "zzz"}))
    assert "Synced" in caplog.text  # the capture did see the bot's logs
    assert standin.token not in caplog.text


def test_redact_filter_scrubs_the_token_from_a_record():
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "token is %s", ("abc.def",), None)
    RedactToken("abc.def").filter(record)
    assert record.getMessage() == "token is [token]"


async def test_heartbeat_while_connected_and_health_check(standin: DiscordStandin, tmp_path: Path):
    beat = tmp_path / "heartbeat"
    assert check_health(beat) == 1  # not running
    async with running_bot(make_bot(standin, heartbeat_file=beat), standin):
        await _until(beat.exists, what="the first heartbeat")
        assert check_health(beat) == 0
        old = beat.stat().st_mtime - 600
        os.utime(beat, (old, old))
        assert check_health(beat, max_age=60) == 1  # a stale beat is unhealthy
    assert not beat.exists()
    assert check_health(beat) == 1


async def test_settings_and_gaps_survive_a_restart(standin: DiscordStandin, tmp_path: Path):
    db = tmp_path / "crisisbot.sqlite3"
    store = Store(db)
    try:
        bot = make_bot(standin, store=store)
        async with running_bot(bot, standin):
            history = standin.channel("history")
            await standin.wait_for_reply(
                await standin.dispatch_slash(
                    "config answers", {"mode": "on", "channel": "history"}, user="moderator"
                )
            )
            store.settings.update(standin.guild.id, cooldown_seconds=0)
            question = await standin.dispatch_message(BEGIN, channel="history")
            assert await decision_for(bot, question) == "answered"
            await standin.wait_for_reply(
                await standin.dispatch_slash("ask", {"question": "what is the capital of Chad"})
            )
    finally:
        store.close()
    with Store(db) as reopened:
        assert reopened.settings.get(standin.guild.id).enabled_channels == {history.id}
        assert [g.question for g in reopened.unanswered.top_gaps()] == [
            "what is the capital of Chad"
        ]


async def test_only_the_intents_it_needs(standin: DiscordStandin, crisis_bot):
    identify = await standin.wait_for_gateway(lambda f: f.op == 2)
    intents = decode_intents(identify.d)
    assert intents.guilds and intents.guild_messages and intents.dm_messages
    assert intents.message_content
    assert not (intents.members or intents.presences or intents.typing or intents.voice_states)


async def _run_once(pack: Path, cache: Path, tmp_path: Path, question: str) -> tuple[dict, str]:
    """Start `crisisbot run` on its own stand-in, ask one question, stop it: (the
    reply's first embed or {}, what the process wrote)."""
    standin = await DiscordStandin().start()
    try:
        proc = await start_bot_process(
            standin, tmp_path / "crisisbot.sqlite3", pack=pack, cache_dir=cache
        )
        reply = None
        try:
            await standin.wait_ready(timeout=30)
            reply = await standin.wait_for_reply(
                await standin.dispatch_slash("ask", {"question": question})
            )
        finally:
            out, err = await stop_bot_process(proc)
    finally:
        await standin.stop()
    assert proc.returncode == 0, err
    return (reply.embeds[0] if reply and reply.embeds else {}), err + out


async def test_a_pack_broken_before_a_restart_answers_from_its_last_clean_copy(tmp_path: Path):
    pack, cache = tmp_path / "pack", tmp_path / "cache"
    shutil.copytree(PACK, pack)
    embed, _ = await _run_once(pack, cache, tmp_path, BEGIN)
    assert embed["title"] == BEGIN

    # A moderator's slip while the bot is down: one unknown source id.
    entries = pack / "entries.yaml"
    entries.write_text(entries.read_text().replace("source: ap-1996-12-18", "source: no-such"))
    embed, log = await _run_once(pack, cache, tmp_path, BEGIN)
    assert embed["title"] == BEGIN  # still answered, from the copy
    assert f"{entries}:" in log and "no-such" in log  # the problem, file:line
    assert "last copy of it that loaded cleanly" in log and "/kb reload" in log


def test_without_a_clean_copy_a_broken_pack_still_stops_the_start(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv("DISCORD_TOKEN", "not-used")
    monkeypatch.setenv("CRISISBOT_CACHE_DIR", str(tmp_path / "cache"))
    pack = tmp_path / "pack"
    shutil.copytree(PACK, pack)
    (pack / "entries.yaml").write_text("entries: [\n")
    assert run_bot(Config.from_env(pack=str(pack))) == 2
    assert "not starting" in capsys.readouterr().err
