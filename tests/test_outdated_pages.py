"""sitekit's check for the pages changed since the last build finds what Sphinx's finds."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from sphinx.environment import BuildEnvironment

from sitekit import internals
from sitekit.outdated_pages import get_outdated_files

PAGE = "A page\n======\n\nSome text.\n"
FILES = {"posts/other.rst": PAGE, "notes/deep/page.md": "# A page\n\nSome text.\n"}
LATER = 4_000_000_000  # 2096: newer than any build


def later(path: Path) -> None:
    os.utime(path, (LATER, LATER))


def depends_on(path: Path, make: Callable[[Path], None] | None) -> Callable:
    def change(source: Path, doctrees: Path, env: BuildEnvironment) -> None:
        if make:
            make(source / path)
        env.dependencies["posts/good"].add(source / path)

    return change


# Each row: what changes after the first build, and the pages Sphinx then finds changed.
CHANGES = {
    "nothing": (lambda source, doctrees, env: None, set()),
    "a newer source": (
        lambda source, doctrees, env: later(source / "posts/good.rst"),
        {"posts/good"},
    ),
    "an older source": (
        lambda source, doctrees, env: os.utime(source / "posts/good.rst", (1, 1)),
        set(),
    ),
    "a newer source in a deep folder": (
        lambda source, doctrees, env: later(source / "notes/deep/page.md"),
        {"notes/deep/page"},
    ),
    "a doctree gone": (
        lambda source, doctrees, env: (doctrees / "posts/other.doctree").unlink(),
        {"posts/other"},
    ),
    "a doctree's folder gone": (
        lambda source, doctrees, env: shutil.rmtree(doctrees / "notes"),
        {"notes/deep/page"},
    ),
    "a doctree that is a folder": (
        lambda source, doctrees, env: (
            (doctrees / "posts/other.doctree").unlink(),
            (doctrees / "posts/other.doctree").mkdir(),
        ),
        {"posts/other"},
    ),
    "a page read always": (
        lambda source, doctrees, env: env.reread_always.add("posts/other"),
        {"posts/other"},
    ),
    "an unchanged dependency": (
        depends_on(Path("data.txt"), lambda path: (path.write_text("x"), os.utime(path, (1, 1)))),
        set(),
    ),
    "a newer dependency": (
        depends_on(Path("data.txt"), lambda path: (path.write_text("x"), later(path))),
        {"posts/good"},
    ),
    "a missing dependency": (depends_on(Path("gone.txt"), None), {"posts/good"}),
    "a dependency that is a folder": (
        depends_on(Path("folder"), lambda path: (path.mkdir(), os.utime(path, (1, 1)))),
        {"posts/good"},
    ),
}


@pytest.fixture
def built(make_app, copy_root):
    """A built blog, and a fresh application on it, as the next build starts."""
    source = copy_root("blog", FILES)
    make_app("html", srcdir=source).build()
    os.utime(source / "posts/good.rst", (1_000_000_000, 1_000_000_000))  # 2001
    make_app("html", srcdir=source, freshenv=True).build()  # read at its older time

    def next_build(change: Callable) -> BuildEnvironment:
        app = make_app("html", srcdir=source)
        change(source, Path(app.doctreedir), app.env)
        app.env.find_files(app.config, app.builder)
        return app.env

    return source, next_build


@pytest.mark.parametrize(("change", "changed"), CHANGES.values(), ids=CHANGES.keys())
def test_the_same_pages_as_sphinx(built, change, changed):
    _, next_build = built
    env = next_build(change)
    sphinx_own = internals.original(BuildEnvironment, "get_outdated_files")
    assert get_outdated_files(env, False) == sphinx_own(env, False) == (set(), changed, set())


def test_pages_added_and_removed(built):
    source, next_build = built
    (source / "posts/new.rst").write_text(PAGE, encoding="utf-8")
    (source / "posts/other.rst").unlink()
    env = next_build(lambda source, doctrees, env: None)
    sphinx_own = internals.original(BuildEnvironment, "get_outdated_files")
    expected = ({"posts/new"}, set(), {"posts/other"})
    assert get_outdated_files(env, False) == sphinx_own(env, False) == expected


def test_a_changed_configuration_reads_every_page(built):
    _, next_build = built
    env = next_build(lambda source, doctrees, env: None)
    added, changed, removed = get_outdated_files(env, True)
    assert added == env.found_docs and changed == removed == set()
