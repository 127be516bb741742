"""Bad values in ablog's directives (post, update, postlist) and in a reST post's field
lines stop the build with one line naming the file and the value's own line
(tests/roots/test-blog). ablog itself would crash with a traceback, say nothing, link to
a script, or write a redirect page outside the output folder."""

from __future__ import annotations

import logging
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from docutils import nodes
from sphinx.application import Sphinx

from tests.conftest import SOURCE_DATE_EPOCH, plain_warnings

# ablog 0.11.13 reads a post's front matter (field lines, in reST) through an attribute
# Sphinx deprecates.
pytestmark = pytest.mark.filterwarnings("ignore:'ablog.post.CheckFrontMatter.app' is deprecated")

TITLE = "\nA post\n======\n\nText.\n"
LINK_FIX = "write a full http://, https:// or mailto: address"
PATH_FIX = "write the old page's path from the site's root, e.g. blog/old-name"
DATE_FIX = "write it as YYYY-MM-DD, e.g. 2018-10-30"
KNOWN_KEYS = "use {date}, {title}, {author}, {location}, {language}, {category} or {tags}"


def rst_post(*lines: str) -> str:
    """A reST post: `lines` from line 1, then a blank line and a title."""
    return "\n".join(lines) + "\n" + TITLE


def rst_updated_post(post: str, update: str) -> str:
    """A post (line 1) with an update whose directive is on line 8."""
    return rst_post(post) + f"\n{update}\n\n   Better now.\n"


