"""Hostile members against the bot: thousands of generated inputs through ``/ask``,
mentions, plain channel messages and ``/ask`` autocomplete, against the Discord
stand-in (tests/standin) on 127.0.0.1, with the real discord.py client, the shipped
pack and a SQLite store (so the unanswered log and ``/kb gaps`` are in the path).

Why: the bot shows text back to members, and a member's text rendered by Discord can
become a link, an invite card, formatting or a right-to-left trick. Every message the
bot sends is checked as Discord would read it (tests/helpers/hostile.py): no link to the
hostile host and no invite from member text, no bidi control character, nobody
pinged under Discord's allowed-mentions rules, every field within Discord's limits;
and the bot must raise nothing (no error logged, no failed decision, every input
answered or deliberately ignored).

Inputs are generated from a seed: fragments from tests/helpers/hostile.py (masked links,
invites, spoilers, code fences, bidi overrides, zero-width characters, mentions,
escapes), random Unicode (other scripts, combining marks, full-width forms, emoji),
markdown characters, long runs, and real questions from tests/eval, mixed so that
answers, "did you mean" suggestions and refusals all occur. Some members have
hostile display names too.

    python bench/fuzz_bench.py                 # 10,000 inputs, seed 1
    python bench/fuzz_bench.py --inputs 500    # a quick run (tests/bench/test_fuzz_smoke.py)
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import logging
import random
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))  # the stand-in and the hostile-text checks

import discord  # noqa: E402
from helpers.hostile import HOSTILE, hazards, texts_of  # noqa: E402
from standin import DiscordStandin, running_bot  # noqa: E402
from standin.harness import point_discord_at  # noqa: E402

from bot.config import BotConfig  # noqa: E402
from bot.core import Engine  # noqa: E402
from bot.core.evaluation import read_questions  # noqa: E402
from bot.discord_bot import CrisisBot  # noqa: E402
from bot.storage import Store  # noqa: E402

KINDS = ("ask", "mention", "channel", "autocomplete")
HOSTILE_NAMES = (
    "\u202eevil name",
    "[nitro](https://evil.example/n)",
    "discord.gg/evilcode",
    "@everyone",
    "**bold** ||spoiler||",
)
SCRIPTS = (
    "абвгдежз",
    "مرحبا بالعالم",
    "שלום עולם",
    "日本大使公邸占拠事件",
    "ＦＵＬＬ－ＷＩＤＴＨ ０９：０９",
    "e\u0301\u0302\u0303\u0304\u0305",
    "🙂🇵🇪👨‍👩‍👧",
    "\u200b\u200c\u200d\u2060\ufeff",
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c",
    "\x00\x07\x1b[31m\r\n\t",
)
MARKDOWN = "*_~|`>#-[]()<>:@!\\/."


# ------------------------------------------------------------------ inputs


def generator(seed: int) -> random.Random:
    return random.Random(seed)


def questions_from_eval() -> list[str]:
    return [q.question for q in read_questions(REPO / "tests" / "eval")]


def hostile_text(rng: random.Random, questions: list[str]) -> str:
    """One generated input: a few fragments of different kinds, joined."""
    parts: list[str] = []
    for _ in range(rng.randint(1, 5)):
        pick = rng.random()
        if pick < 0.35:
            parts.append(rng.choice(HOSTILE))
        elif pick < 0.55:
            parts.append(rng.choice(questions))
        elif pick < 0.7:
            script = rng.choice(SCRIPTS)
            parts.append("".join(rng.choice(script) for _ in range(rng.randint(1, 12))))
        elif pick < 0.82:
            parts.append("".join(rng.choice(MARKDOWN) for _ in range(rng.randint(1, 10))))
        elif pick < 0.9:
            parts.append(
                f"[{rng.choice(questions)[:30]}](https://evil.example/{rng.randint(0, 999)})"
            )
        elif pick < 0.95:
            parts.append(chr(rng.randint(0x20, 0x2FFFF)) * rng.randint(1, 50))
        else:
            parts.append(rng.choice(HOSTILE) * rng.randint(20, 80))  # long
    text = rng.choice(["", " ", "\n", "\u202e", "`"]).join(parts)
    # Drop what JSON cannot carry (lone surrogates); Discord would refuse it anyway.
    return text.encode("utf-8", "ignore").decode("utf-8")


# ------------------------------------------------------------------ checks

LIMITS = {"content": 2000, "title": 256, "description": 4096, "footer": 2048}


def limit_problems(message: dict[str, Any]) -> list[str]:
    found = []
    if len(message.get("content") or "") > LIMITS["content"]:
        found.append("content over 2000")
    for embed in message.get("embeds") or []:
        total = 0
        for key in ("title", "description"):
            value = embed.get(key) or ""
            total += len(value)
            if len(value) > LIMITS[key]:
                found.append(f"embed {key} over {LIMITS[key]}")
        fields = embed.get("fields") or []
        if len(fields) > 25:
            found.append("over 25 fields")
        for f in fields:
            total += len(f.get("name") or "") + len(f.get("value") or "")
            if len(f.get("name") or "") > 256 or len(f.get("value") or "") > 1024:
                found.append("field over its limit")
        footer = (embed.get("footer") or {}).get("text") or ""
        total += len(footer)
        if len(footer) > LIMITS["footer"]:
            found.append("footer over 2048")
        if total > 6000:
            found.append("embed over 6000")
    for row in message.get("components") or []:
        for item in row.get("components") or []:
            if len(item.get("label") or "") > 80 or len(item.get("custom_id") or "") > 100:
                found.append("component over its limit")
    return found


def choice_limit_problems(choices: list[dict[str, Any]]) -> list[str]:
    found = []
    if len(choices) > 25:
        found.append("over 25 choices")
    for choice in choices:
        for key in ("name", "value"):
            if not 1 <= len(str(choice.get(key, ""))) <= 100:
                found.append(f"choice {key} length out of 1-100")
    return found


class ErrorLog(logging.Handler):
    """Every record at ERROR or above, or carrying a traceback."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno >= logging.ERROR or record.exc_info:
            self.records.append(record)


