"""A small Discord stand-in: REST API and gateway on 127.0.0.1, for end-to-end tests.

It speaks enough of Discord's protocol for a real discord.py 2.x client (including
``AutoShardedClient``) to log in, sync application commands, connect to the
gateway, receive interactions and messages, and answer them. Everything the bot
sends is recorded so tests can assert what a user would see.

Reading guide:

* ``DiscordStandin.start()`` / ``stop()``; ``api_base`` and ``gateway_url``.
* Logs (``WaitableLog``): ``requests`` (every REST call), ``gateway_in`` (frames the
  client sent), ``gateway_out`` (frames sent to it), ``sent`` (every message the bot
  created or edited, as a user would see it).
* Driving the bot: ``dispatch_slash``, ``dispatch_autocomplete``, ``dispatch_button``,
  ``dispatch_message``, ``dispatch`` (any event).
* Waiting: ``wait_for_request``, ``wait_for_reply``, ``wait_for_message``,
  ``wait_for_gateway``, ``wait_ready``.
* Faults (for the fault-tolerance tests): ``fail_next`` (429 with ``Via`` and
  ``retry_after``, 500, any status), ``drop_gateway`` (close the socket mid-session),
  ``send_reconnect`` (op 7), ``invalidate_next_resume`` (op 9 on RESUME),
  ``ack_heartbeats``, ``message_content_granted`` (close 4014 when not granted).
"""

from __future__ import annotations

import asyncio
import json
import re
import secrets
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

from .log import WaitableLog
from .model import (
    INTENT_MESSAGE_CONTENT,
    Channel,
    User,
    default_world,
    iso_now,
    snowflake,
)

API_PREFIX = "/api/v10"
EPHEMERAL = 1 << 6

# Interaction types and callback types (Discord's numbers).
PING, APPLICATION_COMMAND, MESSAGE_COMPONENT, AUTOCOMPLETE, MODAL_SUBMIT = 1, 2, 3, 4, 5
CHANNEL_MESSAGE, DEFERRED_CHANNEL_MESSAGE, DEFERRED_UPDATE, UPDATE_MESSAGE = 4, 5, 6, 7
AUTOCOMPLETE_RESULT = 8

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


@dataclass
class _Session:
    id: str
    shard_id: int
    shard_count: int
    intents: int
    seq: int = 0
    events: list[dict[str, Any]] = field(default_factory=list)
    conn: _Connection | None = None


@dataclass
class _Connection:
    ws: web.WebSocketResponse
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    session: _Session | None = None


