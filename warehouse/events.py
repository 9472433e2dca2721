"""Call events: cluster call_mentions into one `calls` row per real-world contact.

Many articles report the same call, with dates resolved to different precisions, and a planned call
is reported again once it happens. Mentions join one event when they name the same participants,
their modes are compatible (equal, or one of them unspecified) and their dates fall within a window
that depends on how precise each date is; a planned mention joins the held event that followed it.

The assignment runs in Python over compact rows (a few ints and strings per mention); the per-event
aggregates (counts, earliest report and its evidence) are computed by DuckDB. The whole table is
rebuilt in one transaction, and call_id is a hash of the event's participants, mode and anchor date,
so rebuilding the same mentions gives the same ids.
"""

from __future__ import annotations

import bisect
import hashlib
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

import duckdb
import pyarrow as pa

# Days either side within which two mentions can be the same contact, by date precision.
TOLERANCE_DAYS = {"day": 1, "week": 7, "month": 31, "none": 7}
# A planned contact may happen up to this many days after the date it was planned for (or reported).
PLAN_SLIP_DAYS = 30
_EPOCH = date(1970, 1, 1)


@dataclass
class _Event:
    key: str  # participants joined with '|'
    anchor: int  # epoch day of the first member
    mode: str | None  # first specific mode seen (None while only 'unspecified' members)
    held: bool
    created_mode: str
    members: list[int] = field(default_factory=list)  # indexes into the mention columns


def _compatible(event: _Event, mode: str) -> bool:
    return mode == "unspecified" or event.mode is None or event.mode == mode


class _Index:
    """Events of one participant set, sorted by anchor day, for windowed nearest-match lookups."""

    def __init__(self) -> None:
        self.anchors: list[tuple[int, int]] = []  # (anchor day, event number)

    def add(self, anchor: int, number: int) -> None:
        bisect.insort(self.anchors, (anchor, number))

    def nearest(self, events: list[_Event], lo: int, hi: int, target: int, ok) -> _Event | None:
        """The event with anchor in [lo, hi] closest to target that satisfies ok (earliest on ties)."""
        i = bisect.bisect_left(self.anchors, (lo, -1))
        best, best_gap = None, None
        while i < len(self.anchors) and self.anchors[i][0] <= hi:
            ev = events[self.anchors[i][1]]
            gap = abs(self.anchors[i][0] - target)
            if ok(ev) and (best_gap is None or gap < best_gap):
                best, best_gap = ev, gap
            i += 1
        return best


def _cluster(cols: dict[str, list]) -> list[_Event]:
    """Assign every mention to an event; the order of passes makes held, precise reports the anchors."""
    n = len(cols["mention_id"])
    events: list[_Event] = []
    index: dict[str, _Index] = defaultdict(_Index)

    def new_event(i: int, held: bool) -> None:
        mode = cols["mode"][i]
        ev = _Event(cols["pkey"][i], cols["day"][i], None if mode == "unspecified" else mode, held, mode, [i])
        index[ev.key].add(ev.anchor, len(events))
        events.append(ev)

    def join(ev: _Event, i: int) -> None:
        ev.members.append(i)
        if ev.mode is None and cols["mode"][i] != "unspecified":
            ev.mode = cols["mode"][i]

    order = sorted(range(n), key=lambda i: (cols["day"][i], cols["mention_id"][i]))
    held = [i for i in order if cols["status"][i] == "held"]
    passes = (
        [i for i in held if cols["precision"][i] == "day"],
        [i for i in held if cols["precision"][i] != "day"],
    )
    for members in passes:
        for i in members:
            d, tol, mode = cols["day"][i], TOLERANCE_DAYS[cols["precision"][i]], cols["mode"][i]
            ev = index[cols["pkey"][i]].nearest(events, d - tol, d + tol, d, lambda e: e.held and _compatible(e, mode))
            if ev is None:
                new_event(i, held=True)
            else:
                join(ev, i)
    for i in (i for i in order if cols["status"][i] != "held"):
        d, tol, mode = cols["day"][i], TOLERANCE_DAYS[cols["precision"][i]], cols["mode"][i]
        idx = index[cols["pkey"][i]]
        # Planned -> held: the contact that happened on or after the planned day is the same event.
        ev = idx.nearest(events, d - tol, d + tol + PLAN_SLIP_DAYS, d, lambda e: e.held and _compatible(e, mode))
        if ev is None:
            ev = idx.nearest(events, d - tol, d + tol, d, lambda e: not e.held and _compatible(e, mode))
        if ev is None:
            new_event(i, held=False)
        else:
            join(ev, i)
    return events


def _summary(ev: _Event, cols: dict[str, list]) -> tuple[str, str, date | None, str | None]:
    """(mode, status, call_date, date_precision) of an event: most reported, earliest on ties."""
    modes = Counter(cols["mode"][i] for i in ev.members if cols["mode"][i] != "unspecified")
    mode = min(modes, key=lambda m: (-modes[m], m)) if modes else "unspecified"
    status = "held" if ev.held else "planned"
    rank = {"day": 0, "week": 1, "month": 2}
    dated = [i for i in ev.members if cols["call_date"][i] is not None and cols["status"][i] == status]
    if not dated:
        return mode, status, None, None
    best = min(rank.get(cols["precision"][i], 3) for i in dated)
    days = Counter(cols["call_date"][i] for i in dated if rank.get(cols["precision"][i], 3) == best)
    call_date = min(days, key=lambda d: (-days[d], d))
    precision = next(cols["precision"][i] for i in dated if rank.get(cols["precision"][i], 3) == best)
    return mode, status, call_date, None if precision == "none" else precision


