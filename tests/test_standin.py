"""The Discord stand-in itself: a real discord.py AutoShardedBot connects, syncs, answers."""

from __future__ import annotations

import discord
import pytest
from discord import app_commands
from discord.ext import commands
from standin import DiscordStandin, running_bot


def make_bot() -> commands.AutoShardedBot:
    bot = commands.AutoShardedBot(
        command_prefix=commands.when_mentioned,
        intents=discord.Intents.default(),
        guild_ready_timeout=0.05,
    )

    @bot.tree.command(description="Say hello")
    @app_commands.describe(name="Who to greet")
    async def hello(interaction: discord.Interaction, name: str) -> None:
        await interaction.response.send_message(
            f"Hello, {name}! (from {interaction.user.name})",
            allowed_mentions=discord.AllowedMentions.none(),
        )

    @hello.autocomplete("name")
    async def _names(interaction: discord.Interaction, current: str):
        return [app_commands.Choice(name=n, value=n) for n in ("Ana", "Alberto") if current in n]

    async def setup_hook() -> None:
        await bot.tree.sync()

    bot.setup_hook = setup_hook
    return bot


async def test_autosharded_bot_connects_syncs_and_answers(standin: DiscordStandin):
    async with running_bot(make_bot(), standin) as bot:
        # Logged in, found its gateway through GET /gateway/bot, identified as shard 0 of 1.
        assert bot.user is not None and bot.user.id == standin.bot_user.id
        assert standin.requests.find(lambda r: r.path == "/gateway/bot")
        identify = await standin.wait_for_gateway(lambda f: f.op == 2)
        assert identify.d["shard"] == [0, 1]
        assert bot.get_guild(standin.guild.id).name == standin.guild.name

        # The command was synced globally, with its option.
        assert [c["name"] for c in standin.global_commands] == ["hello"]

        interaction = await standin.dispatch_slash("hello", {"name": "@everyone"}, user="alice")
        reply = await standin.wait_for_reply(interaction)
        assert reply.content == "Hello, @everyone! (from alice)"
        assert standin.pinged(reply) == set()  # allowed_mentions none

        choices = await standin.wait_for_choices(
            await standin.dispatch_autocomplete("hello", "name", "Al")
        )
        assert choices == [{"name": "Alberto", "value": "Alberto"}]

    # Nothing the bot called was unknown to the stand-in.
    assert not standin.requests.find(lambda r: r.status == 404), list(standin.requests)


async def test_dropped_gateway_resumes_and_replays_missed_events(standin: DiscordStandin):
    async with running_bot(make_bot(), standin):
        mark = len(standin.gateway_in)
        await standin.drop_gateway()
        # Dispatched while the socket is down: delivered on RESUME.
        interaction = await standin.dispatch_slash("hello", {"name": "Ana"})
        resume = await standin.wait_for_gateway(lambda f: f.op == 6, since=mark)
        assert resume.d["session_id"] == standin.sessions()[0].id
        reply = await standin.wait_for_reply(interaction)
        assert reply.content.startswith("Hello, Ana!")


async def test_invalidated_resume_falls_back_to_identify(standin: DiscordStandin):
    async with running_bot(make_bot(), standin):
        mark, mark_out = len(standin.gateway_in), len(standin.gateway_out)
        standin.invalidate_next_resume = True
        await standin.drop_gateway()
        await standin.wait_for_gateway(lambda f: f.op == 2, since=mark, timeout=15)
        await standin.wait_ready(since=mark_out)  # the new session's GUILD_CREATE
        interaction = await standin.dispatch_slash("hello", {"name": "Ana"})
        assert (await standin.wait_for_reply(interaction)).content.startswith("Hello, Ana!")


async def test_rate_limited_callback_is_retried_once(standin: DiscordStandin):
    async with running_bot(make_bot(), standin):
        fault = standin.fail_next(429, path=r"/callback$", retry_after=0.05)
        interaction = await standin.dispatch_slash("hello", {"name": "Ana"})
        await standin.wait_for_reply(interaction)
        assert len(fault.hits) == 1
        callbacks = standin.requests.find(lambda r: r.path.endswith("/callback"))
        assert [r.status for r in callbacks] == [429, 200]
        assert len(standin.sent.find(lambda s: s.interaction_id == interaction.id)) == 1


async def test_server_error_is_retried_and_next_interaction_unaffected(standin: DiscordStandin):
    async with running_bot(make_bot(), standin):
        standin.fail_next(500, path=r"/callback$")
        first = await standin.dispatch_slash("hello", {"name": "Ana"})
        second = await standin.dispatch_slash("hello", {"name": "Alberto"})
        assert (await standin.wait_for_reply(second)).content.startswith("Hello, Alberto!")
        assert (await standin.wait_for_reply(first)).content.startswith("Hello, Ana!")
        statuses = [r.status for r in standin.requests.find(lambda r: r.path.endswith("/callback"))]
        assert sorted(statuses) == [200, 200, 500]


