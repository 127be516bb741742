"""Two builds of the site on different machines publish byte-identical trees."""

from __future__ import annotations

import filecmp
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

NOT_SOURCES = shutil.ignore_patterns(
    ".git", ".venv", "_build", "bench", "tests", "docs", "*.egg-info", "__pycache__", ".*cache"
)


def build_copy(place: Path, zone: str, *options: str) -> Path:
    """Copy the project to `place` and build it there as the README does, in time zone `zone`."""
    source = place / "clone"
    shutil.copytree(REPO, source, ignore=NOT_SOURCES)
    environ = {key: value for key, value in os.environ.items() if key != "SITE_URL"}
    environ |= {"SOURCE_DATE_EPOCH": "1541505600", "TZ": zone}
    command = [sys.executable, "-m", "sphinx", "-W", "-q", "-b", "html", *options]
    result = subprocess.run(
        [*command, "-d", str(place / "doctrees"), str(source), str(place / "html")],
        env=environ,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return place / "html"


def tree(root: Path) -> list[str]:
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())


def differing(one: Path, two: Path) -> list[str]:
    return [name for name in tree(one) if not filecmp.cmp(one / name, two / name, shallow=False)]


@pytest.fixture(scope="module")
def builds(tmp_path_factory) -> tuple[Path, Path]:
    one = build_copy(tmp_path_factory.mktemp("first"), "UTC")
    two = build_copy(tmp_path_factory.mktemp("second") / "deeper", "America/New_York")
    return one, two


def test_same_files(builds):
    one, two = builds
    assert tree(one) == tree(two)


def test_same_bytes(builds):
    assert differing(*builds) == []


def test_the_comparison_covers_what_is_published(builds):
    names = set(tree(builds[0]))
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
