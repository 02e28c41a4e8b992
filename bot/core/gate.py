"""The answer gate: how likely is this candidate entry to be the right answer?

Two rankers give each candidate entry evidence: the word matcher (score,
recall, precision, its lead over the next entry) and, when the embedding model
is loaded, sentence similarity (cosine to the best phrasing and to the answer,
its lead). Hand-set thresholds on one ranker's score cannot weigh these
against each other; a logistic regression fitted on labelled questions can,
and it turns them into one number with a meaning: the probability that the
candidate is right. The engine ranks candidates by it and answers when the
best reaches ``answer_at``; otherwise it suggests the best few when the chance
that one of them is right reaches ``suggest_at``.

Both thresholds are chosen from held-out probabilities (k-fold cross
validation over the labelled questions) for a target rate of wrong answers
and of off-topic questions that still get suggestions, so what the gate
promises is measured, not hoped for. ``crisisbot calibrate`` fits a gate for
any pack from its own labelled questions and writes it as ``gate.json`` into
the pack folder; a pack without one uses the gate shipped with the engine.

A gate holds a model per kind of evidence: ``lexical`` (words only, for when
no embedding model can load or the pack is too large to embed), ``static``
(words and the static embeddings, the default) and ``minilm`` (words and the
transformer).
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

GATE_FILE = "gate.json"
DEFAULT_GATE_PATH = Path(__file__).with_name("data") / "default-gate.json"
FORMAT = 1

LEXICAL_FEATURES = (
    "lex_score",  # the word matcher's F-measure, 0-1
    "lex_recall",  # how much of the question's weight the entry knows
    "lex_precision",  # how much of its best phrasing the question covers
    "lex_lead",  # its score minus the best other entry's (negative if behind)
    "lex_top",  # 1 if the word matcher ranks it first
    "asked_coverage",  # how much of the question the entry's phrasings (not answer) cover
    "unknown",  # how many words of the question no phrasing in the pack uses
    "foreign",  # how much it leans on words only other entries' answers mention in passing
    "other_year",  # 1 if it names years the entry never mentions
    "unknown_names",  # capitalized words mid-question the pack never mentions ("Beslan")
    "bm25",  # BM25 over all its phrasings, as a share of the most one entry could score
    "bm25_share",  # its BM25 score as a share of the best entry's
    "bm25_lead",  # minus the best other entry's (negative if behind)
    "bm25_top",  # 1 if BM25 ranks it first
    "bm25_lex_top",  # 1 if BM25 and the word matcher both rank it first
)
SEMANTIC_FEATURES = (
    "cos",  # cosine between the question and the entry's closest phrasing
    "cos_lead",  # minus the best other entry's
    "cos_top",  # 1 if the embeddings rank it first
    "answer_cos",  # cosine between the question and the entry's question and answer
    "both_top",  # 1 if the word matcher and the embeddings both rank it first
    "bm25_cos_top",  # 1 if BM25 and the embeddings both rank it first
)
# One model per kind of evidence: words alone, words with the static embeddings
# (the default), words with the MiniLM transformer (the `minilm` extra).
MODELS = {
    "lexical": LEXICAL_FEATURES,
    "static": LEXICAL_FEATURES + SEMANTIC_FEATURES,
    "minilm": LEXICAL_FEATURES + SEMANTIC_FEATURES,
}


class GateError(ValueError):
    def __init__(self, message: str, line: int = 1):
        super().__init__(message)
        self.line = line


@dataclass(frozen=True)
class Model:
    """A logistic regression over named features, standardized as fitted."""

    features: tuple[str, ...]
    means: tuple[float, ...]
    scales: tuple[float, ...]
    weights: tuple[float, ...]
    bias: float
    answer_at: float  # answer when the top candidate's probability reaches this
    suggest_at: float  # suggest when one of the best candidates is this likely to be right

    def probability(self, values: dict[str, float]) -> float:
        z = self.bias
        for name, mean, scale, weight in zip(
            self.features, self.means, self.scales, self.weights, strict=True
        ):
            z += weight * (values[name] - mean) / scale
        return 1.0 / (1.0 + math.exp(-max(min(z, 30.0), -30.0)))

    def to_json(self) -> dict[str, Any]:
        return {
            "features": list(self.features),
            "means": [round(v, 6) for v in self.means],
            "scales": [round(v, 6) for v in self.scales],
            "weights": [round(v, 6) for v in self.weights],
            "bias": round(self.bias, 6),
            "answer_at": round(self.answer_at, 4),
            "suggest_at": round(self.suggest_at, 4),
        }


@dataclass(frozen=True)
class Gate:
    models: dict[str, Model]
    trained_on: str = ""  # what it was fitted on, for people reading gate.json

    def model(self, kind: str) -> Model | None:
        """The model for this kind of evidence, if the gate was fitted with it."""
        return self.models.get(kind)

    def for_language(self, code: str) -> Gate:
        """The gate for questions in another language of the pack: the models fitted
        for it ("es:lexical", "es:static"), or, if it has none, the main language's
        (shared)."""
        prefix = f"{code}:"
        own = {n[len(prefix) :]: m for n, m in self.models.items() if n.startswith(prefix)}
        if "lexical" not in own:
            own = {n: m for n, m in self.models.items() if ":" not in n}
        return Gate(own, self.trained_on)

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "trained_on": self.trained_on,
            "models": {name: model.to_json() for name, model in self.models.items()},
        }

    def save(self, path: str | os.PathLike[str]) -> None:
        Path(path).write_text(json.dumps(self.to_json(), indent=1) + "\n", encoding="utf-8")


def model_kind(name: str) -> str:
    """ "es:lexical" -> "lexical": a model for another language of the pack is named
    after its language code and its kind of evidence."""
    return name.rpartition(":")[2]


def _model_from_json(name: str, data: object) -> Model:
    if not isinstance(data, dict):
        raise GateError(f"models.{name}: expected an object")
    known = MODELS[model_kind(name)]
    # A gate fitted by an older version uses fewer features: still a working gate
    # (a pack calibrated before BM25 joined keeps loading), though refitting helps.
    expected = tuple(data.get("features", ()))
    if not expected or not set(expected) <= set(known) or len(set(expected)) != len(expected):
        raise GateError(f"models.{name}.features: expected some of {list(known)}")
    try:
        lists = [tuple(float(v) for v in data[key]) for key in ("means", "scales", "weights")]
        bias, answer_at, suggest_at = (float(data[k]) for k in ("bias", "answer_at", "suggest_at"))
    except (KeyError, TypeError, ValueError) as exc:
        raise GateError(f"models.{name}: missing or non-numeric field ({exc})") from exc
    if any(len(values) != len(expected) for values in lists):
        raise GateError(f"models.{name}: means, scales and weights need one value per feature")
    if any(scale <= 0 for scale in lists[1]):
        raise GateError(f"models.{name}.scales: must be positive")
    if not (0 < suggest_at < 1 and 0 < answer_at < 1):
        raise GateError(f"models.{name}: answer_at and suggest_at must be between 0 and 1")
    means, scales, weights = lists
    return Model(expected, means, scales, weights, bias, answer_at, suggest_at)


def gate_from_json(data: object) -> Gate:
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise GateError(f"not a gate file of format {FORMAT}")
    models = data.get("models")
    if (
        not isinstance(models, dict)
        or "lexical" not in models
        or not all(isinstance(n, str) and model_kind(n) in MODELS for n in models)
    ):
        raise GateError(
            f"models: expected 'lexical' and any of {sorted(MODELS)}, "
            "each also for another language as 'es:lexical'"
        )
    return Gate(
        {name: _model_from_json(name, model) for name, model in models.items()},
        str(data.get("trained_on", "")),
    )


def read_gate(path: str | os.PathLike[str]) -> Gate:
    """A gate file; GateError (message without the path) if it is unusable."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        raise GateError(f"not UTF-8 text (byte {exc.start})") from exc
    except json.JSONDecodeError as exc:
        raise GateError(f"not valid JSON: {exc.msg}", exc.lineno) from exc
    return gate_from_json(data)


