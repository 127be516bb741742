"""sitekit.resolving_writers: with -j N, the writers load and resolve their own pages and
send back their images and search index entries; the site is the same as with -j 1."""

from __future__ import annotations

import os
import shutil

import pytest
from sphinx.environment import BuildEnvironment

from tests.conftest import REPO, copy_test_root, differing, files, pages_handled_here

NOW = "2018-11-06T12:00Z"
PICTURE = REPO / "_static" / "site-card.png"


def post(number: int) -> str:
    return (
        f".. post:: 2018-10-{number + 1:02d}\n\nPost {number}\n=======\n\n"
        f"Word{number} and a picture.\n\n.. image:: ../pictures/p{number}.png\n   :alt: P{number}\n"
    )


POSTS = {f"posts/p{number}.rst": post(number) for number in range(30)}


@pytest.fixture
def resolved_here(monkeypatch) -> list[str]:
    """The pages whose doctrees the main process resolved."""
    return pages_handled_here(monkeypatch, BuildEnvironment, "get_and_resolve_doctree")


@pytest.fixture
def build(make_app, tmp_path):
    """The posts and their pictures, built with ``parallel`` processes."""

    def run(parallel: int, **confoverrides: object):
        source = copy_test_root(tmp_path / f"j{parallel}", "test-blog", POSTS)
        (source / "pictures").mkdir()
        for number in range(30):
            shutil.copy(PICTURE, source / "pictures" / f"p{number}.png")
        app = make_app(
            "html",
            srcdir=source,
            confoverrides={"deadlines_now": NOW, **confoverrides},
            parallel=parallel,
        )
        app.build()
        assert app.statuscode == 0
        return app

    return run


def test_the_main_process_resolves_only_the_first_page_of_each_kind(build, resolved_here):
    app = build(2)
    written = len(app.env.found_docs)
    assert written > 30
    # The first page, and the first of each kind of source: index.md, and the first
    # reST post (its templates are a post's); they warm the writers forked after up.
    assert resolved_here == ["index", "posts/good"]


def test_the_slow_path_resolves_every_page_in_the_main_process(build, resolved_here):
    app = build(2, sitekit_fast_ablog=False)
    assert sorted(resolved_here) == sorted(app.env.found_docs)


def test_pages_written_in_writers_give_the_site_one_process_gives(build):
    two = build(2).outdir
    one = build(0).outdir
    assert [name for name in files(two) if name.startswith("_images/")] == sorted(
        f"_images/p{number}.png" for number in range(30)
    )
    assert differing(one, two) == []
    assert files(one) == files(two)


# -- The excerpts the blog's lists show -----------------------------------------------


def excerpt_post(number: int) -> str:
    """Post 0's excerpt links another post: its HTML depends on the page that shows it."""
    link = " See :doc:`p1`." if number == 0 else ""
    return (
        f".. post:: 2018-10-{number + 1:02d}\n   :tags: topic{number % 3}\n\n"
        f"Post {number}\n=======\n\nWord{number} opens the post.{link}\n"
    )


@pytest.fixture
def renderings(monkeypatch, tmp_path):
    """Each rendering of an excerpt as the lists show it, in whichever process: "pid post
    page" lines in a file. (The feed's, with absolute image addresses, are not noted.)"""
    from sitekit import fast_ablog

    record = tmp_path / "excerpts.txt"
    original = fast_ablog.excerpt_html

    def noted(post, pagename, fulltext=False, drop_h1=True, img_url=False):
        if not (fulltext or img_url):
            with record.open("a", encoding="utf-8") as file:
                file.write(f"{os.getpid()} {post.docname} {pagename}\n")
        return original(post, pagename, fulltext, drop_h1, img_url)

    monkeypatch.setattr(fast_ablog, "excerpt_html", noted)
    return lambda: [line.split() for line in record.read_text(encoding="utf-8").splitlines()]


def test_each_excerpt_is_rendered_once_by_its_posts_writer(build_root, renderings):
    """Each writer renders its posts' excerpts and sends them back; the lists' writers,
    every core, inherit them instead of each rendering nearly every one again."""
    posts = {f"posts/p{number}.rst": excerpt_post(number) for number in range(30)}
    app = build_root(NOW, root="test-blog", files=posts, parallel=2)
    assert app.statuscode == 0
    by_post: dict[str, list[tuple[int, str]]] = {}
    for pid, post, page in renderings():
        by_post.setdefault(post, []).append((int(pid), page))
    assert {f"posts/p{number}" for number in range(30)} <= set(by_post)
    for number in range(1, 30):
        ((pid, page),) = by_post[f"posts/p{number}"]  # once, where its post was written
        assert page == f"posts/p{number}" and pid != os.getpid()
    # The excerpt whose link depends on the page: rendered for the lists' folders only.
    linked = by_post["posts/p0"]
    assert linked and all(page.startswith("blog") for _, page in linked)
    assert "See" in (app.outdir / "blog" / "tag" / "topic0.html").read_text(encoding="utf-8")
