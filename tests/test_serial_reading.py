"""sitekit.serial_reading: with -j N, a few pages are read in the main process."""

from __future__ import annotations

import pytest
from sphinx.builders import Builder

from tests.conftest import pages_handled_here

NOW = "2018-11-06T12:00Z"
POSTS = {
    f"posts/p{number}.rst": f".. post:: 2018-10-{number + 1:02d}\n\nPost {number}\n=======\n\nText.\n"
    for number in range(30)
}
EDITED = {"posts/p3.rst": POSTS["posts/p3.rst"] + "More.\n"}


@pytest.fixture
def read_here(monkeypatch) -> list[str]:
    """The pages the main process read."""
    return pages_handled_here(monkeypatch, Builder, "read_doc")


MARKDOWN = {
    f"notes/n{number}.md": f"# Note {number}\n\nText with a [link](https://example.org/).\n"
    for number in range(3)
}


@pytest.mark.parametrize(("fast", "edit_read_here"), [(True, ["posts/p3"]), (False, [])])
def test_an_edited_page_is_read_in_the_main_process(build_root, read_here, fast, edit_read_here):
    overrides = {"sitekit_fast_ablog": fast}
    build_root(NOW, root="test-blog", files=POSTS, parallel=2, confoverrides=overrides)
    # 32 pages: read by forked readers, but for the first of each kind on the fast path
    assert read_here == (["index", "posts/good"] if fast else [])
    read_here.clear()
    app = build_root(
        NOW, root="test-blog", files=EDITED, fresh=False, parallel=2, confoverrides=overrides
    )
    assert app.statuscode == 0
    assert read_here == edit_read_here
    assert "More." in (app.outdir / "posts" / "p3.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("fast", [True, False])
def test_the_first_page_of_each_kind_is_read_before_the_readers_fork(build_root, read_here, fast):
    """One page per parser, the first of its kind in the pages' order; the rest forked."""
    app = build_root(
        NOW,
        root="test-blog",
        files={**POSTS, **MARKDOWN},
        parallel=2,
        confoverrides={"sitekit_fast_ablog": fast},
    )
    assert app.statuscode == 0
    # index.md comes before notes/*.md, and posts/good.rst before posts/p*.rst
    assert read_here == (["index", "posts/good"] if fast else [])
    assert len(app.env.found_docs) == len(POSTS) + len(MARKDOWN) + 2
    # One progress through the pages, the parallel read's: none of its own for those first
    reading = [line for line in app.status.getvalue().splitlines() if "reading sources" in line]
    assert reading and sum("100%]" in line for line in reading) == 1, reading
    assert "Note 2" in (app.outdir / "notes" / "n2.html").read_text(encoding="utf-8")
