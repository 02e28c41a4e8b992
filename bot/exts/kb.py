"""``/kb reload`` and ``/kb gaps``: moderators keep the knowledge pack healthy.

``/kb reload`` reads the pack again from the folder the bot started with,
validates it with the same function as ``crisisbot validate``, and swaps in a new
``Engine`` in one assignment: answers already running keep the engine they
started with, the next one gets the new pack. A broken pack changes nothing: the
old pack keeps answering and the moderator sees the validator's
``file:line:column: message`` lines.

``/kb gaps`` lists the server's most-asked questions the bot could not answer,
with counts (the unanswered log keeps text and counts, never who asked).

``/kb feedback`` is the server's review queue of members' reports on answers, and
``/kb stats`` what gets asked (both built in ``bot/utils/review.py``).
"""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from .. import embeds, safe_text
from ..core import Engine, Problem
from ..core.catalog import message
from ..storage import Gap, StoreError
from ..utils.checks import check_moderator
from ..utils.language import interaction_language
from ..utils.replies import NO_PINGS, send_private
from ..utils.review import queue_page, server_stats, store_busy

if TYPE_CHECKING:
    from ..discord_bot import CrisisBot, Interaction

_log = logging.getLogger(__name__)
GAPS_MAX = 25


def load_engine(bot: CrisisBot) -> tuple[Engine | None, list[Problem]]:
    """The bot's pack read again and its Engine (slow part; run in a thread); (None,
    problems) if it is broken.

    Never raises: whatever the files hold, the running bot keeps its old pack and the
    moderator gets a message (the validator bounds what a file may cost; anything it
    still misses is reported here rather than as a failed command)."""
    try:
        return bot.load_engine()
    except Exception as exc:  # MemoryError and RecursionError included
        _log.warning("/kb reload: reading the pack at %s failed: %r", bot.pack_path, exc)
        what = f"could not read the pack ({type(exc).__name__}); see the bot's log"
        return None, [Problem(str(bot.pack_path), 0, 0, what)]


def problems_text(
    path: Path, problems: list[Problem], limit: int = embeds.CONTENT_MAX, language: str = "en"
) -> str:
    """The refusal: every problem line that fits in one message, then how many more
    (the validator's lines as it writes them; the frame in ``language``)."""
    head = message("kb_problems", language, path=path, count=len(problems))
    lines = [embeds.cut(embeds.one_line(str(p)), 400).replace("```", "'''") for p in problems]
    shown: list[str] = []
    for index, line in enumerate(lines):
        rest = len(lines) - index - 1
        tail = message("kb_more", language, rest=rest, path=path) if rest else ""
        block = "```\n" + "\n".join([*shown, line]) + "\n```"
        if len(head) + len(block) + len(tail) + 40 > limit:
            break
        shown.append(line)
    rest = len(lines) - len(shown)
    text = head + ("```\n" + "\n".join(shown) + "\n```" if shown else "")
    if rest:
        text += message("kb_more", language, rest=rest, path=path)
    return embeds.cut(text, limit)


def reloaded_text(old: Engine, new: Engine, language: str = "en") -> str:
    before, after = set(old.pack.entries), set(new.pack.entries)
    added, removed = len(after - before), len(before - after)
    changes = ""
    if added or removed:
        changes = message(
            "kb_changes",
            language,
            added=message("kb_added", language, count=added),
            removed=message("kb_removed", language, count=removed),
        )
    return message(
        "kb_reloaded",
        language,
        entries=message("kb_entries", language, count=len(after)),
        changes=changes,
        sources=message("kb_sources", language, count=len(new.pack.sources)),
        topics=message("kb_topics", language, count=len(new.topic_names())),
    )


