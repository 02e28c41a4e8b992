"""Shared set-up for the Discord bot tests: a small crisis pack and a bot factory."""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import sys
import tempfile
import weakref
from pathlib import Path
from typing import Any

import discord
from standin import DiscordStandin

from bot.config import BotConfig
from bot.core import Engine, MatchResult
from bot.discord_bot import CrisisBot
from bot.storage import Store
from helpers.paths import DISCORD_PACK, REPO

PACK = DISCORD_PACK

_engine: Engine | None = None


def engine() -> Engine:
    global _engine
    if _engine is None:
        _engine = Engine.from_path(PACK)
    return _engine


_shipped: Engine | None = None


def shipped() -> Engine:
    """The shipped pack (English and Spanish), without the meaning ranker; loaded once
    for all the tests that need both languages."""
    global _shipped
    if _shipped is None:
        _shipped = Engine.from_path(REPO / "knowledge", embeddings="off")
    return _shipped


# Questions that match this pack weakly; which of them the matcher only "suggests" for
# depends on its tuning, so tests pick one at run time instead of hard-coding it.
WEAK_CANDIDATES = (
    "when rescue",
    "how hostages",
    "commandos",
    "when start",
    "military date",
    "seized date",
    "how number",
    "attacked",
    "how many people",
    "how many",
    "how many were there",
    "when did it begin",
    "what happened on the day",
    "rescue",
    "when",
)


def weak_question(min_suggestions: int = 1) -> tuple[str, MatchResult]:
    """A question the engine answers with "did you mean" suggestions, and its result."""
    for question in WEAK_CANDIDATES:
        result = engine().ask(question)
        if result.status == "suggest" and len(result.suggestions) >= min_suggestions:
            return question, result
    raise AssertionError(f"none of {WEAK_CANDIDATES} is a weak match any more")


def make_bot(
    standin: DiscordStandin,
    *,
    store: Store | None = None,
    pack_engine: Engine | None = None,
    heartbeat_file: Path | None = None,
    **config: Any,
) -> CrisisBot:
    """A CrisisBot for the stand-in: fast on_ready; no cooldown unless asked (in DMs,
    and in the stand-in's server when the store is made here). Without ``store``, a
    fresh one in a temporary folder, deleted with the bot. ``pack_engine``: another pack
    than the small crisis one."""
    config.setdefault("cooldown_seconds", 0)
    bot_config = BotConfig(token=standin.token, heartbeat_file=heartbeat_file, **config)
    folder = None
    if store is None:
        folder = Path(tempfile.mkdtemp(prefix="crisisbot-test-"))
        store = Store(folder / "crisisbot.sqlite3")
        cooldown = int(bot_config.cooldown_seconds)
        store.settings.update(standin.guild.id, cooldown_seconds=cooldown)
    bot = CrisisBot(pack_engine or engine(), bot_config, store, guild_ready_timeout=0.05)
    if folder is not None:
        weakref.finalize(bot, _remove_store, store, folder)
    return bot


def _remove_store(store: Store, folder: Path) -> None:
    store.close()
    shutil.rmtree(folder, ignore_errors=True)


async def decision_for(bot: CrisisBot, message: dict[str, Any], timeout: float = 5.0) -> str:
    """The channel-answers decision the bot took for a message the stand-in dispatched
    (waits for the ``crisisbot_decision`` event; no sleeping)."""
    message_id = int(message["id"])
    try:
        _, decision = await bot.wait_for(
            "crisisbot_decision",
            check=lambda m, d: m.id == message_id,
            timeout=timeout,
        )
    except TimeoutError:
        raise AssertionError(f"no decision for message {message_id}") from None
    return decision


def field(embed: dict[str, Any], name: str) -> str:
    for f in embed.get("fields", []):
        if f["name"] == name:
            return f["value"]
    raise AssertionError(f"no field {name!r} in {embed}")


def assert_pings_no_one(standin: DiscordStandin, sent: Any) -> None:
    """The payload's allowed_mentions let nobody be pinged, whatever the text says."""
    message = sent.message
    allowed = message.get("allowed_mentions")
    assert allowed is not None, "no allowed_mentions in the payload"
    assert allowed.get("parse") == []
    assert not allowed.get("users") and not allowed.get("roles")
    assert not allowed.get("replied_user", False)
    assert standin.pinged(sent) == set()


def decode_intents(frame_d: dict[str, Any]) -> discord.Intents:
    return discord.Intents._from_value(int(frame_d["intents"]))


async def start_bot_process(
    standin: DiscordStandin,
    db: Path,
    heartbeat: Path | str = "",
    *,
    pack: Path = PACK,
    cache_dir: Path | None = None,
) -> asyncio.subprocess.Process:
    """`python -m bot run` as a real process, pointed at the stand-in."""
    env = dict(
        os.environ,
        DISCORD_TOKEN=standin.token,
        CRISISBOT_DISCORD_API=standin.api_base,
        CRISISBOT_DB=str(db),
        CRISISBOT_HEARTBEAT_FILE=str(heartbeat),
        PYTHONUNBUFFERED="1",
    )
    if cache_dir is not None:
        env["CRISISBOT_CACHE_DIR"] = str(cache_dir)
    env.pop("DISCORD_TOKEN_FILE", None)
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "run",
        "--kb",
        str(pack),
        cwd=REPO,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )


async def stop_bot_process(
    proc: asyncio.subprocess.Process, timeout: float = 15
) -> tuple[str, str]:
    """SIGTERM, then its (stdout, stderr); killed if it does not stop within ``timeout``."""
    try:
        proc.send_signal(signal.SIGTERM)
        out, err = await asyncio.wait_for(proc.communicate(), timeout=timeout)
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
    return out.decode(), err.decode()
