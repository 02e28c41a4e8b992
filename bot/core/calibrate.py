"""Fitting the answer gate to a pack from labelled questions (`crisisbot calibrate`).

For each labelled question the engine lists its candidates with their
evidence (engine.py); a candidate is a positive example when it is a right
answer to the question. A logistic regression is fitted to them (gate.py).

The thresholds are chosen from probabilities the model gives questions it
was *not* fitted on (k-fold cross validation): ``answer_at`` is the lowest
threshold at which answered-but-wrong questions stay within
``target_wrong`` of all questions (counted in a channel's mix of answerable and
off-topic questions, not the labelled files'), and ``suggest_at`` the lowest at which no
more than ``target_off_topic`` of the off-topic questions would still get
"did you mean". Fitting and choosing on the same questions would promise a
wrong-answer rate the bot does not keep.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from .engine import Candidate, Engine
from .evaluation import LabelledQuestion
from .gate import MODELS, Gate, Model, any_right, fit_logistic
from .pack import Pack

FOLDS = 5
TARGET_WRONG = 0.03
TARGET_OFF_TOPIC = 0.10
ANSWERABLE_SHARE = 0.8  # of the questions a channel asks (the blind sets' mix)
L2 = 1.0
MIN_EXACT = 100
_GRID = [i / 200 for i in range(10, 199)]


@dataclass(frozen=True)
class _Example:
    rows: list[list[float]]
    labels: list[float]
    outside: list[bool]  # per row: an outside subject's (pack.py), not an entry's
    answerable: bool
    exact: bool  # labelled with an entry id (or off-topic), not a lenient fact check
    language: str = "en"  # the language of the question (the engine that judged it)
    teaches: bool = True  # fits the model; all examples choose the thresholds


def _placeholder_gate(languages: tuple[str, ...] = ()) -> Gate:
    """A gate that is never asked: only candidates' features are wanted while fitting
    (with a model for each of the pack's other `languages` too, so their engines
    rank with the same evidence)."""
    return Gate(
        {
            prefix + name: Model(
                features,
                (0.0,) * len(features),
                (1.0,) * len(features),
                (0.0,) * len(features),
                0.0,
                0.5,
                0.5,
            )
            for name, features in MODELS.items()
            for prefix in ("", *(f"{code}:" for code in languages))
        }
    )


def _examples(
    engine: Engine, features: tuple[str, ...], questions: Sequence[LabelledQuestion]
) -> list[_Example]:
    examples = []
    for labelled in questions:
        # Each question is judged by the engine of its own language.
        judge = engine.for_language(engine.language_of(labelled.question))
        candidates: list[Candidate] = judge.candidates(labelled.question)
        rows = [[c.features[name] for name in features] for c in candidates]
        labels = [
            float(labelled.answerable and labelled.is_right(judge.pack.entries.get(c.entry_id)))
            for c in candidates
        ]
        # An outside subject (pack.py) is no answer: it teaches nothing, and when it
        # is the likeliest the engine neither answers nor suggests (see _outcome).
        outside = [c.entry_id in judge.pack.outside for c in candidates]
        exact = labelled.expect is not None or not labelled.answerable
        # A fact check names no entry, so it teaches the gate only when exactly
        # one candidate holds the fact. None: the pack may lack it or the check
        # want other words, and "all wrong" would teach that on-topic looks
        # off-topic. Several: a lenient check ("1997") passes entries that do
        # not answer the question. It still counts, as `crisisbot eval` counts
        # it, when the thresholds are chosen.
        teaches = exact or sum(labels) == 1
        examples.append(
            _Example(rows, labels, outside, labelled.answerable, exact, judge.language, teaches)
        )
    return examples


def _fit(examples: Sequence[_Example], features: tuple[str, ...]) -> Model:
    teaching = [example for example in examples if example.teaches]
    kept = [
        (row, label)
        for example in teaching
        for row, label, outside in zip(example.rows, example.labels, example.outside, strict=True)
        if not outside
    ]
    rows = [row for row, _ in kept]
    labels = [label for _, label in kept]
    means, scales, weights, bias = fit_logistic(rows, labels, L2)
    return Model(features, tuple(means), tuple(scales), tuple(weights), bias, 0.5, 0.5)


@dataclass(frozen=True)
class _Outcome:
    top: float  # the most probable candidate's probability
    right: bool  # ... and whether it is right
    answerable: bool
    any_right: float  # the chance that one of the best few candidates is right
    exact: bool


def _lowest_threshold(meets_target: Callable[[float], bool]) -> float:
    """The lowest threshold on the grid that meets the target (the highest if none does)."""
    return next((t for t in _GRID if meets_target(t)), _GRID[-1])


def _wrong_rate(outcomes: Sequence[_Outcome], threshold: float) -> float:
    """Wrong answers at this threshold as a share of the questions a channel asks,
    whatever the labelled mix: the training sets hold many more off-topic questions
    than a channel does, and a fact check teaches only some answerable ones (see
    _examples), so each kind is counted at its share of a channel's questions."""
    answerable = [o for o in outcomes if o.answerable]
    off_topic = [o for o in outcomes if not o.answerable]
    wrong = sum(o.top >= threshold and not o.right for o in answerable)
    answered = sum(o.top >= threshold for o in off_topic)
    return ANSWERABLE_SHARE * wrong / (len(answerable) or 1) + (1 - ANSWERABLE_SHARE) * (
        answered / (len(off_topic) or 1)
    )


