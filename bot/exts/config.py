"""``/config``: moderators switch channel answers on or off, set the cooldown, the
moderator role and the fact of the day's channel and time; ``/config show``.

Restricted to members with Manage Messages (the commands' default permission, which
server admins can change under Integrations) or the server's moderator role, and
checked again when a command runs (``refuse_unless_moderator``, shared by every
moderator command: a polite ephemeral refusal, and nothing happens).

Settings are written from a worker thread: a write may wait out SQLite's busy timeout
while another process holds the database, and answers must not wait with it.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import TYPE_CHECKING, Literal

import discord
from discord import app_commands
from discord.ext import commands

from .. import embeds
from ..errors import VisibleTextChannel

if TYPE_CHECKING:
    from ..discord_bot import CrisisBot

NONE = discord.AllowedMentions.none()
MAX_COOLDOWN = 3600


def is_moderator(bot: CrisisBot, interaction: discord.Interaction) -> bool:
    if interaction.guild_id is None:
        return False
    if interaction.permissions.manage_messages or interaction.permissions.manage_guild:
        return True
    role_id = bot.settings.get_settings(interaction.guild_id).moderator_role_id
    roles = getattr(interaction.user, "roles", [])
    return role_id is not None and any(role.id == role_id for role in roles)


REFUSAL = (
    "Sorry, only moderators (Manage Messages, or the server's moderator role) can use "
    "this command. Nothing was changed."
)


async def refuse_unless_moderator(bot: CrisisBot, interaction: discord.Interaction) -> bool:
    """True (after a polite ephemeral refusal) if the member may not run a moderator
    command; the caller then does nothing else."""
    if is_moderator(bot, interaction):
        return False
    await interaction.response.send_message(REFUSAL, ephemeral=True, allowed_mentions=NONE)
    return True


def has_fact_of_the_day(bot: CrisisBot) -> bool:
    """The fact of the day needs the SQLite store (durable claims), not memory settings."""
    return hasattr(bot.settings, "claim_fact_of_the_day")


def next_post_time(
    fotd_time: str, now: dt.datetime, since: dt.datetime | None, last_sent: dt.date | None
) -> dt.datetime:
    """When the fact of the day will be posted next (``now`` if it is due)."""
    hour, minute = (int(part) for part in fotd_time.split(":"))
    slot = dt.datetime.combine(now.date(), dt.time(hour, minute), dt.UTC)
    if slot <= now:
        if (since is None or slot >= since) and (last_sent is None or last_sent < now.date()):
            return now
        slot += dt.timedelta(days=1)
    return slot


def schedule_text(bot: CrisisBot, guild_id: int) -> str:
    settings = bot.settings.get_settings(guild_id)
    if not has_fact_of_the_day(bot):
        return "unavailable (needs the database, CRISISBOT_DB)"
    if settings.fotd_channel_id is None and settings.fotd_time is None:
        return "off"
    if settings.fotd_channel_id is None or settings.fotd_time is None:
        missing = "a channel" if settings.fotd_channel_id is None else "a time"
        return f"off until {missing} is set (`/config fact`)"
    now = bot.clock()
    last = bot.settings.last_fact_of_the_day(guild_id)  # type: ignore[attr-defined]
    nxt = next_post_time(settings.fotd_time, now, settings.fotd_since, last)
    when = "due now" if nxt == now else f"next <t:{int(nxt.timestamp())}:f>"
    return f"<#{settings.fotd_channel_id}> daily at {settings.fotd_time} UTC ({when})"


@app_commands.guild_only()
@app_commands.default_permissions(manage_messages=True)
class ConfigGroup(app_commands.Group, name="config", description="Moderators: bot settings"):
    def __init__(self, bot: CrisisBot) -> None:
        super().__init__()
        self.bot = bot

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        return not await refuse_unless_moderator(self.bot, interaction)

    @app_commands.command(name="answers", description="Answer plain questions in a channel")
    @app_commands.describe(
        mode="on: answer confident questions without a mention; off: stay silent there "
        "(mentions too); default: answer mentions only",
        channel="Which channel (default: this one)",
    )
    async def answers(
        self,
        interaction: discord.Interaction,
        mode: Literal["on", "off", "default"],
        channel: app_commands.Transform[discord.TextChannel, VisibleTextChannel] | None = None,
    ) -> None:
        assert interaction.guild_id is not None
        channel_id = channel.id if channel is not None else interaction.channel_id
        assert channel_id is not None
        enabled = {"on": True, "off": False, "default": None}[mode]
        await asyncio.to_thread(
            self.bot.settings.set_answer_channel, interaction.guild_id, channel_id, enabled
        )
        said = {
            "on": "I'll answer questions I'm confident about in <#{}>, mention or not.",
            "off": "I'll stay silent in <#{}>, even when mentioned. Slash commands still work.",
            "default": "In <#{}> I'll answer only when mentioned.",
        }[mode].format(channel_id)
        await interaction.response.send_message(said, ephemeral=True, allowed_mentions=NONE)

    @app_commands.command(name="cooldown", description="Seconds between answers for each user")
    @app_commands.describe(seconds=f"0 to {MAX_COOLDOWN}")
    async def cooldown(
        self, interaction: discord.Interaction, seconds: app_commands.Range[int, 0, MAX_COOLDOWN]
    ) -> None:
        assert interaction.guild_id is not None
        await asyncio.to_thread(
            self.bot.settings.update_settings, interaction.guild_id, cooldown_seconds=seconds
        )
        await interaction.response.send_message(
            f"Each member now waits {seconds} s between answers.",
            ephemeral=True,
            allowed_mentions=NONE,
        )

    @app_commands.command(name="modrole", description="The role that may use moderator commands")
    @app_commands.describe(role="Members with this role count as moderators (leave out to clear)")
    async def modrole(
        self, interaction: discord.Interaction, role: discord.Role | None = None
    ) -> None:
        assert interaction.guild_id is not None
        role_id = role.id if role is not None else None
        await asyncio.to_thread(
            self.bot.settings.update_settings, interaction.guild_id, moderator_role_id=role_id
        )
        said = (
            f"Members with <@&{role_id}> can now use the moderator commands (as can anyone "
            "with Manage Messages)."
            if role_id is not None
            else "No moderator role: only members with Manage Messages can use the moderator "
            "commands."
        )
        await interaction.response.send_message(said, ephemeral=True, allowed_mentions=NONE)

    @app_commands.command(name="fact", description="Fact of the day: where and when (UTC)")
    @app_commands.describe(
        channel="The channel to post in",
        time="The time of day, HH:MM in UTC (e.g. 09:00)",
        stop="True: stop posting the fact of the day",
    )
    async def fact(
        self,
        interaction: discord.Interaction,
        channel: app_commands.Transform[discord.TextChannel, VisibleTextChannel] | None = None,
        time: app_commands.Range[str, 1, 5] | None = None,
        stop: bool = False,
    ) -> None:
        guild_id = interaction.guild_id
        assert guild_id is not None
        if not has_fact_of_the_day(self.bot):
            await interaction.response.send_message(
                "The fact of the day needs the bot's database (CRISISBOT_DB); this bot runs "
                "without one. Nothing was changed.",
                ephemeral=True,
                allowed_mentions=NONE,
            )
            return
        changes: dict[str, object] = {}
        if stop:
            changes["fotd_channel_id"] = None
        else:
            if channel is not None:
                changes["fotd_channel_id"] = channel.id
            if time is not None:
                changes["fotd_time"] = time
        if not changes:
            await interaction.response.send_message(
                f"Fact of the day: {schedule_text(self.bot, guild_id)}. Give a `channel`, a "
                "`time` (HH:MM, UTC), or `stop: True`.",
                ephemeral=True,
                allowed_mentions=NONE,
            )
            return
        try:
            await asyncio.to_thread(
                self.bot.settings.update_settings, guild_id, **changes, now=self.bot.clock()
            )
        except ValueError as exc:
            await interaction.response.send_message(
                f"{exc}. Nothing was changed.", ephemeral=True, allowed_mentions=NONE
            )
            return
        await interaction.response.send_message(
            f"Fact of the day: {schedule_text(self.bot, guild_id)}.",
            ephemeral=True,
            allowed_mentions=NONE,
        )

    @app_commands.command(name="show", description="The current settings")
    async def show(self, interaction: discord.Interaction) -> None:
        assert interaction.guild_id is not None
        settings = self.bot.settings.get_settings(interaction.guild_id)

        def channels(ids: frozenset[int]) -> str:
            return ", ".join(f"<#{i}>" for i in sorted(ids)) or "none"

        embed = discord.Embed(title="crisisbot settings", colour=embeds.COLOR)
        embed.add_field(name="Answer channels (on)", value=channels(settings.enabled_channels))
        embed.add_field(name="Silent channels (off)", value=channels(settings.disabled_channels))
        embed.add_field(name="Cooldown", value=f"{settings.cooldown_seconds} s per member")
        role = settings.moderator_role_id
        embed.add_field(
            name="Moderator role",
            value=f"<@&{role}> (and Manage Messages)" if role else "none (Manage Messages)",
        )
        embed.add_field(
            name="Fact of the day",
            value=schedule_text(self.bot, interaction.guild_id),
            inline=False,
        )
        embed.add_field(
            name="Message content",
            value="granted" if self.bot.intents.message_content else "not requested",
        )
        await interaction.response.send_message(
            embed=embeds.fit(embed), ephemeral=True, allowed_mentions=NONE
        )


class Config(commands.Cog):
    def __init__(self, bot: CrisisBot) -> None:
        self.bot = bot
        self.group = ConfigGroup(bot)

    async def cog_load(self) -> None:
        self.bot.tree.add_command(self.group)

    async def cog_unload(self) -> None:
        self.bot.tree.remove_command(self.group.name)


async def setup(bot: CrisisBot) -> None:
    await bot.add_cog(Config(bot))
