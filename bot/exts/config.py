"""``/config``: moderators switch channel answers on or off, set the cooldown, the
moderator role and the fact of the day's channel and time; ``/config show``.

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

from .. import embeds
from ..limits import COOLDOWN_MAX_SECONDS
from ..utils.checks import check_moderator
from ..utils.options import VisibleChannel
from ..utils.replies import NO_PINGS, send_private

if TYPE_CHECKING:
    from ..discord_bot import CrisisBot, Interaction

ANSWERS_SAID = {
    "on": "I'll answer questions I'm confident about in <#{}>, mention or not.",
    "off": "I'll stay silent in <#{}>, even when mentioned. Slash commands still work.",
    "default": "In <#{}> I'll answer only when mentioned.",
}


def schedule_text(bot: CrisisBot, guild_id: int) -> str:
    """The fact of the day's schedule, with when the next post is due: from
    ``fotd.next_post_time``, the rule the scheduler claims with."""
    settings = bot.store.settings.get(guild_id)
    if settings.fotd_channel_id is None and settings.fotd_time is None:
        return "off"
    if settings.fotd_channel_id is None or settings.fotd_time is None:
        missing = "a channel" if settings.fotd_channel_id is None else "a time"
        return f"off until {missing} is set (`/config fact`)"
    now = bot.clock()
    nxt = bot.store.fotd.next_post_time(guild_id, now)
    when = "due now" if nxt is None or nxt <= now else f"next <t:{int(nxt.timestamp())}:f>"
    return f"<#{settings.fotd_channel_id}> daily at {settings.fotd_time} UTC ({when})"


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
        mode="on: answer confident questions without a mention; off: stay silent there "
        "(mentions too); default: answer mentions only",
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
        await send_private(interaction, ANSWERS_SAID[mode].format(channel_id))

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
        await send_private(interaction, f"Each member now waits {seconds} s between answers.")

    @app_commands.command(name="modrole", description="The role that may use moderator commands")
    @app_commands.describe(role="Members with this role count as moderators (leave out to clear)")
    async def modrole(self, interaction: Interaction, role: discord.Role | None = None) -> None:
        assert interaction.guild_id is not None
        role_id = role.id if role is not None else None
        await self._write(
            self.bot.store.settings.update, interaction.guild_id, moderator_role_id=role_id
        )
        said = (
            f"Members with <@&{role_id}> can now use the moderator commands (as can anyone "
            "with Manage Messages)."
            if role_id is not None
            else "No moderator role: only members with Manage Messages can use the moderator "
            "commands."
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
        if not changes:
            await send_private(
                interaction,
                f"Fact of the day: {schedule_text(self.bot, guild_id)}. Give a `channel`, a "
                "`time` (HH:MM, UTC), or `stop: True`.",
            )
            return
        try:
            await self._write(
                self.bot.store.settings.update, guild_id, **changes, now=self.bot.clock()
            )
        except ValueError as exc:
            await send_private(interaction, f"{exc}. Nothing was changed.")
            return
        await send_private(interaction, f"Fact of the day: {schedule_text(self.bot, guild_id)}.")

    @app_commands.command(name="show", description="The current settings")
    async def show(self, interaction: Interaction) -> None:
        assert interaction.guild_id is not None
        settings = self.bot.store.settings.get(interaction.guild_id)

        def channels(ids: frozenset[int]) -> str:
            return ", ".join(f"<#{i}>" for i in sorted(ids)) or "none"

        embed = discord.Embed(title="crisisbot settings", colour=embeds.colour(self.bot.engine))
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
            embed=embeds.fit(embed), ephemeral=True, allowed_mentions=NO_PINGS
        )


async def setup(bot: CrisisBot) -> None:
    await bot.add_cog(Config(bot))