def _choose_thresholds(
    outcomes: list[_Outcome], target_wrong: float, target_off_topic: float
) -> tuple[float, float]:
    """(answer_at, suggest_at) meeting the targets on held-out probabilities.

    A lenient fact check can fail a right answer worded otherwise, which would
    count as wrong; when there are enough questions labelled with entry ids,
    only they choose the thresholds (all questions still fit the model)."""
    exact = [o for o in outcomes if o.exact]
    if sum(o.answerable for o in exact) >= MIN_EXACT:
        outcomes = exact
    off_topic = sum(not o.answerable for o in outcomes) or 1
    answer_at = _lowest_threshold(lambda t: _wrong_rate(outcomes, t) <= target_wrong)
    suggest_at = _lowest_threshold(
        lambda t: (
            sum(o.any_right >= t and not o.answerable for o in outcomes) / off_topic
            <= target_off_topic
        )
    )
    return answer_at, suggest_at


def default_embeddings(main_language: bool) -> tuple[str, ...]:
    """The embedding models to fit a model with when none are named: both for the
    pack's main language, none for another (the shipped vectors are English; measured
    on Spanish they did not help, see multilingual.py)."""
    return ("static", "minilm") if main_language else ()


def calibrate(
    pack: Pack,
    questions: Sequence[LabelledQuestion],
    *,
    target_wrong: float = TARGET_WRONG,
    target_off_topic: float = TARGET_OFF_TOPIC,
    trained_on: str = "",
    embeddings: tuple[str, ...] = ("static", "minilm"),
    language: str | None = None,
    cache_dir: Path | None = None,
) -> tuple[Gate, dict[str, str]]:
    """A gate fitted to these questions, and a line per model saying what it chose:
    the lexical model always, and one for each kind of `embeddings` that loads here.

    `language`: the models for questions in this language of the pack (default its
    main one). Questions in every language of the pack teach the model, each judged
    by its own language's engine (the evidence means the same in any language, and
    more of it fits a better model); the thresholds are chosen on `language`'s
    questions alone."""
    language = language or pack.language
    models: dict[str, Model] = {}
    report: dict[str, str] = {}
    placeholder = _placeholder_gate(tuple(pack.translations))
    for name, features in MODELS.items():
        if name != "lexical" and name not in embeddings:
            continue
        engine = Engine(
            pack,
            embeddings="off" if name == "lexical" else name,
            cache_dir=cache_dir,
            gate=placeholder,
        )
        if name != "lexical" and (engine.semantic is None or engine.semantic.kind != name):
            report[name] = f"{name}: these embeddings do not load here; not fitted"
            continue
        examples = _examples(engine, features, questions)
        outcomes: list[_Outcome] = []
        for fold in range(FOLDS):
            held = [e for i, e in enumerate(examples) if i % FOLDS == fold]
            model = _fit([e for i, e in enumerate(examples) if i % FOLDS != fold], features)
            for example in held:
                if example.language != language:
                    continue  # it taught the model; the thresholds are this language's
                if not example.rows:
                    outcomes.append(_Outcome(0.0, False, example.answerable, 0.0, example.exact))
                    continue
                scored = sorted(
                    (
                        (model.probability(dict(zip(features, row, strict=True))), label, out)
                        for row, label, out in zip(
                            example.rows, example.labels, example.outside, strict=True
                        )
                    ),
                    reverse=True,
                )
                if scored[0][2]:
                    # The likeliest is a subject the pack does not cover: no answer,
                    # no suggestion, whatever the thresholds (engine._decide).
                    outcomes.append(_Outcome(0.0, False, example.answerable, 0.0, example.exact))
                    continue
                outcomes.append(
                    _Outcome(
                        scored[0][0],
                        scored[0][1] == 1.0,
                        example.answerable,
                        any_right(p for p, _, out in scored if not out),
                        example.exact,
                    )
                )
        answer_at, suggest_at = _choose_thresholds(outcomes, target_wrong, target_off_topic)
        fitted = _fit(examples, features)
        models[name] = Model(
            features,
            fitted.means,
            fitted.scales,
            fitted.weights,
            fitted.bias,
            answer_at,
            suggest_at,
        )
        answerable = sum(o.answerable for o in outcomes) or 1
        right = sum(o.top >= answer_at and o.right for o in outcomes)
        report[name] = (
            f"{name}: answer at p >= {answer_at:.3f}, suggest at p >= {suggest_at:.3f}; "
            f"cross-validated: {right / answerable:.1%} answered right, "
            f"{_wrong_rate(outcomes, answer_at):.1%} wrong (in a mix of "
            f"{ANSWERABLE_SHARE:.0%} answerable)"
        )
    return Gate(models, trained_on), report
