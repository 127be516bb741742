"""The archive importer: each repair as a table, then synthetic posts through import and build.

The posts in tests/archive_posts/ are written here; each reproduces damage found in the
PSF's migrated archive (never committed: it is other people's words).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path
from urllib.parse import unquote

import pytest

from archive.blogger_links import (
    ANCHOR_LACKING,
    MADE_LOCAL,
    PROVENANCE,
    REDIRECTS,
    anchors,
    blogger_address,
    left_summary,
    local_links,
    provenance,
    redirect,
)
from archive.importer import ADVICE, advice, import_archive, repair
from archive.mending import DROPPED, ESCAPED, LAZY
from archive.problems import problems
from archive.repairs import REPAIRS
from tests.conftest import REPO, build_site, copy_site, soup

ARCHIVE = Path(__file__).parent / "archive_posts"
POST = ".. post:: 2019-08-20\n   :tags: legacy-blogger\n\nA title\n=======\n\n{}\n"

# kind -> (damaged body, a piece of the repaired body, what docutils said before)
REPAIR_TABLE = {
    "stray field lines before the post directive": (
        ":layout: default\n\n" + POST.format("Text."),
        ".. post:: 2019-08-20",
        None,
    ),
    "Markdown block quotes": (
        POST.format("Said:\n> quoted words\n> more of them"),
        "Said:\n\n    quoted words\n    more of them",
        None,
    ),
    "images": (
        POST.format("`![ <https://img.example.org/s.jpg>`_](https://img.example.org/full.jpg)"),
        ".. image:: https://img.example.org/s.jpg\n   :alt: Open the full-size picture\n"
        "   :target: https://img.example.org/full.jpg",
        None,  # no warning at all: it renders as a link reading "!["
    ),
    "Markdown pipe tables": (
        POST.format("a | b | c  \n---|---|---  \n1 | 2 | 3  "),
        ".. list-table::\n   :header-rows: 1\n\n   * - a\n     - b\n     - c\n   * - 1\n     - 2\n     - 3",
        "Undefined substitution referenced",
    ),
    "code and preformatted text": (
        POST.format("x = {  \n    'a': 1,  \n}  "),
        "::\n\n    x = {\n        'a': 1,\n    }",
        "Definition list ends without a blank line",
    ),
    "Markdown emphasis and strong": (
        POST.format("the _Python\nCookbook_ and __this__"),
        "the *Python\nCookbook* and **this**",
        "Unknown target name",
    ),
    "links wrapped across lines": (
        POST.format("see `the\n <https://example.org/a-\nb>`_guide"),
        "see `the <https://example.org/a-b>`_\\ guide",
        "Inline interpreted text or phrase reference start-string without end-string",
    ),
    "literal text glued to a link": (
        POST.format("users of ``pip\ninstall` <https://pip.pypa.io/>`_ers"),
        "users of |pip install|_\\ ers",
        "Inline literal start-string without end-string",
    ),
    "title underlines too short": (
        ".. post:: 2019-08-20\n\nParty 🎉\n=======\n\nText.\n",
        "Party 🎉\n========\n",
        "Title underline too short",
    ),
    "lines that continue a list item or paragraph": (
        POST.format("  * an item the converter\nwrapped\n  * another"),
        "  * an item the converter\n    wrapped\n",
        "Block quote ends without a blank line",
    ),
    "emphasis markers around spaces or nothing": (
        POST.format("*Ada Lovelace  *of London\n\n**  \n\nText."),
        "*Ada Lovelace*  of London\n\n\n\nText.",
        "Inline emphasis start-string without end-string",
    ),
    "nested Markdown lists": (
        POST.format("  1. First\n    1. a sub-item\n  2. Second"),
        "  1. First\n\n    1. a sub-item\n\n  2. Second",
        "Enumerated list ends without a blank line",
    ),
    "rule lines where no title is": (
        POST.format("Thanks,\n\n==========\nSource: the archive"),
        "Thanks,\n\n\nSource: the archive",
        "section title",
    ),
    PROVENANCE: (
        POST.format(
            "*This was originally posted on blogger* `here <http://pyfound.blogspot.com/2019/08/"
            "a-title.html>`_.\n\nText."
        ),
        "A title\n=======\n\n.. provenance:: https://pyfound.blogspot.com/2019/08/a-title.html\n\n"
        "Text.",
        None,  # a paragraph like any other, in every post's excerpt
    ),
    "stray markup characters, escaped": (
        POST.format("a lone *star here"),
        "a lone \\*star here",
        "Inline emphasis start-string without end-string",
    ),
}


# More shapes of damage the archive showed, each repaired by one of the kinds above.
MORE_CASES = [
    (
        "links wrapped across lines",  # the address cut at a parenthesis
        POST.format("the `C <https://en.example.org/wiki/C_\\(language\\>`_), then"),
        "the `C <https://en.example.org/wiki/C_(language)>`_, then",
        None,  # no warning: the link goes to a page that does not exist
    ),
    (
        "links wrapped across lines",  # ... and what followed the parenthesis
        POST.format("See `Plaza\nHQ <https://img.example.org/File:Plaza_\\(13\\>`_.jpg)  "),
        "`Plaza\nHQ <https://img.example.org/File:Plaza_(13).jpg>`_",
        None,
    ),
    (
        "links wrapped across lines",  # inside a quote, the text's second line stays in it
        POST.format("Said:\n\n> see `Refresh the\n> Meetup <https://m.example.org/\n> x>`_ now"),
        "    see `Refresh the\n    Meetup <https://m.example.org/x>`_ now",
        None,
    ),
    (
        "links wrapped across lines",  # emphasis around a link's text, and a parenthesis
        POST.format("`*Anton* <https://en.example.org/wiki/Anton_\\(computer\\>`_), the"),
        "`Anton <https://en.example.org/wiki/Anton_(computer)>`_, the",
        None,
    ),
    (
        "links wrapped across lines",  # code in a link's text
        POST.format("make me a `\\`__match__`<https://v.example.org/w>`_ now"),
        "make me a `__match__ <https://v.example.org/w>`_ now",
        "Unknown target name",
    ),
    (
        "emphasis around links",
        POST.format("*`Talks, round 1 <https://blog.example.org/t1.html>`_*  "),
        "\n`Talks, round 1 <https://blog.example.org/t1.html>`_  \n",
        None,  # the link prints as its source text
    ),
    (
        "emphasis around links",
        POST.format("Enjoy,\n_`Ada Lovelace <mailto:ada@example.org>`_  \nDirector, the Society_"),
        "`Ada Lovelace <mailto:ada@example.org>`_  \nDirector, the Society\n",
        "Unknown target name",
    ),
    (
        "titles wrapped across lines",
        POST.format(
            "*RESOLVED, that the Society thank Ada Lovelace-\n"
            + "-" * 47
            + "\nByron for her notes.*\n\nText."
        ),
        "*RESOLVED, that the Society thank Ada Lovelace-Byron for her notes.*\n" + "-" * 68,
        "Inline emphasis start-string without end-string",
    ),
    (
        "titles wrapped across lines",
        POST.format(
            "Write to `edu-\n" + "^" * 14 + "\nteam@example.org <mailto:edu-team@example.org>`_.\n"
        ),
        "Write to `edu-team@example.org <mailto:edu-team@example.org>`_.\n" + "^" * 63,
        "Inline interpreted text or phrase reference start-string without end-string",
    ),
    (
        "Markdown pipe tables",  # a header row the converter wrapped
        POST.format("a | b | Only non-\ncommercial  \n---|---|---  \n1 | 2 | 3  "),
        "   * - a\n     - b\n     - Only non-commercial\n",
        "Undefined substitution referenced",
    ),
    (
        "images",  # half a link, named by its file; an address ending in _
        POST.format("Photos:\n\n!`IMG_0137.JPG <https://img.example.org/a_>`_\n\nMore."),
        ".. image:: https://img.example.org/a_\n   :alt: Open the full-size picture\n"
        "   :target: https://img.example.org/a_",
        "Unknown target name",
    ),
    (
        "Markdown emphasis and strong",  # markers that do not match
        POST.format("Note:\n\n__By Ada Lovelace_  \n\nText."),
        "\n*By Ada Lovelace*  \n",
        "Unknown target name",
    ),
    (
        "emphasis markers around spaces or nothing",
        POST.format("Zuzanna sent photos.\n\n__\n\nText."),
        "photos.\n\n\n\nText.",
        "Anonymous hyperlink mismatch",
    ),
    (
        "Markdown block quotes",  # a line break, then spaces that are no indent
        POST.format("Sample:\n\n> *Grant* : a sum of\n> money.  \n>  *Objective* : to meet"),
        "    money.  \n    *Objective* : to meet",
        None,  # "Unexpected indentation", once the quote is indented
    ),
    (
        LAZY,  # before any escape: the escape would break the link the indent makes whole
        POST.format(
            "Said:\n\n Ada came to the `Garden\nClub <https://garden.example.org/club.html>`_ "
            "this year.\nMore words."
        ),
        " Ada came to the `Garden\n Club <https://garden.example.org/club.html>`_ this year.\n"
        " More words.",
        "Inline interpreted text or phrase reference start-string without end-string",
    ),
    (
        "emphasis closers nothing opens, dropped",
        POST.format("Thanks,  \n  \nAda Lovelace  \nSociety Chair_\n\nMore text."),
        "Ada Lovelace  \nSociety Chair\n",
        "Unknown target name",
    ),
]
CASES = [(kind, *case) for kind, case in REPAIR_TABLE.items()] + MORE_CASES


def test_every_repair_kind_is_in_the_table():
    kinds = {kind.name for kind in REPAIRS} | {LAZY, ESCAPED, DROPPED}
    assert kinds == {case[0] for case in CASES}


@pytest.mark.parametrize(("kind", "damaged", "repaired_piece", "reported"), CASES)
def test_each_repair(kind, damaged, repaired_piece, reported):
    if reported:
        assert any(reported in problem.message for problem in problems(damaged))
    text, counts, left = repair(damaged)
    assert repaired_piece in text
    assert counts[kind] >= 1
    assert left == []


@pytest.mark.parametrize(("kind", "damaged"), [case[:2] for case in CASES])
def test_repairing_twice_changes_nothing(kind, damaged):
    once, _, _ = repair(damaged)
    twice, counts, _ = repair(once)
    assert twice == once
    assert not counts


def test_what_cannot_be_repaired_is_listed_with_line_and_advice():
    text = POST.format(
        "  * an item\n\n    A heading in a list\n    ===================\n\n    More."
    )
    _, _, left = repair(text)
    assert [(problem.line, problem.message) for problem in left] == [
        (10, "Unexpected section title.")
    ]
    assert advice(left[0].message) == "a line of ^ or = under text is read as a title: remove it"


def test_every_message_gets_advice():
    assert ADVICE[-1][0] == ""  # the catch-all
    assert advice("Something docutils never said") == ADVICE[-1][1]


# Blogger addresses -------------------------------------------------------------------

SPRING = "https://pyfound.blogspot.com/2020/03/spring-notes.html"
OWN = "2020/02/own-post"
HELD = {"2020/03/spring-notes": {"planting-tools": "planting-tools"}, OWN: {}}

ADDRESSES = [
    # url, the post it names, its fragment, its kind should it stay
    (SPRING, "2020/03/spring-notes", "", "posts not in the archive"),
    ("http://pyfound.blogspot.com/2020/03/spring-notes.html?m=1", "2020/03/spring-notes", "", None),
    (
        "https://www.pyfound.blogspot.com/2020/03/spring-notes.html#top",
        "2020/03/spring-notes",
        "top",
        None,
    ),
    ("HTTPS://PyFound.Blogspot.COM/2020/03/spring-notes.html", "2020/03/spring-notes", "", None),
    ("http://pyfound.blogspot.co.uk/2020/03/spring-notes.html", "2020/03/spring-notes", "", None),
    ("http://pyfound.blogspot.com.tr/2020/03/spring-notes.html", "2020/03/spring-notes", "", None),
    ("http://pyfound.blogspot.ca/2020/03/spring-notes.html", "2020/03/spring-notes", "", None),
    ("https://pyfound.blogspot.com/search/label/pypi", None, "", "labels"),
    ("https://pyfound.blogspot.com/search?q=compost", None, "", "searches"),
    ("https://pyfound.blogspot.com/search?updated-max=2020-01-01", None, "", "searches"),
    ("https://pyfound.blogspot.com/feeds/posts/default", None, "", "feeds"),
    ("http://pyfound.blogspot.com/", None, "", "home page"),
    ("http://pyfound.blogspot.com", None, "", "home page"),
    ("http://pyfound.blogspot.com/2015_06_01_archive.html", None, "", "date archives"),
    ("https://pyfound.blogspot.com/2020/03/", None, "", "date archives"),
    ("https://pyfound.blogspot.com/p/about.html", None, "", "other pages"),
]
NOT_BLOGGER = [
    "https://pycon.blogspot.com/2020/03/spring-notes.html",  # another Blogger blog
    "https://mypyfound.blogspot.com/2020/03/spring-notes.html",
    "https://pyfound.blogspot.com.example.org/2020/03/spring-notes.html",
    "https://example.org/pyfound.blogspot.com/2020/03/spring-notes.html",
    "pyfound.blogspot.com/2020/03/spring-notes.html",  # no scheme: a relative address
    "ftp://pyfound.blogspot.com/2020/03/spring-notes.html",
    "#top",
]


@pytest.mark.parametrize(("url", "post", "fragment", "kind"), ADDRESSES)
def test_blogger_addresses(url, post, fragment, kind):
    address = blogger_address(url)
    assert (address.post, address.fragment) == (post, fragment)
    if kind:
        assert address.kind == kind


@pytest.mark.parametrize("url", NOT_BLOGGER)
def test_other_addresses_are_no_blogger_addresses(url):
    assert blogger_address(url) is None


PROVENANCE_LINES = [
    # the paragraph under the title, the directive it becomes (None: it stays)
    (
        "*This was originally posted on blogger* `here <https://pyfound.blogspot.com/2020/03/"
        "spring-notes.html>`_.",
        f".. provenance:: {SPRING}",
    ),
    (
        "*This was originally posted on blogger* `here <http://pyfound.blogspot.com/2020/03/"
        "spring-notes.html>`_.",
        f".. provenance:: {SPRING}",
    ),
    (
        "*this was ORIGINALLY posted on  blogger*  `here <" + SPRING + ">`__",
        f".. provenance:: {SPRING}",
    ),
    (
        "*This was originally posted\non blogger* `here\n<" + SPRING + ">`_.",
        f".. provenance:: {SPRING}",
    ),
    (
        "*This was originally posted on blogger* `here <https://pyfound.blogspot.com/2020/03/spring-\n"
        "notes.html>`_.",
        f".. provenance:: {SPRING}",
    ),
    (
        "_This was originally posted on blogger_ `here <" + SPRING + ">`_.",
        f".. provenance:: {SPRING}",
    ),
    (
        "*This was originally posted on blogger* `here <http://www.pyfound.blogspot.co.uk/2020/03/"
        "spring-notes.html>`_.",
        ".. provenance:: https://www.pyfound.blogspot.co.uk/2020/03/spring-notes.html",
    ),
    ("*This was originally posted on blogger* `here <https://pyfound.blogspot.com/>`_.", None),
    ("*This was originally posted on blogger* `here <https://example.org/a.html>`_.", None),
    ("See: *This was originally posted on blogger* `here <" + SPRING + ">`_.", None),
    ("*This was originally posted on blogger* `here <" + SPRING + ">`_. And more.", None),
    ("   *This was originally posted on blogger* `here <" + SPRING + ">`_.", None),
]


@pytest.mark.parametrize(("paragraph", "directive"), PROVENANCE_LINES)
def test_provenance_lines(paragraph, directive):
    text = POST.format(f"{paragraph}\n\nText.")
    converted, count = provenance(text)
    if directive is None:
        assert (converted, count) == (text, 0)
    else:
        assert converted == POST.format(f"{directive}\n\nText.")
        assert count == 1
        assert problems(converted) == []
        assert provenance(converted) == (converted, 0)


PROVENANCE_PLACES = [
    # a post's body around the paragraph, what it becomes (None: it stays)
    ("Text.\n  \n{}\n\nMore.", f"Text.\n  \n.. provenance:: {SPRING}\n\nMore."),
    ("{}\n\n{}", f".. provenance:: {SPRING}\n\n{{}}"),  # one origin: the first
    ("Text.\n{}\n\nMore.", None),  # the paragraph goes on above
]


@pytest.mark.parametrize(("body", "expected"), PROVENANCE_PLACES)
def test_provenance_is_a_paragraph_of_its_own(body, expected):
    line = f"*This was originally posted on blogger* `here <{SPRING}>`_."
    text = POST.format(body.format(line, line))
    converted, count = provenance(text)
    if expected is None:
        assert (converted, count) == (text, 0)
    else:
        assert (converted, count) == (POST.format(expected.format(line)), 1)


def test_provenance_before_indented_text_is_closed():
    """Indented text after a directive is its content: an empty comment ends it."""
    text = POST.format(
        f"*This was originally posted on blogger* `here <{SPRING}>`_.\n\n    Quoted."
    )
    converted, _ = provenance(text)
    assert POST.format(f".. provenance:: {SPRING}\n\n..\n\n    Quoted.") == converted


LINKS = [
    # source, what it becomes, links made local by kind, links left by kind
    (
        f"see `the notes <{SPRING}>`_ now",
        "see :doc:`the notes </posts/2020/03/spring-notes>` now",
        {MADE_LOCAL: 1},
        {},
    ),
    (
        "`the notes <http://pyfound.blogspot.com/2020/03/spring-notes.html>`__",
        ":doc:`the notes </posts/2020/03/spring-notes>`",
        {MADE_LOCAL: 1},
        {},
    ),
    (
        "`a <http://www.pyfound.blogspot.com/2020/03/spring-notes.html?m=1>`_, "
        "`b <https://pyfound.blogspot.co.uk/2020/03/spring-notes.html>`_, "
        "`c <http://pyfound.blogspot.com.tr/2020/03/spring-notes.html>`_, "
        "`d <http://pyfound.blogspot.ca/2020/03/spring-notes.html?m=0>`_",
        ":doc:`a </posts/2020/03/spring-notes>`, :doc:`b </posts/2020/03/spring-notes>`, "
        ":doc:`c </posts/2020/03/spring-notes>`, :doc:`d </posts/2020/03/spring-notes>`",
        {MADE_LOCAL: 4},
        {},
    ),
    (
        "the `spring\nnotes <https://pyfound.blogspot.com/2020/03/spring-\nnotes.html>`_.",
        "the :doc:`spring\nnotes </posts/2020/03/spring-notes>`.",
        {MADE_LOCAL: 1},
        {},
    ),
    # no words of its own, or the address for words: the post's title shows
    (f"`<{SPRING}>`_", ":doc:`/posts/2020/03/spring-notes`", {MADE_LOCAL: 1}, {}),
    (f"`{SPRING} <{SPRING}>`_", ":doc:`/posts/2020/03/spring-notes`", {MADE_LOCAL: 1}, {}),
    (f"read {SPRING}.", "read :doc:`/posts/2020/03/spring-notes`.", {MADE_LOCAL: 1}, {}),
    (f"(<{SPRING}>)", "(:doc:`/posts/2020/03/spring-notes`)", {MADE_LOCAL: 1}, {}),
    (
        "at <https://pyfound.blogspot.com/2020/03/spring-\nnotes.html>.",
        "at :doc:`/posts/2020/03/spring-notes`.",
        {MADE_LOCAL: 1},
        {},
    ),
    # anchors: one the post defines, one it lacks, one in the post itself
    (
        f"`the tools <{SPRING}#planting-tools>`_",
        ":ref:`the tools <planting-tools>`",
        {MADE_LOCAL: 1},
        {},
    ),
    (
        f"`the seeds <{SPRING}#seeds>`_",
        ":doc:`the seeds </posts/2020/03/spring-notes>`",
        {ANCHOR_LACKING: 1},
        {},
    ),
    (
        "`the top <https://pyfound.blogspot.com/2020/02/own-post.html#top>`_",
        "`the top <#top>`_",
        {MADE_LOCAL: 1},
        {},
    ),
    (
        "`this post <http://pyfound.blogspot.com/2020/02/own-post.html>`_",
        ":doc:`this post </posts/2020/02/own-post>`",
        {MADE_LOCAL: 1},
        {},
    ),
    # glued to the words around it, or the space inside: docutils saw no link
    (
        f"a week ago,`the notes <{SPRING}>`_ came",
        "a week ago,\\ :doc:`the notes </posts/2020/03/spring-notes>` came",
        {MADE_LOCAL: 1},
        {},
    ),
    (
        f"as did` the notes <{SPRING}>`_.",
        "as did :doc:`the notes </posts/2020/03/spring-notes>`.",
        {MADE_LOCAL: 1},
        {},
    ),
    (
        f"`the notes <{SPRING}>`_*.*",
        ":doc:`the notes </posts/2020/03/spring-notes>`\\ *.*",
        {MADE_LOCAL: 1},
        {},
    ),
    # words that mean something else in a role's title
    (
        f"`!Important <{SPRING}>`_",
        ":doc:`\\!Important </posts/2020/03/spring-notes>`",
        {MADE_LOCAL: 1},
        {},
    ),
    (
        f"`rakes <and hoes> <{SPRING}>`_",
        ":doc:`rakes \\<and hoes> </posts/2020/03/spring-notes>`",
        {MADE_LOCAL: 1},
        {},
    ),
    (
        f"`the \\`notes\\` <{SPRING}>`_",
        ":doc:`the \\`notes\\` </posts/2020/03/spring-notes>`",
        {MADE_LOCAL: 1},
        {},
    ),
    # prose in directives, footnotes and substitutions
    (
        f".. note:: See `the notes <{SPRING}>`_.",
        ".. note:: See :doc:`the notes </posts/2020/03/spring-notes>`.",
        {MADE_LOCAL: 1},
        {},
    ),
    (
        f".. figure:: https://img.example.org/a.png\n   :alt: A rake\n\n   From `the notes <{SPRING}>`_.",
        ".. figure:: https://img.example.org/a.png\n   :alt: A rake\n\n"
        "   From :doc:`the notes </posts/2020/03/spring-notes>`.",
        {MADE_LOCAL: 1},
        {},
    ),
    (
        f".. [1] See `the notes <{SPRING}>`_.",
        ".. [1] See :doc:`the notes </posts/2020/03/spring-notes>`.",
        {MADE_LOCAL: 1},
        {},
    ),
    (
        f"Read |notes|.\n\n.. |notes| replace:: `the notes <{SPRING}>`_",
        "Read |notes|.\n\n.. |notes| replace:: :doc:`the notes </posts/2020/03/spring-notes>`",
        {MADE_LOCAL: 1},
        {},
    ),
    # Blogger pages the archive lacks stay, counted
    (
        "the `label <https://pyfound.blogspot.com/search/label/garden>`_, the "
        "`feed <https://pyfound.blogspot.com/feeds/posts/default>`_, a "
        "`search <https://pyfound.blogspot.com/search?q=compost>`_, "
        "`March <https://pyfound.blogspot.com/2020_03_01_archive.html>`_, the "
        "`blog <http://pyfound.blogspot.com/>`_, <http://pyfound.blogspot.com/>, "
        "`the shed <https://pyfound.blogspot.com/2009/01/the-old-shed.html>`_, "
        "https://pyfound.blogspot.com/p/about.html",
        None,
        {},
        {
            "labels": 1,
            "feeds": 1,
            "searches": 1,
            "date archives": 1,
            "home page": 2,
            "posts not in the archive": 1,
            "other pages": 1,
        },
    ),
    (
        f".. image:: https://img.example.org/a.png\n   :target: {SPRING}\n\n.. _notes: {SPRING}",
        None,
        {},
        {"posts in link targets": 2},
    ),
    # no links: another blog, literal text, comments, the provenance directive
    ("`PyCon's <https://pycon.blogspot.com/2020/03/spring-notes.html>`_", None, {}, {}),
    (f"Run::\n\n    curl {SPRING}\n\nThen `more <https://example.org/>`_.", None, {}, {}),
    (f"the address ``{SPRING}`` and ``curl {SPRING}``", None, {}, {}),
    (f".. {SPRING}\n   is where it was", None, {}, {}),
    (f".. code-block:: text\n\n   `the notes <{SPRING}>`_", None, {}, {}),
    (f".. provenance:: {SPRING}", None, {}, {}),
]


@pytest.mark.parametrize(("source", "expected", "rewritten", "left"), LINKS)
def test_links_between_posts(source, expected, rewritten, left):
    links = local_links(source, OWN, HELD)
    assert links.text == (source if expected is None else expected)
    assert (dict(links.rewritten), dict(links.left)) == (rewritten, left)
    again = local_links(links.text, OWN, HELD)
    assert (again.text, again.rewritten) == (links.text, Counter())
    assert problems(POST.format(links.text)) == []


ANCHORS = [
    (".. _planting-tools:\n\nTools\n-----", {"planting-tools": "planting-tools"}),
    (".. _Top Tools:\n\nText.", {"top-tools": "top tools"}),
    (".. _`the seed list`:\n\nText.", {"the-seed-list": "the seed list"}),
    ("The _`Seed list` is long.", {"seed-list": "seed list"}),
    (".. _notes: https://example.org/notes.html", {}),  # a link, no anchor
    (".. __: https://example.org/notes.html", {}),
]


@pytest.mark.parametrize(("text", "expected"), ANCHORS)
def test_a_posts_anchors(text, expected):
    assert anchors(POST.format(text)) == expected


REDIRECTS_TABLE = [
    # post, with the redirect (None: unchanged)
    (
        POST.format("Text."),
        POST.format("Text.").replace(
            ":tags: legacy-blogger\n", ":tags: legacy-blogger\n   :redirect: 2019/08/a-title\n"
        ),
    ),
    (
        ".. post:: 2019-08-20\n\nA title\n=======\n",
        ".. post:: 2019-08-20\n   :redirect: 2019/08/a-title\n\nA title\n=======\n",
    ),
    (
        ".. post:: 2019-08-20\n    :tags: a,\n       b\n\nText.\n",
        ".. post:: 2019-08-20\n    :tags: a,\n       b\n    :redirect: 2019/08/a-title\n\nText.\n",
    ),
    (".. post:: 2019-08-20", ".. post:: 2019-08-20\n   :redirect: 2019/08/a-title"),
    (".. post:: 2019-08-20\n   :redirect: blog/a-title\n\nText.\n", None),
    ("A page, no post.\n", None),
]


@pytest.mark.parametrize(("text", "expected"), REDIRECTS_TABLE)
def test_old_addresses_become_redirects(text, expected):
    redirected, count = redirect(text, "2019/08/a-title")
    assert (redirected, count) == ((text, 0) if expected is None else (expected, 1))
    assert redirect(redirected, "2019/08/a-title") == (redirected, 0)


def test_links_left_are_summed_up_by_kind():
    left = Counter({"feeds": 2, "labels": 1, "posts not in the archive": 3})
    assert left_summary(left) == (
        "Blogger links left: 6 (labels 1, feeds 2, posts not in the archive 3)"
    )


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    """The site with the synthetic archive imported through `python -m archive`."""
    site = copy_site(tmp_path_factory.mktemp("archive"))
    result = subprocess.run(
        [sys.executable, "-m", "archive", str(ARCHIVE)],
        cwd=site,
        env={"PYTHONPATH": str(REPO), "PATH": ""},
        capture_output=True,
        text=True,
        check=True,
    )
    return site, result.stdout.splitlines()


def test_import_places_posts_at_their_blogger_paths(imported):
    site, summary = imported
    assert summary[0].startswith("Imported 8 posts")
    for year, month, slug in [
        ("2016", "05", "images-from-the-garden"),
        ("2012", "07", "reading-a-config-file"),
    ]:
        assert (site / "posts" / year / month / f"{slug}.rst").is_file()
    assert "Nothing left to fix by hand." in summary


def test_import_summary_counts_repairs_by_kind(imported):
    _, summary = imported
    assert "      3  images" in summary
    assert "      2  Markdown pipe tables" in summary
    assert "      1  titles wrapped across lines" in summary


def test_import_summary_counts_what_it_did_with_blogger_addresses(imported):
    _, summary = imported
    assert f"      3  {PROVENANCE}" in summary
    assert f"      7  {REDIRECTS}" in summary  # one post names its own
    assert f"     15  {MADE_LOCAL}" in summary
    assert f"      1  {ANCHOR_LACKING}" in summary
    assert (
        "Blogger links left: 6 (labels 1, searches 1, feeds 1, home page 1, date archives 1, "
        "posts not in the archive 1)"
    ) in summary


def test_imported_posts_link_each_other(imported):
    site, _ = imported
    news = (site / "posts/2017/02/garden-club-news.rst").read_text(encoding="utf-8")
    notes = "</posts/2017/03/spring-planting-notes>`"
    for piece in [
        "   :category: Legacy\n   :redirect: 2017/02/garden-club-news\n\n",
        "=\n\n.. provenance:: https://pyfound.blogspot.com/2017/02/garden-club-news.html\n\nOur ",
        f"Our :doc:`spring planting notes {notes}\nare out, as a :doc:`page for phones {notes},",
        f"at the :doc:`old address {notes} and\non the :doc:`British mirror {notes}.",
        "Read :ref:`the tool list <planting-tools>`,\n:doc:`the seed list " + notes,
        ":doc:`the pictures </posts/2016/05/images-from-the-garden>`.",
        "pictures: :doc:`/posts/2016/05/images-from-the-garden`. The grants: "
        ":doc:`/posts/2021/03/grants-by-region`.",
        "Back to `the top <#top>`_ of this page.",
        f"a week ago,\\ :doc:`the notes {notes}\ncame out, as did :doc:`the grants",
        f":doc:`\\!Important {notes}\nand :doc:`rakes \\<and hoes> {notes}.",
        "`garden label <https://pyfound.blogspot.com/search/label/garden>`_",
        "    curl https://pyfound.blogspot.com/2017/03/spring-planting-notes.html\n",
        "``https://pyfound.blogspot.com/2017/03/spring-planting-notes.html``",
    ]:
        assert piece in news
    notes = (site / "posts/2017/03/spring-planting-notes.rst").read_text(encoding="utf-8")
    directive = notes.split("\n\n")[0]  # it names its own redirect: no second one
    assert directive.endswith("   :redirect: garden/spring-notes")
    assert directive.count(":redirect:") == 1
    assert (
        ".. provenance:: https://pyfound.blogspot.com/2017/03/spring-planting-notes.html\n\n..\n\n"
        "    Plant early" in notes
    )
    assert ":doc:`mirror </posts/2017/02/garden-club-news>`" in notes
    assert ":doc:`one </posts/2017/02/garden-club-news>`" in notes


@pytest.fixture(scope="module")
def built(imported, tmp_path_factory: pytest.TempPathFactory) -> Path:
    site, _ = imported
    return build_site(site, tmp_path_factory.mktemp("archive-html"))  # -W, empty stderr


def test_repaired_posts_build_clean_and_render(built):
    garden = soup(built / "posts/2016/05/images-from-the-garden.html")
    images = garden.select("article img, main img, .body img") or garden.find_all("img")
    alts = sorted(image.get("alt") for image in images)
    # one picture nothing describes: its alt names the link it sits in
    assert alts == ["A pond with three ducks", "A red wheelbarrow", "Open the full-size picture"]
    links = {image.parent.get("href") for image in images}
    assert "https://images.example.org/img/garden-full.jpg" in links
    table = soup(built / "posts/2021/03/grants-by-region.html").find("table")
    assert [th.get_text(strip=True) for th in table.find_all("th")] == [
        "Region",
        "Requests",
        "Granted",
    ]
    code = soup(built / "posts/2012/07/reading-a-config-file.html").find_all("pre")
    assert len(code) == 2 and "def read_settings(path):" in code[0].get_text()
    fellows = soup(built / "posts/2019/08/new-fellows.html")
    assert fellows.find("em", string="new fellows")
    assert fellows.find("a", href="https://pip.pypa.io/en/stable/").find("code")
    for page in built.rglob("*.html"):
        assert 'class="problematic"' not in page.read_text(encoding="utf-8"), page


def test_wrapped_titles_and_links_come_out_whole(built):
    page = soup(built / "posts/2015/06/a-resolution-and-links.html")
    heading = page.find(lambda tag: tag.name == "h2" and "RESOLVED" in tag.get_text())
    assert "Tool-Library for their work" in heading.get_text()
    hrefs = {unquote(link.get("href")): link.get_text() for link in page.find_all("a")}
    assert hrefs["https://en.example.org/wiki/Anton_(computer)"] == "Anton"
    assert hrefs["https://garden.example.org/guide.html"] == "the planting guide"
    assert hrefs["https://garden.example.org/cans"] == "Watering Cans __can__"
    assert hrefs["mailto:ada@example.org"] == "Ada Lovelace"
    assert "Only non-commercial use" in page.find("table").get_text()
    text = page.get_text()
    assert "`" not in text and "Club_" not in text and "Chair_" not in text


def test_links_between_posts_lead_to_them(built):
    page = soup(built / "posts/2017/02/garden-club-news.html")
    hrefs = {" ".join(link.get_text().split()): link.get("href") for link in page.find_all("a")}
    notes = "../03/spring-planting-notes.html"
    for text, href in {
        "spring planting notes": notes,
        "page for phones": notes,
        "old address": notes,
        "British mirror": notes,
        "the tool list": f"{notes}#planting-tools",
        "the seed list": notes,
        "the pictures": "../../2016/05/images-from-the-garden.html",
        "Images from the garden": "../../2016/05/images-from-the-garden.html",
        "Grants by region": "../../2021/03/grants-by-region.html",
        "the top": "#top",
        "the notes": notes,
        "the grants": "../../2021/03/grants-by-region.html",
        "!Important": notes,
        "rakes <and hoes>": notes,
        "garden label": "https://pyfound.blogspot.com/search/label/garden",
        "a post the archive lacks": "https://pyfound.blogspot.com/2009/01/the-old-shed.html",
    }.items():
        assert hrefs[text] == href, text
    assert "a week ago,the notes came out" in " ".join(page.get_text().split())
    for old, new in [
        ("2017/02/garden-club-news.html", "posts/2017/02/garden-club-news.html"),
        ("2016/05/images-from-the-garden.html", "posts/2016/05/images-from-the-garden.html"),
        ("garden/spring-notes.html", "posts/2017/03/spring-planting-notes.html"),
    ]:
        refresh = soup(built / old).find("meta", attrs={"http-equiv": "refresh"})
        assert refresh["content"].endswith(f"url={'../' * old.count('/')}{new}"), old
    assert not (built / "2017/03/spring-planting-notes.html").exists()


def test_importing_again_changes_nothing(imported):
    site, _ = imported
    before = {path: path.read_bytes() for path in (site / "posts").rglob("*.rst")}
    summary = import_archive(ARCHIVE, site / "posts")
    assert summary.imported == [] and summary.clashes == []
    assert len(summary.unchanged) == len(list(ARCHIVE.rglob("*.rst")))
    assert {path: path.read_bytes() for path in (site / "posts").rglob("*.rst")} == before


def test_a_post_already_in_posts_is_kept_and_listed(tmp_path):
    posts = tmp_path / "posts"
    mine = posts / "2021/03/grants-by-region.rst"
    mine.parent.mkdir(parents=True)
    mine.write_text("the site's own version\n", encoding="utf-8")
    summary = import_archive(ARCHIVE, posts)
    assert mine.read_text(encoding="utf-8") == "the site's own version\n"
    assert summary.clashes == [mine]
    assert any("grants-by-region.rst" in line for line in summary.lines(tmp_path))


def test_files_not_named_by_date_are_listed_not_guessed(tmp_path):
    archive = tmp_path / "archive"
    (archive / "misc").mkdir(parents=True)
    shutil.copy(ARCHIVE / "2021/2021-03-grants-by-region.rst", archive / "misc/grants.rst")
    summary = import_archive(archive, tmp_path / "posts")
    assert summary.imported == []
    assert summary.skipped[0][1] == "not named YYYY-MM-slug.rst, so its date is unknown"


def test_a_missing_archive_folder_is_one_line(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "archive", str(tmp_path / "nowhere")],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert "not a folder" in result.stderr
