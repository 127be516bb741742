"""sitekit.ablog_fixes: loud on a changed ablog; the fixes themselves, one by one."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from docutils import nodes
from sphinx import addnodes
from sphinx.errors import ExtensionError

from sitekit import ablog_fixes
from tests.conftest import (
    SOURCE_DATE_EPOCH,
    build_site,
    copy_site,
    files,
    plain_warnings,
)


def test_the_installed_ablog_is_the_one_the_fixes_were_checked_against():
    ablog_fixes.check_ablog()


def test_a_changed_ablog_fails_the_build_naming_what_changed(monkeypatch):
    monkeypatch.setitem(ablog_fixes.FINGERPRINTS, "ablog.post.process_posts", "0" * 16)
    with pytest.raises(ExtensionError, match=r"changed ablog\.post\.process_posts\. Re-check"):
        ablog_fixes.check_ablog()


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        (
            '<p class="ablog-post-excerpt"><p>One.</p>\n<p>Two.</p>\n</p>\n',
            '<div class="ablog-post-excerpt"><p>One.</p>\n<p>Two.</p>\n</div>\n',
        ),
        ("<p>Not an excerpt.</p>\n", "<p>Not an excerpt.</p>\n"),
        ('<p class="ablog-post-excerpt">', '<p class="ablog-post-excerpt">'),
    ],
)
def test_an_excerpt_is_a_div_of_paragraphs(html, expected):
    assert ablog_fixes.valid_excerpt(html) == expected


def paragraph(*children: nodes.Node) -> nodes.paragraph:
    return nodes.paragraph("", "", *children)


@pytest.mark.parametrize(
    ("content", "depends"),
    [
        ([paragraph(nodes.Text("plain"), nodes.emphasis("", "words"))], False),
        ([paragraph(nodes.reference("", "x", refuri="https://pypi.org/"))], False),
        ([paragraph(nodes.reference("", "x", refuri="mailto:psf@python.org"))], False),
        ([paragraph(nodes.reference("", "x", refuri="#section"))], False),
        ([paragraph(nodes.reference("", "x", refuri="../rfi/call.html"))], True),
        ([paragraph(addnodes.pending_xref("", refdoc="a", reftarget="b"))], True),
        ([paragraph(nodes.image(uri="picture.png"))], True),
        ([paragraph(nodes.raw("", "<a href='x.html'>x</a>", format="html"))], True),
        ([], False),
        (None, False),
    ],
)
def test_which_content_renders_differently_on_another_page(content, depends):
    assert ablog_fixes._links_depend_on_page(content) is depends


def test_a_post_dated_after_the_build_clock_is_a_draft(make_app, copy_root):
    later = ".. post:: 2018-10-31\n\nTomorrow\n========\n\nNot yet.\n"
    source = copy_root("blog", {"posts/later.rst": later})
    app = make_app("html", srcdir=source, confoverrides={"deadlines_now": "2018-10-30T23:00Z"})
    app.build()
    assert plain_warnings(app) == ""
    drafts = (app.outdir / "blog" / "drafts.html").read_text(encoding="utf-8")
    archive = (app.outdir / "blog.html").read_text(encoding="utf-8")
    assert "Tomorrow" in drafts
    assert "Tomorrow" not in archive


def test_another_builder_sharing_the_doctrees_leaves_the_website_alone(tmp_path):
    """html, then text into its own folder with the same doctrees, then html again."""
    source = copy_site(tmp_path)
    out = tmp_path / "out"
    html = build_site(source, out)
    pages = {name: (html / name).read_bytes() for name in files(html)}
    environ = {key: value for key, value in os.environ.items() if key != "SITE_URL"}
    command = [sys.executable, "-m", "sphinx", "-W", "-q", "-b", "text"]
    text = subprocess.run(
        [*command, "-d", str(out / "doctrees"), str(source), str(out / "text")],
        env=environ | {"SOURCE_DATE_EPOCH": str(SOURCE_DATE_EPOCH)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert (text.returncode, text.stderr) == (0, "")
    build_site(source, out)
    assert {name: (html / name).read_bytes() for name in files(html)} == pages
