"""Spanish on Discord, end to end against the stand-in with the shipped pack (it has
knowledge/es/): a Spanish question gets a Spanish cited answer and frame, an English
one stays English whatever the member's locale, the locale decides a bare name, the
server's language (`/config language`) is what facts are posted in, and the
commands are localized for es-ES and es-419."""

from __future__ import annotations

import datetime as dt

import pytest
from helpers.bots import assert_pings_no_one, field, make_bot
from helpers.spanish_pack import shipped_engine as shipped
from standin import DiscordStandin, running_bot

from bot.discord_bot import CrisisBot


@pytest.fixture
async def bilingual_bot(standin: DiscordStandin):
    async with running_bot(make_bot(standin, pack_engine=shipped()), standin) as bot:
        yield bot


async def ask(standin: DiscordStandin, question: str, locale: str = "en-US"):
    interaction = await standin.dispatch_slash("ask", {"question": question}, locale=locale)
    return await standin.wait_for_reply(interaction)


async def test_a_spanish_question_gets_a_spanish_cited_answer(
    standin: DiscordStandin, bilingual_bot: CrisisBot
):
    reply = await ask(standin, "¿Quién fue Néstor Cerpa?")
    (embed,) = reply.embeds
    spanish = shipped().for_language("es").entry("people-cerpa")
    assert spanish is not None and embed["title"] == spanish.question
    assert embed["description"].startswith("**Néstor Cerpa Cartolini**, conocido como")
    sources = field(embed, "Fuentes")
    assert sources.startswith("**[1]** [") and "folha.uol.com.br" in sources
    assert field(embed, "Las fuentes no coinciden")  # a disputed entry's note
    dispute = next(b for b in reply.buttons if b["custom_id"].startswith("crisisbot:dispute:"))
    assert dispute["custom_id"].endswith(":es") and dispute["label"] == "Las fuentes no coinciden"
    shown = await standin.wait_for_reply(
        await standin.dispatch_button(dispute["custom_id"], message=reply)
    )
    assert shown.embeds[0]["title"].startswith("Dónde no coinciden las fuentes")
    assert embed["footer"]["text"].startswith("Confianza de la coincidencia: ")
    assert_pings_no_one(standin, reply)


async def test_an_english_question_stays_english_whatever_the_locale(
    standin: DiscordStandin, bilingual_bot: CrisisBot
):
    reply = await ask(standin, "who was Nestor Cerpa?", locale="es-419")
    (embed,) = reply.embeds
    assert embed["title"] == "Who was Néstor Cerpa Cartolini?"
    assert field(embed, "Sources") and embed["footer"]["text"].startswith("Match confidence")


async def test_the_locale_decides_only_a_question_the_text_cannot(
    standin: DiscordStandin, bilingual_bot: CrisisBot
):
    spanish = await ask(standin, "Cerpa", locale="es-ES")
    assert spanish.embeds[0]["description"].startswith("**Néstor Cerpa Cartolini**, conocido")
    english = await ask(standin, "Cerpa", locale="en-GB")
    assert english.embeds[0]["title"] == "Who was Néstor Cerpa Cartolini?"


async def test_unanswered_and_suggestions_speak_spanish(
    standin: DiscordStandin, bilingual_bot: CrisisBot
):
    reply = await ask(standin, "¿quién ganó el mundial de fútbol de 2022?", locale="es-ES")
    assert reply.ephemeral and reply.content.startswith("Lo siento")
    assert "la crisis de los rehenes" in reply.content  # the Spanish `about`


async def test_help_topics_and_fact_follow_the_members_locale(
    standin: DiscordStandin, bilingual_bot: CrisisBot
):
    help_reply = await standin.wait_for_reply(await standin.dispatch_slash("help", locale="es-419"))
    assert help_reply.embeds[0]["title"].endswith("respuestas con fuentes")
    topics = await standin.wait_for_reply(await standin.dispatch_slash("topics", locale="es-ES"))
    assert "**El rescate**" in topics.embeds[0]["description"]
    fact = await standin.wait_for_reply(
        await standin.dispatch_slash("fact", {"topic": "El rescate"}, locale="en-US")
    )
    assert fact.embeds[0]["footer"]["text"].startswith("Tema: El rescate")
    english = await standin.wait_for_reply(await standin.dispatch_slash("topics"))
    assert "**The rescue**" in english.embeds[0]["description"]


async def test_buttons_keep_the_questions_language(
    standin: DiscordStandin, bilingual_bot: CrisisBot
):
    reply = await ask(standin, "¿cuándo empezó la toma y cómo terminó la crisis?")
    # The buttons that show an entry (suggestions, "also relevant", read next, sources
    # disagree) carry the language; feedback buttons are about the entry, in any.
    leading = ("crisisbot:pick:", "crisisbot:show:", "crisisbot:dispute:")
    buttons = [b for b in reply.buttons if b["custom_id"].startswith(leading)]
    assert buttons and all(b["custom_id"].endswith(":es") for b in buttons)
    also = next(b for b in buttons if b["custom_id"].startswith(leading[:2]))
    click = await standin.dispatch_button(also["custom_id"], message=reply)
    shown = await standin.wait_for_reply(click)
    assert shown.embeds[0]["footer"]["text"].startswith(("También relevante", "Elegida entre"))
    assert shown.embeds[0]["title"].startswith("¿")


