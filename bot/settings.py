"""The Discord bot's configuration (from the environment) and per-server settings.

Environment variables (all optional except the token):

``DISCORD_TOKEN``                the bot token; or
``DISCORD_TOKEN_FILE``           a file holding it (e.g. a Docker secret)
``CRISISBOT_DEV_GUILD``          sync commands to this server only (instant; for development)
``CRISISBOT_MESSAGE_CONTENT``    ``0`` to not request the message-content intent
``CRISISBOT_COOLDOWN_SECONDS``   per-user cooldown for the in-memory settings (default 5)
``CRISISBOT_PASSIVE_MIN_SCORE``  match score (0-100) a plain message in an answer channel
                                 needs before the bot speaks up (default 80)
``CRISISBOT_HEARTBEAT_FILE``     file the bot touches while connected (Docker HEALTHCHECK)
``CRISISBOT_DB``                 SQLite file for per-server settings (see bot/store.py)

The token is never part of a ``repr``, a log line or an error message.
"""

from __future__ import annotations

import codecs
import logging
import os
import re
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Protocol

from .store import DEFAULT_COOLDOWN_SECONDS, UNSET, GuildSettings

DEFAULT_PASSIVE_MIN_SCORE = 80.0
DEFAULT_HEARTBEAT_FILE = Path(tempfile.gettempdir()) / "crisisbot.heartbeat"


class ConfigError(ValueError):
    """The environment does not describe a runnable bot; the message says what to set."""


@dataclass(frozen=True)
class BotConfig:
    token: str = field(repr=False)
    dev_guild_id: int | None = None
    message_content: bool = True
    cooldown_seconds: float = DEFAULT_COOLDOWN_SECONDS
    passive_min_score: float = DEFAULT_PASSIVE_MIN_SCORE
    heartbeat_file: Path | None = DEFAULT_HEARTBEAT_FILE

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> BotConfig:
        env = os.environ if env is None else env
        return cls(
            token=read_token(env),
            dev_guild_id=_optional_int(env, "CRISISBOT_DEV_GUILD"),
            message_content=_flag(env, "CRISISBOT_MESSAGE_CONTENT", default=True),
            cooldown_seconds=_number(env, "CRISISBOT_COOLDOWN_SECONDS", DEFAULT_COOLDOWN_SECONDS),
            passive_min_score=_number(
                env, "CRISISBOT_PASSIVE_MIN_SCORE", DEFAULT_PASSIVE_MIN_SCORE, upper=100
            ),
            heartbeat_file=_path(env, "CRISISBOT_HEARTBEAT_FILE", DEFAULT_HEARTBEAT_FILE),
        )

    def without_message_content(self) -> BotConfig:
        return replace(self, message_content=False)


# A bot token is three base64url parts joined by dots; anything else in it (a byte-order
# mark, a NUL, a stray character) would only make Discord refuse it, and the operator
# would then reset a token that was fine.
_TOKEN = re.compile(r"[A-Za-z0-9_.\-]+")


def _token_text(raw: bytes, token_file: str) -> str:
    """The text of a token file: UTF-8, with or without a byte-order mark (Windows
    editors add one), or UTF-16 with its mark (Notepad's "Unicode")."""
    try:
        if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return raw.decode("utf-16")
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ConfigError(
            f"DISCORD_TOKEN_FILE names {token_file}, which is not a text file; save the "
            "token in it as plain text"
        ) from None


def read_token(env: Mapping[str, str]) -> str:
    token = env.get("DISCORD_TOKEN", "").strip().lstrip("\ufeff").strip()
    token_file = env.get("DISCORD_TOKEN_FILE", "").strip()
    source = "DISCORD_TOKEN"
    if not token and token_file:
        source = f"the file {token_file} (DISCORD_TOKEN_FILE)"
        try:
            raw = Path(token_file).read_bytes()
        except OSError as exc:
            raise ConfigError(
                f"DISCORD_TOKEN_FILE names {token_file}, which cannot be read ({exc.strerror})"
            ) from None
        token = _token_text(raw, token_file).strip()
        if not token:
            raise ConfigError(f"DISCORD_TOKEN_FILE names {token_file}, which is empty")
    if token and not _TOKEN.fullmatch(token):
        # Never quote the token, not even a part of it.
        raise ConfigError(
            f"the bot token in {source} does not look like a token: it holds characters "
            "other than letters, digits, '.', '_' and '-' (copy it again from the Developer "
            "Portal, Bot > Reset Token, as plain text)"
        )
    if not token:
        raise ConfigError(
            "no bot token: set DISCORD_TOKEN, or DISCORD_TOKEN_FILE to a file holding it "
            "(Discord Developer Portal > your application > Bot > Reset Token)"
        )
    return token


