"""Light pages at archive scale: with hundreds of posts no page passes 150 KB.

The blog's index shows the newest posts and leads on to the years; a long year, tag,
category or author is cut into pages linked by previous and next; the tag index (and
every other index of collections) lists names with their post counts, not their posts.
Built once, on the real site plus a synthetic archive (bench/synthetic.py), with every
post published; what each page should list is read from the posts' own pages.
"""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from fnmatch import fnmatch
from pathlib import Path, PurePosixPath

import pytest

from bench.synthetic import write_archive
from sitekit.light_pages import MOST_USED, POSTS_PER_PAGE, RECENT_POSTS, split_pages
from tests.conftest import build_site, copy_site, differing, files, soup

POSTS = 300
AFTER_ALL_POSTS = "1735776000"  # 2025-01-02: every post is published
BEFORE_ALL_POSTS = "1136030400"  # 2005-12-31: every post is a draft
LIMIT = 150 * 1024  # bytes of HTML, any page
NOT_IN_SITEMAP = ("search.html", "genindex.html", "404.html", "blog/drafts.html", "blog/drafts/*")
SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
CATALOGS = ["blog/tag.html", "blog/category.html", "blog/author.html", "blog/location.html"]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    place = tmp_path_factory.mktemp("light-pages")
    source = copy_site(place)
    write_archive(source, POSTS)
    return build_site(source, place / "out", SOURCE_DATE_EPOCH=AFTER_ALL_POSTS)


class Post:
    """A post as its own page describes it."""

    def __init__(self, site: Path, path: Path) -> None:
        main = soup(path).select_one("main")
        self.page = path.relative_to(site).as_posix()
        self.date = main.select_one("p.post-meta time")["datetime"]
        links = main.select(".post-tags a")
        self.tags = {a.get_text(): resolve(self.page, a["href"]) for a in links}  # name: page


@pytest.fixture(scope="module")
def posts(site: Path) -> list[Post]:
    found = [Post(site, path) for path in sorted((site / "posts").rglob("*.html"))]
    assert len(found) == POSTS + 1  # the archive and the announcement
    return found


def resolve(page: str, href: str) -> str:
    """A link's target as a path from the site's root."""
    target = PurePosixPath(page).parent / href.split("#")[0]
    parts: list[str] = []
    for part in target.parts:
        if part == "..":
            parts.pop()
        elif part != ".":
            parts.append(part)
    return "/".join(parts)


def html_pages(site: Path) -> list[str]:
    return sorted(path.relative_to(site).as_posix() for path in site.rglob("*.html"))


def listed_posts(site: Path, page: str) -> list[str]:
    """The posts a list of posts shows, as their pages, in order."""
    html = soup(site / page)
    return [resolve(page, a["href"]) for a in html.select("main article.post-summary h2 a")]


def pages_of(site: Path, first: str) -> list[str]:
    """A list's pages, from its first, following each page's link to the next; each page
    links back to the one before it and says which page of how many it is."""
    chain = [first]
    while True:
        html = soup(site / chain[-1])
        pager = html.select_one("main nav.pager")
        if len(chain) == 1 and pager is None:
            return chain
        status = pager.select_one(".pager__status").get_text(" ", strip=True)
        count = int(re.fullmatch(r"Page (\d+) of (\d+)", status)[2])
        assert status == f"Page {len(chain)} of {count}", chain[-1]
        back = pager.select_one('a[rel="prev"]')
        if len(chain) == 1:
            assert back is None
        else:
            assert resolve(chain[-1], back["href"]) == chain[-2]
        assert len(pager.select("ol > li")) == count
        current = pager.select_one("ol > li > [aria-current=page]")
        assert current.name != "a" and current.get_text() == f"Page {len(chain)}"
        others = [resolve(chain[-1], a["href"]) for a in pager.select("ol a")]
        assert others[: len(chain) - 1] == chain[:-1] and len(others) == count - 1
        onward = pager.select_one('a[rel="next"]')
        if onward is None:
            assert len(chain) == count, chain[-1]
            return chain
        chain.append(resolve(chain[-1], onward["href"]))
        assert (site / chain[-1]).is_file(), chain[-1]


