"""Every sentence the bot writes itself, in each language it answers in.

Answers come from the pack in the asker's language; the words around them
(headings, "did you mean", "sorry", help, moderator replies, errors) come
from here, so a Spanish question never gets an English frame, and a new
language is one more column, not a hunt through the code. Plain Python with
no Discord import: the command line and the bot share it.

``message(key, language, **fields)`` formats the text with ``str.format``;
a language without the key falls back to English. A text that counts something
has a form for one and for more (``plural.py``), picked by its ``count`` field; a
text that names a command writes ``{/ask}`` and gets the name the reader's Discord
shows (``commands.py``).

The texts live in one module per area, so a message is found by where it shows:

* ``answers.py``: around an answer (CLI and Discord), suggestions, facts, mentions,
  the "Answer with crisisbot" menu;
* ``browsing.py``: ``/topics``, ``/sources``, ``/disputes``, ``/help``;
* ``feedback.py``: members' "Helpful" / "Report a problem" buttons and form;
* ``settings.py``: moderators' ``/config`` and ``/postfact`` replies;
* ``kb.py``: moderators' ``/kb reload``, ``gaps``, ``feedback`` and ``stats``;
* ``timeline.py``: ``/timeline``, the anniversary posts, ``crisisbot timeline``;
* ``errors.py``: the polite replies to failures.

They are merged into one ``MESSAGES`` table here; a key defined in two areas is
refused at import, so a key names one text wherever it is looked up.
"""

from __future__ import annotations

from ..language import DEFAULT_LANGUAGE, base_code
from . import answers, browsing, errors, feedback, kb, settings, timeline
from .commands import current_reader
from .plural import Texts, template_of

AREAS = (answers, browsing, feedback, settings, kb, timeline, errors)


def _merged() -> dict[str, Texts]:
    table: dict[str, Texts] = {}
    for area in AREAS:
        for key, texts in area.MESSAGES.items():
            if key in table:
                raise ValueError(f"catalog key {key!r} is defined twice ({area.__name__})")
            table[key] = texts
    return table


MESSAGES: dict[str, Texts] = _merged()


def message(key: str, language: str | None = None, /, **fields: object) -> str:
    """The text for `key` in `language` ("es", "es-419"; English if it lacks one),
    in the form for ``count`` if it has forms, naming commands for the current reader."""
    texts = MESSAGES[key]
    code = base_code(language) or DEFAULT_LANGUAGE
    if code not in texts:
        code = DEFAULT_LANGUAGE
    template = current_reader().fill(template_of(texts[code], code, fields))
    return template.format(**fields) if fields else template
