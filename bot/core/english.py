"""English word lists the matcher uses, whatever the pack's topic.

- STOPWORDS: function words. They carry little meaning in a question.
- QUESTION_WORDS: who, when, where...: some meaning, but everywhere.
- COMMON_WORDS: everyday words of chat (but not words such as "start", "end",
  "first", "long" or "time" that questions in any pack turn on). When a pack never uses one, its
  presence says little about what the question is about ("hey, quick question,
  is it true that ..."); a word that is neither in the pack nor common
  ("Iran", "Entebbe", "weather") says the question is about something else.

Both are plain sets of lowercase, accent-free words, compared after the
normalizer has folded and de-pluralized the question (so "guys" is "guy").
"""

from __future__ import annotations

STOPWORDS = frozenset(
    """
    a an the is are was were be been being am do does did done doing have has had having
    i me my mine myself we us our ours you your yours u ur he him his she her hers it its
    they them their theirs this that these those there here of in on at to for from by
    with about into onto over under as and or but nor so if then than too very just
    really actually also please pls plz tell know explain say said can could would should
    will shall may might must hey hi hello yo ok okay bot some any all thing stuff like
    abt bc cuz tho thx ty
    """.split()
)

# Question words tell "when did it start" from "who started it", but they are
# in half the questions a pack has, so they weigh less than a content word.
QUESTION_WORDS = frozenset(
    "what whats which who whom whose when where why how wat wut wht whn wen hw".split()
)

COMMON_WORDS = frozenset(
    """
    about above across after afterward afterwards again against ago ahead all almost alone
    along already alright always amazing among amount another answer anybody anymore anyone
    anything anyway anywhere apparently appear around ask asked asking away awesome back bad
    basically because become before behind believe below best better between big bit both
    bring brought btw call called came care case certain certainly chance change clear
    clearly come coming complete completely context correct could couldnt curious dear
    definitely describe detail didnt different do does doesnt dont down during each easy
    either else enough especially even event ever every everybody everyone everything exact
    exactly example explain fact fair far fast feel felt few figure find fine follow
    following found friend full fun funny general generally get give given go goes going
    gone good got great guess guy happen happening hard hear heard help here high hold
    honest hope huge idea important info information interested interesting isnt issue keep
    kind knew known learn least leave left less let level life likely line list little live
    look looking lot lots made main major make many matter maybe mean meant mention
    mentioned mind minute moment more most mostly much near need never new news next nice
    nobody none normal nothing now nowadays often oh old once one only open other others
    otherwise out overall own part particular past people percent perhaps person place point
    possible pretty probably problem question quick quickly quite rather read ready real
    reason recall recently remember right same saw say says see seem seemed seems seen sense
    set several show since small somebody someone something sometime sometimes somewhat soon
    sorry sort source sources speak specific still story stuff such summary sure take talk
    talking teach thanks thank thats themselves then thing things think thinking though
    thought through thus today together told too took topic total true truth try trying turn
    type understand until upon use used useful using usually wait want wanted wasnt watch
    way ways well went werent whatever whats whether while whole wiki wikipedia wonder
    wondering word work world would wouldnt wrong yeah yes yet young accurate actual behalf
    involved ish kinda sorta lol tbh imo afaik idk basically literally honestly seriously
    bunch folks everybody somehow someway anyways thanks tldr eli5 quick rough roughly
    ngl lowkey highkey bro bruh dude fr gonna wanna gotta um uh omg wtf legit sanity
    podcast essay teacher homework assignment project cousin uncle aunt grandpa grandma
    grandfather grandmother dad mom mum doc youtube channel server discord reddit rabbit
    lurker random commute nerd buff professor prof paper footnote prepping episode yall ya
    dunno lemme gimme cuz coz tho rn smh ikr iirc sus insane crazy wild clip
    netflix google tiktok instagram twitter facebook mr mrs ms dr sir madam miss
    crisisbot bot
    im ive id youre theyre lmao lmfao haha hahaha rofl forgot forget smth sth imagine cool
    rumour rumor rumours rumors script
    serve served serving confused confusing confuse act acted instead discuss discussed
    according notable notably abbreviation abbreviated argue argued arguing mad put trouble
    trivia straight refer referred swear lucky provide provided insist insisted prominent
    suppose supposed supposedly mix mixed consult consulted fascinating fascinated dumb
    slight slightly forever fancy younger
    """.split()
)
