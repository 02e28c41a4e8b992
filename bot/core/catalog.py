"""Every sentence the bot writes itself, in each language it answers in.

Answers come from the pack in the asker's language; the words around them
(headings, "did you mean", "sorry", help, moderator replies, errors) come
from here, so a Spanish question never gets an English frame, and a new
language is one more column, not a hunt through the code. Plain Python with
no Discord import: the command line and the bot share it.

``message(key, language, **fields)`` formats the text with ``str.format``;
a language without the key falls back to English.
"""

from __future__ import annotations

from .language import DEFAULT_LANGUAGE, base_code

MESSAGES: dict[str, dict[str, str]] = {
    # --- around an answer (CLI and Discord) -------------------------------------
    "note": {"en": "Note: {note}", "es": "Nota: {note}"},
    "sources": {"en": "Sources:", "es": "Fuentes:"},
    "matched": {
        "en": '(matched "{matched}", confidence {score}/100)',
        "es": '(coincide con "{matched}", confianza {score}/100)',
    },
    "also_relevant": {
        "en": "Also relevant to your question:",
        "es": "También relevante para tu pregunta:",
    },
    "did_you_mean": {
        "en": "I'm not sure which question you mean. Did you mean:",
        "es": "No estoy seguro de qué pregunta quieres hacer. ¿Quisiste decir:",
    },
    "confidence": {"en": "confidence {score}", "es": "confianza {score}"},
    "no_answer_cli": {
        "en": "Sorry, I don't have an answer for that. Try rephrasing, or see what I know "
        "with `crisisbot topics` (`/topics` in the console).",
        "es": "Lo siento, no tengo una respuesta para eso. Prueba a preguntarlo de otra "
        "manera, o mira lo que sé con `crisisbot topics --lang es` (`/topics` en la consola).",
    },
    "no_topic": {
        "en": "No topic called {topic!r}. Topics: {topics}",
        "es": "No hay ningún tema llamado {topic!r}. Temas: {topics}",
    },
    "archived": {"en": "archived: {url}", "es": "archivado: {url}"},
}


def message(key: str, language: str | None = None, /, **fields: object) -> str:
    """The text for `key` in `language` ("es", "es-419"; English if it lacks one)."""
    texts = MESSAGES[key]
    code = base_code(language) or DEFAULT_LANGUAGE
    template = texts.get(code, texts[DEFAULT_LANGUAGE])
    return template.format(**fields) if fields else template
