"""Scoring the matcher against a labelled question file.

A question file is YAML: a list of ``{q: question, expect: entry-id}`` items,
where ``expect: null`` marks a question the pack should not answer
(off-topic). The same function serves ``crisisbot eval`` and the test suite's
accuracy floors.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .engine import Engine
from .matcher import MatchResult


class EvalFileError(Exception):
    pass


@dataclass(frozen=True)
class LabelledQuestion:
    question: str
    expect: str | None
    where: str  # file:line, for reports


@dataclass
class EvalReport:
    total: int = 0
    answerable: int = 0
    off_topic: int = 0
    correct: int = 0  # answerable, answered with the expected entry
    wrong: int = 0  # answered with an entry that was not expected (off-topic included)
    suggested_right: int = 0  # answerable, not answered, expected entry among suggestions
    rejected: int = 0  # off-topic, no_match
    failures: list[tuple[LabelledQuestion, MatchResult]] = field(default_factory=list)

    @property
    def top1(self) -> float:
        return self.correct / self.answerable if self.answerable else 1.0

    @property
    def wrong_rate(self) -> float:
        return self.wrong / self.total if self.total else 0.0

    @property
    def rejection(self) -> float:
        return self.rejected / self.off_topic if self.off_topic else 1.0

    def summary(self) -> str:
        return "\n".join(
            [
                f"questions:            {self.total} ({self.answerable} answerable, "
                f"{self.off_topic} off-topic)",
                f"top-1 accuracy:       {self.top1:.1%} ({self.correct}/{self.answerable})",
                f"right in suggestions: {self.suggested_right} more",
                f"wrong answers:        {self.wrong_rate:.1%} ({self.wrong}/{self.total})",
                f"off-topic rejected:   {self.rejection:.1%} ({self.rejected}/{self.off_topic})",
            ]
        )


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
        for item_node, item in zip(node.value, data, strict=True):
            line = item_node.start_mark.line + 1
            if (
                not isinstance(item, dict)
                or not isinstance(item.get("q"), str)
                or ("expect" not in item)
            ):
                raise EvalFileError(f"{file}:{line}: each item needs q (text) and expect")
            questions.append(LabelledQuestion(item["q"], item["expect"], f"{file}:{line}"))
    return questions


def evaluate(engine: Engine, questions: list[LabelledQuestion]) -> EvalReport:
    report = EvalReport()
    for labelled in questions:
        result = engine.ask(labelled.question)
        report.total += 1
        answered = result.entry.id if result.status == "answered" and result.entry else None
        if labelled.expect is None:
            report.off_topic += 1
            if result.status == "no_match":
                report.rejected += 1
            else:
                report.failures.append((labelled, result))
            if answered:
                report.wrong += 1
            continue
        report.answerable += 1
        if answered == labelled.expect:
            report.correct += 1
            continue
        if answered:
            report.wrong += 1
        elif any(s.entry.id == labelled.expect for s in result.suggestions):
            report.suggested_right += 1
        report.failures.append((labelled, result))
    return report


def describe_failure(labelled: LabelledQuestion, result: MatchResult) -> str:
    got = result.entry.id if result.entry else result.status
    if result.status == "suggest":
        got = "suggest[" + ", ".join(s.entry.id for s in result.suggestions) + "]"
    expected = labelled.expect or "(off-topic)"
    return (
        f"{labelled.where}: {labelled.question!r}: expected {expected}, got {got} "
        f"(score {result.score:.0f}, matched {result.matched!r})"
    )