def _call_ids(events: list[_Event]) -> list[str]:
    """Deterministic ids: a hash of participants, first mode and anchor date (suffixed on the rare collision)."""
    ids, seen = [], set()
    for ev in events:
        base = f"{ev.key}|{ev.created_mode}|{_EPOCH + timedelta(days=ev.anchor)}|{'held' if ev.held else 'planned'}"
        cid, n = hashlib.sha1(base.encode()).hexdigest()[:16], 1
        while cid in seen:
            n += 1
            cid = hashlib.sha1(f"{base}#{n}".encode()).hexdigest()[:16]
        seen.add(cid)
        ids.append(cid)
    return ids


_MENTIONS_SQL = """
select m.mention_id, array_to_string(m.participants, '|') as pkey, m.mode, m.status, m.call_date,
       case when m.call_date is null then 'none' else coalesce(m.date_precision, 'day') end as precision,
       datediff('day', date '1970-01-01',
                coalesce(m.call_date, cast(coalesce(a.published_at, a.fetched_at) as date))) as day
from call_mentions m left join articles a using (article_id)
"""

_CALLS_SQL = """
insert into calls
with m as (
    select m.mention_id, m.participants, m.evidence, e.call_id, a.article_id, a.source,
           coalesce(a.duplicate_of, a.article_id) as original,
           coalesce(a.published_at, a.fetched_at) as reported_at
    from call_mentions m join event_map e using (mention_id) left join articles a using (article_id)
)
select m.call_id, any_value(m.participants), any_value(s.mode), any_value(s.status), any_value(s.call_date),
       any_value(s.date_precision), min(m.reported_at), max(m.reported_at), count(*),
       count(distinct m.original), count(distinct m.source),
       arg_min(m.article_id, (m.reported_at, m.mention_id)), arg_min(m.mention_id, (m.reported_at, m.mention_id)),
       arg_min(m.source, (m.reported_at, m.mention_id)), arg_min(m.evidence, (m.reported_at, m.mention_id))
from m join event_summary s using (call_id)
group by m.call_id
"""


def calls_stale(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether `calls` misses mentions loaded since the last rebuild, or holds events whose mentions are gone."""
    unassigned, orphaned = con.execute(
        "select (select count(*) from call_mentions where call_id is null),"
        " (select count(*) from calls c where not exists (select 1 from call_mentions m where m.call_id = c.call_id))"
    ).fetchall()[0]
    return bool(unassigned or orphaned)


def rebuild_calls(con: duckdb.DuckDBPyConnection) -> int:
    """Recluster every call mention into `calls` and set call_mentions.call_id, atomically; return the event count."""
    # A cursor of its own: the caller's connection may hold an unfinished result, and DuckDB then refuses
    # register() and sql() on it.
    cur = con.cursor()
    try:
        return _rebuild(cur)
    finally:
        cur.close()


def _rebuild(con: duckdb.DuckDBPyConnection) -> int:
    table = con.sql(_MENTIONS_SQL).to_arrow_table()
    cols = {name: table.column(name).to_pylist() for name in table.column_names}
    events = _cluster(cols)
    ids = _call_ids(events)
    mention_ids, mention_calls = [], []
    summaries = {"call_id": [], "mode": [], "status": [], "call_date": [], "date_precision": []}
    for ev, cid in zip(events, ids):
        mention_ids += [cols["mention_id"][i] for i in ev.members]
        mention_calls += [cid] * len(ev.members)
        for key, value in zip(summaries, (cid, *_summary(ev, cols))):
            summaries[key].append(value)
    event_map = pa.table({"mention_id": pa.array(mention_ids, pa.string()), "call_id": pa.array(mention_calls, pa.string())})
    event_summary = pa.table(
        {
            "call_id": pa.array(summaries["call_id"], pa.string()),
            "mode": pa.array(summaries["mode"], pa.string()),
            "status": pa.array(summaries["status"], pa.string()),
            "call_date": pa.array(summaries["call_date"], pa.date32()),
            "date_precision": pa.array(summaries["date_precision"], pa.string()),
        }
    )
    con.register("event_map", event_map)
    con.register("event_summary", event_summary)
    con.execute("begin transaction")
    try:
        con.execute("delete from calls")
        con.execute(_CALLS_SQL)
        # Only touch mentions whose event changed: a nightly rebuild rewrites few rows.
        con.execute(
            "update call_mentions set call_id = e.call_id from event_map e"
            " where call_mentions.mention_id = e.mention_id and call_mentions.call_id is distinct from e.call_id"
        )
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise
    finally:
        con.unregister("event_map")
        con.unregister("event_summary")
    return len(events)
