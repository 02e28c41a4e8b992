"""The REST half of the stand-in: the routes discord.py calls, the interaction callback
and webhook (follow-up) endpoints, channel messages, and injected faults."""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web

from .modals import modal_problems
from .model import (
    iso_now,
    snowflake,
)
from .records import (
    APPLICATION_COMMAND,
    AUTOCOMPLETE,
    AUTOCOMPLETE_RESULT,
    CHANNEL_MESSAGE,
    DEFERRED_CHANNEL_MESSAGE,
    DEFERRED_UPDATE,
    EPHEMERAL,
    MESSAGE_COMMAND,
    MODAL,
    MODAL_SUBMIT,
    PING,
    UPDATE_MESSAGE,
    Fault,
    Interaction,
    Request,
    Sent,
    monotonic,
    public_message,
)


class RestMixin:
    """REST methods of ``DiscordStandin`` (state lives in its ``__init__``)."""

    async def _rest(self, request: web.Request) -> web.StreamResponse:
        path = "/" + request.match_info["tail"]
        body: Any = None
        if request.content_type == "application/json" and request.can_read_body:
            body = await request.json()
        elif request.content_type.startswith("multipart/") and request.can_read_body:
            form = await request.post()
            if "payload_json" in form:
                body = json.loads(str(form["payload_json"]))
        req = Request(request.method, path, dict(request.query), body, monotonic())

        fault = next((f for f in self.faults if f.remaining > 0 and f.match(req)), None)
        if fault is not None:
            fault.remaining -= 1
            fault.hits.append(req)
            if not fault.after_processing:
                return self._fault_response(req, fault)

        if not self._authorized(request, path):
            return self._respond(req, 401, {"message": "401: Unauthorized", "code": 0})
        for method, pattern, handler in self._routes():
            match = re.fullmatch(pattern, path)
            if match and method == request.method:
                status, response = await handler(req, **match.groupdict())
                if self.response_delay:  # done at once, answered later (a slow network)
                    await asyncio.sleep(self.response_delay)
                if fault is not None:  # done, but the client is told it failed
                    return self._fault_response(req, fault)
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
        # Discord keys commands by name and type (a slash command and a context menu
        # may share a name).
        existing = {(c["name"], c.get("type", 1)): c for c in self._command_list(guild)}
        commands = []
        for body in req.json or []:
            old = existing.get((body["name"], body.get("type", 1)))
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
        reference = message.get("message_reference") or {}
        if reference:  # as Discord answers it: snowflakes as strings, the type spelled out
            reference = {k: str(v) if k.endswith("_id") else v for k, v in reference.items()}
            reference.setdefault("type", 0)
            reference.pop("fail_if_not_exists", None)
            message["message_reference"] = reference
        replied = self.messages.get(int(reference.get("message_id") or 0))
        if replied is not None and reference.get("type", 0) == 0:
            # As Discord: a reply has type 19 (REPLY) and carries the message it answers.
            message["type"] = 19
            message["referenced_message"] = {
                k: v for k, v in public_message(replied).items() if k != "referenced_message"
            }
        if any(dm.id == channel_id for dm in self.dm_channels.values()):
            del message["guild_id"]  # as Discord: DM messages carry no guild
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
        self.sent.append(
            Sent(kind, dict(message), interaction.id if interaction else None, monotonic())
        )

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
            target = interaction.payload["data"].get("target_id")
            if interaction.payload["data"].get("type") == MESSAGE_COMMAND and target:
                # As Discord: the response to a message command points at its target.
                message["interaction_metadata"]["target_message_id"] = target
                message["message_reference"] = {
                    "type": 0,
                    "message_id": target,
                    "channel_id": str(interaction.channel_id),
                    "guild_id": str(self.guild.id),
                }
            info.update(
                response_message_id=message["id"],
                response_message_loading=kind == DEFERRED_CHANNEL_MESSAGE,
                response_message_ephemeral=bool(flags),
            )
            result["resource"] = {"type": kind, "message": public_message(message)}
            self._record_sent("callback", message, interaction)
        elif kind == UPDATE_MESSAGE:
            message = self.messages[int(interaction.payload["message"]["id"])]
            self._apply(message, data)
            message["edited_timestamp"] = iso_now()
            info.update(response_message_id=message["id"])
            result["resource"] = {"type": kind, "message": public_message(message)}
            self._record_sent("edit", message, interaction)
        elif kind == DEFERRED_UPDATE:
            result["resource"] = {"type": kind}
        elif kind == AUTOCOMPLETE_RESULT:
            interaction.choices = data.get("choices", [])
        elif kind == MODAL:
            problems = modal_problems(data)
            if interaction.type in (MODAL_SUBMIT, PING, AUTOCOMPLETE):
                problems.append("a modal cannot answer this interaction type")
            if problems:
                interaction.responded = False
                # Discord's shape: errors nested by field, messages under "_errors".
                found = [{"code": "BASE_TYPE_INVALID", "message": p} for p in problems]
                errors = {"data": {"_errors": found}}
                return 400, {"message": "Invalid Form Body", "code": 50035, "errors": errors}
            interaction.modal = data
            result["resource"] = {"type": kind}
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
            return 200, public_message(original)
        flags = int(data.get("flags") or 0) & EPHEMERAL
        message = self._new_message(
            interaction.channel_id, data, interaction=interaction, flags=flags
        )
        self._record_sent("followup", message, interaction)
        return 200, public_message(message)

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
        return 200, public_message(message)

    async def _edit_wh(self, req: Request, app: str, token: str, mid: str):
        interaction, message = self._webhook_message(token, mid)
        if message is None:
            return 404, {"message": "Unknown Message", "code": 10008}
        self._apply(message, req.json or {})
        message["_loading"] = False
        message["edited_timestamp"] = iso_now()
        self._record_sent("edit", message, interaction)
        return 200, public_message(message)

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
        data = req.json or {}
        reference = data.get("message_reference") or {}
        if (
            reference.get("message_id")
            and int(reference["message_id"]) not in self.messages
            and reference.get("fail_if_not_exists", True)
        ):
            unknown = {"code": "MESSAGE_REFERENCE_UNKNOWN_MESSAGE", "message": "Unknown message"}
            return 400, {
                "message": "Invalid Form Body",
                "code": 50035,
                "errors": {"message_reference": {"_errors": [unknown]}},
            }
        nonce = data.get("nonce")
        key = (channel, str(nonce))
        if nonce is not None and data.get("enforce_nonce") and key in self._nonces:
            # As Discord: the same nonce again (a retry) returns the message already sent.
            existing = self.messages.get(self._nonces[key])
            if existing is not None:
                return 200, public_message(existing)
        message = self._new_message(int(channel), data)
        if nonce is not None:
            message["nonce"] = str(nonce)
            self._nonces[key] = int(message["id"])
        self._record_sent("channel", message, None)
        return 200, public_message(message)

    async def _edit_msg(self, req: Request, channel: str, mid: str) -> tuple[int, Any]:
        message = self.messages.get(int(mid))
        if message is None:
            return 404, {"message": "Unknown Message", "code": 10008}
        self._apply(message, req.json or {})
        message["edited_timestamp"] = iso_now()
        self._record_sent("edit", message, None)
        return 200, public_message(message)

    async def _del_msg(self, req: Request, channel: str, mid: str) -> tuple[int, Any]:
        self.messages.pop(int(mid), None)
        return 204, None

    async def _history(self, req: Request, channel: str) -> tuple[int, Any]:
        """Channel history, newest first (``limit``, ``before``, ``after`` by id)."""
        limit = min(int(req.query.get("limit", 50)), 100)
        before = int(req.query.get("before", 1 << 63))
        after = int(req.query.get("after", 0))
        found = [
            public_message(m)
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
        return 200, public_message(message)

    async def _typing(self, req: Request, channel: str) -> tuple[int, Any]:
        return 204, None

    async def _get_channel(self, req: Request, channel: str) -> tuple[int, Any]:
        try:
            return 200, self._channel_by_id(int(channel)).payload()
        except KeyError:
            return 404, {"message": "Unknown Channel", "code": 10003}