async def test_missing_privileged_intent_closes_with_4014(standin: DiscordStandin):
    standin.message_content_granted = False
    intents = discord.Intents.default()
    intents.message_content = True
    bot = commands.AutoShardedBot(command_prefix="!", intents=intents)
    try:
        await bot.start(standin.token)
    except discord.PrivilegedIntentsRequired:
        pass
    else:
        raise AssertionError("expected PrivilegedIntentsRequired")
    finally:
        await bot.close()


async def test_deferred_responses_followups_and_edits(standin: DiscordStandin):
    bot = make_bot()

    @bot.tree.command(description="Think first")
    async def slow(interaction: discord.Interaction, mode: str) -> None:
        await interaction.response.defer(ephemeral=mode == "private", thinking=True)
        if mode == "edit":
            await interaction.edit_original_response(content="edited in")
        else:
            await interaction.followup.send("followed up")
            await interaction.followup.send("and again")

    async with running_bot(bot, standin):
        for mode in ("edit", "public", "private"):
            interaction = await standin.dispatch_slash("slow", {"mode": mode})
            reply = await standin.wait_for_reply(interaction)
            placeholder = standin.sent.find(lambda s, i=interaction: s.interaction_id == i.id)[0]
            assert placeholder.loading and reply.message["id"] == placeholder.message["id"]
            assert reply.content == ("edited in" if mode == "edit" else "followed up")
            assert reply.ephemeral == (mode == "private")
        second = await standin.wait_for_message(lambda s: s.content == "and again")
        assert second.kind == "followup" and not second.loading


async def test_reconnect_opcode_resumes_the_session(standin: DiscordStandin):
    async with running_bot(make_bot(), standin):
        mark = len(standin.gateway_in)
        await standin.send_reconnect()
        await standin.wait_for_gateway(lambda f: f.op == 6, since=mark)
        interaction = await standin.dispatch_slash("hello", {"name": "Ana"})
        assert (await standin.wait_for_reply(interaction)).content.startswith("Hello, Ana!")
        assert len(standin.sessions()) == 1


async def test_channel_history_lists_what_was_said(standin: DiscordStandin):
    async with running_bot(make_bot(), standin) as bot:
        await standin.dispatch_message("first", channel="history")
        channel = bot.get_channel(standin.channel("history").id)
        sent = await channel.send("from the bot")
        history = [m.content async for m in channel.history(limit=10)]
        # Without the message-content intent Discord blanks other people's text.
        assert history == ["from the bot", ""]
        assert (await channel.fetch_message(sent.id)).content == "from the bot"


class Survey(discord.ui.Modal, title="Survey"):
    pick: discord.ui.Label[discord.ui.Modal] = discord.ui.Label(
        text="Favourite",
        component=discord.ui.Select(
            custom_id="favourite",
            options=[discord.SelectOption(label=n, value=n.lower()) for n in ("Ant", "Bee")],
        ),
    )
    words: discord.ui.Label[discord.ui.Modal] = discord.ui.Label(
        text="Why", component=discord.ui.TextInput(custom_id="why", max_length=20)
    )

    async def on_submit(self, interaction: discord.Interaction) -> None:
        assert isinstance(self.pick.component, discord.ui.Select)
        assert isinstance(self.words.component, discord.ui.TextInput)
        await interaction.response.send_message(
            f"{self.pick.component.values} {self.words.component.value}", ephemeral=True
        )


async def test_modals_are_shown_checked_and_submitted_as_on_discord(standin: DiscordStandin):
    bot = make_bot()

    @bot.tree.command(description="Open a form")
    async def form(interaction: discord.Interaction, bad: bool = False) -> None:
        modal = Survey()
        if bad:
            modal.title = "x" * 46  # Discord allows 45
        try:
            await interaction.response.send_modal(modal)
        except discord.HTTPException as exc:
            await interaction.response.send_message(f"refused {exc.status} {exc.code}")

    async with running_bot(bot, standin):
        opened = await standin.dispatch_slash("form")
        modal = await standin.wait_for_modal(opened)
        assert modal["title"] == "Survey"
        assert [c["type"] for c in modal["components"]] == [18, 18]  # labels
        # discord.py reads the submission (labels around a select and a text input)
        # into its own modal object, as it does Discord's.
        submitted = await standin.dispatch_modal_submit(
            opened, {"favourite": ["bee"], "why": "stripes"}
        )
        assert (await standin.wait_for_reply(submitted)).content == "['bee'] stripes"
        # What a member's client would not send is refused before it is sent.
        for values in ({"favourite": ["wasp"], "why": "x"}, {"favourite": ["ant"]}):
            with pytest.raises(ValueError):
                await standin.dispatch_modal_submit(opened, values)

        refused = await standin.wait_for_reply(await standin.dispatch_slash("form", {"bad": True}))
        assert refused.content == "refused 400 50035"