def gaps_embed(
    engine: Engine, gaps: list[Gap], retention_days: int | None, language: str = "en"
) -> discord.Embed:
    window = message("gaps_window", language, count=retention_days) if retention_days else ""
    if gaps:
        lines = [
            f"**{gap.count}×** {safe_text.inert(gap.question, 200)}"
            f" · {message('gaps_line_last', language, day=gap.last_seen.isoformat())}"
            for gap in gaps
        ]
        description = "\n".join(lines)
    else:
        description = message("gaps_none", language, window=window)
    embed = discord.Embed(
        title=message("gaps_title", language, window=window),
        description=description,
        colour=embeds.colour(engine),
    )
    embed.set_footer(text=message("gaps_footer", language))
    return embeds.fit(embed)


@app_commands.guild_only()
@app_commands.default_permissions(manage_messages=True)
class Kb(commands.GroupCog, group_name="kb", group_description="Moderators: the knowledge pack"):
    def __init__(self, bot: CrisisBot) -> None:
        self.bot = bot
        self._reloading = asyncio.Lock()

    async def interaction_check(self, interaction: discord.Interaction[Any], /) -> bool:
        # discord.py's generic signature: the client is always the CrisisBot.
        return check_moderator(interaction)

    @app_commands.command(name="reload", description="Read the knowledge pack again from disk")
    async def reload(self, interaction: Interaction) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        async with self._reloading:  # one reload at a time
            engine, problems = await asyncio.to_thread(load_engine, self.bot)
            said = interaction_language(interaction)
            if engine is None:
                text = problems_text(self.bot.pack_path, problems, language=said)
            else:
                old = self.bot.engine
                self.bot.engine = engine  # the swap: one reference, at once
                text = reloaded_text(old, engine, said)
        await send_private(interaction, text)

    @app_commands.command(name="gaps", description="Most-asked questions I could not answer")
    @app_commands.describe(limit=f"How many (1-{GAPS_MAX})")
    async def gaps(
        self, interaction: Interaction, limit: app_commands.Range[int, 1, GAPS_MAX] = 10
    ) -> None:
        await self.bot.unanswered.flush(timeout=1.0)  # show what was just asked, too
        unanswered = self.bot.store.unanswered
        gaps = unanswered.top_gaps(limit, guild_id=interaction.guild_id)
        await interaction.response.send_message(
            embed=gaps_embed(
                self.bot.engine,
                gaps,
                unanswered.retention_days,
                interaction_language(interaction),
            ),
            ephemeral=True,
            allowed_mentions=NO_PINGS,
        )

    @app_commands.command(name="feedback", description="Members' reports on answers, newest first")
    @app_commands.describe(page="Which page (5 reports a page)")
    async def feedback(
        self, interaction: Interaction, page: app_commands.Range[int, 1, 10_000] = 1
    ) -> None:
        assert interaction.guild_id is not None  # guild_only
        said = interaction_language(interaction)
        try:
            embed, view = await asyncio.to_thread(
                queue_page, self.bot.engine, self.bot.store, interaction.guild_id, page, said
            )
        except StoreError:
            await send_private(interaction, store_busy(said))
            return
        await interaction.response.send_message(
            embed=embed,
            view=view or discord.utils.MISSING,
            ephemeral=True,
            allowed_mentions=NO_PINGS,
        )

    @app_commands.command(name="stats", description="What gets asked: answers, picks, feedback")
    async def stats(self, interaction: Interaction) -> None:
        assert interaction.guild_id is not None  # guild_only
        await self.bot.answer_counts.flush()  # show what was just asked, too
        await self.bot.unanswered.flush(timeout=1.0)
        said = interaction_language(interaction)
        try:
            embed = await asyncio.to_thread(
                server_stats, self.bot.engine, self.bot.store, interaction.guild_id, said
            )
        except StoreError:
            await send_private(interaction, store_busy(said))
            return
        await interaction.response.send_message(
            embed=embed, ephemeral=True, allowed_mentions=NO_PINGS
        )


async def setup(bot: CrisisBot) -> None:
    await bot.add_cog(Kb(bot))
