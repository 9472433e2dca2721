"""Feed state across nights: backoff, retirement, moved URLs, validators."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from extract.models import FeedEntry
from flows import feedstate
from flows.config import FeedConfig
from flows.work import plan_batches

FEED = FeedConfig("meridian", "https://meridian.example/feed.xml")
T0 = datetime(2026, 3, 1, 3, 0, tzinfo=timezone.utc)


def night(state, outcome, status=None, when=T0, **kw):
    return feedstate.next_state(
        state, FEED, outcome=outcome, status=status, error=None if outcome == "ok" else outcome,
        etag=kw.get("etag"), last_modified=kw.get("last_modified"), content_hash=kw.get("content_hash"),
        moved_to=kw.get("moved_to"), now=when,
    )


def test_success_stores_validators_and_resets_failures():
    s = night(feedstate.new_state(FEED), "http_5xx", 503)
    s = night(s, "ok", 200, etag='"v1"', last_modified="Sun, 01 Mar 2026 00:00:00 GMT", content_hash="abc")
    assert s["consecutive_failures"] == 0 and s["failing_since"] is None
    assert feedstate.validators(s, FEED) == {
        "etag": '"v1"', "last_modified": "Sun, 01 Mar 2026 00:00:00 GMT", "previous_hash": "abc"}


def test_not_modified_keeps_validators():
    s = night(feedstate.new_state(FEED), "ok", 200, etag='"v1"')
    s = night(s, "not_modified", 304)
    assert s["etag"] == '"v1"'


def test_failing_feed_backs_off_but_is_never_dropped():
    s = feedstate.new_state(FEED)
    due_nights = []
    for day in range(30):
        now = T0 + timedelta(days=day)
        due, why = feedstate.is_due(s, FEED, now)
        if due:
            due_nights.append(day)
            s = night(s, "timeout", None, when=now)
        else:
            assert "backing off" in why
    # Every night at first, then at growing intervals capped at a week: tried, but not hammered.
    assert due_nights[:3] == [0, 1, 2]
    gaps = [b - a for a, b in zip(due_nights, due_nights[1:])]
    assert gaps == sorted(gaps) and max(gaps) <= feedstate.MAX_BACKOFF_DAYS
    assert len(due_nights) >= 6
    assert s["consecutive_failures"] == len(due_nights)
    assert s["failing_since"] == T0


def test_gone_retires_until_url_changes():
    s = night(feedstate.new_state(FEED), "http_410", 410)
    assert feedstate.is_due(s, FEED, T0 + timedelta(days=1)) == (False, "retired (410 Gone)")
    moved = FeedConfig(FEED.name, "https://meridian.example/new-feed.xml")
    assert feedstate.is_due(s, moved, T0 + timedelta(days=1)) == (True, None)


def test_permanent_redirect_is_followed_next_night():
    s = night(feedstate.new_state(FEED), "ok", 200, moved_to="https://meridian.example/rss")
    assert feedstate.effective_url(s, FEED) == "https://meridian.example/rss"
    edited = FeedConfig(FEED.name, "https://elsewhere.example/rss")
    assert feedstate.effective_url(s, edited) == "https://elsewhere.example/rss"


def hosts(batch) -> set[str]:
    return {e.link.split("/")[2] for _, e in batch.items}


def test_small_hosts_share_batches_and_never_run_in_two_at_once():
    items = [(f"f{i % 3}", FeedEntry(link=f"https://h{i % 5}.example/a/{i}")) for i in range(30)]  # 6 per host
    batches = plan_batches(items, batch_size=10)
    assert sorted(e.link for b in batches for _, e in b.items) == sorted(e.link for _, e in items)
    assert all(len(b.items) <= 10 and b.after is None for b in batches)
    seen: set[str] = set()
    for b in batches:
        assert not (hosts(b) & seen)
        seen |= hosts(b)


def test_a_busy_host_is_split_into_a_chain():
    busy = [("f", FeedEntry(link=f"https://busy.example/a/{i}")) for i in range(25)]
    quiet = [("f", FeedEntry(link=f"https://quiet{i}.example/a")) for i in range(3)]
    batches = plan_batches(busy + quiet, batch_size=10)
    chain = [i for i, b in enumerate(batches) if hosts(b) == {"busy.example"}]
    assert [len(batches[i].items) for i in chain] == [10, 10, 5]
    # Each busy batch waits for the one before it, so the host is never served by two tasks at once.
    assert [batches[i].after for i in chain] == [None, chain[0], chain[1]]
    assert [e.link for i in chain for _, e in batches[i].items] == [e.link for _, e in busy]
    others = [b for i, b in enumerate(batches) if i not in chain]
    assert len(others) == 1 and hosts(others[0]) == {f"quiet{i}.example" for i in range(3)}


def test_with_a_shared_pacer_hosts_are_dealt_across_batches():
    busy = [("f", FeedEntry(link=f"https://busy.example/a/{i}")) for i in range(12)]
    quiet = [("f", FeedEntry(link=f"https://quiet{i}.example/a/{j}")) for i in range(4) for j in range(2)]
    batches = plan_batches(busy + quiet, batch_size=5, shared_pacer=True)
    assert sorted(e.link for b in batches for _, e in b.items) == sorted(e.link for _, e in busy + quiet)
    assert all(len(b.items) <= 5 and b.after is None for b in batches)
    # Every host is in the first batches, so each starts fetching at once; the busy host's order is kept.
    assert hosts(batches[0]) == {"busy.example"} | {f"quiet{i}.example" for i in range(4)}
    assert [e.link for b in batches for _, e in b.items if "busy" in e.link] == [e.link for _, e in busy]
