"""The change feed: what changed in the shared database, in batches, as it commits (no Qt).

    feed = open_feed(url, on_status=print)      # PostgreSQL: LISTEN/NOTIFY; SQLite: polling
    feed.start()                                # fixes the start position ("now", or from_seq)
    for batch in feed.batches():                # blocks; ends after feed.stop() from any thread
        ...                                     # batch: list[Change] in seq order

or `feed.poll(timeout)` for one batch at a time. Triggers (migration 0003) append every change of
the watched tables to change_log; see `tracker` for why nothing is lost when PostgreSQL commits
out of seq order, and `retention` for how change_log is kept small.
"""

from commandcenter.live.changes import (
    CHANNEL,
    WATCHED_TABLES,
    Change,
    FeedError,
    FeedState,
    FeedStatus,
)
from commandcenter.live.feed import Backoff, ChangeFeed, open_feed
from commandcenter.live.retention import DEFAULT_RETENTION, prune_change_log

__all__ = [
    "CHANNEL",
    "DEFAULT_RETENTION",
    "WATCHED_TABLES",
    "Backoff",
    "Change",
    "ChangeFeed",
    "FeedError",
    "FeedState",
    "FeedStatus",
    "open_feed",
    "prune_change_log",
]
