"""Commands named as the reader sees them, in whatever language the text is in.

A member whose Discord client is in Spanish sees ``/preguntar``, not ``/ask``, and
must type that; a Spanish text read in an English client must say ``/ask``. So the
name depends on the reader's client (``interaction.locale``), not on the text's
language, and the catalog's texts do not spell command names: they write
``{/ask}`` (a command in running text), ``{plain/ask}`` (where Discord renders no
markdown: footers, titles, labels) and ``{@topic}`` (an option's or a menu's name),
and ``message`` fills them in for the current ``Reader``.

Where a reader sees the default (English) names and the bot knows the command's id
(after syncing), ``{/ask}`` is a clickable mention, ``</ask:123>``. Discord shows a
mention by the name written in it, never the localized one, and a mention written
with a localized name does nothing when clicked (discord-api-docs issues 5518,
5632, 7309), so a reader with localized names gets the name to type, ``/preguntar``.
The command line names its own commands (``crisisbot topics``) and never prints
Discord's syntax.

The reader is a context variable, set once where a member's request comes in (a
command, a button, a message) or a post is made: each request runs in its own
asyncio task, so readers never leak between them, and the ~30 texts that name a
command do not need it threaded through every function that builds a reply.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator, Mapping
from contextvars import ContextVar
from dataclasses import dataclass, field

from ..language import base_code

# Command, group, option and menu names in Spanish (Discord's rule for names:
# lowercase, no spaces; the menu's name is free text). The Discord translator
# registers these (bot/utils/translator.py); the catalog names them here.
SPANISH_NAMES = {
    "ask": "preguntar",
    "fact": "dato",
    "topics": "temas",
    "sources": "fuentes",
    "help": "ayuda",
    "config": "ajustes",
    "answers": "respuestas",
    "cooldown": "espera",
    "modrole": "rolmoderador",
    "show": "ver",
    "language": "idioma",
    "postfact": "publicardato",
    "kb": "conocimiento",
    "reload": "recargar",
    "gaps": "sinrespuesta",
    "question": "pregunta",
    "topic": "tema",
    "page": "pagina",
    "mode": "modo",
    "channel": "canal",
    "seconds": "segundos",
    "role": "rol",
    "time": "hora",
    "stop": "detener",
    "entry_or_topic": "entrada_o_tema",
    "limit": "cantidad",
    "disputes": "desacuerdos",
    "private": "privado",
    "Answer with crisisbot": "Responder con crisisbot",
    "timeline": "cronologia",
    "anniversaries": "aniversarios",
    "when": "cuando",
    "feedback": "informes",
    "stats": "estadisticas",
}

# The languages Discord's commands are localized in, by base language code.
LOCALIZED_NAMES: dict[str, Mapping[str, str]] = {"es": SPANISH_NAMES}

# The command line's own command for a Discord command, where it has one.
CLI_COMMANDS = {
    "ask": "crisisbot ask",
    "help": "crisisbot --help",
    "fact": "crisisbot fact",
    "topics": "crisisbot topics",
    "sources": "crisisbot sources",
    "disputes": "crisisbot disputes",
    "timeline": "crisisbot timeline",
    "kb gaps": "crisisbot gaps",
    "kb stats": "crisisbot stats",
}

_TOKEN = re.compile(r"\{(/|plain/|@)([A-Za-z_ ]+)\}")


@dataclass(frozen=True)
class Reader:
    """How the one reading a text names the bot's commands: the names their client
    shows (empty: the default, English ones), the commands' ids for mentions, or the
    command line's own commands."""

    names: Mapping[str, str] = field(default_factory=dict)
    ids: Mapping[str, int] = field(default_factory=dict)
    cli: bool = False

    def name(self, word: str) -> str:
        """An option's, group's or menu's name as the reader sees it."""
        return self.names.get(word, word)

    def command(self, path: str, *, rich: bool = True) -> str:
        """``path`` ("ask", "kb reload") as the reader types it; ``rich``: in running
        text (code-formatted, or a clickable mention), else bare (footers, labels)."""
        if self.cli:
            shown = CLI_COMMANDS.get(path, f"/{path}")
            return f"`{shown}`" if rich else shown
        words = path.split()
        localized = " ".join(self.name(word) for word in words)
        command_id = self.ids.get(words[0])
        if rich and localized == path and command_id is not None:
            return f"</{path}:{command_id}>"
        return f"`/{localized}`" if rich else f"/{localized}"

    def fill(self, template: str) -> str:
        """``template`` with its ``{/...}``, ``{plain/...}`` and ``{@...}`` filled in."""
        if "{/" not in template and "{plain/" not in template and "{@" not in template:
            return template

        def one(found: re.Match[str]) -> str:
            kind, name = found.groups()
            if kind == "@":
                return self.name(name)
            return self.command(name, rich=kind == "/")

        return _TOKEN.sub(one, template)


DISCORD_DEFAULT = Reader()
COMMAND_LINE = Reader(cli=True)

_reader: ContextVar[Reader] = ContextVar("crisisbot_reader", default=DISCORD_DEFAULT)


def for_locale(
    locale: str | None, *, localized: frozenset[str] | set[str], ids: Mapping[str, int]
) -> Reader:
    """The reader whose Discord client speaks ``locale`` ("es-419", "en-US"), when the
    bot's commands are localized in the languages ``localized`` (``{"es"}``)."""
    code = base_code(locale)
    names = LOCALIZED_NAMES.get(code or "", {}) if code in localized else {}
    return Reader(names=names, ids=ids)


def current_reader() -> Reader:
    return _reader.get()


def read_by(reader: Reader) -> None:
    """From here to the end of the current request (asyncio task), texts name commands
    for ``reader``."""
    _reader.set(reader)


@contextlib.contextmanager
def reading(reader: Reader) -> Iterator[Reader]:
    """Texts name commands for ``reader`` inside the block (the CLI, a scheduled post)."""
    token = _reader.set(reader)
    try:
        yield reader
    finally:
        _reader.reset(token)
