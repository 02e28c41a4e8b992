"""The timeline in Spanish on Discord, with the shipped pack (knowledge/es/timeline.yaml):
``/timeline`` for a member whose Discord speaks Spanish (es-419), its page buttons and
"Más" links staying Spanish, the autocomplete in Spanish, English for an English
member on the same server; an anniversary post on a server whose ``/config
language`` is Spanish, found again by its Spanish footer after a crash; and a broken
Spanish timeline refused by ``/kb reload`` while both languages keep showing."""

from __future__ import annotations

from contextlib import asynccontextmanager

import pytest
from helpers.bots import assert_pings_no_one, field, make_bot
from helpers.moderation import Clock, at, channel_posts
from helpers.spanish_pack import shipped_engine as shipped
from standin import DiscordStandin, running_bot

from bot.storage import Store


def button(sent, label):
    [found] = [b for b in sent.buttons if b["label"] == label]
    return found


def event_names(embed) -> list[str]:
    return [f["name"] for f in embed["fields"] if not f["name"].startswith("Fuentes")]


async def timeline(standin, options=None, user="alice", locale="es-419"):
    interaction = await standin.dispatch_slash("timeline", options or {}, user=user, locale=locale)
    return await standin.wait_for_reply(interaction)


async def test_timeline_for_a_spanish_member_in_es_419(standin: DiscordStandin):
    async with running_bot(make_bot(standin, pack_engine=shipped()), standin):
        first = await timeline(standin, {"when": "1997-04"})
        [embed] = first.embeds
        assert embed["title"] == "Cronología: abril de 1997"
        names = event_names(embed)
        assert names[0] == "22 de abril de 1997, 15:23 · Empieza la operación Chavín de Huántar"
        assert (
            names[1]
            == "22 de abril de 1997 · El vocal supremo Carlos Giusti, el único rehén muerto"
        )
        assert (
            "*Nota:* Inicio: 15:23 (sentencia de la Corte Interamericana"
            in (embed["fields"][0]["value"])
        )
        assert field(embed, "Fuentes").startswith("**[1]** [")
        footer = embed["footer"]["text"]
        assert footer.startswith("Página 1 de 2 · 8 hechos · /cronologia [fecha o mes]")
        assert button(first, "Anterior")["disabled"] is True
        following = button(first, "Siguiente")
        assert following["custom_id"].endswith(":1997-04:es")
        assert_pings_no_one(standin, first)

        # "Más" shows the entry in Spanish, to whoever clicks.
        more = button(first, "Más: ¿Cuándo fue la operación de rescate?")
        assert more["custom_id"].endswith(":es")
        shown = await standin.wait_for_reply(
            await standin.dispatch_button(more["custom_id"], message=first, user="bob")
        )
        assert (
            shown.ephemeral and shown.embeds[0]["title"] == "¿Cuándo fue la operación de rescate?"
        )

        # The page turned stays Spanish, whatever the clicker's own Discord language.
        click = await standin.dispatch_button(following["custom_id"], message=first)
        second = await standin.wait_for_reply(click)
        assert second.kind == "edit"
        assert second.embeds[0]["footer"]["text"].startswith("Página 2 de 2 · 8 hechos")
        assert event_names(second.embeds[0])[-1] == (
            "25 de abril de 1997 · La aprobación de Fujimori se dispara tras el rescate"
        )
        assert button(second, "Siguiente")["disabled"] is True

        # An English member on the same server reads it in English.
        english = await timeline(standin, {"when": "1997-04"}, user="bob", locale="en-US")
        assert english.embeds[0]["title"] == "Timeline: April 1997"
        assert event_names(english.embeds[0])[0].endswith("· Operation Chavín de Huántar begins")
        assert button(english, "Next")["custom_id"].endswith(":1997-04")  # as before

        bad = await timeline(standin, {"when": "el martes que viene"})
        assert bad.ephemeral and bad.content.startswith(
            "No puedo leer 'el martes que viene' como fecha o mes; prueba "
        )
        assert '"3 de mayo de 2001"' in bad.content

        empty = await timeline(standin, {"when": "1980"})
        assert empty.ephemeral
        assert empty.content.startswith(
            "No hay hechos en la cronología para 1980. Meses con hechos: junio de 1992, "
            "diciembre de 1996,"
        )

        typed = await standin.dispatch_autocomplete("timeline", "when", "abr", locale="es-419")
        choices = await standin.wait_for_choices(typed)
        assert {"name": "abril de 1997 (8 hechos)", "value": "1997-04"} in choices


@asynccontextmanager
async def spanish_server(standin: DiscordStandin, db, clock: Clock):
    """A bot with the shipped pack on a server whose ``/config language`` is Spanish,
    anniversary posts switched on in #history at 09:00; the tests call ``tick()``."""
    store = Store(db)
    store.settings.update(standin.guild.id, language="es")
    bot = make_bot(standin, store=store, pack_engine=shipped())
    bot.clock, bot.run_scheduler = clock, False
    try:
        async with running_bot(bot, standin):
            yield bot.get_cog("Anniversaries")
    finally:
        store.close()


def switch_on(standin: DiscordStandin, db, day: str) -> None:
    with Store(db) as store:
        history = standin.channel("history").id
        store.anniversaries.switch_on(standin.guild.id, history, "09:00", now=at(day))


