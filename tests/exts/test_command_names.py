"""Commands named as the reader sees them, end to end against the stand-in with the
shipped pack (its commands are localized for es-ES and es-419): a member whose
Discord speaks Spanish is told to type ``/preguntar``, one whose Discord speaks
English gets a clickable ``</ask:id>`` mention (the id Discord gave at sync), whatever
language the text itself is in; footers, which Discord does not render, say the
name plainly; posts nobody asked for name the server's. The command line names its
own commands and never prints Discord's syntax."""

from __future__ import annotations

import pytest
from cli.test_cli import call
from helpers.bots import field, make_bot, shipped
from standin import DiscordStandin, running_bot

from bot.core.catalog import message
from bot.core.catalog.commands import COMMAND_LINE, DISCORD_DEFAULT, Reader, for_locale, reading
from bot.discord_bot import CrisisBot

UNANSWERABLE_ES = "¿quién ganó el mundial de fútbol de 2022?"
UNANSWERABLE_EN = "who won the football world cup in 2022?"


@pytest.fixture
async def bot(standin: DiscordStandin):
    async with running_bot(make_bot(standin, pack_engine=shipped()), standin) as bot:
        yield bot


def mention(standin: DiscordStandin, name: str) -> str:
    """The clickable mention of a synced command, with the id Discord gave it."""
    (synced,) = (c for c in standin.global_commands if c["name"] == name and c.get("type", 1) == 1)
    return f"</{name}:{synced['id']}>"


async def slash(standin: DiscordStandin, name: str, options=None, locale: str = "en-US", **kw):
    return await standin.wait_for_reply(
        await standin.dispatch_slash(name, options or {}, locale=locale, **kw)
    )


async def test_help_names_commands_as_the_members_client_shows_them(
    standin: DiscordStandin, bot: CrisisBot
):
    spanish = field((await slash(standin, "help", locale="es-ES")).embeds[0], "Comandos")
    assert "`/preguntar` `pregunta:`" in spanish and "`/temas` `[tema]`" in spanish
    assert "`/cronologia` `[cuando]`" in spanish and "`/ayuda` este mensaje" in spanish
    assert "Responder con crisisbot" in spanish and "`privado:True`" in spanish
    assert "/ask" not in spanish and "</" not in spanish  # a mention would show "/ask"

    english = field((await slash(standin, "help", locale="en-US")).embeds[0], "Commands")
    assert f"{mention(standin, 'ask')} `question:`" in english
    assert f"{mention(standin, 'timeline')} `[when]`" in english
    assert "Answer with crisisbot" in english and "preguntar" not in english

    moderators = (await slash(standin, "help", locale="es-419")).embeds[0]
    assert "`/conocimiento recargar`" in field(moderators, "Para moderadores")


async def test_the_client_decides_the_names_not_the_texts_language(
    standin: DiscordStandin, bot: CrisisBot
):
    # A Spanish question from an English client: a Spanish text, English commands.
    spanish_text = await slash(standin, "ask", {"question": UNANSWERABLE_ES}, locale="en-US")
    assert spanish_text.content.startswith("Lo siento")
    assert mention(standin, "topics") in spanish_text.content
    assert mention(standin, "help") in spanish_text.content
    # An English question from a Spanish client: an English text, Spanish commands.
    english_text = await slash(standin, "ask", {"question": UNANSWERABLE_EN}, locale="es-419")
    assert english_text.content.startswith("Sorry")
    assert "browse what I know with `/temas`, or see `/ayuda`" in english_text.content
    assert "</" not in english_text.content