@dataclass
class Report:
    inputs: collections.Counter[str] = field(default_factory=collections.Counter)
    outcomes: collections.Counter[str] = field(default_factory=collections.Counter)
    bot_messages: int = 0
    choices_lists: int = 0
    problems: list[str] = field(default_factory=list)  # from member text
    over_limits: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def total(self) -> int:
        return sum(self.inputs.values())

    def table(self) -> str:
        rows = [
            ("hostile inputs", f"{self.total:,}"),
            *((f"  via {kind}", f"{self.inputs[kind]:,}") for kind in KINDS),
            ("bot messages checked", f"{self.bot_messages:,}"),
            ("autocomplete lists checked", f"{self.choices_lists:,}"),
            ("exceptions / errors logged", f"{len(self.errors)}"),
            ("links, invites, pings or bidi from member text", f"{len(self.problems)}"),
            ("replies over Discord's limits", f"{len(self.over_limits)}"),
            ("outcomes", ", ".join(f"{k} {v:,}" for k, v in sorted(self.outcomes.items()))),
            ("wall time", f"{self.seconds:.0f} s"),
        ]
        width = max(len(name) for name, _ in rows)
        return "\n".join(f"{name:<{width}}  {value}" for name, value in rows)


# ------------------------------------------------------------------ the run


