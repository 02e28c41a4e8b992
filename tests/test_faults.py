"""Network faults the bot must survive, end to end: the real CrisisBot on the Discord
stand-in, with the gateway dropping, sessions refused, and REST calls answering 429 or
500. Each test asserts what users see: the answer arrives, exactly once (one successful
interaction callback, no duplicate refused with 400), and the next question is
answered as usual. No sleeps and no timing assertions: everything waits on what the
stand-in recorded."""

from __future__ import annotations

import pytest
from helpers.bots import decision_for, engine
from standin import DiscordStandin, Interaction, Request, running_bot

from bot.config import BotConfig
from bot.discord_bot import CrisisBot
from bot.storage import Store

BEGIN = "When did the Japanese embassy hostage crisis begin?"
TUNNELS = "How did the commandos get into the residence?"
OP_IDENTIFY, OP_RESUME = 2, 6
CALLBACK = r"^/interactions/\d+/[^/]+/callback$"
CHANNEL_SEND = r"^/channels/\d+/messages$"


def callbacks(standin: DiscordStandin, interaction: Interaction) -> list[Request]:
    """Every callback the bot made for ``interaction``, in order, faults included."""
    prefix = f"/interactions/{interaction.id}/"
    return standin.requests.find(lambda r: r.path.startswith(prefix) and r.method == "POST")


async def ask(standin: DiscordStandin, question: str = BEGIN, **kwargs) -> Interaction:
    return await standin.dispatch_slash("ask", {"question": question}, **kwargs)


async def assert_answered_once(
    standin: DiscordStandin, interaction: Interaction, title: str = BEGIN, *, timeout: float = 10
) -> None:
    """The asker sees the cited answer, once: one successful callback (any failed
    attempts before it were injected faults), nothing refused as a duplicate, one
    message shown for the interaction."""
    reply = await standin.wait_for_reply(interaction, timeout=timeout)
    assert reply.kind == "callback" and not reply.ephemeral
    assert reply.embeds[0]["title"] == title
    attempts = callbacks(standin, interaction)
    assert [r.status for r in attempts if not r.fault] == [200], attempts
    assert all(r.fault for r in attempts[:-1]), attempts
    assert not any(r.status == 400 for r in attempts), attempts  # no duplicate
    shown = standin.sent.find(lambda s: s.interaction_id == interaction.id)
    assert len(shown) == 1, shown


async def settle(standin: DiscordStandin) -> None:
    """One more question answered: anything the bot still had in flight for earlier
    interactions (a late duplicate, an error reply) would have been sent by now."""
    await assert_answered_once(standin, await ask(standin, "were there tunnels?"), TUNNELS)


def identifies_and_resumes(standin: DiscordStandin, since: int) -> list[int]:
    return [f.op for f in standin.gateway_in.items[since:] if f.op in (OP_IDENTIFY, OP_RESUME)]


# --------------------------------------------------------------------------- gateway


@pytest.mark.parametrize(
    "drop",
    [{"code": 4000}, {"code": 1001}, {"abrupt": True}],
    ids=["closed-4000", "closed-1001-going-away", "connection-cut"],
)
async def test_dropped_gateway_resumes_and_answers(
    standin: DiscordStandin, crisis_bot: CrisisBot, drop: dict
):
    session = standin.sessions()[0].id
    mark = len(standin.gateway_in)
    await standin.drop_gateway(**drop)
    # Asked while the socket is down: Discord replays it on RESUME.
    during = await ask(standin)
    resume = await standin.wait_for_gateway(lambda f: f.op == OP_RESUME, since=mark, timeout=10)
    assert resume.d["session_id"] == session
    await assert_answered_once(standin, during)
    after = await ask(standin, "were there tunnels under the residence")
    await assert_answered_once(standin, after, TUNNELS)
    # Resumed, not re-identified: same session, one RESUME, no IDENTIFY.
    assert identifies_and_resumes(standin, mark) == [OP_RESUME]
    assert [s.id for s in standin.sessions()] == [session]


async def test_refused_resume_identifies_again_and_answers(
    standin: DiscordStandin, crisis_bot: CrisisBot
):
    old_session = standin.sessions()[0].id
    mark, mark_out = len(standin.gateway_in), len(standin.gateway_out)
    standin.invalidate_next_resume = True
    await standin.drop_gateway()
    await standin.wait_for_gateway(lambda f: f.op == OP_IDENTIFY, since=mark, timeout=15)
    # The RESUME was answered with op 9 (not resumable), then a fresh IDENTIFY.
    assert identifies_and_resumes(standin, mark) == [OP_RESUME, OP_IDENTIFY]
    assert standin.gateway_out.find(lambda f: f.op == 9 and f.d is False)
    await standin.wait_ready(since=mark_out, timeout=10)
    (session,) = standin.sessions()
    assert session.id != old_session

    await assert_answered_once(standin, await ask(standin))
    await settle(standin)


