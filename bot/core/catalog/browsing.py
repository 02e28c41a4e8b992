"""What members read when they look around: ``/topics``, ``/sources``,
``/disputes`` and ``/help``.

One place for the pages a member browses, so the help text and the
commands it names are edited side by side.
"""

from .plural import Texts

MESSAGES: dict[str, Texts] = {
    "dispute_title": {
        "en": "Where the sources disagree: {question}",
        "es": "Dónde no coinciden las fuentes: {question}",
    },
    "disputes_title": {
        "en": "Where the sources disagree ({count})",
        "es": "Dónde no coinciden las fuentes ({count})",
    },
    "disputes_footer_more": {
        "en": "Page {page} of {pages} · {plain/disputes} {@page}:{next} for more",
        "es": "Página {page} de {pages} · {plain/disputes} {@page}:{next} para ver más",
    },
    "disputes_footer_last": {
        "en": "Page {page} of {pages} · {plain/ask} to read an answer",
        "es": "Página {page} de {pages} · {plain/ask} para leer una respuesta",
    },
    "no_disputes": {
        "en": "No entry of this pack records a disagreement between sources.",
        "es": "Ninguna entrada de este conjunto registra un desacuerdo entre fuentes.",
    },
    "topics_title": {"en": "Topics I can answer", "es": "Temas sobre los que respondo"},
    "topic_line": {
        "en": {"one": "**{name}**: {count} question", "other": "**{name}**: {count} questions"},
        "es": {"one": "**{name}**: {count} pregunta", "other": "**{name}**: {count} preguntas"},
    },
    "no_topics": {"en": "No topics yet.", "es": "Todavía no hay temas."},
    "topics_footer": {
        "en": "{plain/topics} {@topic}:<name> lists its questions · "
        "{plain/fact} {@topic}:<name>: a fact",
        "es": "{plain/topics} {@topic}:<nombre> muestra sus preguntas · "
        "{plain/fact} {@topic}:<nombre>: un dato",
    },
    "topic_title": {
        "en": {"one": "{name}: {count} question", "other": "{name}: {count} questions"},
        "es": {"one": "{name}: {count} pregunta", "other": "{name}: {count} preguntas"},
    },
    "topic_footer_ask": {
        "en": "Ask any of these with {plain/ask}",
        "es": "Pregunta cualquiera con {plain/ask}",
    },
    "no_topic_called": {
        "en": 'No topic called "{topic}". ',
        "es": 'No hay ningún tema llamado "{topic}". ',
    },
    "sources_title": {"en": "Sources the answers cite", "es": "Fuentes que citan las respuestas"},
    "no_sources": {"en": "No sources.", "es": "No hay fuentes."},
    "sources_page_more": {
        "en": " · {plain/sources} {@page}:{page} for more",
        "es": " · {plain/sources} {@page}:{page} para ver más",
    },
    "sources_footer": {
        "en": {
            "one": "Page {page} of {pages} · {count} source{more}",
            "other": "Page {page} of {pages} · {count} sources{more}",
        },
        "es": {
            "one": "Página {page} de {pages} · {count} fuente{more}",
            "other": "Página {page} de {pages} · {count} fuentes{more}",
        },
    },
    "help_title": {"en": "{name}: answers with sources", "es": "{name}: respuestas con fuentes"},
    "help_description": {
        "en": {
            "one": "I answer questions about {summary} from a curated pack of {count} cited "
            "answer. Every answer lists its sources with links.",
            "other": "I answer questions about {summary} from a curated pack of {count} cited "
            "answers. Every answer lists its sources with links.",
        },
        "es": {
            "one": "Respondo preguntas sobre {summary} con un conjunto revisado de {count} "
            "respuesta citada. Cada respuesta enumera sus fuentes con enlaces.",
            "other": "Respondo preguntas sobre {summary} con un conjunto revisado de {count} "
            "respuestas citadas. Cada respuesta enumera sus fuentes con enlaces.",
        },
    },
    "help_commands_name": {"en": "Commands", "es": "Comandos"},
    "help_commands": {
        "en": "{/ask} `{@question}:` ask anything; suggestions appear as you type "
        "(`{@private}:True`: only you see the answer)\n"
        "{/fact} `[{@topic}]` a random fact\n"
        "{/topics} `[{@topic}]` what I know about\n"
        "{/sources} every source I cite\n"
        "{/disputes} where the sources disagree\n"
        "Right-click a message → **Apps → {@Answer with crisisbot}**: I answer it\n"
        "{timeline}{/help} this message",
        "es": "{/ask} `{@question}:` pregunta lo que quieras; aparecen sugerencias mientras "
        "escribes (`{@private}:True`: solo tú ves la respuesta)\n"
        "{/fact} `[{@topic}]` un dato al azar\n"
        "{/topics} `[{@topic}]` de qué sé\n"
        "{/sources} todas las fuentes que cito\n"
        "{/disputes} dónde no coinciden las fuentes\n"
        "Clic derecho en un mensaje → **Apps → {@Answer with crisisbot}**: lo respondo\n"
        "{timeline}{/help} este mensaje",
    },
    "help_timeline_line": {
        "en": "{/timeline} `[{@when}]` dated events, by date or month\n",
        "es": "{/timeline} `[{@when}]` los hechos con fecha, por día o por mes\n",
    },
    "help_moderators_name": {"en": "For moderators", "es": "Para moderadores"},
    "help_moderators": {
        "en": "{/postfact} post a cited fact to a channel · {/config} answer channels, "
        "cooldown, moderator role, fact of the day, anniversary posts, language · "
        "{/kb reload} re-read the pack · {/kb gaps} questions I could not answer · "
        "{/kb feedback} members' reports on answers · {/kb stats} what gets asked (Manage "
        "Messages or the moderator role)",
        "es": "{/postfact} publica un dato citado en un canal · {/config} canales de "
        "respuesta, espera, rol de moderador, dato del día, aniversarios, idioma · "
        "{/kb reload} vuelve a "
        "leer el conjunto de respuestas · {/kb gaps} preguntas que no supe responder · "
        "{/kb feedback} los problemas que señalan los miembros · {/kb stats} qué se "
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
}
