"""Answer with crisisbot: right-click a message, Apps, and the bot answers its text.

Mid-discussion, someone asks a question the bot could answer; a member points the bot
at that message instead of retyping it. A confident answer is posted as a reply to the
message, without pinging its author, so the thread of the discussion shows what it
answers (the footer names who asked the bot to); anything less (suggestions, "I don't
know") goes to the member who asked the bot alone, so a doubtful match never lands in
the channel. Messages with no text (embeds, attachments) and messages from bots (this
one included) are declined politely, before the cooldown is counted; the answers count
against it like ``/ask``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from .. import embeds
from ..core.catalog import message as catalog_text
from ..safe_text import clean_question, plain
from ..utils.answers import answer_for, ask_for
from ..utils.checks import check_cooldown
from ..utils.language import interaction_language
from ..utils.replies import NO_PINGS, reply_to_message

if TYPE_CHECKING:
    from ..discord_bot import CrisisBot, Interaction

# What members see is in the message catalog (bot/core/catalog/answers.py); the menu's name
# is localized by the command translator (bot/utils/translator.py).
MENU_NAME = "Answer with crisisbot"
NO_TEXT = catalog_text("menu_no_text")
FROM_A_BOT = catalog_text("menu_from_a_bot")
ANSWERED = catalog_text("menu_answered")
REQUESTED_BY = catalog_text("menu_requested_by")  # the public reply's footer starts with it
GONE = catalog_text("menu_gone")
CANNOT_POST = catalog_text("menu_cannot_post")


def refusal(message: discord.Message, language: str = "en") -> str | None:
    """Why the bot declines to answer ``message``, or None."""
    if message.author.bot or message.webhook_id is not None:
        return catalog_text("menu_from_a_bot", language)
    if not clean_question(message.content or ""):
        return catalog_text("menu_no_text", language)
    return None


async def answer_message(interaction: Interaction, message: discord.Message) -> str:
    """Answer ``message`` for the member who chose "Answer with crisisbot"; returns what
    happened ("refused", "answered", "private: …")."""
    said = interaction_language(interaction)  # the member's, for what only they see
    reason = refusal(message, said)
    if reason is not None:
        await interaction.response.send_message(reason, ephemeral=True, allowed_mentions=NO_PINGS)
        return "refused"
    check_cooldown(interaction)  # raises OnCooldown: the command tree says how long
    bot = interaction.client
    question = message.content
    result = ask_for(interaction, question)
    # Counted for /kb stats; a pick from the suggestions pairs with the invoker.
    bot.answer_counts.answered(interaction.guild_id, interaction.user.id, question, result)
    answer = answer_for(bot.engine, result, interaction.user)
    if answer.status == "no_match":
        bot.log_unanswered(question, interaction.guild_id)  # queued; written behind the reply
    if answer.status != "answered":  # suggestions and "I don't know": the member alone
        await interaction.response.send_message(
            content=answer.content,
            embed=answer.embed or discord.utils.MISSING,
            view=answer.view or discord.utils.MISSING,
            ephemeral=True,
            allowed_mentions=NO_PINGS,
        )
        return f"private: {answer.status}"
    # The channel sees who asked the bot to answer (a display name: shown inert).
    assert answer.embed is not None
    name = plain(interaction.user.display_name, 80)
    requested = catalog_text("menu_requested_by", result.language, name=name)
    footer = f"{requested} · {answer.embed.footer.text}"
    answer.embed.set_footer(text=embeds.cut(footer, embeds.FOOTER_MAX))
    # Posting the reply may wait on rate limits: acknowledge within Discord's 3 s first.
    await interaction.response.defer(ephemeral=True, thinking=True)
    try:
        reply = await reply_to_message(message, embed=answer.embed, view=answer.view)
    except discord.HTTPException as exc:  # 400 "unknown message": deleted meanwhile
        if exc.status != 400:
            raise
        await interaction.edit_original_response(
            content=catalog_text("menu_gone", said), allowed_mentions=NO_PINGS
        )
        return "gone"
    if reply is None:
        await interaction.edit_original_response(
            content=catalog_text("menu_cannot_post", said),
            embed=answer.embed,
            view=answer.view,
            allowed_mentions=NO_PINGS,
        )
        return "private: cannot post"
    await interaction.edit_original_response(
        content=catalog_text("menu_answered", said, link=reply.jump_url), allowed_mentions=NO_PINGS
    )
    return "answered"


class AnswerMessage(commands.Cog):
    """Registers the message context menu (``ContextMenu``\\ s cannot be declared in a
    cog's body, so it is added to the tree here and removed on unload)."""

    def __init__(self, bot: CrisisBot) -> None:
        self.bot = bot
        self.menu = app_commands.ContextMenu(
            name=embeds.cut(MENU_NAME, 32),
            callback=self.answer,
            type=discord.AppCommandType.message,
        )

    async def cog_load(self) -> None:
        self.bot.tree.add_command(self.menu)

    async def cog_unload(self) -> None:
        self.bot.tree.remove_command(self.menu.name, type=self.menu.type)

    async def answer(self, interaction: Interaction, message: discord.Message) -> None:
        await answer_message(interaction, message)


async def setup(bot: CrisisBot) -> None:
    await bot.add_cog(AnswerMessage(bot))
