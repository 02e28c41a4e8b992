"""Spanish word lists the matcher uses, whatever the pack's topic (english.py's twins).

Spanish questions on a Peruvian server are written with and without accents,
with chat spellings ("q", "xq", "pq", "k") and Peruvian chat words ("oe",
"pe", "causa", "pata"), so the lists hold the accent-free forms the
normalizer compares (it folds accents before stemming) and CHAT_SPELLINGS
writes the common abbreviations out before anything else sees them.

- STOPWORDS: function words (articles, prepositions, pronouns, the commonest
  verbs "ser", "estar", "haber").
- QUESTION_WORDS: qué, quién, cuándo, dónde, cómo, cuánto...: some meaning,
  but in most questions.
- COMMON_WORDS: everyday chat ("hola", "una pregunta", "alguien sabe",
  "mi profe") that says nothing about what the question is about. Words that
  questions turn on ("empezó", "terminó", "días", "noche", "fecha") are not
  here.
"""

from __future__ import annotations

import re

# Chat spellings, written out as the word they stand for (folded forms).
CHAT_SPELLINGS = {
    "q": "que",
    "k": "que",
    "ke": "que",
    "xq": "porque",
    "pq": "porque",
    "pk": "porque",
    "xk": "porque",
    "porq": "porque",
    "x": "por",
    "d": "de",
    "tb": "tambien",
    "tmb": "tambien",
    "tbn": "tambien",
    "dnd": "donde",
    "cdo": "cuando",
    "qn": "quien",
    "xfa": "porfa",
    "pa": "para",
    "toy": "estoy",
    "ta": "esta",
    "dic": "diciembre",
    "dsps": "despues",
    "dps": "despues",
    "dsp": "despues",
}

# Words Snowball's Spanish stemmer would merge with words of another meaning
# ("comando" and "como" are both "com", "militar" and "militante" "milit",
# "embajador" and "embajada" "embaj"): kept apart, each family as one stem.
STEM_EXCEPTIONS = {
    **dict.fromkeys(["comando", "comandos"], "comando"),
    **dict.fromkeys(["militar", "militares"], "militar"),
    **dict.fromkeys(["embajador", "embajadores", "embajadora", "embajadoras"], "embajador"),
    **dict.fromkeys(["secuestrador", "secuestradores", "secuestradora"], "secuestrador"),
    **dict.fromkeys(["heroe", "heroes", "heroico", "heroica"], "heroe"),
    **dict.fromkeys(["muro", "muros"], "muro"),
    **dict.fromkeys(["rescatista", "rescatistas"], "rescatista"),
}

STOPWORDS = frozenset(
    """
    a al ante bajo con contra de del desde durante en entre hacia hasta mediante mientras
    para por segun sin sobre cuyo cuya cuyos cuyas hacer hace hacen hacia hacian hizo
    hicieron haciendo
    tras el la los las lo un una unos unas uno y e o u ni pero sino mas se me te le les
    nos os mi mis tu tus su sus yo ella ellos ellas usted ustedes nosotros vosotros ello
    es son era eran fue fueron ser sido siendo sera seria esta estan estaba estaban estuvo
    estuvieron estar estoy este esta estos estas esto eso ese esa esos esas aquel
    aquella aquello ha han hay habia habian hubo he has haber habra tiene tienen tenia
    tenian tuvo tener muy ya tambien solo si sea son aca alli ahi aqui pues osea
    hola oye oe ey holi buenas porfa xfa plis please pls gracias bot
    """.split()
)

QUESTION_WORDS = frozenset(
    """
    que quien quienes cuando donde adonde como cual cuales cuanto cuanta cuantos cuantas
    porque
    """.split()
)

COMMON_WORDS = frozenset(
    """
    pe causa pata bro brother hermano hermanito amigo amiga amigos chicos chicas gente
    alguien nadie sabe saben sabes saber sabia sabian conoce conocen conocer pregunta
    preguntas preguntar pregunto duda dudas consulta curiosidad curioso curiosa interesa
    interesante quiero queria quisiera gustaria podrias podria puedes puede pueden decir
    dime digan dices cuentame cuentan contar explicame explicar explica expliquen ayuda
    ayudar ayudame favor genial bueno buena bien mal cosa cosas algo nada todo todos toda
    todas mucho mucha muchos muchas poco poca pocos otro otra otros otras mismo misma vez
    veces ahora hoy ayer siempre nunca entonces luego asi tal tipo onda jaja jajaja jajaj
    xd lol creo crei pienso parece verdad cierto cierta seguro segura realmente
    exactamente basicamente literalmente tema dato datos info informacion profe profesor
    profesora tarea trabajo clase colegio cole universidad examen papa mama abuelo abuela
    abuelito abuelita tio tia primo prima video youtube podcast canal servidor discord
    wiki wikipedia leer lei leyendo vi ver visto viendo escuche oi dicen dijeron decia
    cuenta habla hablan hablando recuerdo recuerda acuerdo acuerdas manya manyas chevere
    bacan asu alucina oigan cuentenme resumen resumido rapido rapida corto corta breve
    general generalmente principal basico importante detalle detalles ejemplo claro
    claramente sinceramente honestamente ok okay vale listo nomas
    netflix google tiktok instagram twitter facebook sr sra srta dr dra don dona senor senora
    decirme indicarme contarme confirmarme explicarme aclararme ayudarme porfavor che
    crisisbot bot
    igual soy eres chucha nel hilo pana mano wey weon huevon
    cumplio cumplia cumplir cumplido sirvio servia servir discutir discutio discutian
    discusion entender entiendo entendi mencionar menciono menciona mencionan supuestamente
    refiere refiero manera obvio obviamente asunto intriga harto encontre conocido acerca
    alla mayoria aproximadamente exactitud abrio abrieron abrir abre
    """.split()
)


# Spelling by ear: Spanish writes one sound several ways (b/v, s/z/c, c/k/qu, g/j,
# ll/y, a silent h), and chat and hurried writers pick either ("estavan",
# "empeso", "jente", "qien", "aoqui"). Edit distance finds some of these, but
# also wrong neighbours ("jente" is as near "junta" as "gente"). Two spellings
# with the same sound key are the same word.
_SOUNDS = (
    (re.compile(r"ch"), "\x00"),  # keep "ch" whole while "h" goes
    (re.compile(r"h"), ""),
    (re.compile(r"\x00"), "ch"),
    (re.compile(r"qu(?=[ei])"), "k"),
    (re.compile(r"c(?=[ei])"), "s"),
    (re.compile(r"g(?=[ei])"), "j"),
    (re.compile(r"gu(?=[ei])"), "g"),
    (re.compile(r"q"), "k"),
    (re.compile(r"c"), "k"),
    (re.compile(r"z"), "s"),
    (re.compile(r"v"), "b"),
    (re.compile(r"w"), "u"),
    (re.compile(r"ll"), "y"),
    (re.compile(r"x"), "ks"),
    (re.compile(r"y$"), "i"),
    (re.compile(r"(.)\1+"), r"\1"),  # "hashimotto", "rr"
)


def sound_key(word: str) -> str:
    """A folded word as it sounds: "estavan" and "estaban", "qien" and "quien"."""
    for pattern, replacement in _SOUNDS:
        word = pattern.sub(replacement, word)
    return word
