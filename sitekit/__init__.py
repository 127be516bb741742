"""Site glue around ablog, sphinx-sitemap and sphinx-notfound-page: clean errors, reproducible output, speed.

Whatever changes ablog's behaviour lives in :mod:`sitekit.ablog_fixes`; the checks on
posts that ablog would crash on live in :mod:`sitekit.ablog_guard`; what ablog and the
other extensions need for builders other than html, in :mod:`sitekit.other_builders`;
the removal of a deleted page's output, in :mod:`sitekit.removed_pages`; where a post
migrated from Blogger came from, in :mod:`sitekit.provenance`, its excerpt, in
:mod:`sitekit.excerpts`, and links to its old address, in :mod:`sitekit.blogger_links`.
"""

from __future__ import annotations

from sphinx.application import Sphinx

from sitekit import (
    ablog_fixes,
    ablog_guard,
    blogger_links,
    docutils_messages,
    docutils_settings,
    excerpts,
    notfound,
    other_builders,
    provenance,
    removed_pages,
    sitemap,
)

__version__ = "0.1.0"


def setup(app: Sphinx) -> dict[str, object]:
    app.setup_extension("ablog")
    app.setup_extension("deadlines")
    app.setup_extension("sphinx_sitemap")
    app.setup_extension("notfound.extension")
    ablog_fixes.setup(app)
    ablog_guard.setup(app)
    docutils_messages.setup(app)
    docutils_settings.setup(app)
    sitemap.setup(app)
    notfound.setup(app)
    other_builders.setup(app)
    provenance.setup(app)
    excerpts.setup(app)
    blogger_links.setup(app)
    app.setup_extension("sitekit.images")  # sizes and lazy loading of <img>
    removed_pages.setup(app)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
