"""Around an answer: what frames the pack's text wherever it is shown.

The CLI's plain-text frame, the Discord answer embed (fields, footers, confidence),
"did you mean" suggestions and their buttons, facts, bare mentions and the
"Answer with crisisbot" menu. Kept apart from browsing and moderator texts because
these are what nearly every member sees, and are read together when one changes.
"""

from .plural import Texts

MESSAGES: dict[str, Texts] = {
    "note": {"en": "Note: {note}", "es": "Nota: {note}"},
    "disputed": {
        "en": "Sources disagree: {note}",
        "es": "Las fuentes no coinciden: {note}",
    },
    "read_next": {"en": "Read next:", "es": "Para seguir leyendo:"},
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
    "outside": {
        "en": "That's outside what I cover: I have nothing on {subject}. I know about {summary}.",
        "es": "Eso queda fuera de lo que cubro: no tengo nada sobre {subject}. Sé sobre {summary}.",
    },
    "outside_nearest": {
        "en": "Nearest in what I know:",
        "es": "Lo más cercano en lo que sé:",
    },
    "no_topic": {
        "en": "No topic called {topic!r}. Topics: {topics}",
        "es": "No hay ningún tema llamado {topic!r}. Temas: {topics}",
    },
    "archived": {"en": "archived: {url}", "es": "archivado: {url}"},
    "archived_link": {"en": "archived", "es": "archivado"},
    "note_field": {"en": "Note", "es": "Nota"},
    "disputed_field": {"en": "Sources disagree", "es": "Las fuentes no coinciden"},
    "dispute_button": {"en": "Sources disagree", "es": "Las fuentes no coinciden"},
    "read_next_button": {"en": "Read next: {question}", "es": "Sigue: {question}"},
    "read_next_footer": {"en": "Read next · Topic: {topic}", "es": "Para seguir · Tema: {topic}"},
    "sources_field": {"en": "Sources", "es": "Fuentes"},
    "sources_field_more": {"en": "Sources (cont.)", "es": "Fuentes (cont.)"},
    "sources_more": {
        "en": "…and {rest} more: see {/sources}",
        "es": "…y {rest} más: ver {/sources}",
    },
    "topic_footer": {"en": "Topic: {topic}", "es": "Tema: {topic}"},
    "confident": {"en": "confident", "es": "segura"},
    "good": {"en": "good", "es": "buena"},
    "weak": {"en": "weak", "es": "débil"},
    "match_confidence": {
        "en": "Match confidence: {score}/100 ({label}){matched}",
        "es": "Confianza de la coincidencia: {score}/100 ({label}){matched}",
    },
    "matched_tail": {"en": ' · matched "{matched}"', "es": ' · coincide con "{matched}"'},
    "also_field": {
        "en": "Also relevant to your question",
        "es": "También relevante para tu pregunta",
    },
    "fact_footer": {
        "en": "Topic: {topic} · {plain/ask} for more, {plain/topics} for the rest",
        "es": "Tema: {topic} · {plain/ask} para saber más, {plain/topics} para el resto",
    },
    "fact_label": {"en": "Fact", "es": "Dato"},
    "fact_of_the_day_label": {"en": "Fact of the day · {day}", "es": "Dato del día · {day}"},
    "did_you_mean_title": {"en": "Did you mean…?", "es": "¿Quisiste decir…?"},
    "closest_matches": {
        "en": "I'm not sure which question you mean. Closest matches:",
        "es": "No estoy seguro de qué pregunta quieres hacer. Las más parecidas:",
    },
    "asker_can_pick": {"en": "{who} can pick one below", "es": "{who} puede elegir una abajo"},
    "the_asker": {"en": "The person who asked", "es": "Quien preguntó"},
    "no_match": {
        "en": "Sorry, I don't have an answer to that yet. I know about {summary}: try "
        "rephrasing, browse what I know with {/topics}, or see {/help} for how to ask.",
        "es": "Lo siento, todavía no tengo una respuesta para eso. Sé sobre {summary}: prueba "
        "a preguntarlo de otra manera, mira lo que sé con {/topics} o consulta {/help} para "
        "ver cómo preguntar.",
    },
    "menu_no_text": {
        "en": "That message has no text I can answer (only embeds, attachments or "
        "mentions). Ask it yourself with {/ask}.",
        "es": "Ese mensaje no tiene texto que pueda responder (solo embeds, adjuntos o "
        "menciones). Pregúntalo tú con {/ask}.",
    },
    "menu_from_a_bot": {
        "en": "I only answer messages written by members, not by bots. Use {/ask} instead.",
        "es": "Solo respondo mensajes escritos por miembros, no por bots. Usa {/ask}.",
    },
    "menu_answered": {
        "en": "Done: I answered that message in the channel ({link}).",
        "es": "Listo: respondí ese mensaje en el canal ({link}).",
    },
    "menu_requested_by": {"en": "Answer requested by {name}", "es": "Respuesta pedida por {name}"},
    "menu_gone": {
        "en": "I couldn't reply to that message: it seems to have been deleted. Nothing was "
        "posted.",
        "es": "No pude responder a ese mensaje: parece que lo borraron. No se publicó nada.",
    },
    "menu_cannot_post": {
        "en": "I can't post in this channel (check my Send Messages and Read Message History "
        "permissions), so here is the answer for you alone.",
        "es": "No puedo publicar en este canal (revisa mis permisos Enviar mensajes y Leer el "
        "historial de mensajes), así que aquí tienes la respuesta solo para ti.",
    },
    "suggestions_not_yours": {
        "en": "These suggestions are for the person who asked. Ask your own question with {/ask}.",
        "es": "Estas sugerencias son para quien preguntó. Haz tu propia pregunta con {/ask}.",
    },
    "picked_footer": {
        "en": "Picked from the suggestions · Topic: {topic}",
        "es": "Elegida entre las sugerencias · Tema: {topic}",
    },
    "also_footer": {
        "en": "Also relevant · Topic: {topic}",
        "es": "También relevante · Tema: {topic}",
    },
    "also_button": {"en": "Also: {question}", "es": "También: {question}"},
    "bare_mention": {
        "en": "Ask me a question after the mention{example}. See {/help} for more.",
        "es": "Hazme una pregunta después de la mención{example}. Mira {/help} para más.",
    },
    "for_example": {"en": ", for example *{example}*", "es": ", por ejemplo *{example}*"},
    "fact_no_topic": {
        "en": 'I have no topic called "{topic}". Topics: {topics}. {/topics} lists them '
        "with their questions.",
        "es": 'No tengo ningún tema llamado "{topic}". Temas: {topics}. {/topics} los '
        "muestra con sus preguntas.",
    },
    "none_yet": {"en": "none yet", "es": "ninguno todavía"},
}
