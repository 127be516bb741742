"""Links to the old Blogger address of a post this site has: one warning each.

A migrated post has two addresses: its page here and its Blogger page. Once the old
blog's address leads to this site, a link to the Blogger page costs the reader a
redirect, or ends on no page at all; until then it takes them off the site to an
older copy. So every link to ``pyfound.blogspot.com/YYYY/MM/slug.html`` (http or
https, ``www.`` or a country domain, ``?m=1``, a ``#fragment``) whose post is on this
site is a warning at the link's own line, saying which post to link instead. Links to
Blogger pages the site lacks (labels, the home page, posts not migrated) are fine.

A post is on this site under the Blogger paths its ``provenance`` names, its own path
(``posts/YYYY/MM/slug``, where `make import` puts it) and its ``:redirect:`` paths.
Links are collected as each page is read, and compared with every post after reading,
in every build, so a link found when its post arrives, or still there in a no-op
rebuild, is reported too. The provenance directive's address is no link.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from ablog.post import PostNode
from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from archive.blogger_links import blogger_address
from sitekit import internals, priorities
from sitekit.domain import sitekit_domain
from sitekit.provenance import provenance
from sitekit.subtypes import WARNING_TYPE, Subtype

logger = logging.getLogger(__name__)

POST_LINKS = ("external_link", "canonical_link")  # a post's own links, in ablog's pages
_OLD_PATH = re.compile(r"(?:^|/)(?P<path>\d{4}/\d{2}/[^/]+?)(?:\.html)?/?$")


@dataclass(frozen=True)
class BloggerLink:
    """A link in a page to a Blogger post, and where it is written: in ``source``, in
    the block of text from line ``start``, its ``occurrence``-th writing there (from 0).
    Its exact line is looked for only when it is warned about (``line``): reading each
    post's file again to place every such link was a third of this module's time
    reading 1,000 synthetic posts, each with such a link (bench/README.md)."""

    post: str  # the post's Blogger path, YYYY/MM/slug
    url: str
    source: str
    start: int
    occurrence: int = 0

    def line(self, lines: _Lines) -> int:
        return link_line(lines.of(self.source), self.start, self.url, self.occurrence)


@dataclass(frozen=True)
class PageRecord:
    """What one page says about Blogger: the Blogger paths it answers to (a post's),
    and its links to Blogger posts."""

    paths: tuple[str, ...]
    links: tuple[BloggerLink, ...]


def old_path(name: str) -> str | None:
    """``YYYY/MM/slug`` when a page name or redirect ends in a Blogger post's path."""
    found = _OLD_PATH.search(name)
    return found["path"] if found else None


def link_line(lines: Sequence[str], start: int, url: str, occurrence: int = 0) -> int:
    """The line of the ``occurrence``-th writing of ``url`` (counted from 0) in the block
    of text that starts on line ``start``, up to its first blank line; ``start`` if it is
    not there. A writer may break an address over lines, or escape its characters."""
    if not 1 <= start <= len(lines):
        return start
    end = start - 1
    while end < len(lines) and lines[end].strip():
        end += 1
    block = "\n".join(lines[start - 1 : end])
    # The block without backslashes and white space, each kept character's place in
    # the block beside it: a plain search there finds the address however it was
    # broken or escaped (a pattern of the address, compiled per link, cost seconds).
    places = [index for index, char in enumerate(block) if char != "\\" and not char.isspace()]
    squeezed = "".join(block[index] for index in places)
    wanted = "".join(char for char in url if char != "\\" and not char.isspace())
    found, after = -1, 0
    for _ in range(occurrence + 1):
        found = squeezed.find(wanted, after) if wanted else -1
        if found < 0:
            return start
        after = found + len(wanted)
    return start + block.count("\n", 0, places[found])


def _first_line(node: nodes.Node) -> tuple[str | None, int | None]:
    """Where a node is written: its own place, else its first child's that has one
    (an image inside its link), else its nearest ancestor's (the paragraph)."""
    for candidate in (node, *node.findall(nodes.Element, include_self=False)):
        if getattr(candidate, "line", None):
            return candidate.source, candidate.line
    while node is not None and not getattr(node, "line", None):
        node = node.parent
    if node is None:
        return None, None
    if isinstance(node, nodes.title) and not str(node.source).endswith(".md"):
        return node.source, node.line - 1  # docutils gives a title its underline's line
    return node.source, node.line


class _Lines:
    """Each source file's lines, read once per page."""

    def __init__(self) -> None:
        self.files: dict[str, list[str]] = {}

    def of(self, source: str) -> list[str]:
        if source not in self.files:
            try:
                self.files[source] = Path(source).read_text(encoding="utf-8").splitlines()
            except (OSError, UnicodeDecodeError):
                self.files[source] = []
        return self.files[source]


def _links(env: BuildEnvironment, doctree: nodes.document) -> Iterator[BloggerLink]:
    own_file = str(env.doc2path(env.docname))
    seen: dict[tuple[str, int, str], int] = {}

    def place(node: nodes.Node, url: str) -> tuple[str, int, int]:
        source, start = _first_line(node)
        source = source if source and Path(source).is_file() else own_file
        key = (source, start or 1, url)
        occurrence = seen[key] = seen.get(key, -1) + 1
        return source, start or 1, occurrence

    for reference in doctree.findall(nodes.reference):
        url = reference.get("refuri", "")
        address = blogger_address(url) if url else None
        if address and address.post:
            yield BloggerLink(address.post, url, *place(reference, url))
    for post in doctree.findall(PostNode):
        for key in POST_LINKS:
            url = post.get(key)
            address = blogger_address(url) if isinstance(url, str) and url else None
            if address and address.post:
                source, start = _first_line(post)
                source = source if source and Path(source).is_file() else own_file
                yield PostOptionLink(address.post, url, source, start or 1)


@dataclass(frozen=True)
class PostOptionLink(BloggerLink):
    """A link in one of a post directive's options: on the first line from ``start``
    that has it whole (an option's value is one line)."""

    def line(self, lines: _Lines) -> int:
        written = lines.of(self.source)
        return next(
            (n for n, text in enumerate(written, 1) if n >= self.start and self.url in text),
            self.start,
        )


def _paths(env: BuildEnvironment, doctree: nodes.document) -> Iterator[str]:
    """The Blogger paths a post answers to (none for a page that is no post)."""
    posts = list(doctree.findall(PostNode))
    if not posts:
        return
    for node in doctree.findall(provenance):
        address = blogger_address(node["address"])
        if address and address.post:
            yield address.post
    for name in [env.docname] + [name for post in posts for name in post.get("redirect") or []]:
        if path := old_path(name):
            yield path


def collect(app: Sphinx, doctree: nodes.document) -> None:
    paths = tuple(sorted(set(_paths(app.env, doctree))))
    links = tuple(_links(app.env, doctree))
    if paths or links:
        sitekit_domain(app.env).blogger[app.env.docname] = PageRecord(paths, links)


def local_posts(records: dict[str, PageRecord]) -> dict[str, str]:
    """Blogger path -> the page of this site that is that post."""
    local: dict[str, str] = {}
    for docname in sorted(records):
        for path in records[docname].paths:
            local.setdefault(path, docname)
    return local


def message(link: BloggerLink, docname: str) -> str:
    role = "{doc}" if link.source.endswith(".md") else ":doc:"
    return (
        f"{link.url} is the Blogger address of {docname}, a post of this site; link the "
        f"post here instead, e.g. {role}`/{docname}` (`make import` does this in the "
        "archive's posts)"
    )


def check(app: Sphinx, env: BuildEnvironment) -> None:
    """Every build, after reading: each link to a post this site has, one warning."""
    records = sitekit_domain(env).blogger
    local = local_posts(records)
    lines = _Lines()
    for docname in sorted(records):
        found = [link for link in records[docname].links if link.post in local]
        placed = sorted((link.source, link.line(lines), index) for index, link in enumerate(found))
        for source, line, index in placed:
            logger.warning(
                message(found[index], local[found[index].post]),
                location=f"{source}:{line}",
                type=WARNING_TYPE,
                subtype=Subtype.BLOGGER_LINK,
            )


def setup(app: Sphinx) -> None:
    internals.check(__name__, app)
    app.connect("doctree-read", collect, priority=priorities.COLLECT_BLOGGER_LINKS)
    app.connect("env-updated", check)
