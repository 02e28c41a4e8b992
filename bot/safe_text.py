"""Showing text a member wrote, without letting it act as anything but text.

Whatever the bot shows back from a member (a question in the moderators' gaps view,
a topic name that does not exist, a display name) is rendered by Discord as
markdown: ``[free nitro](https://evil.example)`` becomes a masked link, a raw URL
gets a preview, ``discord.gg/...`` an invite card, ``||spoilers||`` and ``**bold**``
work, an unbalanced code fence swallows the rest of the message, and a right-to-left
override flips the bot's own sentence after it. Allowed mentions "none" stop pings,
but nothing else. Public replies therefore do not quote members at all; where member
text must be shown (moderators need the questions, a member their own typo), it goes
through ``inert`` (markdown: message content, embed descriptions and field values)
or ``plain`` (places Discord shows as plain text: embed footers, titles, button
labels), one place that every such caller uses.

Reading member text goes the other way: ``DISCORD_TOKEN`` is the one pattern for the
mentions, custom emoji and timestamps Discord writes into a message (they carry ids
and mean nothing to the matcher or the unanswered log), and ``strip_mention`` finds
the bot's own mention with it.

The order matters: invisible and direction-changing characters go first (they could
hide the patterns below), links and invites are defanged next (Discord links
``scheme://`` and invite hosts whatever the markdown around them), and every
markdown character is escaped last, so no combination of the earlier output can
form syntax again.
"""

from __future__ import annotations

import re
import unicodedata

ELLIPSIS = "…"

# Control, format (bidi overrides and isolates, zero-width joiners), surrogate,
# private-use and unassigned characters, line and paragraph separators: none is
# needed to read a question, several reorder or hide what follows them.
_HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})

# "scheme://" is what Discord's autolinker, link previews and masked links need.
_SCHEME = re.compile(r":\s*/\s*/")
# Hosts Discord turns into invite or gift cards even without a scheme.
_INVITE_HOST = re.compile(
    r"(?i)\b(discord(?:app)?|dsc)\s*[.\u2024\uff0e]\s*(gg|com|io|me|li|new|gift)\b"
)
# Every ASCII character that starts or ends Discord markdown, or a mention, emoji,
# timestamp or command reference (<...>), and the escape character itself.
_MARKDOWN = re.compile(r"([\\*_~|`>#\-\[\]()<:@!.])")


# Mentions (<@123>, <@!123>, <@&123>, <#123>), custom emoji (<:name:123>, <a:name:123>),
# timestamps (<t:123>, <t:123:R>), and @everyone and @here.
DISCORD_TOKEN = re.compile(
    r"<(?P<kind>@[!&]?|#|a?:\w+:|t:)(?P<id>\d+)(?::\w)?>|@(?:everyone|here)\b"
)


def without_discord_tokens(text: str) -> str:
    """``text`` with every ``DISCORD_TOKEN`` replaced by a space."""
    return DISCORD_TOKEN.sub(" ", text or "")


def clean_question(text: str) -> str:
    """A question as the matcher should read it: on one line, without Discord's
    mentions, emoji and timestamps."""
    return " ".join(without_discord_tokens(text).split())


def strip_mention(content: str, user_id: int) -> tuple[str, bool]:
    """The question in a message without its tokens, and whether it mentioned
    ``user_id`` (the bot)."""
    mentioned = any(
        match["kind"] in ("@", "@!") and int(match["id"]) == user_id
        for match in DISCORD_TOKEN.finditer(content or "")
    )
    return clean_question(content), mentioned


def _visible(text: str) -> str:
    return "".join(
        " " if unicodedata.category(ch) in _HIDDEN_CATEGORIES else ch for ch in text or ""
    )


def _cut(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    return text[: max(limit - 1, 0)].rstrip() + ELLIPSIS


def plain(text: str, limit: int = 200) -> str:
    """``text`` on one line with hidden and direction-changing characters removed and
    links defanged: for places Discord renders without markdown (embed titles and
    footers, button labels, choice names)."""
    text = " ".join(_visible(text).split())
    text = _SCHEME.sub(": //", text)
    text = _INVITE_HOST.sub(r"\1 [.] \2", text)
    return _cut(text, limit)


def inert(text: str, limit: int = 200) -> str:
    """``text`` as ``plain`` makes it, with every markdown character escaped: shown in
    message content or an embed description it reads exactly as typed (up to
    ``limit`` characters before escaping) and does nothing: no link, invite card,
    formatting, spoiler, code block, mention, emoji or timestamp."""
    return _MARKDOWN.sub(r"\\\1", plain(text, limit))
