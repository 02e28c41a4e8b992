"""The `crisisbot` command line: the bot's answers without Discord.

Every subcommand takes ``--kb DIR`` to use another knowledge pack (the rest of the
configuration comes from the environment, through ``bot/config.py``). User
mistakes (a missing pack, an empty question, an unreadable file) end with a
one-line message and exit status 2, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from . import cli_timeline, curation
from .config import Config, ConfigError
from .console import add_language_option, fixed_language, run_console
from .core import Engine, Pack, PackError, load_pack, result_to_json, validate_pack
from .core.calibrate import TARGET_OFF_TOPIC, TARGET_WRONG, calibrate, default_embeddings
from .core.catalog.commands import COMMAND_LINE, reading
from .core.evaluation import (
    EvalFileError,
    LabelledQuestion,
    describe_failure,
    evaluate,
    read_questions,
)
from .core.gate import GATE_FILE, merge_language, usable_gate
from .core.language import LANGUAGES
from .core.render import (
    render_disputes,
    render_entry,
    render_result,
    render_sources,
    render_topics,
)

EXAMPLE = 'crisisbot ask "your question"'


class UserError(Exception):
    """A mistake the user can fix: reported in one line, exit status 2."""


def _config(args: argparse.Namespace) -> Config:
    try:
        return Config.from_env(pack=getattr(args, "kb", None))
    except ConfigError as exc:
        raise UserError(str(exc)) from exc


def _engine(args: argparse.Namespace) -> Engine:
    app = _config(args)
    path = app.pack_path
    try:
        pack = load_pack(path, max_file_bytes=app.max_pack_file_bytes)
        return Engine(pack, embeddings=app.embeddings, cache_dir=app.cache_dir)
    except PackError as exc:
        first = exc.problems[0]
        if len(exc.problems) == 1 and first.line == 0:
            raise UserError(f"{first.message}: {first.file} (point --kb at a pack folder)") from exc
        details = "\n".join(str(p) for p in exc.problems)
        raise UserError(
            f"the knowledge pack at {path} has problems "
            f"(run `crisisbot validate {path}`):\n{details}"
        ) from exc


def _n(count: int, one: str, other: str | None = None) -> str:
    """ "1 entry", "2 entries": the validator's summary is for one-entry packs too."""
    return f"{count} {one if count == 1 else other or one + 's'}"


def _print(text: str, out: TextIO) -> None:
    out.write(text + "\n")


# --- subcommands --------------------------------------------------------------


def _valid_text(text: str | bytes) -> str:
    """``text`` as valid Unicode: undecodable bytes become U+FFFD. Python hands over
    bytes it cannot decode from argv (and from stdin under a C/UTF-8 locale) as lone
    surrogates, which would otherwise go straight back out as the raw bytes: JSON
    output a strict decoder rejects."""
    if isinstance(text, str):
        text = text.encode("utf-8", "surrogateescape")
    return text.decode("utf-8", "replace")


def _utf8_output(out: TextIO) -> None:
    """JSON lines are UTF-8 whatever the locale says (an ASCII locale would fail on
    the first accent); anything unencodable is replaced, never raised."""
    reconfigure = getattr(out, "reconfigure", None)
    if reconfigure is not None:
        out.flush()
        reconfigure(encoding="utf-8", errors="replace")


def cmd_ask(args: argparse.Namespace, out: TextIO) -> int:
    question = _valid_text(" ".join(args.question))
    if args.json:
        _utf8_output(out)
    if question == "-":
        engine = _engine(args)
        # Bytes, decoded line by line: one bad byte costs its line a U+FFFD, not the
        # whole run (the text layer raised UnicodeDecodeError for the entire stream).
        stdin = getattr(sys.stdin, "buffer", None)
        lines = stdin if stdin is not None else sys.stdin
        for line in lines:
            _answer_one(engine, _valid_text(line).rstrip("\r\n"), args.json, out, args.lang)
            out.flush()
        return 0
    if not question.strip():
        example = _engine(args).pack.about.example or "your question"
        raise UserError(f'the question is empty; try: crisisbot ask "{example}"')
    return _answer_one(_engine(args), question, args.json, out, args.lang)