async def test_reconnect_request_resumes_and_answers(
    standin: DiscordStandin, crisis_bot: CrisisBot
):
    session = standin.sessions()[0].id
    mark = len(standin.gateway_in)
    await standin.send_reconnect()  # op 7, as Discord sends before moving a session
    await standin.wait_for_gateway(lambda f: f.op == OP_RESUME, since=mark, timeout=10)
    await assert_answered_once(standin, await ask(standin))
    assert identifies_and_resumes(standin, mark) == [OP_RESUME]
    assert [s.id for s in standin.sessions()] == [session]


async def test_silent_gateway_is_detected_and_resumed(standin: DiscordStandin, tmp_path):
    """A zombie connection: the socket stays open but Discord stops acknowledging
    heartbeats. The bot notices, reconnects and resumes."""
    standin.heartbeat_interval_ms = 50
    bot = CrisisBot(
        engine(),
        BotConfig(token=standin.token, cooldown_seconds=0, heartbeat_file=None),
        Store(tmp_path / "crisisbot.sqlite3"),
        guild_ready_timeout=0.05,
        heartbeat_timeout=0.3,
    )
    async with running_bot(bot, standin):
        session = standin.sessions()[0].id
        mark = len(standin.gateway_in)
        standin.ack_heartbeats = False
        await standin.wait_for_gateway(lambda f: f.op == OP_RESUME, since=mark, timeout=10)
        standin.ack_heartbeats = True
        await assert_answered_once(standin, await ask(standin))
        assert OP_IDENTIFY not in identifies_and_resumes(standin, mark)
        assert [s.id for s in standin.sessions()] == [session]


async def test_repeated_drops_still_answer_every_question(
    standin: DiscordStandin, crisis_bot: CrisisBot
):
    asked = []
    for _ in range(3):
        mark = len(standin.gateway_in)
        await standin.drop_gateway()
        asked.append(await ask(standin))
        await standin.wait_for_gateway(lambda f: f.op == OP_RESUME, since=mark, timeout=10)
    for interaction in asked:
        await assert_answered_once(standin, interaction)
    await settle(standin)


# --------------------------------------------------------------------------- REST: 429


async def test_rate_limited_callback_still_answers_once(
    standin: DiscordStandin, crisis_bot: CrisisBot
):
    fault = standin.fail_next(429, path=CALLBACK, retry_after=0.05)  # with Via, as Discord
    interaction = await ask(standin)
    await assert_answered_once(standin, interaction)
    assert len(fault.hits) == 1
    assert [r.status for r in callbacks(standin, interaction)] == [429, 200]
    await settle(standin)


async def test_repeatedly_rate_limited_callback_still_answers_once(
    standin: DiscordStandin, crisis_bot: CrisisBot
):
    standin.fail_next(429, path=CALLBACK, count=3, retry_after=0.02)
    interaction = await ask(standin)
    await assert_answered_once(standin, interaction)
    assert [r.status for r in callbacks(standin, interaction)] == [429, 429, 429, 200]
    await settle(standin)


async def test_global_rate_limit_on_a_callback_still_answers_once(
    standin: DiscordStandin, crisis_bot: CrisisBot
):
    standin.fail_next(429, path=CALLBACK, retry_after=0.05, is_global=True)
    interaction = await ask(standin)
    await assert_answered_once(standin, interaction)
    assert [r.status for r in callbacks(standin, interaction)] == [429, 200]
    await settle(standin)


async def test_rate_limited_channel_reply_to_a_mention_arrives_once(
    standin: DiscordStandin, crisis_bot: CrisisBot
):
    fault = standin.fail_next(429, method="POST", path=CHANNEL_SEND, retry_after=0.05)
    question = await standin.dispatch_message(
        "who took the hostages?", channel="general", mentions_bot=True
    )
    assert await decision_for(crisis_bot, question, timeout=10) == "answered"
    reply = await standin.wait_for_message(lambda s: s.kind == "channel", timeout=10)
    assert reply.embeds[0]["title"] == "Which group seized the ambassador's residence?"
    assert int(reply.message["message_reference"]["message_id"]) == int(question["id"])
    assert len(fault.hits) == 1
    sends = standin.requests.find(lambda r: r.method == "POST" and r.path.endswith("/messages"))
    assert [r.status for r in sends] == [429, 200]
    await settle(standin)
    assert len(standin.sent.find(lambda s: s.kind == "channel")) == 1


