"""A bot running another pack (tests/packs/volcanoes) never mentions the Lima crisis:
every text that names a subject comes from the pack's ``about`` block. Checked end to
end on the command line and on the Discord stand-in (commands as synced, replies)."""

from __future__ import annotations

import io
import re
import subprocess
import sys
from typing import Any

from helpers.bots import make_bot
from helpers.hostile import texts_of
from helpers.paths import VOLCANOES
from standin import DiscordStandin, running_bot

from bot.cli import main
from bot.core import Engine

CRISIS_WORDS = re.compile(
    r"\b(lima|peru|hostages?|embassy|crisis|mrta|túpac|tupac|1996|1997)\b", re.I
)


def crisis_words(texts: list[str]) -> list[str]:
    return [text for text in texts if CRISIS_WORDS.search(text)]


def strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for item in value.values() for s in strings(item)]
    if isinstance(value, list):
        return [s for item in value for s in strings(item)]
    return []


def test_the_command_line_never_mentions_lima(capsys):
    kb = ["--kb", str(VOLCANOES)]
    outputs = []
    for argv in (
        ["ask", *kb, "When did Vesuvius erupt?"],
        ["ask", *kb, "--json", "what is the capital of Chad"],
        ["ask", *kb, "eruption"],
        ["topics", *kb],
        ["sources", *kb],
        ["fact", *kb],
        ["validate", *kb],
        ["ask", *kb, " "],  # the empty-question hint gives the pack's example
    ):
        out = io.StringIO()
        main(argv, out=out)
        captured = capsys.readouterr()
        outputs += [out.getvalue(), captured.out, captured.err]
    help_text = subprocess.run(
        [sys.executable, "-m", "bot", "--help"], capture_output=True, text=True, check=True
    ).stdout
    assert "When did Vesuvius erupt?" in outputs[-1] + outputs[-2]
    assert crisis_words([*outputs, help_text]) == []


async def test_the_discord_bot_never_mentions_lima(standin: DiscordStandin):
    bot = make_bot(standin, pack_engine=Engine.from_path(VOLCANOES))
    async with running_bot(bot, standin):
        synced = strings(standin.global_commands)
        assert any("volcanoes" in text for text in synced)  # /ask's description
        for name, values in [
            ("ask", {"question": "When did Vesuvius erupt?"}),
            ("ask", {"question": "what is the capital of Chad"}),
            ("ask", {"question": "eruption"}),
            ("fact", {}),
            ("topics", {}),
            ("sources", {}),
            ("help", {}),
            ("config show", {}),
            ("timeline", {}),
            ("timeline", {"when": "nonsense"}),
            ("config anniversaries", {"channel": "history"}),
        ]:
            user = "moderator" if name.startswith("config") else "bob"
            await standin.wait_for_reply(await standin.dispatch_slash(name, values, user=user))
        bare = await standin.dispatch_message("", mentions_bot=True)
        await bot.wait_for("crisisbot_decision", check=lambda m, d: m.id == int(bare["id"]))
        sent = [text for item in standin.sent.items for text in texts_of(item.message)]
        assert len(standin.sent.items) >= 9
        assert any("When did Vesuvius erupt?" in text for text in sent)  # the bare mention
        assert crisis_words(synced) == [] and crisis_words(sent) == []