def _answer_one(
    engine: Engine, question: str, as_json: bool, out: TextIO, language: str = "auto"
) -> int:
    result = engine.ask(question, language=language)
    if as_json:
        payload = result_to_json(engine, result)
        if not question.strip():
            payload["error"] = "empty question"
        _print(json.dumps(payload, ensure_ascii=False), out)
    else:
        _print(render_result(engine, result), out)
    return 0


def cmd_validate(args: argparse.Namespace, out: TextIO) -> int:
    app = _config(args)
    path = Path(args.dir) if args.dir else app.pack_path
    pack, problems = validate_pack(path, max_file_bytes=app.max_pack_file_bytes)
    if pack is None:
        for problem in problems:
            _print(str(problem), out)
        _print(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} in {path}", sys.stderr)
        return 1
    cited = {c.source for e in pack.entries.values() for c in e.citations}
    _print(
        f"ok: {path}: {_n(len(pack.entries), 'entry', 'entries')} in "
        f"{_n(len(pack.topics()), 'topic')}, {_n(len(pack.sources), 'source')} "
        f"({len(cited)} cited), {_n(len(pack.synonyms), 'synonym term')}, "
        f"{_n(len(pack.timeline), 'timeline event')}"
        + (f", {_n(len(pack.outside), 'outside subject')}" if pack.outside else "")
        + "".join(
            f"; {code}: {_n(len(t.entries), 'entry', 'entries')}, "
            f"{_n(len(t.synonyms), 'synonym term')}"
            + (f", {_n(len(t.timeline), 'timeline event')}" if t.timeline else "")
            + (f", {_n(len(t.outside), 'outside subject')}" if t.outside else "")
            for code, t in pack.translations.items()
        ),
        out,
    )
    return 0


def cmd_topics(args: argparse.Namespace, out: TextIO) -> int:
    engine = _engine(args)
    _print(render_topics(engine, fixed_language(engine, args.lang)), out)
    return 0


def cmd_listing(args: argparse.Namespace, out: TextIO) -> int:
    """`sources`, `disputes`: what the pack holds, rendered by ``args.render``."""
    _print(args.render(_engine(args)), out)
    return 0


def cmd_fact(args: argparse.Namespace, out: TextIO) -> int:
    engine = _engine(args)
    topic = " ".join(args.topic) or None
    language = fixed_language(engine, args.lang, topic or "")
    entry = engine.languages.random_entry(topic, language)
    if entry is None:
        topics = engine.for_language(language).topic_names()
        raise UserError(f"no topic called {topic!r}; topics: {', '.join(topics)}")
    _print(render_entry(engine, entry, language), out)
    return 0


def _labelled_questions(files: Sequence[str], pack: Pack) -> list[LabelledQuestion]:
    """The labelled questions of `files`, every expected entry checked against the pack."""
    questions = []
    for file in files:
        try:
            questions.extend(read_questions(file))
        except EvalFileError as exc:
            raise UserError(str(exc)) from exc
    unknown = sorted({q.expect for q in questions if q.expect and q.expect not in pack.entries})
    if unknown:
        raise UserError(f"the question file expects entries the pack lacks: {', '.join(unknown)}")
    return questions


def cmd_eval(args: argparse.Namespace, out: TextIO) -> int:
    engine = _engine(args)
    questions = _labelled_questions(args.files, engine.pack)
    report = evaluate(engine, questions)
    _print(report.summary(), out)
    if report.failures:
        _print(f"\nfailures ({len(report.failures)}):", out)
        for labelled, result in report.failures:
            _print("  " + describe_failure(labelled, result), out)
    return 0


