"""What moderators read: the feedback review queue (``/kb feedback``, paged, newest
first, with a button per report to mark it done) and what gets asked (``/kb stats``).

Members' report texts are shown through ``safe_text.inert``: no link, invite,
mention or formatting from them can act. The paging and "done" buttons are
``DynamicItem``\\ s (page and report id in the custom id) checked again for moderator
rights when clicked, so they work after a restart and only for moderators.
"""

from __future__ import annotations

import asyncio
import re
from typing import Any

import discord

from .. import embeds, safe_text
from ..core import Engine
from ..core.catalog import MESSAGES, message
from ..storage import Gap, Report, Store, StoreError
from .checks import is_moderator
from .language import interaction_language, read_as_member
from .replies import NO_PINGS, send_private

PAGE_SIZE = 5
TOP_ENTRIES = 10
TOP_GAPS = 5

# What moderators see is in the message catalog (``bot/core/catalog/kb.py``, keys
# "review_..." and "stats_..."), in the moderator's language (``interaction_language``:
# the member's locale, else the server's ``/config language``); the reasons are the
# members' form's ("feedback_reason_...").

Interaction = discord.Interaction[Any]


def store_busy(language: str) -> str:
    return message("feedback_store_busy", language)


def reason_text(report: Report, language: str) -> str:
    """The report's reason as the members' form words it (its code if the catalog has
    none: a reason from an older version)."""
    key = f"feedback_reason_{report.reason}"
    return message(key, language) if key in MESSAGES else report.reason_text


def report_line(engine: Engine, report: Report, language: str = "en") -> str:
    entry = engine.for_language(language).entry(report.entry_id) or engine.entry(report.entry_id)
    title = embeds.one_line(entry.question) if entry else message("review_entry_gone", language)
    details = f"\n> {safe_text.inert(report.details, 300)}" if report.details else ""
    done = message("review_line_done", language) if report.done_at else ""
    reason = reason_text(report, language)
    return (
        f"**#{report.id}** · {reason} · `{report.entry_id}` {embeds.cut(title, 80)}"
        f" · {report.created_at:%Y-%m-%d}{done}{details}"
    )


def queue_page(
    engine: Engine, store: Store, guild_id: int, page: int, language: str = "en"
) -> tuple[discord.Embed, discord.ui.View | None]:
    """Page ``page`` (from 1) of the server's open reports, and its buttons, in
    ``language``."""
    total = store.feedback.count_reports(guild_id)
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(page, 1), pages)
    reports = store.feedback.reports(guild_id, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)
    lines = [report_line(engine, r, language) for r in reports]
    embed = discord.Embed(
        title=message("review_title", language),
        description="\n\n".join(lines) or message("review_empty", language),
        colour=embeds.colour(engine),
    )
    embed.set_footer(
        text=message(
            "review_footer",
            language,
            page=page,
            pages=pages,
            open=message("review_open", language, count=total),
            kept=message("review_kept", language, count=store.feedback.retention_days),
        )
    )
    view = discord.ui.View(timeout=None)
    for report in reports:
        view.add_item(MarkDone(report.id, page, message("review_done", language, id=report.id)))
    if page > 1:
        view.add_item(QueuePage(page - 1, message("review_newer", language)))
    if page < pages:
        view.add_item(QueuePage(page + 1, message("review_older", language)))
    view.stop()  # its buttons are routed by custom id: nothing to keep per message
    return embeds.fit(embed), (view if view.children else None)


async def _moderator(interaction: Interaction) -> bool:
    if is_moderator(interaction):
        return True
    said = interaction_language(interaction)
    await send_private(interaction, message("error_not_moderator", said))
    return False


async def _show_page(interaction: Interaction, page: int, notice: str | None = None) -> None:
    bot = interaction.client
    assert interaction.guild_id is not None  # moderators only, never in DMs
    language = interaction_language(interaction)
    try:
        embed, view = await asyncio.to_thread(
            queue_page, bot.engine, bot.store, interaction.guild_id, page, language
        )
    except StoreError:
        await send_private(interaction, store_busy(language))
        return
    await interaction.response.edit_message(
        content=notice, embed=embed, view=view, allowed_mentions=NO_PINGS
    )