# Each link and page path of a post: (file, text, line of the bad value, message).
BAD_LINKS = {
    "external-link-script": ("posts/bad.rst", rst_post(".. post:: 2018-10-30", "   :tags: a", "   :external_link: javascript:alert(1)"), 3,
                             f"post external_link: 'javascript:alert(1)' is not a web or mail address; {LINK_FIX}"),
    "canonical-link-data": ("posts/bad.rst", rst_post(".. post:: 2018-10-30", "   :canonical_link: data:text/html,hi"), 2,
                            f"post canonical_link: 'data:text/html,hi' is not a web or mail address; {LINK_FIX}"),
    "external-link-relative": ("posts/bad.rst", rst_post(".. post:: 2018-10-30", "   :external_link: ../elsewhere.html"), 2,
                               "post external_link: '../elsewhere.html' is not a web or mail address"),
    "canonical-link-no-host": ("posts/bad.rst", rst_post(".. post:: 2018-10-30", "   :canonical_link: https:///a"), 2,
                               "post canonical_link: 'https:///a' names no host"),
    "external-link-with-a-space": ("posts/bad.rst", rst_post(".. post:: 2018-10-30", "   :external_link: java script:alert(1)"), 2,
                                   "post external_link: 'java script:alert(1)' contains a space or control character"),
    "external-link-empty": ("posts/bad.rst", rst_post(".. post:: 2018-10-30", "   :tags: a", "   :external_link:"), 3,
                            "post external_link: no address after :external_link:; write a full http://"),
    "canonical-link-empty": ("posts/bad.rst", rst_post(".. post:: 2018-10-30", "   :canonical_link:"), 2,
                             "post canonical_link: no address after :canonical_link:"),
    "external-link-on-the-next-line": ("posts/bad.rst", rst_post(".. post:: 2018-10-30", "   :external_link:", "      javascript:alert(1)"), 3,
                                       "post external_link: 'javascript:alert(1)' is not a web or mail address"),
    "myst-directive-option": ("posts/bad.md", "# A post\n\n```{post} 2018-10-30\n:external_link: javascript:alert(1)\n```\n\nText.\n", 4,
                              "post external_link: 'javascript:alert(1)' is not a web or mail address"),
    "myst-directive-yaml-option": ("posts/bad.md", "# A post\n\n```{post} 2018-10-30\n---\ntags: a\ncanonical_link: vbscript:x\n---\n```\n\nText.\n", 6,
                                   "post canonical_link: 'vbscript:x' is not a web or mail address"),
    "rest-field-line": ("posts/bad.rst", rst_post(":date: 2018-10-30", ":external_link: javascript:alert(1)"), 2,
                        "post external_link: 'javascript:alert(1)' is not a web or mail address"),
    "redirect-out-of-the-site": ("posts/bad.rst", rst_post(".. post:: 2018-10-30", "   :redirect: ../../outside"), 2,
                                 f"post redirect: '../../outside' is not a page's path on this site; {PATH_FIX}"),
    # TMP is the test's own folder: ablog would write the page there, not at the disk's root.
    "redirect-absolute": ("posts/bad.rst", rst_post(".. post:: 2018-10-30", "   :redirect: TMP/outside"), 2,
                          f"post redirect: 'TMP/outside' is not a page's path on this site; {PATH_FIX}"),
    "redirect-script": ("posts/bad.rst", rst_post(".. post:: 2018-10-30", "   :redirect: javascript:alert(1)"), 2,
                        "post redirect: 'javascript:alert(1)' is not a page's path on this site"),
    "redirect-backslash": ("posts/bad.rst", rst_post(".. post:: 2018-10-30", "   :redirect: old\\name"), 2,
                           "post redirect: 'old\\\\name' is not a page's path on this site"),
    "redirect-second-name": ("posts/bad.rst", rst_post(".. post:: 2018-10-30", "   :redirect: old/name, ../outside"), 2,
                             "post redirect: '../outside' is not a page's path on this site"),
    "redirect-name-on-the-next-line": ("posts/bad.rst", rst_post(".. post:: 2018-10-30", "   :redirect: old/name,", "      ../outside"), 3,
                                       "post redirect: '../outside' is not a page's path on this site"),
    "redirect-with-html": ("posts/bad.rst", rst_post(".. post:: 2018-10-30", "   :redirect: 2018/10/old.html"), 2,
                           "post redirect: '2018/10/old.html' ends in .html, which ablog adds; write 2018/10/old"),
    "redirect-empty": ("posts/bad.rst", rst_post(".. post:: 2018-10-30", "   :redirect:"), 2,
                       f"post redirect: an empty name (nothing, or nothing between two commas); {PATH_FIX}"),
    "redirect-empty-between-commas": ("posts/bad.rst", rst_post(".. post:: 2018-10-30", "   :redirect: a,,b"), 2,
                                      "post redirect: an empty name (nothing, or nothing between two commas)"),
    "redirect-over-a-page": ("posts/bad.rst", rst_post(".. post:: 2018-10-30", "   :redirect: index"), 2,
                             "post redirect: 'index' is a page of this site, which the redirect would replace; write the post's old path"),
    "redirect-over-a-page-in-front-matter": ("posts/bad.md", "---\nblogpost: true\ndate: 2018-10-30\nredirect: index\n---\n\n# A post\n\nText.\n", 4,
                                             "post redirect: 'index' is a page of this site, which the redirect would replace"),
    "redirect-in-a-field-line": ("posts/bad.rst", rst_post(":date: 2018-10-30", ":redirect: ../../outside"), 2,
                                 "post redirect: '../../outside' is not a page's path on this site"),
}  # fmt: skip

