"""Two builds of the site on different machines publish byte-identical trees."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import build_site, copy_site, differing, files


@pytest.fixture(scope="module")
def builds(tmp_path_factory) -> tuple[Path, Path]:
    """The same sources in two folders, built in two time zones."""
    first = tmp_path_factory.mktemp("first")
    second = tmp_path_factory.mktemp("second") / "deeper"
    return (
        build_site(copy_site(first), first, TZ="UTC"),
        build_site(copy_site(second), second, TZ="America/New_York"),
    )


def test_same_files(builds):
    one, two = builds
    assert files(one) == files(two)


def test_same_bytes(builds):
    assert differing(*builds) == []


def test_the_comparison_covers_what_is_published(builds):
    names = set(files(builds[0]))
    for published in [
        "index.html",
        "searchindex.js",
        "blog/atom.xml",
        "sitemap.xml",
        "calls.ics",
        "calls.json",
        ".nojekyll",
        "404.html",
    ]:
        assert published in names


def test_a_difference_would_be_seen(builds, tmp_path):
    one, _ = builds
    changed = tmp_path / "changed"
    shutil.copytree(one, changed)
    feed = changed / "blog" / "atom.xml"
    feed.write_bytes(feed.read_bytes().replace(b"+00:00", b"-05:00", 1))
    assert differing(one, changed) == ["blog/atom.xml"]
