"""What the tests share: ``bots`` (a CrisisBot on the stand-in, the small crisis pack),
``moderation`` (a bot on a real database with a settable clock), ``hostile`` (hostile
member text and checks on what Discord would show), ``paths`` and ``unprivileged``.
The Discord stand-in itself is ``tests/standin/``."""
