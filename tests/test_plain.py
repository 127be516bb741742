"""Every builder Sphinx ships completes; all but a website show calls as plain text
(deadlines/plain.py), and every one of those says the same (tests/roots/test-calls)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.conftest import plain_warnings, soup

OPEN = "2018-11-06T12:00Z"
# What a builder needs that the test root does not set; linkcheck checks no host.
CONF = {
    "copyright": "2018, the test",
    "version": "1",
    "applehelp_bundle_id": "org.example.calls",
    "applehelp_disable_external_tools": True,
    "linkcheck_ignore": [r"https?://"],
}
# Some builders that ship with Sphinx (in sphinxcontrib packages) still call APIs that
# Sphinx 11 removes; that is theirs to fix, and no concern of the pages.
pytestmark = pytest.mark.filterwarnings(
    r"ignore::sphinx.deprecation.RemovedInSphinx11Warning:sphinxcontrib\."
)
WEBSITE = ["html", "dirhtml", "singlehtml", "json", "pickle"]
PLAIN = {  # builder -> the files that hold the RFI page's words
    "text": "rfi.txt",
    "latex": "*.tex",
    "man": "*.1",
    "texinfo": "*.texi",
    "epub": "rfi.xhtml",
    "xml": "rfi.xml",
    "pseudoxml": "rfi.pseudoxml",
    "htmlhelp": "rfi.html",
    "qthelp": "rfi.html",
    "devhelp": "rfi.html",
    "applehelp": "*/Contents/Resources/en.lproj/rfi.html",
}
NO_PAGES = ["gettext", "linkcheck", "changes", "dummy"]
BUILDERS = sorted([*WEBSITE, *PLAIN, *NO_PAGES])
# The open banner, the timeline and a deadline in prose, as every plain output says them.
PLAIN_WORDS = [
    "Open call",
    "Closes at the end of November 13, 2018, Anywhere on Earth (November 14, 2018, 11:59 UTC); "
    "8 days left.",
    "Take part in the discussion",
    "Status as of November 6, 2018.",
    "Timeline of the RFI; each date ends at midnight, Anywhere on Earth.",
    "RFI period opened",
    "RFI period closes (next)",
    "Q1 2019",
    "The RFI closes on November 13, 2018; precisely, at the end of November 13, 2018, "
    "Anywhere on Earth (November 14, 2018, 11:59 UTC).",
]
WEBSITE_ONLY = ["Add to calendar", "Calls open now or soon"]


@pytest.fixture
def build(build_root):
    def run(builder: str, now: str = OPEN):
        return build_root(now, builder=builder, confoverrides=CONF)

    return run


def unspaced(text: str) -> str:
    """Text without whitespace: each writer breaks lines (and pseudo-XML text nodes) its own way."""
    return "".join(text.split())


def words(path: Path) -> str:
    """A file's text, with HTML's markup and roff's zero-width escape left out."""
    text = path.read_text(encoding="utf-8")
    if path.suffix in (".html", ".xhtml"):
        text = BeautifulSoup(text, "html.parser").get_text(" ")
    return text.replace("\\&", "")


def test_every_builder_sphinx_ships_is_tested(build_root):
    app = build_root(OPEN, builder="dummy", confoverrides=CONF)
    assert sorted(app.registry.builders) == BUILDERS


@pytest.mark.parametrize("builder", BUILDERS)
def test_every_builder_completes_without_a_warning(build, builder):
    app = build(builder)
    assert plain_warnings(app) == ""
    assert app.statuscode == 0


@pytest.mark.parametrize("builder", sorted(PLAIN))
def test_plain_outputs_show_banners_timelines_and_dates_as_text(build, builder):
    out = Path(build(builder).outdir)
    (path,) = out.glob(PLAIN[builder])
    text = unspaced(words(path))
    for expected in PLAIN_WORDS:
        assert unspaced(expected) in text, (builder, expected)
    for absent in WEBSITE_ONLY:
        assert unspaced(absent) not in text
    assert not (out / "calls.ics").exists()
    assert not list(out.rglob("deadlines.js"))


@pytest.mark.parametrize("builder", ["html", "dirhtml", "singlehtml"])
def test_a_website_gets_html_banners_and_calendars_that_its_links_reach(build, builder):
    out = Path(build(builder).outdir)
    page = {"html": "rfi.html", "dirhtml": "rfi/index.html", "singlehtml": "index.html"}[builder]
    banner = soup(out / page).select_one('section.call-banner[data-call="test-rfi"]')
    assert banner["data-state"] == "open"
    calendar = banner.find("a", string="Add to calendar")["href"]
    assert (out / page).parent.joinpath(calendar).resolve().is_file()
    assert (out / "calls.json").is_file()


@pytest.mark.parametrize("builder", ["json", "pickle"])
def test_serialized_pages_carry_the_html_banner(build, builder):
    out = Path(build(builder).outdir)
    assert (out / "calls.ics").is_file()
    if builder == "json":
        body = json.loads((out / "rfi.fjson").read_text(encoding="utf-8"))["body"]
        assert 'class="call-banner' in body


def test_linkcheck_sees_the_links_of_the_calls(build):
    out = Path(build("linkcheck").outdir)
    checked = [json.loads(line) for line in (out / "output.json").read_text().splitlines()]
    seen = {(entry["uri"], entry["status"]) for entry in checked}
    assert ("https://forum.example.org/rfi", "ignored") in seen
    assert ("https://forms.example.org/rfi", "ignored") in seen


def test_a_closed_call_in_plain_text_points_to_the_next(build):
    text = " ".join(words(Path(build("text", now="2018-11-20T00:00Z").outdir) / "rfi.txt").split())
    assert (
        "Closed call: A <b>test</b> RFI & friends. Closed at the end of November 13, 2018, "
        "Anywhere on Earth (November 14, 2018, 11:59 UTC). Next: A test RFP." in text
    )
    assert "Take part in the discussion" not in text
