"""sitekit.resolving_writers: with -j N, the writers load and resolve their own pages and
send back their images and search index entries; the site is the same as with -j 1."""

from __future__ import annotations

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


def test_the_main_process_resolves_only_the_first_page(build, resolved_here):
    app = build(2)
    written = len(app.env.found_docs)
    assert written > 30
    assert resolved_here == ["index"]  # the first page, which warms the templates up


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
