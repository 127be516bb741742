"""sitekit.lean_workers: a -j reader sends back the records of the pages it read, and
the main process merges the same site (tests/test_fast_ablog.py compares every byte)."""

from __future__ import annotations

import pytest
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util.parallel import ParallelTasks

from sitekit import internals

NOW = "2018-11-06T12:00Z"
POSTS = {
    f"posts/p{number}.rst": (
        f".. post:: 2018-{number % 9 + 1:02d}-01\n   :tags: topic{number}\n\n"
        f".. _label-{number}:\n\nPost {number}\n=======\n\nText.\n"
    )
    for number in range(40)
}


@pytest.fixture
def merges(monkeypatch) -> list[tuple[set[str], BuildEnvironment]]:
    """Each chunk the main process merged: its pages, and the environment it was sent."""
    seen: list[tuple[set[str], BuildEnvironment]] = []
    original = Sphinx._init_builder

    def init_builder(app: Sphinx) -> None:
        app.connect("env-merge-info", lambda app, env, docs, other: seen.append((set(docs), other)))
        original(app)

    monkeypatch.setattr(Sphinx, "_init_builder", init_builder)
    return seen


def test_each_reader_sends_only_the_pages_it_read(build_root, merges):
    app = build_root(NOW, root="test-blog", files=POSTS, parallel=2)
    assert len(merges) >= 3  # the later chunks are forked from a main process holding more
    for pages, sent in merges:
        for records in (sent.all_docs, sent.titles, sent.tocs, sent.metadata, sent.ablog_posts):
            assert set(records) <= pages
        labels = sent.domaindata["std"]["labels"]
        assert {entry[0] for entry in labels.values()} <= pages
        assert set(sent.domaindata["index"]["entries"]) <= pages
        assert set(sent.domaindata["sitekit"]["blogger"]) <= pages
    merged = app.env
    assert set(merged.titles) == set(merged.found_docs)
    assert len(merged.ablog_posts) == len(POSTS) + 1  # the root's own post too
    assert {f"label-{number}" for number in range(40)} <= set(merged.domaindata["std"]["labels"])


def test_the_slow_path_sends_everything(build_root, merges, monkeypatch):
    """Sphinx forks each later chunk once the earlier ones are merged (the fast path's
    workers, sitekit.prompt_workers, may fork before, and are put back here)."""
    for name in ("join", "_join_one"):
        monkeypatch.setattr(ParallelTasks, name, internals.original(ParallelTasks, name))
    build_root(
        NOW, root="test-blog", files=POSTS, parallel=2, confoverrides={"sitekit_fast_ablog": False}
    )
    assert any(not set(sent.titles) <= pages for pages, sent in merges)
