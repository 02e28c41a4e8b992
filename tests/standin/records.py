"""What the stand-in records (requests, frames, messages sent), its fault rules and
the state it keeps per interaction and gateway session; Discord's numbers."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

API_PREFIX = "/api/v10"
EPHEMERAL = 1 << 6

# Interaction types and callback types (Discord's numbers).
PING, APPLICATION_COMMAND, MESSAGE_COMPONENT, AUTOCOMPLETE, MODAL_SUBMIT = 1, 2, 3, 4, 5
CHANNEL_MESSAGE, DEFERRED_CHANNEL_MESSAGE, DEFERRED_UPDATE, UPDATE_MESSAGE = 4, 5, 6, 7
AUTOCOMPLETE_RESULT, MODAL = 8, 9
# Application command types (``data.type`` of an APPLICATION_COMMAND interaction).
CHAT_INPUT, USER_COMMAND, MESSAGE_COMMAND = 1, 2, 3

# Gateway opcodes.
OP_DISPATCH, OP_HEARTBEAT, OP_IDENTIFY, OP_RESUME = 0, 1, 2, 6
OP_RECONNECT, OP_INVALID_SESSION, OP_HELLO, OP_HEARTBEAT_ACK = 7, 9, 10, 11


# --------------------------------------------------------------------------- records


@dataclass
class Request:
    """One REST call the client made, and what the stand-in answered."""

    method: str
    path: str  # without the /api/v10 prefix, e.g. "/channels/123/messages"
    query: dict[str, str]
    json: Any
    time: float
    status: int = 0
    response: Any = None
    fault: bool = False  # answered by an injected fault

    def __repr__(self) -> str:
        body = json.dumps(self.json)[:160] if self.json is not None else ""
        return f"<{self.method} {self.path} -> {self.status} {body}>"


@dataclass
class Frame:
    """One gateway frame, in either direction."""

    shard_id: int | None
    op: int
    t: str | None
    d: Any
    time: float

    def __repr__(self) -> str:
        return f"<op={self.op} t={self.t} shard={self.shard_id}>"


@dataclass
class Sent:
    """A message the bot created or edited: what a user sees.

    ``kind`` is "callback", "followup", "edit" (original response or a component's
    message), or "channel" (a plain channel message). ``message`` is the full
    message object after the change.
    """

    kind: str
    message: dict[str, Any]
    interaction_id: int | None
    time: float

    @property
    def ephemeral(self) -> bool:
        return bool(self.message.get("flags", 0) & EPHEMERAL)

    @property
    def loading(self) -> bool:
        return bool(self.message.get("_loading"))

    @property
    def content(self) -> str:
        return self.message.get("content") or ""

    @property
    def embeds(self) -> list[dict[str, Any]]:
        return self.message.get("embeds") or []

    @property
    def buttons(self) -> list[dict[str, Any]]:
        return [
            comp
            for row in self.message.get("components") or []
            for comp in row.get("components", [])
            if comp.get("type") == 2
        ]

    def __repr__(self) -> str:
        first = self.embeds[0].get("title") if self.embeds else self.content[:60]
        return f"<Sent {self.kind} interaction={self.interaction_id} {first!r}>"


@dataclass
class Fault:
    """Answer the next ``remaining`` matching REST calls with ``status``."""

    status: int
    remaining: int
    match: Callable[[Request], bool]
    retry_after: float = 0.05
    is_global: bool = False
    via: bool = True
    after_processing: bool = False  # the call takes effect, then fails (a lost reply)
    hits: list[Request] = field(default_factory=list)


@dataclass
class Interaction:
    """An interaction the stand-in dispatched (and its state on "Discord's" side)."""

    id: int
    token: str
    type: int
    payload: dict[str, Any]
    channel_id: int
    responded: bool = False
    original_message_id: int | None = None
    choices: list[dict[str, Any]] | None = None  # autocomplete result
    modal: dict[str, Any] | None = None  # the modal it was answered with (modals.py)


@dataclass
class GatewaySession:
    id: str
    shard_id: int
    shard_count: int
    intents: int
    seq: int = 0
    events: list[dict[str, Any]] = field(default_factory=list)
    conn: GatewayConnection | None = None


@dataclass
class GatewayConnection:
    ws: web.WebSocketResponse
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    session: GatewaySession | None = None
    transport: asyncio.Transport | None = None  # to cut the connection (abrupt drops)


def public_message(message: dict[str, Any]) -> dict[str, Any]:
    """The message as Discord returns it (without the stand-in's private keys)."""
    return {k: v for k, v in message.items() if not k.startswith("_")}


def redact_token(d: Any) -> Any:
    if isinstance(d, dict) and "token" in d:
        return dict(d, token="<redacted>")
    return d


def monotonic() -> float:
    return time.monotonic()
