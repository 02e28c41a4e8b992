"""The data the stand-in serves: users, a guild with channels and roles, snowflakes.

Payload builders return plain dicts shaped like Discord's API objects, with just
the keys discord.py 2.7 reads (see /work/shared/notes/discord-py-standin.md).
"""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

DISCORD_EPOCH_MS = 1420070400000

# Permission bits used below.
VIEW_CHANNEL = 1 << 10
SEND_MESSAGES = 1 << 11
EMBED_LINKS = 1 << 14
READ_MESSAGE_HISTORY = 1 << 16
MANAGE_MESSAGES = 1 << 13
MANAGE_GUILD = 1 << 5
USE_APPLICATION_COMMANDS = 1 << 31
MEMBER_PERMISSIONS = (
    VIEW_CHANNEL | SEND_MESSAGES | EMBED_LINKS | READ_MESSAGE_HISTORY | USE_APPLICATION_COMMANDS
)
MODERATOR_PERMISSIONS = MEMBER_PERMISSIONS | MANAGE_MESSAGES | MANAGE_GUILD

# Gateway intents the stand-in cares about.
INTENT_MESSAGE_CONTENT = 1 << 15

_counter = itertools.count(1)


def snowflake() -> int:
    """A fresh, increasing snowflake (timestamp in the high bits, like Discord's)."""
    ms = int(time.time() * 1000) - DISCORD_EPOCH_MS
    return (ms << 22) | (next(_counter) & 0x3FFFFF)


def iso_now() -> str:
    return datetime.now(UTC).isoformat()


@dataclass
class User:
    id: int
    name: str
    bot: bool = False
    permissions: int = MEMBER_PERMISSIONS
    roles: list[int] = field(default_factory=list)

    def payload(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": str(self.id),
            "username": self.name,
            "global_name": self.name,
            "discriminator": "0",
            "avatar": None,
            "public_flags": 0,
        }
        if self.bot:
            data["bot"] = True
        return data

    def member_payload(self, *, with_permissions: bool = False) -> dict[str, Any]:
        data: dict[str, Any] = {
            "user": self.payload(),
            "roles": [str(r) for r in self.roles],
            "joined_at": "2024-01-01T00:00:00+00:00",
            "deaf": False,
            "mute": False,
            "flags": 0,
            "pending": False,
            "nick": None,
            "avatar": None,
        }
        if with_permissions:
            data["permissions"] = str(self.permissions)
        return data


@dataclass
class Channel:
    id: int
    name: str
    guild_id: int
    position: int = 0
    type: int = 0  # GUILD_TEXT
    visible_to_bot: bool = True  # False: members see it, the bot's GUILD_CREATE does not

    def payload(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "type": self.type,
            "guild_id": str(self.guild_id),
            "name": self.name,
            "position": self.position,
            "permission_overwrites": [],
            "nsfw": False,
            "parent_id": None,
            "topic": None,
            "last_message_id": None,
            "rate_limit_per_user": 0,
            "flags": 0,
        }


@dataclass
class Guild:
    id: int
    name: str
    owner_id: int
    channels: dict[str, Channel] = field(default_factory=dict)
    members: dict[str, User] = field(default_factory=dict)
    moderator_role_id: int = 0

    def channel(self, name: str) -> Channel:
        return self.channels[name]

    def payload(self) -> dict[str, Any]:
        everyone = {
            "id": str(self.id),
            "name": "@everyone",
            "permissions": str(MEMBER_PERMISSIONS),
            "position": 0,
            "color": 0,
            "hoist": False,
            "managed": False,
            "mentionable": False,
            "flags": 0,
        }
        moderator = dict(
            everyone,
            id=str(self.moderator_role_id),
            name="Moderator",
            permissions=str(MODERATOR_PERMISSIONS),
            position=1,
        )
        return {
            "id": str(self.id),
            "name": self.name,
            "owner_id": str(self.owner_id),
            "unavailable": False,
            "member_count": len(self.members),
            "large": False,
            "joined_at": "2024-01-01T00:00:00+00:00",
            "features": [],
            "roles": [everyone, moderator],
            "emojis": [],
            "stickers": [],
            "channels": [c.payload() for c in self.channels.values() if c.visible_to_bot],
            "threads": [],
            "members": [m.member_payload() for m in self.members.values()],
            "voice_states": [],
            "presences": [],
            "stage_instances": [],
            "guild_scheduled_events": [],
            "soundboard_sounds": [],
            "preferred_locale": "en-US",
            "premium_tier": 0,
            "system_channel_flags": 0,
            "verification_level": 0,
            "default_message_notifications": 0,
            "explicit_content_filter": 0,
            "mfa_level": 0,
            "nsfw_level": 0,
        }


def default_world() -> tuple[User, Guild]:
    """The bot's user and one guild with three channels and a few members."""
    bot = User(snowflake(), "crisisbot", bot=True)
    owner = User(snowflake(), "owner", permissions=MODERATOR_PERMISSIONS)
    guild = Guild(snowflake(), "Lima 1996 History Club", owner_id=owner.id)
    guild.moderator_role_id = snowflake()
    owner.roles.append(guild.moderator_role_id)
    for position, name in enumerate(("general", "history", "offtopic")):
        guild.channels[name] = Channel(snowflake(), name, guild.id, position=position)
    moderator = User(
        snowflake(), "moderator", permissions=MODERATOR_PERMISSIONS, roles=[guild.moderator_role_id]
    )
    for user in (bot, owner, moderator, User(snowflake(), "alice"), User(snowflake(), "bob")):
        guild.members[user.name] = user
    return bot, guild
