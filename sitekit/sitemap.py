"""A complete, ordered sitemap from sphinx-sitemap.

sphinx-sitemap lists the pages written by the current build, in the order they were
written: an incremental build would publish a sitemap of only the pages it rewrote,
and a -j build lists them in whatever order its workers finished. Just before it
writes sitemap.xml, this hands it every page of the site, sorted: each document, and
each page generated this build (ablog's archives and tags) or left as the last build
wrote it (fast_ablog). Redirect pages and the configured exclusions stay out, and so
does what the builder writes no page for (singlehtml writes one page in all). A page's
address follows sphinx-sitemap's own rule: ``page.html``, or ``page/`` from the dirhtml
builder. An e-book (EPUB, a help file) is no website, and gets no sitemap.

sphinx-sitemap still writes the file, so its format, address scheme, languages and
indent stay its own; writing sitemap.xml here instead would mean owning all of those,
when the list is all sitekit changes. What sitekit relies on in it is checked by
:mod:`sitekit.internals`, as ablog's internals are. Its handler that adds each page as it
is written is swapped for one that notes generated pages, and its start for one with a
plain queue: it starts a multiprocessing manager so that -j writers can add their pages,
and pays a round trip per page, when the list is made here anyway. The list has no
last-modified dates (``sitemap_show_lastmod``): most pages are not written by the build
that lists them.
"""

from __future__ import annotations

import queue
from typing import Any

import sphinx_sitemap
from sphinx.application import Sphinx
from sphinx_sitemap import is_excluded

from deadlines.plain import builds_website
from sitekit import internals, priorities
from sitekit.domain import build_state
from sitekit.output_files import existing_files, output_file

REDIRECT_TEMPLATES = frozenset({"ablog/redirect.html"})


def setup(app: Sphinx) -> None:
    internals.check(__name__, app)
    internals.replace_listener(app, "builder-inited", sphinx_sitemap.record_builder_type, start)
    internals.replace_listener(
        app, "html-page-context", sphinx_sitemap.add_html_link, note_generated_page
    )
    app.connect("build-finished", complete_sitemap, priority=priorities.BEFORE_SITEMAP_WRITES)


def start(app: Sphinx) -> None:
    """The queue sphinx-sitemap reads the pages from (its own name for it, on the app)."""
    app.sitemap_links = queue.SimpleQueue()


def note_generated_page(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    note_generated(app, pagename, templatename)


def note_generated(app: Sphinx, pagename: str, templatename: str) -> None:
    """Pages with no document behind them are known only when they are generated."""
    if pagename not in app.env.all_docs and templatename not in REDIRECT_TEMPLATES:
        build_state(app.env).generated_pages.add(pagename)


def complete_sitemap(app: Sphinx, exception: Exception | None) -> None:
    links = getattr(app, "sitemap_links", None)
    if exception is not None or links is None or not builds_website(app.builder):
        return
    pages = sorted(set(app.env.found_docs) | build_state(app.env).generated_pages)
    outfiles = {page: output_file(app.builder, page) for page in pages}
    written = existing_files(outfiles.values())
    for page in pages:
        link = address(app, page)
        if outfiles[page] in written and not is_excluded(link, app.config.sitemap_excludes):
            links.put((link, None))


def address(app: Sphinx, pagename: str) -> str:
    """A page's address from the site's root, by sphinx-sitemap's rule (add_html_link)."""
    if type(app.builder).__name__ == "DirectoryHTMLBuilder":
        if pagename == "index":
            return ""
        return (pagename.removesuffix("/index") if pagename.endswith("/index") else pagename) + "/"
    suffix = app.config.html_file_suffix
    return pagename + (".html" if suffix is None else suffix)
