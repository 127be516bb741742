"""Calls for information and proposals whose dates are written once and never go stale.

A call is declared once (the ``call`` directive); its banners, timeline, dates in
prose, calendar files, JSON and the calls index are all derived from that one place,
checked at build time, and rendered against one clock per build.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util.fileutil import copy_asset

from deadlines import config, directives, events, plain

__version__ = "0.1.0"

STATIC = Path(__file__).parent / "static"


def setup(app: Sphinx) -> dict[str, object]:
    config.register(app)
    app.connect("config-inited", config.check)
    app.connect("builder-inited", events.start_clock)
    app.connect("builder-inited", _add_static_path)
    app.connect("builder-inited", _add_assets)
    app.connect("env-purge-doc", events.purge)
    app.connect("env-merge-info", events.merge)
    # After ablog (priority 500) has copied the post, so its copies carry no banner.
    app.connect("doctree-read", events.collect, priority=900)
    app.connect("env-updated", events.validate_and_pick_pages)
    app.connect("html-page-context", events.sitewide_banner)
    app.connect("build-finished", events.finish)

    app.add_directive("call", directives.CallDirective)
    app.add_directive("call-timeline", directives.CallTimelineDirective)
    app.add_directive("call-index", directives.CallIndexDirective)
    app.add_role("call-date", directives.role(directives.CallDateRole))
    app.add_role("call-deadline", directives.role(directives.CallDeadlineRole))
    app.add_role("call-ref", directives.role(directives.CallRefRole))
    # A website renders the nodes as HTML; every other builder gets plain nodes instead.
    app.add_node(directives.call_node, html=(events.visit_call_node, None))
    app.add_node(directives.call_inline, html=(events.visit_call_inline, None))
    app.add_post_transform(plain.PlainCalls)
    return {
        "version": __version__,
        "env_version": 3,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }


def _add_static_path(app: Sphinx) -> None:
    """Copied, not listed in html_static_path: a checkout's path is then no part of the
    configuration Sphinx hashes and compares from build to build."""
    if plain.builds_website(app.builder):
        copy_asset(STATIC, Path(app.outdir) / "_static", force=True)


def _add_assets(app: Sphinx) -> None:
    if plain.builds_website(app.builder):
        app.add_css_file("deadlines.css")
        app.add_js_file("deadlines.js", loading_method="defer")
