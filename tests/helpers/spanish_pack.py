"""Packs with Spanish: the shipped one (its Engine, built once) and the volcano test
pack with a small Spanish folder (``es/``): its entries' and its timeline's Spanish
text, for the tests of translations in any pack."""

from __future__ import annotations

import shutil
from pathlib import Path

from bot.core import Engine

from .paths import REPO, VOLCANOES

_shipped: Engine | None = None


def shipped_engine() -> Engine:
    """The shipped pack (it has knowledge/es/), words only; built once for all tests."""
    global _shipped
    if _shipped is None:
        _shipped = Engine.from_path(REPO / "knowledge", embeddings="off")
    return _shipped


# The Spanish text of the volcano pack's two timeline events, by id.
TIMELINE_ES = """\
timeline:
  - id: krakatoa-final-eruptions
    title: Las últimas erupciones del Krakatoa
    text: Las grandes erupciones del Krakatoa se oyen a miles de kilómetros.
  - id: st-helens-erupts
    title: Entra en erupción el monte Santa Helena
    text: Un deslizamiento en el flanco norte provoca una explosión lateral.
"""
VOLCANOES_ES = (
    TIMELINE_ES
    + """\
topics:
  Eruptions: Erupciones
  Geography: Geografía
synonyms:
  - canonical: erupcion
    terms: [erupciono, explotó, estalló]
entries:
  - id: vesuvius-date
    question: ¿Cuándo entró en erupción el Vesubio y sepultó Pompeya?
    variants: [fecha de la erupcion del vesubio, cuando fue destruida pompeya, pompeya]
    answer: El Vesubio entró en erupción en el **79 d. C.** y sepultó Pompeya y Herculano.
  - id: krakatoa-date
    question: ¿Cuándo entró en erupción el Krakatoa?
    variants: [año de la erupcion del krakatoa, krakatau, krakatoa 1883]
    answer: La gran erupción del Krakatoa fue en **1883**.
  - id: tallest-volcano
    question: ¿Cuál es el volcán más alto de la Tierra?
    variants: [volcan mas alto, el volcan mas grande, altura del mauna kea]
    answer: Medido desde su base en el fondo del mar, el **Mauna Kea** es el más alto.
  - id: how-volcanoes-form
    question: ¿Cómo se forman los volcanes?
    variants: [formacion de los volcanes, de donde sale el magma, magma]
    answer: Los volcanes se forman donde el **magma** sube por la corteza.
  - id: lava-temperature
    question: ¿Qué tan caliente es la lava?
    variants: [temperatura de la lava, cuanto calor tiene la lava]
    answer: La lava en erupción suele estar entre **700 y 1.200 °C**.
"""
)


def volcano_pack(tmp_path: Path, es: str = VOLCANOES_ES) -> Path:
    pack = tmp_path / "volcanoes"
    shutil.copytree(VOLCANOES, pack)
    (pack / "es").mkdir()
    (pack / "es" / "entries.yaml").write_text(es, encoding="utf-8")
    return pack
