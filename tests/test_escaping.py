"""Author data is text, everywhere: the site built with markup in every field of posts
and calls (tests/roots/test-hostile, on top of the real site) has the same elements and
attributes as the site built with plain words, reads the data as written, runs none of
it in Chromium, and still writes a feed, a sitemap, calls.json and calendars that parse."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import icalendar
import pytest
from ablog.blog import slugify
from bs4 import BeautifulSoup
from docutils.nodes import make_id

from tests.conftest import ROOTS, build_site, copy_site, serve

# Ends a double- or single-quoted attribute, opens elements, and calls hostile() if run.
HOSTILE = """Fish & <chips> "q" 'a' <script>hostile()</script><img src=x onerror=hostile()>"""
# The same words without the markup: ablog names pages by slug, so both sites have the
# same pages and their links the same addresses.
HARMLESS = " ".join(re.sub(r"[^\w\s-]", "", HOSTILE).split())
PLACEHOLDER = "@DATA@"  # where tests/roots/test-hostile puts the data


def build(place: Path, data: str) -> Path:
    """The real site plus test-hostile's posts and call, with `data` in every field."""
    source = copy_site(place)
    root = ROOTS / "test-hostile"
    for path in root.rglob("*"):
        if path.is_file():
            target = source / path.relative_to(root)
            target.parent.mkdir(parents=True, exist_ok=True)
            text = path.read_text(encoding="utf-8").replace(PLACEHOLDER, data)
            target.write_text(text, encoding="utf-8")
    return build_site(source, place / "out")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("hostile"), HOSTILE)


@pytest.fixture(scope="module")
def harmless(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("harmless"), HARMLESS)


def pages(site: Path) -> list[str]:
    return sorted(str(path.relative_to(site)) for path in site.rglob("*.html"))


def parse(path: Path) -> BeautifulSoup:
    # Attribute values as written (class as one string), so they compare whole.
    return BeautifulSoup(
        path.read_text(encoding="utf-8"), "html.parser", multi_valued_attributes=None
    )


def shape(path: Path) -> list[str]:
    """Each element, in order, with the names of its attributes."""
    return [f"<{tag.name} {' '.join(sorted(tag.attrs))}>" for tag in parse(path).find_all(True)]


def reading(path: Path, data: str) -> list[str]:
    """Every text and attribute value, in order, with the data written as DATA, and the
    names derived from it, ablog's page slugs and docutils' anchors, as DATA-ID."""
    page = parse(path)
    texts = [f"text: {text}" for text in page.find_all(string=True)]
    values = [
        f"{tag.name}[{name}]: {value}"
        for tag in page.find_all(True)
        for name, value in sorted(tag.attrs.items())
    ]
    return [
        typeset(item)
        .replace(data, "DATA")
        .replace(make_id(data), "DATA-ID")
        .replace(slugify(data), "DATA-ID")
        for item in texts + values
    ]


def typeset(text: str) -> str:
    """Straight quotes for the curly ones Sphinx sets in reST text (smartquotes)."""
    return text.translate(str.maketrans("\u201c\u201d\u2018\u2019", "\"\"''"))


def test_both_sites_name_their_pages_alike():
    assert slugify(HOSTILE) == slugify(HARMLESS)
    assert HARMLESS.isascii() and "<" not in HARMLESS


def test_the_data_reaches_the_pages_that_list_posts(hostile):
    """The issue's pages, read as a browser reads them: the lists of posts, the
    neighbour's link to the post, and the old address's redirect."""
    neighbour = "posts/2018/10/pypi-security-and-accessibility-q1-2019.html"
    for page in [
        "blog.html",
        "blog/2018.html",
        f"blog/tag/{slugify(HOSTILE)}.html",
        neighbour,
        "2018/10/hostile-rst.html",
    ]:
        assert f"Post {HOSTILE}" in typeset(parse(hostile / page).get_text()), page
    # The indexes list names with counts, not posts (tests/test_light_pages.py).
    assert f"Tag {HOSTILE}" in typeset(parse(hostile / "blog/tag.html").get_text())


def test_the_data_adds_no_element_and_no_attribute(hostile, harmless):
    assert pages(hostile) == pages(harmless)
    changed = [page for page in pages(hostile) if shape(hostile / page) != shape(harmless / page)]
    assert changed == []


def test_every_page_shows_the_data_as_written(hostile, harmless):
    """Escaped once, not twice, and nowhere cut: the text reads the same in both sites."""
    changed = [
        page
        for page in pages(hostile)
        if reading(hostile / page, HOSTILE) != reading(harmless / page, HARMLESS)
    ]
    assert changed == []


@pytest.fixture
def served(hostile: Path) -> Iterator[str]:
    with serve(hostile) as url:
        yield url


@pytest.mark.browser
def test_no_script_from_the_data_runs(chromium, hostile, served):
    context = chromium.new_context()
    ran: list[str] = []  # pages whose data called hostile(); kept across redirects
    context.expose_binding("hostile", lambda source: ran.append(source["frame"].url))
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(f"{page.url}: {error}"))
    for name in pages(hostile):
        page.goto(served + name, wait_until="load")
        page.wait_for_load_state("networkidle")
    context.close()
    assert ran == []
    assert errors == []


def test_feed_and_sitemap_parse_and_carry_the_data(hostile):
    atom = "{http://www.w3.org/2005/Atom}"
    feed = ET.parse(hostile / "blog/atom.xml").getroot()
    titles = [typeset(entry.findtext(f"{atom}title")) for entry in feed.iter(f"{atom}entry")]
    assert f"Post {HOSTILE}" in titles
    assert f"Title {HOSTILE}" in titles
    sitemap = ET.parse(hostile / "sitemap.xml").getroot()
    urls = [loc.text for loc in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert any(url.endswith(f"/blog/tag/{slugify(HOSTILE)}.html") for url in urls)
    for path in hostile.rglob("*.xml"):  # and any other feed or map the site writes
        ET.parse(path)


def test_calls_json_and_calendars_parse_and_carry_the_data(hostile):
    calls = json.loads((hostile / "calls.json").read_text(encoding="utf-8"))["calls"]
    assert f"Call {HOSTILE}" in [call["title"] for call in calls]
    for name in ["calls.ics", "calls/hostile-call.ics"]:
        events = icalendar.Calendar.from_ical((hostile / name).read_bytes()).walk("VEVENT")
        summaries = [str(event["summary"]) for event in events]
        descriptions = [str(event["description"]) for event in events]
        assert f"Step {HOSTILE} opens (note {HOSTILE})" in summaries, name
        assert any(text.startswith(f"Call {HOSTILE}.") for text in descriptions), name
