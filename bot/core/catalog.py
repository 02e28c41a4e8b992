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

from .catalog_timeline import MESSAGES as TIMELINE
from .language import DEFAULT_LANGUAGE, base_code

MESSAGES: dict[str, dict[str, str]] = {
    # --- around an answer (CLI and Discord) -------------------------------------
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
    "no_topic": {
        "en": "No topic called {topic!r}. Topics: {topics}",
        "es": "No hay ningún tema llamado {topic!r}. Temas: {topics}",
    },
    "archived": {"en": "archived: {url}", "es": "archivado: {url}"},
    # --- Discord: answers, facts, browsing (embeds.py) ---------------------------
    "archived_link": {"en": "archived", "es": "archivado"},
    "note_field": {"en": "Note", "es": "Nota"},
    "disputed_field": {"en": "Sources disagree", "es": "Las fuentes no coinciden"},
    "dispute_button": {"en": "Sources disagree", "es": "Las fuentes no coinciden"},
    "dispute_title": {
        "en": "Where the sources disagree: {question}",
        "es": "Dónde no coinciden las fuentes: {question}",
    },
    "disputes_title": {
        "en": "Where the sources disagree ({count})",
        "es": "Dónde no coinciden las fuentes ({count})",
    },
    "disputes_footer_more": {
        "en": "Page {page} of {pages} · /disputes page:{next} for more",
        "es": "Página {page} de {pages} · /disputes page:{next} para ver más",
    },
    "disputes_footer_last": {
        "en": "Page {page} of {pages} · /ask to read an answer",
        "es": "Página {page} de {pages} · /ask para leer una respuesta",
    },
    "no_disputes": {
        "en": "No entry of this pack records a disagreement between sources.",
        "es": "Ninguna entrada de este conjunto registra un desacuerdo entre fuentes.",
    },
    "read_next_button": {"en": "Read next: {question}", "es": "Sigue: {question}"},
    "read_next_footer": {"en": "Read next · Topic: {topic}", "es": "Para seguir · Tema: {topic}"},
    "sources_field": {"en": "Sources", "es": "Fuentes"},
    "sources_field_more": {"en": "Sources (cont.)", "es": "Fuentes (cont.)"},
    "sources_more": {"en": "…and {rest} more: see /sources", "es": "…y {rest} más: ver /sources"},
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
        "en": "Topic: {topic} · /ask for more, /topics for the rest",
        "es": "Tema: {topic} · /ask para saber más, /topics para el resto",
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
        "rephrasing, browse what I know with `/topics`, or see `/help` for how to ask.",
        "es": "Lo siento, todavía no tengo una respuesta para eso. Sé sobre {summary}: prueba "
        "a preguntarlo de otra manera, mira lo que sé con `/topics` o consulta `/help` para "
        "ver cómo preguntar.",
    },
    "topics_title": {"en": "Topics I can answer", "es": "Temas sobre los que respondo"},
    "topic_line": {"en": "**{name}**: {count} questions", "es": "**{name}**: {count} preguntas"},
    "no_topics": {"en": "No topics yet.", "es": "Todavía no hay temas."},
    "topics_footer": {
        "en": "/topics topic:<name> lists its questions · /fact topic:<name>: a fact",
        "es": "/topics topic:<nombre> muestra sus preguntas · /fact topic:<nombre>: un dato",
    },
    "topic_title": {"en": "{name}: {count} questions", "es": "{name}: {count} preguntas"},
    "topic_footer_ask": {"en": "Ask any of these with /ask", "es": "Pregunta cualquiera con /ask"},
    "no_topic_called": {
        "en": 'No topic called "{topic}". ',
        "es": 'No hay ningún tema llamado "{topic}". ',
    },
    "sources_title": {"en": "Sources the answers cite", "es": "Fuentes que citan las respuestas"},
    "no_sources": {"en": "No sources.", "es": "No hay fuentes."},
    "sources_page_more": {
        "en": " · /sources page:{page} for more",
        "es": " · /sources page:{page} para ver más",
    },
    "sources_footer": {
        "en": "Page {page} of {pages} · {count} sources{more}",
        "es": "Página {page} de {pages} · {count} fuentes{more}",
    },
    "help_title": {"en": "{name}: answers with sources", "es": "{name}: respuestas con fuentes"},
    "help_description": {
        "en": "I answer questions about {summary} from a curated pack of {count} cited "
        "answers. Every answer lists its sources with links.",
        "es": "Respondo preguntas sobre {summary} con un conjunto revisado de {count} "
        "respuestas citadas. Cada respuesta enumera sus fuentes con enlaces.",
    },
    "help_commands_name": {"en": "Commands", "es": "Comandos"},
    "help_commands": {
        "en": "`/ask question:` ask anything; suggestions appear as you type "
        "(`private:True`: only you see the answer)\n"
        "`/fact [topic]` a random fact\n"
        "`/topics [topic]` what I know about\n"
        "`/sources` every source I cite\n"
        "`/disputes` where the sources disagree\n"
        "Right-click a message → **Apps → Answer with crisisbot**: I answer it\n"
        "{timeline}`/help` this message",
        "es": "`/ask pregunta:` pregunta lo que quieras; aparecen sugerencias mientras "
        "escribes (`private:True`: solo tú ves la respuesta)\n"
        "`/fact [tema]` un dato al azar\n"
        "`/topics [tema]` de qué sé\n"
        "`/sources` todas las fuentes que cito\n"
        "`/disputes` dónde no coinciden las fuentes\n"
        "Clic derecho en un mensaje → **Apps → Answer with crisisbot**: lo respondo\n"
        "{timeline}`/help` este mensaje",
    },
    "help_timeline_line": {
        "en": "`/timeline [when]` dated events, by date or month\n",
        "es": "`/timeline [when]` los hechos con fecha, por día o por mes\n",
    },
    "help_moderators_name": {"en": "For moderators", "es": "Para moderadores"},
    "help_moderators": {
        "en": "`/postfact` post a cited fact to a channel · `/config` answer channels, "
        "cooldown, moderator role, fact of the day, anniversary posts, language · "
        "`/kb reload` re-read the pack · `/kb gaps` questions I could not answer · "
        "`/kb feedback` members' reports on answers · `/kb stats` what gets asked (Manage "
        "Messages or the moderator role)",
        "es": "`/postfact` publica un dato citado en un canal · `/config` canales de "
        "respuesta, espera, rol de moderador, dato del día, aniversarios, idioma · "
        "`/kb reload` vuelve a "
        "leer el conjunto de respuestas · `/kb gaps` preguntas que no supe responder · "
        "`/kb feedback` los problemas que señalan los miembros · `/kb stats` qué se "
        "pregunta (Gestionar mensajes o el rol de moderador)",
    },
    "help_channels_name": {"en": "In channels", "es": "En los canales"},
    "help_channels": {
        "en": "Mention me with a question and I'll answer. In channels a moderator has "
        "enabled, I also answer plain questions when I'm confident, and stay quiet otherwise.",
        "es": "Mencióname con una pregunta y te responderé. En los canales que un moderador "
        "haya activado, también respondo preguntas sin mención cuando estoy seguro, y si no, "
        "me callo.",
    },
    "help_sure_name": {"en": "How sure am I?", "es": "¿Qué tan seguro estoy?"},
    "help_sure": {
        "en": "The footer of each answer shows how well your question matched. If I'm "
        "unsure, I offer up to three questions to pick from.",
        "es": "El pie de cada respuesta muestra qué tan bien coincidió tu pregunta. Si no "
        "estoy seguro, te ofrezco hasta tres preguntas para elegir.",
    },
    "help_language_name": {"en": "Languages", "es": "Idiomas"},
    "help_language": {
        "en": "Ask in English or Spanish: I answer in the language of your question.",
        "es": "Pregunta en español o en inglés: respondo en el idioma de tu pregunta.",
    },
    # --- Discord: "Answer with crisisbot" (answer_message.py) --------------------------
    "menu_no_text": {
        "en": "That message has no text I can answer (only embeds, attachments or "
        "mentions). Ask it yourself with `/ask`.",
        "es": "Ese mensaje no tiene texto que pueda responder (solo embeds, adjuntos o "
        "menciones). Pregúntalo tú con `/ask`.",
    },
    "menu_from_a_bot": {
        "en": "I only answer messages written by members, not by bots. Use `/ask` instead.",
        "es": "Solo respondo mensajes escritos por miembros, no por bots. Usa `/ask`.",
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
    # --- Discord: buttons, mentions, errors -------------------------------------------
    "suggestions_not_yours": {
        "en": "These suggestions are for the person who asked. Ask your own question with `/ask`.",
        "es": "Estas sugerencias son para quien preguntó. Haz tu propia pregunta con `/ask`.",
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
        "en": "Ask me a question after the mention{example}. See `/help` for more.",
        "es": "Hazme una pregunta después de la mención{example}. Mira `/help` para más.",
    },
    "for_example": {"en": ", for example *{example}*", "es": ", por ejemplo *{example}*"},
    "error_generic": {
        "en": "Sorry, something went wrong on my side. Please try again in a moment.",
        "es": "Lo siento, algo falló de mi lado. Inténtalo de nuevo en un momento.",
    },
    "error_not_moderator": {
        "en": "Sorry, only moderators (Manage Messages, or the server's moderator role) can "
        "use this command. Nothing was changed.",
        "es": "Lo siento, solo los moderadores (Gestionar mensajes, o el rol de moderador del "
        "servidor) pueden usar este comando. No se cambió nada.",
    },
    "error_channel_not_visible": {
        "en": "I can't see <#{channel}>: check my permissions there (View Channel, Send "
        "Messages, Embed Links). Nothing was changed.",
        "es": "No puedo ver <#{channel}>: revisa mis permisos allí (Ver canal, Enviar "
        "mensajes, Insertar enlaces). No se cambió nada.",
    },
    "error_cooldown": {
        "en": "One moment: you can ask again in {seconds} s.",
        "es": "Un momento: puedes volver a preguntar en {seconds} s.",
    },
    "error_check": {
        "en": "You can't use this command here.",
        "es": "No puedes usar este comando aquí.",
    },
    "error_store": {
        "en": "I can't reach my database right now (it may be busy or locked). Nothing was "
        "changed; please try again in a moment.",
        "es": "Ahora mismo no puedo acceder a mi base de datos (puede estar ocupada o "
        "bloqueada). No se cambió nada; inténtalo de nuevo en un momento.",
    },
    "fact_no_topic": {
        "en": 'I have no topic called "{topic}". Topics: {topics}. `/topics` lists them '
        "with their questions.",
        "es": 'No tengo ningún tema llamado "{topic}". Temas: {topics}. `/topics` los '
        "muestra con sus preguntas.",
    },
    "none_yet": {"en": "none yet", "es": "ninguno todavía"},
    # --- Discord: moderators (config.py, postfact.py, kb.py) ------------------------
    "answers_on": {
        "en": "I'll answer questions I'm confident about in <#{channel}>, mention or not.",
        "es": "Responderé en <#{channel}> las preguntas de las que esté seguro, con o sin mención.",
    },
    "answers_off": {
        "en": "I'll stay silent in <#{channel}>, even when mentioned. Slash commands still work.",
        "es": "Me quedaré callado en <#{channel}>, incluso si me mencionan. Los comandos de "
        "barra siguen funcionando.",
    },
    "answers_default": {
        "en": "In <#{channel}> I'll answer only when mentioned.",
        "es": "En <#{channel}> solo responderé cuando me mencionen.",
    },
    "cooldown_set": {
        "en": "Each member now waits {seconds} s between answers.",
        "es": "Ahora cada miembro espera {seconds} s entre respuestas.",
    },
    "modrole_set": {
        "en": "Members with <@&{role}> can now use the moderator commands (as can anyone "
        "with Manage Messages).",
        "es": "Los miembros con <@&{role}> ya pueden usar los comandos de moderación (igual "
        "que quien tenga Gestionar mensajes).",
    },
    "modrole_cleared": {
        "en": "No moderator role: only members with Manage Messages can use the moderator "
        "commands.",
        "es": "Sin rol de moderador: solo los miembros con Gestionar mensajes pueden usar "
        "los comandos de moderación.",
    },
    "schedule_off": {"en": "off", "es": "desactivado"},
    "schedule_missing_channel": {
        "en": "off until a channel is set (`/config fact`)",
        "es": "desactivado hasta que se elija un canal (`/config fact`)",
    },
    "schedule_missing_time": {
        "en": "off until a time is set (`/config fact`)",
        "es": "desactivado hasta que se elija una hora (`/config fact`)",
    },
    "schedule_due_now": {"en": "due now", "es": "toca ahora"},
    "schedule_next": {"en": "next {when}", "es": "el próximo: {when}"},
    "schedule_on": {
        "en": "<#{channel}> daily at {time} UTC ({when})",
        "es": "<#{channel}> cada día a las {time} UTC ({when})",
    },
    "fact_schedule_ask": {
        "en": "Fact of the day: {schedule}. Give a `channel`, a `time` (HH:MM, UTC), or "
        "`stop: True`.",
        "es": "Dato del día: {schedule}. Indica un `channel`, una `time` (HH:MM, UTC) o "
        "`stop: True`.",
    },
    "fact_schedule": {"en": "Fact of the day: {schedule}.", "es": "Dato del día: {schedule}."},
    "nothing_changed": {"en": "{error}. Nothing was changed.", "es": "{error}. No se cambió nada."},
    "language_set": {
        "en": "This server's language is now {name}: the fact of the day and /postfact "
        "are posted in it, and questions that could be either language are answered in it. "
        "Questions are still answered in the language they are asked in.",
        "es": "El idioma de este servidor ahora es {name}: el dato del día y /postfact se "
        "publican en él, y las preguntas que podrían estar en cualquier idioma se responden "
        "en él. Las preguntas se siguen respondiendo en el idioma en que se hacen.",
    },
    "language_unknown": {
        "en": 'This pack has no "{code}" text. Languages: {codes}. Nothing was changed.',
        "es": 'Este conjunto no tiene textos en "{code}". Idiomas: {codes}. No se cambió nada.',
    },
    "settings_title": {"en": "crisisbot settings", "es": "Ajustes de crisisbot"},
    "settings_on": {"en": "Answer channels (on)", "es": "Canales con respuestas (on)"},
    "settings_off": {"en": "Silent channels (off)", "es": "Canales en silencio (off)"},
    "settings_none": {"en": "none", "es": "ninguno"},
    "settings_cooldown": {"en": "Cooldown", "es": "Espera"},
    "settings_cooldown_value": {"en": "{seconds} s per member", "es": "{seconds} s por miembro"},
    "settings_role": {"en": "Moderator role", "es": "Rol de moderador"},
    "settings_role_value": {
        "en": "<@&{role}> (and Manage Messages)",
        "es": "<@&{role}> (y Gestionar mensajes)",
    },
    "settings_role_none": {"en": "none (Manage Messages)", "es": "ninguno (Gestionar mensajes)"},
    "settings_fact": {"en": "Fact of the day", "es": "Dato del día"},
    "settings_language": {"en": "Language", "es": "Idioma"},
    "settings_anniversaries": {"en": "Anniversary posts", "es": "Aniversarios"},
    "settings_language_value": {
        "en": "{name} (questions: the language they are asked in)",
        "es": "{name} (preguntas: en el idioma en que se hacen)",
    },
    "settings_content": {"en": "Message content", "es": "Contenido de mensajes"},
    "settings_granted": {"en": "granted", "es": "concedido"},
    "settings_not_requested": {"en": "not requested", "es": "no solicitado"},
    "postfact_unknown": {
        "en": 'I have no entry or topic called "{text}". Pick one from the suggestions as you '
        "type. Nothing was posted.",
        "es": 'No tengo ninguna entrada ni tema llamado "{text}". Elige uno de las sugerencias '
        "mientras escribes. No se publicó nada.",
    },
    "postfact_not_here": {
        "en": "I can't post in this channel. Nothing was posted.",
        "es": "No puedo publicar en este canal. No se publicó nada.",
    },
    "postfact_topic_empty": {
        "en": "That topic has no facts. Nothing was posted.",
        "es": "Ese tema no tiene datos. No se publicó nada.",
    },
    "postfact_cannot_post": {
        "en": "I can't post in <#{channel}> (missing permission, or the channel is gone). "
        "Nothing was posted.",
        "es": "No puedo publicar en <#{channel}> (falta un permiso, o el canal ya no existe). "
        "No se publicó nada.",
    },
    "postfact_next_from": {
        "en": ' (next unposted from "{topic}")',
        "es": ' (el siguiente sin publicar de "{topic}")',
    },
    "postfact_posted": {
        "en": 'Posted "{question}"{how} in <#{channel}>: {url}',
        "es": 'Publicado "{question}"{how} en <#{channel}>: {url}',
    },
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
    # --- feedback on answers (bot/utils/feedback.py) --------------------------------
    "feedback_helpful": {"en": "Helpful", "es": "Útil"},
    "feedback_report": {"en": "Report a problem", "es": "Informar de un problema"},
    "feedback_thanks_helpful": {
        "en": "Thanks! Your vote helps the curators see which answers work.",
        "es": "¡Gracias! Tu voto ayuda a los curadores a ver qué respuestas sirven.",
    },
    "feedback_already_helpful": {
        "en": "You already marked this answer helpful: your vote was counted once.",
        "es": "Ya marcaste esta respuesta como útil: tu voto se contó una vez.",
    },
    "feedback_already_reported": {
        "en": "You already reported a problem with this answer; it is in the moderators' "
        "review queue, counted once.",
        "es": "Ya informaste de un problema con esta respuesta; está en la cola de revisión "
        "de los moderadores, contado una vez.",
    },
    "feedback_thanks_report": {
        "en": "Thanks for the report! It is in the moderators' review queue; they and the "
        "curators check every one.",
        "es": "¡Gracias por el aviso! Está en la cola de revisión de los moderadores; ellos y "
        "los curadores revisan cada uno.",
    },
    "feedback_form_title": {
        "en": "Report a problem with this answer",
        "es": "Informar de un problema con la respuesta",
    },
    "feedback_reason_label": {"en": "What is wrong?", "es": "¿Qué está mal?"},
    "feedback_reason_placeholder": {"en": "Pick one", "es": "Elige una opción"},
    "feedback_details_label": {"en": "Details (optional)", "es": "Detalles (opcional)"},
    "feedback_details_placeholder": {
        "en": "What should it say, which link is broken, what did you ask?",
        "es": "¿Qué debería decir, qué enlace no funciona, qué preguntaste?",
    },
    "feedback_reason_wrong-fact": {"en": "Wrong fact", "es": "Dato incorrecto"},
    "feedback_reason_source-broken": {"en": "Source broken", "es": "Fuente rota"},
    "feedback_reason_not-what-i-asked": {
        "en": "Not what I asked",
        "es": "No es lo que pregunté",
    },
    "feedback_reason_other": {"en": "Other", "es": "Otro"},
    "feedback_bad_form": {
        "en": "Sorry, I could not read that form (pick one of the reasons). Nothing was filed.",
        "es": "Lo siento, no pude leer el formulario (elige uno de los motivos). No se "
        "registró nada.",
    },
    "feedback_gone": {
        "en": "That answer is no longer in the knowledge pack, so there is nothing to vote on.",
        "es": "Esa respuesta ya no está en el conjunto de respuestas: no hay nada que votar.",
    },
    "feedback_store_busy": {
        "en": "I can't reach my database right now; please try again in a moment.",
        "es": "Ahora no puedo acceder a mi base de datos; inténtalo de nuevo en un momento.",
    },
    "postfact_topic_choice": {
        "en": "Topic: {topic} (next unposted of {count})",
        "es": "Tema: {topic} (el siguiente sin publicar de {count})",
    },
} | TIMELINE


def message(key: str, language: str | None = None, /, **fields: object) -> str:
    """The text for `key` in `language` ("es", "es-419"; English if it lacks one)."""
    texts = MESSAGES[key]
    code = base_code(language) or DEFAULT_LANGUAGE
    template = texts.get(code, texts[DEFAULT_LANGUAGE])
    return template.format(**fields) if fields else template
