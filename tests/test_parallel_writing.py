"""sitekit.parallel_writing: with -j N, N processes write pages (Sphinx forks N - 1), and
a few pages are written in the main process."""

from __future__ import annotations

import sys

import pytest
from sphinx.util import parallel

NOW = "2018-11-06T12:00Z"
POSTS = {
    f"posts/p{number}.rst": f".. post:: 2018-10-{number + 1:02d}\n\nPost {number}\n=======\n\nText.\n"
    for number in range(30)
}


@pytest.fixture
def writers(monkeypatch) -> list[int]:
    """How many processes each set of Sphinx's parallel writing tasks forks (reading's,
    and the generated pages', left out)."""
    sizes: list[int] = []
    original = parallel.ParallelTasks.__init__

    def init(self, nproc: int) -> None:
        if sys._getframe(1).f_code.co_name in {"_write_parallel", "write_resolving_in_writers"}:
            sizes.append(nproc)
        original(self, nproc)

    monkeypatch.setattr(parallel.ParallelTasks, "__init__", init)
    return sizes


@pytest.mark.parametrize("jobs", [2, 3])
def test_every_core_writes(build_root, writers, jobs):
    app = build_root(NOW, root="test-blog", files=POSTS, parallel=jobs)
    assert app.statuscode == 0
    assert writers == [jobs]


def test_the_slow_path_writes_as_sphinx_does(build_root, writers):
    build_root(
        NOW, root="test-blog", files=POSTS, parallel=2, confoverrides={"sitekit_fast_ablog": False}
    )
    assert writers == [1]


def test_a_few_pages_are_written_without_forking(build_root, writers):
    build_root(NOW, root="test-blog", files=POSTS, parallel=2)
    writers.clear()
    edited = {"posts/p3.rst": POSTS["posts/p3.rst"] + "More.\n"}
    app = build_root(NOW, root="test-blog", files=edited, fresh=False, parallel=2)
    assert app.statuscode == 0
    assert writers == []  # no page written in a forked process
