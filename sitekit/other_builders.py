"""The site through every builder Sphinx ships, not only as a website.

ablog and sphinxext-opengraph are written for the html builder, and two of their
handlers crash elsewhere (ablog 0.11.13, sphinxext-opengraph 0.13):

- a postlist links each post's title to the post's page. LaTeX and Texinfo write
  one document of the pages in the root's toctree, and posts are in none: the
  builder has no address for them and raises NoUri, which ablog does not catch (no
  ablog issue found).
  There the title (and "read more") stays as text, as Sphinx leaves a reference it
  cannot resolve; a website's postlist is ablog's, untouched.
- the json and pickle builders give html-page-context a context without
  ``pagename``, which every other HTML builder sets and opengraph reads. It is set
  here, so those pages carry the same social tags as the website's.
- sphinx.ext.githubpages writes .nojekyll (and CNAME) into every HTML format's
  output folder: EPUB then warns of a file it cannot package, and Apple Help's
  output folder does not exist yet when they are written. They are GitHub Pages'
  files, so only a website gets them.

The configuration such builders ask for (a version for EPUB 3, a bundle id for Apple
Help) is in conf.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import ablog.post
from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinx.errors import NoUri
from sphinx.ext import githubpages

from deadlines.plain import builds_website
from sitekit import internals, priorities

NO_PAGE = "sitekit-no-page:"  # the address given to ablog for a page the output lacks


def setup(app: Sphinx) -> None:
    internals.check(__name__, app)
    app.connect("html-page-context", name_the_page, priority=priorities.BEFORE_OPENGRAPH)
    app.connect("config-inited", github_pages_files_for_a_website_only)
    internals.replace_listener(
        app, "doctree-resolved", ablog.post.process_postlist, postlist_for_every_builder
    )


def name_the_page(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """What the html builders put in every page's context, the serializing ones too."""
    context.setdefault("pagename", pagename)


def postlist_for_every_builder(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """ablog's postlist; where the output has no page for a post, its title as text."""
    if builds_website(app.builder):
        ablog.post.process_postlist(app, doctree, docname)
        return
    with pages_it_lacks_marked(app.builder):
        ablog.post.process_postlist(app, doctree, docname)
    for reference in list(doctree.findall(nodes.reference)):
        if reference.get("refuri", "").startswith(NO_PAGE):
            reference.replace_self(reference.children)


@contextmanager
def pages_it_lacks_marked(builder: Builder) -> Iterator[None]:
    """While ablog builds a postlist, a link to a page the builder has no address for
    gets a marked address instead of NoUri, so that the link can be taken out after.
    Re-entered when ablog resolves an excerpt's references (doctree-resolved again)."""
    original = builder.get_relative_uri
    outer = vars(builder).get("get_relative_uri")

    def relative_uri(from_: str, to: str, typ: str | None = None) -> str:
        try:
            return original(from_, to, typ)
        except NoUri:
            return NO_PAGE + to

    builder.get_relative_uri = relative_uri  # type: ignore[method-assign]
    try:
        yield
    finally:
        if outer is None:
            del builder.get_relative_uri
        else:
            builder.get_relative_uri = outer  # type: ignore[method-assign]


def github_pages_files_for_a_website_only(app: Sphinx, config: Config) -> None:
    """Once conf.py's extensions are loaded: githubpages writes its files for a website only."""
    if "sphinx.ext.githubpages" in app.extensions:
        internals.replace_listener(
            app, "env-updated", githubpages.create_nojekyll_and_cname, github_pages_files
        )


def github_pages_files(app: Sphinx, env: BuildEnvironment) -> None:
    if builds_website(app.builder):
        githubpages.create_nojekyll_and_cname(app, env)