async def test_server_language_for_posted_facts(standin: DiscordStandin, bilingual_bot: CrisisBot):
    said = await standin.wait_for_reply(
        await standin.dispatch_slash(
            "config language", {"language": "es"}, user="moderator", locale="es-ES"
        )
    )
    assert said.ephemeral and said.content.startswith("El idioma de este servidor ahora es")
    assert bilingual_bot.store.settings.get(standin.guild.id).language == "es"
    posted = await standin.wait_for_reply(
        await standin.dispatch_slash(
            "postfact", {"entry_or_topic": "people-cerpa"}, user="moderator"
        )
    )
    assert posted.ephemeral and posted.content.startswith("Posted ")  # the moderator's locale
    fact = standin.sent.items[-2]
    assert fact.kind == "channel"
    assert fact.embeds[0]["footer"]["text"].startswith("Dato · Tema: Personas")
    # A bare mention has no locale: the server's language.
    await standin.dispatch_message(f"<@{standin.bot_user.id}>", mentions_bot=True)
    hint = await standin.sent.wait_for(lambda s: "mención" in (s.content or ""), timeout=5)
    assert hint.content.startswith("Hazme una pregunta")
    # Back to English; an unknown language is refused and changes nothing.
    await standin.wait_for_reply(
        await standin.dispatch_slash("config language", {"language": "en"}, user="moderator")
    )
    refused = await standin.wait_for_reply(
        await standin.dispatch_slash("config language", {"language": "fr"}, user="moderator")
    )
    assert "Nothing was changed" in refused.content
    assert bilingual_bot.store.settings.get(standin.guild.id).language is None


async def test_fact_of_the_day_in_the_servers_language(
    standin: DiscordStandin, bilingual_bot: CrisisBot
):
    from helpers.moderation import Clock, fotd

    guild = standin.guild.id
    clock = Clock(dt.datetime(2026, 11, 29, 8, 0, tzinfo=dt.UTC))
    bilingual_bot.clock = clock
    bilingual_bot.store.settings.update(
        guild,
        fotd_channel_id=standin.channel("history").id,
        fotd_time="09:00",
        language="es",
        now=clock.now,
    )
    clock.now = dt.datetime(2026, 11, 29, 9, 0, 30, tzinfo=dt.UTC)
    assert await fotd(bilingual_bot).post_for(guild) == "posted"
    post = standin.sent.items[-1]
    assert post.kind == "channel"
    assert post.embeds[0]["footer"]["text"].startswith("Dato del día · 2026-11-29")


async def test_commands_are_localized_for_spanish_clients(
    standin: DiscordStandin, bilingual_bot: CrisisBot
):
    synced = {c["name"]: c for c in standin.global_commands}
    ask_command = synced["ask"]
    assert ask_command["name_localizations"] == {"es-ES": "preguntar", "es-419": "preguntar"}
    assert ask_command["description_localizations"]["es-419"] == "Haz una pregunta"
    question = ask_command["options"][0]
    assert question["name_localizations"]["es-ES"] == "pregunta"
    config = synced["config"]
    language = next(o for o in config["options"] if o["name"] == "language")
    assert language["name_localizations"]["es-419"] == "idioma"


async def test_a_pack_without_spanish_registers_no_translations(
    standin: DiscordStandin, crisis_bot: CrisisBot
):
    synced = {c["name"]: c for c in standin.global_commands}
    assert not synced["ask"].get("name_localizations")
    reply = await ask(standin, "When did the Japanese embassy hostage crisis begin?", "es-ES")
    assert reply.embeds[0]["footer"]["text"].startswith("Match confidence")


async def test_autocomplete_suggests_in_the_language_being_typed(
    standin: DiscordStandin, bilingual_bot: CrisisBot
):
    typing = await standin.dispatch_autocomplete("ask", "question", "cuando empezo la to")
    choices = await standin.wait_for_choices(typing)
    assert choices and all(c["name"].startswith("¿") for c in choices[:3])
    english = await standin.dispatch_autocomplete("ask", "question", "when did the crisis st")
    assert not (await standin.wait_for_choices(english))[0]["name"].startswith("¿")


async def test_answer_channels_answer_plain_spanish_questions(
    standin: DiscordStandin, bilingual_bot: CrisisBot
):
    from helpers.bots import decision_for

    history = standin.channel("history")
    bilingual_bot.store.settings.set_answer_channel(standin.guild.id, history.id, "on")
    chatter = await standin.dispatch_message("jajaja q buena", channel="history", user="bob")
    assert (await decision_for(bilingual_bot, chatter)).startswith("silent")
    question = await standin.dispatch_message(
        "quien fue nestor cerpa", channel="history", user="bob"
    )
    assert await decision_for(bilingual_bot, question) == "answered"
    reply = standin.sent.items[-1]
    assert reply.embeds[0]["description"].startswith("**Néstor Cerpa Cartolini**, conocido")


async def test_feedback_speaks_the_answers_and_the_members_language(
    standin: DiscordStandin, bilingual_bot: CrisisBot
):
    reply = await ask(standin, "¿Quién fue Néstor Cerpa?", locale="es-ES")
    first_row = [b["label"] for b in reply.message["components"][0]["components"]]
    assert first_row == ["Útil", "Informar de un problema"]
    helpful, report = reply.buttons[:2]
    thanks = await standin.wait_for_reply(
        await standin.dispatch_button(helpful["custom_id"], message=reply, locale="es-ES")
    )
    assert thanks.ephemeral and thanks.content.startswith("¡Gracias!")
    opened = await standin.dispatch_button(report["custom_id"], message=reply, locale="es-ES")
    form = await standin.wait_for_modal(opened)
    assert form["title"] == "Informar de un problema con la respuesta"
    reasons = form["components"][0]["component"]["options"]
    assert [o["label"] for o in reasons][:2] == ["Dato incorrecto", "Fuente rota"]
    submitted = await standin.dispatch_modal_submit(opened, {"reason": ["wrong-fact"]})
    filed = await standin.wait_for_reply(submitted)
    assert filed.content.startswith("¡Gracias por el aviso!")
