"""``/kb reload`` and ``/kb gaps``: moderators keep the knowledge pack healthy.

``/kb reload`` reads the pack again from the folder the bot started with,
validates it with the same function as ``crisisbot validate``, and swaps in a new
``Engine`` in one assignment: answers already running keep the engine they
started with, the next one gets the new pack. A broken pack changes nothing: the
old pack keeps answering and the moderator sees the validator's
``file:line:column: message`` lines.

``/kb gaps`` lists the server's most-asked questions the bot could not answer,
with counts (the unanswered log keeps text and counts, never who asked).
"""

from __future__ import annotations

import asyncio
import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from .. import embeds, safe_text
from ..core import Engine, Problem, validate_pack
from ..store import Gap
from .config import refuse_unless_moderator

if TYPE_CHECKING:
    from ..discord_bot import CrisisBot

_log = logging.getLogger(__name__)
NONE = discord.AllowedMentions.none()
GAPS_MAX = 25


@dataclass(frozen=True)
class Reload:
    engine: Engine | None  # None: the pack is broken
    problems: list[Problem]


def load_engine(path: str | os.PathLike[str]) -> Reload:
    """Validate the pack at ``path`` and build its Engine (slow part; run in a thread).

    Never raises: whatever the files hold, the running bot keeps its old pack and the
    moderator gets a message (the validator bounds what a file may cost; anything it
    still misses is reported here rather than as a failed command)."""
    try:
        pack, problems = validate_pack(path)
        if pack is None or problems:
            return Reload(None, problems)
        return Reload(Engine(pack), [])
    except Exception as exc:  # MemoryError and RecursionError included
        _log.warning("/kb reload: reading the pack at %s failed: %r", path, exc)
        what = f"could not read the pack ({type(exc).__name__}); see the bot's log"
        return Reload(None, [Problem(str(path), 0, 0, what)])


def problems_text(path: Path, problems: list[Problem], limit: int = embeds.CONTENT_MAX) -> str:
    """The refusal: every problem line that fits in one message, then how many more."""
    head = (
        f"The pack at `{path}` has {len(problems)} problem"
        f"{'s' if len(problems) != 1 else ''}; nothing was changed and the old pack "
        "keeps answering. Fix these and run `/kb reload` again:\n"
    )
    lines = [embeds.cut(embeds.one_line(str(p)), 400).replace("```", "'''") for p in problems]
    shown: list[str] = []
    for index, line in enumerate(lines):
        rest = len(lines) - index - 1
        tail = f"\n…and {rest} more (`crisisbot validate {path}`)" if rest else ""
        block = "```\n" + "\n".join([*shown, line]) + "\n```"
        if len(head) + len(block) + len(tail) + 40 > limit:
            break
        shown.append(line)
    rest = len(lines) - len(shown)
    text = head + ("```\n" + "\n".join(shown) + "\n```" if shown else "")
    if rest:
        text += f"\n…and {rest} more (`crisisbot validate {path}`)"
    return embeds.cut(text, limit)


def reloaded_text(old: Engine, new: Engine) -> str:
    before, after = set(old.pack.entries), set(new.pack.entries)
    added, removed = len(after - before), len(before - after)
    changes = f" ({added} added, {removed} removed)" if added or removed else ""
    return (
        f"Reloaded: {len(after)} entries{changes}, {len(new.pack.sources)} sources, "
        f"{len(new.topic_names())} topics. New questions get answers from the new pack now."
    )


def gaps_embed(gaps: list[Gap], retention_days: int | None) -> discord.Embed:
    window = f" in the last {retention_days} days" if retention_days else ""
    if gaps:
        lines = [
            f"**{gap.count}×** {safe_text.inert(gap.question, 200)}"
            f" · last {gap.last_seen.isoformat()}"
            for gap in gaps
        ]
        description = "\n".join(lines)
    else:
        description = f"No unanswered questions{window}."
    embed = discord.Embed(
        title=f"Questions I could not answer{window}", description=description, colour=embeds.COLOR
    )
    embed.set_footer(text="Most asked first · add entries for them to the pack, then /kb reload")
    return embeds.fit(embed)


@app_commands.guild_only()
@app_commands.default_permissions(manage_messages=True)
class KbGroup(app_commands.Group, name="kb", description="Moderators: the knowledge pack"):
    def __init__(self, bot: CrisisBot) -> None:
        super().__init__()
        self.bot = bot
        self._reloading = asyncio.Lock()

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        return not await refuse_unless_moderator(self.bot, interaction)

    @app_commands.command(name="reload", description="Read the knowledge pack again from disk")
    async def reload(self, interaction: discord.Interaction) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        async with self._reloading:  # one reload at a time
            path = self.bot.kb_path
            outcome = await asyncio.to_thread(load_engine, path)
            if outcome.engine is None:
                text = problems_text(path, outcome.problems)
            else:
                old = self.bot.engine
                self.bot.engine = outcome.engine  # the swap: one reference, at once
                text = reloaded_text(old, outcome.engine)
        await interaction.followup.send(text, ephemeral=True, allowed_mentions=NONE)

    @app_commands.command(name="gaps", description="Most-asked questions I could not answer")
    @app_commands.describe(limit=f"How many (1-{GAPS_MAX})")
    async def gaps(
        self, interaction: discord.Interaction, limit: app_commands.Range[int, 1, GAPS_MAX] = 10
    ) -> None:
        top_gaps = getattr(self.bot.settings, "top_gaps", None)
        if top_gaps is None:
            await interaction.response.send_message(
                "The unanswered-question log needs the bot's database (CRISISBOT_DB); this bot "
                "runs without one.",
                ephemeral=True,
                allowed_mentions=NONE,
            )
            return
        if self.bot.unanswered is not None:  # show what was just asked, too
            await self.bot.unanswered.flush(timeout=1.0)
        gaps = top_gaps(limit, guild_id=interaction.guild_id)
        days = getattr(self.bot.settings, "retention_days", None)
        await interaction.response.send_message(
            embed=gaps_embed(gaps, days), ephemeral=True, allowed_mentions=NONE
        )


class Kb(commands.Cog):
    def __init__(self, bot: CrisisBot) -> None:
        self.bot = bot
        self.group = KbGroup(bot)

    async def cog_load(self) -> None:
        self.bot.tree.add_command(self.group)

    async def cog_unload(self) -> None:
        self.bot.tree.remove_command(self.group.name)


async def setup(bot: CrisisBot) -> None:
    await bot.add_cog(Kb(bot))
