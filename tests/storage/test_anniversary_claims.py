"""The anniversary posts' store: the fact of the day's rule (due from HH:MM, caught up
after midnight, never a slot from before it was switched on), only days with events,
one claim per day apart from the fact of the day's, and when the next post is due."""

from __future__ import annotations

import datetime as dt

from bot.storage import Store

GUILD = 42
CHANNEL = 7
EVENT_DAYS = {(12, 17), (4, 22)}


def at(day: str, hhmm: str = "12:00") -> dt.datetime:
    return dt.datetime.fromisoformat(f"{day}T{hhmm}:00").replace(tzinfo=dt.UTC)


def has_events(day: dt.date) -> bool:
    return (day.month, day.day) in EVENT_DAYS


def test_claims_only_days_with_events_once_each(store: Store):
    anniversaries = store.anniversaries
    anniversaries.switch_on(GUILD, CHANNEL, "23:50", now=at("2026-12-16", "08:00"))
    assert anniversaries.claim(GUILD, has_events, now=at("2026-12-16", "23:55")) is None
    # Missed 17 December's 23:50 by a restart: caught up after midnight, dated the 17th.
    claim = anniversaries.claim(GUILD, has_events, now=at("2026-12-18", "00:05"))
    assert claim is not None and claim.day == dt.date(2026, 12, 17) and not claim.resumed
    assert anniversaries.claim(GUILD, has_events, now=at("2026-12-18", "00:06")) is None
    assert anniversaries.finish(claim, message_id=99)
    assert not anniversaries.finish(claim, message_id=99)  # idempotent
    later = at("2026-12-18", "01:00")
    assert anniversaries.claim(GUILD, has_events, now=later, lease_seconds=0) is None
    assert anniversaries.sent_days(GUILD) == [dt.date(2026, 12, 17)]
    assert store.fotd.last_sent(GUILD) is None  # the fact of the day's days are apart


def test_a_pending_claim_comes_back_resumed_after_the_lease(store: Store):
    anniversaries = store.anniversaries
    anniversaries.switch_on(GUILD, CHANNEL, "09:00", now=at("2027-04-21"))
    first = anniversaries.claim(GUILD, has_events, now=at("2027-04-22", "09:00"))
    assert first is not None
    assert anniversaries.claim(GUILD, has_events, now=at("2027-04-22", "09:05")) is None
    again = anniversaries.claim(GUILD, has_events, now=at("2027-04-22", "09:11"))
    assert again is not None and again.resumed and again.attempt == 2
    assert anniversaries.release(again)
    fresh = anniversaries.claim(GUILD, has_events, now=at("2027-04-22", "09:12"))
    assert fresh is not None and not fresh.resumed


def test_switching_on_after_the_slot_waits_and_next_post_skips_empty_days(store: Store):
    anniversaries = store.anniversaries
    anniversaries.switch_on(GUILD, CHANNEL, "07:00", now=at("2026-12-17", "08:00"))
    assert anniversaries.claim(GUILD, has_events, now=at("2026-12-17", "08:01")) is None
    nxt = anniversaries.next_post_time(GUILD, at("2026-12-17", "08:01"), has_events)
    assert nxt == at("2027-04-22", "07:00")
    # Moving only the channel keeps the moment it was switched on; a new time resets it.
    assert anniversaries.switch_on(GUILD, 8, "07:00", now=at("2026-12-18")).since == at(
        "2026-12-17", "08:00"
    )
    assert anniversaries.switch_on(GUILD, 8, "10:00", now=at("2026-12-18")).since == at(
        "2026-12-18"
    )
    assert anniversaries.switch_off(GUILD) and anniversaries.get(GUILD) is None
    assert anniversaries.next_post_time(GUILD, at("2026-12-18"), has_events) is None


def test_forgetting_a_server_forgets_its_anniversaries(store: Store):
    store.anniversaries.switch_on(GUILD, CHANNEL, "09:00", now=at("2026-12-16"))
    claim = store.anniversaries.claim(GUILD, has_events, now=at("2026-12-17", "09:00"))
    assert claim is not None and store.anniversaries.finish(claim, message_id=1)
    store.forget_guild(GUILD)
    assert store.anniversaries.get(GUILD) is None
    assert store.anniversaries.sent_days(GUILD) == []


LIMA = dt.timezone(dt.timedelta(hours=-5))


def test_the_day_is_the_packs_local_day_not_utcs(store: Store):
    """Posting at 02:00 UTC, which is 21:00 the day before in Lima: an event of 17
    December is posted at 02:00 UTC on the 18th (Lima's 17th), not on the 17th."""
    anniversaries = store.anniversaries
    anniversaries.switch_on(GUILD, CHANNEL, "02:00", now=at("2026-12-15"))
    nxt = anniversaries.next_post_time(GUILD, at("2026-12-16"), has_events, LIMA)
    assert nxt == at("2026-12-18", "02:00")
    assert anniversaries.claim(GUILD, has_events, zone=LIMA, now=at("2026-12-17", "02:00")) is None
    claim = anniversaries.claim(GUILD, has_events, zone=LIMA, now=at("2026-12-18", "02:00"))
    assert claim is not None and claim.day == dt.date(2026, 12, 17)
    assert anniversaries.finish(claim, message_id=5)
    assert anniversaries.sent_days(GUILD) == [dt.date(2026, 12, 17)]
    # In UTC (a pack that gives no offset) the same slot is the 17th's.
    assert anniversaries.next_post_time(GUILD, at("2026-12-16"), has_events) == at(
        "2026-12-17", "02:00"
    )
