"""sitekit.title_links: a page whose links show another page's title is written again
when that title changes, as a full build would write it."""

from __future__ import annotations

from pathlib import Path

import pytest
from sphinx import addnodes

from sitekit.title_links import link_targets

NOW = "2018-11-06T12:00Z"
TARGET = "target.rst"
TITLED = ".. _target-section:\n\n{title}\n{rule}\n\n{text}\n"
LINKERS = {
    "by-doc.rst": "By doc\n======\n\nSee :doc:`target`.\n",
    "by-ref.rst": "By ref\n======\n\nSee :ref:`target-section`.\n",
    "by-myst-role.md": "# By MyST role\n\nSee {doc}`target`.\n",
}
TITLED_LINK = {"titled-link.rst": "Titled\n======\n\nSee :doc:`its own words <target>`.\n"}


def target(title: str, text: str = "The page linked.") -> dict[str, str]:
    return {TARGET: TITLED.format(title=title, rule="=" * len(title), text=text)}


def page(app, name: str) -> Path:
    return Path(app.outdir) / f"{name.rsplit('.', 1)[0]}.html"


@pytest.mark.parametrize("parallel", [0, 2])
def test_every_untitled_link_shows_the_new_title(build_root, parallel):
    files = {**target("First name"), **LINKERS, **TITLED_LINK}
    app = build_root(NOW, root="test-blog", files=files, parallel=parallel)
    for name in LINKERS:
        assert "First name" in page(app, name).read_text(encoding="utf-8"), name
    app = build_root(NOW, root="test-blog", files=target("Second name"), fresh=False)
    assert app.statuscode == 0
    for name in LINKERS:
        shown = page(app, name).read_text(encoding="utf-8")
        assert "Second name" in shown and "First name" not in shown, name


def test_pages_whose_links_show_the_same_are_left_alone(build_root):
    """The linked page read again with the same title; and a link with its own text."""
    app = build_root(NOW, root="test-blog", files={**target("Name"), **LINKERS, **TITLED_LINK})
    before = {name: page(app, name).stat().st_mtime_ns for name in [*LINKERS, *TITLED_LINK]}
    app = build_root(NOW, root="test-blog", files=target("Name", "New text."), fresh=False)
    assert "New text." in page(app, TARGET).read_text(encoding="utf-8")
    after = {name: page(app, name).stat().st_mtime_ns for name in before}
    assert after == before
    app = build_root(NOW, root="test-blog", files=target("Other name"), fresh=False)
    rewritten = {name for name in before if page(app, name).stat().st_mtime_ns != before[name]}
    assert rewritten == set(LINKERS)


@pytest.mark.parametrize(
    ("kind", "reftarget", "expected"),
    [
        ("doc", "target", [("doc", "target")]),
        ("doc", "/posts/good", [("doc", "posts/good")]),
        ("myst", "target.rst", [("doc", "target")]),
        ("myst", "#Target-Section", [("label", "target-section")]),
        ("myst", "nowhere.md", [("doc", "nowhere")]),  # a page that may come
        ("any", "target", []),
    ],
)
def test_what_an_untitled_link_takes_its_text_from(build_root, kind, reftarget, expected):
    app = build_root(NOW, root="test-blog", files=target("Name"))
    xref = addnodes.pending_xref("", reftype=kind, reftarget=reftarget, refdoc="index")
    assert link_targets(app.env, xref, "index") == expected


def test_a_link_to_a_removed_page_is_reported_where_it_stands(build_root):
    """Before, the linking page kept its dead link until a full build, silently."""
    from tests.conftest import plain_warnings

    app = build_root(NOW, root="test-blog", files={**target("Name"), **LINKERS})
    (Path(app.srcdir) / TARGET).unlink()
    app = build_root(NOW, root="test-blog", fresh=False)
    assert "by-doc.rst:4: WARNING: unknown document: 'target'" in plain_warnings(app)