async def fuzz(inputs: int, seed: int, concurrency: int = 8) -> Report:
    report = Report()
    errors = ErrorLog()
    logging.getLogger().addHandler(errors)
    loop = asyncio.get_running_loop()
    loop.set_exception_handler(lambda _, context: report.errors.append(str(context)))
    rng = generator(seed)
    questions = questions_from_eval()
    standin = await DiscordStandin().start()
    undo = point_discord_at(standin)
    names = ["alice", "bob"]
    for n, name in enumerate(HOSTILE_NAMES):
        standin.add_user(f"{name} {n}")
        names.append(f"{name} {n}")
    answer_channel = "history"
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as scratch:
        store = Store(Path(scratch) / "fuzz.sqlite3")
        store.settings.update(standin.guild.id, cooldown_seconds=0)
        store.settings.set_answer_channel(
            standin.guild.id, standin.channel(answer_channel).id, "on"
        )
        bot = CrisisBot(
            Engine.from_path(),
            BotConfig(token=standin.token, cooldown_seconds=0, heartbeat_file=None),
            store,
            guild_ready_timeout=0.05,
        )
        bot.run_scheduler = False  # type: ignore[attr-defined]
        try:
            async with running_bot(bot, standin):
                await _drive(bot, standin, rng, questions, names, inputs, concurrency, report)
                gaps = await standin.wait_for_reply(
                    await standin.dispatch_slash("kb gaps", {"limit": 25}, user="moderator")
                )
                report.problems += hazards(texts_of(gaps.message))
                report.over_limits += limit_problems(gaps.message)
            for sent in standin.sent.items:  # everything the bot sent, edits included
                report.bot_messages += 1
                report.problems += hazards(texts_of(sent.message))
                if standin.pinged(sent):
                    report.problems.append(f"pinged {standin.pinged(sent)}")
                report.over_limits += limit_problems(sent.message)
        finally:
            store.close()
            undo()
            await standin.stop()
            logging.getLogger().removeHandler(errors)
    report.seconds = time.perf_counter() - started
    report.errors += [f"{r.levelname} {r.name}: {r.getMessage()}" for r in errors.records]
    return report


async def _drive(
    bot: CrisisBot,
    standin: DiscordStandin,
    rng: random.Random,
    questions: list[str],
    names: list[str],
    inputs: int,
    concurrency: int,
    report: Report,
) -> None:
    plan = [
        (KINDS[n % len(KINDS)], hostile_text(rng, questions), rng.choice(names))
        for n in range(inputs)
    ]
    gate = asyncio.Semaphore(concurrency)

    async def one(kind: str, text: str, user: str) -> None:
        async with gate:
            report.inputs[kind] += 1
            report.outcomes[await _send(bot, standin, kind, text, user, report)] += 1

    await asyncio.gather(*(one(*item) for item in plan))


async def _send(
    bot: CrisisBot, standin: DiscordStandin, kind: str, text: str, user: str, report: Report
) -> str:
    if kind == "autocomplete":
        interaction = await standin.dispatch_autocomplete("ask", "question", text[:6000], user=user)
        choices = await standin.wait_for_choices(interaction, timeout=15)
        report.choices_lists += 1
        shown = [str(c.get(key, "")) for c in choices for key in ("name", "value")]
        report.problems += hazards(shown)
        report.over_limits += choice_limit_problems(choices)
        return "choices"
    if kind == "ask":
        interaction = await standin.dispatch_slash(
            "ask", {"question": text[:6000] or "?"}, user=user
        )
        reply = await standin.wait_for_reply(interaction, timeout=15)
        if reply.embeds and reply.embeds[0].get("title") == "Did you mean…?":
            return "ask: suggested"
        return "ask: answered" if reply.embeds else "ask: no answer"
    mention = kind == "mention"
    channel = "general" if mention else "history"
    message = await standin.dispatch_message(
        text[:4000], user=user, channel=channel, mentions_bot=mention
    )
    message_id = int(message["id"])
    _, decision = await bot.wait_for(
        "crisisbot_decision", check=lambda m, d: m.id == message_id, timeout=15
    )
    if decision == "failed":
        report.errors.append(f"message decision failed for {text[:80]!r}")
    return f"{kind}: {decision.split(':')[0]}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--inputs", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--concurrency", type=int, default=8)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    discord.utils.setup_logging(level=logging.WARNING, root=False)
    report = asyncio.run(fuzz(args.inputs, args.seed, args.concurrency))
    print(report.table())
    for line in (report.problems + report.over_limits + report.errors)[:20]:
        print("  " + line[:300])
    clean = not report.problems and not report.over_limits and not report.errors
    print("overall:", "PASS" if clean else "FAIL")
    return 0 if clean else 1


if __name__ == "__main__":
    raise SystemExit(main())