def entries(site: Path, page: str, selector: str) -> list[tuple[str, str, int]]:
    """Each entry of an index: its name, the page it links to, and its post count."""
    found = []
    for item in soup(site / page).select(f"main {selector} > li"):
        link = item.select_one("a")
        count = item.select_one(".catalog-count").get_text(strip=True)
        number = int(re.fullmatch(r"(\d+) posts?", count)[1])
        found.append((link.get_text(), resolve(page, link["href"]), number))
    return found


@pytest.mark.parametrize(
    ("count", "sizes"),
    [
        (0, [0]),
        (1, [1]),
        (POSTS_PER_PAGE, [POSTS_PER_PAGE]),
        (POSTS_PER_PAGE + 1, [POSTS_PER_PAGE, 1]),
        (3 * POSTS_PER_PAGE, [POSTS_PER_PAGE] * 3),
    ],
)
def test_a_list_is_cut_into_pages_of_at_most_the_page_size(count, sizes):
    pages = split_pages("blog/tag/x", list(range(count)))
    assert [len(chunk) for _, chunk in pages] == sizes
    assert [name for name, _ in pages][:2] == ["blog/tag/x", "blog/tag/x/page-2"][: len(sizes)]
    assert [item for _, chunk in pages for item in chunk] == list(range(count))


def test_no_page_is_over_150_kb(site):
    sizes = {page: (site / page).stat().st_size for page in html_pages(site)}
    assert {page: size for page, size in sizes.items() if size > LIMIT} == {}
    assert sizes["blog/tag/legacy-blogger.html"] > 0


def test_the_blog_index_shows_the_newest_posts(site, posts):
    shown = listed_posts(site, "blog.html")
    assert len(shown) == RECENT_POSTS
    dates = {post.page: post.date for post in posts}
    assert [dates[page] for page in shown] == sorted((dates[p] for p in shown), reverse=True)
    oldest_shown = dates[shown[-1]]
    assert [p.page for p in posts if p.date > oldest_shown and p.page not in shown] == []


def test_the_blog_index_leads_to_every_year(site, posts):
    per_year = Counter(post.date[:4] for post in posts)
    years = entries(site, "blog.html", "ul.catalog-all")
    assert years == [(year, f"blog/{year}.html", per_year[year]) for year in sorted(per_year)[::-1]]


def test_the_year_index_lists_years_not_posts(site, posts):
    per_year = Counter(post.date[:4] for post in posts)
    years = entries(site, "blog/archive.html", "ul.catalog-all")
    assert years == [(year, f"blog/{year}.html", per_year[year]) for year in sorted(per_year)[::-1]]
    assert listed_posts(site, "blog/archive.html") == []


def test_each_year_lists_its_posts_once_across_its_pages(site, posts):
    by_year: dict[str, list[Post]] = defaultdict(list)
    for post in posts:
        by_year[post.date[:4]].append(post)
    paged = 0
    for year, its_posts in by_year.items():
        pages = pages_of(site, f"blog/{year}.html")
        assert len(pages) == math.ceil(len(its_posts) / POSTS_PER_PAGE), year
        paged += len(pages) > 1
        shown = [entry for page in pages for entry in listed_posts(site, page)]
        assert sorted(shown) == sorted(post.page for post in its_posts), year
        dates = [next(p.date for p in its_posts if p.page == page) for page in shown]
        assert dates == sorted(dates, reverse=True), year
    assert paged >= 2  # the archive is long enough to page some years


def test_each_tag_lists_its_posts_once_across_its_pages(site, posts):
    tagged: dict[str, set[str]] = defaultdict(set)
    for post in posts:
        for tag in post.tags:
            tagged[tag].add(post.page)
    longest = max(tagged, key=lambda tag: len(tagged[tag]))
    assert len(tagged[longest]) == POSTS + 1  # every post is legacy-blogger
    listed = entries(site, "blog/tag.html", "ul.catalog-all")
    assert sorted(name for name, _, _ in listed) == sorted(tagged)
    for name, page, _ in listed:
        pages = pages_of(site, page)
        assert len(pages) == math.ceil(len(tagged[name]) / POSTS_PER_PAGE), name
        shown = [entry for page in pages for entry in listed_posts(site, page)]
        assert len(shown) == len(set(shown)), name
        assert set(shown) == tagged[name], name


