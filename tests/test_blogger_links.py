"""A link to the Blogger address of a post this site has is a warning at its own line
(tests/roots/test-legacy): once the old address leads here, it costs a redirect."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from sitekit.blogger_links import BloggerLink, link_line, message, old_path
from tests.conftest import plain_warnings

pytestmark = pytest.mark.filterwarnings("ignore:'ablog.post.CheckFrontMatter.app' is deprecated")

GARDEN = "posts/2016/05/garden-party"
MEETING = "posts/2016/06/members-meeting"
SPRINT = "posts/2016/07/sprint-notes"
KIND = "[sitekit.blogger-link]"

# A post of links, one per line where it can be: each form of a migrated post's Blogger
# address, and what is no link to one.
LINKS = """\
.. post:: 2016-08-01
   :tags: legacy-blogger

Links to old addresses
======================

.. provenance:: https://pyfound.blogspot.com/2016/08/links.html

The `garden party <https://pyfound.blogspot.com/2016/05/garden-party.html>`_ and
`the meeting <http://pyfound.blogspot.com/2016/06/members-meeting.html?m=1>`_, then
`the votes <http://www.pyfound.blogspot.com/2016/06/members-meeting.html#votes>`_,
https://pyfound.blogspot.co.uk/2016/07/sprint-notes.html and a `wrapped link
<https://pyfound.blogspot.com/2016/05/garden-
party.html>`_, which is one address, and `the meeting again
<https://pyfound.blogspot.com/2016/06/members-meeting.html>`_ and
`again <https://pyfound.blogspot.com/2016/06/members-meeting.html>`_.

A `named link`_, not ``https://pyfound.blogspot.com/2016/05/garden-party.html``.

.. _named link: HTTPS://PYFOUND.BLOGSPOT.COM/2016/05/garden-party.html

.. image:: https://example.org/picture.png
   :alt: A picture
   :target: https://pyfound.blogspot.com/2016/07/sprint-notes.html

Fine: `old minutes <https://pyfound.blogspot.com/2009/01/minutes-not-migrated.html>`_,
a `label <https://pyfound.blogspot.com/search/label/pycon>`_, the
`home page <https://pyfound.blogspot.com/>`_, a `month <https://pyfound.blogspot.com/2016/05/>`_
and `another blog <https://pycon.blogspot.com/2016/05/garden-party.html>`_.

`Sprint notes <https://pyfound.blogspot.com/2016/07/sprint-notes.html>`_ in a title
===================================================================================

The end.
"""
# (line, address, the post it names) for each link above, in order.
FLAGGED = [
    (9, "https://pyfound.blogspot.com/2016/05/garden-party.html", GARDEN),
    (10, "http://pyfound.blogspot.com/2016/06/members-meeting.html?m=1", MEETING),
    (11, "http://www.pyfound.blogspot.com/2016/06/members-meeting.html#votes", MEETING),
    (12, "https://pyfound.blogspot.co.uk/2016/07/sprint-notes.html", SPRINT),
    (13, "https://pyfound.blogspot.com/2016/05/garden-party.html", GARDEN),
    (15, "https://pyfound.blogspot.com/2016/06/members-meeting.html", MEETING),
    (16, "https://pyfound.blogspot.com/2016/06/members-meeting.html", MEETING),
    (18, "HTTPS://PYFOUND.BLOGSPOT.COM/2016/05/garden-party.html", GARDEN),
    (24, "https://pyfound.blogspot.com/2016/07/sprint-notes.html", SPRINT),
    (31, "https://pyfound.blogspot.com/2016/07/sprint-notes.html", SPRINT),
]


def warning(path: Path, line: int, url: str, post: str, role: str = ":doc:") -> str:
    return (
        f"{path}:{line}: WARNING: {url} is the Blogger address of {post}, a post of this "
        f"site; link the post here instead, e.g. {role}`/{post}` (`make import` does this "
        f"in the archive's posts) {KIND}"
    )


def warnings_of(app) -> list[str]:
    return plain_warnings(app).strip().splitlines()


def test_the_legacy_root_links_no_post_it_has(make_app, copy_root):
    app = make_app("html", srcdir=copy_root("legacy"))
    app.build()
    assert plain_warnings(app) == ""  # its links to Blogger name posts it lacks, and a label


def test_each_link_to_a_post_this_site_has_is_a_warning_at_its_line(make_app, copy_root):
    path = "posts/2016/08/links.rst"
    app = make_app("html", srcdir=copy_root("legacy", {path: LINKS}))
    app.build()
    source = app.srcdir / path
    assert warnings_of(app) == [warning(source, *flagged) for flagged in FLAGGED]


MARKDOWN = """\
---
orphan: true
---
# Notes