def cmd_calibrate(args: argparse.Namespace, out: TextIO) -> int:
    app = _config(args)
    path = app.pack_path
    # check_gate=False: the old gate may be outdated
    pack, problems = validate_pack(path, check_gate=False, max_file_bytes=app.max_pack_file_bytes)
    if pack is None:
        details = "\n".join(str(p) for p in problems)
        raise UserError(f"the knowledge pack at {path} has problems:\n{details}")
    code = args.lang or pack.language
    if code != pack.language and code not in pack.translations:
        raise UserError(f"the knowledge pack at {path} has no {code!r} translation")
    questions = _labelled_questions(args.files, pack)
    if sum(q.answerable for q in questions) < 20 or sum(not q.answerable for q in questions) < 5:
        raise UserError("calibrating needs at least 20 answerable and 5 off-topic questions")
    target = Path(args.out) if args.out else path / GATE_FILE
    gate, report = calibrate(
        pack,
        questions,
        target_wrong=args.target_wrong,
        target_off_topic=args.target_off_topic,
        trained_on=", ".join(args.files),
        embeddings=default_embeddings(code == pack.language)
        if args.embeddings is None
        else tuple(args.embeddings),
        language=code,
        cache_dir=app.cache_dir,
    )
    # The other languages' models stay as they were fitted (and, for another
    # language, the main one's).
    gate = merge_language(usable_gate(target), gate, None if code == pack.language else code)
    try:
        gate.save(target)
    except OSError as exc:
        raise UserError(f"cannot write {target}: {exc.strerror or exc}") from exc
    for line in report.values():
        _print(line, out)
    _print(f"wrote {target} (fitted on {len(questions)} questions)", out)
    return 0


def _share(text: str) -> float:
    value = float(text)
    if not 0 < value < 1:
        raise argparse.ArgumentTypeError("a share between 0 and 1, e.g. 0.015")
    return value


def cmd_gaps(args: argparse.Namespace, out: TextIO) -> int:
    """``crisisbot gaps``: the most-asked unanswered questions, for all servers. Opens
    the file read-only: it never creates or migrates a database."""
    if args.variants:
        return cmd_curation(args, out)
    app = _config(args)
    path = Path(args.db) if args.db else app.db_path
    return curation.print_gaps(path, args.limit, out, app, UserError, args.json)


def cmd_curation(args: argparse.Namespace, out: TextIO) -> int:
    """``crisisbot feedback``, ``crisisbot stats`` and ``gaps --variants`` (curation.py)."""
    return curation.run(args, _config(args), out, UserError, lambda: _engine(args).pack)


def cmd_run(args: argparse.Namespace, out: TextIO) -> int:
    from .discord_bot import run_bot  # discord.py loads only for the bot

    return run_bot(_config(args))


def cmd_health(args: argparse.Namespace, out: TextIO) -> int:
    from .discord_bot import check_health

    return check_health(Path(args.file) if args.file else None, max_age=args.max_age)


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def cmd_console(args: argparse.Namespace, out: TextIO) -> int:
    return run_console(_engine(args), args.lang, out)


