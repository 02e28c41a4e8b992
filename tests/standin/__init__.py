"""A local Discord stand-in for end-to-end tests (see server.py)."""

from .harness import running_bot
from .server import DiscordStandin, Fault, Frame, Interaction, Request, Sent

__all__ = ["DiscordStandin", "Fault", "Frame", "Interaction", "Request", "Sent", "running_bot"]
