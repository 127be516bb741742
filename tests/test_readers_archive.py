"""The migrated archive as readers get it, in Debian's Chromium: synthetic posts with each
feature of the PSF's Blogger archive, imported as `make import` imports them and built with
warnings as errors, pass axe-core and the Nu HTML checker at 1280 and 375 px, light and dark.

The posts are tests/archive_posts/ (the importer's own) and tests/reader_posts/, written
here for this: images with and without alt text, in links and in captioned figures,
tables wider than a phone, code, long and nested lists, emoji and long titles, quotes,
the provenance line and links between posts. Their images, which the archive loads from
other hosts, are served from tests/reader_posts/images/ on 127.0.0.1: no test fetches
anything from another host.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.browsing import (
    ARTIFACTS,
    SCHEMES,
    SITE_PATH,
    WIDTHS,
    Reader,
    axe_violations,
    nu_errors,
    png_size,
)
from tests.conftest import REPO, build_site, copy_site, serve

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.browser

TESTS = Path(__file__).parent
ARCHIVES = [TESTS / "archive_posts", TESTS / "reader_posts"]
IMAGES = TESTS / "reader_posts" / "images"
# Where the synthetic posts say their images are, as the archive's say Blogger's hosts.
IMAGE_HOST = "https://images.example.org/img/"
IMAGE_SOURCE = re.compile(r"(image|figure):: " + re.escape(IMAGE_HOST))

IMAGE_RICH = "posts/2018/06/a-walk-round-the-garden.html"
TABLE_RICH = "posts/2019/02/the-garden-clubs-annual-report-for-2018.html"
PAGES = {
    "images": IMAGE_RICH,
    "tables": TABLE_RICH,
    "lists-and-code": "posts/2020/01/winter-jobs-and-a-script-to-share-them-out.html",
    "garden": "posts/2016/05/images-from-the-garden.html",
    "links": "posts/2017/02/garden-club-news.html",
    "anchors": "posts/2017/03/spring-planting-notes.html",
    "code": "posts/2012/07/reading-a-config-file.html",
    "emoji": "posts/2019/08/new-fellows.html",
    "resolution": "posts/2015/06/a-resolution-and-links.html",
    "grants": "posts/2021/03/grants-by-region.html",
    "field": "posts/2006/03/a-field-before-the-post.html",
    "excerpts": "blog/tag/legacy-blogger.html",
}


@pytest.fixture(scope="module")
def image_host() -> Iterator[str]:
    """The posts' images, served on 127.0.0.1 for as long as the module's pages are read."""
    with serve(IMAGES) as url:
        yield url


@pytest.fixture(scope="module")
def archive_site(tmp_path_factory: pytest.TempPathFactory, image_host: str) -> Path:
    """The site with both folders of synthetic posts imported through `python -m archive`
    (one archive, so links between them are made local), its images pointed at the local
    host, built once with warnings as errors."""
    place = tmp_path_factory.mktemp("archive-readers")
    archive = place / "archive"
    for folder in ARCHIVES:
        shutil.copytree(
            folder, archive, dirs_exist_ok=True, ignore=shutil.ignore_patterns("images")
        )
    site = copy_site(place)
    subprocess.run(
        [sys.executable, "-m", "archive", str(archive)],
        cwd=site,
        env={"PYTHONPATH": str(REPO), "PATH": ""},
        capture_output=True,
        text=True,
        check=True,
    )
    pointed = 0
    for post in (site / "posts").rglob("*.rst"):
        text = post.read_text(encoding="utf-8")
        local, count = IMAGE_SOURCE.subn(lambda m: f"{m[1]}:: {image_host}", text)
        post.write_text(local, encoding="utf-8")
        pointed += count
    assert pointed >= 8
    return build_site(site, place / "out")


@pytest.fixture(scope="module")
def browsing(chromium: Browser, archive_site: Path) -> Iterator[Reader]:
    with serve(archive_site, SITE_PATH) as url:
        reader = Reader(chromium, url)
        yield reader
        reader.close()


@pytest.fixture
def reader(browsing: Reader) -> Iterator[Reader]:
    yield browsing
    browsing.end_test()


def show_every_image(page: Page) -> None:
    """Bring each picture into view, so those loaded lazily load, and wait until every one
    has: they come from the local image host, and a broken one would fail here."""
    for image in page.locator("img").all():
        image.scroll_into_view_if_needed()
    page.wait_for_function(
        "[...document.images].every(image => image.complete && image.naturalWidth > 0)",
        timeout=10_000,
    )


def test_the_posts_carry_each_feature_of_the_archive(archive_site: Path) -> None:
    """What the checks below run on: if a feature went missing, they would prove nothing."""
    html = {kind: (archive_site / path).read_text(encoding="utf-8") for kind, path in PAGES.items()}
    images = html["images"]
    assert images.count("<img ") >= 5
    # a picture nothing describes, alone in its link: its alt text names the link
    linked = (
        r'<a [^>]*href="https://images\.example\.org/[^"]*"><img alt="Open the full-size picture"'
    )
    assert re.search(linked, images)
    assert re.search(r'<img alt="[^"]+"', images)
    assert "<figcaption>" in images and "🌻" in images
    assert html["tables"].count("<table") == 3 and "<th" in html["tables"]
    assert len(re.findall(r"<h1>[^<]{100,}", html["tables"])) == 1
    lists = html["lists-and-code"]
    assert lists.count("<li>") >= 25 and "<pre>" in lists and "❄️" in lists
    assert "<blockquote>" in images and "Originally published on Blogger" in images
    assert 'href="../../2016/05/images-from-the-garden.html"' in images


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("kind", PAGES)
def test_axe_finds_no_wcag_a_or_aa_violation_on_archive_posts(
    reader: Reader, kind: str, width: int, scheme: str
) -> None:
    page = reader.open(PAGES[kind], width=width, scheme=scheme)
    show_every_image(page)
    assert axe_violations(page) == []


@pytest.mark.parametrize("width", [375, 320], ids=["phone", "wcag-reflow"])
@pytest.mark.parametrize("kind", PAGES)
def test_no_archive_post_scrolls_sideways_on_a_phone(reader: Reader, kind: str, width: int) -> None:
    page = reader.open(PAGES[kind], width=width)
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_the_nu_html_checker_finds_no_error_on_the_archive(archive_site: Path) -> None:
    assert nu_errors(archive_site) == []


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("kind", ["images", "tables"])
def test_archive_screenshots_are_written_as_artifacts(
    reader: Reader, kind: str, width: int, scheme: str
) -> None:
    """The first screen and the whole page of the image-rich and the table-rich post."""
    page = reader.open(PAGES[kind], width=width, scheme=scheme)
    show_every_image(page)
    page.evaluate("scrollTo(0, 0)")
    folder = ARTIFACTS / "screenshots"
    for name, full_page in [
        (f"archive-{kind}-{width}-{scheme}", False),
        (f"archive-{kind}-{width}-{scheme}-full", True),
    ]:
        path = folder / f"{name}.png"
        page.screenshot(path=path, full_page=full_page)
        assert png_size(path)[0] == width


def test_wide_tables_scroll_in_boxes_a_keyboard_reaches(reader: Reader) -> None:
    """On a phone, the two wide tables scroll in their own boxes, each a named tab stop
    whose arrow keys scroll it; the page itself does not scroll sideways."""
    page = reader.open(TABLE_RICH, width=375)
    boxes = page.locator(".table-scroll")
    wide = [
        box.get_attribute("aria-label")
        for box in boxes.all()
        if box.evaluate("box => box.scrollWidth > box.clientWidth")
    ]
    assert wide == [
        "Table: Committee, Members, Meetings, Budget (USD), Spent (USD), Note from the chair",
        "Table: Season, Visitors in 2017, Volunteers in 2017, Visitors in 2018, Volunteers in 2018",
    ]
    reached = []
    for _ in range(page.locator("a[href], [tabindex='0']").count()):
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement.getAttribute('aria-label')")
        if focused in wide:
            reached.append(focused)
            page.keyboard.press("ArrowRight")
            page.wait_for_function("document.activeElement.scrollLeft > 0", timeout=5_000)
    assert reached == wide
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
