"""Moderators' replies from ``/config`` and ``/postfact``: the server's settings
and what the bot posts on its own.

These confirm a change ("Nothing was changed" when refused), so they are
kept together to say it the same way everywhere.
"""

from .plural import Texts

MESSAGES: dict[str, Texts] = {
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
        "en": "off until a channel is set ({/config fact})",
        "es": "desactivado hasta que se elija un canal ({/config fact})",
    },
    "schedule_missing_time": {
        "en": "off until a time is set ({/config fact})",
        "es": "desactivado hasta que se elija una hora ({/config fact})",
    },
    "schedule_due_now": {"en": "due now", "es": "toca ahora"},
    "schedule_next": {"en": "next {when}", "es": "el próximo: {when}"},
    "schedule_on": {
        "en": "<#{channel}> daily at {time} UTC ({when})",
        "es": "<#{channel}> cada día a las {time} UTC ({when})",
    },
    "fact_schedule_ask": {
        "en": "Fact of the day: {schedule}. Give a `{@channel}`, a `{@time}` (HH:MM, UTC), or "
        "`{@stop}: True`.",
        "es": "Dato del día: {schedule}. Indica un `{@channel}`, una `{@time}` (HH:MM, UTC) o "
        "`{@stop}: True`.",
    },
    "fact_schedule": {"en": "Fact of the day: {schedule}.", "es": "Dato del día: {schedule}."},
    "bad_time": {
        "en": 'The time must be HH:MM in UTC (00:00 to 23:59), not "{time}". Nothing was changed.',
        "es": "La hora debe tener la forma HH:MM en UTC (de 00:00 a 23:59), no «{time}». No "
        "se cambió nada.",
    },
    "nothing_changed": {"en": "{error}. Nothing was changed.", "es": "{error}. No se cambió nada."},
    "language_set": {
        "en": "This server's language is now {name}: the fact of the day and {/postfact} "
        "are posted in it, and questions that could be either language are answered in it. "
        "Questions are still answered in the language they are asked in.",
        "es": "El idioma de este servidor ahora es {name}: el dato del día y {/postfact} se "
        "publican en él, y las preguntas que podrían estar en cualquier idioma se responden "
        "en él. Las preguntas se siguen respondiendo en el idioma en que se hacen.",
    },
    "language_unknown": {
        "en": 'This pack has no "{code}" text. Languages: {codes}. Nothing was changed.',
        "es": 'Este conjunto no tiene textos en "{code}". Idiomas: {codes}. No se cambió nada.',
    },
    # --- /config anniversaries (the schedule's "due now" and "next" are schedule_...) --
    "anniversaries_on": {
        "en": "<#{channel}> at {time} UTC on days the timeline has events ({when})",
        "es": "<#{channel}> a las {time} UTC los días con hechos en la cronología ({when})",
    },
    "anniversaries_none": {
        "en": "no day in the next year has events",
        "es": "ningún día del próximo año tiene hechos",
    },
    "anniversaries_no_timeline": {
        "en": "this knowledge pack has no timeline, so nothing will be posted",
        "es": "este conjunto de respuestas no tiene cronología, así que no se publicará nada",
    },
    "anniversaries_need_channel": {
        "en": "Give a `{@channel}` to post in (and a `{@time}`, HH:MM UTC).",
        "es": "Indica un `{@channel}` donde publicar (y una `{@time}`, HH:MM UTC).",
    },
    "anniversaries_said": {"en": "Anniversary posts: {text}.", "es": "Aniversarios: {text}."},
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
    "postfact_topic_choice": {
        "en": "Topic: {topic} (next unposted of {count})",
        "es": "Tema: {topic} (el siguiente sin publicar de {count})",
    },
}
