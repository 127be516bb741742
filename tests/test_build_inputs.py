"""sitekit.build_inputs: what the runner's record says a build was made from."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from sitekit.build_inputs import _left_out, source_tree


def test_the_source_tree_is_every_file_sphinx_could_read(tmp_path: Path):
    for relative in [
        "conf.py", "index.md", "posts/2018/a.rst", "_templates/layout.html", "notes/skip.md",
        ".git/HEAD", "sitekit/__pycache__/x.pyc", "_build/html/index.html", ".hidden.md",
    ]:  # fmt: skip
        (tmp_path / relative).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / relative).write_text("x")
    app = SimpleNamespace(
        srcdir=tmp_path,
        outdir=tmp_path / "_build" / "html",
        doctreedir=tmp_path / "_build" / "doctrees",
        config=SimpleNamespace(exclude_patterns=["notes"]),
    )
    files, folders = source_tree(app)
    assert sorted(Path(path).relative_to(tmp_path).as_posix() for path in files) == [
        "_templates/layout.html", "conf.py", "index.md", "posts/2018/a.rst",
    ]  # fmt: skip
    assert sorted(Path(path).relative_to(tmp_path).as_posix() for path in folders) == [
        ".", "_build", "_templates", "posts", "posts/2018", "sitekit",
    ]  # fmt: skip


def test_a_linked_folder_is_walked_as_sphinx_walks_it(tmp_path: Path):
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "deep").mkdir(parents=True)
    (elsewhere / "deep" / "page.md").write_text("x")
    source = tmp_path / "src"
    source.mkdir()
    (source / "linked").symlink_to(elsewhere, target_is_directory=True)
    app = SimpleNamespace(
        srcdir=source,
        outdir=source / "_build" / "html",
        doctreedir=source / "_build" / "doctrees",
        config=SimpleNamespace(exclude_patterns=[]),
    )
    files, folders = source_tree(app)
    assert str(source / "linked" / "deep" / "page.md") in files
    assert str(source / "linked" / "deep") in folders


@pytest.mark.parametrize(
    ("docname", "left_out"),
    [
        ("index", False),
        ("posts/2018/a", False),
        (".hidden/page", True),
        ("posts/.drafts/a", True),
        (".page", True),
        ("a/__pycache__/b", True),
    ],
)
def test_pages_the_walk_leaves_out_are_named_one_by_one(docname, left_out):
    assert _left_out(docname) is left_out
