"""Members' feedback on answers: the "Helpful" and "Report a problem" buttons,
the report form and its thank-yous (``bot/utils/feedback.py``).

The reasons' keys are ``feedback_reason_<code>``, the codes the store keeps.
"""

from .plural import Texts

MESSAGES: dict[str, Texts] = {
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
}
