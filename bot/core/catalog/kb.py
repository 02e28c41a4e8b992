"""Moderators' replies from ``/kb``: ``reload``, ``gaps``, ``feedback`` (the review
queue, ``bot/utils/review.py``) and ``stats``.

The knowledge pack's upkeep, one command group, one module.
"""

from .plural import Texts

MESSAGES: dict[str, Texts] = {
    "kb_problems": {
        "en": {
            "one": "The pack at `{path}` has {count} problem; nothing was changed and the old "
            "pack keeps answering. Fix it and run {/kb reload} again:\n",
            "other": "The pack at `{path}` has {count} problems; nothing was changed and the "
            "old pack keeps answering. Fix these and run {/kb reload} again:\n",
        },
        "es": {
            "one": "El conjunto en `{path}` tiene {count} problema; no se cambió nada y el "
            "anterior sigue respondiendo. Corrígelo y vuelve a ejecutar {/kb reload}:\n",
            "other": "El conjunto en `{path}` tiene {count} problemas; no se cambió nada y el "
            "anterior sigue respondiendo. Corrígelos y vuelve a ejecutar {/kb reload}:\n",
        },
    },
    "kb_more": {
        "en": "\n…and {rest} more (`crisisbot validate {path}`)",
        "es": "\n…y {rest} más (`crisisbot validate {path}`)",
    },
    # A reload's counts, one text each (each picks its own form), then the sentence.
    "kb_added": {
        "en": "{count} added",
        "es": {"one": "{count} nueva", "other": "{count} nuevas"},
    },
    "kb_removed": {
        "en": "{count} removed",
        "es": {"one": "{count} quitada", "other": "{count} quitadas"},
    },
    "kb_changes": {"en": " ({added}, {removed})", "es": " ({added}, {removed})"},
    "kb_entries": {
        "en": {"one": "{count} entry", "other": "{count} entries"},
        "es": {"one": "{count} entrada", "other": "{count} entradas"},
    },
    "kb_sources": {
        "en": {"one": "{count} source", "other": "{count} sources"},
        "es": {"one": "{count} fuente", "other": "{count} fuentes"},
    },
    "kb_topics": {
        "en": {"one": "{count} topic", "other": "{count} topics"},
        "es": {"one": "{count} tema", "other": "{count} temas"},
    },
    "kb_reloaded": {
        "en": "Reloaded: {entries}{changes}, {sources}, {topics}. New "
        "questions get answers from the new pack now.",
        "es": "Recargado: {entries}{changes}, {sources}, {topics}. Las "
        "preguntas nuevas ya se responden con el conjunto nuevo.",
    },
    "gaps_window": {
        "en": {"one": " in the last day", "other": " in the last {count} days"},
        "es": {"one": " en el último día", "other": " en los últimos {count} días"},
    },
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
        "en": "Most asked first · add entries for them to the pack, then {plain/kb reload}",
        "es": "Las más preguntadas primero · añade entradas para ellas al conjunto y luego "
        "{plain/kb reload}",
    },
    # --- /kb feedback: the review queue (bot/utils/review.py) ---------------------
    "review_title": {"en": "Feedback to review", "es": "Informes por revisar"},
    "review_empty": {
        "en": "No open reports. Members report problems with the button under each answer.",
        "es": "No hay informes abiertos. Los miembros informan de problemas con el botón "
        "que hay bajo cada respuesta.",
    },
    "review_footer": {
        "en": "Page {page} of {pages} · {open} · newest first · {kept}",
        "es": "Página {page} de {pages} · {open} · los más recientes primero · {kept}",
    },
    "review_open": {
        "en": "{count} open",
        "es": {"one": "{count} abierto", "other": "{count} abiertos"},
    },
    "review_kept": {
        "en": {"one": "kept {count} day", "other": "kept {count} days"},
        "es": {"one": "se guardan {count} día", "other": "se guardan {count} días"},
    },
    "review_entry_gone": {"en": "(no longer in the pack)", "es": "(ya no está en el conjunto)"},
    "review_line_done": {"en": " · done", "es": " · resuelto"},
    "review_done": {"en": "Done #{id}", "es": "Resuelto #{id}"},
    "review_newer": {"en": "Newer", "es": "Más recientes"},
    "review_older": {"en": "Older", "es": "Más antiguos"},
    "review_already_done": {
        "en": "Report #{id} was already done (or is not this server's).",
        "es": "El informe #{id} ya estaba resuelto (o no es de este servidor).",
    },
    # --- /kb stats (bot/utils/review.py) ------------------------------------------
    "stats_title": {
        "en": {"one": "What gets asked (last day)", "other": "What gets asked (last {count} days)"},
        "es": {
            "one": "Qué se pregunta (último día)",
            "other": "Qué se pregunta (últimos {count} días)",
        },
    },
    # The totals line: one text per count (each picks its own form), then the line.
    "stats_totals": {
        "en": "{answers} ({direct}, {picks}, {shows}) · {helpful} · {reports} ({open}) · "
        "{unanswered}",
        "es": "{answers} ({direct}, {picks}, {shows}) · {helpful} · {reports} ({open}) · "
        "{unanswered}",
    },
    "stats_answers": {
        "en": {"one": "**{count}** answer served", "other": "**{count}** answers served"},
        "es": {"one": "**{count}** respuesta dada", "other": "**{count}** respuestas dadas"},
    },
    "stats_direct": {
        "en": "{count} direct",
        "es": {"one": "{count} directa", "other": "{count} directas"},
    },
    "stats_picks": {
        "en": "{count} picked from suggestions",
        "es": {
            "one": "{count} elegida entre las sugerencias",
            "other": "{count} elegidas entre las sugerencias",
        },
    },
    "stats_shows": {
        "en": "{count} shown by buttons",
        "es": {"one": "{count} mostrada con botones", "other": "{count} mostradas con botones"},
    },
    "stats_helpful": {
        "en": {"one": "**{count}** helpful vote", "other": "**{count}** helpful votes"},
        "es": {"one": "**{count}** voto de «útil»", "other": "**{count}** votos de «útil»"},
    },
    "stats_reports": {
        "en": {"one": "**{count}** report", "other": "**{count}** reports"},
        "es": {"one": "**{count}** informe", "other": "**{count}** informes"},
    },
    "stats_unanswered": {
        "en": {
            "one": "**{count}** unanswered question",
            "other": "**{count}** unanswered questions",
        },
        "es": {
            "one": "**{count}** pregunta sin respuesta",
            "other": "**{count}** preguntas sin respuesta",
        },
    },
    "stats_none": {"en": "Nothing counted yet.", "es": "Todavía no se ha contado nada."},
    "stats_entries": {
        "en": "Most served entries (served · picked · helpful · reports)",
        "es": "Entradas más consultadas (consultas · elegidas · útiles · informes)",
    },
    "stats_gaps": {
        "en": "Most asked, not answered ({plain/kb gaps} for more)",
        "es": "Lo más preguntado sin respuesta ({plain/kb gaps} para ver más)",
    },
}
