"""``/config``: moderators switch channel answers on or off, set the cooldown, the
moderator role, the fact of the day's channel and time and the anniversary posts'
(``/config anniversaries``); ``/config show``.

Restricted to members with Manage Messages (the group's default permission, which
server admins can change under Integrations) or the server's moderator role, and
checked again when a command runs (``interaction_check``: the moderator check in
``bot/utils/checks.py``; a refusal only the member sees, and nothing happens).

Settings are written from a worker thread: a write may wait out SQLite's busy timeout
while another process holds the database, and answers must not wait with it.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any, Literal

import discord
from discord import app_commands
from discord.ext import commands

from .. import embeds, safe_text
from ..core.catalog import message
from ..core.language import LANGUAGES, base_code
from ..limits import COOLDOWN_MAX_SECONDS
from ..storage.settings import normalize_hhmm
from ..utils.checks import check_moderator
from ..utils.language import interaction_language, posting_language
from ..utils.options import VisibleChannel
from ..utils.replies import NO_PINGS, send_private
from ..utils.timeline import has_events_on

if TYPE_CHECKING:
    from ..discord_bot import CrisisBot, Interaction


DEFAULT_ANNIVERSARY_TIME = "09:00"  # when neither the command nor the fact of the day names one


def bad_time(time: str | None) -> bool:
    """A time the store would refuse (the moderator is told in their language)."""
    try:
        return time is not None and not normalize_hhmm(time)
    except ValueError:
        return True


def anniversaries_text(bot: CrisisBot, guild_id: int, language: str = "en") -> str:
    """The anniversary posts' schedule and when the next one is due (from the rule the
    scheduler claims with)."""
    schedule = bot.store.anniversaries.get(guild_id)
    if schedule is None:
        return message("schedule_off", language)
    if not bot.engine.pack.timeline:
        when = message("anniversaries_no_timeline", language)
    else:
        now = bot.clock()
        nxt = bot.store.anniversaries.next_post_time(
            guild_id, now, has_events_on(bot.engine), bot.engine.pack.about.zone
        )
        if nxt is None:
            when = message("anniversaries_none", language)
        elif nxt <= now:
            when = message("schedule_due_now", language)
        else:
            when = message("schedule_next", language, when=f"<t:{int(nxt.timestamp())}:f>")
    return message(
        "anniversaries_on",
        language,
        channel=schedule.channel_id,
        time=schedule.post_time,
        when=when,
    )


def schedule_text(bot: CrisisBot, guild_id: int, language: str = "en") -> str:
    """The fact of the day's schedule, with when the next post is due: from
    ``fotd.next_post_time``, the rule the scheduler claims with."""
    settings = bot.store.settings.get(guild_id)
    if settings.fotd_channel_id is None and settings.fotd_time is None:
        return message("schedule_off", language)
    if settings.fotd_channel_id is None:
        return message("schedule_missing_channel", language)
    if settings.fotd_time is None:
        return message("schedule_missing_time", language)
    now = bot.clock()
    nxt = bot.store.fotd.next_post_time(guild_id, now)
    when = (
        message("schedule_due_now", language)
        if nxt is None or nxt <= now
        else message("schedule_next", language, when=f"<t:{int(nxt.timestamp())}:f>")
    )
    return message(
        "schedule_on",
        language,
        channel=settings.fotd_channel_id,
        time=settings.fotd_time,
        when=when,
    )


@app_commands.guild_only()
@app_commands.default_permissions(manage_messages=True)
class Config(commands.GroupCog, group_name="config", group_description="Moderators: bot settings"):
    def __init__(self, bot: CrisisBot) -> None:
        self.bot = bot

    async def interaction_check(self, interaction: discord.Interaction[Any], /) -> bool:
        # discord.py's generic signature: the client is always the CrisisBot.
        return check_moderator(interaction)

    async def _write(self, method: Any, *args: Any, **kwargs: Any) -> Any:
        return await asyncio.to_thread(method, *args, **kwargs)

    @app_commands.command(name="answers", description="Answer plain questions in a channel")
    @app_commands.describe(
        mode="on: answer confident questions unmentioned; off: stay silent (mentions too); "
        "default: mentions only",
        channel="Which channel (default: this one)",
    )
    async def answers(
        self,
        interaction: Interaction,
        mode: Literal["on", "off", "default"],
        channel: VisibleChannel | None = None,
    ) -> None:
        assert interaction.guild_id is not None
        channel_id = channel.id if channel is not None else interaction.channel_id
        assert channel_id is not None
        await self._write(
            self.bot.store.settings.set_answer_channel, interaction.guild_id, channel_id, mode
        )
        said = interaction_language(interaction)
        await send_private(interaction, message(f"answers_{mode}", said, channel=channel_id))

    @app_commands.command(name="cooldown", description="Seconds between answers for each user")
    @app_commands.describe(seconds=f"0 to {COOLDOWN_MAX_SECONDS}")
    async def cooldown(
        self,
        interaction: Interaction,
        seconds: app_commands.Range[int, 0, COOLDOWN_MAX_SECONDS],
    ) -> None:
        assert interaction.guild_id is not None
        await self._write(
            self.bot.store.settings.update, interaction.guild_id, cooldown_seconds=seconds
        )
        said = interaction_language(interaction)
        await send_private(interaction, message("cooldown_set", said, seconds=seconds))

    @app_commands.command(name="modrole", description="The role that may use moderator commands")
    @app_commands.describe(role="Members with this role count as moderators (leave out to clear)")
    async def modrole(self, interaction: Interaction, role: discord.Role | None = None) -> None:
        assert interaction.guild_id is not None
        role_id = role.id if role is not None else None
        await self._write(
            self.bot.store.settings.update, interaction.guild_id, moderator_role_id=role_id
        )
        language = interaction_language(interaction)
        said = (
            message("modrole_set", language, role=role_id)
            if role_id is not None
            else message("modrole_cleared", language)
        )
        await send_private(interaction, said)

    @app_commands.command(name="fact", description="Fact of the day: where and when (UTC)")
    @app_commands.describe(
        channel="The channel to post in",
        time="The time of day, HH:MM in UTC (e.g. 09:00)",
        stop="True: stop posting the fact of the day",
    )
    async def fact(
        self,
        interaction: Interaction,
        channel: VisibleChannel | None = None,
        time: app_commands.Range[str, 1, 5] | None = None,
        stop: bool = False,
    ) -> None:
        guild_id = interaction.guild_id
        assert guild_id is not None
        changes: dict[str, Any] = {}
        if stop:
            changes["fotd_channel_id"] = None
        else:
            if channel is not None:
                changes["fotd_channel_id"] = channel.id
            if time is not None:
                changes["fotd_time"] = time
        said = interaction_language(interaction)
        if bad_time(time) and not stop:
            await send_private(
                interaction, message("bad_time", said, time=safe_text.inert(time or "", 5))
            )
            return
        if not changes:
            schedule = schedule_text(self.bot, guild_id, said)
            await send_private(interaction, message("fact_schedule_ask", said, schedule=schedule))
            return
        try:
            await self._write(
                self.bot.store.settings.update, guild_id, **changes, now=self.bot.clock()
            )
        except ValueError as exc:
            await send_private(interaction, message("nothing_changed", said, error=exc))
            return
        schedule = schedule_text(self.bot, guild_id, said)
        await send_private(interaction, message("fact_schedule", said, schedule=schedule))

    @app_commands.command(name="language", description="The server's language")
    @app_commands.describe(
        language="Facts of the day and /postfact are posted in it; questions are answered "
        "in their own language"
    )
    async def language(self, interaction: Interaction, language: str) -> None:
        guild_id = interaction.guild_id
        assert guild_id is not None
        codes = self.bot.engine.languages.codes
        code = base_code(language) or ""
        said = interaction_language(interaction)
        if code not in codes:
            await send_private(
                interaction,
                message(
                    "language_unknown",
                    said,
                    code=safe_text.inert(language, 20),
                    codes=", ".join(codes),
                ),
            )
            return
        # The main language is stored as "no choice", so a pack that changes its
        # main language takes the server with it.
        stored = None if code == self.bot.engine.language else code
        await self._write(self.bot.store.settings.update, guild_id, language=stored)
        await send_private(interaction, message("language_set", code, name=LANGUAGES[code].name))

    @language.autocomplete("language")
    async def language_autocomplete(
        self, interaction: Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return [
            app_commands.Choice(name=f"{LANGUAGES[code].name} ({code})", value=code)
            for code in self.bot.engine.languages.codes
            if current.casefold() in f"{LANGUAGES[code].name} {code}".casefold()
        ]

    @app_commands.command(
        name="anniversaries", description="'On this day' posts from the timeline: where, when"
    )
    @app_commands.describe(
        channel="The channel to post in",
        time="The time of day, HH:MM in UTC (default: the fact of the day's, else 09:00)",
        stop="True: stop the anniversary posts",
    )
    async def anniversaries(
        self,
        interaction: Interaction,
        channel: VisibleChannel | None = None,
        time: app_commands.Range[str, 1, 5] | None = None,
        stop: bool = False,
    ) -> None:
        guild_id = interaction.guild_id
        assert guild_id is not None
        store = self.bot.store.anniversaries
        said = interaction_language(interaction)
        if stop:
            await self._write(store.switch_off, guild_id)
        elif channel is not None or time is not None:
            before = store.get(guild_id)
            channel_id = channel.id if channel is not None else before and before.channel_id
            if not channel_id:
                await send_private(interaction, message("anniversaries_need_channel", said))
                return
            if bad_time(time):
                await send_private(
                    interaction, message("bad_time", said, time=safe_text.inert(time or "", 5))
                )
                return
            fotd_time = self.bot.store.settings.get(guild_id).fotd_time
            hhmm = time or (before and before.post_time) or fotd_time or DEFAULT_ANNIVERSARY_TIME
            try:
                await self._write(store.switch_on, guild_id, channel_id, hhmm, now=self.bot.clock())
            except ValueError as exc:
                await send_private(interaction, message("nothing_changed", said, error=exc))
                return
        schedule = anniversaries_text(self.bot, guild_id, said)
        text = message("anniversaries_said", said, text=schedule)
        await send_private(interaction, text)

    @app_commands.command(name="show", description="The current settings")
    async def show(self, interaction: Interaction) -> None:
        assert interaction.guild_id is not None
        settings = self.bot.store.settings.get(interaction.guild_id)
        said = interaction_language(interaction)

        def channels(ids: frozenset[int]) -> str:
            return ", ".join(f"<#{i}>" for i in sorted(ids)) or message("settings_none", said)

        def field(name: str, value: str, inline: bool = True) -> None:
            embed.add_field(name=message(name, said), value=value, inline=inline)

        embed = discord.Embed(
            title=message("settings_title", said), colour=embeds.colour(self.bot.engine)
        )
        field("settings_on", channels(settings.enabled_channels))
        field("settings_off", channels(settings.disabled_channels))
        seconds = settings.cooldown_seconds
        field("settings_cooldown", message("settings_cooldown_value", said, seconds=seconds))
        role = settings.moderator_role_id
        field(
            "settings_role",
            message("settings_role_value", said, role=role)
            if role
            else message("settings_role_none", said),
        )
        field("settings_fact", schedule_text(self.bot, interaction.guild_id, said), inline=False)
        anniversaries = anniversaries_text(self.bot, interaction.guild_id, said)
        field("settings_anniversaries", anniversaries, inline=False)
        posted = posting_language(self.bot, interaction.guild_id)
        name = LANGUAGES[posted].name if posted in LANGUAGES else posted
        field("settings_language", message("settings_language_value", said, name=name))
        granted = self.bot.intents.message_content
        content = "settings_granted" if granted else "settings_not_requested"
        field("settings_content", message(content, said))
        await interaction.response.send_message(
            embed=embeds.fit(embed), ephemeral=True, allowed_mentions=NO_PINGS
        )


async def setup(bot: CrisisBot) -> None:
    await bot.add_cog(Config(bot))
