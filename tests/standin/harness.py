"""Run a discord.py client against the stand-in for the length of a test."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import TypeVar

import discord
import yarl

from .server import DiscordStandin

ClientT = TypeVar("ClientT", bound=discord.Client)


def point_discord_at(standin: DiscordStandin, monkeypatch=None) -> Callable[[], None]:
    """Make discord.py talk to the stand-in: REST base (also used for webhooks and
    interaction callbacks) and the default gateway (AutoShardedClient asks
    GET /gateway/bot instead, which the stand-in answers with its own URL).

    With pytest's ``monkeypatch`` the change is undone after the test; without it (a
    benchmark script), call the returned function to undo it."""
    targets = [
        (discord.http.Route, "BASE", standin.api_base),
        (discord.gateway.DiscordWebSocket, "DEFAULT_GATEWAY", yarl.URL(standin.gateway_url)),
    ]
    if monkeypatch is not None:
        for owner, name, value in targets:
            monkeypatch.setattr(owner, name, value)
        return lambda: None
    saved = [(owner, name, getattr(owner, name)) for owner, name, _ in targets]
    for owner, name, value in targets:
        setattr(owner, name, value)

    def undo() -> None:
        for owner, name, value in saved:
            setattr(owner, name, value)

    return undo


async def _alongside(task: asyncio.Task, step: Awaitable, timeout: float, what: str) -> None:
    """Await ``step`` unless the bot's task ends first (then raise its error)."""
    step_task = asyncio.ensure_future(step)
    done, _ = await asyncio.wait(
        {task, step_task}, timeout=timeout, return_when=asyncio.FIRST_COMPLETED
    )
    if step_task in done:
        step_task.result()
        return
    step_task.cancel()
    if task in done:
        task.result()  # raises the bot's error, if any
        raise AssertionError(f"the bot stopped before {what}")
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


@contextlib.asynccontextmanager
async def running_bot(
    client: ClientT, standin: DiscordStandin, *, timeout: float = 10.0
) -> AsyncIterator[ClientT]:
    """Start ``client`` against ``standin``; yield once it is ready; close it afterwards.

    Give the client a short ``guild_ready_timeout`` (e.g. 0.05): discord.py waits that
    long after the last GUILD_CREATE before it dispatches ``on_ready``.
    """

    # discord.py waits 5 s before every IDENTIFY but the first (Discord's identify rate
    # limit); the stand-in has no such limit, so re-identify tests need not wait.
    async def no_identify_delay(shard_id: int | None, *, initial: bool = False) -> None:
        return None

    client.before_identify_hook = no_identify_delay  # type: ignore[method-assign]
    task = asyncio.create_task(client.start(standin.token), name="bot under test")
    try:
        await _alongside(task, standin.wait_ready(timeout=timeout), timeout, "the gateway")
        await _alongside(task, client.wait_until_ready(), timeout, "on_ready")
        yield client
    finally:
        await client.close()
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.wait_for(task, timeout)