class DiscordStandin:
    def __init__(self, *, shard_count: int = 1, token: str = "standin-token") -> None:
        self.token = token
        self.shard_count = shard_count
        self.application_id = snowflake()
        self.bot_user, self.guild = default_world()
        self.users: dict[str, User] = dict(self.guild.members)

        # Logs tests wait on.
        self.requests: WaitableLog[Request] = WaitableLog("REST requests")
        self.gateway_in: WaitableLog[Frame] = WaitableLog("gateway frames received")
        self.gateway_out: WaitableLog[Frame] = WaitableLog("gateway frames sent")
        self.sent: WaitableLog[Sent] = WaitableLog("messages sent by the bot")

        # Discord's state.
        self.global_commands: list[dict[str, Any]] = []
        self.guild_commands: dict[int, list[dict[str, Any]]] = {}
        self.messages: dict[int, dict[str, Any]] = {}
        self.interactions: dict[int, Interaction] = {}
        self._by_token: dict[str, Interaction] = {}
        self._sessions: dict[str, _Session] = {}
        self._connections: list[_Connection] = []

        # Behaviour switches and faults.
        self.heartbeat_interval_ms = 41250
        self.ack_heartbeats = True
        self.message_content_granted = True
        self.invalidate_next_resume = False
        self.faults: list[Fault] = []

        self._runner: web.AppRunner | None = None
        self.port = 0

    # ------------------------------------------------------------------ lifecycle

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def api_base(self) -> str:
        return self.base_url + API_PREFIX

    @property
    def gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/gateway"

    async def start(self) -> DiscordStandin:
        app = web.Application()
        app.router.add_get("/gateway", self._gateway)
        app.router.add_route("*", API_PREFIX + "/{tail:.*}", self._rest)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = self._runner.addresses[0][1]
        return self

    async def stop(self) -> None:
        for conn in list(self._connections):
            if not conn.ws.closed:
                await conn.ws.close(code=1001)
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    # ------------------------------------------------------------------ waiting

    async def wait_for_request(
        self, predicate: Callable[[Request], bool], timeout: float = 5.0, *, since: int = 0
    ) -> Request:
        return await self.requests.wait_for(predicate, timeout, since=since, what="a request")

    async def wait_for_gateway(
        self, predicate: Callable[[Frame], bool], timeout: float = 5.0, *, since: int = 0
    ) -> Frame:
        return await self.gateway_in.wait_for(
            predicate, timeout, since=since, what="a gateway frame"
        )

    async def wait_for_message(
        self, predicate: Callable[[Sent], bool], timeout: float = 5.0, *, since: int = 0
    ) -> Sent:
        return await self.sent.wait_for(predicate, timeout, since=since, what="a message")

    async def wait_for_reply(self, interaction: Interaction, timeout: float = 5.0) -> Sent:
        """The first visible answer to ``interaction``: its response message, a follow-up,
        or the edit that fills in a deferred ("thinking...") response."""
        return await self.sent.wait_for(
            lambda s: s.interaction_id == interaction.id and not s.loading,
            timeout,
            what=f"a reply to interaction {interaction.id}",
        )

    async def wait_for_choices(
        self, interaction: Interaction, timeout: float = 5.0
    ) -> list[dict[str, Any]]:
        """The autocomplete choices the bot returned for ``interaction``."""
        await self.wait_for_request(
            lambda r: r.path.startswith(f"/interactions/{interaction.id}/") and r.status == 200,
            timeout,
        )
        assert interaction.choices is not None, "the callback was not an autocomplete result"
        return interaction.choices

    async def wait_ready(self, shard_id: int = 0, timeout: float = 5.0, *, since: int = 0) -> None:
        """Until ``shard_id`` is usable: RESUMED, or READY followed by a GUILD_CREATE for
        each of the shard's guilds (frames sent from index ``since`` on)."""
        ready = await self.gateway_out.wait_for(
            lambda f: f.shard_id == shard_id and f.t in ("READY", "RESUMED"),
            timeout,
            since=since,
            what=f"READY or RESUMED on shard {shard_id}",
        )
        if ready.t == "RESUMED":
            return
        start = self.gateway_out.items.index(ready)
        for guild in ready.d["guilds"]:
            await self.gateway_out.wait_for(
                lambda f, g=guild["id"]: (
                    f.shard_id == shard_id and f.t == "GUILD_CREATE" and f.d["id"] == g
                ),
                timeout,
                since=start,
                what=f"GUILD_CREATE {guild['id']} on shard {shard_id}",
            )

    # ------------------------------------------------------------------ faults

    def fail_next(
        self,
        status: int,
        *,
        count: int = 1,
        method: str | None = None,
        path: str | None = None,
        match: Callable[[Request], bool] | None = None,
        retry_after: float = 0.05,
        is_global: bool = False,
        via: bool = True,
    ) -> Fault:
        """Answer the next ``count`` REST calls matching (``method``, ``path`` regex searched in
        the path without /api/v10, and ``match``) with ``status``. A 429 carries the ``Via``
        header (unless ``via=False``: then discord.py takes it for a Cloudflare ban) and
        ``retry_after`` seconds in the body and ``Retry-After`` header."""

        def matches(req: Request) -> bool:
            return (
                (method is None or req.method == method.upper())
                and (path is None or re.search(path, req.path) is not None)
                and (match is None or match(req))
            )

        fault = Fault(status, count, matches, retry_after, is_global, via)
        self.faults.append(fault)
        return fault

    async def drop_gateway(self, shard_id: int = 0, code: int = 4000) -> None:
        """Close the shard's websocket from the server side, mid-session. The session stays
        resumable: events dispatched meanwhile are replayed on RESUME."""
        conn = self._connection_for(shard_id)
        await conn.ws.close(code=code)

    async def send_reconnect(self, shard_id: int = 0) -> None:
        """Opcode 7: ask the client to reconnect and resume."""
        conn = self._connection_for(shard_id)
        await self._send(conn, {"op": OP_RECONNECT, "d": None, "s": None, "t": None}, shard_id)

    def sessions(self) -> list[_Session]:
        return list(self._sessions.values())

    # ------------------------------------------------------------------ driving the bot

    def user(self, name: str) -> User:
        return self.users[name]

    def channel(self, name: str) -> Channel:
        return self.guild.channel(name)

    def add_user(self, name: str, **kwargs: Any) -> User:
        user = User(snowflake(), name, **kwargs)
        self.users[name] = self.guild.members[name] = user
        return user

    async def dispatch(self, event: str, data: dict[str, Any], *, shard_id: int = 0) -> None:
        """Send a DISPATCH event to the shard's session (buffered for RESUME if the socket is
        down right now)."""
        session = self._session_for(shard_id)
        session.seq += 1
        frame = {"op": OP_DISPATCH, "d": data, "s": session.seq, "t": event}
        session.events.append(frame)
        if session.conn is not None and not session.conn.ws.closed:
            await self._send(session.conn, frame, shard_id)

    async def dispatch_slash(
        self,
        name: str,
        options: dict[str, Any] | None = None,
        *,
        user: str = "alice",
        channel: str = "general",
    ) -> Interaction:
        """A user runs ``/name`` (``name`` may be "group sub") with ``options``; the command
        must have been synced, and option types come from its synced definition."""
        data = self._command_data(name, options or {}, focused=None)
        return await self._dispatch_interaction(APPLICATION_COMMAND, data, user, channel)

    async def dispatch_autocomplete(
        self,
        name: str,
        focused: str,
        value: str,
        options: dict[str, Any] | None = None,
        *,
        user: str = "alice",
        channel: str = "general",
    ) -> Interaction:
        """A user typing ``value`` into option ``focused`` of ``/name``."""
        values = dict(options or {})
        values[focused] = value
        data = self._command_data(name, values, focused=focused)
        return await self._dispatch_interaction(AUTOCOMPLETE, data, user, channel)

    async def dispatch_button(
        self, custom_id: str, *, message: dict[str, Any] | Sent, user: str = "alice"
    ) -> Interaction:
        """A user clicks the button ``custom_id`` on ``message`` (one the bot sent)."""
        if isinstance(message, Sent):
            message = message.message
        message = self.messages.get(int(message["id"]), message)
        data = {"custom_id": custom_id, "component_type": 2}
        channel = self._channel_by_id(int(message["channel_id"]))
        return await self._dispatch_interaction(
            MESSAGE_COMPONENT, data, user, channel.name, message=message
        )

    async def dispatch_message(
        self,
        content: str,
        *,
        user: str = "alice",
        channel: str = "general",
        mentions_bot: bool = False,
    ) -> dict[str, Any]:
        """A user posts ``content`` in ``channel``. With ``mentions_bot`` the content is prefixed
        with the bot's mention (as a Discord client does) and ``mentions`` lists the bot.
        Without the message-content intent, content is blanked unless the bot is mentioned,
        as Discord does."""
        author = self.users[user]
        ch = self.channel(channel)
        if mentions_bot:
            content = f"<@{self.bot_user.id}> {content}"
        mentioned = [self.bot_user] if mentions_bot else []
        session = self._session_for(self._shard_for(self.guild.id))
        has_content_intent = session.intents & INTENT_MESSAGE_CONTENT
        if not (has_content_intent and self.message_content_granted) and not mentions_bot:
            content = ""
        message = {
            "id": str(snowflake()),
            "channel_id": str(ch.id),
            "guild_id": str(self.guild.id),
            "author": author.payload(),
            "member": {k: v for k, v in author.member_payload().items() if k != "user"},
            "content": content,
            "timestamp": iso_now(),
            "edited_timestamp": None,
            "tts": False,
            "mention_everyone": "@everyone" in content,
            "mentions": [dict(u.payload(), member=u.member_payload()) for u in mentioned],
            "mention_roles": [],
            "attachments": [],
            "embeds": [],
            "components": [],
            "pinned": False,
            "type": 0,
            "flags": 0,
        }
        self.messages[int(message["id"])] = message
        await self.dispatch("MESSAGE_CREATE", message, shard_id=self._shard_for(self.guild.id))
        return message

    # ------------------------------------------------------------------ who gets pinged

    def pinged(self, message: dict[str, Any] | Sent) -> set[str]:
        """Who Discord would notify for this message, following its allowed-mentions rules:
        "everyone", "user:<id>", "role:<id>"."""
        if isinstance(message, Sent):
            message = message.message
        text = message.get("content") or ""  # embeds never ping
        found: set[str] = set()
        if "@everyone" in text or "@here" in text:
            found.add("everyone")
        found |= {f"user:{m}" for m in re.findall(r"<@!?(\d+)>", text)}
        found |= {f"role:{m}" for m in re.findall(r"<@&(\d+)>", text)}
        allowed = message.get("allowed_mentions")
        if allowed is None:
            return found
        parse = set(allowed.get("parse", []))
        users = {f"user:{u}" for u in allowed.get("users", [])}
        roles = {f"role:{r}" for r in allowed.get("roles", [])}
        permitted = set()
        for item in found:
            kind = item.split(":")[0]
            if (
                (item == "everyone" and "everyone" in parse)
                or (kind == "user" and ("users" in parse or item in users))
                or (kind == "role" and ("roles" in parse or item in roles))
            ):
                permitted.add(item)
        reference = message.get("message_reference")
        if reference and allowed.get("replied_user", False):
            replied = self.messages.get(int(reference.get("message_id", 0)))
            if replied:
                permitted.add(f"user:{replied['author']['id']}")
        return permitted

    # ------------------------------------------------------------------ internals: gateway

    def _shard_for(self, guild_id: int) -> int:
        return (guild_id >> 22) % self.shard_count

    def _session_for(self, shard_id: int) -> _Session:
        sessions = [s for s in self._sessions.values() if s.shard_id == shard_id]
        if not sessions:
            raise RuntimeError(f"no gateway session for shard {shard_id}: is the bot connected?")
        return sessions[-1]

    def _connection_for(self, shard_id: int) -> _Connection:
        conn = self._session_for(shard_id).conn
        if conn is None or conn.ws.closed:
            raise RuntimeError(f"shard {shard_id} has no open websocket")
        return conn

    async def _send(self, conn: _Connection, frame: dict[str, Any], shard_id: int | None) -> None:
        async with conn.lock:
            if conn.ws.closed:
                return
            await conn.ws.send_str(json.dumps(frame))
        self.gateway_out.append(Frame(shard_id, frame["op"], frame.get("t"), frame["d"], _now()))

    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(autoping=True)
        await ws.prepare(request)
        conn = _Connection(ws)
        self._connections.append(conn)
        hello = {"op": OP_HELLO, "d": {"heartbeat_interval": self.heartbeat_interval_ms}}
        await self._send(conn, dict(hello, s=None, t=None), None)
        try:
            async for msg in ws:
                if msg.type is not WSMsgType.TEXT:
                    continue
                payload = json.loads(msg.data)
                shard_id = conn.session.shard_id if conn.session else None
                op, d = payload.get("op"), payload.get("d")
                if op == OP_IDENTIFY:
                    shard_id = (d.get("shard") or [0, 1])[0]
                self.gateway_in.append(Frame(shard_id, op, None, _redact(d), _now()))
                await self._on_frame(conn, op, d)
        finally:
            if conn.session is not None and conn.session.conn is conn:
                conn.session.conn = None
            self._connections.remove(conn)
        return ws

    async def _on_frame(self, conn: _Connection, op: int, d: Any) -> None:
        shard_id = conn.session.shard_id if conn.session else None
        if op == OP_HEARTBEAT:
            if self.ack_heartbeats:
                await self._send(
                    conn, {"op": OP_HEARTBEAT_ACK, "d": None, "s": None, "t": None}, shard_id
                )
        elif op == OP_IDENTIFY:
            await self._identify(conn, d)
        elif op == OP_RESUME:
            await self._resume(conn, d)
        # Presence updates (3), member requests (8) and the rest are accepted and ignored.

    async def _identify(self, conn: _Connection, d: dict[str, Any]) -> None:
        if d.get("token") != self.token:
            await conn.ws.close(code=4004, message=b"Authentication failed.")
            return
        intents = int(d.get("intents", 0))
        if intents & INTENT_MESSAGE_CONTENT and not self.message_content_granted:
            await conn.ws.close(code=4014, message=b"Disallowed intent(s).")
            return
        shard_id, shard_count = d.get("shard") or [0, 1]
        session = _Session(secrets.token_hex(16), shard_id, shard_count, intents)
        # A new IDENTIFY on a shard replaces its old session.
        for old in [s for s in self._sessions.values() if s.shard_id == shard_id]:
            del self._sessions[old.id]
        self._sessions[session.id] = session
        session.conn, conn.session = conn, session
        guilds = [self.guild] if self._shard_for(self.guild.id) == shard_id else []
        ready = {
            "v": 10,
            "user": dict(self.bot_user.payload(), verified=True, mfa_enabled=False, flags=0),
            "guilds": [{"id": str(g.id), "unavailable": True} for g in guilds],
            "session_id": session.id,
            "resume_gateway_url": self.gateway_url,
            "shard": [shard_id, shard_count],
            "application": {"id": str(self.application_id), "flags": 0},
            "private_channels": [],
            "relationships": [],
            "presences": [],
            "geo_ordered_rtc_regions": [],
        }
        await self.dispatch("READY", ready, shard_id=shard_id)
        for guild in guilds:
            await self.dispatch("GUILD_CREATE", guild.payload(), shard_id=shard_id)

    async def _resume(self, conn: _Connection, d: dict[str, Any]) -> None:
        session = self._sessions.get(d.get("session_id", ""))
        if session is None or d.get("token") != self.token or self.invalidate_next_resume:
            self.invalidate_next_resume = False
            await self._send(
                conn, {"op": OP_INVALID_SESSION, "d": False, "s": None, "t": None}, None
            )
            return
        session.conn, conn.session = conn, session
        last_seen = d.get("seq") or 0
        for frame in [f for f in session.events if f["s"] > last_seen]:
            await self._send(conn, frame, session.shard_id)
        await self.dispatch("RESUMED", {}, shard_id=session.shard_id)

    # ------------------------------------------------------------------ internals: interactions

    def _channel_by_id(self, channel_id: int) -> Channel:
        for ch in self.guild.channels.values():
            if ch.id == channel_id:
                return ch
        raise KeyError(channel_id)

    def _find_command(self, name: str) -> dict[str, Any]:
        for cmd in self.guild_commands.get(self.guild.id, []) + self.global_commands:
            if cmd["name"] == name and cmd.get("type", 1) == 1:
                return cmd
        synced = [c["name"] for c in self.guild_commands.get(self.guild.id, [])]
        synced += [c["name"] for c in self.global_commands]
        raise LookupError(f"/{name} was not synced; synced commands: {synced}")

    def _command_data(
        self, name: str, values: dict[str, Any], focused: str | None
    ) -> dict[str, Any]:
        top, *path = name.split()
        cmd = self._find_command(top)
        data: dict[str, Any] = {"id": cmd["id"], "name": top, "type": 1, "resolved": {}}
        if "guild_id" in cmd:
            data["guild_id"] = cmd["guild_id"]
        definitions = cmd.get("options", [])
        container = data
        for part in path:  # sub-command groups (2) and sub-commands (1)
            option = next(o for o in definitions if o["name"] == part)
            nested: dict[str, Any] = {"name": part, "type": option["type"]}
            container["options"] = [nested]
            container, definitions = nested, option.get("options", [])
        options = []
        for key, value in values.items():
            definition = next((o for o in definitions if o["name"] == key), None)
            if definition is None:
                raise LookupError(f"/{name} has no option {key!r}")
            option = {"name": key, "type": definition["type"], "value": value}
            option["value"] = self._resolve_option(definition["type"], value, data["resolved"])
            if key == focused:
                option["focused"] = True
            options.append(option)
        container["options"] = options
        return data

    def _resolve_option(self, type_: int, value: Any, resolved: dict[str, Any]) -> Any:
        if type_ == 7:  # channel, by name
            ch = self.channel(value) if isinstance(value, str) else value
            resolved.setdefault("channels", {})[str(ch.id)] = dict(
                ch.payload(), permissions=str(self.user("owner").permissions)
            )
            return str(ch.id)
        if type_ == 6:  # user, by name
            u = self.users[value] if isinstance(value, str) else value
            resolved.setdefault("users", {})[str(u.id)] = u.payload()
            member = {k: v for k, v in u.member_payload().items() if k != "user"}
            resolved.setdefault("members", {})[str(u.id)] = dict(
                member, permissions=str(u.permissions)
            )
            return str(u.id)
        if type_ == 8:  # role, by id
            return str(value)
        return value

    async def _dispatch_interaction(
        self,
        type_: int,
        data: dict[str, Any],
        user: str,
        channel: str,
        *,
        message: dict[str, Any] | None = None,
    ) -> Interaction:
        member = self.users[user]
        ch = self.channel(channel)
        iid = snowflake()
        token = "aW50ZXJhY3Rpb24" + secrets.token_urlsafe(24)
        payload: dict[str, Any] = {
            "id": str(iid),
            "application_id": str(self.application_id),
            "type": type_,
            "data": data,
            "guild_id": str(self.guild.id),
            "guild": {"id": str(self.guild.id), "locale": "en-US", "features": []},
            "channel_id": str(ch.id),
            "channel": ch.payload(),
            "member": member.member_payload(with_permissions=True),
            "token": token,
            "version": 1,
            "locale": "en-US",
            "guild_locale": "en-US",
            "app_permissions": str(self.bot_user.permissions),
            "entitlements": [],
            "authorizing_integration_owners": {"0": str(self.guild.id)},
            "context": 0,
            "attachment_size_limit": 8 * 1024 * 1024,
        }
        if message is not None:
            payload["message"] = message
        interaction = Interaction(iid, token, type_, payload, ch.id)
        if message is not None:  # a component's message is its interaction's "@original"
            interaction.original_message_id = int(message["id"])
        self.interactions[iid] = interaction
        self._by_token[token] = interaction
        await self.dispatch("INTERACTION_CREATE", payload, shard_id=self._shard_for(self.guild.id))
        return interaction

    # ------------------------------------------------------------------ internals: REST

    async def _rest(self, request: web.Request) -> web.StreamResponse:
        path = "/" + request.match_info["tail"]
        body: Any = None
        if request.content_type == "application/json" and request.can_read_body:
            body = await request.json()
        elif request.content_type.startswith("multipart/") and request.can_read_body:
            form = await request.post()
            if "payload_json" in form:
                body = json.loads(str(form["payload_json"]))
        req = Request(request.method, path, dict(request.query), body, _now())

        fault = next((f for f in self.faults if f.remaining > 0 and f.match(req)), None)
        if fault is not None:
            fault.remaining -= 1
            fault.hits.append(req)
            return self._fault_response(req, fault)

        if not self._authorized(request, path):
            return self._respond(req, 401, {"message": "401: Unauthorized", "code": 0})
        for method, pattern, handler in self._routes():
            match = re.fullmatch(pattern, path)
            if match and method == request.method:
                status, response = await handler(req, **match.groupdict())
                return self._respond(req, status, response)
        return self._respond(req, 404, {"message": "404: Not Found", "code": 0})

    def _authorized(self, request: web.Request, path: str) -> bool:
        # Interaction callbacks and webhook calls are authenticated by their token instead.
        if path.startswith(("/interactions/", "/webhooks/")):
            return True
        return request.headers.get("Authorization") == f"Bot {self.token}"

    def _respond(self, req: Request, status: int, response: Any) -> web.Response:
        req.status, req.response = status, response
        self.requests.append(req)
        if status == 204:
            return web.Response(status=204)
        # Exactly "application/json": discord.py only parses that (no charset suffix).
        return web.Response(
            status=status,
            body=json.dumps(response).encode(),
            headers={"Content-Type": "application/json"},
        )

    def _fault_response(self, req: Request, fault: Fault) -> web.Response:
        req.fault = True
        headers = {"Content-Type": "application/json"}
        if fault.status == 429:
            body: dict[str, Any] = {
                "message": "You are being rate limited.",
                "retry_after": fault.retry_after,
                "global": fault.is_global,
                "code": 0,
            }
            headers["Retry-After"] = str(fault.retry_after)
            headers["X-RateLimit-Scope"] = "global" if fault.is_global else "user"
            if fault.is_global:
                headers["X-RateLimit-Global"] = "true"
            if fault.via:
                headers["Via"] = "1.1 google"
        else:
            body = {"message": f"{fault.status}: injected fault", "code": 0}
        req.status, req.response = fault.status, body
        self.requests.append(req)
        return web.Response(status=fault.status, body=json.dumps(body).encode(), headers=headers)

    def _routes(self) -> list[tuple[str, str, Callable[..., Awaitable[tuple[int, Any]]]]]:
        app, tok, num = r"(?P<app>\d+)", r"(?P<token>[^/]+)", r"\d+"
        return [
            ("GET", r"/gateway/bot", self._get_gateway_bot),
            ("GET", r"/gateway", self._get_gateway),
            ("GET", r"/users/@me", self._get_me),
            ("GET", r"/oauth2/applications/@me", self._get_application),
            ("GET", rf"/applications/{app}/commands", self._get_commands),
            ("PUT", rf"/applications/{app}/commands", self._put_commands),
            ("GET", rf"/applications/{app}/guilds/(?P<guild>{num})/commands", self._get_commands),
            ("PUT", rf"/applications/{app}/guilds/(?P<guild>{num})/commands", self._put_commands),
            ("POST", rf"/interactions/(?P<iid>{num})/{tok}/callback", self._callback),
            ("POST", rf"/webhooks/{app}/{tok}", self._followup),
            ("GET", rf"/webhooks/{app}/{tok}/messages/(?P<mid>@original|{num})", self._get_wh),
            ("PATCH", rf"/webhooks/{app}/{tok}/messages/(?P<mid>@original|{num})", self._edit_wh),
            ("DELETE", rf"/webhooks/{app}/{tok}/messages/(?P<mid>@original|{num})", self._del_wh),
            ("POST", rf"/channels/(?P<channel>{num})/messages", self._post_message),
            ("PATCH", rf"/channels/(?P<channel>{num})/messages/(?P<mid>{num})", self._edit_msg),
            ("DELETE", rf"/channels/(?P<channel>{num})/messages/(?P<mid>{num})", self._del_msg),
            ("POST", rf"/channels/(?P<channel>{num})/typing", self._typing),
            ("GET", rf"/channels/(?P<channel>{num})", self._get_channel),
            ("GET", rf"/channels/(?P<channel>{num})/messages", self._history),
            ("GET", rf"/channels/(?P<channel>{num})/messages/(?P<mid>{num})", self._get_msg),
        ]

    async def _get_gateway_bot(self, req: Request) -> tuple[int, Any]:
        limit = {"total": 1000, "remaining": 999, "reset_after": 0, "max_concurrency": 1}
        return 200, {
            "url": self.gateway_url,
            "shards": self.shard_count,
            "session_start_limit": limit,
        }

    async def _get_gateway(self, req: Request) -> tuple[int, Any]:
        return 200, {"url": self.gateway_url}

    async def _get_me(self, req: Request) -> tuple[int, Any]:
        return 200, dict(self.bot_user.payload(), verified=True, mfa_enabled=False, flags=0)

    async def _get_application(self, req: Request) -> tuple[int, Any]:
        owner = self.user("owner")
        return 200, {
            "id": str(self.application_id),
            "name": self.bot_user.name,
            "description": "Answers questions about the 1996-97 Lima hostage crisis.",
            "icon": None,
            "bot_public": True,
            "bot_require_code_grant": False,
            "owner": owner.payload(),
            "verify_key": "0" * 64,
            "flags": 0,
            "team": None,
            "interactions_endpoint_url": None,
            "summary": "",
            "rpc_origins": [],
            "tags": [],
        }

    def _command_list(self, guild: str | None) -> list[dict[str, Any]]:
        return self.global_commands if guild is None else self.guild_commands.get(int(guild), [])

    async def _get_commands(self, req: Request, app: str, guild: str | None = None):
        return 200, self._command_list(guild)

    async def _put_commands(self, req: Request, app: str, guild: str | None = None):
        if int(app) != self.application_id:
            return 403, {"message": "Missing Access", "code": 50001}
        existing = {c["name"]: c for c in self._command_list(guild)}
        commands = []
        for body in req.json or []:
            old = existing.get(body["name"])
            cmd = dict(body)
            cmd.setdefault("type", 1)
            cmd.setdefault("description", "")
            cmd["id"] = old["id"] if old else str(snowflake())
            cmd["application_id"] = app
            cmd["version"] = str(snowflake())
            if cmd.get("default_member_permissions") is not None:  # Discord answers strings
                cmd["default_member_permissions"] = str(cmd["default_member_permissions"])
            if guild is not None:
                cmd["guild_id"] = guild
            commands.append(cmd)
        if guild is None:
            self.global_commands = commands
        else:
            self.guild_commands[int(guild)] = commands
        return 200, commands

    def _new_message(
        self,
        channel_id: int,
        data: dict[str, Any],
        *,
        interaction: Interaction | None = None,
        flags: int = 0,
    ) -> dict[str, Any]:
        message: dict[str, Any] = {
            "id": str(snowflake()),
            "channel_id": str(channel_id),
            "guild_id": str(self.guild.id),
            "author": self.bot_user.payload(),
            "content": "",
            "embeds": [],
            "components": [],
            "timestamp": iso_now(),
            "edited_timestamp": None,
            "tts": False,
            "mention_everyone": False,
            "mentions": [],
            "mention_roles": [],
            "attachments": [],
            "pinned": False,
            "type": 0,
            "flags": flags,
        }
        self._apply(message, data)
        if interaction is not None:
            user = interaction.payload["member"]["user"]
            message["type"] = 20 if interaction.type == APPLICATION_COMMAND else 19
            message["webhook_id"] = str(self.application_id)
            message["application_id"] = str(self.application_id)
            message["interaction_metadata"] = {
                "id": str(interaction.id),
                "type": interaction.type,
                "user": user,
                "authorizing_integration_owners": {"0": str(self.guild.id)},
            }
        self.messages[int(message["id"])] = message
        return message

    @staticmethod
    def _apply(message: dict[str, Any], data: dict[str, Any]) -> None:
        """Copy the fields a send/edit carries onto the stored message."""
        for key in ("content", "embeds", "components", "allowed_mentions", "message_reference"):
            if key in data and data[key] is not None:
                message[key] = data[key]
        if "flags" in data and data["flags"] is not None:
            message["flags"] = (message.get("flags", 0) & EPHEMERAL) | int(data["flags"])

    def _record_sent(self, kind: str, message: dict[str, Any], interaction: Interaction | None):
        self.sent.append(Sent(kind, dict(message), interaction.id if interaction else None, _now()))

    async def _callback(self, req: Request, iid: str, token: str) -> tuple[int, Any]:
        interaction = self.interactions.get(int(iid))
        if interaction is None or interaction.token != token:
            return 404, {"message": "Unknown interaction", "code": 10062}
        if interaction.responded:
            return 400, {"message": "Interaction has already been acknowledged.", "code": 40060}
        body = req.json or {}
        kind, data = body.get("type"), body.get("data") or {}
        interaction.responded = True
        info: dict[str, Any] = {"id": iid, "type": interaction.type}
        result: dict[str, Any] = {"interaction": info}
        if kind in (CHANNEL_MESSAGE, DEFERRED_CHANNEL_MESSAGE):
            flags = int(data.get("flags") or 0) & EPHEMERAL
            message = self._new_message(
                interaction.channel_id, data, interaction=interaction, flags=flags
            )
            message["_loading"] = kind == DEFERRED_CHANNEL_MESSAGE
            interaction.original_message_id = int(message["id"])
            info.update(
                response_message_id=message["id"],
                response_message_loading=kind == DEFERRED_CHANNEL_MESSAGE,
                response_message_ephemeral=bool(flags),
            )
            result["resource"] = {"type": kind, "message": _public(message)}
            self._record_sent("callback", message, interaction)
        elif kind == UPDATE_MESSAGE:
            message = self.messages[int(interaction.payload["message"]["id"])]
            self._apply(message, data)
            message["edited_timestamp"] = iso_now()
            info.update(response_message_id=message["id"])
            result["resource"] = {"type": kind, "message": _public(message)}
            self._record_sent("edit", message, interaction)
        elif kind == DEFERRED_UPDATE:
            result["resource"] = {"type": kind}
        elif kind == AUTOCOMPLETE_RESULT:
            interaction.choices = data.get("choices", [])
        else:
            interaction.responded = False
            return 400, {"message": f"callback type {kind} not supported by the stand-in"}
        return 200, result

    async def _followup(self, req: Request, app: str, token: str) -> tuple[int, Any]:
        interaction = self._by_token.get(token)
        if interaction is None:
            return 404, {"message": "Unknown Webhook", "code": 10015}
        if not interaction.responded:
            return 400, {"message": "Interaction has not been acknowledged", "code": 40060}
        data = req.json or {}
        original = self.messages.get(interaction.original_message_id or 0)
        if original is not None and original.get("_loading"):
            # As on Discord: the first follow-up after a deferred ("thinking...") response
            # replaces the placeholder, keeping its id and its ephemeral flag.
            self._apply(original, {k: v for k, v in data.items() if k != "flags"})
            original["_loading"] = False
            self._record_sent("followup", original, interaction)
            return 200, _public(original)
        flags = int(data.get("flags") or 0) & EPHEMERAL
        message = self._new_message(
            interaction.channel_id, data, interaction=interaction, flags=flags
        )
        self._record_sent("followup", message, interaction)
        return 200, _public(message)

    def _webhook_message(self, token: str, mid: str) -> tuple[Interaction | None, dict | None]:
        interaction = self._by_token.get(token)
        if interaction is None:
            return None, None
        mid_int = interaction.original_message_id if mid == "@original" else int(mid)
        return interaction, self.messages.get(mid_int) if mid_int else None

    async def _get_wh(self, req: Request, app: str, token: str, mid: str):
        _, message = self._webhook_message(token, mid)
        if message is None:
            return 404, {"message": "Unknown Message", "code": 10008}
        return 200, _public(message)

    async def _edit_wh(self, req: Request, app: str, token: str, mid: str):
        interaction, message = self._webhook_message(token, mid)
        if message is None:
            return 404, {"message": "Unknown Message", "code": 10008}
        self._apply(message, req.json or {})
        message["_loading"] = False
        message["edited_timestamp"] = iso_now()
        self._record_sent("edit", message, interaction)
        return 200, _public(message)

    async def _del_wh(self, req: Request, app: str, token: str, mid: str):
        _, message = self._webhook_message(token, mid)
        if message is None:
            return 404, {"message": "Unknown Message", "code": 10008}
        self.messages.pop(int(message["id"]), None)
        return 204, None

    async def _post_message(self, req: Request, channel: str) -> tuple[int, Any]:
        try:
            self._channel_by_id(int(channel))
        except KeyError:
            return 404, {"message": "Unknown Channel", "code": 10003}
        message = self._new_message(int(channel), req.json or {})
        self._record_sent("channel", message, None)
        return 200, _public(message)

    async def _edit_msg(self, req: Request, channel: str, mid: str) -> tuple[int, Any]:
        message = self.messages.get(int(mid))
        if message is None:
            return 404, {"message": "Unknown Message", "code": 10008}
        self._apply(message, req.json or {})
        message["edited_timestamp"] = iso_now()
        self._record_sent("edit", message, None)
        return 200, _public(message)

    async def _del_msg(self, req: Request, channel: str, mid: str) -> tuple[int, Any]:
        self.messages.pop(int(mid), None)
        return 204, None

    async def _history(self, req: Request, channel: str) -> tuple[int, Any]:
        """Channel history, newest first (``limit``, ``before``, ``after`` by id)."""
        limit = min(int(req.query.get("limit", 50)), 100)
        before = int(req.query.get("before", 1 << 63))
        after = int(req.query.get("after", 0))
        found = [
            _public(m)
            for mid, m in sorted(self.messages.items(), reverse=True)
            if m["channel_id"] == channel and after < mid < before
        ]
        if "after" in req.query and "before" not in req.query:
            found = found[::-1][:limit][::-1]  # the oldest after ``after``, newest first
        return 200, found[:limit]

    async def _get_msg(self, req: Request, channel: str, mid: str) -> tuple[int, Any]:
        message = self.messages.get(int(mid))
        if message is None or message["channel_id"] != channel:
            return 404, {"message": "Unknown Message", "code": 10008}
        return 200, _public(message)

    async def _typing(self, req: Request, channel: str) -> tuple[int, Any]:
        return 204, None

    async def _get_channel(self, req: Request, channel: str) -> tuple[int, Any]:
        try:
            return 200, self._channel_by_id(int(channel)).payload()
        except KeyError:
            return 404, {"message": "Unknown Channel", "code": 10003}


def _public(message: dict[str, Any]) -> dict[str, Any]:
    """The message as Discord returns it (without the stand-in's private keys)."""
    return {k: v for k, v in message.items() if not k.startswith("_")}


def _redact(d: Any) -> Any:
    if isinstance(d, dict) and "token" in d:
        return dict(d, token="<redacted>")
    return d


def _now() -> float:
    return time.monotonic()
