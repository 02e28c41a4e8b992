"""Singular and plural: "1 report", "2 reports"; "1 abierto", "2 abiertos".

A text that formats a count is written in forms, ``{"one": ..., "other": ...}``,
and ``message`` picks the form for its ``count`` field. English and Spanish both
use "one" for exactly 1 and "other" for everything else (0, 2, 21...), as in
Unicode's plural rules for these two languages; a language with more forms (Polish,
Arabic) would add its rule here and its forms in the catalog. A text with several
counts is built from one short text per count, so each picks its own form.
"""

from __future__ import annotations

Forms = dict[str, str]  # plural category ("one", "other") -> template
Text = str | Forms  # a plain template, or one per plural category
Texts = dict[str, Text]  # language code -> text

CATEGORIES = ("one", "other")


def category(language: str, count: int) -> str:
    """The plural category of ``count`` in ``language`` (English and Spanish: "one"
    for 1, else "other")."""
    return "one" if count == 1 else "other"


def template_of(text: Text, language: str, fields: dict[str, object]) -> str:
    """The template for ``fields``: ``text`` itself, or its form for ``fields["count"]``."""
    if isinstance(text, str):
        return text
    count = fields.get("count")
    if not isinstance(count, int):
        raise TypeError(f"a text with plural forms needs an int count, got {count!r}")
    return text[category(language, count)]