class QueuePage(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=r"crisisbot:review:page:(?P<page>[0-9]{1,6})",
):
    def __init__(self, page: int, label: str = "?") -> None:
        super().__init__(
            discord.ui.Button(
                label=label,
                style=discord.ButtonStyle.secondary,
                custom_id=f"crisisbot:review:page:{page}",
            ),
            row=1,
        )
        self.page = page

    @classmethod
    async def from_custom_id(
        cls, interaction: Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> QueuePage:
        return cls(int(match["page"]))

    async def interaction_check(self, interaction: Interaction, /) -> bool:
        return await _moderator(interaction)

    async def callback(self, interaction: Interaction) -> None:
        read_as_member(interaction)
        await _show_page(interaction, self.page)


class MarkDone(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=r"crisisbot:review:done:(?P<report>[0-9]{1,18}):(?P<page>[0-9]{1,6})",
):
    def __init__(self, report_id: int, page: int, label: str = "?") -> None:
        super().__init__(
            discord.ui.Button(
                label=label,
                style=discord.ButtonStyle.success,
                custom_id=f"crisisbot:review:done:{report_id}:{page}",
            ),
            row=0,
        )
        self.report_id = report_id
        self.page = page

    @classmethod
    async def from_custom_id(
        cls, interaction: Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> MarkDone:
        return cls(int(match["report"]), int(match["page"]))

    async def interaction_check(self, interaction: Interaction, /) -> bool:
        return await _moderator(interaction)

    async def callback(self, interaction: Interaction) -> None:
        read_as_member(interaction)
        feedback = interaction.client.store.feedback
        try:
            done = await asyncio.to_thread(feedback.mark_done, self.report_id, interaction.guild_id)
        except StoreError:
            await send_private(interaction, store_busy(interaction_language(interaction)))
            return
        said = interaction_language(interaction)
        notice = None if done else message("review_already_done", said, id=self.report_id)
        await _show_page(interaction, self.page, notice)


REVIEW_BUTTONS = (QueuePage, MarkDone)


# ---------------------------------------------------------------------- /kb stats


def stats_embed(
    engine: Engine,
    per_entry: dict[str, dict[str, int]],
    feedback: dict[str, dict[str, int]],
    gaps: list[Gap],
    unanswered: int,
    days: int,
    language: str = "en",
) -> discord.Embed:
    """What gets asked in one server: totals, the most served entries, top gaps (the
    frame in ``language``; entry ids and members' questions as they are)."""
    direct = sum(c["answer"] for c in per_entry.values())
    picks = sum(c["pick"] for c in per_entry.values())
    shows = sum(c["show"] for c in per_entry.values())
    counts = {
        "answers": direct + picks + shows,
        "direct": direct,
        "picks": picks,
        "shows": shows,
        "helpful": sum(f["helpful"] for f in feedback.values()),
        "reports": sum(f["reports"] for f in feedback.values()),
        "unanswered": unanswered,
    }
    # One text per count, so each takes its own singular or plural.
    parts = {name: message(f"stats_{name}", language, count=n) for name, n in counts.items()}
    open_reports = sum(f["open"] for f in feedback.values())
    parts["open"] = message("review_open", language, count=open_reports)
    totals = message("stats_totals", language, **parts)
    embed = discord.Embed(
        title=message("stats_title", language, count=days),
        description=totals,
        colour=embeds.colour(engine),
    )
    ranked = sorted(
        set(per_entry) | set(feedback),
        key=lambda e: (-sum(per_entry.get(e, {}).values()), e),
    )[:TOP_ENTRIES]
    lines = []
    for entry_id in ranked:
        counts, votes = per_entry.get(entry_id, {}), feedback.get(entry_id, {})
        served = sum(counts.values())
        lines.append(
            f"`{entry_id}` {served} · {counts.get('pick', 0)} · {votes.get('helpful', 0)}"
            f" · {votes.get('reports', 0)}"
        )
    none = message("stats_none", language)
    embed.add_field(
        name=message("stats_entries", language), value="\n".join(lines) or none, inline=False
    )
    gap_lines = [f"**{g.count}×** {safe_text.inert(g.question, 120)}" for g in gaps]
    embed.add_field(
        name=message("stats_gaps", language), value="\n".join(gap_lines) or none, inline=False
    )
    return embeds.fit(embed)


def server_stats(
    engine: Engine, store: Store, guild_id: int, language: str = "en"
) -> discord.Embed:
    """``stats_embed`` for one server, read from the store (run it in a thread)."""
    since = store.stats.cutoff()
    unanswered = sum(g.count for g in store.unanswered.top_gaps(10_000, guild_id=guild_id))
    return stats_embed(
        engine,
        store.stats.per_entry(guild_id),
        store.feedback.totals(guild_id, since),
        store.unanswered.top_gaps(TOP_GAPS, guild_id=guild_id),
        unanswered,
        store.stats.retention_days,
        language,
    )
