"""What readers get, proven in Debian's Chromium over the real site served on localhost.

Every page is opened at the instant the site was built (SOURCE_DATE_EPOCH), so the
banner script agrees with the build and nothing reads the wall clock.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

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
from tests.conftest import POST, REPO, RFI, RFP, serve

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Response

pytestmark = pytest.mark.browser

# One page of every kind; the server answers a missing page with 404.html.
PAGES = {
    "home": "",
    "post": POST,
    "rfi": RFI,
    "rfp": RFP,
    "calls": "calls.html",
    "year": "blog/2018.html",
    "tag": "blog/tag/pypi.html",
    "404": "no/such/page",
    "search": "search.html",
}
BUDGET = 100 * 1024  # bytes: the RFI page with every stylesheet, script and font, uncompressed
FOCUS = "rgb(255, 221, 0)"  # --focus in _static/site.css


@pytest.fixture(scope="module")
def base_url(real_site: Path) -> Iterator[str]:
    with serve(real_site, SITE_PATH) as url:
        yield url


@pytest.fixture(scope="module")
def browsing(chromium: Browser, base_url: str) -> Iterator[Reader]:
    reader = Reader(chromium, base_url, missing=PAGES["404"])
    yield reader
    reader.close()


@pytest.fixture
def reader(browsing: Reader) -> Iterator[Reader]:
    """The module's reader, with the pages a test opened closed after it, and a check that
    none of them asked another host for anything."""
    yield browsing
    browsing.end_test()


# Accessibility, validity and layout on every kind of page.


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("kind", PAGES)
def test_axe_finds_no_wcag_a_or_aa_violation(
    reader: Reader, kind: str, width: int, scheme: str
) -> None:
    page = reader.open(PAGES[kind], width=width, scheme=scheme)
    assert axe_violations(page) == []


@pytest.mark.parametrize("width", [375, 320], ids=["phone", "wcag-reflow"])
@pytest.mark.parametrize("kind", PAGES)
def test_nothing_scrolls_sideways_on_a_phone(reader: Reader, kind: str, width: int) -> None:
    page = reader.open(PAGES[kind], width=width)
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_the_nu_html_checker_finds_no_error_on_any_page(real_site: Path) -> None:
    assert nu_errors(real_site) == []


def test_no_page_asks_another_host_for_anything(reader: Reader, real_site: Path) -> None:
    for path in sorted(real_site.rglob("*.html")):
        reader.open(path.relative_to(real_site).as_posix()).close()
    # The search page, searching, fetches the pages it summarises.
    page = reader.open("search.html?q=security")
    page.locator("#search-results li").first.wait_for()
    assert reader.offsite == []


def test_the_rfi_page_weighs_at_most_100_kb(reader: Reader) -> None:
    page = reader.new_page()
    responses: list[Response] = []
    page.on("response", lambda response: responses.append(response))
    page.goto(reader.url(RFI), wait_until="networkidle")
    sizes = {urlsplit(r.url).path.removeprefix(SITE_PATH): len(r.body()) for r in responses}
    total = sum(sizes.values())
    ARTIFACTS.mkdir(exist_ok=True)
    report = {"budget": BUDGET, "total": total, "files": sizes}
    (ARTIFACTS / "rfi-weight.json").write_text(json.dumps(report, indent=2) + "\n")
    assert total <= BUDGET, sizes
    assert RFI in sizes and any(path.endswith(".css") for path in sizes)


# What readers see and do.


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("kind", ["home", "post", "rfi"])
def test_screenshots_are_written_as_artifacts(
    reader: Reader, kind: str, width: int, scheme: str
) -> None:
    """The first screen, as docs/ and the README show it, and the whole page."""
    page = reader.open(PAGES[kind], width=width, scheme=scheme)
    folder = ARTIFACTS / "screenshots"
    for name, full_page in [
        (f"{kind}-{width}-{scheme}", False),
        (f"{kind}-{width}-{scheme}-full", True),
    ]:
        path = folder / f"{name}.png"
        page.screenshot(path=path, full_page=full_page)
        assert png_size(path)[0] == width


def test_the_readme_shows_two_screenshots_kept_in_docs() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    images = re.findall(r"!\[[^\]]+\]\((docs/[^)\s]+\.png)\)", readme)
    assert len(images) == 2
    assert {png_size(REPO / image)[0] for image in images} == set(WIDTHS)


@pytest.mark.parametrize(
    ("scheme", "dark_background"), [("light", False), ("dark", True)], ids=SCHEMES
)
def test_the_theme_follows_the_readers_colour_scheme(
    reader: Reader, scheme: str, dark_background: bool
) -> None:
    page = reader.open(RFI, scheme=scheme)
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    red, green, blue = map(int, re.findall(r"\d+", background)[:3])
    assert (red + green + blue < 3 * 128) == dark_background, background


def test_the_skip_link_is_the_first_tab_stop_and_leads_to_the_content(reader: Reader) -> None:
    page = reader.open(RFI, width=375)
    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    assert skip.text_content() == "Skip to main content"
    box = skip.bounding_box()
    assert box is not None and box["y"] >= 0 and box["height"] >= 24 and box["width"] >= 24
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('main') !== null")


@pytest.mark.parametrize("scheme", SCHEMES)
def test_every_tab_stop_shows_the_focus(reader: Reader, scheme: str) -> None:
    page = reader.open(RFI, scheme=scheme)
    # Links, controls, and the boxes wide tables scroll in (sitekit/tables.py).
    stops = page.locator(
        "a[href]:visible, button:visible, input:visible, [tabindex='0']:visible"
    ).count()
    assert stops > 10
    for _ in range(stops):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            """() => {
                const element = document.activeElement;
                const style = getComputedStyle(element);
                const box = element.getBoundingClientRect();
                return {
                    text: element.textContent.trim().slice(0, 40),
                    background: style.backgroundColor,
                    outline: style.outlineStyle === "solid" ? style.outlineColor : "none",
                    // Chromium scrolls a focused link into view to the pixel, not below it.
                    inView: box.top >= -1 && box.bottom <= innerHeight + 1,
                };
            }"""
        )
        assert FOCUS in (focused["background"], focused["outline"]), focused
        assert focused["inView"], focused


@pytest.mark.parametrize("path", [RFI, RFP, POST])
def test_call_banners_are_labelled_regions_with_a_heading_not_alerts(
    reader: Reader, path: str
) -> None:
    page = reader.open(path)
    banner = page.locator("section.call-banner").first
    heading = banner.get_by_role("heading", level=2)
    region = page.get_by_role("region", name=heading.text_content(), exact=True)
    assert region.count() == 1
    assert region.evaluate("element => element.classList.contains('call-banner')")
    interrupting = "[role=alert], [role=alertdialog], [role=status], [aria-live]"
    assert page.locator(interrupting).count() == 0


def test_with_scripts_off_the_rfi_says_what_the_build_said(reader: Reader) -> None:
    """The script only adds the reader's local time; state and countdown stand without it."""
    pages = {scripts: reader.open(RFI, scripts=scripts) for scripts in (False, True)}
    seen = {}
    for scripts, page in pages.items():
        banner = page.locator("section.call-banner")
        page.locator("[data-local-time]").evaluate_all("spans => spans.forEach(s => s.remove())")
        seen[scripts] = [
            banner.get_attribute("data-state"),
            banner.locator(".call-banner__title").text_content(),
            banner.locator("[data-when]:visible").all_text_contents(),
        ]
        assert page.get_by_role("table").first.is_visible()
    assert seen[False] == seen[True]
    assert seen[False][:2] == ["open", "Open call"]
    assert "8 days left." in seen[False][2][0]


