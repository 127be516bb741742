"""A page's file as Sphinx's builders name it, and which files are there."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from sitekit.output_files import existing_files, output_file

PAGES = ["index", "posts/2019/01/rfi", "blog/tag/python", "blog/archive", "a/b/index"]


@pytest.mark.parametrize("builder", ["html", "dirhtml", "singlehtml"])
def test_output_file_is_the_builders_own_name_for_it(make_app, copy_root, builder):
    app = make_app(builder, srcdir=copy_root("blog"))
    for page in PAGES:
        assert output_file(app.builder, page) == os.fspath(app.builder.get_outfilename(page))


def test_existing_files_are_the_files_among_the_paths(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "page.html").write_text("x")
    (tmp_path / "a" / "folder.html").mkdir()  # a folder is no page
    (tmp_path / "top.html").write_text("x")
    (tmp_path / "link.html").symlink_to(tmp_path / "top.html")
    (tmp_path / "broken.html").symlink_to(tmp_path / "gone.html")
    names = ["a/page.html", "a/folder.html", "a/missing.html", "top.html", "link.html"]
    names += ["broken.html", "no-folder/page.html"]
    wanted = {name: str(tmp_path / name) for name in names}
    found = existing_files(wanted.values())
    assert found == {path for path in wanted.values() if Path(path).is_file()}
    assert found == {wanted["a/page.html"], wanted["top.html"], wanted["link.html"]}
