"""The Discord bot: ``CrisisBot`` (an auto-sharded discord.py bot holding an ``Engine``)
and ``run_bot``, behind ``crisisbot run``.

The features live in extensions (``bot/exts/``), loaded in ``setup_hook``, which then
syncs the slash commands: globally, or to the one server named by
``CRISISBOT_DEV_GUILD`` (instant, for development). What extensions share (checks,
replies, buttons, the command tree that reports errors) is in ``bot/utils/``; no
extension imports another.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import gc
import logging
import signal
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import discord
from discord.ext import commands

from . import config as configuration
from .config import BotConfig, Config, ConfigError, RedactToken
from .cooldown import Cooldowns
from .core import Engine, Problem, default_pack_dir, last_good, validate_pack
from .stats import AnswerCounter
from .storage import Store, StoreError
from .unanswered import UnansweredLog
from .utils.translator import SpanishTranslator
from .utils.tree import CrisisTree
from .utils.views import DYNAMIC_ITEMS

_log = logging.getLogger("crisisbot")

EXTENSIONS = (
    "bot.exts.ask",
    "bot.exts.facts",
    "bot.exts.info",
    "bot.exts.channel_answers",
    "bot.exts.config",
    "bot.exts.postfact",
    "bot.exts.fact_of_the_day",
    "bot.exts.kb",
    "bot.exts.answer_message",
    "bot.exts.disputes",
    "bot.exts.timeline",
    "bot.exts.anniversaries",
    "bot.exts.feedback",
)

HEARTBEAT_SECONDS = 20.0
# On stop (SIGTERM, Ctrl-C), answers already being composed get this long to go out
# before the connection to Discord is closed under them.
SHUTDOWN_GRACE_SECONDS = 5.0
# The tasks discord.py runs per member request: slash commands and autocomplete,
# messages, button clicks (views' and dynamic items'), submitted forms (on_interaction).
_REQUEST_TASKS = (
    "CommandTree-invoker",
    "discord.py: on_message",
    "discord-ui-view-dispatch",
    "discord-ui-dynamic-item",
    "discord.py: on_interaction",
)


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class CrisisBot(commands.AutoShardedBot):
    """Slash commands and channel answers in front of an ``Engine``.

    ``engine`` may be replaced at any time (a pack reload builds a new Engine);
    extensions read ``bot.engine`` on every use. ``app`` says where the pack is and
    how to build its engine (``/kb reload`` reads it again); ``store`` is the database
    (settings, fact history, the unanswered log, feedback); ``answer_counts`` counts
    what gets asked in memory and writes it behind the answers; ``clock`` returns the time, UTC
    (tests replace it to drive the fact of the day).
    """

    def __init__(
        self,
        engine: Engine,
        config: BotConfig,
        store: Store,
        *,
        app: Config | None = None,
        **options: Any,
    ) -> None:
        # No voice here: skip discord.py's start-up warnings about voice libraries.
        discord.VoiceClient.warn_nacl = False
        discord.VoiceClient.warn_dave = False
        # Only what the bot uses (less gateway traffic in big servers): servers and their
        # channels, messages in them and in DMs, and their text if granted.
        intents = discord.Intents(
            guilds=True,
            guild_messages=True,
            dm_messages=True,
            message_content=config.message_content,
        )
        options.setdefault("allowed_mentions", discord.AllowedMentions.none())
        super().__init__(
            command_prefix=commands.when_mentioned,
            intents=intents,
            help_command=None,
            tree_cls=CrisisTree,
            **options,
        )
        self._engine = engine
        self.app = app or Config(pack_path=engine.pack.path or default_pack_dir())
        self.clock: Callable[[], dt.datetime] = _utcnow
        self.config = config
        self.store = store
        self.cooldowns = Cooldowns()
        self.unanswered = UnansweredLog(store.unanswered.log_many)
        self.answer_counts = AnswerCounter(store.stats.add)
        # False (before start): the fact of the day does not tick by itself; tests call
        # its tick() with their own clock.
        self.run_scheduler = True
        self._heartbeat: asyncio.Task[None] | None = None
        # None while running; once stopping, how many requests failed because of it.
        self.dropped_at_stop: int | None = None
        self.shutdown_grace = SHUTDOWN_GRACE_SECONDS
        # After syncing: the slash commands' ids, for clickable mentions in texts, and
        # the languages their names are localized in (texts name them as shown).
        self.command_ids: dict[str, int] = {}
        self.localized_commands: frozenset[str] = frozenset()

    @property
    def pack_path(self) -> Path:
        return self.app.pack_path

    @property
    def engine(self) -> Engine:
        return self._engine

    @engine.setter
    def engine(self, engine: Engine) -> None:
        self._engine = engine
        if gc.get_freeze_count():  # the process keeps its long-lived objects frozen
            freeze_long_lived()  # (run_bot): the new engine too, the old one let go

    # ------------------------------------------------------------------ start-up

    async def setup_hook(self) -> None:
        for name in EXTENSIONS:
            await self.load_extension(name)
        self.add_dynamic_items(*DYNAMIC_ITEMS)
        self.unanswered.start()
        self.answer_counts.start()
        if "es" in self.engine.pack.translations:  # command names in Spanish too
            await self.tree.set_translator(SpanishTranslator())
            self.localized_commands = frozenset({"es"})
        await self.sync_commands()
        if self.config.heartbeat_file is not None:
            self._heartbeat = asyncio.create_task(self._beat(self.config.heartbeat_file))

    async def sync_commands(self) -> None:
        guild_id = self.config.dev_guild_id
        if guild_id is not None:
            guild = discord.Object(id=guild_id)
            self.tree.copy_global_to(guild=guild)
            synced = await self.tree.sync(guild=guild)
            _log.info("Synced %d commands to server %s", len(synced), guild_id)
        else:
            synced = await self.tree.sync()
            _log.info("Synced %d global commands (may take a while to show)", len(synced))
        self.command_ids = {
            command.name: command.id
            for command in synced
            if command.type is discord.AppCommandType.chat_input
        }

    async def on_ready(self) -> None:
        assert self.user is not None
        _log.info(
            "Ready as %s (id %s) in %d servers, %d entries loaded, message content %s",
            self.user,
            self.user.id,
            len(self.guilds),
            len(self.engine.pack.entries),
            "on" if self.intents.message_content else "off (slash commands and mentions only)",
        )

    async def on_message(self, message: discord.Message) -> None:
        # No prefix commands: channel answers are handled by bot.exts.channel_answers.
        return None

    # ------------------------------------------------------------------ shared helpers

    def cooldown_left(self, user_id: int, guild_id: int | None) -> float:
        """0.0 if the user may get a reply now (starting their cooldown), else the
        seconds left. Counted per server, with the server's setting; DMs count on their
        own, with the configured one. Call it before *every* reply a member causes."""
        if guild_id is None:
            seconds = self.config.cooldown_seconds
        else:
            seconds = float(self.store.settings.get(guild_id).cooldown_seconds)
        return self.cooldowns.try_acquire((guild_id, user_id), seconds)

    def log_unanswered(self, question: str, guild_id: int | None) -> None:
        """Count a question the bot could not answer (``/kb gaps``, ``crisisbot gaps``).
        Only queues it: the write happens behind the answers (bot/unanswered.py)."""
        self.unanswered.add(question, guild_id)

    def load_engine(self) -> tuple[Engine | None, list[Problem]]:
        """Validate the pack at ``pack_path`` again and build its Engine, as at start
        (slow: run it in a thread); (None, problems) if the pack is broken."""
        app = self.app
        pack, problems = validate_pack(app.pack_path, max_file_bytes=app.max_pack_file_bytes)
        if pack is None or problems:
            return None, problems
        # The copy a restart starts from if the pack breaks later.
        last_good.remember_quietly(app.pack_path, app.cache_dir, _now())
        return Engine(pack, embeddings=app.embeddings, cache_dir=app.cache_dir), []

    # ------------------------------------------------------------------ stopping

    @property
    def stopping(self) -> bool:
        return self.dropped_at_stop is not None

    def dropped_during_stop(self, error: BaseException) -> None:
        """Count a request that failed because the bot is stopping (summed up in one
        line when it has stopped, instead of a traceback each)."""
        assert self.dropped_at_stop is not None
        self.dropped_at_stop += 1
        _log.debug("Dropped while stopping: %r", error)

    def _requests_in_flight(self) -> set[asyncio.Task[Any]]:
        current = asyncio.current_task()
        return {
            task
            for task in asyncio.all_tasks()
            if task is not current
            and not task.done()
            and task.get_name().startswith(_REQUEST_TASKS)
        }

    # ------------------------------------------------------------------ health

    def is_connected(self) -> bool:
        """Ready, and every shard's websocket open."""
        if not self.is_ready() or self.is_closed():
            return False
        shards = self.shards
        return bool(shards) and all(not shard.is_closed() for shard in shards.values())

    async def _beat(self, path: Path) -> None:
        """Touch ``path`` while connected: the Docker HEALTHCHECK (``crisisbot health``)
        reads its age."""
        await self.wait_until_ready()
        while not self.is_closed():
            if self.is_connected():
                try:
                    path.write_text(dt.datetime.now(dt.UTC).isoformat() + "\n")
                except OSError as exc:
                    _log.warning("Cannot write the heartbeat file %s: %s", path, exc.strerror)
            await asyncio.sleep(HEARTBEAT_SECONDS)

    async def close(self) -> None:
        """Stop: let the answers being composed go out (up to SHUTDOWN_GRACE_SECONDS),
        then close the connection; requests that fail because of it are dropped
        quietly and summed up in one line."""
        if self.stopping:
            await super().close()
            return
        self.dropped_at_stop = 0
        in_flight = self._requests_in_flight()
        pending: set[asyncio.Task[Any]] = set()
        if in_flight:
            _, pending = await asyncio.wait(in_flight, timeout=self.shutdown_grace)
        await self._close_resources()
        await super().close()
        if pending:  # they fail fast now that the connection is closed, and are counted
            _, pending = await asyncio.wait(pending, timeout=1.0)
            for task in pending:
                task.cancel()
        if in_flight:
            dropped = self.dropped_at_stop + len(pending)
            _log.info(
                "Stopped with %d request%s in flight: %d finished, %d cut off by the shutdown",
                len(in_flight),
                "" if len(in_flight) == 1 else "s",
                max(len(in_flight) - dropped, 0),
                dropped,
            )

    async def _close_resources(self) -> None:
        await self.unanswered.stop()
        await self.answer_counts.stop()
        if self._heartbeat is not None:
            self._heartbeat.cancel()
            self._heartbeat = None
            if self.config.heartbeat_file is not None:
                with contextlib.suppress(OSError):
                    self.config.heartbeat_file.unlink()


