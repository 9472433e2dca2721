"""PerProcess: one instance per process, made on first use, replaced for another key, closed once."""

from __future__ import annotations

from flows.perprocess import PerProcess


def test_made_once_replaced_for_another_key_and_closed():
    made, closed = [], []
    holder = PerProcess(lambda key: made.append(key) or f"thing-{key}", closed.append)
    assert holder.get(1) == "thing-1" and holder.get(1) == "thing-1"
    assert made == [1]
    assert holder.get(2) == "thing-2"
    assert made == [1, 2] and closed == ["thing-1"]
    holder.close()
    holder.close()
    assert closed == ["thing-1", "thing-2"]
