"""A migrated post's provenance and its excerpt (tests/roots/test-legacy).

The archive's posts opened with a paragraph naming their Blogger address, and ablog took
that paragraph for every post's excerpt. The ``provenance`` directive says it as a line
under the title, dated by the post; the excerpt is the post's first paragraph of prose,
without what the conversion left, cut at a sentence or word boundary, and the same in
every list of posts and in the feed.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from docutils import nodes
from sphinx.testing.util import SphinxTestApp

from sitekit.excerpts import (
    ELLIPSIS,
    EXCERPT_LENGTH,
    choose,
    clean_paragraph,
    clean_text,
    cut_point,
    reads_as_prose,
)
from sitekit.provenance import address_error
from tests.conftest import ROOTS, build_source, plain_warnings, soup
from tests.test_plain import unspaced

# ablog 0.11.13 reads a post's front matter through an attribute Sphinx deprecates, and
# the builders Sphinx ships from sphinxcontrib packages use what Sphinx 11 removes.
pytestmark = [
    pytest.mark.filterwarnings("ignore:'ablog.post.CheckFrontMatter.app' is deprecated"),
    pytest.mark.filterwarnings(
        r"ignore::sphinx.deprecation.RemovedInSphinx11Warning:sphinxcontrib\."
    ),
]

GARDEN = "posts/2016/05/garden-party"
MEETING = "posts/2016/06/members-meeting"
SPRINT = "posts/2016/07/sprint-notes"
NEW_YEAR = "posts/2017/01/new-year"
LEGACY = {  # each migrated post, and what its provenance says
    GARDEN: ("2016-05-17", "Originally published on Blogger on May 17, 2016."),
    MEETING: ("2016-06-02", "Originally published on Blogger on June 02, 2016."),
    SPRINT: ("2016-07-04", "Originally published on Blogger on July 04, 2016."),
}
# Where the root's posts are listed with their excerpts.
LISTS = ["blog.html", "blog/2016.html", "blog/tag/legacy-blogger.html", "blog/category/legacy.html"]
# The garden party's first paragraph of prose, as its words read once the conversion's
# stray *, _, backticks and |name| are gone, and its broken links' addresses.
GARDEN_TEXT = (
    "The annual garden party of the Example Users Group returns this spring with talks on "
    "gardening software, a stall of old books and a raffle to support sprints on packaging "
    "all through the year, and members who signed up last time need not sign up again while "
    "newcomers are welcome to bring a dish to share at the long tables under the old walnut "
    "tree behind the hall."
)
MEETING_START = "The members\u2019 meeting is on the first Monday of July"
SPRINT_TEXT = (
    "Twelve of us met for two days after The members\u2019 meeting and closed most of the issues "
    "on the tracker, with cake at the end."
)


def one_line(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    source = tmp_path_factory.mktemp("legacy") / "src"
    shutil.copytree(ROOTS / "test-legacy", source)
    app = build_source(source)
    assert plain_warnings(app) == ""
    return Path(app.outdir)


def excerpts(site: Path, page: str) -> dict[str, str]:
    """Each post listed on a page (by its page name) -> the text of its excerpt: a list
    of posts (the site's template), or a postlist (ablog's)."""
    html = soup(site / page)
    items = [(item.select_one("h2 a"), item) for item in html.select("article.post-summary")]
    items += [(item.select_one("a"), item) for item in html.select("ul.postlist > li")]
    found = {}
    for link, item in items:
        target = ((site / page).parent / link["href"]).resolve().relative_to(site.resolve())
        excerpt = item.select_one(".ablog-post-excerpt").get_text()
        found[target.with_suffix("").as_posix()] = one_line(excerpt)
    return found


def feed(site: Path) -> dict[str, tuple[str, str]]:
    """Each entry of the blog's Atom feed -> its summary, and its content as text."""
    xml = BeautifulSoup((site / "blog/atom.xml").read_text(encoding="utf-8"), "xml")
    entries = {}
    for entry in xml.find_all("entry"):
        name = entry.link["href"].removeprefix("https://blog.example.org/").removesuffix(".html")
        content = BeautifulSoup(entry.content.get_text(), "html.parser").get_text()
        entries[name] = (one_line(entry.summary.get_text()), one_line(content))
    return entries


