"""``/config``: moderators switch channel answers on or off and set the cooldown.

Restricted to members with Manage Messages (the commands' default permission, which
server admins can change under Integrations) or the server's moderator role, and
checked again when a command runs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

import discord
from discord import app_commands
from discord.ext import commands

from .. import embeds

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


@app_commands.guild_only()
@app_commands.default_permissions(manage_messages=True)
class ConfigGroup(app_commands.Group, name="config", description="Moderators: bot settings"):
    def __init__(self, bot: CrisisBot) -> None:
        super().__init__()
        self.bot = bot

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        if is_moderator(self.bot, interaction):
            return True
        await interaction.response.send_message(
            "Sorry, only moderators (Manage Messages, or the server's moderator role) can "
            "change my settings. Nothing was changed.",
            ephemeral=True,
            allowed_mentions=NONE,
        )
        return False

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
        channel: discord.TextChannel | None = None,
    ) -> None:
        assert interaction.guild_id is not None
        channel_id = channel.id if channel is not None else interaction.channel_id
        assert channel_id is not None
        enabled = {"on": True, "off": False, "default": None}[mode]
        self.bot.settings.set_answer_channel(interaction.guild_id, channel_id, enabled)
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
        self.bot.settings.update_settings(interaction.guild_id, cooldown_seconds=seconds)
        await interaction.response.send_message(
            f"Each member now waits {seconds} s between answers.",
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