async def test_footers_name_commands_plainly(standin: DiscordStandin, bot: CrisisBot):
    """Discord renders no mention or markdown in a footer."""
    spanish = (await slash(standin, "topics", locale="es-ES")).embeds[0]["footer"]["text"]
    assert spanish == "/temas tema:<nombre> muestra sus preguntas · /dato tema:<nombre>: un dato"
    english = (await slash(standin, "topics", locale="en-GB")).embeds[0]["footer"]["text"]
    assert english == "/topics topic:<name> lists its questions · /fact topic:<name>: a fact"
    # The member's client, not the text: a Spanish topic's page for an English client.
    page = await slash(standin, "topics", {"topic": "El rescate"}, locale="en-US")
    assert page.embeds[0]["footer"]["text"] == "Pregunta cualquiera con /ask"
    fact = await slash(standin, "fact", {"topic": "El rescate"}, locale="es-ES")
    assert fact.embeds[0]["footer"]["text"].endswith(
        "/preguntar para saber más, /temas para el resto"
    )


async def test_buttons_name_commands_for_the_one_who_clicks(
    standin: DiscordStandin, bot: CrisisBot
):
    timeline = await slash(standin, "timeline", {"when": "april 1997"}, locale="en-US")
    assert "/timeline [date or month]" in timeline.embeds[0]["footer"]["text"]
    turn = next(b for b in timeline.buttons if ":tl:next:" in b["custom_id"])
    page = await standin.wait_for_reply(
        await standin.dispatch_button(turn["custom_id"], message=timeline, locale="es-ES")
    )
    assert "/cronologia [date or month]" in page.embeds[0]["footer"]["text"]


async def test_a_mention_carries_no_locale_so_the_servers_language_names_them(
    standin: DiscordStandin, bot: CrisisBot
):
    await standin.dispatch_message("", mentions_bot=True)
    english = await standin.wait_for_message(lambda s: s.kind == "channel")
    assert f"See {mention(standin, 'help')} for more." in english.content
    bot.store.settings.update(standin.guild.id, language="es")
    await standin.dispatch_message("", mentions_bot=True)
    spanish = await standin.wait_for_message(
        lambda s: s.kind == "channel" and s.message["id"] != english.message["id"]
    )
    assert spanish.content.endswith("Mira `/ayuda` para más.")


def test_a_reader_without_ids_or_localized_names_gets_plain_slash_names():
    assert (
        DISCORD_DEFAULT.fill("{/ask} · {plain/kb gaps} · {@topic}") == "`/ask` · /kb gaps · topic"
    )
    ids = {"ask": 7}
    assert for_locale("en-US", localized={"es"}, ids=ids).command("ask") == "</ask:7>"
    assert for_locale("es-ES", localized={"es"}, ids=ids).command("ask") == "`/preguntar`"
    # A pack without Spanish registers no Spanish names: an es-ES client sees English.
    assert for_locale("es-ES", localized=set(), ids=ids).command("ask") == "</ask:7>"
    assert Reader(ids=ids).command("ask", rich=False) == "/ask"


def test_the_command_line_names_its_own_commands():
    with reading(COMMAND_LINE):
        said = message("no_match", "es", summary="X")
    assert "`crisisbot topics`" in said and "`crisisbot --help`" in said
    assert "</" not in said


CLI_RUNS = (
    ("ask", UNANSWERABLE_ES),
    ("ask", UNANSWERABLE_EN),
    ("ask", "--lang", "es", "¿Quién fue Néstor Cerpa?"),
    ("topics", "--lang", "es"),
    ("fact", "--lang", "es", "nada"),
    ("timeline", "--lang", "es", "diciembre 1996"),
    ("sources",),
    ("disputes",),
)


@pytest.mark.parametrize("args", CLI_RUNS, ids=lambda a: " ".join(a)[:30])
def test_the_command_line_never_prints_discords_syntax(
    args: tuple[str, ...], capsys: pytest.CaptureFixture[str]
):
    _, out = call(*args)
    printed = out + capsys.readouterr().err
    assert printed.strip()
    for discord_only in ("</", "`/ask`", "/preguntar", "/temas", "/cronologia", "{/", "{@"):
        assert discord_only not in printed
