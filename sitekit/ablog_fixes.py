"""ablog's mistakes, mended: each fix written as the change ablog itself could make.

Correctness only: what only saves time is :mod:`sitekit.fast_ablog`, the lighter pages
:mod:`sitekit.light_pages`. Each fix names the sunpy/ablog issue or pull request it
matches, or says none was found (searched for ablog 0.11.13); the ablog internals they
rely on are checked by :mod:`sitekit.internals` before every build.

- one blog per build (no ablog issue found): ablog keeps its Blog in class-level state,
  so a second build in the same process (tests, a live server) would see the first
  one's posts and settings. Each build starts with a fresh Blog.
- posts registered as soon as they are read (sunpy/ablog#316, an empty blog.html on a
  no-op rebuild): ablog registers them when it first needs them; #321, in 0.11.13, does
  so when the blog's pages are generated, which on a no-op rebuild is still after the
  general index was written without the feed link.
- its stylesheets' folder (no ablog issue found): ablog adds it to html_static_path as an
  absolute path, which Sphinx hashes into .buildinfo, so two checkouts (or two virtual
  environments) publish different files. The folder is copied instead.
- publishing cut-off (no ablog issue found): ablog decides what is a draft against
  "tomorrow", computed from the machine's local date when ablog is imported. Here it
  follows the build's one clock (deadlines), so SOURCE_DATE_EPOCH builds agree.
- feed dates (no ablog issue found): ablog turns naive post dates into the machine's
  zone and stamps the feed with the wall clock. Here post dates are read in UTC and the
  feed's ``updated`` is its newest entry's, so two machines write the same feed.
- parallel reading (sunpy/ablog#327; the open pull request #330 merges the same way):
  ablog keeps posts in ``env.ablog_posts`` without merging them from -j workers, so it
  declares itself unsafe (#297). Merging them makes it safe.
- stale neighbours (no ablog issue found): a post's page links its older and newer
  posts by title, and a postlist shows recent posts, but ablog rewrites neither when a
  post is added, removed, renamed or redated. Those pages are rewritten here.
- excerpts as valid HTML (the ``<p>`` in ``<p>`` comes from sunpy/ablog#226, which made
  the excerpt's container a paragraph; no issue reports it): ablog wraps a post's
  excerpt paragraphs in one more paragraph, which a browser splits apart; here the
  wrapper is a ``<div>``. Which paragraphs, cleaned and cut how, is
  :mod:`sitekit.excerpts`' part.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from typing import Any

import ablog
import ablog.blog
import ablog.post
from docutils import nodes
from feedgen.entry import FeedEntry
from feedgen.feed import FeedGenerator
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinx.util.fileutil import copy_asset

from deadlines.handlers import build_now
from sitekit import internals, priorities
from sitekit.domain import sitekit_domain

ABLOG_STYLESHEETS = str(Path(ablog.__file__).parent / "stylesheets")
ABLOG_TO_HTML = internals.original(ablog.blog.Post, "to_html")


def setup(app: Sphinx) -> None:
    internals.check(__name__, app)
    app.connect("config-inited", stylesheets_out_of_config, priority=priorities.AFTER_ABLOG_CONFIG)
    app.connect("builder-inited", copy_stylesheets)
    app.connect("builder-inited", one_blog_per_build)
    app.connect("builder-inited", follow_build_clock, priority=priorities.AFTER_DEADLINES_CLOCK)
    app.connect("env-merge-info", merge_posts)
    app.connect("doctree-read", note_postlists)
    app.connect("env-updated", register_posts)
    app.connect("env-updated", pages_showing_changed_posts)
    app.extensions["ablog"].parallel_read_safe = True
    internals.replace(ablog.blog.Post, "to_html", excerpt_html)


def one_blog_per_build(app: Sphinx) -> None:
    ablog.blog.Blog._dict.clear()


def register_posts(app: Sphinx, env: BuildEnvironment) -> None:
    if not ablog.blog.Blog(app):
        ablog.post.register_posts(app)


def stylesheets_out_of_config(app: Sphinx, config: Config) -> None:
    """Once ablog has added its stylesheets' folder: taken out, and copied instead."""
    config.html_static_path = [
        path for path in config.html_static_path if str(Path(path)) != ABLOG_STYLESHEETS
    ]


def copy_stylesheets(app: Sphinx) -> None:
    if app.builder.format == "html":
        copy_asset(ABLOG_STYLESHEETS, Path(app.outdir) / "_static", force=True)


def follow_build_clock(app: Sphinx) -> None:
    """Drafts and an empty feed's date follow the build's instant."""
    now = build_now(app)
    # ablog compares its posts' naive dates with TOMORROW
    internals.replace(ablog.blog, "TOMORROW", drafts_turn(now).replace(tzinfo=None))
    internals.replace(ablog.post, "FeedGenerator", lambda: SiteFeed(now))


def drafts_turn(now: datetime) -> datetime:
    """The next UTC midnight: ablog publishes a post from the day of its date on."""
    return datetime.combine(now.astimezone(UTC).date() + timedelta(days=1), time(), UTC)


def merge_posts(
    app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment
) -> None:
    posts = getattr(env, "ablog_posts", None)
    if posts is None:
        posts = env.ablog_posts = {}
    theirs = getattr(other, "ablog_posts", {})
    posts.update((docname, theirs[docname]) for docname in docnames if docname in theirs)


# Pages that show other posts' titles are rewritten when those change.


def note_postlists(app: Sphinx, doctree: nodes.document) -> None:
    if any(doctree.findall(ablog.post.PostList)):
        sitekit_domain(app.env).postlists.add(app.env.docname)


def post_order(env: BuildEnvironment, tomorrow: datetime) -> list[tuple[str, str, str]]:
    """Published posts as their neighbours and postlists show them, oldest first."""
    shown = [
        (str(info["date"]), info["title"], docname)
        for docname, infos in getattr(env, "ablog_posts", {}).items()
        for info in infos
        if info["date"] and info["date"] < tomorrow
    ]
    return sorted(shown)


def pages_showing_changed_posts(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """A post added, removed, renamed or redated: its neighbours and the postlists."""
    data = sitekit_domain(env)
    previous = [tuple(entry) for entry in data.post_order]
    current = post_order(env, ablog.blog.TOMORROW)
    data.post_order = current
    changed = set(previous) ^ set(current)
    if not changed:
        return []
    pages = set(data.postlists)
    for order in (previous, current):
        for index, entry in enumerate(order):
            if entry in changed:
                pages.update(docname for _, _, docname in order[max(index - 1, 0) : index + 2])
    return sorted(pages & env.found_docs)


# The feed's dates.


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


# An excerpt is valid HTML.

EXCERPT_OPEN = '<p class="ablog-post-excerpt">'


def excerpt_html(
    post: ablog.blog.Post,
    pagename: str,
    fulltext: bool = False,
    drop_h1: bool | int = True,
    img_url: bool = False,
) -> str:
    """ablog's Post.to_html, with the excerpt in a <div>."""
    return valid_excerpt(ABLOG_TO_HTML(post, pagename, fulltext, drop_h1, img_url))


def valid_excerpt(html: str) -> str:
    """ablog's excerpt container is a paragraph around paragraphs; make it a <div>."""
    body = html.rstrip()
    if html.startswith(EXCERPT_OPEN) and body.endswith("</p>"):
        inner = body[len(EXCERPT_OPEN) : -len("</p>")]
        return f'<div class="ablog-post-excerpt">{inner}</div>\n'
    return html
