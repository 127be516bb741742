"""Every change this site makes to ablog's behaviour, in one place.

Checked against ablog 0.11.13. Each fix leans on ablog internals, so setup() compares
a fingerprint of every ablog function it relies on and refuses to build when one
differs: an ablog upgrade fails loudly here rather than building a slower or
different site. Each fix is written as the change ablog itself could make:

- publishing cut-off: ablog decides what is a draft against "tomorrow", computed
  from the machine's local date when ablog is imported. Here it follows the build's
  one clock (deadlines), so SOURCE_DATE_EPOCH builds agree.
- feed dates: ablog turns naive post dates into the machine's zone and stamps the
  feed with the wall clock. Here post dates are read in UTC and the feed's
  ``updated`` is its newest entry's, so two machines write the same feed.
- parallel reading: ablog keeps posts in ``env.ablog_posts`` without merging them
  from -j workers, so it declares itself unsafe. Merging them makes it safe.
"""

from __future__ import annotations

import hashlib
import inspect
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import ablog
import ablog.blog
import ablog.post
from feedgen.entry import FeedEntry
from feedgen.feed import FeedGenerator
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.errors import ExtensionError

from deadlines.events import build_now

CHECKED_ABLOG_VERSIONS = ("0.11.13",)

# sha256 of the source of each ablog function these fixes rely on, as of the versions above.
FINGERPRINTS: dict[str, str] = {
    "ablog.blog.Blog.register": "fff3df88e93e8b57",
    "ablog.blog.Post.__init__": "ad0bfd104dafcfb2",
    "ablog.post.generate_atom_feeds": "1e0dbf2a19bb6d81",
    "ablog.post.process_posts": "7e7db666265c3028",
    "ablog.post.purge_posts": "ff4c5c3eff4df924",
}


def _resolve(dotted: str) -> Callable[..., Any]:
    target: Any = ablog
    for part in dotted.split(".")[1:]:
        target = getattr(target, part)
    return target


def fingerprint(function: Callable[..., Any]) -> str:
    return hashlib.sha256(inspect.getsource(function).encode()).hexdigest()[:16]


def check_ablog() -> None:
    """Fail the build when ablog is not the ablog these fixes were written against."""
    changed = [
        name for name, expected in FINGERPRINTS.items() if fingerprint(_resolve(name)) != expected
    ]
    if changed:
        raise ExtensionError(
            f"sitekit.ablog_fixes was checked against ablog {', '.join(CHECKED_ABLOG_VERSIONS)}; "
            f"ablog {ablog.__version__} changed {', '.join(changed)}. Re-check the fixes in "
            "sitekit/ablog_fixes.py against it, then update CHECKED_ABLOG_VERSIONS and FINGERPRINTS"
        )


def setup(app: Sphinx) -> None:
    check_ablog()
    app.connect("builder-inited", follow_build_clock, priority=600)  # after deadlines' clock
    app.connect("env-merge-info", merge_posts)
    app.extensions["ablog"].parallel_read_safe = True


def follow_build_clock(app: Sphinx) -> None:
    """Drafts and an empty feed's date follow the build's instant, not the machine's."""
    now = build_now(app)
    tomorrow = now.astimezone(UTC).date() + timedelta(days=1)
    ablog.blog.TOMORROW = datetime.combine(tomorrow, datetime.min.time())
    ablog.post.FeedGenerator = lambda: SiteFeed(now)


def merge_posts(
    app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment
) -> None:
    posts = getattr(env, "ablog_posts", None)
    if posts is None:
        posts = env.ablog_posts = {}
    theirs = getattr(other, "ablog_posts", {})
    posts.update((docname, theirs[docname]) for docname in docnames if docname in theirs)


def _as_utc(moment: datetime) -> datetime:
    """Undo ablog's ``naive.astimezone()``: the wall time it was given, read as UTC."""
    return moment.replace(tzinfo=None).replace(tzinfo=UTC)


class SiteFeedEntry(FeedEntry):
    def published(self, published: datetime | None = None) -> datetime | None:
        return super().published(None if published is None else _as_utc(published))

    def updated(self, updated: datetime | None = None) -> datetime | None:
        return super().updated(None if updated is None else _as_utc(updated))


class SiteFeed(FeedGenerator):
    """A feed whose dates come from its posts, not from the machine that writes it."""

    def __init__(self, now: datetime) -> None:
        super().__init__()
        self.updated(now)

    def add_entry(self, feedEntry: FeedEntry | None = None, order: str = "prepend") -> FeedEntry:
        return super().add_entry(feedEntry or SiteFeedEntry(), order=order)

    def atom_str(self, *args: Any, **kwargs: Any) -> bytes:
        entries = self.entry()
        if entries:
            self.updated(max(entry.updated() for entry in entries))
        return super().atom_str(*args, **kwargs)
