"""Context menus: a user right-clicks a message, Apps, and picks one of the bot's
message commands.

Discord sends an APPLICATION_COMMAND interaction whose ``data`` has ``type`` 3
(MESSAGE), the command's ``id`` and ``name``, ``target_id`` (the message) and
``resolved.messages`` (the whole message object, text included whatever the bot's
intents); the response to it points at the target (``rest.py``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .records import APPLICATION_COMMAND, MESSAGE_COMMAND, Interaction, Sent, public_message

if TYPE_CHECKING:
    from .server import DiscordStandin

    Base = DiscordStandin
else:
    Base = object


class MenusMixin(Base):
    """``dispatch_message_command`` for ``DiscordStandin``."""

    def _find_menu(self, name: str, type_: int) -> dict[str, Any]:
        synced = self.guild_commands.get(self.guild.id, []) + self.global_commands
        for cmd in synced:
            if cmd["name"] == name and cmd.get("type", 1) == type_:
                return cmd
        names = [(c["name"], c.get("type", 1)) for c in synced]
        raise LookupError(f"no command {name!r} of type {type_} was synced; synced: {names}")

    async def dispatch_message_command(
        self, name: str, *, message: dict[str, Any] | Sent, user: str = "alice"
    ) -> Interaction:
        """``user`` right-clicks ``message`` (one a user posted or the bot sent), Apps,
        ``name``; the command must have been synced as a message command."""
        if isinstance(message, Sent):
            message = message.message
        message = self.messages.get(int(message["id"]), message)
        cmd = self._find_menu(name, MESSAGE_COMMAND)
        data: dict[str, Any] = {
            "id": cmd["id"],
            "name": name,
            "type": MESSAGE_COMMAND,
            "target_id": message["id"],
            "resolved": {"messages": {message["id"]: public_message(message)}},
        }
        if "guild_id" in cmd:
            data["guild_id"] = cmd["guild_id"]
        channel = self._channel_by_id(int(message["channel_id"]))
        return await self._dispatch_interaction(APPLICATION_COMMAND, data, user, channel.name)
