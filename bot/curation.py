"""The curators' side of the command line: ``crisisbot gaps`` (questions the bot
could not answer), ``crisisbot feedback`` (members' reports
on answers, every server or one, and marking them done), ``crisisbot stats`` (what
gets asked) and ``crisisbot gaps --variants`` (questions members asked before picking
a suggestion, as YAML to paste into the pack).

They read the bot's database (``CRISISBOT_DB``) read-only, never creating or
migrating it; only ``feedback --done`` writes. What the bot shows moderators in
Discord (``/kb feedback``, ``/kb stats``) comes from the same store methods.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

import yaml

from .config import Config
from .core import Pack
from .core.catalog import message
from .core.text import fold
from .storage import Report, Store, StoreError, Variant

Problem = Callable[[str], Exception]  # the CLI's UserError


def _open(path: Path, app: Config, fail: Problem, *, readonly: bool = True) -> Store:
    try:
        return Store(path, retention_days=app.retention_days, readonly=readonly)
    except StoreError as exc:
        raise fail(str(exc)) from exc


def print_gaps(
    path: Path,
    limit: int,
    out: TextIO,
    app: Config,
    fail: Problem,
    as_json: bool = False,
    now: dt.datetime | None = None,
) -> int:
    """``crisisbot gaps``: the most-asked unanswered questions, for all servers."""
    with _open(path, app, fail) as store:
        gaps = store.unanswered.top_gaps(limit, now=now)
    days = app.retention_days
    if as_json:
        payload: dict[str, Any] = {
            "database": str(path),
            "retention_days": days,
            "gaps": [
                {
                    "question": gap.question,
                    "count": gap.count,
                    "first_seen": gap.first_seen.isoformat(),
                    "last_seen": gap.last_seen.isoformat(),
                }
                for gap in gaps
            ],
        }
        out.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
        return 0
    if not gaps:
        window = message("gaps_window", "en", count=days)  # " in the last day" / "... 2 days"
        out.write(f"No unanswered questions{window} ({path}).\n")
        return 0
    width = max(5, *(len(str(gap.count)) for gap in gaps))
    out.write(f"{'count':>{width}}  first seen  last seen   question\n")
    for gap in gaps:
        out.write(
            f"{gap.count:>{width}}  {gap.first_seen.isoformat()}  {gap.last_seen.isoformat()}  "
            f"{gap.question}\n"
        )
    return 0


def _report_json(report: Report) -> dict[str, Any]:
    return {
        "id": report.id,
        "guild_id": report.guild_id,
        "entry_id": report.entry_id,
        "reason": report.reason,
        "details": report.details,
        "created_at": report.created_at.isoformat(),
        "done_at": report.done_at.isoformat() if report.done_at else None,
    }


def print_feedback(
    path: Path,
    app: Config,
    out: TextIO,
    fail: Problem,
    *,
    guild_id: int | None = None,
    include_done: bool = False,
    limit: int = 50,
    done: int | None = None,
    as_json: bool = False,
) -> int:
    """``crisisbot feedback``: the review queue, newest first; ``done``: mark one."""
    if done is not None:
        with _open(path, app, fail, readonly=False) as store:
            if not store.feedback.mark_done(done, guild_id):
                raise fail(
                    f"no open report #{done}" + (f" in server {guild_id}" if guild_id else "")
                )
        out.write(f"Report #{done} marked done.\n")
        return 0
    with _open(path, app, fail) as store:
        reports = store.feedback.reports(guild_id, include_done=include_done, limit=limit)
        total = store.feedback.count_reports(guild_id, include_done=include_done)
    if as_json:
        payload = {
            "database": str(path),
            "total": total,
            "reports": [_report_json(r) for r in reports],
        }
        out.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
        return 0
    what = "reports" if include_done else "open reports"
    if not reports:
        out.write(f"No {what} ({path}).\n")
        return 0
    shown = f" (showing {len(reports)})" if total > len(reports) else ""
    out.write(f"{total} {what}, newest first{shown}:\n")
    for r in reports:
        state = f"done {r.done_at:%Y-%m-%d}" if r.done_at else "open"
        out.write(
            f"#{r.id}  {r.created_at:%Y-%m-%d %H:%M}  server {r.guild_id}  {r.entry_id}  "
            f"{r.reason_text}  [{state}]\n"
        )
        if r.details:
            out.write(f"      {r.details}\n")
    out.write("Mark one done with: crisisbot feedback --done ID\n")
    return 0


def print_stats(
    path: Path,
    app: Config,
    out: TextIO,
    fail: Problem,
    *,
    guild_id: int | None = None,
    limit: int = 20,
    as_json: bool = False,
    now: dt.datetime | None = None,
) -> int:
    """``crisisbot stats``: per entry, answers served, picks, helpful votes, reports;
    and the unanswered log's total, for one server or all."""
    with _open(path, app, fail) as store:
        counts = store.stats.per_entry(guild_id, now)
        since = store.stats.cutoff(now)
        votes = store.feedback.totals(guild_id, since)
        gaps = store.unanswered.top_gaps(100_000, guild_id=guild_id, now=now)
    rows: list[dict[str, Any]] = []
    for entry_id in set(counts) | set(votes):
        c = counts.get(entry_id, {})
        v = votes.get(entry_id, {})
        rows.append(
            {
                "entry_id": entry_id,
                "served": sum(c.values()),
                "answered": c.get("answer", 0),
                "picked": c.get("pick", 0),
                "shown": c.get("show", 0),
                "helpful": v.get("helpful", 0),
                "reports": v.get("reports", 0),
                "open_reports": v.get("open", 0),
            }
        )
    rows.sort(key=lambda r: (-r["served"], r["entry_id"]))
    unanswered = {"questions": len(gaps), "asked": sum(g.count for g in gaps)}
    if as_json:
        payload = {
            "database": str(path),
            "retention_days": app.retention_days,
            "guild_id": guild_id,
            "entries": rows[:limit],
            "unanswered": unanswered,
        }
        out.write(json.dumps(payload, indent=2) + "\n")
        return 0
    where = f"server {guild_id}" if guild_id is not None else "all servers"
    window = message("gaps_window", "en", count=app.retention_days)
    out.write(f"What gets asked{window}, {where}:\n")

    def counted(key: str, count: int) -> str:  # the catalog's singular or plural, unbolded
        return message(key, "en", count=count).replace("**", "")

    served = sum(r["served"] for r in rows)
    out.write(
        f"  {counted('stats_answers', served)}, "
        f"{counted('stats_picks', sum(r['picked'] for r in rows))}, "
        f"{counted('stats_helpful', sum(r['helpful'] for r in rows))}, "
        f"{counted('stats_reports', sum(r['reports'] for r in rows))}; "
        f"{counted('stats_unanswered', unanswered['asked'])} "
        f"({unanswered['questions']} different)\n"
    )
    if rows:
        width = max(8, *(len(r["entry_id"]) for r in rows[:limit]))
        out.write(f"  {'entry':<{width}}  served  picked  helpful  reports\n")
        for r in rows[:limit]:
            out.write(
                f"  {r['entry_id']:<{width}}  {r['served']:>6}  {r['picked']:>6}  "
                f"{r['helpful']:>7}  {r['reports']:>7}\n"
            )
    return 0