def usable_gate(path: Path) -> Gate | None:
    """The gate file at `path` if it is there and readable, else None (calibrate keeps
    the other languages' models of the file it replaces)."""
    try:
        return read_gate(path) if path.is_file() else None
    except (OSError, GateError):
        return None


def gate_for_pack(pack_dir: Path | None) -> Gate:
    """The pack's own calibrated gate if it has one, else the shipped default."""
    if pack_dir is not None and (pack_dir / GATE_FILE).is_file():
        return read_gate(pack_dir / GATE_FILE)
    return read_gate(DEFAULT_GATE_PATH)


def merge_language(current: Gate | None, fitted: Gate, code: str | None) -> Gate:
    """`fitted` as the models for language `code` (None: the main language) in the
    gate `current`, whose models for other languages are kept."""
    if current is None and code is None:
        return fitted
    kept = dict(current.models) if current is not None else {}
    if code is None:
        kept = {name: model for name, model in kept.items() if ":" in name}
        return Gate({**fitted.models, **kept}, fitted.trained_on)
    prefix = f"{code}:"
    kept = {name: model for name, model in kept.items() if not name.startswith(prefix)}
    if "lexical" not in kept:  # a gate needs a main-language model: share this one
        kept["lexical"] = fitted.models["lexical"]
    added = {prefix + name: model for name, model in fitted.models.items()}
    # "main files; es: its files": each language's part replaced when it is fitted again.
    parts = (current.trained_on if current else "").split("; ")
    kept_parts = [part for part in parts if part and not part.startswith(prefix + " ")]
    trained = "; ".join([*kept_parts, f"{prefix} {fitted.trained_on}"])
    return Gate({**kept, **added}, trained)


def any_right(probabilities: Iterable[float], best: int = 3) -> float:
    """The chance that one of the `best` most probable candidates is right, treating
    them as exclusive (at most one entry is the answer): their sum, at most 1."""
    return min(1.0, sum(sorted(probabilities, reverse=True)[:best]))


# --- fitting ------------------------------------------------------------------


def fit_logistic(
    rows: Sequence[Sequence[float]], labels: Sequence[float], l2: float = 1.0
) -> tuple[list[float], list[float], list[float], float]:
    """(means, scales, weights, bias): L2-regularized logistic regression by Newton's method."""
    import numpy as np

    x = np.asarray(rows, dtype=float)
    y = np.asarray(labels, dtype=float)
    means = x.mean(axis=0)
    scales = x.std(axis=0)
    scales[scales < 1e-9] = 1.0
    z = np.hstack([(x - means) / scales, np.ones((len(x), 1))])
    w = np.zeros(z.shape[1])
    penalty = np.eye(z.shape[1]) * l2
    penalty[-1, -1] = 0.0  # the bias is not shrunk
    for _ in range(50):
        p = 1.0 / (1.0 + np.exp(-np.clip(z @ w, -30, 30)))
        gradient = z.T @ (p - y) + penalty @ w
        hessian = (z * (p * (1 - p))[:, None]).T @ z + penalty
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return list(means), list(scales), list(w[:-1]), float(w[-1])