# ---------------------------------------------------------------------- running it

_PRIVILEGED = -1


async def _run_once(bot: CrisisBot, stop: asyncio.Event) -> int:
    async with bot:
        runner = asyncio.create_task(bot.start(bot.config.token), name="crisisbot")
        stopper = asyncio.create_task(stop.wait(), name="crisisbot stop signal")
        done, _ = await asyncio.wait({runner, stopper}, return_when=asyncio.FIRST_COMPLETED)
        if stopper in done:
            _log.info("Stopping: closing the connection to Discord")
            await bot.close()
            with contextlib.suppress(Exception, asyncio.CancelledError):
                await runner
            return 0
        stopper.cancel()
        error = runner.exception()
    if error is None:
        return 0
    if isinstance(error, discord.PrivilegedIntentsRequired):
        return _PRIVILEGED
    if isinstance(error, discord.LoginFailure):
        _log.error(
            "Discord rejected the bot token. Reset it in the Developer Portal (Bot > Reset "
            "Token) and set DISCORD_TOKEN or DISCORD_TOKEN_FILE again."
        )
        return 1
    _log.error("The bot stopped: %s: %s", type(error).__name__, error)
    return 1


async def serve(
    engine: Engine,
    config: BotConfig,
    store: Store,
    *,
    stop: asyncio.Event | None = None,
    **bot_options: Any,
) -> int:
    """Run the bot until ``stop`` is set, SIGTERM or Ctrl-C; returns an exit status.

    Without the message-content intent granted in the Developer Portal, Discord
    refuses the connection; the bot then reconnects without it (slash commands
    and mentions still work) instead of crashing.
    """
    stop = stop or asyncio.Event()
    loop = asyncio.get_running_loop()
    handled: list[signal.Signals] = []
    for sig in (signal.SIGTERM, signal.SIGINT):
        try:
            loop.add_signal_handler(sig, stop.set)
            handled.append(sig)
        except (NotImplementedError, RuntimeError, ValueError):
            pass  # not the main thread, or not a Unix loop
    try:
        while True:
            bot = CrisisBot(engine, config, store, **bot_options)
            status = await _run_once(bot, stop)
            if status == _PRIVILEGED and config.message_content:
                _log.warning(
                    "The message-content intent is not enabled for this application "
                    "(Developer Portal > Bot > Privileged Gateway Intents). Continuing "
                    "without it: slash commands and mentions work, plain-message answers "
                    "in answer channels do not."
                )
                config = config.without_message_content()
                continue
            return 1 if status == _PRIVILEGED else status
    finally:
        for sig in handled:
            loop.remove_signal_handler(sig)


