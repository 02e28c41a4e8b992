"""Every environment variable crisisbot reads, read here and nowhere else.

The rest of the code takes values as arguments: the core (``bot/core/``) paths and
limits, the store its file and retention window, the bot a ``BotConfig``. So a test
or a benchmark passes what it wants instead of patching the environment, and this
table is the whole list (the README's "Configuration" section says the same):

=================================  ==========================================================
``CRISISBOT_KB``                   the knowledge pack folder (``--kb`` wins); default shipped
``CRISISBOT_MAX_PACK_FILE_BYTES``  the largest pack file read (default 2 MiB)
``CRISISBOT_EMBEDDINGS``           the meaning ranker: static (default), minilm or off
``CRISISBOT_CACHE_DIR``            where the pack's vectors are cached (default: XDG cache)
``CRISISBOT_DB``                   the SQLite file (default ./crisisbot.sqlite3)
``CRISISBOT_GAPS_RETENTION_DAYS``  how long gaps, feedback and answer counts are kept (90)
``DISCORD_TOKEN``                  the bot token; or
``DISCORD_TOKEN_FILE``             a file holding it (e.g. a Docker secret)
``CRISISBOT_DEV_GUILD``            sync commands to this server only (development)
``CRISISBOT_MESSAGE_CONTENT``      ``0`` to not request the message-content intent
``CRISISBOT_COOLDOWN_SECONDS``     the cooldown in DMs (servers set theirs with /config)
``CRISISBOT_PASSIVE_MIN_SCORE``    confidence (0-100) for unaddressed answers (default 80)
``CRISISBOT_HEARTBEAT_FILE``       the file touched while connected (Docker HEALTHCHECK)
``CRISISBOT_DISCORD_API``          another Discord REST base (tests: the stand-in)
=================================  ==========================================================

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

from .core import default_pack_dir
from .core.packfile import ENV_MAX_FILE_BYTES, MAX_FILE_BYTES
from .limits import COOLDOWN_MAX_SECONDS, DEFAULT_COOLDOWN_SECONDS
from .storage import DEFAULT_RETENTION_DAYS

DEFAULT_DB_FILENAME = "crisisbot.sqlite3"
DEFAULT_PASSIVE_MIN_SCORE = 80.0
DEFAULT_HEARTBEAT_FILE = Path(tempfile.gettempdir()) / "crisisbot.heartbeat"
EMBEDDING_KINDS = ("static", "minilm", "off")
_OFF = ("off", "0", "no", "false", "none")


class ConfigError(ValueError):
    """The environment does not describe a runnable setup; the message says what to set."""


def _env(env: Mapping[str, str] | None) -> Mapping[str, str]:
    return os.environ if env is None else env


# ------------------------------------------------------------------ what every command needs


@dataclass(frozen=True)
class Config:
    """Where the pack, the vector cache and the database are, and the engine's options:
    what the command line and the bot share."""

    pack_path: Path
    max_pack_file_bytes: int = MAX_FILE_BYTES
    embeddings: str = "static"
    cache_dir: Path | None = None
    db_path: Path = Path(DEFAULT_DB_FILENAME)
    retention_days: int = DEFAULT_RETENTION_DAYS
    discord_api: str | None = None  # not for production: a Discord stand-in's REST base

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, *, pack: str | None = None) -> Config:
        """``pack`` (``--kb``) wins over ``CRISISBOT_KB``. Raises ConfigError for a value
        that cannot be meant (the retention window), never for a missing one."""
        env = _env(env)
        pack_path = pack or env.get("CRISISBOT_KB", "").strip()
        return cls(
            pack_path=Path(pack_path) if pack_path else default_pack_dir(),
            max_pack_file_bytes=_max_file_bytes(env),
            embeddings=_embeddings(env),
            cache_dir=_cache_dir(env),
            db_path=db_path(env),
            retention_days=_retention_days(env),
            discord_api=env.get("CRISISBOT_DISCORD_API", "").strip() or None,
        )


def db_path(env: Mapping[str, str] | None = None) -> Path:
    """``$CRISISBOT_DB`` if set and non-empty, else ``./crisisbot.sqlite3``."""
    value = _env(env).get("CRISISBOT_DB", "").strip()
    return Path(value) if value else Path(DEFAULT_DB_FILENAME)


def _max_file_bytes(env: Mapping[str, str]) -> int:
    raw = env.get(ENV_MAX_FILE_BYTES, "").strip()
    try:
        return max(int(raw), 1) if raw else MAX_FILE_BYTES
    except ValueError:
        return MAX_FILE_BYTES


def _embeddings(env: Mapping[str, str]) -> str:
    """static (microseconds a question), minilm (the transformer, a few points better
    and about 7 ms a question; the `minilm` extra) or off (the word matcher alone). An
    unknown value reaches the engine, which says so in the log and uses none."""
    value = env.get("CRISISBOT_EMBEDDINGS", "").strip().lower() or "static"
    return "off" if value in _OFF else value


def _cache_dir(env: Mapping[str, str]) -> Path:
    if value := env.get("CRISISBOT_CACHE_DIR"):
        return Path(value)
    base = env.get("XDG_CACHE_HOME") or os.path.join(Path.home(), ".cache")
    return Path(base) / "crisisbot"


def _retention_days(env: Mapping[str, str]) -> int:
    name = "CRISISBOT_GAPS_RETENTION_DAYS"
    value = env.get(name, "").strip()
    if not value:
        return DEFAULT_RETENTION_DAYS
    try:
        days = int(value)
    except ValueError:
        raise ConfigError(f"{name}={value!r} is not a whole number of days") from None
    if days < 1:
        raise ConfigError(f"{name}={value!r} must be at least 1")
    return days


# ------------------------------------------------------------------ the Discord bot


@dataclass(frozen=True)
class BotConfig:
    token: str = field(repr=False)
    dev_guild_id: int | None = None
    message_content: bool = True
    cooldown_seconds: float = DEFAULT_COOLDOWN_SECONDS  # in DMs; servers set their own
    passive_min_score: float = DEFAULT_PASSIVE_MIN_SCORE
    heartbeat_file: Path | None = DEFAULT_HEARTBEAT_FILE

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> BotConfig:
        env = _env(env)
        return cls(
            token=read_token(env),
            dev_guild_id=_optional_int(env, "CRISISBOT_DEV_GUILD"),
            message_content=_flag(env, "CRISISBOT_MESSAGE_CONTENT", default=True),
            cooldown_seconds=_number(
                env, "CRISISBOT_COOLDOWN_SECONDS", DEFAULT_COOLDOWN_SECONDS, COOLDOWN_MAX_SECONDS
            ),
            passive_min_score=_number(
                env, "CRISISBOT_PASSIVE_MIN_SCORE", DEFAULT_PASSIVE_MIN_SCORE, upper=100
            ),
            heartbeat_file=heartbeat_file(env),
        )

    def without_message_content(self) -> BotConfig:
        return replace(self, message_content=False)


def heartbeat_file(env: Mapping[str, str] | None = None) -> Path | None:
    """``$CRISISBOT_HEARTBEAT_FILE``; set but empty: no heartbeat file."""
    env = _env(env)
    if "CRISISBOT_HEARTBEAT_FILE" not in env:
        return DEFAULT_HEARTBEAT_FILE
    value = env["CRISISBOT_HEARTBEAT_FILE"].strip()
    return Path(value) if value else None


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


def _number(env: Mapping[str, str], name: str, default: float, upper: float) -> float:
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