# --- wiring ---------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--kb",
        metavar="DIR",
        help="knowledge pack folder (default: the shipped pack, or $CRISISBOT_KB)",
    )
    parser = argparse.ArgumentParser(
        prog="crisisbot",
        description="Short, cited answers from a YAML knowledge pack (the shipped one, or "
        "--kb DIR).",
        epilog=f"example: {EXAMPLE}",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    ask = sub.add_parser(
        "ask",
        parents=[common],
        help="answer one question",
        description="Answer a question. Use - to read one question a line from standard input.",
    )
    ask.add_argument("question", nargs="+", help='the question, or "-" for standard input')
    ask.add_argument("--json", action="store_true", help="print one JSON object per question")
    ask.set_defaults(handler=cmd_ask)
    add_language_option(ask)

    validate = sub.add_parser("validate", parents=[common], help="check a knowledge pack")
    validate.add_argument("dir", nargs="?", help="pack folder (default: --kb or the shipped pack)")
    validate.set_defaults(handler=cmd_validate)

    console = sub.add_parser("console", parents=[common], help="ask questions interactively")
    console.set_defaults(handler=cmd_console)
    add_language_option(console)
    topics = sub.add_parser("topics", parents=[common], help="list entries by topic")
    topics.set_defaults(handler=cmd_topics)
    add_language_option(topics)
    for name, render, about in (
        ("sources", render_sources, "list the sources the answers cite"),
        ("disputes", render_disputes, "every point where the sources disagree"),
    ):
        sub.add_parser(name, parents=[common], help=about).set_defaults(
            handler=cmd_listing, render=render
        )
    fact = sub.add_parser("fact", parents=[common], help="a random fact, optionally from a topic")
    fact.add_argument("topic", nargs="*")
    fact.set_defaults(handler=cmd_fact)
    add_language_option(fact)

    evaluation = sub.add_parser(
        "eval", parents=[common], help="score the matcher on labelled questions"
    )
    evaluation.add_argument(
        "files",
        nargs="+",
        metavar="FILE",
        help="YAML list of {q, expect} items, or a folder of them",
    )
    evaluation.set_defaults(handler=cmd_eval)

    calibration = sub.add_parser(
        "calibrate",
        parents=[common],
        help="fit the answer gate to a pack from labelled questions",
        description="Fit the gate that decides between answering, suggesting and staying "
        "silent, from labelled questions (the eval format), and write it into the pack "
        "folder as gate.json (or --out).",
    )
    calibration.add_argument("files", nargs="+", metavar="FILE", help="labelled questions")
    calibration.add_argument(
        "--target-wrong",
        type=_share,
        default=TARGET_WRONG,
        help=(
            "wrong answers allowed, as a share of a channel's questions (80%% answerable; "
            f"default {TARGET_WRONG})"
        ),
    )
    calibration.add_argument(
        "--target-off-topic",
        type=_share,
        default=TARGET_OFF_TOPIC,
        help="off-topic questions that may still get 'did you mean' suggestions "
        f"(default {TARGET_OFF_TOPIC})",
    )
    calibration.add_argument("--out", metavar="PATH", help="where to write the gate")
    calibration.add_argument(
        "--lang",
        choices=LANGUAGES,
        help="fit the model for questions in this language of the pack (default: its main "
        "one); the gate file keeps the other languages' models",
    )
    calibration.add_argument(
        "--embeddings",
        nargs="*",
        choices=("static", "minilm"),
        help="the embedding models to fit a model with, besides words alone "
        "(default: both for the main language, none for another)",
    )
    calibration.set_defaults(handler=cmd_calibrate)

    cli_timeline.add_parser(sub, common)
    gaps = sub.add_parser(
        "gaps",
        help="the most-asked questions the bot could not answer",
        description="Print the unanswered-question log (counts within the retention window), "
        "most asked first. Reads the bot's database without changing it.",
    )
    gaps_db_help = "database file (default: $CRISISBOT_DB, else ./crisisbot.sqlite3)"
    gaps.add_argument("--db", metavar="PATH", help=gaps_db_help)
    gaps.add_argument("--limit", type=_positive_int, default=20, help="how many (default 20)")
    gaps.add_argument("--json", action="store_true", help="print a JSON object")
    gaps.set_defaults(handler=cmd_gaps)
    for curated in curation.add_commands(sub, gaps, gaps_db_help):
        curated.set_defaults(handler=cmd_curation)

    run = sub.add_parser(
        "run",
        parents=[common],
        help="run the Discord bot",
        description="Validate the pack, then run the Discord bot until SIGTERM or Ctrl-C. "
        "Needs DISCORD_TOKEN (or DISCORD_TOKEN_FILE); see the README for the other "
        "environment variables.",
    )
    run.set_defaults(handler=cmd_run)
    health = sub.add_parser(
        "health",
        help="exit 0 if the running bot is connected to Discord (Docker HEALTHCHECK)",
        description="Checks the heartbeat file the running bot touches while connected.",
    )
    health.add_argument(
        "--file", metavar="PATH", help="heartbeat file (default: $CRISISBOT_HEARTBEAT_FILE)"
    )
    health.add_argument(
        "--max-age", type=float, default=60.0, help="seconds since the last beat (default 60)"
    )
    health.set_defaults(handler=cmd_health)
    return parser


def _tolerant_stdio() -> None:
    """Undecodable input becomes U+FFFD and unencodable output a replacement character,
    instead of a UnicodeError that ends the command (the console's input(), or any
    text printed under an ASCII locale)."""
    for stream in (sys.stdin, sys.stdout):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="replace")


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    _tolerant_stdio()
    out = out or sys.stdout
    args = build_parser().parse_args(argv)
    try:
        with reading(COMMAND_LINE):  # texts name crisisbot's commands, not Discord's
            return args.handler(args, out)
    except UserError as exc:
        sys.stderr.write(f"crisisbot: {exc}\n")
        return 2
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
