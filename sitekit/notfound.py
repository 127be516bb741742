"""The 404 page's own links, made absolute like the rest of it.

sphinx-notfound-page makes the template's links absolute (under notfound_urls_prefix)
so the page works at any depth, but leaves the links inside the page's body and the
site-wide call notice relative: from /site/a/b/missing, "index.html" would lead to
/site/a/b/index.html. This rewrites those the same way.
"""

from __future__ import annotations

import posixpath
import re

from sphinx.application import Sphinx

AFTER_OTHERS = 900  # the site-wide notice is rendered at the default priority
RENDERED_PARTS = ("body", "deadlines_sitewide")
RELATIVE_HREF = re.compile(r'href="(?![a-zA-Z][a-zA-Z0-9+.-]*:|/|#)([^"]*)"')


def setup(app: Sphinx) -> None:
    app.connect("html-page-context", absolute_links_on_404, priority=AFTER_OTHERS)


def absolute_links_on_404(app: Sphinx, pagename: str, templatename, context: dict, doctree) -> None:
    if pagename != app.config.notfound_pagename:
        return
    prefix = app.config.notfound_urls_prefix or "/"
    folder = posixpath.dirname(pagename)

    def absolute(match: re.Match[str]) -> str:
        return f'href="{prefix}{posixpath.normpath(posixpath.join(folder, match[1]))}"'

    for part in RENDERED_PARTS:
        if isinstance(context.get(part), str):
            context[part] = RELATIVE_HREF.sub(absolute, context[part])
