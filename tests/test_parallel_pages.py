"""sitekit.parallel_pages: with -j N, forked processes write the blog's generated pages,
and the site is the one a single process writes (tests/test_fast_ablog.py compares every
byte); here, who wrote which page, and that the sitemap still lists them all."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sphinx.application import Sphinx

from sitekit import parallel_pages

NOW = "2018-11-06T12:00Z"
POSTS = {
    f"posts/p{number}.rst": (
        f".. post:: 2018-{number % 9 + 1:02d}-01\n   :tags: topic{number}\n\n"
        f"Post {number}\n=======\n\nText.\n"
    )
    for number in range(30)
}


@pytest.fixture
def writers(monkeypatch, tmp_path) -> Path:
    """A file each process that writes a generated page appends "pid pagename" to."""
    record = tmp_path / "writers.txt"
    original = Sphinx._init_builder

    def note(app, pagename, templatename, context, doctree):
        if pagename.startswith("blog/"):
            with record.open("a", encoding="utf-8") as file:
                file.write(f"{os.getpid()} {pagename}\n")

    def init_builder(app: Sphinx) -> None:
        app.connect("html-page-context", note)
        original(app)

    monkeypatch.setattr(Sphinx, "_init_builder", init_builder)
    return record


def written_by(record: Path) -> dict[str, int]:
    lines = record.read_text(encoding="utf-8").splitlines() if record.exists() else []
    return {name: int(pid) for pid, name in (line.split(" ", 1) for line in lines)}


def sitemap_pages(app) -> set[str]:
    sitemap = BeautifulSoup((Path(app.outdir) / "sitemap.xml").read_text(), "xml")
    return {loc.text.removeprefix(app.config.html_baseurl) for loc in sitemap.find_all("loc")}


@pytest.mark.parametrize("parallel", [2, 3])
def test_workers_write_the_generated_pages_and_the_sitemap_lists_them(
    build_root, writers, parallel
):
    """N processes: the main one and N - 1 forked, each every N-th page."""
    app = build_root(NOW, root="test-blog", files=POSTS, parallel=parallel)
    pages = written_by(writers)
    assert len(pages) >= parallel_pages.PARALLEL_FROM_PAGES
    by_process = [
        sorted(name for name, pid in pages.items() if pid == writer)
        for writer in set(pages.values())
    ]
    assert len(by_process) == parallel
    assert os.getpid() in set(pages.values())
    assert min(map(len, by_process)) >= 5  # each its share
    listed = sitemap_pages(app)
    assert {f"{name}.html" for name in pages} <= listed
    assert "blog/tag/topic7.html" in listed


@pytest.mark.parametrize(("parallel", "overrides"), [(0, {}), (2, {"sitekit_fast_ablog": False})])
def test_a_serial_build_or_the_slow_path_writes_them_in_the_main_process(
    build_root, writers, parallel, overrides
):
    build_root(NOW, root="test-blog", files=POSTS, parallel=parallel, confoverrides=overrides)
    assert set(written_by(writers).values()) == {os.getpid()}


def test_a_few_pages_are_written_in_the_main_process(build_root, writers):
    build_root(NOW, root="test-blog", files=POSTS, parallel=2)
    writers.unlink()
    edited = {"posts/p3.rst": POSTS["posts/p3.rst"] + "More.\n"}
    build_root(NOW, root="test-blog", files=edited, fresh=False, parallel=2)
    pages = written_by(writers)
    assert 0 < len(pages) < parallel_pages.PARALLEL_FROM_PAGES
    assert set(pages.values()) == {os.getpid()}
