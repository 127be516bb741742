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


@pytest.mark.parametrize(("fast", "edit_read_here"), [(True, ["posts/p3"]), (False, [])])
def test_an_edited_page_is_read_in_the_main_process(build_root, read_here, fast, edit_read_here):
    overrides = {"sitekit_fast_ablog": fast}
    build_root(NOW, root="test-blog", files=POSTS, parallel=2, confoverrides=overrides)
    assert read_here == []  # 32 pages: read by forked readers
    app = build_root(
        NOW, root="test-blog", files=EDITED, fresh=False, parallel=2, confoverrides=overrides
    )
    assert app.statuscode == 0
    assert read_here == edit_read_here
    assert "More." in (app.outdir / "posts" / "p3.html").read_text(encoding="utf-8")
