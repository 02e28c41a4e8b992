"""Moderators' replies from ``/kb``: ``reload``, ``gaps``, ``feedback`` (the review
queue, ``bot/utils/review.py``) and ``stats``.

The knowledge pack's upkeep, one command group, one module.
"""

MESSAGES: dict[str, dict[str, str]] = {
    "kb_problems": {
        "en": "The pack at `{path}` has {count} problem(s); nothing was changed and the old "
        "pack keeps answering. Fix these and run `/kb reload` again:\n",
        "es": "El conjunto en `{path}` tiene {count} problema(s); no se cambió nada y el "
        "anterior sigue respondiendo. Corrígelos y vuelve a ejecutar `/kb reload`:\n",
    },
    "kb_more": {
        "en": "\n…and {rest} more (`crisisbot validate {path}`)",
        "es": "\n…y {rest} más (`crisisbot validate {path}`)",
    },
    "kb_changes": {
        "en": " ({added} added, {removed} removed)",
        "es": " ({added} nuevas, {removed} quitadas)",
    },
    "kb_reloaded": {
        "en": "Reloaded: {entries} entries{changes}, {sources} sources, {topics} topics. New "
        "questions get answers from the new pack now.",
        "es": "Recargado: {entries} entradas{changes}, {sources} fuentes, {topics} temas. Las "
        "preguntas nuevas ya se responden con el conjunto nuevo.",
    },
    "gaps_window": {"en": " in the last {days} days", "es": " en los últimos {days} días"},
    "gaps_line_last": {"en": "last {day}", "es": "última vez {day}"},
    "gaps_none": {
        "en": "No unanswered questions{window}.",
        "es": "No hay preguntas sin respuesta{window}.",
    },
    "gaps_title": {
        "en": "Questions I could not answer{window}",
        "es": "Preguntas que no supe responder{window}",
    },
    "gaps_footer": {
        "en": "Most asked first · add entries for them to the pack, then /kb reload",
        "es": "Las más preguntadas primero · añade entradas para ellas al conjunto y luego "
        "/kb reload",
    },
}