# Each date of ablog's directives and of a reST post's field lines.
BAD_DATES = {
    "post-impossible-day": ("posts/bad.rst", rst_post(".. post:: 2018-02-30"), 1, f"post date '2018-02-30' is not a date; {DATE_FIX}"),
    "post-date-on-the-next-line": ("posts/bad.rst", rst_post(".. post::", "   2018-13-45"), 2, "post date '2018-13-45' is not a date"),
    "post-date-bad-part-on-the-next-line": ("posts/bad.rst", rst_post(".. post:: 6 November", "   20x8"), 2,
                                            "post date '6 November 20x8' is not a date"),
    "post-date-bad-part-on-the-first-line": ("posts/bad.rst", rst_post(".. post:: 6 Novembre", "   2018"), 1,
                                             "post date '6 Novembre 2018' is not a date"),
    "post-date-impossible-over-two-lines": ("posts/bad.rst", rst_post(".. post:: 31 November", "   2018"), 1,
                                            "post date '31 November 2018' is not a date"),
    "post-date-too-large": ("posts/bad.rst", rst_post(".. post:: 99999999999999999999"), 1, "post date '99999999999999999999' is not a date"),
    "post-date-in-a-field-line": ("posts/bad.rst", rst_post(":tags: a", ":date: 2018-13-45"), 2, "post date '2018-13-45' is not a date"),
    "myst-post-date": ("posts/bad.md", "# A post\n\n```{post} 2018-13-45\n```\n\nText.\n", 3, "post date '2018-13-45' is not a date"),
    "update-impossible-month": ("posts/bad.rst", rst_updated_post(".. post:: 2018-10-30", ".. update:: 2018-13-45"), 8,
                                f"update date '2018-13-45' is not a date; {DATE_FIX}"),
    "update-impossible-day": ("posts/bad.rst", rst_updated_post(".. post:: 2018-10-30", ".. update:: 2018-02-30"), 8,
                              "update date '2018-02-30' is not a date"),
    "update-in-words": ("posts/bad.rst", rst_updated_post(".. post:: 2018-10-30", ".. update:: soon"), 8, "update date 'soon' is not a date"),
    "update-too-large": ("posts/bad.rst", rst_updated_post(".. post:: 2018-10-30", ".. update:: 99999999999999999999"), 8,
                         "update date '99999999999999999999' is not a date"),
    "update-date-on-the-next-line": ("posts/bad.rst", rst_updated_post(".. post:: 2018-10-30", ".. update::\n   2018-13-45"), 9,
                                     "update date '2018-13-45' is not a date"),
    "myst-update": ("posts/bad.md", "# A post\n\n```{post} 2018-10-30\n```\n\nText.\n\n```{update} 2018-13-45\nBetter.\n```\n", 8,
                    "update date '2018-13-45' is not a date"),
    "update-of-a-post-with-no-date": ("posts/bad.rst", rst_updated_post(".. post::\n   :tags: a", ".. update:: 2018-10-31"), 9,
                                      "update of a post with no date; give the post a date, e.g. .. post:: 2018-10-30, or delete the update"),
    "update-of-a-post-whose-date-is-bad": ("posts/bad.rst", rst_updated_post(".. post:: 2018-13-45", ".. update:: 2018-10-31"), 1,
                                           "post date '2018-13-45' is not a date"),
}  # fmt: skip

# A postlist's length and format (its :date: is a strftime format: any text is one).
NOTES = ":orphan:\n\nNotes\n=====\n\n"  # a page outside any toctree; the postlist is on line 6
BAD_POSTLISTS = {
    "length-in-words": ("notes.rst", NOTES + ".. postlist:: five\n", 6,
                        "postlist length 'five' is not a whole number; write how many posts to list, e.g. .. postlist:: 5"),
    "length-negative": ("notes.rst", NOTES + ".. postlist:: -1\n", 6, "postlist length '-1' is not a whole number"),
    "length-on-the-next-line": ("notes.rst", NOTES + ".. postlist::\n   five\n", 7, "postlist length 'five' is not a whole number"),
    "format-unknown-key": ("notes.rst", NOTES + ".. postlist:: 5\n   :format: {date} - {name}\n", 7,
                           f"postlist format '{{date}} - {{name}}' names {{name}}, which ablog does not know; {KNOWN_KEYS}"),
    "format-positional": ("notes.rst", NOTES + ".. postlist:: 5\n   :sort:\n   :format: {} {title}\n", 8,
                          "postlist format '{} {title}' names {}, which ablog does not know"),
    "format-unclosed-brace": ("notes.rst", NOTES + ".. postlist:: 5\n   :format: {date} - {title\n", 7,
                              "postlist format '{date} - {title' cannot be read (expected '}' before end of string); "
                              "write {{ or }} for a brace, e.g. {date} - {title}"),
    "myst-format": ("notes.md", "---\norphan: true\n---\n\n# Notes\n\n```{postlist} 5\n:format: {date} {when}\n```\n", 8,
                    "postlist format '{date} {when}' names {when}, which ablog does not know"),
}  # fmt: skip