def every_excerpt(site: Path) -> dict[str, set[str]]:
    """Each post -> every text its excerpt has on the lists, the home page and the feed."""
    shown: dict[str, set[str]] = {}
    for page in [*LISTS, "index.html"]:
        for name, text in excerpts(site, page).items():
            shown.setdefault(name, set()).add(text)
    for name, (summary, content) in feed(site).items():
        shown.setdefault(name, set()).update({summary, content})
    return shown


# The provenance ---------------------------------------------------------------------------


@pytest.mark.parametrize("post", sorted(LEGACY))
def test_the_provenance_says_the_posts_date_under_its_title(site, post):
    day, said = LEGACY[post]
    page = soup(site / f"{post}.html")
    (line,) = page.select("p.provenance")
    assert one_line(line.get_text()) == said
    assert line.select_one("time")["datetime"] == day
    assert line.find_previous_sibling(True).name == "h1"
    assert line.find("a") is None  # the old address leads back here: no link


def test_a_post_written_here_has_no_provenance(site):
    assert soup(site / f"{NEW_YEAR}.html").select("p.provenance") == []


def test_the_provenance_is_in_no_excerpt_and_no_feed_entry(site):
    shown = every_excerpt(site)
    assert set(LEGACY) <= set(shown)
    for texts in shown.values():
        for text in texts:
            assert "Blogger" not in text and "Originally" not in text, text


def test_the_search_index_and_the_social_preview_leave_the_provenance_out(site):
    text = (site / "searchindex.js").read_text(encoding="utf-8")
    index = json.loads(text[text.index("(") + 1 : text.rindex(")")])
    assert {"blogger", "origin", "publish"}.isdisjoint(index["terms"])
    description = soup(site / f"{GARDEN}.html").find("meta", property="og:description")
    assert "Blogger" not in description["content"]


@pytest.fixture(scope="module")
def other_builders(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], SphinxTestApp]:
    source = tmp_path_factory.mktemp("legacy-others") / "src"
    shutil.copytree(ROOTS / "test-legacy", source)
    return lambda builder: build_source(source, builder)


OUTPUTS = {  # builder -> the file that holds the garden party's page
    "text": f"{GARDEN}.txt",
    "pseudoxml": f"{GARDEN}.pseudoxml",
    "xml": f"{GARDEN}.xml",
    "latex": "*.tex",
    "texinfo": "*.texi",
    "man": "*.1",
    "epub": f"{GARDEN}.xhtml",
    "singlehtml": "index.html",
}


@pytest.mark.parametrize("builder", sorted(OUTPUTS))
def test_other_outputs_say_it_as_a_sentence(other_builders, builder):
    app = other_builders(builder)
    assert plain_warnings(app) == ""
    (path,) = Path(app.outdir).glob(OUTPUTS[builder])
    written = path.read_text(encoding="utf-8").replace("\\&", "")
    if path.suffix in (".html", ".xhtml"):
        written = BeautifulSoup(written, "html.parser").get_text(" ")
    assert unspaced(LEGACY[GARDEN][1]) in unspaced(written)


