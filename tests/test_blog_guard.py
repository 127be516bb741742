"""Bad posts stop the build with one line naming file and line (tests/roots/test-blog)."""

from __future__ import annotations

import logging

import pytest

from tests.conftest import plain_warnings

BAD_POSTS = {
    "date": ("posts/bad.rst", ".. post:: 2018-13-45\n\nBad date\n========\n\nText.\n", 1,
             "post date '2018-13-45' is not a date; write it as YYYY-MM-DD"),
    "title": ("posts/bad.rst", ".. post:: 2018-10-30\n\nNo title, only text.\n", 1,
              "post has no title; start it with a heading or give the post a :title:"),
    "front-matter": ("posts/bad.md", "---\nblogpost: true\ndate: [2018-10-30\ntags: a\n---\n# Bad\n\nText.\n", 4,
                     "front matter is not valid YAML"),
}  # fmt: skip


@pytest.mark.parametrize("case", sorted(BAD_POSTS))
def test_a_bad_post_is_one_error_line_with_file_and_line(make_app, copy_root, case):
    path, text, line, message = BAD_POSTS[case]
    app = make_app("html", srcdir=copy_root("blog", {path: text}))
    app.build()
    lines = plain_warnings(app).strip().splitlines()
    assert len(lines) == 1, lines
    assert f"{path}:{line}: ERROR: {message}" in lines[0]
    assert app.statuscode == 1


def test_a_bad_post_stays_an_error_in_an_incremental_build(make_app, copy_root):
    path, text, line, _ = BAD_POSTS["date"]
    source = copy_root("blog", {path: text})
    make_app("html", srcdir=source).build()
    again = make_app("html", srcdir=source)
    again.build()
    assert f"{path}:{line}: ERROR: post date" in plain_warnings(again)
    assert again.statuscode == 1


def test_good_posts_build_without_warnings(make_app, copy_root):
    app = make_app("html", srcdir=copy_root("blog"))
    app.build()
    assert plain_warnings(app) == ""
    assert app.statuscode == 0


def test_root_logger_warnings_reach_sphinx(make_app, copy_root):
    """ablog warns through Python's root logger; -W must see those warnings."""
    app = make_app("html", srcdir=copy_root("blog"))
    logging.warning("Found blog post front-matter as well as post directive")
    assert "WARNING: Found blog post front-matter" in plain_warnings(app)
    assert "[sitekit.root-logger]" in plain_warnings(app)
