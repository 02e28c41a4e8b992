"""The bot's own limits, each written once (Discord's are in ``bot/embeds.py``).

``MAX_QUESTION_CHARS`` is the core's: the matcher reads no further, so the bot cuts
questions there for ``/ask``, channel answers, autocomplete and the unanswered log.

The cooldown's maximum is one hour everywhere (``/config cooldown``, the store and
``CRISISBOT_COOLDOWN_SECONDS``). It was an hour in ``/config`` and a day in the store;
an hour won because it is what moderators could ever set, and a member waiting longer
than that for a cited answer is a ban, not a cooldown.
"""

from __future__ import annotations

from .core.text import MAX_QUESTION_CHARS

DEFAULT_COOLDOWN_SECONDS = 5
COOLDOWN_MAX_SECONDS = 3600

__all__ = ["COOLDOWN_MAX_SECONDS", "DEFAULT_COOLDOWN_SECONDS", "MAX_QUESTION_CHARS"]
