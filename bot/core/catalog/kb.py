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
    # --- /kb feedback: the review queue (bot/utils/review.py) ---------------------
    "review_title": {"en": "Feedback to review", "es": "Informes por revisar"},
    "review_empty": {
        "en": "No open reports. Members report problems with the button under each answer.",
        "es": "No hay informes abiertos. Los miembros informan de problemas con el botón "
        "que hay bajo cada respuesta.",
    },
    "review_footer": {
        "en": "Page {page} of {pages} · {open} open · newest first · kept {days} days",
        "es": "Página {page} de {pages} · {open} abiertos · los más recientes primero · "
        "se guardan {days} días",
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
        "en": "What gets asked (last {days} days)",
        "es": "Qué se pregunta (últimos {days} días)",
    },
    "stats_totals": {
        "en": "**{answers}** answers served ({direct} direct, {picks} picked from suggestions, "
        "{shows} shown by buttons) · **{helpful}** helpful votes · **{reports}** reports "
        "({open} open) · **{unanswered}** unanswered questions",
        "es": "**{answers}** respuestas dadas ({direct} directas, {picks} elegidas entre las "
        "sugerencias, {shows} mostradas con botones) · **{helpful}** votos de «útil» · "
        "**{reports}** informes ({open} abiertos) · **{unanswered}** preguntas sin respuesta",
    },
    "stats_none": {"en": "Nothing counted yet.", "es": "Todavía no se ha contado nada."},
    "stats_entries": {
        "en": "Most served entries (served · picked · helpful · reports)",
        "es": "Entradas más consultadas (consultas · elegidas · útiles · informes)",
    },
    "stats_gaps": {
        "en": "Most asked, not answered (/kb gaps for more)",
        "es": "Lo más preguntado sin respuesta (/kb gaps para ver más)",
    },
}
