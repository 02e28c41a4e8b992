"""A small Discord stand-in: REST API and gateway on 127.0.0.1, for end-to-end tests.

It speaks enough of Discord's protocol for a real discord.py 2.x client (including
``AutoShardedClient``) to log in, sync application commands, connect to the
gateway, receive interactions and messages, and answer them. Everything the bot
sends is recorded so tests can assert what a user would see.

Layout: ``server.py`` (this file: the object tests hold, driving and waiting),
``gateway.py`` (the websocket), ``rest.py`` (the HTTP API), ``records.py`` (what is
recorded, fault rules, Discord's numbers), ``model.py`` (users, guild, channels),
``modals.py`` (the MODAL callback and MODAL_SUBMIT), ``harness.py`` (pointing
discord.py here, running a client for a test).

Reading guide:

* ``DiscordStandin.start()`` / ``stop()``; ``api_base`` and ``gateway_url``.
* Logs (``WaitableLog``): ``requests`` (every REST call), ``gateway_in`` (frames the
  client sent), ``gateway_out`` (frames sent to it), ``sent`` (every message the bot
  created or edited, as a user would see it).
* Driving the bot: ``dispatch_slash``, ``dispatch_autocomplete``, ``dispatch_button``,
  ``dispatch_message``, ``dispatch_message_command`` (``menus.py``),
  ``dispatch_modal_submit`` (``modals.py``), ``dispatch`` (any event).
* Waiting: ``wait_for_request``, ``wait_for_reply``, ``wait_for_message``,
  ``wait_for_gateway``, ``wait_ready``.
* Faults (for the fault-tolerance tests): ``fail_next`` (429 with ``Via`` and
  ``retry_after``, 500, any status), ``drop_gateway`` (close the socket mid-session),
  ``send_reconnect`` (op 7), ``invalidate_next_resume`` (op 9 on RESUME),
  ``ack_heartbeats``, ``message_content_granted`` (close 4014 when not granted).
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from typing import Any

from aiohttp import web

from .gateway import GatewayMixin
from .log import WaitableLog
from .menus import MenusMixin
from .modals import ModalMixin
from .model import (
    INTENT_MESSAGE_CONTENT,
    Channel,
    User,
    default_world,
    iso_now,
    snowflake,
)
from .records import (
    API_PREFIX,
    APPLICATION_COMMAND,
    AUTOCOMPLETE,
    MESSAGE_COMPONENT,
    OP_DISPATCH,
    OP_RECONNECT,
    Fault,
    Frame,
    GatewayConnection,
    GatewaySession,
    Interaction,
    Request,
    Sent,
)
from .rest import RestMixin


class DiscordStandin(GatewayMixin, RestMixin, MenusMixin, ModalMixin):
    def __init__(self, *, shard_count: int = 1, token: str = "standin-token") -> None:
        self.token = token
        self.shard_count = shard_count
        self.application_id = snowflake()
        self.bot_user, self.guild = default_world()
        self.users: dict[str, User] = dict(self.guild.members)
        self.dm_channels: dict[str, Channel] = {}  # user name -> their DM with the bot

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
        self._nonces: dict[tuple[str, str], int] = {}  # (channel, nonce) -> message id
        self._sessions: dict[str, GatewaySession] = {}
        self._connections: list[GatewayConnection] = []

        # Behaviour switches and faults.
        self.heartbeat_interval_ms = 41250
        self.ack_heartbeats = True
        self.message_content_granted = True
        self.response_delay = 0.0  # seconds between doing a REST call and answering it
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
        after_processing: bool = False,
    ) -> Fault:
        """Answer the next ``count`` REST calls matching (``method``, ``path`` regex searched in
        the path without /api/v10, and ``match``) with ``status``. A 429 carries the ``Via``
        header (unless ``via=False``: then discord.py takes it for a Cloudflare ban) and
        ``retry_after`` seconds in the body and ``Retry-After`` header. With
        ``after_processing`` the call takes effect first (a message is sent, an interaction
        acknowledged) and only its answer is the fault, as when Discord's reply is lost."""

        def matches(req: Request) -> bool:
            return (
                (method is None or req.method == method.upper())
                and (path is None or re.search(path, req.path) is not None)
                and (match is None or match(req))
            )

        fault = Fault(status, count, matches, retry_after, is_global, via, after_processing)
        self.faults.append(fault)
        return fault

    async def drop_gateway(
        self, shard_id: int = 0, code: int = 4000, *, abrupt: bool = False
    ) -> None:
        """Close the shard's websocket from the server side, mid-session. The session stays
        resumable: events dispatched meanwhile are replayed on RESUME. ``abrupt`` cuts the
        TCP connection instead, with no close frame (a network drop; the client sees 1006)."""
        conn = self._connection_for(shard_id)
        if abrupt:
            transport = conn.transport
            if transport is not None:
                transport.abort()
            return
        await conn.ws.close(code=code)

    async def send_reconnect(self, shard_id: int = 0) -> None:
        """Opcode 7: ask the client to reconnect and resume."""
        conn = self._connection_for(shard_id)
        await self._send(conn, {"op": OP_RECONNECT, "d": None, "s": None, "t": None}, shard_id)

    def sessions(self) -> list[GatewaySession]:
        return list(self._sessions.values())

    # ------------------------------------------------------------------ driving the bot

    def user(self, name: str) -> User:
        return self.users[name]

    def channel(self, name: str) -> Channel:
        return self.guild.channel(name)

    def add_channel(self, name: str, *, visible_to_bot: bool = True) -> Channel:
        """A text channel; ``visible_to_bot=False``: members can pick it in a command, but
        the bot cannot see it (it is not in the bot's GUILD_CREATE), as when the bot lacks
        View Channel there. Add it before the bot connects."""
        position = len(self.guild.channels)
        channel = Channel(snowflake(), name, self.guild.id, position, visible_to_bot=visible_to_bot)
        self.guild.channels[name] = channel
        return channel

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
        locale: str = "en-US",
    ) -> Interaction:
        """A user runs ``/name`` (``name`` may be "group sub") with ``options``; the command
        must have been synced, and option types come from its synced definition.
        ``locale``: the user's Discord language, as Discord sends it."""
        data = self._command_data(name, options or {}, focused=None)
        return await self._dispatch_interaction(
            APPLICATION_COMMAND, data, user, channel, locale=locale
        )

    async def dispatch_autocomplete(
        self,
        name: str,
        focused: str,
        value: str,
        options: dict[str, Any] | None = None,
        *,
        user: str = "alice",
        channel: str = "general",
        locale: str = "en-US",
    ) -> Interaction:
        """A user typing ``value`` into option ``focused`` of ``/name``."""
        values = dict(options or {})
        values[focused] = value
        data = self._command_data(name, values, focused=focused)
        return await self._dispatch_interaction(AUTOCOMPLETE, data, user, channel, locale=locale)

    async def dispatch_button(
        self,
        custom_id: str,
        *,
        message: dict[str, Any] | Sent,
        user: str = "alice",
        locale: str = "en-US",
    ) -> Interaction:
        """A user clicks the button ``custom_id`` on ``message`` (one the bot sent)."""
        if isinstance(message, Sent):
            message = message.message
        message = self.messages.get(int(message["id"]), message)
        data = {"custom_id": custom_id, "component_type": 2}
        channel = self._channel_by_id(int(message["channel_id"]))
        return await self._dispatch_interaction(
            MESSAGE_COMPONENT, data, user, channel.name, message=message, locale=locale
        )

    async def dispatch_message(
        self,
        content: str,
        *,
        user: str = "alice",
        channel: str = "general",
        mentions_bot: bool = False,
        dm: bool = False,
    ) -> dict[str, Any]:
        """A user posts ``content`` in ``channel`` (``dm=True``: in their DM with the bot,
        which Discord sends on shard 0, without a guild). With ``mentions_bot`` the content
        is prefixed with the bot's mention (as a Discord client does) and ``mentions`` lists
        the bot. Without the message-content intent, content is blanked unless the bot is
        mentioned or it is a DM, as Discord does."""
        author = self.users[user]
        ch = self.dm_channel(user) if dm else self.channel(channel)
        if mentions_bot:
            content = f"<@{self.bot_user.id}> {content}"
        mentioned = [self.bot_user] if mentions_bot else []
        shard_id = 0 if dm else self._shard_for(self.guild.id)
        session = self._session_for(shard_id)
        has_content_intent = session.intents & INTENT_MESSAGE_CONTENT
        if not (has_content_intent and self.message_content_granted) and not (mentions_bot or dm):
            content = ""
        message = {
            "id": str(snowflake()),
            "channel_id": str(ch.id),
            "author": author.payload(),
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
        if not dm:
            message["guild_id"] = str(self.guild.id)
            message["member"] = {k: v for k, v in author.member_payload().items() if k != "user"}
        self.messages[int(message["id"])] = message
        await self.dispatch("MESSAGE_CREATE", message, shard_id=shard_id)
        return message

    def dm_channel(self, user: str) -> Channel:
        """The user's DM channel with the bot (created on first use)."""
        if user not in self.dm_channels:
            self.dm_channels[user] = Channel(snowflake(), f"dm-{user}", 0, type=1)
        return self.dm_channels[user]

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

    # ------------------------------------------------------------------ internals: interactions

    def _channel_by_id(self, channel_id: int) -> Channel:
        for ch in [*self.guild.channels.values(), *self.dm_channels.values()]:
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
        locale: str = "en-US",
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
            "locale": locale,
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