# Options ablog reads as counts or flags: docutils said so in several lines at the
# directive's line, dropped the directive, and let the build pass.
BAD_OPTIONS = {
    "image-not-a-number": ("posts/bad.rst", rst_post(".. post:: 2018-10-30", "   :tags: a", "   :image: abc"), 3,
                           "post image: 'abc' is not a whole number; write a count, e.g. :image: 1"),
    "image-empty": ("posts/bad.rst", rst_post(".. post:: 2018-10-30", "   :image:"), 2, "post image: '' is not a whole number"),
    "excerpt-negative": ("posts/bad.rst", rst_post(".. post:: 2018-10-30", "   :excerpt: -2"), 2,
                         "post excerpt: '-2' is not a whole number; write a count, e.g. :excerpt: 1"),
    "exclude-with-a-value": ("posts/bad.rst", rst_post(".. post:: 2018-10-30", "   :exclude: yes"), 2,
                             "post exclude: 'yes' cannot be read: ablog takes :exclude: only with no value; "
                             "write :exclude: alone to set it, or delete the line"),
    "nocomments-with-a-value": ("posts/bad.rst", rst_post(".. post:: 2018-10-30", "   :tags: a", "   :nocomments: true"), 3,
                                "post nocomments: 'true' cannot be read: ablog takes :nocomments: only with no value"),
    "myst-image": ("posts/bad.md", "# A post\n\n```{post} 2018-10-30\n:image: two\n```\n\nText.\n", 4,
                   "post image: 'two' is not a whole number"),
    "postlist-sort-with-a-value": ("notes.rst", NOTES + ".. postlist:: 5\n   :sort: yes\n", 7,
                                   "postlist sort: 'yes' cannot be read: ablog takes :sort: only with no value"),
}  # fmt: skip

BAD_VALUES = BAD_LINKS | BAD_DATES | BAD_POSTLISTS | BAD_OPTIONS


@pytest.mark.parametrize("case", sorted(BAD_VALUES))
def test_a_bad_directive_value_is_one_error_at_its_own_line(make_app, copy_root, tmp_path, case):
    path, text, line, message = BAD_VALUES[case]
    text, message = text.replace("TMP", str(tmp_path)), message.replace("TMP", str(tmp_path))
    app = make_app("html", srcdir=copy_root("blog", {path: text}))
    app.build()
    warnings = plain_warnings(app).strip().splitlines()
    assert len(warnings) == 1, warnings
    assert f"{path}:{line}: ERROR: {message}" in warnings[0]
    assert warnings[0].endswith("[sitekit.post]")
    assert app.statuscode == 1
    assert not list(tmp_path.glob("**/outside.html"))  # no redirect page written anywhere


GOOD_POSTS = {
    "links": rst_post(".. post:: 2018-10-30", "   :external_link: https://elsewhere.example/post",
                      "   :canonical_link: mailto:a@example.org"),
    "redirects": rst_post(".. post:: 2018-10-30", "   :redirect: 2017/05/old-name, blog/older_name"),
    "date-over-two-lines": rst_post(".. post:: 30 October", "   2018"),
    "update": rst_updated_post(".. post:: 2018-10-30", ".. update:: 2018-11-02"),
    "update-in-the-post-format": rst_updated_post(".. post:: 2018-10-30", ".. update:: 2 November 2018"),
    "postlist": rst_post(".. post:: 2018-10-30") + "\n.. postlist:: 2\n   :format: {title} ({date}, {tags})\n   :date: %Y\n",
    "undated-post": rst_post(".. post::", "   :tags: a"),
    "counts-and-flags": rst_post(".. post:: 2018-10-30", "   :image: 1", "   :excerpt: 2", "   :nocomments:")
                        + "\n.. postlist:: 3\n   :sort:\n   :excerpts:\n",
}  # fmt: skip


