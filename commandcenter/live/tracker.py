"""Which change_log sequence numbers have been delivered, and which may still appear.

PostgreSQL hands out sequence numbers when a change is made, not when it commits: a transaction
holding seq 10 may commit after one holding seq 11. A reader that only remembered "the highest seq
seen" would skip 10 forever. So the tracker keeps

- `resolved`: every seq <= resolved was delivered or can never appear (rolled back, pruned);
- `top`: the highest seq delivered;
- `gaps`: the seqs in (resolved, top] not yet seen, each with a *horizon*: an xid assigned after
  the snapshot in which the gap was first noticed (the reader takes one with pg_current_xact_id(),
  only on reads that notice a new gap).

A gap is noticed because a higher seq was visible, so the gap's transaction took its seq before
that snapshot, and it had its transaction id (xid) before taking a seq (the row trigger runs after
the row was written). Its xid is therefore below the horizon. Once a later snapshot's xmin (the
oldest transaction still running) reaches the horizon, that transaction has ended: if it committed,
its row is visible in that same snapshot and is delivered by the same read; if not, the gap is dead.
No clocks or timeouts are involved, so a transaction may stay open for hours without being lost.

Why not the snapshot's own xmax as the horizon: xmax is "latest completed xid + 1", and a running
transaction may hold a higher xid than that (it got its xid after a transaction that then
committed); using xmax loses its change. The property test models exactly this.

On SQLite writers are serialised (commit order is seq order), so a gap is dead as soon as it is seen;
the caller passes xmin = None for that.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass

# Beyond this many gap intervals the reader asks for "seq > resolved" instead of listing them.
MAX_LISTED_GAPS = 64


@dataclass(slots=True)
class Gap:
    lo: int  # inclusive
    hi: int  # inclusive
    horizon: int | None  # an xid assigned after the gap was noticed; None = dead at once (SQLite)


class SeqTracker:
    """Delivery bookkeeping for one reader; pure (no database), so it is tested on its own."""

    def __init__(self, after: int = 0) -> None:
        self.resolved = after
        self.top = after
        self.gaps: list[Gap] = []  # sorted, disjoint, all within (resolved, top]

    @classmethod
    def positioned(cls, visible: Iterable[int], top: int, floor: int, horizon: int | None) -> SeqTracker:
        """A tracker that treats the seqs in `visible` (all in (floor, top]) as already delivered.

        Used to start at "now": what is visible is history; what is missing in the window may belong
        to transactions still running, so it stays a gap and is delivered when it commits.
        """
        tracker = cls(floor)
        tracker._take_sorted(sorted(set(visible)), horizon)
        if top > tracker.top:
            tracker.gaps.append(Gap(tracker.top + 1, top, horizon))
            tracker.top = top
        tracker._advance()
        return tracker

    def query_ranges(self) -> tuple[int, list[tuple[int, int]]]:
        """(lower, ranges): read seq > lower, plus seq within each (lo, hi) range (inclusive)."""
        if len(self.gaps) > MAX_LISTED_GAPS:
            return self.resolved, []
        return self.top, [(g.lo, g.hi) for g in self.gaps]

    def opens_gaps(self, seqs: list[int]) -> bool:
        """Would accepting these (ascending) seqs open a new gap? Then the read needs a horizon."""
        above = [s for s in seqs if s > self.top]
        return bool(above) and above[-1] - self.top != len(above)

    def accept(
        self, seqs: list[int], *, truncated: bool, xmin: int | None, horizon: int | None = None
    ) -> list[int]:
        """Take the seqs one read returned (ascending); return those not delivered before.

        `truncated`: the read hit its row limit, so seqs above the last one were not looked at.
        `xmin`: the read's snapshot xmin (PostgreSQL), or None (SQLite: gaps are dead at once).
        `horizon`: an xid assigned after the read's snapshot; needed when `opens_gaps(seqs)`.
        """
        if xmin is not None and horizon is None and self.opens_gaps(seqs):
            raise ValueError("a read that opens a gap needs a horizon xid")
        fresh = self._take_sorted(seqs, horizon)
        scanned_to = seqs[-1] if truncated and seqs else None
        self._resolve(xmin, scanned_to)
        self._advance()
        return fresh

    @property
    def pending(self) -> int:
        """How many seqs may still arrive below `top` (0 when nothing is outstanding)."""
        return sum(g.hi - g.lo + 1 for g in self.gaps)

    # -------------------------------------------------------------------------------- internals

    def _take_sorted(self, seqs: list[int], horizon: int | None) -> list[int]:
        fresh: list[int] = []
        for s in seqs:
            if s > self.top:
                if s > self.top + 1:
                    self.gaps.append(Gap(self.top + 1, s - 1, horizon))
                self.top = s
                fresh.append(s)
            elif s > self.resolved and self._fill(s):
                fresh.append(s)
        return fresh

    def _fill(self, s: int) -> bool:
        """Remove `s` from the gap holding it; False if it was not missing (a duplicate)."""
        i = bisect_right(self.gaps, s, key=lambda g: g.lo) - 1
        if i < 0 or not self.gaps[i].lo <= s <= self.gaps[i].hi:
            return False
        g = self.gaps[i]
        parts = [Gap(g.lo, s - 1, g.horizon), Gap(s + 1, g.hi, g.horizon)]
        self.gaps[i : i + 1] = [p for p in parts if p.lo <= p.hi]
        return True

    def _resolve(self, xmin: int | None, scanned_to: int | None) -> None:
        kept: list[Gap] = []
        for g in self.gaps:
            finished = xmin is None or g.horizon is None or xmin >= g.horizon
            if not finished:
                kept.append(g)
            elif scanned_to is not None and g.hi > scanned_to:
                # Only the part the read looked at is known to be empty.
                if g.lo <= scanned_to:
                    g = Gap(scanned_to + 1, g.hi, g.horizon)
                kept.append(g)
        self.gaps = kept

    def _advance(self) -> None:
        self.resolved = self.gaps[0].lo - 1 if self.gaps else self.top
