"""Discord pieces the extensions share, so that no extension imports another:

* ``checks.py``: the moderator check and the cooldown check;
* ``tree.py``: the command tree that turns every check failure and error into a
  polite reply (through ``bot/errors.py``);
* ``answers.py``: answering a question (a slash command, a message, a context menu);
* ``replies.py``: private replies, and replies to a message that ping no one;
* ``views.py``: the buttons under answers: "did you mean", "also relevant", "read
  next" and "sources disagree" (``answer_view`` lays them out from row 1 on);
* ``feedback.py``: "Helpful" and "Report a problem" (row 0 of every answer) and the
  report form;
* ``review.py``: what moderators read: the feedback queue and ``/kb stats``;
* ``options.py``: command options: a channel the bot can see, topic autocomplete.
"""
