"""Feed state across nights: validators for conditional GET, moved URLs, retirement and backoff.

Pure functions over the `feeds` row (a dict) so the rules are easy to test and to read:
- a feed that fails keeps being tried, but less often: nights 1-2 of failure retry the next night,
  then the wait doubles (2, 4, ... days) up to MAX_BACKOFF_DAYS. It is never silently dropped: its
  consecutive failures, last error and failing_since stay visible in `feeds` and `run_health`.
- 410 Gone retires a feed: it is not fetched again until the user edits its URL.
- a permanent redirect (301/308 on every hop) records the new URL, which later nights fetch.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from flows.config import FeedConfig

MAX_BACKOFF_DAYS = 7
# A night's schedule drifts by minutes; a feed due "in 2 days" must not wait a third night for that.
_SLACK = timedelta(hours=2)


def new_state(feed: FeedConfig) -> dict[str, Any]:
    """The state of a feed never fetched before."""
    return {"name": feed.name, "url": feed.url, "consecutive_failures": 0}


def effective_url(state: dict[str, Any], feed: FeedConfig) -> str:
    """The URL to fetch tonight: where the feed moved to, unless the user changed its URL since."""
    if state.get("url") != feed.url:
        return feed.url
    return state.get("current_url") or feed.url


def is_due(state: dict[str, Any], feed: FeedConfig, now: datetime) -> tuple[bool, str | None]:
    """Whether to fetch the feed tonight, and why not when it is not."""
    if state.get("url") != feed.url:
        return True, None  # a changed URL is a fresh start
    if state.get("retired_at"):
        return False, "retired (410 Gone)"
    nxt = state.get("next_attempt_after")
    if nxt and now < nxt:
        return False, f"backing off after {state.get('consecutive_failures')} failures until {nxt:%Y-%m-%d}"
    return True, None


def validators(state: dict[str, Any], feed: FeedConfig) -> dict[str, str | None]:
    """ETag, Last-Modified and body hash to send or compare, unless the URL changed."""
    if state.get("url") != feed.url:
        return {"etag": None, "last_modified": None, "previous_hash": None}
    return {
        "etag": state.get("etag"),
        "last_modified": state.get("last_modified"),
        "previous_hash": state.get("content_hash"),
    }


def next_state(
    state: dict[str, Any], feed: FeedConfig, *, outcome: str, status: int | None, error: str | None,
    etag: str | None, last_modified: str | None, content_hash: str | None, moved_to: str | None, now: datetime,
) -> dict[str, Any]:
    """The feed's state after tonight's attempt."""
    if state.get("url") != feed.url:
        state = new_state(feed)
    s = dict(state, name=feed.name, url=feed.url, last_status=status, last_outcome=outcome, last_error=error)
    if outcome in ("ok", "not_modified", "unchanged"):
        s.update(consecutive_failures=0, failing_since=None, next_attempt_after=None, last_ok_at=now, last_error=None)
        if outcome == "ok":
            s.update(etag=etag, last_modified=last_modified, content_hash=content_hash)
        if moved_to:
            s["current_url"] = moved_to
        return s
    failures = int(state.get("consecutive_failures") or 0) + 1
    s.update(consecutive_failures=failures, failing_since=state.get("failing_since") or now)
    if status == 410:
        s["retired_at"] = now
    elif failures >= 3:
        days = min(2 ** (failures - 2), MAX_BACKOFF_DAYS)
        s["next_attempt_after"] = now + timedelta(days=days) - _SLACK
    return s
