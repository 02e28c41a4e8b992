"""The interactive prompt (`crisisbot console`), and how the command line picks the
language of a fact or a topic list when no question names it."""

from __future__ import annotations

import argparse
import sys
from typing import Any, TextIO

from .core import Engine
from .core.catalog import message
from .core.language import LANGUAGES
from .core.render import render_entry, render_result, render_sources, render_topics


def add_language_option(parser: argparse.ArgumentParser) -> None:
    """`--lang` for `ask`, `console`, `fact` and `topics`."""
    parser.add_argument(
        "--lang",
        choices=("auto", *LANGUAGES),
        default="auto",
        help="answer in this language; auto (the default): the question's own "
        "(the pack's main language when there is no question)",
    )


def fixed_language(engine: Engine, language: str, text: str = "") -> str:
    """The language asked for; "auto": that of `text` (a topic name), else the main one."""
    return engine.language_of(text, language) if text or language != "auto" else engine.language


CONSOLE_HELP = """Ask a question in plain words, or:
  /topics          what I know, by topic
  /fact [topic]    a random fact
  /sources         the sources the answers cite
  1, 2, 3          pick a "did you mean" suggestion, or an "also relevant" entry
  /quit            leave (or Ctrl-D)"""


def run_console(engine: Engine, lang: str, out: TextIO) -> int:
    """Questions and commands from standard input until /quit or end of input; `lang`:
    "auto" or a language to answer in (the --lang option)."""
    interactive = sys.stdin.isatty()
    if interactive:
        _print(
            f"crisisbot: {len(engine.pack.entries)} answers loaded. Type /help for commands.", out
        )
    suggestions: list[Any] = []
    # /topics and /fact follow the language of the last question (or --lang).
    language = fixed_language(engine, lang)
    while True:
        try:
            line = input("crisisbot> " if interactive else "")
        except (EOFError, KeyboardInterrupt):
            _print("", out)
            return 0
        line = line.strip()
        if not line:
            continue
        if line in ("/quit", "/exit", "quit", "exit"):
            return 0
        if line == "/help":
            _print(CONSOLE_HELP, out)
        elif line == "/topics":
            _print(render_topics(engine, language), out)
        elif line == "/sources":
            _print(render_sources(engine), out)
        elif line.split()[0] == "/fact":
            topic = line[len("/fact") :].strip() or None
            entry = engine.languages.random_entry(topic, language)
            topics = ", ".join(engine.for_language(language).topic_names())
            _print(
                render_entry(engine, entry, language)
                if entry
                else message("no_topic", language, topic=topic, topics=topics),
                out,
            )
        elif line.isdigit() and 1 <= int(line) <= len(suggestions):
            _print(render_entry(engine, suggestions[int(line) - 1].entry, language), out)
        else:
            result = engine.ask(line, language=lang)
            language = result.language
            # Numbers pick a "did you mean", or one of the "also relevant" entries.
            suggestions = list(result.suggestions if result.status == "suggest" else result.also)
            _print(render_result(engine, result), out)
        _print("", out)


def _print(text: str, out: TextIO) -> None:
    out.write(text + "\n")
