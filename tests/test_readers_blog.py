"""ABlog's features in the site's own templates: post metadata, archives, tags,
categories, authors, the feed link and previous/next, as the real site renders them."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import POST, RFI, build_site, copy_site, soup


def test_a_post_shows_its_date_author_category_and_tags(real_site: Path) -> None:
    main = soup(real_site / POST).select_one("main")
    dateline = main.select_one("p.post-meta")
    assert dateline.find_next("h1"), "the date comes before the title"
    assert dateline.select_one("time")["datetime"] == "2018-10-30"
    links = {a.get_text(): a["href"] for a in dateline.select("a[href]")}
    links |= {a.get_text(): a["href"] for a in main.select(".post-tags a[href]")}
    assert links == {
        "Python Software Foundation": "../../../blog/author/python-software-foundation.html",
        "Legacy": "../../../blog/category/legacy.html",
        "post": "../../../blog/tag/post.html",
        "pypi": "../../../blog/tag/pypi.html",
        "legacy-blogger": "../../../blog/tag/legacy-blogger.html",
    }


@pytest.mark.parametrize(
    "page",
    [
        "blog.html",
        "blog/2018.html",
        "blog/tag/pypi.html",
        "blog/category/legacy.html",
        "blog/author/python-software-foundation.html",
    ],
)
def test_archive_tag_category_and_author_pages_list_the_post(real_site: Path, page: str) -> None:
    html = soup(real_site / page)
    assert html.select_one("main h1").get_text(strip=True)
    listed = [a["href"] for a in html.select("main a[href]") if a["href"].endswith(Path(POST).name)]
    assert listed, page


@pytest.mark.parametrize(
    ("index", "page"),
    [
        ("blog/archive.html", "2018.html"),
        ("blog/tag.html", "tag/pypi.html"),
        ("blog/category.html", "category/legacy.html"),
        ("blog/author.html", "author/python-software-foundation.html"),
    ],
)
def test_indexes_link_the_pages_that_list_the_post(real_site: Path, index: str, page: str) -> None:
    """Names and counts only (tests/test_light_pages.py): the post is one link further."""
    html = soup(real_site / index)
    assert html.select_one("main h1").get_text(strip=True)
    assert page in [a["href"] for a in html.select("main a[href]")]


@pytest.mark.parametrize("page", ["index.html", RFI, "search.html", "blog/2018.html"])
def test_pages_link_the_feed_once_and_the_archive(real_site: Path, page: str) -> None:
    path = real_site / page
    html = soup(path)
    feeds = html.select('head link[rel="alternate"][type="application/atom+xml"]')
    assert len(feeds) == 1
    assert (path.parent / feeds[0]["href"]).resolve() == real_site / "blog" / "atom.xml"
    assert html.select_one("nav a[href$='atom.xml']")
    archive = html.select_one("footer.site-footer a[href$='archive.html']")
    assert (path.parent / archive["href"]).resolve() == real_site / "blog" / "archive.html"


@pytest.fixture(scope="module")
def two_posts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site with a second, newer post: the first gains a neighbour."""
    out = tmp_path_factory.mktemp("two-posts")
    source = copy_site(out)
    (source / "posts" / "2018" / "11").mkdir(parents=True)
    (source / "posts" / "2018" / "11" / "newer.rst").write_text(
        ".. post:: 2018-11-01\n   :tags: pypi\n\nA newer post\n============\n\nText.\n",
        encoding="utf-8",
    )
    return build_site(source, out)


def test_previous_and_next_link_neighbouring_posts(real_site: Path, two_posts: Path) -> None:
    assert soup(real_site / POST).select("nav.post-nav") == []  # one post: no neighbours
    older = soup(two_posts / POST).select_one('nav.post-nav[aria-label] a[rel="next"]')
    assert older.get_text() == "A newer post"
    assert older["href"] == "../11/newer.html"
    newer = soup(two_posts / "posts/2018/11/newer.html").select_one("nav.post-nav a[rel='prev']")
    assert newer["href"] == "../10/" + Path(POST).name
