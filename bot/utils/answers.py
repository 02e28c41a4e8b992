"""Turning the engine's result into what a member sees: an answer with its sources,
"did you mean" buttons, or a friendly "I don't know", for a slash command and for a
message alike (``/ask``, mentions and answer channels, "Answer with crisisbot").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import discord

from .. import embeds
from ..core import Engine, MatchResult
from ..limits import MAX_QUESTION_CHARS
from ..safe_text import clean_question
from .language import server_language
from .replies import NO_PINGS
from .views import answer_view, outside_view, suggestion_view

if TYPE_CHECKING:
    from ..discord_bot import Interaction


@dataclass(frozen=True)
class Answer:
    """One reply to a question: ``status`` is the engine's ("answered", "suggest",
    "no_match"), the rest what to send."""

    status: str
    content: str | None = None
    embed: discord.Embed | None = None
    view: discord.ui.View | None = None


def ask(
    engine: Engine, question: str, *, hint: str | None = None, default: str | None = None
) -> MatchResult:
    """The engine's result for member text: mentions dropped, cut to the length the
    matcher reads, answered in its language (``hint``: the member's locale;
    ``default``: the server's language; see ``language.py``)."""
    text = clean_question(question[: MAX_QUESTION_CHARS * 2])[:MAX_QUESTION_CHARS]
    return engine.ask(text, hint=hint, default=default)


def ask_for(interaction: Interaction, question: str) -> MatchResult:
    """``ask`` for a member's interaction: their locale the hint, the server's language
    the default."""
    bot = interaction.client
    hint = str(interaction.locale)
    return ask(bot.engine, question, hint=hint, default=server_language(bot, interaction.guild_id))


def answer_for(engine: Engine, result: MatchResult, asker: discord.abc.User) -> Answer:
    if result.status == "answered":
        return Answer(
            "answered", embed=embeds.answer_embed(engine, result), view=answer_view(engine, result)
        )
    if result.status == "suggest" and result.suggestions:
        return Answer(
            "suggest",
            embed=embeds.suggestions_embed(engine, result, asker.display_name),
            view=suggestion_view(result, asker.id),
        )
    return Answer(
        "no_match",
        content=embeds.no_match_text(engine, result.language, result.outside),
        view=outside_view(engine, result),
    )


async def answer_interaction(
    interaction: Interaction, question: str, *, private: bool = False
) -> MatchResult:
    """Answer ``question`` as the response to ``interaction``; returns the match. An
    unanswered question is counted for ``/kb gaps`` and told privately; ``private``:
    the answer and the suggestions too."""
    bot = interaction.client
    result = ask_for(interaction, question)
    bot.answer_counts.answered(interaction.guild_id, interaction.user.id, question, result)
    answer = answer_for(bot.engine, result, interaction.user)
    if answer.status == "no_match":
        bot.log_unanswered(question, interaction.guild_id)  # queued; written behind the reply
        await interaction.response.send_message(
            answer.content,
            ephemeral=True,
            allowed_mentions=NO_PINGS,
            view=answer.view or discord.utils.MISSING,
        )
    else:
        assert answer.embed is not None
        await interaction.response.send_message(
            embed=answer.embed,
            view=answer.view or discord.utils.MISSING,  # MISSING: no components at all
            ephemeral=private,
            allowed_mentions=NO_PINGS,
        )
    return result