PROVENANCE_FIX = (
    "write the post's Blogger address, e.g. .. provenance:: "
    "https://pyfound.blogspot.com/2018/10/a-post.html"
)
POST_START = ".. post:: 2016-08-01\n\nA post\n======\n\n"  # the directive on line 6
# Each mistake: the page, its text, the line the warning names, its message.
BAD_PROVENANCE = {
    "no-address": ("posts/bad.rst", POST_START + ".. provenance::\n\nText.\n", 6,
                   f"provenance: needs the post's Blogger address; {PROVENANCE_FIX}"),
    "other-site": ("posts/bad.rst", POST_START + ".. provenance:: https://example.org/2016/05/a.html\n", 6,
                   "provenance: 'https://example.org/2016/05/a.html' is not an http or https "
                   f"address on pyfound.blogspot.com; {PROVENANCE_FIX}"),
    "other-scheme": ("posts/bad.rst", POST_START + ".. provenance:: ftp://pyfound.blogspot.com/2016/05/a.html\n", 6,
                     "provenance: 'ftp://pyfound.blogspot.com/2016/05/a.html' is not an http or https "
                     f"address on pyfound.blogspot.com; {PROVENANCE_FIX}"),
    "script": ("posts/bad.rst", POST_START + ".. provenance:: javascript:alert(1)\n", 6,
               "provenance: 'javascript:alert(1)' is not an http or https address on "
               f"pyfound.blogspot.com; {PROVENANCE_FIX}"),
    "space": ("posts/bad.rst", POST_START + ".. provenance:: https://pyfound.blogspot.com/2016/05/a b.html\n", 6,
              "provenance: 'https://pyfound.blogspot.com/2016/05/a b.html' is not an http or https "
              f"address on pyfound.blogspot.com; {PROVENANCE_FIX}"),
    "label": ("posts/bad.rst", POST_START + ".. provenance:: https://pyfound.blogspot.com/search/label/pycon\n", 6,
              "provenance: 'https://pyfound.blogspot.com/search/label/pycon' is not the address of a "
              f"Blogger post (YYYY/MM/slug.html); {PROVENANCE_FIX}"),
    "text-under-it": ("posts/bad.rst", POST_START + ".. provenance:: https://pyfound.blogspot.com/2016/08/a.html\n\n"
                      "   Indented text.\n", 6,
                      "provenance: takes the address only, but text indented under it reads as the "
                      "directive's; to start the post with an indented block, put a line holding only "
                      "'..' (an empty comment) between them"),
    "not-a-post": ("page.rst", ":orphan:\n\nA page\n======\n\n.. provenance:: https://pyfound.blogspot.com/2016/08/a.html\n", 6,
                   "provenance is in a page that is no post; put it under the post's .. post:: line"),
    "second": ("posts/bad.rst", POST_START + ".. provenance:: https://pyfound.blogspot.com/2016/08/a.html\n\n"
               "Text.\n\n.. provenance:: https://pyfound.blogspot.com/2016/08/b.html\n", 10,
               "provenance is the post's second; a post came from one Blogger address"),
}  # fmt: skip


@pytest.mark.parametrize("case", sorted(BAD_PROVENANCE))
def test_a_bad_provenance_is_one_warning_at_its_line(make_app, copy_root, case):
    path, text, line, message = BAD_PROVENANCE[case]
    app = make_app("html", srcdir=copy_root("legacy", {path: text}))
    app.build()
    lines = plain_warnings(app).strip().splitlines()
    assert lines == [f"{app.srcdir / path}:{line}: WARNING: {message} [sitekit.provenance]"]


@pytest.mark.parametrize(
    ("address", "problem"),
    [
        ("https://pyfound.blogspot.com/2016/05/a-post.html", ""),
        ("http://pyfound.blogspot.com/2016/05/a-post.html", ""),
        ("https://www.pyfound.blogspot.com/2016/05/a-post.html", ""),
        ("", "needs the post's Blogger address"),
        ("https://pyfound.blogspot.com/", "is not the address of a Blogger post"),
        ("https://pyfound.blogspot.com/2016/05/", "is not the address of a Blogger post"),
        ("https://example.org/2016/05/a-post.html", "is not an http or https address"),
        ("https://pyfound.blogspot.com.example.org/2016/05/a.html", "is not an http or https"),
        ("mailto:psf@example.org", "is not an http or https address"),
        ("pyfound.blogspot.com/2016/05/a-post.html", "is not an http or https address"),
    ],
)
def test_what_a_provenance_address_is(address, problem):
    found = address_error(address)
    assert (problem in found) if problem else found == ""


