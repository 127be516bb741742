"""The banner script in Debian's Chromium, driven by Playwright with a fixed clock."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.conftest import serve

pytestmark = pytest.mark.browser


@pytest.fixture
def stale_site(build_root) -> Iterator[str]:
    """test-calls built while the RFI was open, served on localhost."""
    app = build_root("2018-11-06T12:00Z")
    with serve(app.outdir) as url:
        yield url.rstrip("/")


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
