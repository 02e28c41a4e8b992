"""The moderators' tools in Spanish, end to end against the stand-in with the shipped
pack: ``/kb feedback`` (the review queue and its buttons), ``/kb stats`` and
``/config anniversaries`` speak the moderator's language, chosen as every command
chooses it: the member's Discord locale (``es-419``, ``en-US``), else the server's
``/config language`` (for a locale the pack has no text for, such as ``pt-BR``)."""

from __future__ import annotations

import pytest
from helpers.bots import assert_pings_no_one, make_bot, shipped
from standin import DiscordStandin, running_bot

from bot.discord_bot import CrisisBot

ENTRY = "people-cerpa"


@pytest.fixture
async def bot(standin: DiscordStandin):
    async with running_bot(make_bot(standin, pack_engine=shipped()), standin) as running:
        yield running


async def run(standin: DiscordStandin, name: str, locale: str, user: str = "moderator"):
    return await standin.wait_for_reply(
        await standin.dispatch_slash(name, user=user, locale=locale)
    )


def file_report(standin: DiscordStandin, bot: CrisisBot) -> None:
    bot.store.feedback.report(standin.guild.id, 1001, ENTRY, "wrong-fact", "la fecha")


async def test_the_review_queue_in_the_moderators_locale(standin, bot):
    file_report(standin, bot)
    spanish_question = shipped().for_language("es").entry(ENTRY).question

    queue = await run(standin, "kb feedback", "es-419")
    assert queue.ephemeral
    embed = queue.embeds[0]
    assert embed["title"] == "Informes por revisar"
    assert "Dato incorrecto" in embed["description"] and spanish_question in embed["description"]
    assert embed["footer"]["text"].startswith("Página 1 de 1 · 1 abierto ·")
    (done,) = queue.buttons
    assert done["label"].startswith("Resuelto #")
    assert_pings_no_one(standin, queue)
    stale = await run(standin, "kb feedback", "es-ES")  # a second moderator's copy

    # The button answers the one who clicks, in their language; a member is refused.
    refused = await standin.wait_for_reply(
        await standin.dispatch_button(
            done["custom_id"], message=queue, user="alice", locale="es-ES"
        )
    )
    assert refused.ephemeral and refused.content.startswith("Lo siento, solo los moderadores")
    emptied = await standin.wait_for_reply(
        await standin.dispatch_button(
            done["custom_id"], message=queue, user="moderator", locale="es-419"
        )
    )
    assert emptied.embeds[0]["description"].startswith("No hay informes abiertos.")
    again = await standin.wait_for_reply(
        await standin.dispatch_button(
            done["custom_id"], message=stale, user="moderator", locale="es-ES"
        )
    )
    assert again.content.startswith("El informe #") and "ya estaba resuelto" in again.content


async def test_the_review_queue_stays_english_for_an_english_moderator(standin, bot):
    file_report(standin, bot)
    bot.store.settings.update(standin.guild.id, language="es")  # the locale comes first
    queue = await run(standin, "kb feedback", "en-US")
    embed = queue.embeds[0]
    assert embed["title"] == "Feedback to review"
    assert "Wrong fact" in embed["description"]
    assert shipped().entry(ENTRY).question in embed["description"]
    assert embed["footer"]["text"].startswith("Page 1 of 1 · 1 open")
    assert queue.buttons[0]["label"].startswith("Done #")


async def test_stats_in_the_moderators_locale(standin, bot):
    asked = await standin.dispatch_slash(
        "ask", {"question": "¿Quién fue Néstor Cerpa?"}, locale="es-ES"
    )
    await standin.wait_for_reply(asked)
    file_report(standin, bot)

    spanish = (await run(standin, "kb stats", "es-419")).embeds[0]
    assert spanish["title"].startswith("Qué se pregunta (últimos ")
    # Singular for one: "1 respuesta dada (1 directa", "1 informe (1 abierto)".
    assert "**1** respuesta dada (1 directa, 0 elegidas" in spanish["description"]
    assert "**1** informe (1 abierto)" in spanish["description"]
    names = [f["name"] for f in spanish["fields"]]
    assert names == [
        "Entradas más consultadas (consultas · elegidas · útiles · informes)",
        # named as an es-419 client shows the command
        "Lo más preguntado sin respuesta (/conocimiento sinrespuesta para ver más)",
    ]
    assert spanish["fields"][1]["value"] == "Todavía no se ha contado nada."

    english = (await run(standin, "kb stats", "en-US")).embeds[0]
    assert english["title"].startswith("What gets asked (last ")
    assert "**1** answer served (1 direct" in english["description"]
    assert english["fields"][1]["value"] == "Nothing counted yet."


async def test_a_server_set_to_spanish_speaks_spanish_to_other_locales(standin, bot):
    """A moderator whose Discord language the pack has no text for (Portuguese) gets
    the server's language, as with /help and /topics."""
    file_report(standin, bot)
    before = (await run(standin, "kb stats", "pt-BR")).embeds[0]
    assert before["title"].startswith("What gets asked")
    bot.store.settings.update(standin.guild.id, language="es")
    queue = (await run(standin, "kb feedback", "pt-BR")).embeds[0]
    assert queue["title"] == "Informes por revisar" and "Dato incorrecto" in queue["description"]
    stats = (await run(standin, "kb stats", "pt-BR")).embeds[0]
    assert stats["title"].startswith("Qué se pregunta")


async def test_anniversary_settings_in_the_moderators_locale(standin, bot):
    async def configure(options, locale="es-419"):
        return await standin.wait_for_reply(
            await standin.dispatch_slash(
                "config anniversaries", options, user="moderator", locale=locale
            )
        )

    needs = await configure({"time": "09:00"})
    assert (
        needs.content == "Indica un `canal` donde publicar (y una `hora`, HH:MM UTC)."
    )  # as a Spanish client names the options
    history = standin.channel("history").id
    reply = await configure({"channel": "history"})
    assert reply.content.startswith(f"Aniversarios: <#{history}> a las 09:00 UTC los días")
    assert_pings_no_one(standin, reply)
    bad = await configure({"time": "25:00"})
    assert bad.content == (  # the typed time inert (Discord shows the escaped ":" as ":")
        "La hora debe tener la forma HH:MM en UTC (de 00:00 a 23:59), no «25\\:00». No se "
        "cambió nada."
    )
    show = await run(standin, "config show", "es-ES")
    (field,) = [f for f in show.embeds[0]["fields"] if f["name"] == "Aniversarios"]
    assert field["value"].startswith(f"<#{history}> a las 09:00 UTC")

    english = await configure({"stop": True}, locale="en-US")
    assert english.content == "Anniversary posts: off."