def test_the_tag_index_lists_each_tag_once_with_its_count_sorted(site, posts):
    counts = Counter(tag for post in posts for tag in post.tags)
    listed = entries(site, "blog/tag.html", "ul.catalog-all")
    names = [name for name, _, _ in listed]
    assert names == sorted(counts, key=str.casefold)
    assert {name: number for name, _, number in listed} == dict(counts)
    tag_pages = {name: page for post in posts for name, page in post.tags.items()}
    assert {name: page for name, page, _ in listed} == tag_pages
    assert listed_posts(site, "blog/tag.html") == []
    post_pages = {post.page for post in posts}
    index = soup(site / "blog/tag.html").select("main a[href]")
    assert [a["href"] for a in index if resolve("blog/tag.html", a["href"]) in post_pages] == []


def test_the_tag_index_puts_the_most_used_tags_first(site, posts):
    counts = Counter(tag for post in posts for tag in post.tags)
    most = entries(site, "blog/tag.html", "ul.catalog-most-used")
    expected = sorted(counts, key=lambda tag: (-counts[tag], tag.casefold()))[:MOST_USED]
    assert [(name, number) for name, _, number in most] == [(t, counts[t]) for t in expected]


@pytest.mark.parametrize("page", CATALOGS)
def test_every_index_lists_names_and_counts_not_posts(site, posts, page):
    listed = entries(site, page, "ul.catalog-all")
    assert listed and [name for name, _, _ in listed] == sorted(
        (name for name, _, _ in listed), key=str.casefold
    )
    assert len({name for name, _, _ in listed}) == len(listed)
    for name, target, number in listed:
        shown = [entry for part in pages_of(site, target) for entry in listed_posts(site, part)]
        assert len(shown) == number, (page, name)
    assert listed_posts(site, page) == []


def test_the_sitemap_lists_every_page_once(site):
    root = ET.parse(site / "sitemap.xml").getroot()
    base = "https://psf-calls.github.io/site/"
    links = [loc.text.removeprefix(base) for loc in root.iter(f"{{{SITEMAP}}}loc")]
    assert len(links) == len(set(links))
    redirects = {
        page
        for page in html_pages(site)
        if soup(site / page).select_one('meta[http-equiv="refresh"]') is not None
    }
    expected = [
        page
        for page in html_pages(site)
        if page not in redirects and not any(fnmatch(page, rule) for rule in NOT_IN_SITEMAP)
    ]
    assert sorted(links) == expected
    assert any("/page-" in link for link in links)


def test_a_list_that_shrinks_to_one_page_leaves_no_trace(tmp_path):
    """Its later pages go, with their folder: the next build equals a clean one."""
    source = copy_site(tmp_path)
    posts = write_archive(source, POSTS_PER_PAGE + 4)  # legacy-blogger: two pages
    out = tmp_path / "incremental"
    first = build_site(source, out, SOURCE_DATE_EPOCH=AFTER_ALL_POSTS)
    assert (first / "blog/tag/legacy-blogger/page-2.html").is_file()
    for post in posts[:5]:
        post.unlink()
    again = build_site(source, out, SOURCE_DATE_EPOCH=AFTER_ALL_POSTS)
    fresh = build_site(source, tmp_path / "fresh", SOURCE_DATE_EPOCH=AFTER_ALL_POSTS)
    assert not (again / "blog/tag/legacy-blogger").exists()
    assert files(again) == files(fresh)
    assert [name for name in differing(fresh, again) if name != "searchindex.js"] == []


def test_drafts_are_paged_and_stay_out_of_the_sitemap(tmp_path):
    """Built before the archive's first day, every post is a draft."""
    source = copy_site(tmp_path)
    write_archive(source, POSTS_PER_PAGE + 4)
    site = build_site(source, tmp_path / "out", SOURCE_DATE_EPOCH=BEFORE_ALL_POSTS)
    pages = pages_of(site, "blog/drafts.html")
    assert pages == ["blog/drafts.html", "blog/drafts/page-2.html"]
    shown = [entry for page in pages for entry in listed_posts(site, page)]
    drafts = sorted(path.relative_to(site).as_posix() for path in (site / "posts").rglob("*.html"))
    assert sorted(shown) == drafts and len(drafts) == POSTS_PER_PAGE + 5
    root = ET.parse(site / "sitemap.xml").getroot()
    assert [loc.text for loc in root.iter(f"{{{SITEMAP}}}loc") if "/drafts" in loc.text] == []
