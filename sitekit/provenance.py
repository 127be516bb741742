"""Where a post was first published: the ``provenance`` directive.

Every post of the PSF's migrated Blogger archive opened with a paragraph saying where
Blogger had it, and ablog took that paragraph for every post's excerpt. `make import`
writes this directive in its place::

    .. provenance:: https://pyfound.blogspot.com/2019/01/2018-in-review.html

It shows, under the title, as "Originally published on Blogger on January 18, 2019.",
dated by the post's own ``.. post::`` date (written once, there) in the site's date
format. It is a line about the post, not of it: no docutils paragraph, and no text in
the doctree, so ablog never takes it for an excerpt or a feed's summary, the search
index holds none of its words, and a social preview's description skips it. Builders
other than HTML get the same sentence as a plain paragraph.

It links nowhere. The address it records is where the post used to be; once the old
blog's address leads to this site, a link there would bring the reader back to the
page they are reading. It stays in the source, as the record of where the post came
from, and tells :mod:`sitekit.blogger_links` which Blogger post this one is.
"""

from __future__ import annotations

from datetime import date
from html import escape
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinx.writers.html5 import HTML5Translator

from archive.blogger_links import blogger_address
from sitekit import internals, priorities
from sitekit.subtypes import WARNING_TYPE, Subtype

logger = logging.getLogger(__name__)

WORDS = "Originally published on Blogger"
EXAMPLE = "e.g. .. provenance:: https://pyfound.blogspot.com/2018/10/a-post.html"


class provenance(nodes.General, nodes.Element):
    """Where a post first appeared. ``address``: its Blogger address; ``date``: the
    post's date, ISO (empty for a post with none). It holds no text: writers say it."""


def sentence(day: date | None, date_format: str) -> str:
    """What the node says, in the site's date format."""
    return f"{WORDS} on {day.strftime(date_format)}." if day else f"{WORDS}."


def address_error(address: str) -> str:
    """Why ``address`` is not the Blogger address of a post ("" when it is)."""
    if not address:
        return "needs the post's Blogger address"
    found = blogger_address(address)
    if found is None or any(char.isspace() for char in address):
        return f"{address!r} is not an http or https address on pyfound.blogspot.com"
    if found.post is None:
        return f"{address!r} is not the address of a Blogger post (YYYY/MM/slug.html)"
    return ""


class ProvenanceDirective(SphinxDirective):
    """``.. provenance:: ADDRESS``. Takes the whole line and any content, so that every
    mistake is this module's one line, not docutils' error with the block echoed."""

    optional_arguments = 1
    final_argument_whitespace = True
    has_content = True

    def run(self) -> list[nodes.Node]:
        address = self.arguments[0].strip() if self.arguments else ""
        problem = address_error(address)
        if problem:
            problem += f"; write the post's Blogger address, {EXAMPLE}"
        elif self.content:
            problem = (
                "takes the address only, but text indented under it reads as the "
                "directive's; to start the post with an indented block, put a line holding "
                "only '..' (an empty comment) between them"
            )
        if problem:
            logger.warning(
                f"provenance: {problem}",
                location=self.get_location(),
                type=WARNING_TYPE,
                subtype=Subtype.PROVENANCE,
            )
            return []
        node = provenance(address=address, date="")
        self.set_source_info(node)
        return [node]


def date_provenance(app: Sphinx, doctree: nodes.document) -> None:
    """Give each provenance its post's date, as ablog read it, in the doctree and in
    ablog's copy of the post (its full text, for a full-text feed)."""
    found = list(doctree.findall(provenance))
    if not found:
        return
    posts: list[dict[str, Any]] = getattr(app.env, "ablog_posts", {}).get(app.env.docname, [])
    if not posts:
        for node in found:
            _warn(node, "is in a page that is no post; put it under the post's .. post:: line")
            node.parent.remove(node)
        return
    dated: dict[int, str] = {}
    for node in found:
        post = _post_of(node, posts)
        if id(post) in dated:
            _warn(node, "is the post's second; a post came from one Blogger address")
            node.parent.remove(node)
            continue
        dated[id(post)] = node["date"] = post["date"].date().isoformat() if post["date"] else ""
    for post in posts:
        for copy in post["doctree"].findall(provenance) if post["doctree"] else ():
            copy["date"] = dated.get(id(post), "")


def _post_of(node: nodes.Element, posts: list[dict[str, Any]]) -> dict[str, Any]:
    """The post a provenance belongs to: the one whose section holds it (ablog names a
    post's section when a page has several), else the page's post."""
    for section in _sections_around(node):
        for post in posts:
            if post["section"] and post["section"] in section["ids"]:
                return post
    return posts[0]


def _sections_around(node: nodes.Node) -> list[nodes.section]:
    sections = []
    while node.parent is not None:
        node = node.parent
        if isinstance(node, nodes.section):
            sections.append(node)
    return sections


def _warn(node: provenance, problem: str) -> None:
    logger.warning(
        f"provenance {problem}", location=node, type=WARNING_TYPE, subtype=Subtype.PROVENANCE
    )


def _date(node: provenance) -> date | None:
    return date.fromisoformat(node["date"]) if node.get("date") else None


def visit_provenance_html(translator: HTML5Translator, node: provenance) -> None:
    """A line of the post's header: the date as a <time>, like the post's own dateline."""
    day = _date(node)
    said = f"{WORDS}."
    if day:
        shown = escape(day.strftime(translator.config.post_date_format))
        said = f'{WORDS} on <time datetime="{day.isoformat()}">{shown}</time>.'
    translator.body.append(f'<p class="provenance">{said}</p>\n')
    raise nodes.SkipNode


class PlainProvenance(SphinxPostTransform):
    """For every output but HTML: the sentence, as a paragraph its writer knows."""

    default_priority = 5

    def is_supported(self) -> bool:
        return self.env._builder_cls.format != "html"  # as Sphinx's own post-transforms ask

    def run(self, **kwargs: Any) -> None:
        for node in list(self.document.findall(provenance)):
            said = sentence(_date(node), self.config.post_date_format)
            node.replace_self(nodes.paragraph(said, said, classes=["provenance"]))


def setup(app: Sphinx) -> None:
    internals.check(__name__, app)
    app.add_node(provenance, html=(visit_provenance_html, None))
    app.add_directive("provenance", ProvenanceDirective)
    app.connect("doctree-read", date_provenance, priority=priorities.DATE_PROVENANCE)
    app.add_post_transform(PlainProvenance)