def freeze_long_lived() -> None:
    """Take every object alive now out of the cyclic garbage collector's reach
    (``gc.freeze``): run once the pack is loaded, that is the modules and the engine's
    tables, which live as long as the process. Full collections (one every couple of
    thousand interactions under load) then skip them: about 13 ms instead of 30-40 ms
    of stalled answers (bench/load_bench.py, ``--no-freeze`` to compare). Frozen objects
    are still freed by reference counting; calling this again (an engine swapped in by
    a reload) first unfreezes and collects, releasing the old engine's cycles."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _install_token_filter(token: str) -> None:
    redact = RedactToken(token)
    for handler in logging.getLogger().handlers:
        handler.addFilter(redact)


def _apply_api_override(base: str | None) -> None:
    """Not for production: point the bot at a local Discord stand-in (the end-to-end
    tests, ``CRISISBOT_DISCORD_API``)."""
    if base:
        discord.http.Route.BASE = base.rstrip("/")
        _log.warning("Using the Discord API at %s (CRISISBOT_DISCORD_API is set)", base)


def run_bot(app: Config) -> int:
    """``crisisbot run``: validate the pack, read the bot's configuration, open the
    store, and run the bot until SIGTERM or Ctrl-C. Returns the exit status."""
    path = app.pack_path
    pack, problems, copy = last_good.validate_or_recall(
        path, app.cache_dir, max_file_bytes=app.max_pack_file_bytes, now=_now()
    )
    if problems:
        stop = "not starting: " if pack is None else ""
        sys.stderr.write(f"crisisbot: {stop}the knowledge pack at {path} has problems:\n")
        for problem in problems:
            sys.stderr.write(f"  {problem}\n")
        if copy is not None:
            sys.stderr.write(
                f"crisisbot: answering from the last copy of it that loaded cleanly (saved "
                f"{copy.saved_at}, {copy.path}); fix the files and run /kb reload.\n"
            )
        else:
            sys.stderr.write(f"Run `crisisbot validate {path}` after fixing them.\n")
    if pack is None:
        return 2
    try:
        config = BotConfig.from_env()
    except ConfigError as exc:
        sys.stderr.write(f"crisisbot: not starting: {exc}\n")
        return 2
    discord.utils.setup_logging(root=True)
    _install_token_filter(config.token)
    existed = app.db_path.exists()
    try:
        store = Store(app.db_path, retention_days=app.retention_days)
    except StoreError as exc:
        sys.stderr.write(f"crisisbot: not starting: {exc}\n")
        return 2
    if not existed:  # first start, or the file was removed: settings start afresh
        _log.warning("No database at %s: created a new one (settings start empty)", app.db_path)
    _apply_api_override(app.discord_api)
    try:
        engine = Engine(pack, embeddings=app.embeddings, cache_dir=app.cache_dir)
        freeze_long_lived()
        return asyncio.run(serve(engine, config, store, app=app))
    except KeyboardInterrupt:  # a second Ctrl-C during shutdown
        return 130
    finally:
        store.close()


def check_health(path: Path | None = None, max_age: float = 3 * HEARTBEAT_SECONDS) -> int:
    """``crisisbot health``: 0 if the running bot touched its heartbeat file within
    ``max_age`` seconds (it does so only while connected to Discord), else 1."""
    if path is None:
        path = configuration.heartbeat_file()
    if path is None:
        sys.stderr.write("unhealthy: CRISISBOT_HEARTBEAT_FILE is empty: no heartbeat to check\n")
        return 1
    try:
        age = dt.datetime.now().timestamp() - path.stat().st_mtime
    except OSError:
        sys.stderr.write(f"unhealthy: no heartbeat at {path} (not connected to Discord yet?)\n")
        return 1
    if age > max_age:
        sys.stderr.write(f"unhealthy: last heartbeat {age:.0f}s ago (limit {max_age:.0f}s)\n")
        return 1
    sys.stdout.write(f"healthy: heartbeat {age:.0f}s ago\n")
    return 0


# What every command callback, check and button receives: ``interaction.client`` is the
# CrisisBot (its engine, store and cooldowns).
Interaction = discord.Interaction[CrisisBot]
