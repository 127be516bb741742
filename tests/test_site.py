"""The real site, built as `make html` builds it, with warnings as errors."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from tests.conftest import POST, RFI, RFP, soup

ATOM = "{http://www.w3.org/2005/Atom}"
SITE_PATH = "/site/"  # the path of conf.py's default SITE_URL


@pytest.fixture
def site(real_site: Path) -> Path:
    """The site at 2018-11-06T12:00Z, while the RFI is open."""
    return real_site


def pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_no_problematic_node_or_system_message_anywhere(site):
    for path in pages(site):
        html = soup(path)
        assert html.select(".problematic, .system-message") == [], path


def test_pip_install_renders_as_a_link_whose_text_is_the_literal(site):
    link = soup(site / POST).find("a", href="https://pip.pypa.io/en/stable/")
    assert link.get_text() == "pip install"
    assert link.find("code").get_text() == "pip install"
    assert str(link.next_sibling).startswith("ers or indirect users")


def test_the_rfi_link_in_the_post_points_at_the_rfi_page(site):
    link = soup(site / POST).find(
        "a", string="here", href=lambda h: h and "request-for" not in h and "rfi" in h
    )
    assert (site / POST).parent.joinpath(link["href"]).resolve() == (site / RFI).resolve()


def test_every_local_link_and_anchor_resolves(site):
    ids: dict[Path, set[str]] = {}
    broken = []
    for path in pages(site):
        for tag in soup(path).select("[href], [src]"):
            url = tag["href"] if tag.has_attr("href") else tag["src"]
            parts = urlsplit(url)
            if parts.scheme or url.startswith("//"):
                continue
            if parts.path.startswith(SITE_PATH):  # the 404 page links from the site's root
                target = site / unquote(parts.path.removeprefix(SITE_PATH))
            else:
                target = (path.parent / unquote(parts.path)).resolve() if parts.path else path
            if not target.exists():
                broken.append(f"{path.relative_to(site)}: {url}")
                continue
            if parts.fragment and target.suffix == ".html":
                if target not in ids:
                    ids[target] = {t["id"] for t in soup(target).select("[id]")}
                if parts.fragment not in ids[target]:
                    broken.append(f"{path.relative_to(site)}: {url} (no such anchor)")
    assert broken == []


def test_the_feed_parses_and_lists_the_post_with_its_date(site):
    feed = ET.parse(site / "blog/atom.xml").getroot()
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 1
    entry = entries[0]
    assert entry.find(f"{ATOM}title").text.startswith("PyPI Security and Accessibility Q1 2019")
    assert entry.find(f"{ATOM}published").text.startswith("2018-10-30")
    link = entry.find(f"{ATOM}link").get("href")
    assert urlsplit(link).scheme == "https"
    assert link.endswith(POST)


def test_the_old_blog_address_redirects_to_the_post(site):
    old = site / "2018/10/pypi-security-and-accessibility-q1-2019.html"
    html = soup(old)
    refresh = html.find("meta", attrs={"http-equiv": "refresh"})["content"]
    target = refresh.split("url=", 1)[1]
    assert (old.parent / target).resolve() == (site / POST).resolve()
    assert html.find("link", rel="canonical")["href"].endswith(POST)
    assert (old.parent / html.select_one("div.body a")["href"]).resolve() == (site / POST).resolve()


def test_the_rfi_budget_table_renders_as_a_table(site):
    tables = [t for t in soup(site / RFI).select("table") if "Cap" in t.get_text()]
    assert len(tables) == 1
    rows = [
        [c.get_text(strip=True) for c in tr.find_all(["th", "td"])] for tr in tables[0].select("tr")
    ]
    assert len(rows) == 6  # a header and five features
    assert rows[1][-2:] == ["8,000", "10,000"]


def test_the_post_shows_the_rfi_banner_and_dates_from_the_data(site):
    post = soup(site / POST)
    banner = post.select_one('section.call-banner[data-call="2019-q1-pypi-rfi"]')
    assert banner["data-state"] == "open"
    assert post.select_one('time[datetime="2018-10-30"]').get_text() == "October 30, 2018"
    assert post.select_one('em > time[datetime="2018-11-13"]').get_text() == "November 13, 2018"


def test_archives_by_year_tag_category_and_author(site):
    for page in ["blog/2018.html", "blog/tag/pypi.html", "blog/category/legacy.html"]:
        links = [a["href"] for a in soup(site / page).select("a[href]")]
        assert any(href.endswith(POST.rsplit("/", 1)[1]) for href in links), page
    assert list((site / "blog/author").glob("*.html"))


def test_headings_of_the_rfi_have_stable_anchors(site):
    ids = {t["id"] for t in soup(site / RFI).select("[id]")}
    assert {"rfi-timeline", "rfi-scope", "rfi-budgets", "rfi-how-to-take-part"} <= ids


@pytest.mark.parametrize("page", [POST, RFI, RFP])
def test_posts_and_calls_have_social_previews(site, page):
    meta = {tag["property"]: tag["content"] for tag in soup(site / page).select("meta[property]")}
    title = soup(site / page).select_one("h1").get_text(strip=True).rstrip("#")
    assert meta["og:title"] == title
    assert len(meta["og:description"]) > 50
    assert meta["og:url"] == "https://psf-calls.github.io/site/" + page
    assert meta["og:image"] == "https://psf-calls.github.io/site/_static/site-card.png"
    assert (site / "_static" / "site-card.png").exists()


def test_the_404_page_works_at_any_depth(site):
    page = soup(site / "404.html")
    assert page.select_one("h1").get_text(strip=True).startswith("Page not found")
    local = [
        tag.get("href") or tag.get("src")
        for tag in page.select("link[href], script[src], a[href]")
        if not urlsplit(tag.get("href") or tag.get("src")).scheme
        and not (tag.get("href") or "").startswith("#")
    ]
    assert local, "the 404 page should link to the site"
    assert all(url.startswith(SITE_PATH) for url in local), local


def test_github_pages_serves_underscore_folders(site):
    assert (site / ".nojekyll").exists()
    assert not (site / "CNAME").exists()  # the default address is on github.io