def _optional_int(env: Mapping[str, str], name: str) -> int | None:
    value = env.get(name, "").strip()
    if not value:
        return None
    if not value.isdigit():
        raise ConfigError(f"{name} must be a server (guild) id, digits only; got {value!r}")
    return int(value)


def _flag(env: Mapping[str, str], name: str, *, default: bool) -> bool:
    value = env.get(name, "").strip().lower()
    if not value:
        return default
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off"):
        return False
    raise ConfigError(f"{name} must be 1 or 0; got {value!r}")


def _number(env: Mapping[str, str], name: str, default: float, upper: float = 86400) -> float:
    value = env.get(name, "").strip()
    if not value:
        return default
    try:
        number = float(value)
    except ValueError:
        raise ConfigError(f"{name} must be a number; got {value!r}") from None
    if not 0 <= number <= upper:
        raise ConfigError(f"{name} must be between 0 and {upper:g}; got {value!r}")
    return number


def _path(env: Mapping[str, str], name: str, default: Path) -> Path | None:
    if name not in env:
        return default
    value = env[name].strip()
    return Path(value) if value else None  # set but empty: no heartbeat file


class RedactToken(logging.Filter):
    """Replaces the token wherever it would appear in a log record (belt and braces:
    discord.py does not log it, and neither does crisisbot)."""

    def __init__(self, token: str) -> None:
        super().__init__()
        self._token = token

    def filter(self, record: logging.LogRecord) -> bool:
        if not self._token:
            return True
        message = record.getMessage()
        if self._token in message:
            record.msg = message.replace(self._token, "[token]")
            record.args = None
        if record.exc_info and record.exc_info[1] is not None:
            text = str(record.exc_info[1])
            if self._token in text:
                record.exc_info = None
                record.exc_text = None
                record.msg = f"{record.msg} (details withheld: they contained the token)"
        return True


# ------------------------------------------------------------------ per-server settings


class SettingsBackend(Protocol):
    """What the bot needs from per-server settings. ``bot.store.Store`` (SQLite) has
    these methods; ``MemorySettings`` keeps them in memory (tests, no database)."""

    def get_settings(self, guild_id: int) -> GuildSettings: ...

    def set_answer_channel(
        self, guild_id: int, channel_id: int, enabled: bool | None
    ) -> GuildSettings: ...

    def update_settings(self, guild_id: int, **changes: Any) -> GuildSettings: ...


class MemorySettings:
    """In-memory ``SettingsBackend``: the same rules as the SQLite store, lost on exit."""

    def __init__(self, default_cooldown: float = DEFAULT_COOLDOWN_SECONDS) -> None:
        self._default_cooldown = int(default_cooldown)
        self._guilds: dict[int, GuildSettings] = {}

    def get_settings(self, guild_id: int) -> GuildSettings:
        return self._guilds.get(
            guild_id, GuildSettings(guild_id, cooldown_seconds=self._default_cooldown)
        )

    def set_answer_channel(
        self, guild_id: int, channel_id: int, enabled: bool | None
    ) -> GuildSettings:
        current = self.get_settings(guild_id)
        on = set(current.enabled_channels) - {channel_id}
        off = set(current.disabled_channels) - {channel_id}
        if enabled is True:
            on.add(channel_id)
        elif enabled is False:
            off.add(channel_id)
        updated = replace(current, enabled_channels=frozenset(on), disabled_channels=frozenset(off))
        self._guilds[guild_id] = updated
        return updated

    def update_settings(
        self,
        guild_id: int,
        *,
        cooldown_seconds: int | None = None,
        moderator_role_id: int | None = UNSET,
    ) -> GuildSettings:
        """The cooldown and the moderator role (None clears it). The fact of the day
        needs the SQLite store (its scheduler keeps durable claims)."""
        updated = self.get_settings(guild_id)
        if cooldown_seconds is not None:
            if not 0 <= cooldown_seconds <= 86400:
                raise ValueError("cooldown_seconds must be 0 to 86400")
            updated = replace(updated, cooldown_seconds=cooldown_seconds)
        if moderator_role_id is not UNSET:
            updated = replace(updated, moderator_role_id=moderator_role_id)
        self._guilds[guild_id] = updated
        return updated