def variants_yaml(pack: Pack, variants: list[Variant]) -> str:
    """Ready-to-paste YAML: ``entry-id:`` and ``- new variant`` lines, entries with the
    most picks first, each entry's variants most frequent first; questions that are
    already one of the entry's phrasings (after the core's folding) are left out, and
    so are entries the pack no longer has."""
    by_entry: dict[str, list[Variant]] = {}
    for variant in variants:
        entry = pack.entries.get(variant.entry_id)
        if entry is None or not variant.key:
            continue
        known = {fold(p) for p in entry.phrasings}
        if variant.key in known or any(v.key == variant.key for v in by_entry.get(entry.id, [])):
            continue
        by_entry.setdefault(entry.id, []).append(variant)
    order = sorted(by_entry, key=lambda e: (-sum(v.count for v in by_entry[e]), e))
    lines = []
    for entry_id in order:
        question = " ".join(pack.entries[entry_id].question.split())
        lines.append(f"{entry_id}:  # {question}")
        for variant in by_entry[entry_id]:
            item = yaml.safe_dump([variant.question], allow_unicode=True, width=10_000).strip()
            lines.append(f"  {item}  # picked {variant.count}x")
    return "\n".join(lines)


def print_variants(
    path: Path,
    app: Config,
    pack: Pack,
    out: TextIO,
    fail: Problem,
    *,
    guild_id: int | None = None,
    now: dt.datetime | None = None,
) -> int:
    """``crisisbot gaps --variants``."""
    with _open(path, app, fail) as store:
        variants = store.stats.variants(guild_id, now)
    text = variants_yaml(pack, variants)
    if not text:
        out.write(f"# No new variants from members in the last {app.retention_days} days.\n")
        return 0
    out.write(
        "# Questions members asked before picking a suggestion "
        f"(last {app.retention_days} days). Review each; paste the good ones under the\n"
        "# entry's `variants:` in the pack, then run `crisisbot validate`.\n"
    )
    out.write(text + "\n")
    return 0