def test_with_scripts_off_the_site_can_be_browsed(reader: Reader) -> None:
    page = reader.open("", scripts=False)
    page.get_by_role("navigation", name="Site").get_by_role("link", name="Calls").click()
    assert page.get_by_role("heading", level=1).text_content().startswith("Calls")
    page.get_by_role(
        "link", name="PyPI Security and Accessibility Q1 2019 Request for Proposals"
    ).first.click()
    assert page.url.endswith(RFP)


def test_search_still_works(reader: Reader) -> None:
    page = reader.open("search.html?q=accessibility")
    results = page.locator("#search-results li")
    results.first.wait_for()
    titles = results.locator("a").all_text_contents()
    assert any("Request for Information" in title for title in titles), titles


@pytest.mark.parametrize("path", [RFI, RFP])
def test_calls_print_without_the_site_around_them(reader: Reader, path: str) -> None:
    """Black on white even for a reader in dark mode; the call and its dates, not the menus."""
    page = reader.open(path, scheme="dark")
    page.emulate_media(media="print")
    for chrome in [".skip-link", ".site-header", ".site-footer", ".call-sitewide"]:
        assert page.locator(chrome).count() == 0 or page.locator(chrome).is_hidden(), chrome
    assert page.get_by_role("heading", level=1).is_visible()
    assert page.locator("section.call-banner").is_visible()
    colours = page.evaluate(
        "[getComputedStyle(document.body).color, getComputedStyle(document.body).backgroundColor]"
    )
    assert colours == ["rgb(0, 0, 0)", "rgb(255, 255, 255)"]
    link = page.locator(".body a[href^='https://']").first
    shown = link.evaluate("a => getComputedStyle(a, '::after').content")
    assert link.get_attribute("href") in shown
    folder = ARTIFACTS / "print"
    folder.mkdir(parents=True, exist_ok=True)
    page.pdf(path=folder / f"{Path(path).stem}.pdf")


def test_a_missing_page_gets_the_404_page_styled(reader: Reader) -> None:
    page = reader.new_page()
    response = page.goto(reader.url(PAGES["404"]))
    assert response is not None and response.status == 404
    assert page.get_by_role("heading", level=1).text_content().startswith("Page not found")
    sheets = page.evaluate("[...document.styleSheets].map(sheet => sheet.cssRules.length)")
    assert len(sheets) >= 3 and all(sheets), sheets
    header = page.evaluate(
        "getComputedStyle(document.querySelector('.site-header')).backgroundColor"
    )
    assert header != "rgba(0, 0, 0, 0)"  # the site's own style, not the browser's
