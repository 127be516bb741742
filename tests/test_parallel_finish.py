"""With -j and the fast path, the search index and the inventory are written by a
forked process while the main process writes the generated pages; otherwise, as
Sphinx does, by the main process. Either way the files are the same
(tests/test_fast_ablog.py compares whole sites)."""

from __future__ import annotations

import os
import zipfile

import pytest
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.errors import SphinxParallelError
from sphinx.util.inventory import InventoryFile

from sitekit import internals, parallel_finish
from tests.conftest import ROOTS

BLOG_AFTER_ALL_POSTS = "2018-11-06T12:00Z"


@pytest.fixture
def writers(monkeypatch, tmp_path):
    """Which process wrote the search index and the inventory, as each one notes it."""
    notes = tmp_path / "writers.txt"

    def noting(name, write):
        def write_noted(*args, **kwargs):
            with notes.open("a") as file:
                file.write(f"{name} {os.getpid()}\n")
            return write(*args, **kwargs)

        return write_noted

    dump_index = StandaloneHTMLBuilder.dump_search_index
    monkeypatch.setattr(InventoryFile, "dump", noting("inventory", InventoryFile.dump))
    monkeypatch.setattr(
        StandaloneHTMLBuilder, "dump_search_index", noting("search index", dump_index)
    )

    def written_by() -> dict[str, str]:
        lines = notes.read_text().splitlines() if notes.exists() else []
        return {
            name: "main" if pid == str(os.getpid()) else "forked"
            for name, pid in (line.rsplit(" ", 1) for line in lines)
        }

    return written_by


@pytest.mark.parametrize(
    ("fast", "parallel", "by"),
    [(True, 2, "forked"), (True, 1, "main"), (False, 2, "main")],
)
def test_who_writes_them(build_root, writers, monkeypatch, fast, parallel, by):
    # As a process that never built with the fast path finds Sphinx.
    sphinx_finish = internals.original(StandaloneHTMLBuilder, "finish")
    monkeypatch.setattr(StandaloneHTMLBuilder, "finish", sphinx_finish)
    app = build_root(
        BLOG_AFTER_ALL_POSTS,
        root="test-blog",
        parallel=parallel,
        confoverrides={"sitekit_fast_ablog": fast},
    )
    assert app.statuscode == 0
    assert writers() == {"search index": by, "inventory": by}
    assert (app.outdir / "searchindex.js").is_file()
    assert (app.outdir / "objects.inv").is_file()


def test_a_large_build_writes_them_in_the_main_process(build_root, writers, monkeypatch):
    monkeypatch.setattr(parallel_finish, "SMALL_BUILD_PAGES", 2)  # the blog has two pages
    app = build_root(BLOG_AFTER_ALL_POSTS, root="test-blog", parallel=2)
    assert app.statuscode == 0
    assert writers() == {"search index": "main", "inventory": "main"}


def test_an_edit_forks_them(build_root, writers, monkeypatch):
    monkeypatch.setattr(parallel_finish, "SMALL_BUILD_PAGES", 2)
    build_root(BLOG_AFTER_ALL_POSTS, root="test-blog", parallel=2)
    post = "posts/good.rst"
    text = (ROOTS / "test-blog" / post).read_text(encoding="utf-8")
    app = build_root(
        BLOG_AFTER_ALL_POSTS,
        root="test-blog",
        parallel=2,
        fresh=False,
        files={post: text + "\nOne more sentence.\n"},
    )
    assert app.statuscode == 0
    # The last writer of each: the edit's (the first build, of two pages, was large).
    assert writers() == {"search index": "forked", "inventory": "forked"}


def test_a_builder_with_its_own_finishing_finishes_as_before(build_root, writers):
    """An e-book's finish packs the folder: it must see the generated pages written."""
    app = build_root(BLOG_AFTER_ALL_POSTS, root="test-blog", parallel=2, builder="epub")
    assert app.statuscode == 0
    assert writers() == {}  # an e-book has no search index or inventory to fork
    (book,) = app.outdir.glob("*.epub")
    packed = zipfile.ZipFile(book).namelist()
    assert {"blog.xhtml", "blog/tag/news.xhtml", "posts/good.xhtml"} <= set(packed)


def test_a_failure_in_the_forked_process_fails_the_build(build_root, monkeypatch):
    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(InventoryFile, "dump", broken)
    with pytest.raises(SphinxParallelError, match="disk full"):
        build_root(BLOG_AFTER_ALL_POSTS, root="test-blog", parallel=2)


def test_the_index_is_written_after_the_collect_pages_handlers(build_root, tmp_path):
    """removed_pages takes a deleted page's words out of the index in one: the edit's
    index is then a clean build's."""
    extra = {"posts/gone.rst": ".. post:: 2018-10-29\n\nGone\n====\n\nZyzzyva words.\n"}
    build_root(BLOG_AFTER_ALL_POSTS, root="test-blog", parallel=2, files=extra)
    source = tmp_path / "src"
    (source / "posts/gone.rst").unlink()
    edited = build_root(BLOG_AFTER_ALL_POSTS, root="test-blog", parallel=2, fresh=False)
    index = (edited.outdir / "searchindex.js").read_text(encoding="utf-8")
    assert "zyzzyva" not in index
    clean = build_root(BLOG_AFTER_ALL_POSTS, root="test-blog", parallel=2)
    assert (clean.outdir / "searchindex.js").read_text(encoding="utf-8") == index