def add_commands(
    sub: Any, gaps: argparse.ArgumentParser, db_help: str
) -> tuple[argparse.ArgumentParser, argparse.ArgumentParser]:
    """``feedback`` and ``stats`` (returned: the CLI sets their handler, which calls
    ``run``), and ``--variants``, ``--guild`` and ``--kb`` on ``gaps``."""
    gaps.add_argument(
        "--variants",
        action="store_true",
        help="print the questions members asked before picking a suggestion, as YAML "
        "to paste into the pack",
    )
    gaps.add_argument("--guild", type=int, metavar="ID", help="one server only (--variants)")
    gaps.add_argument("--kb", metavar="DIR", help="the pack the variants are for (--variants)")
    feedback = sub.add_parser(
        "feedback",
        help="members' reports on answers (the review queue)",
        description="Members' reports on answers, newest first (open ones unless --all), "
        "for every server or one. Reads the bot's database without changing it, except "
        "--done.",
    )
    feedback.add_argument("--db", metavar="PATH", help=db_help)
    feedback.add_argument("--guild", type=int, metavar="ID", help="one server only")
    feedback.add_argument("--all", action="store_true", help="done reports too")
    feedback.add_argument("--limit", type=int, default=50, help="how many (default 50)")
    feedback.add_argument("--done", type=int, metavar="ID", help="mark report ID done")
    feedback.add_argument("--json", action="store_true", help="print a JSON object")
    feedback.set_defaults(curation="feedback")
    stats = sub.add_parser(
        "stats",
        help="what gets asked: answers per entry, picks, feedback, unanswered",
        description="Answers served per entry, suggestions picked, helpful votes and "
        "reports, and the unanswered log, in the retention window, for every server or "
        "one. Reads the bot's database without changing it.",
    )
    stats.add_argument("--db", metavar="PATH", help=db_help)
    stats.add_argument("--guild", type=int, metavar="ID", help="one server only")
    stats.add_argument("--limit", type=int, default=20, help="entries shown (default 20)")
    stats.add_argument("--json", action="store_true", help="print a JSON object")
    stats.set_defaults(curation="stats")
    return feedback, stats


def run(
    args: argparse.Namespace,
    app: Config,
    out: TextIO,
    fail: Problem,
    load: Callable[[], Pack],
) -> int:
    """Run ``feedback``, ``stats`` or ``gaps --variants`` for the parsed ``args``."""
    path = Path(args.db) if args.db else app.db_path
    guild = args.guild
    if getattr(args, "curation", None) == "feedback":
        return print_feedback(
            path,
            app,
            out,
            fail,
            guild_id=guild,
            include_done=args.all,
            limit=args.limit,
            done=args.done,
            as_json=args.json,
        )
    if getattr(args, "curation", None) == "stats":
        return print_stats(
            path, app, out, fail, guild_id=guild, limit=args.limit, as_json=args.json
        )
    return print_variants(path, app, load(), out, fail, guild_id=guild)
