"""The project's own site (ablog, sitemap, opengraph, 404 page, githubpages) completes
with every builder Sphinx ships, warnings as errors; each output that is not a website
says what the RFI's page says, as text (tests/test_plain.py does the same on a test root)."""

from __future__ import annotations

import functools
import json
import pickle
from collections.abc import Callable
from pathlib import Path
from unittest.mock import Mock

import ablog.post
import pytest
from bs4 import BeautifulSoup
from sphinx.errors import ExtensionError

from sitekit import other_builders
from sitekit.other_builders import NO_PAGE
from tests.conftest import build_site, copy_site, soup
from tests.test_plain import BUILDERS, OPEN, PLAIN, WEBSITE, WEBSITE_ONLY, unspaced

pytestmark = pytest.mark.filterwarnings(
    r"ignore::sphinx.deprecation.RemovedInSphinx11Warning:sphinxcontrib\."
)
# What only a test sets: no host is contacted, and Apple's tools are not on this machine.
TEST_ONLY = ["-D", r"linkcheck_ignore=https?://", "-D", "applehelp_disable_external_tools=1"]
# The RFI's page as the text builder writes it at OPEN: its banner, its timeline.
RFI_WORDS = [
    "Open call",
    "PyPI Security and Accessibility Q1 2019 Request for Information",
    "Closes at the end of November 13, 2018, Anywhere on Earth (November 14, 2018, 11:59 UTC); "
    "8 days left.",
    "Take part in the discussion",
    "Status as of November 6, 2018.",
    "Register your interest",
    "Timeline of the RFI; each date ends at midnight, Anywhere on Earth.",
    "RFI period opened",
    "RFI period closes (next)",
    "Contract work starts",
    "Q1 2019",
]
# The one post, as the index's postlist names it: only its title ends so.
POST_TITLE = "PyPI Security and Accessibility Q1 2019 Request for Information period opens."
EMBEDDED = ["epub", "htmlhelp", "qthelp", "devhelp", "applehelp"]  # HTML, but not a website
ONE_FILE = {"latex": "*.tex", "man": "*.1", "texinfo": "*.texi"}  # the whole site in one file
SUFFIX = {"text": ".txt", "epub": ".xhtml", "xml": ".xml", "pseudoxml": ".pseudoxml"}
FOLDER = {"applehelp": "*/Contents/Resources/en.lproj/"}


def page(out: Path, builder: str, docname: str) -> Path:
    """The file that holds one page of the site in a builder's output."""
    pattern = ONE_FILE.get(builder) or FOLDER.get(builder, "") + docname + SUFFIX.get(
        builder, ".html"
    )
    (path,) = out.glob(pattern)
    return path


def words(path: Path) -> str:
    """A page's text: HTML read in the encoding it declares (HTML Help's is cp1252),
    without its markup; roff without its zero-width escape."""
    if path.suffix in (".html", ".xhtml"):
        return BeautifulSoup(path.read_bytes(), "html.parser").get_text(" ")
    return path.read_text(encoding="utf-8").replace("\\&", "")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Callable[..., Path]:
    """One copy of the site's sources; each builder builds it once, into its own folder."""
    source = copy_site(tmp_path_factory.mktemp("site"))

    @functools.cache
    def build(builder: str, **environ: str) -> Path:
        out = tmp_path_factory.mktemp(builder)
        # build_site runs `sphinx -W -q -b html` and checks it wrote not one warning;
        # the -b given here comes later, and wins.
        options = ["-b", builder, "-D", f"deadlines_now={OPEN}", *TEST_ONLY]
        return build_site(source, out, *options, **environ)

    return build


@pytest.mark.parametrize("builder", BUILDERS)
def test_every_builder_completes_without_a_warning(site, builder):
    assert site(builder).is_dir()


@pytest.mark.parametrize("builder", sorted(PLAIN))
def test_outputs_other_than_a_website_say_what_the_rfi_says_as_text(site, builder):
    out = site(builder)
    text = unspaced(words(page(out, builder, "rfi/2019-q1-pypi-rfi")))
    for expected in RFI_WORDS:
        assert unspaced(expected) in text, (builder, expected)
    for absent in WEBSITE_ONLY:
        assert unspaced(absent) not in text, (builder, absent)
    assert not (out / "calls.ics").exists()
    assert not list(out.rglob("deadlines.js"))


@pytest.mark.parametrize("builder", sorted(PLAIN))
def test_the_postlist_names_the_post_even_where_the_output_has_no_page_for_it(site, builder):
    index = page(site(builder), builder, "index")
    assert unspaced(POST_TITLE) in unspaced(words(index))
    assert NO_PAGE.encode() not in index.read_bytes()


@pytest.mark.parametrize("builder", ["html", "dirhtml"])
def test_a_websites_postlist_links_the_post(site, builder):
    index = site(builder) / "index.html"
    link = soup(index).select_one("ul.postlist p.ablog-post-title a")
    assert link.get_text() == POST_TITLE
    target = index.parent / link["href"]
    assert (target / "index.html" if link["href"].endswith("/") else target).is_file()


@pytest.mark.parametrize("builder", ["json", "pickle"])
def test_serialized_pages_carry_the_social_tags_of_the_website(site, builder):
    out = site(builder) / "rfi"
    if builder == "json":
        context = json.loads((out / "2019-q1-pypi-rfi.fjson").read_text(encoding="utf-8"))
    else:
        context = pickle.loads((out / "2019-q1-pypi-rfi.fpickle").read_bytes())
    assert context["pagename"] == "rfi/2019-q1-pypi-rfi"
    assert '<meta property="og:title"' in context["metatags"]


@pytest.mark.parametrize("builder", sorted([*WEBSITE, *EMBEDDED]))
def test_only_a_website_gets_the_github_pages_marker(site, builder):
    assert (site(builder) / ".nojekyll").exists() == (builder in WEBSITE)


@pytest.mark.parametrize("builder", ["html", "epub", "applehelp"])
def test_only_a_website_gets_the_custom_domains_cname(site, builder):
    out = site(builder, SITE_URL="https://calls.example.org/")
    assert (out / "CNAME").exists() == (builder in WEBSITE)


def test_a_changed_ablog_postlist_stops_the_build(monkeypatch):
    monkeypatch.setattr(ablog.post, "process_postlist", lambda app, doctree, docname: None)
    with pytest.raises(ExtensionError, match=r"changed ablog\.post\.process_postlist"):
        other_builders.setup(Mock())
