"""The fast site is the same site: sitekit's speed work changes no byte of the output.

Built on the real site plus a small synthetic archive (bench/synthetic.py), with every
post published (the clock is after the last post).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from bench.synthetic import edit_one_post, write_archive
from tests.conftest import build_site, copy_site, differing, files, soup

AFTER_ALL_POSTS = "1735776000"  # 2025-01-02
POSTS = 24


def build(source: Path, out: Path, *options: str) -> Path:
    return build_site(source, out, *options, SOURCE_DATE_EPOCH=AFTER_ALL_POSTS)


def search_index(site: Path) -> dict:
    """The search index, less the empty word entries Sphinx leaves after a page is re-indexed."""
    text = (site / "searchindex.js").read_text(encoding="utf-8")
    index = json.loads(text[text.index("(") + 1 : text.rindex(")")])
    for part in ("terms", "titleterms"):
        index[part] = {word: docs for word, docs in index[part].items() if docs != []}
    return index


def same_as_a_full_build(incremental: Path, fresh: Path) -> None:
    """Byte for byte, except Sphinx's own leftovers in the search index (which matches)."""
    assert [name for name in differing(fresh, incremental) if name != "searchindex.js"] == []
    assert search_index(incremental) == search_index(fresh)


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> tuple[Path, list[Path]]:
    place = tmp_path_factory.mktemp("archive")
    source = copy_site(place)
    return source, write_archive(source, POSTS)


@pytest.fixture(scope="module")
def fast(archive, tmp_path_factory) -> Path:
    return build(archive[0], tmp_path_factory.mktemp("fast"))


@pytest.fixture(scope="module")
def slow(archive, tmp_path_factory) -> Path:
    return build(archive[0], tmp_path_factory.mktemp("slow"), "-D", "sitekit_fast_ablog=0")


def test_the_archive_is_in_the_site(fast):
    names = set(files(fast))
    assert len([name for name in names if name.startswith("posts/archive/")]) == POSTS
    assert len([name for name in names if name.startswith("blog/tag/")]) > 20


def test_same_pages_links_archives_and_feed_as_without_the_speed_work(fast, slow):
    assert files(fast) == files(slow)
    assert differing(fast, slow) == []


def test_a_parallel_build_gives_the_same_site(archive, fast, tmp_path):
    assert differing(fast, build(archive[0], tmp_path, "-j", "2")) == []


@pytest.fixture
def built_here(archive, tmp_path) -> tuple[Path, Path]:
    """A copy of the archive's sources, built where it is (a later build is incremental)."""
    source = tmp_path / "source"
    shutil.copytree(archive[0], source)
    out = tmp_path / "incremental"
    build(source, out)
    return source, out


def test_incremental_builds_give_the_site_a_full_build_gives(built_here, fast, tmp_path):
    source, out = built_here
    build(source, out)  # no-op
    assert differing(fast, out / "html") == []
    posts = sorted(source.glob("posts/archive/**/*.*"))
    edit_one_post(posts)
    incremental = build(source, out)
    same_as_a_full_build(incremental, build(source, tmp_path / "fresh"))
    assert differing(fast, incremental) != []  # the edit did reach the site


