"""The polite replies to failures (``bot/errors.py`` picks one per exception).

Apart so that every "sorry" the bot can say is in one short list, and a new
failure gets its reply next to the others.
"""

from .plural import Texts

MESSAGES: dict[str, Texts] = {
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
}
