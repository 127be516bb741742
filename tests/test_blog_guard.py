"""Bad posts stop the build with one line naming file and line (tests/roots/test-blog)."""

from __future__ import annotations

import logging

import pytest
from bs4 import BeautifulSoup

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


def post_with_front_matter(*lines: str) -> str:
    """A MyST post whose front matter is `blogpost: true` (line 2), then `lines` from line 3."""
    return "\n".join(["---", "blogpost: true", *lines, "---", "", "# A post", "", "Text."]) + "\n"


def aliases_expanding_to(levels: int) -> list[str]:
    """Each level a list of ten of the one before: 10**levels items once written out."""
    lines = ["l0: &l0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"l{n}: &l{n} [{', '.join([f'*l{n - 1}'] * 10)}]" for n in range(1, levels)]
    return lines


# Each front matter value that YAML, MyST or ablog cannot read: (lines from line 3 of a
# post, the line the error names, the start of its message). Today each of these crashes
# with a traceback, warns without a line, names the page's first line, or says nothing.
BAD_FRONT_MATTER = {
    "impossible-month": (["date: 2018-13-45"], 3,
                         "post date 2018-13-45 is not a date (month must be in 1..12); write it as YYYY-MM-DD"),
    "impossible-day": (["date: 2018-02-30"], 3,
                       "post date 2018-02-30 is not a date (day is out of range for month); write it as YYYY-MM-DD"),
    "impossible-time": (["date: 2018-10-30T25:00:00Z"], 3,
                        "post date 2018-10-30T25:00:00Z is not a date (hour must be in 0..23)"),
    "date-with-time": (["date: 2018-10-30 12:00:00"], 3,
                       "post date 2018-10-30 12:00:00 is not a date; write it as YYYY-MM-DD, e.g. 2018-10-30"),
    "date-in-words": (["tags: a", "date: tomorrow"], 4, "post date tomorrow is not a date; write it as YYYY-MM-DD"),
    "date-as-number": (["date: 20181030"], 3, "post date 20181030 is not a date"),
    "date-empty": (["date:"], 3, "post date (nothing) is not a date"),
    "date-as-list": (["date: [2018-10-30]"], 3, "post date [2018-10-30] is not a date"),
    "date-tagged-timestamp": (["date: !!timestamp 2018-13-01"], 3, "post date !!timestamp 2018-13-01 is not a date (month must be in 1..12)"),
    "other-key-impossible-date": (["date: 2018-10-30", "updated: 2018-13-45"], 4,
                                  "front matter updated: 2018-13-45 cannot be read (month must be in 1..12); correct it, or quote it"),
    "impossible-date-in-a-list": (["date: 2018-10-30", "history:", "  - 2018-10-30", "  - 2018-02-30"], 6,
                                  "front matter history: 2018-02-30 cannot be read (day is out of range for month)"),
    "not-an-int": (["date: 2018-10-30", "count: !!int abc"], 4, "front matter count: !!int abc cannot be read (invalid literal for int()"),
    "not-a-float": (["date: 2018-10-30", "ratio: !!float abc"], 4, "front matter ratio: !!float abc cannot be read (could not convert string to float"),
    "not-base64": (["date: 2018-10-30", "blob: !!binary a"], 4, "front matter blob: !!binary a cannot be read (failed to decode base64 data"),
    "python-object": (["date: 2018-10-30", "x: !!python/object:os.system x"], 4,
                      "front matter x: !!python/object:os.system x cannot be read (could not determine a constructor"),
    "refers-to-itself": (["date: 2018-10-30", "loop: &loop [*loop]"], 4,
                         "front matter loop refers to itself through YAML aliases; write the value out"),
    "billion-laughs": (["date: 2018-10-30", *aliases_expanding_to(5)], 8,
                       "front matter l4 expands to too many items through YAML aliases"),
    "duplicate-key": (["date: 2018-10-30", "tags: a", "date: 2018-10-31"], 5,
                      "front matter gives date twice (also on line 3); keep one"),
    "key-not-a-name": (["date: 2018-10-30", "[a, b]: c"], 4, "front matter key [a, b] is not a name"),
    "control-character": (["date: 2018-10-30", "title: bell\x07"], 4,
                          "front matter is not valid YAML (special characters are not allowed)"),
    "image-not-a-number": (["date: 2018-10-30", "image: abc"], 4, "post image: abc is not a whole number; write a count, e.g. image: 1"),
    "excerpt-not-a-number": (["date: 2018-10-30", "excerpt: many"], 4, "post excerpt: many is not a whole number"),
    "excerpt-negative": (["date: 2018-10-30", "excerpt: -2"], 4, "post excerpt: -2 is not a whole number"),
    "exclude-with-a-value": (["date: 2018-10-30", "exclude: true"], 4,
                             'post exclude: true cannot be read: ablog takes exclude only with no value; write exclude: "" to set it'),
    "nocomments-empty": (["date: 2018-10-30", "nocomments:"], 4, "post nocomments: (nothing) cannot be read"),
    "tags-nested": (["date: 2018-10-30", "tags: [a, [b, c]]"], 4,
                    "post tags: [a, [b, c]] is not read as names; write them on one line separated by commas, e.g. tags: a, b"),
    "tags-mapping": (["date: 2018-10-30", "tags: {a: 1}"], 4, "post tags: {a: 1} is not read as names"),
    "tags-empty": (["date: 2018-10-30", "tags:"], 4, "post tags: (nothing) is not read as names"),
    "tag-with-a-quote": (["date: 2018-10-30", "tags: ['it''s']"], 4, "post tags: ['it''s'] is not read as names"),
    "authors-as-a-list": (["date: 2018-10-30", "author: [Jane, John]"], 4,
                          "post author: [Jane, John] is not read as names; write them on one line separated by commas, e.g. author: a, b"),
    "category-as-a-list": (["date: 2018-10-30", "category:", "  - News"], 4, "post category: - News is not read as names"),
    "location-as-true": (["date: 2018-10-30", "location: yes"], 4, "post location: yes is not read as names"),
    "external-link-script": (["date: 2018-10-30", "external_link: javascript:alert(1)"], 4,
                             "post external_link: 'javascript:alert(1)' is not a web or mail address; write a full http://, https:// or mailto: address"),
    "canonical-link-no-host": (["date: 2018-10-30", "canonical_link: https:///a"], 4, "post canonical_link: 'https:///a' names no host"),
    "external-link-a-list": (["date: 2018-10-30", "external_link: [https://a.example]"], 4,
                             "post external_link: [https://a.example] is not an address"),
    "redirect-out-of-the-site": (["date: 2018-10-30", "redirect: ../../outside"], 4,
                                 "post redirect: '../../outside' is not a page's path on this site; write the old page's path from the site's root, e.g. blog/old-name"),
    "redirect-script": (["date: 2018-10-30", "redirect: javascript:alert(1)"], 4, "post redirect: 'javascript:alert(1)' is not a page's path"),
    "redirect-second-name-with-html": (["date: 2018-10-30", "redirect: old/a, old/b.html"], 4,
                                       "post redirect: 'old/b.html' ends in .html, which ablog adds; write old/b"),
    "title-as-a-list": (["date: 2018-10-30", "title: [a, b]"], 4, "post title: [a, b] is not text"),
    "myst-settings-not-a-mapping": (["date: 2018-10-30", "myst: 5"], 4, "front matter myst: 'myst' key not a dict"),
    "myst-setting-out-of-range": (["date: 2018-10-30", "myst:", "  heading_anchors: x"], 4,
                                  "front matter myst: 'heading_anchors' must be in [0, 1, 2, 3, 4, 5, 6, 7] (got 'x')"),
    "myst-setting-unknown": (["date: 2018-10-30", "myst: {anchors: 2}"], 4, "front matter myst: Unknown field: anchors"),
    "html-meta-not-a-mapping": (["date: 2018-10-30", "html_meta: 5"], 4, "front matter html_meta: 'html_meta' must be of type"),
    "not-valid-yaml": (["date: [2018-10-30", "tags: a"], 4, "front matter is not valid YAML"),
}  # fmt: skip


@pytest.mark.parametrize("case", sorted(BAD_FRONT_MATTER))
def test_bad_front_matter_is_one_error_at_the_key_line(make_app, copy_root, case):
    lines, line, message = BAD_FRONT_MATTER[case]
    app = make_app(
        "html", srcdir=copy_root("blog", {"posts/bad.md": post_with_front_matter(*lines)})
    )
    app.build()
    warnings = plain_warnings(app).strip().splitlines()
    assert len(warnings) == 1, warnings
    assert f"posts/bad.md:{line}: ERROR: {message}" in warnings[0]
    assert warnings[0].endswith("[sitekit.front-matter]")
    assert app.statuscode == 1


# Front matter that is not 'key: value' lines at all, on any Markdown page.
BAD_FRONT_MATTER_BLOCKS = {
    "a-list": ("---\n- a\n- b\n---\n", 2, "front matter is a list; write one 'key: value' per line"),
    "a-single-value": ("---\njust words\n---\n", 2, "front matter is a single value; write one 'key: value' per line"),
    "empty": ("---\n---\n", 1, "front matter is empty; write 'key: value' lines in it, or delete its --- lines"),
    "never-closed": ("---\ntitle: a\n", 1, "front matter opened with --- is never closed"),
    "blogpost-false": ("---\nblogpost: false\ndate: 2018-10-30\n---\n", 2,
                       "post blogpost: false still makes this page a post (ablog only looks for the key); delete the line"),
    "page-not-a-post": ("---\ndate: 2018-13-45\n---\n", 2,
                        "front matter date 2018-13-45 is not a date (month must be in 1..12)"),
}  # fmt: skip


@pytest.mark.parametrize("case", sorted(BAD_FRONT_MATTER_BLOCKS))
def test_a_front_matter_block_that_cannot_be_read_is_one_error(make_app, copy_root, case):
    block, line, message = BAD_FRONT_MATTER_BLOCKS[case]
    page = block + "\n# A page\n\nText.\n"
    app = make_app("html", srcdir=copy_root("blog", {"notes.md": page}))
    app.build()
    warnings = plain_warnings(app).strip().splitlines()
    assert len(warnings) == 1, warnings
    assert f"notes.md:{line}: ERROR: {message}" in warnings[0]
    assert app.statuscode == 1


GOOD_FRONT_MATTER = {
    "date": ["date: 2018-10-30"],
    "quoted-date": ['date: "2018-10-30"'],
    "tags-as-a-list": ["date: 2018-10-30", "tags: [news, pypi]"],
    "names-on-one-line": ["date: 2018-10-30", "tags: news, pypi", "author: Jane, John", "category: News"],
    "counts": ["date: 2018-10-30", "image: 1", "excerpt: 2"],
    "flag": ["date: 2018-10-30", 'nocomments: ""'],
    "links": ["date: 2018-10-30", "external_link: https://elsewhere.example/post", "canonical_link: mailto:a@example.org"],
    "redirects": ["date: 2018-10-30", "redirect: 2017/05/old-name, blog/older_name"],
    "myst-settings": ["date: 2018-10-30", "myst:", "  heading_anchors: 2"],
    "other-keys-any-value": ["date: 2018-10-30", "extra: {a: [1, 2018-10-30]}", "2018: a year"],
}  # fmt: skip


# ablog 0.11.13 reads a MyST post's front matter through an attribute Sphinx deprecates.
@pytest.mark.filterwarnings("ignore:'ablog.post.CheckFrontMatter.app' is deprecated")
@pytest.mark.parametrize("case", sorted(GOOD_FRONT_MATTER))
def test_good_front_matter_builds_without_warnings(make_app, copy_root, case):
    post = post_with_front_matter(*GOOD_FRONT_MATTER[case])
    app = make_app("html", srcdir=copy_root("blog", {"posts/good-md.md": post}))
    app.build()
    assert plain_warnings(app) == ""
    assert app.statuscode == 0


def test_a_rest_page_may_open_with_an_overlined_title(make_app, copy_root):
    """Only Markdown has front matter: a reST title over- and underlined with --- is a title."""
    page = "---\n{a\n---\n\n.. post:: 2018-10-30\n\nText.\n"
    app = make_app("html", srcdir=copy_root("blog", {"posts/overlined.rst": page}))
    app.build()
    assert plain_warnings(app) == ""


def test_a_bad_post_stays_an_error_in_an_incremental_build(make_app, copy_root):
    path, text, line, _ = BAD_POSTS["date"]
    source = copy_root("blog", {path: text})
    make_app("html", srcdir=source).build()
    again = make_app("html", srcdir=source)
    again.build()
    assert f"{path}:{line}: ERROR: post date" in plain_warnings(again)
    assert again.statuscode == 1


def test_a_bad_post_read_by_a_parallel_worker_stays_an_error(make_app, copy_root):
    """Which posts are bad is merged from each -j worker, and kept for the next build."""
    path, text, line, _ = BAD_POSTS["date"]
    more = {
        f"posts/more-{n}.rst": f".. post:: 2018-10-30\n\nMore {n}\n=======\n\nText.\n"
        for n in range(8)
    }
    source = copy_root("blog", {path: text, **more})
    first = make_app("html", srcdir=source, parallel=2)
    first.build()
    assert first.statuscode == 1
    again = make_app("html", srcdir=source, parallel=2)
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


# What a line above `.. post::` gives its node (ablog crashed: 'Losing "ids" attribute').

MARKED_POSTS = {
    "label-above": ".. _marked:\n\n.. post:: 2018-10-30\n\nMarked\n======\n\nText.\n",
    "label-in-section": "Marked\n======\n\n.. _marked:\n\n.. post:: 2018-10-30\n\nText.\n",
    "label-above-excerpt": (
        "Marked\n======\n\n.. _marked:\n\n.. post:: 2018-10-30\n\n   The excerpt.\n\nText.\n"
    ),
    "class-above": ".. rst-class:: marked\n\n.. post:: 2018-10-30\n\nMarked\n======\n\nText.\n",
}


@pytest.mark.parametrize("case", sorted(MARKED_POSTS))
def test_a_label_or_class_above_the_post_directive_marks_the_post(make_app, copy_root, case):
    linking = ":orphan:\n\nLinks\n=====\n\nSee :ref:`the marked post <marked>`.\n"
    files = {"posts/marked.rst": MARKED_POSTS[case], "links.rst": linking}
    app = make_app("html", srcdir=copy_root("blog", files))
    app.build()
    assert plain_warnings(app) == "" and app.statuscode == 0
    page = BeautifulSoup((app.outdir / "posts/marked.html").read_text(), "html.parser")
    if case.startswith("class"):
        assert page.select(".marked")
        return
    assert page.find(id="marked") is not None
    links = BeautifulSoup((app.outdir / "links.html").read_text(), "html.parser")
    assert links.find("a", string="the marked post")["href"] == "posts/marked.html#marked"


@pytest.mark.parametrize(("case", "reads"), [("good", 0), ("date", 1)])
def test_a_posts_file_is_read_again_only_to_place_a_problem(
    make_app, copy_root, monkeypatch, case, reads
):
    """Finding a bad value's line means reading the file again; a good post needs none."""
    from sitekit import ablog_guard

    read: list[str] = []
    original = ablog_guard.source_text
    monkeypatch.setattr(
        ablog_guard, "source_text", lambda env, path: read.append(path) or original(env, path)
    )
    good = ".. post:: 2018-10-30\n   :tags: one\n\nGood\n====\n\nText.\n"
    files = {"posts/checked.rst": good if case == "good" else BAD_POSTS[case][1]}
    make_app("html", srcdir=copy_root("blog", files)).build()
    assert len([path for path in read if path.endswith("checked.rst")]) == reads