See [the garden party](https://pyfound.blogspot.com/2016/05/garden-party.html), or
<http://pyfound.blogspot.com/2016/06/members-meeting.html>.

```{provenance} https://pyfound.blogspot.com/2016/05/garden-party.html
```
"""


def test_a_page_that_is_no_post_is_checked_too_in_its_own_markup(make_app, copy_root):
    """Its provenance is no link, but misplaced: a page that is no post has none."""
    app = make_app("html", srcdir=copy_root("legacy", {"notes.md": MARKDOWN}))
    app.build()
    source = app.srcdir / "notes.md"
    assert warnings_of(app) == [
        f"{source}:9: WARNING: provenance is in a page that is no post; put it under the "
        "post's .. post:: line [sitekit.provenance]",
        warning(source, 6, "https://pyfound.blogspot.com/2016/05/garden-party.html", GARDEN, "{doc}"),
        warning(source, 7, "http://pyfound.blogspot.com/2016/06/members-meeting.html", MEETING, "{doc}"),
    ]  # fmt: skip


POST_LINKS = """\
.. post:: 2016-08-02
   :canonical_link: https://pyfound.blogspot.com/2016/05/garden-party.html
   :external_link: http://pyfound.blogspot.com/2016/06/members-meeting.html

Elsewhere
=========

A post whose own links, in ablog's pages and in its head, are old addresses.
"""


def test_a_posts_own_links_are_links_too(make_app, copy_root):
    path = "posts/2016/08/elsewhere.rst"
    app = make_app("html", srcdir=copy_root("legacy", {path: POST_LINKS}))
    app.build()
    source = app.srcdir / path
    assert warnings_of(app) == [
        warning(source, 2, "https://pyfound.blogspot.com/2016/05/garden-party.html", GARDEN),
        warning(source, 3, "http://pyfound.blogspot.com/2016/06/members-meeting.html", MEETING),
    ]


MOVED = """\
.. post:: 2015-03-02
   :redirect: 2015/02/renamed-post

Moved
=====

.. provenance:: https://pyfound.blogspot.com/2015/03/moved-post.html

Its Blogger address is not its path here.
"""
LINKS_TO_MOVED = """\
.. post:: 2016-09-01

Links to moved posts
====================

The `moved post <https://pyfound.blogspot.com/2015/03/moved-post.html>`_ and its
`older name <https://pyfound.blogspot.com/2015/02/renamed-post.html>`_.
"""


def test_a_post_is_known_by_its_provenance_and_its_redirects(make_app, copy_root):
    files = {"posts/elsewhere/moved.rst": MOVED, "posts/2016/09/links.rst": LINKS_TO_MOVED}
    app = make_app("html", srcdir=copy_root("legacy", files))
    app.build()
    source = app.srcdir / "posts/2016/09/links.rst"
    moved = "posts/elsewhere/moved"
    assert warnings_of(app) == [
        warning(source, 6, "https://pyfound.blogspot.com/2015/03/moved-post.html", moved),
        warning(source, 7, "https://pyfound.blogspot.com/2015/02/renamed-post.html", moved),
    ]


LATER = ".. post:: 2015-04-01\n\nLater\n=====\n\nIt arrives after the link to it.\n"
LINK_TO_LATER = (
    ".. post:: 2016-10-01\n\nEarly\n=====\n\n"
    "See `later <https://pyfound.blogspot.com/2015/04/later.html>`_.\n"
)


def build(source: Path) -> list[str]:
    """One build of ``source``, where the last left it (one app after another)."""
    app = SphinxTestApp("html", srcdir=source, status=StringIO(), warning=StringIO())
    try:
        app.build()
    finally:
        app.cleanup()
    return warnings_of(app)


def test_a_link_is_reported_when_its_post_arrives_and_in_every_build_after(copy_root):
    source = copy_root("legacy", {"posts/2016/10/early.rst": LINK_TO_LATER})
    assert build(source) == []  # the site lacks that post: the link is fine
    (source / "posts/2015/04").mkdir(parents=True)
    (source / "posts/2015/04/later.rst").write_text(LATER, encoding="utf-8")
    expected = [
        warning(
            source / "posts/2016/10/early.rst",
            6,
            "https://pyfound.blogspot.com/2015/04/later.html",
            "posts/2015/04/later",
        )
    ]
    assert build(source) == expected  # the post arrives; the page linking it is not read
    assert build(source) == expected  # nothing to read


@pytest.mark.parametrize(
    ("name", "path"),
    [
        ("posts/2016/05/garden-party", "2016/05/garden-party"),
        ("2016/05/garden-party", "2016/05/garden-party"),
        ("2016/05/garden-party.html", "2016/05/garden-party"),
        ("/2016/05/garden-party/", "2016/05/garden-party"),
        ("posts/archive/2016/05-17-garden-party", None),
        ("posts/garden-party", None),
        ("blog/2016", None),
    ],
)
def test_the_blogger_path_of_a_page_or_redirect(name, path):
    assert old_path(name) == path


URL = "https://pyfound.blogspot.com/2016/05/a.html"


@pytest.mark.parametrize(
    ("lines", "start", "occurrence", "line"),
    [
        (["A `link <" + URL + ">`_."], 1, 0, 1),
        (["First line,", "then `a <" + URL + ">`_."], 1, 0, 2),
        (["`a <" + URL + ">`_ and", "`b <" + URL + ">`_."], 1, 1, 2),
        (["A `wrapped <https://pyfound.blogspot.com/2016/05/", "a.html>`_ link."], 1, 0, 1),
        (["An `escaped <https://pyfound.blogspot.com/2016/05/a\\.html>`_ link."], 1, 0, 1),
        (["A `named`_ link.", "", ".. _named: " + URL], 1, 0, 1),  # not past the block
        (["`a <" + URL.replace(".", "\\.") + ">`_ then", "`b <" + URL + ">`_."], 1, 1, 2),
        (["A `link <" + URL + ">`_."], 1, 1, 1),  # no second writing
        (["Title", "=====", "", "Text."], 1, 0, 1),
        ([], 3, 0, 3),
    ],
)
def test_the_line_a_link_is_written_on(lines, start, occurrence, line):
    assert link_line(lines, start, URL, occurrence) == line


def test_the_message_names_the_post_and_the_role_of_the_pages_markup():
    rst = BloggerLink("2016/05/a", URL, "/site/posts/x.rst", 3)
    md = BloggerLink("2016/05/a", URL, "/site/notes.md", 3)
    assert ":doc:`/posts/2016/05/a`" in message(rst, "posts/2016/05/a")
    assert "{doc}`/posts/2016/05/a`" in message(md, "posts/2016/05/a")
    assert "make import" in message(rst, "posts/2016/05/a")
