"""The 404 page's own links, made absolute like the rest of it.

sphinx-notfound-page makes the template's links absolute (under notfound_urls_prefix)
so that the page works at any depth, and the images of its body; the links of its body
it leaves relative: from /site/a/b/missing, "index.html" would lead to
/site/a/b/index.html. Here they are made absolute the same way, on the page's doctree
once its references are resolved. (The site-wide call notice links through the
template's own ``pathto``, which is absolute there already.)
"""

from __future__ import annotations

import posixpath
import re

from docutils import nodes
from sphinx.application import Sphinx

# A reference that leaves the page's folder: no scheme, not from the root, not a fragment.
RELATIVE = re.compile(r"(?![a-zA-Z][a-zA-Z0-9+.-]*:|/|#)")


def setup(app: Sphinx) -> None:
    app.connect("doctree-resolved", absolute_links_on_404)


def absolute_links_on_404(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    if docname != app.config.notfound_pagename:
        return
    prefix = app.config.notfound_urls_prefix or "/"
    folder = posixpath.dirname(docname)
    for reference in doctree.findall(nodes.reference):
        uri = reference.get("refuri", "")
        if uri and RELATIVE.match(uri):
            reference["refuri"] = prefix + posixpath.normpath(posixpath.join(folder, uri))
