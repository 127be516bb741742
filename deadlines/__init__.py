"""Calls for information and proposals whose dates are written once and never go stale.

A call is declared once (the ``call`` directive); its banners, timeline, dates in
prose, calendar files, JSON and the calls index are all derived from that one place,
checked at build time, and rendered against one clock per build.

``deadlines.core`` is the pure core and imports no Sphinx; the modules beside it are
the Sphinx layer, loaded by ``setup``: ``directives`` (authoring), ``domain`` (what is
read, per document), ``handlers`` (events), ``visitors`` (HTML), ``plain`` (every other
builder), ``outputs`` (calendars and JSON) and ``config``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx

__version__ = "0.1.0"

STATIC = Path(__file__).parent / "static"
# Event priorities (Sphinx's default is 500).
AFTER_ABLOG_COPIES_POSTS = 900  # ablog copies a post's doctree on doctree-read at 500;
# the copies (excerpts, feeds) then carry no banner.


def setup(app: Sphinx) -> dict[str, object]:
    from deadlines import config, directives, handlers, plain, visitors
    from deadlines.domain import DeadlinesDomain

    config.register(app)
    app.add_domain(DeadlinesDomain)
    app.connect("config-inited", config.check)
    app.connect("builder-inited", handlers.start_clock)
    app.connect("builder-inited", _add_static_path)
    app.connect("builder-inited", _add_assets)
    app.connect("doctree-read", handlers.collect, priority=AFTER_ABLOG_COPIES_POSTS)
    app.connect("env-updated", handlers.validate_and_pick_pages)
    app.connect("html-page-context", visitors.sitewide_banner)
    app.connect("build-finished", handlers.finish)

    app.add_directive("call", directives.CallDirective)
    app.add_directive("call-timeline", directives.CallTimelineDirective)
    app.add_directive("call-index", directives.CallIndexDirective)
    app.add_role("call-date", directives.role(directives.CallDateRole))
    app.add_role("call-deadline", directives.role(directives.CallDeadlineRole))
    app.add_role("call-ref", directives.role(directives.CallRefRole))
    # A website renders the nodes as HTML; every other builder gets plain nodes instead.
    app.add_node(directives.call_node, html=(visitors.visit_call_node, None))
    app.add_node(directives.call_inline, html=(visitors.visit_call_inline, None))
    app.add_post_transform(plain.PlainCalls)
    return {
        "version": __version__,
        "env_version": 4,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }


def _add_static_path(app: Sphinx) -> None:
    """Copied, not listed in html_static_path: a checkout's path is then no part of the
    configuration Sphinx hashes and compares from build to build."""
    from sphinx.util.fileutil import copy_asset

    from deadlines.plain import builds_website

    if builds_website(app.builder):
        copy_asset(STATIC, Path(app.outdir) / "_static", force=True)


def _add_assets(app: Sphinx) -> None:
    from deadlines.plain import builds_website

    if builds_website(app.builder):
        app.add_css_file("deadlines.css")
        app.add_js_file("deadlines.js", loading_method="defer")