async def test_an_anniversary_post_on_a_spanish_server(standin: DiscordStandin, db):
    guild_id = standin.guild.id
    switch_on(standin, db, "2027-04-21")
    async with spanish_server(standin, db, Clock(at("2027-04-22", "09:00"))) as cog:
        assert await cog.tick() == {guild_id: "posted"}
        [post] = channel_posts(standin, "history")
        [embed] = post.embeds
        assert embed["title"] == "Un día como hoy: 22 de abril"
        assert event_names(embed)[0] == (
            "22 de abril de 1997, 15:23 (hace 30 años) · Empieza la operación Chavín de Huántar"
        )
        assert embed["footer"]["text"].startswith(
            "Un día como hoy · 2027-04-22 · Página 1 de 2 · 6 hechos"
        )
        assert_pings_no_one(standin, post)

        # Anyone may page it, privately, still in Spanish.
        following = button(post, "Siguiente")
        click = await standin.dispatch_button(following["custom_id"], message=post, user="bob")
        page = await standin.wait_for_reply(click)
        assert page.ephemeral and page.embeds[0]["title"] == "Cronología: 22 de abril"
        assert page.embeds[0]["footer"]["text"].startswith("Página 2 de 2")


async def test_a_crash_after_a_spanish_post_is_found_by_its_spanish_footer(
    standin: DiscordStandin, db, monkeypatch
):
    guild_id = standin.guild.id
    switch_on(standin, db, "2025-04-21")
    # A day in the past: the stand-in's messages carry the real time.
    clock = Clock(at("2025-04-22", "09:00"))
    async with spanish_server(standin, db, clock) as cog:

        def crash(*args, **kwargs):
            raise KeyboardInterrupt("the process died here")

        with monkeypatch.context() as patch:
            patch.setattr(cog.bot.store.anniversaries, "finish", crash)
            with pytest.raises(KeyboardInterrupt):
                await cog.post_for(guild_id)
    [sent] = channel_posts(standin, "history")
    clock.now = at("2025-04-22", "09:11")  # past the lease
    async with spanish_server(standin, db, clock) as cog:
        assert await cog.tick() == {guild_id: "found"}
    assert channel_posts(standin, "history") == [sent]
    assert sent.embeds[0]["footer"]["text"].startswith("Un día como hoy · 2025-04-22")


async def test_kb_reload_refuses_a_broken_spanish_timeline_and_both_keep_showing(
    standin: DiscordStandin, tmp_path
):
    from helpers.moderation import moderated_bot, run
    from helpers.spanish_pack import TIMELINE_ES, VOLCANOES_ES, volcano_pack

    pack = volcano_pack(tmp_path, VOLCANOES_ES.replace(TIMELINE_ES, ""))
    spanish = pack / "es" / "timeline.yaml"
    spanish.write_text(TIMELINE_ES, encoding="utf-8")
    async with moderated_bot(standin, tmp_path / "db.sqlite3", pack, Clock(at("2026-12-01"))):
        before = await timeline(standin)
        assert event_names(before.embeds[0])[0] == (
            "27 de agosto de 1883 · Las últimas erupciones del Krakatoa"
        )
        spanish.write_text(TIMELINE_ES.replace("title: Las", "title: [Las"), encoding="utf-8")
        refused = await run(standin, "kb reload", user="moderator")
        assert refused.ephemeral and f"{spanish}:4:" in refused.content
        # Nothing changed: the English timeline and the Spanish one still show.
        english = await timeline(standin, locale="en-US")
        assert event_names(english.embeds[0])[0] == "27 August 1883 · Krakatoa's final eruptions"
        still = await timeline(standin)
        assert event_names(still.embeds[0])[0] == event_names(before.embeds[0])[0]


async def test_moderators_set_it_up_in_spanish(standin: DiscordStandin, db):
    from helpers.moderation import run

    async with spanish_server(standin, db, Clock(at("2026-12-16", "12:00"))):
        needs = await run(
            standin, "config anniversaries", {"time": "09:00"}, user="moderator", locale="es-419"
        )
        assert needs.ephemeral and needs.content.startswith("Indica un `canal` donde publicar")
        reply = await run(
            standin,
            "config anniversaries",
            {"channel": "history"},
            user="moderator",
            locale="es-419",
        )
        history = standin.channel("history").id
        next_post = int(at("2026-12-17", "09:00").timestamp())
        assert reply.content == (
            f"Aniversarios: <#{history}> a las 09:00 UTC los días con hechos en la cronología "
            f"(el próximo: <t:{next_post}:f>)."
        )
        show = await run(standin, "config show", user="moderator", locale="es-419")
        assert f"(el próximo: <t:{next_post}:f>)" in field(show.embeds[0], "Aniversarios")
        stop = await run(
            standin, "config anniversaries", {"stop": True}, user="moderator", locale="es-419"
        )
        assert stop.content == "Aniversarios: desactivado."

    synced = {c["name"]: c for c in standin.global_commands}
    command = synced["timeline"]
    assert command["name_localizations"]["es-419"] == "cronologia"
    assert command["description_localizations"]["es-419"].startswith("Los hechos con fecha")
    when = next(o for o in command["options"] if o["name"] == "when")
    assert when["description_localizations"]["es-ES"].startswith("Fecha, mes o año")
