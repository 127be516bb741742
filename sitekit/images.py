"""Pictures that take their place before they load, and load when a reader nears them.

Each ``<img>`` of a local picture carries the file's own width and height, so the page
keeps its room while it loads (no layout shift); the site's stylesheet scales it down
to narrow screens, the ratio kept. Every picture after a page's first loads lazily
(docutils' ``loading`` option, set on the image unless the page gives its own): the
first may be on the first screen. A picture given a size (``:width:``, ``:height:``,
``:scale:``) keeps it; a remote one has no file to measure.

An image's ``:target:`` naming a local picture (a migrated post's full size, which
``make import`` downloads beside the small one) is copied into the site's images as
Sphinx copies the shown ones, and linked there; in outputs that are not HTML the
picture shows without the link.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path
from urllib.parse import quote

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.images import get_image_size, guess_mimetype
from sphinx.util.osutil import relative_uri

# On a reference around an image: the picture its target names, from the source folder.
LOCAL_TARGET = "sitekit_local_image"
_SCHEME = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*:")


def setup(app: Sphinx) -> dict[str, object]:
    app.connect("doctree-read", note_local_targets)
    app.connect("doctree-resolved", place_images)
    return {"parallel_read_safe": True, "parallel_write_safe": True}


def note_local_targets(app: Sphinx, doctree: nodes.document) -> None:
    """A link around an image to a picture in the sources: the build copies that
    picture too (Sphinx's record of images, so renamed and purged with the page)."""
    env = app.env
    docname = env.current_document.docname
    for reference in doctree.findall(nodes.reference):
        uri = reference.get("refuri", "")
        if not uri or _SCHEME.match(uri) or uri.startswith(("#", "//")):
            continue
        if not any(isinstance(child, nodes.image) for child in reference.children):
            continue
        relative, full = env.relfn2path(uri, docname)
        if not Path(full).is_file() or not guess_mimetype(full, "").startswith("image/"):
            continue  # a page, or no file: the link stays as written
        env.note_dependency(relative)
        env.images.add_file(docname, relative)
        reference[LOCAL_TARGET] = relative


def place_images(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    builder = app.builder
    html = builder.format == "html"
    for reference in list(doctree.findall(nodes.reference)):
        if LOCAL_TARGET not in reference:
            continue
        if html:
            name = app.env.images[reference[LOCAL_TARGET]][1]
            builder.images[reference[LOCAL_TARGET]] = name
            folder = relative_uri(builder.get_target_uri(docname), builder.imagedir)
            reference["refuri"] = posixpath.join(folder, quote(name))
        else:
            reference.replace_self(reference.children)
    if not html:
        return
    for order, image in enumerate(doctree.findall(nodes.image)):
        if order:
            image.setdefault("loading", "lazy")
        if any(key in image for key in ("width", "height", "scale")):
            continue
        local = image.get("candidates", {}).get("*")
        size = get_image_size(app.srcdir / local) if local else None
        if size is None:
            continue
        image["width"], image["height"] = (str(value) for value in size)
        # Its own size is no scaling: no link from the picture to itself.
        image["classes"].append("no-scaled-link")
