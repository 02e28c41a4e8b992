"""bot/storage/unanswered.py: counts by question and day, never who asked, and the
retention window."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from helpers.storage import GUILD, OTHER_GUILD, at

from bot.limits import MAX_QUESTION_CHARS
from bot.storage import (
    Store,
    normalize_question,
)


def test_normalization():
    assert normalize_question("  Who   was CERPA?? ") == ("who was cerpa", "Who was CERPA??")
    assert normalize_question("Túpac Amaru")[0] == normalize_question("tupac amaru!")[0]
    key, display = normalize_question("<@!123456789012345678> what's <#98765> MRTA <:x:555>")
    assert "123456789012345678" not in display + key and "98765" not in display + key
    assert key == "what mrta"  # the matcher's own folding (core.text.fold): "'s" goes
    assert normalize_question("the U.S. role")[0] == "the usa role"
    assert normalize_question("<@123> ?!") is None
    assert normalize_question("") is None
    assert len(normalize_question("x" * 10_000)[1]) == MAX_QUESTION_CHARS


def test_gaps_count_order_and_privacy(store: Store, db: Path):
    now = at("2026-11-25")
    for text, times, when in [
        ("Who was Cerpa?", 3, now),
        ("who was cerpa", 1, now),
        ("What did <@555555555555555555> eat?", 2, at("2026-11-20")),
        ("Why tunnels", 2, now),
        ("alpha question", 2, now),
    ]:
        for _ in range(times):
            store.unanswered.log(text, guild_id=GUILD, now=when)
    store.unanswered.log("only elsewhere", guild_id=OTHER_GUILD, now=now)
    assert store.unanswered.log("   ", now=now) is None
    gaps = store.unanswered.top_gaps(10, now=now)
    assert [(g.question, g.count) for g in gaps] == [
        ("Who was Cerpa?", 4),
        ("alpha question", 2),  # ties: most recent first, then alphabetical
        ("Why tunnels", 2),
        ("What did eat?", 2),
        ("only elsewhere", 1),
    ]
    assert gaps[3].first_seen == gaps[3].last_seen == dt.date(2026, 11, 20)
    assert [g.question for g in store.unanswered.top_gaps(2, now=now)] == [
        "Who was Cerpa?",
        "alpha question",
    ]
    assert "only elsewhere" not in [
        g.question for g in store.unanswered.top_gaps(guild_id=GUILD, now=now)
    ]
    # Nothing that identifies a person is stored anywhere in the file.
    store.close()
    raw = b"".join(p.read_bytes() for p in db.parent.iterdir() if p.is_file())
    assert b"555555555555555555" not in raw


def test_gaps_retention(db: Path):
    with Store(db, retention_days=90) as s:
        s.unanswered.log("ancient", now=at("2026-01-01"))
        s.unanswered.log("recent", now=at("2026-11-20"))
        s.unanswered.log("both", now=at("2026-01-01"))
        s.unanswered.log("both", now=at("2026-11-20"))
        # Reading applies the window even before anything is pruned.
        now = at("2026-11-25")
        assert {(g.question, g.count) for g in s.unanswered.top_gaps(now=now)} == {
            ("recent", 1),
            ("both", 1),
        }
    # Pruned on start: the old counts are gone from the file.
    with Store(db, retention_days=90, now=at("2026-11-25")) as s:
        rows = s.db._conn.execute("SELECT count(*) FROM unanswered_daily").fetchone()[0]
        assert rows == 2
        keys = {r[0] for r in s.db._conn.execute("SELECT key FROM unanswered")}
        assert keys == {"recent", "both"}
        # ... and periodically from the logging path (at most hourly).
        s.unanswered.log("recent", now=at("2027-03-01"))
        assert [g.question for g in s.unanswered.top_gaps(now=at("2027-03-01"))] == ["recent"]
        assert s.db._conn.execute("SELECT count(*) FROM unanswered_daily").fetchone()[0] == 1


def test_a_batch_is_counted_in_one_transaction(store: Store):
    moment = at("2026-11-20", "10:00")
    keys = store.unanswered.log_many(
        [
            ("Who was Cerpa's dentist?", GUILD, moment),
            ("who was cerpa's dentist", GUILD, moment),
            ("<@123> ?!", GUILD, moment),  # nothing left to count
            ("Who was Cerpa's dentist?", OTHER_GUILD, moment),
        ]
    )
    assert keys[2] is None and keys[0] == keys[1] == keys[3]
    gaps = store.unanswered.top_gaps(guild_id=GUILD, now=moment)
    assert [(g.question, g.count) for g in gaps] == [("Who was Cerpa's dentist?", 2)]
    assert store.unanswered.top_gaps(guild_id=OTHER_GUILD, now=moment)[0].count == 1