def test_a_new_title_reaches_every_page_that_shows_it(built_here, tmp_path):
    source, out = built_here
    post = sorted(source.glob("posts/archive/**/*.rst"))[POSTS // 3]
    older, newer = neighbours(out / "html", post.relative_to(source).with_suffix(".html"))
    lines = post.read_text(encoding="utf-8").splitlines()
    heading = next(n for n, line in enumerate(lines) if line and set(line) == {"="}) - 1
    lines[heading : heading + 2] = ["A renamed post", "=============="]
    post.write_text("\n".join(lines) + "\n", encoding="utf-8")
    incremental = build(source, out)
    same_as_a_full_build(incremental, build(source, tmp_path / "fresh"))
    for page in (f"blog/{post.parent.name}.html", older, newer):  # its year, its neighbours
        assert "A renamed post" in (incremental / page).read_text(encoding="utf-8"), page


def test_a_new_excerpt_reaches_every_page_that_shows_it(built_here, tmp_path):
    """Generated pages are rewritten when a post they list changed its excerpt (the
    excerpt's digest is taken as the post is read)."""
    source, out = built_here
    post = sorted(source.glob("posts/archive/**/*.rst"))[POSTS // 2]
    text = post.read_text(encoding="utf-8")
    assert "originally posted" in text  # its first paragraph, its excerpt here
    post.write_text(text.replace("originally posted", "Zanzibarish posted", 1), encoding="utf-8")
    incremental = build(source, out)
    same_as_a_full_build(incremental, build(source, tmp_path / "fresh"))
    blog = (incremental / "blog").rglob("*.html")
    assert [page for page in blog if "Zanzibarish" in page.read_text(encoding="utf-8")]


def neighbours(site: Path, page: Path) -> tuple[str, str]:
    """The pages a post's older and newer links point at, relative to the site."""
    html = soup(site / page)
    links = [html.select_one(f"a[rel={rel}]")["href"] for rel in ("prev", "next")]
    return tuple(str((page.parent / link).as_posix()) for link in links)  # type: ignore[return-value]


SINGLE_POST = ".. post:: 2018-10-01\n   :tags: one\n\nOne post\n========\n\nIts text.\n"
TWO_POSTS = (
    "Two posts\n=========\n\n"
    "First\n-----\n\n.. post:: 2018-10-02\n\nThe first.\n\n"
    "Second\n------\n\n.. post:: 2018-10-03\n\nThe second.\n"
)


@pytest.fixture
def bodies_copied(monkeypatch) -> list[str]:
    """The class of every page or section deep-copied while the site builds."""
    from docutils import nodes

    copied: list[str] = []
    original = nodes.Element.deepcopy

    def deepcopy(node):
        if isinstance(node, (nodes.document, nodes.section)):
            copied.append(type(node).__name__)
        return original(node)

    monkeypatch.setattr(nodes.Element, "deepcopy", deepcopy)
    return copied


@pytest.mark.parametrize("fast", [True, False])
def test_reading_a_post_copies_no_page_when_the_copy_is_dropped(build_root, bodies_copied, fast):
    """ablog copies each post's page (or section) into its record; the fast path drops
    that copy, so it is never made. The site is the same (the tests above)."""
    app = build_root(
        "2018-11-06T12:00Z",
        root="test-blog",
        files={"posts/single.rst": SINGLE_POST, "posts/two.rst": TWO_POSTS},
        confoverrides={"sitekit_fast_ablog": fast},
    )
    assert app.statuscode == 0
    posts = app.env.ablog_posts
    assert [info["title"] for info in posts["posts/two"]] == ["First", "Second"]
    if fast:
        assert bodies_copied == []
        assert all(info["doctree"] is None for infos in posts.values() for info in infos)
        assert not any(
            "deepcopy" in vars(node) for node in app.env.get_doctree("posts/two").findall()
        )
    else:
        assert {"document", "section"} <= set(bodies_copied)


def excerpt_of(*texts: str) -> list:
    from docutils import nodes

    return [nodes.paragraph("", "", nodes.Text(text)) for text in texts]


def test_an_excerpt_is_made_nodes_again_only_when_asked_for():
    import pickle

    from docutils import nodes

    from sitekit.fast_ablog import KeptExcerpt

    excerpt = excerpt_of("One.", "Two.")
    loaded = pickle.loads(pickle.dumps(KeptExcerpt(excerpt)))
    assert loaded._nodes is None  # as the environment is loaded: still pickled
    assert not loaded.may_hold(nodes.reference)
    assert loaded.may_hold(nodes.paragraph)
    assert [node.pformat() for node in loaded.nodes()] == [node.pformat() for node in excerpt]
    assert loaded.may_hold(nodes.reference)  # made nodes: no longer known from its pickle


def test_the_record_and_the_post_share_one_excerpt():
    """ablog's Post reads its excerpt from the record; a change to the record's nodes
    (sitekit.excerpts titles untitled links after reading) shows in the post's."""
    import pickle

    import ablog.blog
    from docutils import nodes

    from sitekit import fast_ablog

    ablog.blog.Post.excerpt = fast_ablog.EXCERPT  # as fast_ablog's setup does
    info = {"excerpt": pickle.loads(pickle.dumps(fast_ablog.KeptExcerpt(excerpt_of("Old."))))}
    post = object.__new__(ablog.blog.Post)
    post.excerpt = info["excerpt"]  # what Post.__init__ does
    [paragraph] = fast_ablog.excerpt_holding(info, nodes.paragraph)
    paragraph[0] = nodes.Text("New.")
    assert [node.astext() for node in post.excerpt] == ["New."]
    again = pickle.loads(pickle.dumps(info["excerpt"]))  # the next build's
    assert fast_ablog.excerpt_holding({"excerpt": again}, nodes.reference) is None
    assert [node.astext() for node in again.nodes()] == ["New."]


@pytest.mark.parametrize(
    ("link", "label"),
    [(":doc:`{page}`", ""), (":ref:`renamed-section`", ".. _renamed-section:\n\n")],
    ids=["doc", "ref"],
)
def test_a_linked_pages_new_title_reaches_every_list_showing_the_link(
    built_here, tmp_path, link, label
):
    """A post's excerpt links another page without a title of its own; the other page
    is renamed. Pages listing the post show the new title, as a full build does, though
    the linking post itself was not read again."""
    source, out = built_here
    posts = sorted(source.glob("posts/archive/**/*.rst"))
    target, linking = posts[3], posts[10]
    page = "/" + target.relative_to(source).with_suffix("").as_posix()
    lines = linking.read_text(encoding="utf-8").splitlines()
    first = next(n for n, line in enumerate(lines) if "originally posted" in line)
    lines[first] = f"See {link.format(page=page)} first. {lines[first]}"  # into its excerpt
    linking.write_text("\n".join(lines) + "\n", encoding="utf-8")
    lines = target.read_text(encoding="utf-8").splitlines()
    heading = next(n for n, line in enumerate(lines) if line and set(line) == {"="}) - 1
    lines[heading:heading] = [label] if label else []
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    build(source, out)
    lines = target.read_text(encoding="utf-8").splitlines()
    heading = next(n for n, line in enumerate(lines) if line and set(line) == {"="}) - 1
    lines[heading : heading + 2] = ["Quuxly renamed", "=============="]
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    incremental = build(source, out)
    fresh = build(source, tmp_path / "fresh")
    same_as_a_full_build(incremental, fresh)  # the linking post's own page too (title_links)
    lists = (incremental / "blog").rglob("*.html")
    assert [page for page in lists if "Quuxly renamed" in page.read_text(encoding="utf-8")]
