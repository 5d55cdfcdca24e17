"""SeqTracker on its own: a model of PostgreSQL transactions committing in any order."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from commandcenter.live.tracker import SeqTracker


def test_out_of_order_commit_is_held_back_then_delivered() -> None:
    t = SeqTracker(0)
    # seq 1 belongs to xid 100 (still running), seq 2 to xid 101 (committed); the read takes xid 102.
    assert t.opens_gaps([2])
    assert t.accept([2], truncated=False, xmin=100, horizon=102) == [2]
    assert t.resolved == 0 and t.top == 2 and t.pending == 1
    # Still running: nothing new, nothing resolved.
    assert not t.opens_gaps([2])
    assert t.accept([2], truncated=False, xmin=100) == []
    assert t.resolved == 0
    # xid 100 committed: its row is visible in the snapshot whose xmin passed it.
    assert t.accept([1, 2], truncated=False, xmin=103) == [1]
    assert t.resolved == 2 and t.pending == 0


def test_rolled_back_gap_resolves_once_its_transaction_ended() -> None:
    t = SeqTracker(0)
    assert t.accept([2, 3], truncated=False, xmin=100, horizon=103) == [2, 3]
    assert t.resolved == 0
    assert t.accept([], truncated=False, xmin=102) == []  # something below the horizon still runs
    assert t.resolved == 0
    assert t.accept([], truncated=False, xmin=103) == []  # xid 100 rolled back
    assert t.resolved == 3


def test_a_read_that_opens_a_gap_must_bring_a_horizon() -> None:
    with pytest.raises(ValueError, match="horizon"):
        SeqTracker(0).accept([2], truncated=False, xmin=100)


def test_sqlite_gaps_are_dead_at_once() -> None:
    t = SeqTracker(5)
    assert t.accept([8, 9], truncated=False, xmin=None) == [8, 9]
    assert t.resolved == 9


def test_truncated_read_only_resolves_what_it_scanned() -> None:
    t = SeqTracker(0)
    t.accept([3], truncated=False, xmin=100, horizon=110)  # gap 1..2
    t.accept([5, 6], truncated=False, xmin=100, horizon=120)  # gap 4
    assert [(g.lo, g.hi) for g in t.gaps] == [(1, 2), (4, 4)]
    # A read limited to one row returns seq 1; everything has finished, but seq 2 and 4 were not
    # looked at, so they must stay pending.
    assert t.accept([1], truncated=True, xmin=200) == [1]
    assert [(g.lo, g.hi) for g in t.gaps] == [(2, 2), (4, 4)]
    assert t.accept([2, 4], truncated=False, xmin=200) == [2, 4]
    assert t.resolved == 6


def test_positioned_start_treats_visible_as_history() -> None:
    t = SeqTracker.positioned([1, 2, 4, 5], top=5, floor=0, horizon=50)
    assert t.top == 5 and t.resolved == 2 and t.pending == 1
    assert t.accept([3], truncated=False, xmin=50) == [3]
    assert t.resolved == 5


def test_many_gaps_fall_back_to_a_plain_range() -> None:
    t = SeqTracker(0)
    t.accept(list(range(2, 400, 2)), truncated=False, xmin=1, horizon=1000)
    lower, ranges = t.query_ranges()
    assert (lower, ranges) == (0, [])
    # Re-reading rows already delivered is harmless.
    assert t.accept([1, *range(2, 400, 2)], truncated=False, xmin=1) == [1]


# Weighted towards writes and polls, where the interesting interleavings are.
OPS = st.lists(
    st.tuples(
        st.sampled_from(["begin", "begin", "write", "write", "write", "commit", "abort", "poll", "poll"]),
        st.integers(0, 3),
    ),
    min_size=5,
    max_size=150,
)


class PgModel:
    """Transactions as PostgreSQL sees them: an xid when a transaction first writes, a seq per
    change, commit or abort in any order; a snapshot's xmin is the oldest running xid and its xmax
    is the latest *completed* xid + 1 (so a running transaction can sit at or above xmax)."""

    def __init__(self) -> None:
        self.next_xid, self.next_seq, self.latest_completed = 100, 1, 99
        self.active: dict[int, list[int]] = {}  # xid -> seqs it took
        self.committed: set[int] = set()

    def begin(self) -> None:
        self.active[self.next_xid] = []
        self.next_xid += 1

    def pick(self, i: int) -> int | None:
        return sorted(self.active)[i % len(self.active)] if self.active else None

    def end(self, xid: int, commit: bool) -> None:
        seqs = self.active.pop(xid)
        if commit:
            self.committed.update(seqs)
        self.latest_completed = max(self.latest_completed, xid)

    def snapshot(self) -> tuple[int, int]:
        xmax = self.latest_completed + 1
        return min([*self.active, xmax]), xmax

    def assign_xid(self) -> int:
        """The reader's own xid (pg_current_xact_id()); its transaction ends right after."""
        xid = self.next_xid
        self.next_xid += 1
        self.latest_completed = max(self.latest_completed, xid)
        return xid


def run_model(ops: list[tuple[str, int]], limit: int, horizon_from_xmax: bool = False) -> None:
    db = PgModel()
    tracker = SeqTracker(0)
    delivered: list[int] = []

    def poll() -> None:
        xmin, xmax = db.snapshot()
        lower, ranges = tracker.query_ranges()
        rows = sorted(s for s in db.committed if s > lower or any(lo <= s <= hi for lo, hi in ranges))
        rows = rows[:limit]
        horizon = None
        if tracker.opens_gaps(rows):
            horizon = xmax if horizon_from_xmax else db.assign_xid()
        delivered.extend(tracker.accept(rows, truncated=len(rows) >= limit, xmin=xmin, horizon=horizon))
        # The resume point never passes a change that may still commit, nor one not delivered.
        assert all(s > tracker.resolved for seqs in db.active.values() for s in seqs)
        assert {s for s in db.committed if s <= tracker.resolved} <= set(delivered)

    for op, i in ops:
        xid = db.pick(i)
        if op == "begin":
            db.begin()
        elif op == "poll":
            poll()
        elif xid is not None and op == "write":
            db.active[xid].append(db.next_seq)
            db.next_seq += 1
        elif xid is not None:
            db.end(xid, commit=op == "commit")
    for xid in list(db.active):
        db.end(xid, commit=True)
    for _ in range(db.next_seq // max(limit, 1) + 3):
        poll()
    assert sorted(delivered) == sorted(db.committed)
    assert len(delivered) == len(set(delivered))
    assert tracker.resolved == tracker.top and tracker.pending == 0


@settings(max_examples=300, deadline=None)
@given(ops=OPS, limit=st.integers(1, 6))
def test_nothing_lost_nothing_twice_under_any_interleaving(ops: list[tuple[str, int]], limit: int) -> None:
    run_model(ops, limit)


def test_the_snapshot_xmax_is_not_a_safe_horizon() -> None:
    """The case the benchmark caught: B gets its xid before A, A takes seq 1, B takes seq 2 and
    commits. xmax is then A's own xid, so "xmin >= xmax" holds while A still runs."""
    ops = [("begin", 0), ("begin", 0), ("write", 1), ("write", 0), ("commit", 0), ("poll", 0), ("poll", 0)]
    run_model(ops, limit=5)
    with pytest.raises(AssertionError):
        run_model(ops, limit=5, horizon_from_xmax=True)
