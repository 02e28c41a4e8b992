"""Hostile member text and the checks for what Discord would make of the bot's replies.

Shared by the hardening tests and the fuzz benchmark (bench/fuzz_bench.py): every
hostile link points at ``evil.example`` and every invite at ``evilcode``, which the
knowledge packs never mention, so a match in anything the bot sent can only have come
from a member.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

# Characters that reorder the text after them (bidi embeddings, overrides, isolates,
# marks): the knowledge packs contain none.
BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")

HOSTILE = (
    "[free nitro](https://evil.example/claim)",
    "[free nitro](<https://evil.example/claim>)",
    "https://evil.example/claim",
    "<https://evil.example/claim>",
    "see evil.example: https://evil.example/a_b*c*",
    "discord.gg/evilcode",
    "https://discord.gg/evilcode",
    "discord.com/invite/evilcode",
    "discordapp.com/invite/evilcode",
    "discord.gift/evilcode",
    "||spoiler|| **bold** __under__ ~~strike~~ *it*",
    "```py\nunbalanced fence",
    "`code` and ``more``",
    "# heading",
    "-# small print",
    "> quoted",
    "1. listed",
    "\u202eevil override: the rest is backwards",
    "\u2067isolate\u2069 \u200fmark",
    "h\u200bttps://evil.example/zero-width",
    "https:/\u200b/evil.example/split",
    "discord\u200b.gg/evilcode",
    "@everyone @here <@123456789012345678> <@&123456789012345678> <#123456789012345678>",
    "<t:1700000000:R> <:emoji:123456789012345678> </ask:123456789012345678>",
    "\\[escaped\\](https://evil.example/claim)",
    "\\\\*not escaped*",
)

_MEMBER_LINK = re.compile(r"(?i)(?:https?|steam)://[^\s]*?evil")
_INVITE = re.compile(r"(?i)\b(?:discord(?:app)?\.(?:gg|com/invite|gift)|dsc\.gg)/")


def texts_of(message: dict[str, Any]) -> Iterator[str]:
    """Every string in a sent message that Discord shows: content, embed title,
    description, fields, footer, author, button labels."""
    if message.get("content"):
        yield message["content"]
    for embed in message.get("embeds") or []:
        for key in ("title", "description"):
            if embed.get(key):
                yield embed[key]
        for field in embed.get("fields") or []:
            yield field.get("name") or ""
            yield field.get("value") or ""
        for key in ("footer", "author"):
            part = embed.get(key) or {}
            if part.get("text") or part.get("name"):
                yield part.get("text") or part.get("name")
    for row in message.get("components") or []:
        for item in row.get("components") or []:
            if item.get("label"):
                yield item["label"]


def hazards(texts: Iterable[str]) -> list[str]:
    """What a member's text made of these: a clickable link to evil.example (raw,
    <bracketed> or masked), an invite or gift card, a bidi control character."""
    found = []
    for text in texts:
        if any(ch in BIDI for ch in text):
            found.append(f"bidi control in {text!r}")
        if _MEMBER_LINK.search(text):
            found.append(f"member link in {text!r}")
        if _INVITE.search(text):
            found.append(f"invite in {text!r}")
    return found


def unescaped_markdown(text: str) -> set[str]:
    """The markdown characters in ``text`` that Discord would act on: those not
    escaped by a backslash (Discord's escape works before any ASCII punctuation)."""
    active: set[str] = set()
    escaped = False
    for ch in text:
        if escaped:
            escaped = False
            continue
        if ch == "\\":
            escaped = True
        elif ch in "*_~|`[]()<>#@:":
            active.add(ch)
    if re.search(r"(?<!\\):(?<!\\)/", text):
        active.add("://")
    return active
