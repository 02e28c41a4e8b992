"""Slash commands in Spanish: names, options, choices and descriptions for Discord's
``es-ES`` and ``es-419`` locales, through discord.py's ``app_commands.Translator``.

Discord shows a member the command names and descriptions of their client's
language, and sends the canonical (English) names back, so the code keeps one name
per command. discord.py translates the strings the commands are declared with, so
the descriptions that name the pack's subject in English ("Ask about ...", set when
an extension loads) are the plain ones in Spanish ("Haz una pregunta").
"""

from __future__ import annotations

import re

import discord
from discord import app_commands

# Command, group and option names come from the catalog, which names the commands in
# its texts as the reader's client shows them.
from ..core.catalog.commands import SPANISH_NAMES

SPANISH_LOCALES = frozenset({discord.Locale.spain_spanish, discord.Locale.latin_american_spanish})

SPANISH_TEXTS = {
    "Ask a question": "Haz una pregunta",
    "Your question": "Tu pregunta",
    "A random cited fact": "Un dato citado al azar",
    "Pick a topic (optional)": "Elige un tema (opcional)",
    "The sources the answers cite": "Las fuentes que citan las respuestas",
    "Page number, if there are several": "Número de página, si hay varias",
    "What I can answer, by topic": "Lo que puedo responder, por tema",
    "Show the questions in one topic": "Mostrar las preguntas de un tema",
    "What this bot does and how to ask it": "Qué hace este bot y cómo preguntarle",
    "Moderators: bot settings": "Moderadores: ajustes del bot",
    "Answer plain questions in a channel": "Responder preguntas sin mención en un canal",
    "on: answer confident questions unmentioned; off: stay silent (mentions too); "
    "default: mentions only": "on: responder sin mención si estoy seguro; off: callar "
    "(también con mención); default: solo mención",
    "Which channel (default: this one)": "Qué canal (por defecto: este)",
    "Seconds between answers for each user": "Segundos entre respuestas para cada usuario",
    "The role that may use moderator commands": "El rol que puede usar los comandos de moderación",
    "Members with this role count as moderators (leave out to clear)": "Los miembros con "
    "este rol cuentan como moderadores (omítelo para quitarlo)",
    "Fact of the day: where and when (UTC)": "Dato del día: dónde y cuándo (UTC)",
    "The channel to post in": "El canal donde publicar",
    "The time of day, HH:MM in UTC (e.g. 09:00)": "La hora del día, HH:MM en UTC (p. ej. 09:00)",
    "True: stop posting the fact of the day": "True: dejar de publicar el dato del día",
    "The current settings": "Los ajustes actuales",
    "The server's language": "El idioma del servidor",
    "Facts of the day and /postfact are posted in it; questions are answered in their own "
    "language": "El dato del día y /publicardato se publican en él; las preguntas se responden "
    "en su propio idioma",
    "Moderators: post a cited fact": "Moderadores: publicar un dato citado",
    "A question (entry) or a topic; a topic posts its next unposted fact": "Una pregunta "
    "(entrada) o un tema; un tema publica su siguiente dato sin publicar",
    "Where to post (default: this channel)": "Dónde publicar (por defecto: este canal)",
    "Moderators: the knowledge pack": "Moderadores: el conjunto de respuestas",
    "Read the knowledge pack again from disk": "Volver a leer el conjunto de respuestas",
    "Most-asked questions I could not answer": "Las preguntas más hechas que no supe responder",
    "Only you see the answer (check a fact before posting it)": "Solo tú ves la respuesta "
    "(para comprobar un dato antes de publicarlo)",
    "'On this day' posts from the timeline: where, when": "Publicar «un día como hoy» de la "
    "cronología: dónde y cuándo",
    "The time of day, HH:MM in UTC (default: the fact of the day's, else 09:00)": "La hora "
    "del día, HH:MM en UTC (por defecto: la del dato del día, si no 09:00)",
    "True: stop the anniversary posts": "True: dejar de publicar los aniversarios",
    "Members' reports on answers, newest first": "Los informes de los miembros sobre las "
    "respuestas, los más recientes primero",
    "Which page (5 reports a page)": "Qué página (5 informes por página)",
    "What gets asked: answers, picks, feedback": "Qué se pregunta: respuestas, elecciones, "
    "informes",
    "Where the sources disagree": "Dónde no coinciden las fuentes",
    "Dated events, each cited: all, or on a date or in a month": "Los hechos con fecha, cada "
    "uno citado: todos, o los de un día o un mes",
    "A date, month or year, e.g. 3 May 2001, May 2001, may, 3 may (default: all)": "Fecha, mes "
    "o año, p. ej. 3 de mayo de 2001, mayo de 2001, mayo, 3 de mayo (por defecto: todo)",
    "True: only you see it": "True: solo tú lo ves",
}

# Descriptions built when the bot starts (a number from the bot's limits, the pack's
# example question): matched whole, the groups carried over.
SPANISH_PATTERNS = (
    (re.compile(r"0 to (\d+)"), r"0 a \1"),
    (re.compile(r"How many \((\d+)-(\d+)\)"), r"Cuántas (\1-\2)"),
    # The example is the pack's, in its main language: the plain text in Spanish.
    (re.compile(r"Your question, e\.g\. .+", re.DOTALL), "Tu pregunta"),
)


def spanish_text(text: str) -> str | None:
    """A description or choice in Spanish, or None if there is none."""
    if text in SPANISH_TEXTS:
        return SPANISH_TEXTS[text]
    for pattern, template in SPANISH_PATTERNS:
        if found := pattern.fullmatch(text):
            return found.expand(template)
    return None


class SpanishTranslator(app_commands.Translator):
    """Spanish for every command string the bot registers (None for others: Discord
    then shows the English)."""

    async def translate(
        self,
        string: app_commands.locale_str,
        locale: discord.Locale,
        context: app_commands.TranslationContextTypes,
    ) -> str | None:
        if locale not in SPANISH_LOCALES:
            return None
        if context.location in (
            app_commands.TranslationContextLocation.command_name,
            app_commands.TranslationContextLocation.group_name,
            app_commands.TranslationContextLocation.parameter_name,
        ):
            return SPANISH_NAMES.get(string.message)
        return spanish_text(string.message)
