"""The banner script in Debian's Chromium, driven by Playwright with a fixed clock."""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from pathlib import Path

import pytest

from tests.conftest import ROOTS, require

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def chromium():
    require(
        CHROMIUM.exists(),
        "browser tests need Debian's Chromium: apt-get install chromium (.ci/run does)",
    )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-background-networking", "--disable-component-update"],
        )
        yield browser
        browser.close()


@pytest.fixture
def stale_site(make_app, tmp_path):
    """test-calls built while the RFI was open, served on localhost."""
    source = tmp_path / "src"
    shutil.copytree(ROOTS / "test-calls", source)
    app = make_app("html", srcdir=source, confoverrides={"deadlines_now": "2018-11-06T12:00Z"})
    app.build()
    handler = functools.partial(QuietHandler, directory=str(app.outdir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@pytest.mark.parametrize(
    ("reader_clock", "state", "heading", "countdown"),
    [
        ("2018-11-20T00:00:00Z", "closed", "Closed call", None),
        ("2018-11-13T00:00:00Z", "open", "Closing soon", "1 day and 12 hours"),
        ("2018-10-30T06:00:00Z", "upcoming", "Upcoming call", "6 hours"),
    ],
    ids=["closed-since-build", "closing-soon", "not-yet-open"],
)
def test_the_script_brings_a_stale_page_up_to_date(
    chromium, stale_site, reader_clock, state, heading, countdown
):
    context = chromium.new_context(timezone_id="America/New_York")
    page = context.new_page()
    page.clock.set_fixed_time(reader_clock)
    page.goto(f"{stale_site}/rfi.html")
    banner = page.locator('section.call-banner[data-call="test-rfi"]')
    assert banner.get_attribute("data-state") == state
    assert banner.locator(".call-banner__title").text_content() == heading
    assert banner.locator(f'[data-when="{state}"]').is_visible()
    assert banner.locator("[data-when]:visible").count() == 1
    if countdown:
        assert banner.locator(f'[data-when="{state}"] [data-countdown]').text_content() == countdown
    # The deadline in the reader's own zone: 11:59 UTC is 6:59 in New York in November.
    local = banner.locator('[data-when="open"] [data-local-time]').text_content()
    assert "06:59" in local and "EST" in local
    context.close()
