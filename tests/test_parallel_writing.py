"""sitekit.parallel_writing: with -j N, N processes write pages (Sphinx forks N - 1)."""

from __future__ import annotations

import pytest
from sphinx.util import parallel

NOW = "2018-11-06T12:00Z"
POSTS = {
    f"posts/p{number}.rst": f".. post:: 2018-10-{number + 1:02d}\n\nPost {number}\n=======\n\nText.\n"
    for number in range(12)
}


@pytest.fixture
def writers(monkeypatch) -> list[int]:
    """The number of processes of each set of parallel tasks, in the order they start."""
    sizes: list[int] = []
    original = parallel.ParallelTasks.__init__

    def init(self, nproc: int) -> None:
        sizes.append(nproc)
        original(self, nproc)

    monkeypatch.setattr(parallel.ParallelTasks, "__init__", init)
    return sizes


@pytest.mark.parametrize("jobs", [2, 3])
def test_every_core_writes(build_root, writers, jobs):
    app = build_root(NOW, root="test-blog", files=POSTS, parallel=jobs)
    assert app.statuscode == 0
    assert jobs in writers[1:]  # after reading's own tasks, writing's
    assert jobs - 1 not in writers


def test_the_slow_path_writes_as_sphinx_does(build_root, writers):
    build_root(
        NOW, root="test-blog", files=POSTS, parallel=2, confoverrides={"sitekit_fast_ablog": False}
    )
    assert 1 in writers
