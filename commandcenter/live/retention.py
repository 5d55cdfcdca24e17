"""Keeping change_log small: delete changes older than a retention period.

change_log is a buffer for readers that were away (a restarted app, a reconnect), not history:
the trail (event_steps) is the history. Rule: keep `DEFAULT_RETENTION` (7 days) of changes; run
`commandcenter prune-changes [--days N]` daily (cron / a scheduled task) on the shared server. The
newest row is always kept, because SQLite reuses the highest rowid once it is deleted and a reader's
position would then point past new rows. A reader resuming from a seq older than the retention
period must reload its views in full.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import Engine, delete, func, select

from commandcenter.db.models import ChangeLog
from commandcenter.db.types import utcnow

DEFAULT_RETENTION = timedelta(days=7)


def prune_change_log(engine: Engine, older_than: timedelta = DEFAULT_RETENTION) -> int:
    """Delete changes made more than `older_than` ago; return how many rows went."""
    if older_than < timedelta(0):
        raise ValueError("older_than must not be negative")
    cutoff = utcnow() - older_than
    with engine.begin() as conn:
        newest = conn.scalar(select(func.max(ChangeLog.seq)))
        if newest is None:
            return 0
        # Seqs follow time closely; cutting at the first recent seq uses the primary key alone.
        first_kept = conn.scalar(select(func.min(ChangeLog.seq)).where(ChangeLog.at >= cutoff))
        bound = newest if first_kept is None else min(first_kept, newest)
        result = conn.execute(delete(ChangeLog).where(ChangeLog.seq < bound))
        return int(result.rowcount or 0)
