"""The gateway half of the stand-in: HELLO, IDENTIFY -> READY + GUILD_CREATE, heartbeats
and their ACKs, RESUME -> replay + RESUMED (or INVALID_SESSION), and DISPATCH with
sequence numbers kept per session so a dropped connection can resume."""

from __future__ import annotations

import json
import secrets
from typing import Any

from aiohttp import WSMsgType, web

from .model import (
    INTENT_MESSAGE_CONTENT,
)
from .records import (
    OP_HEARTBEAT,
    OP_HEARTBEAT_ACK,
    OP_HELLO,
    OP_IDENTIFY,
    OP_INVALID_SESSION,
    OP_RESUME,
    Frame,
    GatewayConnection,
    GatewaySession,
    monotonic,
    redact_token,
)


class GatewayMixin:
    """Gateway methods of ``DiscordStandin`` (state lives in its ``__init__``)."""

    def _shard_for(self, guild_id: int) -> int:
        return (guild_id >> 22) % self.shard_count

    def _session_for(self, shard_id: int) -> GatewaySession:
        sessions = [s for s in self._sessions.values() if s.shard_id == shard_id]
        if not sessions:
            raise RuntimeError(f"no gateway session for shard {shard_id}: is the bot connected?")
        return sessions[-1]

    def _connection_for(self, shard_id: int) -> GatewayConnection:
        conn = self._session_for(shard_id).conn
        if conn is None or conn.ws.closed:
            raise RuntimeError(f"shard {shard_id} has no open websocket")
        return conn

    async def _send(
        self, conn: GatewayConnection, frame: dict[str, Any], shard_id: int | None
    ) -> None:
        async with conn.lock:
            if conn.ws.closed:
                return
            try:
                await conn.ws.send_str(json.dumps(frame))
            except ConnectionResetError:  # cut (drop_gateway(abrupt=True)): kept for RESUME
                return
        self.gateway_out.append(
            Frame(shard_id, frame["op"], frame.get("t"), frame["d"], monotonic())
        )

    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(autoping=True)
        await ws.prepare(request)
        conn = GatewayConnection(ws, transport=request.transport)
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
                self.gateway_in.append(Frame(shard_id, op, None, redact_token(d), monotonic()))
                await self._on_frame(conn, op, d)
        finally:
            if conn.session is not None and conn.session.conn is conn:
                conn.session.conn = None
            self._connections.remove(conn)
        return ws

    async def _on_frame(self, conn: GatewayConnection, op: int, d: Any) -> None:
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

    async def _identify(self, conn: GatewayConnection, d: dict[str, Any]) -> None:
        if d.get("token") != self.token:
            await conn.ws.close(code=4004, message=b"Authentication failed.")
            return
        intents = int(d.get("intents", 0))
        if intents & INTENT_MESSAGE_CONTENT and not self.message_content_granted:
            await conn.ws.close(code=4014, message=b"Disallowed intent(s).")
            return
        shard_id, shard_count = d.get("shard") or [0, 1]
        session = GatewaySession(secrets.token_hex(16), shard_id, shard_count, intents)
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

    async def _resume(self, conn: GatewayConnection, d: dict[str, Any]) -> None:
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
