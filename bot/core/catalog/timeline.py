"""The timeline's own words (``/timeline``, the anniversary posts and moderators'
``/config anniversaries``, ``crisisbot timeline``), in each language, merged into the
message catalog (``catalog/__init__.py``).
"""

from __future__ import annotations

from .plural import Texts

MESSAGES: dict[str, Texts] = {
    "timeline_title": {"en": "Timeline: {label}", "es": "Cronología: {label}"},
    "timeline_title_all": {"en": "Timeline", "es": "Cronología"},
    "timeline_on_this_day": {"en": "On this day: {label}", "es": "Un día como hoy: {label}"},
    "timeline_whole": {"en": "the whole timeline", "es": "toda la cronología"},
    "timeline_years_ago": {
        "en": {"one": "{count} year ago", "other": "{count} years ago"},
        "es": {"one": "hace {count} año", "other": "hace {count} años"},
    },
    "timeline_events": {
        "en": {"one": "{count} event", "other": "{count} events"},
        "es": {"one": "{count} hecho", "other": "{count} hechos"},
    },
    "timeline_footer": {
        "en": "Page {page} of {pages} · {events} · {plain/timeline} [date or month]",
        "es": "Página {page} de {pages} · {events} · {plain/timeline} [fecha o mes]",
    },
    "timeline_previous": {"en": "Previous", "es": "Anterior"},
    "timeline_next": {"en": "Next", "es": "Siguiente"},
    "timeline_more": {"en": "More: {question}", "es": "Más: {question}"},
    "timeline_none": {
        "en": "This knowledge pack has no timeline.",
        "es": "Este conjunto de conocimientos no tiene cronología.",
    },
    "timeline_no_events": {
        "en": "No events in the timeline for {label}. Months with events: {months}.",
        "es": "No hay hechos en la cronología para {label}. Meses con hechos: {months}.",
    },
    # The footer the anniversary scheduler looks for after a crash (in the post's language).
    "timeline_anniversary_tag": {"en": "On this day · {day}", "es": "Un día como hoy · {day}"},
    # What /timeline's `when` (and the CLI's WHEN) cannot read; neutral examples: the
    # same message serves every pack, whatever its subject.
    "timeline_not_a_date": {
        "en": "{text!r} is not a real date",
        "es": "{text!r} no es una fecha válida",
    },
    "timeline_unreadable": {
        "en": "I can't read {text!r} as a date or month; try "
        '"2001-05-03", "3 May 2001", "May 2001", "2001-05", "may", "3 may" or "2001"',
        "es": "No puedo leer {text!r} como fecha o mes; prueba "
        '"2001-05-03", "3 de mayo de 2001", "mayo de 2001", "2001-05", "mayo", "3 de mayo" o '
        '"2001"',
    },
}