@pytest.mark.parametrize("case", sorted(GOOD_POSTS))
def test_good_directive_values_build_without_warnings(make_app, copy_root, case):
    app = make_app("html", srcdir=copy_root("blog", {"posts/good-too.rst": GOOD_POSTS[case]}))
    app.build()
    assert plain_warnings(app) == ""
    assert app.statuscode == 0


def test_a_redirect_is_written_inside_the_site(make_app, copy_root):
    source = copy_root("blog", {"posts/moved.rst": GOOD_POSTS["redirects"]})
    app = make_app("html", srcdir=source)
    app.build()
    assert (Path(app.outdir) / "2017" / "05" / "old-name.html").is_file()


# ablog's one hint through Python's root logger, which it logs while it reads front
# matter beside a post directive (ablog/post.py, CheckFrontMatter). Its "using post
# directive" is not so: ablog reads the page as two posts.
SECOND_POSTS = {
    "rest-field-lines": ("posts/bad.rst", rst_post(":tags: a", "", ".. post:: 2018-10-30"), 1,
                         "field lines above the post directive make ablog read a second post; delete them "
                         "(the directive holds the post's data; `make import` does this)"),
    "rest-field-lines-not-first": ("posts/bad.rst", rst_post("..  A comment.", "", ":tags: a", ":author: Jane", "",
                                                             ".. post:: 2018-10-30"), 3,
                                   "field lines above the post directive make ablog read a second post"),
    "myst-front-matter": ("posts/bad.md", "---\ntags: a\n---\n\n# A post\n\n```{post} 2018-10-30\n```\n\nText.\n", 1,
                          "front matter beside a post directive makes ablog read a second post; give the post's "
                          "data in one of them and delete the other"),
    "myst-blogpost-key": ("notes.md", "---\nblogpost: true\ndate: 2018-10-30\n---\n\n# A post\n\n```{post} 2018-10-30\n```\n\nText.\n", 1,
                          "front matter beside a post directive makes ablog read a second post"),
}  # fmt: skip


@pytest.mark.parametrize("case", sorted(SECOND_POSTS))
def test_ablogs_hint_is_one_error_at_the_front_matter(make_app, copy_root, case):
    path, text, line, message = SECOND_POSTS[case]
    app = make_app("html", srcdir=copy_root("blog", {path: text}))
    app.build()
    warnings = plain_warnings(app).strip().splitlines()
    assert len(warnings) == 1, warnings
    assert f"{path}:{line}: ERROR: {message}" in warnings[0]
    assert warnings[0].endswith("[sitekit.post]")
    assert app.statuscode == 1


def test_another_root_logger_warning_names_the_page_being_read(make_app, copy_root):
    """A root-logger warning ablog_guard does not know names the page, without a line."""
    app: Sphinx = make_app("html", srcdir=copy_root("blog"))

    def warn(app: Sphinx, doctree: nodes.document) -> None:
        if app.env.docname == "posts/good":
            logging.getLogger("some.library").warning("something odd")

    app.connect("doctree-read", warn)
    app.build()
    warnings = plain_warnings(app).strip().splitlines()
    assert len(warnings) == 1, warnings
    assert "posts/good.rst: WARNING: something odd [sitekit.root-logger]" in warnings[0]


def test_with_post_always_section_a_post_above_its_title_is_one_error(copy_root):
    """ablog then climbs from every post to its section, and never stops above the title.
    The build runs in a process with a time limit, so a regression fails, not hangs."""
    source = copy_root("blog")
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-q", "-b", "html", "-D", "post_always_section=1",
         str(source), str(source / "_build")],
        env=os.environ | {"SOURCE_DATE_EPOCH": str(SOURCE_DATE_EPOCH)},
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    lines = re.sub(r"\x1b\[[0-9;]*m", "", result.stderr).strip().splitlines()
    assert result.returncode == 1
    assert len(lines) == 1, lines
    assert lines[0].endswith(
        "posts/good.rst:1: ERROR: with post_always_section, ablog reads each post from its "
        "section; move the post directive under its section's title [sitekit.post]"
    )
