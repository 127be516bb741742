"""A complete, ordered sitemap from sphinx-sitemap.

sphinx-sitemap lists the pages written by the current build, in the order they were
written: an incremental build would publish a sitemap of only the pages it rewrote,
and a -j build lists them in whatever order its workers finished. Just before it
writes sitemap.xml, this hands it every page of the site, sorted: each document, and
each page generated this build (ablog's archives and tags). Redirect pages and the
configured exclusions stay out.
"""

from __future__ import annotations

import queue

import sphinx_sitemap
from sphinx.application import Sphinx
from sphinx_sitemap import is_excluded

from sitekit.listeners import replace_listener

BEFORE_SITEMAP = 400  # sphinx-sitemap writes on build-finished at the default priority, 500
REDIRECT_TEMPLATES = frozenset({"ablog/redirect.html"})


def setup(app: Sphinx) -> None:
    replace_listener(app, "builder-inited", sphinx_sitemap.record_builder_type, _start)
    app.connect("html-page-context", _note_generated_page)
    app.connect("build-finished", complete_sitemap, priority=BEFORE_SITEMAP)


def _start(app: Sphinx) -> None:
    """sphinx-sitemap's own start, with an in-process queue.

    sphinx-sitemap starts a multiprocessing manager so that -j writers can add their
    pages, and pays a round trip per page; complete_sitemap lists every page itself.
    """
    app.sitekit_generated_pages = set()
    app.env.is_directory_builder = type(app.builder).__name__ == "DirectoryHTMLBuilder"
    app.sitemap_links = queue.SimpleQueue()


def _note_generated_page(app: Sphinx, pagename: str, templatename: str, context, doctree) -> None:
    note_generated(app, pagename, templatename)


def note_generated(app: Sphinx, pagename: str, templatename: str) -> None:
    """Pages with no document behind them are known only when they are generated."""
    if pagename not in app.env.all_docs and templatename not in REDIRECT_TEMPLATES:
        app.sitekit_generated_pages.add(pagename)


def complete_sitemap(app: Sphinx, exception: Exception | None) -> None:
    links = getattr(app, "sitemap_links", None)
    if exception is not None or links is None or app.builder.format != "html":
        return
    while True:
        try:
            links.get_nowait()
        except queue.Empty:
            break
    pages = set(app.env.found_docs) | app.sitekit_generated_pages
    suffix = app.config.html_file_suffix or ".html"
    for page in sorted(pages):
        link = page + suffix
        if not is_excluded(link, app.config.sitemap_excludes):
            links.put((link, None))