async def test_global_rate_limit_on_a_channel_reply_holds_then_answers(
    standin: DiscordStandin, crisis_bot: CrisisBot
):
    standin.fail_next(429, method="POST", path=CHANNEL_SEND, retry_after=0.05, is_global=True)
    first = await standin.dispatch_message("who took the hostages?", mentions_bot=True)
    second = await standin.dispatch_message("were there tunnels?", mentions_bot=True, user="bob")
    assert await decision_for(crisis_bot, first, timeout=10) == "answered"
    assert await decision_for(crisis_bot, second, timeout=10) == "answered"
    await standin.sent.wait_for(
        lambda s: s.kind == "channel" and s.embeds[0]["title"] == TUNNELS, timeout=10
    )
    replies = standin.sent.find(lambda s: s.kind == "channel")
    references = sorted(int(s.message["message_reference"]["message_id"]) for s in replies)
    assert references == sorted([int(first["id"]), int(second["id"])])
    sends = standin.requests.find(lambda r: r.method == "POST" and r.path.endswith("/messages"))
    assert sorted(r.status for r in sends) == [200, 200, 429]


# --------------------------------------------------------------------------- REST: 500


async def test_server_error_on_a_callback_answers_once_and_next_is_unaffected(
    standin: DiscordStandin, crisis_bot: CrisisBot
):
    fault = standin.fail_next(500, path=CALLBACK)
    first = await ask(standin)
    second = await ask(standin, "were there tunnels under the residence", user="bob")
    # The second question is answered while the first waits to retry (discord.py waits
    # a second after a 500): one failed call holds up nobody else.
    second_reply = await standin.wait_for_reply(second, timeout=10)
    first_reply = await standin.wait_for_reply(first, timeout=10)
    assert second_reply.time < first_reply.time
    await assert_answered_once(standin, first)
    await assert_answered_once(standin, second, TUNNELS)
    assert [r.status for r in callbacks(standin, first)] == [500, 200]
    assert [r.status for r in callbacks(standin, second)] == [200]
    assert len(fault.hits) == 1
    await settle(standin)


async def test_server_error_on_a_channel_reply_arrives_once(
    standin: DiscordStandin, crisis_bot: CrisisBot
):
    standin.fail_next(500, method="POST", path=CHANNEL_SEND)
    question = await standin.dispatch_message("who took the hostages?", mentions_bot=True)
    reply = await standin.wait_for_message(lambda s: s.kind == "channel", timeout=10)
    assert int(reply.message["message_reference"]["message_id"]) == int(question["id"])
    sends = standin.requests.find(lambda r: r.method == "POST" and r.path.endswith("/messages"))
    assert [r.status for r in sends] == [500, 200]
    await settle(standin)
    assert len(standin.sent.find(lambda s: s.kind == "channel")) == 1


# --------------------------------------------------------------------------- lost replies


async def test_callback_done_but_its_reply_lost_shows_the_answer_once(
    standin: DiscordStandin, crisis_bot: CrisisBot
):
    """Discord acknowledged the interaction and showed the answer, but answered 500:
    discord.py retries, Discord refuses the duplicate (400); the asker still sees one
    answer and no error message."""
    standin.fail_next(500, path=CALLBACK, after_processing=True)
    interaction = await ask(standin)
    reply = await standin.wait_for_reply(interaction, timeout=10)
    assert reply.embeds[0]["title"] == BEGIN
    await standin.wait_for_request(
        lambda r: r.path.startswith(f"/interactions/{interaction.id}/") and r.status == 400,
        timeout=10,
    )
    await settle(standin)
    assert len(standin.sent.find(lambda s: s.interaction_id == interaction.id)) == 1
    assert [r.status for r in callbacks(standin, interaction)][:2] == [500, 400]


async def test_mention_reply_sent_but_its_reply_lost_is_not_posted_twice(
    standin: DiscordStandin, crisis_bot: CrisisBot
):
    """Discord posted the bot's reply but answered 500; discord.py sends it again. Each
    send carries a random nonce with enforce_nonce (discord.py does this), the same on
    the retry, so Discord returns the message already posted instead of a second copy
    (the stand-in deduplicates as Discord does)."""
    standin.fail_next(500, method="POST", path=CHANNEL_SEND, after_processing=True)
    question = await standin.dispatch_message("who took the hostages?", mentions_bot=True)
    assert await decision_for(crisis_bot, question, timeout=10) == "answered"
    retry = await standin.wait_for_request(
        lambda r: r.method == "POST" and r.path.endswith("/messages") and r.status == 200,
        timeout=10,
    )
    sends = standin.requests.find(lambda r: r.method == "POST" and r.path.endswith("/messages"))
    assert [r.status for r in sends] == [500, 200]
    assert retry.json["enforce_nonce"] and retry.json["nonce"] == sends[0].json["nonce"]
    await settle(standin)
    replies = standin.sent.find(lambda s: s.kind == "channel")
    assert len(replies) == 1, replies
    assert int(replies[0].message["message_reference"]["message_id"]) == int(question["id"])