# The excerpt -------------------------------------------------------------------------------


def test_the_excerpt_is_the_first_paragraph_of_prose(site):
    listed = excerpts(site, "blog.html")
    assert GARDEN_TEXT.startswith(listed[GARDEN].removesuffix(ELLIPSIS))  # not the photo credit
    assert listed[MEETING].startswith(MEETING_START)  # not "Dear members,"
    assert listed[SPRINT] == SPRINT_TEXT
    assert listed[NEW_YEAR].startswith("This post was written here")


def test_excerpts_have_no_markup_residue(site):
    for name, texts in every_excerpt(site).items():
        for text in texts:
            assert not re.search(r"[*`|<>]|\b_|_\b|\[\d*\]", text), (name, text)
    # a raw address stays only as the text of its own link
    for page in LISTS:
        for link in soup(site / page).select(".ablog-post-excerpt a"):
            assert link.get_text() == link["href"] or "://" not in link.get_text()
        text = soup(site / page).get_text()
        assert "example.org/sprints" not in text and "example.org/packaging" not in text


def test_a_long_excerpt_is_cut_at_a_word_boundary(site):
    text = excerpts(site, "blog.html")[GARDEN]
    assert text.endswith(ELLIPSIS) and len(text) <= EXCERPT_LENGTH + len(ELLIPSIS)
    kept = text.removesuffix(ELLIPSIS)
    assert GARDEN_TEXT.startswith(kept) and GARDEN_TEXT[len(kept)] == " "


def test_a_long_excerpt_of_sentences_is_cut_after_one(site):
    text = excerpts(site, "blog.html")[MEETING]
    assert text.endswith("after the votes. " + ELLIPSIS)
    assert len(text) <= EXCERPT_LENGTH + 2


def test_the_feed_and_every_list_show_the_same_excerpt(site):
    shown = every_excerpt(site)
    assert set(shown) == {GARDEN, MEETING, SPRINT, NEW_YEAR}
    for name, texts in shown.items():
        assert len(texts) == 1, (name, texts)


@pytest.mark.parametrize(
    ("text", "clean"),
    [
        ("*The annual party*", "The annual party"),
        ("**Note:** read this", "Note: read this"),
        ("_Nature_ says", "Nature says"),
        ("_*Edit:* a typo._", "Edit: a typo."),
        ("“*quoted*”", "“quoted”"),
        ("a `word` here", "a word here"),
        ("to support` work", "to support work"),
        ("`_ on", " on"),
        ("a |raffle| today", "a raffle today"),
        ("snake_case and C++ and 5 * 3 and a | b", "snake_case and C++ and 5 * 3 and a | b"),
        ("Twisted , as you know", "Twisted, as you know"),
        ("( see below )", "(see below)"),
        ("one\nline  \n  apart", "one line apart"),
        ("_Free Software. _", "Free Software. "),  # the paragraph trims its ends
        ("* A star at each end *", " A star at each end "),
    ],
)
def test_clean_text(text, clean):
    assert clean_text(text) == clean


@pytest.mark.parametrize(
    ("text", "prose"),
    [
        ("The members' meeting is on the first Monday of July.", True),
        ("Twelve of us met for two days and closed the issues", True),
        ("This summary was written by Ada.", True),
        ("Dear members,", False),
        ("(Photo credit: Ada Quillfeather)", False),
        ("Submission due date: October 1st, 2009", False),
        ("Context", False),
        ("-->", False),
        ("See https://example.org/a https://example.org/b https://example.org/c.", False),
    ],
)
def test_what_reads_as_prose(text, prose):
    assert reads_as_prose(text) is prose


