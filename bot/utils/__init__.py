"""Discord pieces the extensions share, so that no extension imports another:

* ``checks.py``: the moderator check and the cooldown check;
* ``tree.py``: the command tree that turns every check failure and error into a
  polite reply (through ``bot/errors.py``);
* ``replies.py``: answering a question (a slash command, a message) and private replies;
* ``views.py``: the "did you mean" and "also relevant" buttons;
* ``options.py``: command options: a channel the bot can see, topic autocomplete.
"""
