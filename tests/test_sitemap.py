"""sitemap.xml lists every page, sorted, in full and incremental builds alike."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.conftest import plain_warnings

LOC = "{http://www.sitemaps.org/schemas/sitemap/0.9}loc"
BASE = "https://blog.example.org/"


def sitemap(outdir: Path) -> list[str]:
    root = ET.parse(outdir / "sitemap.xml").getroot()
    return [loc.text.removeprefix(BASE) for loc in root.iter(LOC)]


def test_every_page_sorted_with_exclusions(make_app, copy_root):
    app = make_app("html", srcdir=copy_root("blog"))
    app.build()
    assert plain_warnings(app) == ""
    links = sitemap(app.outdir)
    assert links == sorted(links)
    assert {"index.html", "posts/good.html", "blog.html", "blog/archive.html"} <= set(links)
    assert "search.html" not in links  # stock sphinx-sitemap would list it
    assert "genindex.html" not in links


def test_an_incremental_build_keeps_the_whole_sitemap(make_app, copy_root):
    source = copy_root("blog")
    first = make_app("html", srcdir=source)
    first.build()
    full = sitemap(first.outdir)
    post = source / "posts" / "good.rst"
    post.write_text(post.read_text() + "\nOne more sentence.\n")
    again = make_app("html", srcdir=source)
    again.build()
    assert sitemap(again.outdir) == full


def written_page(outdir: Path, link: str) -> Path:
    """The file a sitemap address is served from (a folder's address serves its index)."""
    return outdir / link / "index.html" if link == "" or link.endswith("/") else outdir / link


@pytest.mark.parametrize("builder", ["html", "dirhtml", "singlehtml"])
def test_each_address_is_a_page_the_builder_wrote(make_app, copy_root, builder):
    app = make_app(builder, srcdir=copy_root("blog"))
    app.build()
    assert plain_warnings(app) == ""
    links = sitemap(app.outdir)
    assert links
    assert [link for link in links if not written_page(app.outdir, link).is_file()] == []


def test_a_folder_per_page_has_folder_addresses(make_app, copy_root):
    app = make_app("dirhtml", srcdir=copy_root("blog"))
    app.build()
    assert {"", "posts/good/", "blog/", "blog/archive/"} <= set(sitemap(app.outdir))


def test_an_e_book_has_no_sitemap(make_app, copy_root):
    app = make_app("epub", srcdir=copy_root("blog"))
    app.build()
    assert not (app.outdir / "sitemap.xml").exists()