@pytest.mark.parametrize(
    ("text", "limit", "cut"),
    [
        ("Short enough.", 20, None),
        ("One sentence. Two sentences here and more words.", 24, "One sentence. …"),
        (
            "A first sentence that is long. Then words go on and on.",
            40,
            "A first sentence that is long. …",
        ),
        (
            "Tiny. Then words go on and on until the limit is far behind.",
            40,
            "Tiny. Then words go on and on until the…",
        ),
        (
            "Dr. Who arrived, and then many more words followed him.",
            30,
            "Dr. Who arrived, and then many…",
        ),
        ("Words, with commas, everywhere in it, on and on", 21, "Words, with commas…"),
        ("Averyveryverylongwordwithoutanyspace", 10, "Averyveryv…"),
    ],
)
def test_where_a_long_text_is_cut(text, limit, cut):
    place = cut_point(text, limit)
    assert (None if place is None else text[: place[0]] + place[1]) == cut


def test_an_excerpt_drops_marks_pictures_and_messages_of_what_it_lacks():
    """A footnote's mark, an image, raw markup and a docutils problem (whose message is not
    in the excerpt) leave the excerpt's paragraph, their words staying where they have any."""
    paragraph = nodes.paragraph(
        "",
        "",
        nodes.Text("A grant "),
        nodes.footnote_reference("[1]", "1", ids=["fr1"], refid="f1"),
        nodes.image(uri="logo.png", alt="logo"),
        nodes.raw("", "<br>", format="html"),
        nodes.Text(" for the *"),
        nodes.problematic("`sprint", "`sprint", ids=["p1"], refid="m1"),
        nodes.Text("* fund."),
    )
    before = paragraph.pformat()
    assert clean_paragraph(paragraph).astext() == "A grant for the sprint fund."
    assert paragraph.pformat() == before  # a copy: the post keeps its own


def section(*children: nodes.Node) -> nodes.section:
    return nodes.section("", nodes.title("", "A post"), *children)


def para(text: str) -> nodes.paragraph:
    return nodes.paragraph(text, text)


PROSE = "The meeting is on Monday, in the small room of the library, after work."


@pytest.mark.parametrize(
    ("body", "excerpt"),
    [
        (  # what is not the post's own text, and lines too short to start on
            [
                nodes.system_message("", para("Duplicate implicit target name: here."), level=1),
                nodes.table("", nodes.tgroup("", nodes.tbody("", nodes.row("", nodes.entry("", para(PROSE + " A cell.")))))),
                nodes.figure("", nodes.legend("", para(PROSE + " A legend."))),
                nodes.note("", para(PROSE + " A note.")),
                para("-->"),
                para("Dear members,"),
                nodes.block_quote("", para(PROSE)),
            ],
            [PROSE],
        ),
        ([para("-->"), para("In full colour:")], ["In full colour:"]),  # none reads as prose
        ([para("-->")], []),
    ],
)  # fmt: skip
def test_which_paragraph_is_the_excerpt(body, excerpt):
    assert [paragraph.astext() for paragraph in choose(section(*body), 1)] == excerpt


def test_an_excerpt_of_paragraphs_ends_with_the_last_that_fits():
    first, second = "One " + "word " * 40 + "ends.", "Two " + "word " * 40 + "ends."
    chosen = choose(section(para(first), para(second), para(PROSE)), 3)
    assert [paragraph.astext() for paragraph in chosen] == [first + " " + ELLIPSIS]
    short = choose(section(para(PROSE), para(PROSE)), 2)
    assert "".join(paragraph.astext() for paragraph in short) == PROSE + " " + PROSE


def test_a_link_glued_to_the_word_before_it_is_spaced():
    def link() -> nodes.reference:
        return nodes.reference("CubaConf", "CubaConf", refuri="https://example.org/cubaconf")

    glued = nodes.paragraph("", "", nodes.Text("to attend"), link(), nodes.Text(", a fair."))
    spaced = nodes.paragraph("", "", nodes.Text("to attend "), link(), nodes.Text(", a fair."))
    assert clean_paragraph(glued).astext() == "to attend CubaConf, a fair."
    assert clean_paragraph(spaced).astext() == "to attend CubaConf, a fair."
