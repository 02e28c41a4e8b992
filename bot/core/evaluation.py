"""Scoring the engine against a labelled question file.

A question file is YAML: a list of items, each a question ``q`` and one label:

- ``expect: entry-id``: the pack's curators know which entry must answer it;
- ``check: [[...], ...]``: the fact a right answer must contain, for question
  sets written by someone who never saw the pack (so they cannot name an
  entry). Every group must match; a group matches when any of its strings is
  in the answer (case and accents aside; a number must stand alone, so "72"
  is not found in "1972");
- ``parts: [check, check, ...]``: a question asking several things; the answer
  is right when it satisfies any one part;
- ``expect: null`` or ``check: null`` (or no label and ``style: offtopic``):
  off-topic, the pack should not answer.

An optional ``style`` (plain, casual, typo, long, fragment, myth, ...) gives a
breakdown by style. The same function serves ``crisisbot eval``, ``crisisbot
calibrate`` and the test suite's accuracy floors.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .engine import Engine
from .pack import Entry
from .result import MatchResult

OFF_TOPIC_STYLE = "offtopic"
Check = tuple[tuple[str, ...], ...]  # groups of alternatives; every group must match


class EvalFileError(Exception):
    pass


@dataclass(frozen=True)
class LabelledQuestion:
    question: str
    expect: str | None
    where: str  # file:line, for reports
    checks: tuple[Check, ...] = ()  # any one of them passing makes an answer right
    style: str | None = None

    @property
    def answerable(self) -> bool:
        return self.expect is not None or bool(self.checks)

    def is_right(self, entry: Entry | None) -> bool:
        if entry is None:
            return False
        if self.expect is not None:
            return entry.id == self.expect
        text = " " + _lenient(" ".join((entry.answer, entry.note or ""))) + " "
        return any(all(_group_found(group, text) for group in check) for check in self.checks)


def _lenient(text: str) -> str:
    """Case, accents and punctuation aside; dots vanish so "U.S." is "US" and "p.m." "pm"."""
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(re.sub(r"[^0-9a-z]+", " ", re.sub(r"[.'’]", "", text)).split())


_TIME_PREFIX = re.compile(r"\d[:h]\d$")  # "3:2", "15h2": minutes cut short


def _group_found(group: tuple[str, ...], text: str) -> bool:
    for alternative in group:
        wanted = _lenient(alternative)
        if not wanted:
            continue
        # Digits must not run on into a longer number ("72" in "1972"), except that a
        # clock time cut short is a prefix ("3:2" is meant to find "3:23 p.m.").
        pattern = re.escape(wanted)
        if wanted[0].isdigit():
            pattern = r"(?<![0-9])" + pattern
        if wanted[-1].isdigit() and not _TIME_PREFIX.search(alternative):
            pattern += r"(?![0-9])"
        if re.search(pattern, text):
            return True
    return False


@dataclass
class Tally:
    answerable: int = 0
    correct: int = 0
    first_right: int = 0  # the answer, or else the first suggestion, is right
    wrong: int = 0

    def line(self, name: str) -> str:
        n = self.answerable or 1
        return (
            f"  {name:<10} {self.answerable:>4}  answered right {self.correct / n:6.1%}  "
            f"right first {self.first_right / n:6.1%}  wrong {self.wrong / n:5.1%}"
        )


@dataclass
class EvalReport:
    total: int = 0
    answerable: int = 0
    off_topic: int = 0
    correct: int = 0  # answerable, answered right
    first_right: int = 0  # answerable, the answer or else the first suggestion is right
    wrong: int = 0  # answered, not right (off-topic included)
    suggested_right: int = 0  # answerable, not answered, a right entry among suggestions
    rejected: int = 0  # off-topic, no_match
    by_style: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    # Questions answered or given suggestions, by the language of the reply.
    languages: Counter[str] = field(default_factory=Counter)
    multilingual: bool = False  # the pack answers in more than one language
    failures: list[tuple[LabelledQuestion, MatchResult]] = field(default_factory=list)

    @property
    def top1(self) -> float:
        return self.correct / self.answerable if self.answerable else 1.0

    @property
    def first_rate(self) -> float:
        return self.first_right / self.answerable if self.answerable else 1.0

    @property
    def wrong_rate(self) -> float:
        return self.wrong / self.total if self.total else 0.0

    @property
    def rejection(self) -> float:
        return self.rejected / self.off_topic if self.off_topic else 1.0

    def summary(self) -> str:
        lines = [
            f"questions:            {self.total} ({self.answerable} answerable, "
            f"{self.off_topic} off-topic)",
            f"top-1 accuracy:       {self.top1:.1%} ({self.correct}/{self.answerable})",
            f"right entry first:    {self.first_rate:.1%} ({self.first_right}/{self.answerable})",
            f"right in suggestions: {self.suggested_right} more",
            f"wrong answers:        {self.wrong_rate:.1%} ({self.wrong}/{self.total})",
            f"off-topic rejected:   {self.rejection:.1%} ({self.rejected}/{self.off_topic})",
        ]
        if self.multilingual:
            replied = sum(self.languages.values())
            lines.append(
                "replied in:           "
                + ", ".join(
                    f"{code} {count / replied:.1%} ({count})"
                    for code, count in self.languages.most_common()
                )
            )
        if len(self.by_style) > 1:
            lines.append("by style:")
            lines += [self.by_style[s].line(s) for s in sorted(self.by_style)]
        return "\n".join(lines)


def _check(value: object) -> Check | None:
    """A check as written, or None if it is not a list of lists of strings."""
    if not isinstance(value, list) or not value:
        return None
    groups = []
    for group in value:
        if isinstance(group, str):
            group = [group]
        if not isinstance(group, list) or not group:
            return None
        if not all(isinstance(a, str | int | float) for a in group):
            return None
        groups.append(tuple(str(a) for a in group))
    return tuple(groups)


def _labelled(item: object, where: str) -> LabelledQuestion:
    if not isinstance(item, dict) or not isinstance(item.get("q"), str):
        raise EvalFileError(f"{where}: each item needs q (text) and expect, check or parts")
    style = item.get("style") if isinstance(item.get("style"), str) else None
    if "expect" in item:
        expect = item["expect"]
        if expect is not None and not isinstance(expect, str):
            raise EvalFileError(f"{where}: expect must be an entry id or null")
        return LabelledQuestion(item["q"], expect, where, style=style)
    if "parts" in item:
        parts = item["parts"] if isinstance(item["parts"], list) else []
        checks = tuple(_check(part) for part in parts)
        if not checks or any(c is None for c in checks):
            raise EvalFileError(f"{where}: parts must be a list of checks (lists of lists)")
        return LabelledQuestion(item["q"], None, where, checks, style)  # type: ignore[arg-type]
    if "check" in item:
        if item["check"] is None:
            return LabelledQuestion(item["q"], None, where, style=style)
        check = _check(item["check"])
        if check is None:
            raise EvalFileError(f"{where}: check must be a list of groups of strings, or null")
        return LabelledQuestion(item["q"], None, where, (check,), style)
    if style == OFF_TOPIC_STYLE:
        return LabelledQuestion(item["q"], None, where, style=style)
    raise EvalFileError(f"{where}: each item needs q (text) and expect, check or parts")


def read_questions(path: str | os.PathLike[str]) -> list[LabelledQuestion]:
    """Questions from a file, or from every .yaml file in a folder."""
    path = Path(path)
    files = sorted(path.glob("*.yaml")) if path.is_dir() else [path]
    questions = []
    for file in files:
        try:
            loader = yaml.SafeLoader(file.read_text(encoding="utf-8"))
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        except OSError as exc:
            raise EvalFileError(f"{file}: cannot read: {exc.strerror or exc}") from exc
        except UnicodeDecodeError as exc:
            raise EvalFileError(
                f"{file}: not UTF-8 text (byte {exc.start}: {exc.reason}); save it as UTF-8"
            ) from exc
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark
            raise EvalFileError(f"{file}:{mark.line + 1 if mark else 1}: {exc.problem}") from exc
        except yaml.YAMLError as exc:  # any other YAML error
            raise EvalFileError(f"{file}:1: not a YAML file: {exc}") from exc
        if data is None:
            continue
        if not isinstance(data, list):
            raise EvalFileError(f"{file}:1: expected a list of {{q, expect}} items")
        assert node is not None  # a document whose data is not None has a node
        for item_node, item in zip(node.value, data, strict=True):
            questions.append(_labelled(item, f"{file}:{item_node.start_mark.line + 1}"))
    return questions


def evaluate(engine: Engine, questions: Sequence[LabelledQuestion]) -> EvalReport:
    report = EvalReport(multilingual=len(engine.languages.codes) > 1)
    for labelled in questions:
        result = engine.ask(labelled.question)
        report.total += 1
        if result.status != "no_match":
            report.languages[result.language] += 1
        answered = result.entry if result.status == "answered" else None
        if not labelled.answerable:
            report.off_topic += 1
            if result.status == "no_match":
                report.rejected += 1
            else:
                report.failures.append((labelled, result))
            if answered:
                report.wrong += 1
            continue
        tally = report.by_style[labelled.style or "-"]
        report.answerable += 1
        tally.answerable += 1
        first = answered or (result.suggestions[0].entry if result.suggestions else None)
        if labelled.is_right(first):
            report.first_right += 1
            tally.first_right += 1
        if labelled.is_right(answered):
            report.correct += 1
            tally.correct += 1
            continue
        if answered:
            report.wrong += 1
            tally.wrong += 1
        elif any(labelled.is_right(s.entry) for s in result.suggestions):
            report.suggested_right += 1
        report.failures.append((labelled, result))
    return report


def describe_failure(labelled: LabelledQuestion, result: MatchResult) -> str:
    got = result.entry.id if result.entry else result.status
    if result.status == "suggest":
        got = "suggest[" + ", ".join(s.entry.id for s in result.suggestions) + "]"
    if labelled.expect:
        expected = labelled.expect
    elif labelled.checks:
        expected = " or ".join(
            " & ".join("|".join(group) for group in check) for check in labelled.checks
        )
    else:
        expected = "(off-topic)"
    return (
        f"{labelled.where}: {labelled.question!r}: expected {expected}, got {got} "
        f"(score {result.score:.0f}, matched {result.matched!r})"
    )
