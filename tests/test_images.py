"""Pictures on the site's pages (sitekit/images.py): each local one with its file's width
and height, every one after a page's first loading lazily, and an image's link to a
local picture (a migrated post's full size) copied into the site with the pictures."""

from __future__ import annotations

import shutil
import struct
import zlib
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from tests.conftest import ROOTS, build_source, plain_warnings, soup

pytestmark = [
    pytest.mark.filterwarnings("ignore:'ablog.post.CheckFrontMatter.app' is deprecated"),
    pytest.mark.filterwarnings(
        r"ignore::sphinx.deprecation.RemovedInSphinx11Warning:sphinxcontrib\."
    ),
]


def png(width: int, height: int, shade: int = 0) -> bytes:
    """A real PNG of one colour: what a test serves or places as a picture."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\x00" + bytes([shade, 128, 255 - shade]) * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


# The pictures in the post's folder of images, by name: their sizes.
PICTURES = {
    "first.png": (40, 30),
    "small.png": (32, 24),
    "large.png": (160, 120),
    "inline.png": (12, 12),
    "sized.png": (50, 10),
    "kept.png": (20, 20),
}
PAGE = "posts/2018/03/pictures"
REMOTE = """\
.. image:: https://images.example.org/remote.png
   :alt: A remote picture

"""
POST = """\
.. post:: 2018-03-01
   :tags: pictures

Pictures
========

.. image:: /posts/images/first.png
   :alt: The first picture

Some words, then a figure linked to its full size.

.. figure:: /posts/images/small.png
   :alt: A small picture
   :target: /posts/images/large.png

   Its caption.

A picture in a line |inline| linked to itself.

.. |inline| image:: ../../images/inline.png
   :alt: Inline
   :target: ../../images/inline.png

{remote}.. image:: /posts/images/sized.png
   :alt: Half as wide as the column
   :width: 50%

.. image:: /posts/images/kept.png
   :alt: Loads at once, as its page says
   :loading: link

.. image:: /posts/images/kept.png
   :alt: A picture linking to a page
   :target: /index.html
""".replace("{remote}", REMOTE)


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The migrated posts' test root, with a post of pictures."""
    source = tmp_path_factory.mktemp("images") / "src"
    shutil.copytree(ROOTS / "test-legacy", source)
    (source / f"{PAGE}.rst").parent.mkdir(parents=True)
    (source / f"{PAGE}.rst").write_text(POST, encoding="utf-8")
    for shade, (name, size) in enumerate(PICTURES.items()):
        (source / "posts/images").mkdir(parents=True, exist_ok=True)
        (source / "posts/images" / name).write_bytes(png(*size, shade=shade * 40))
    return source


@pytest.fixture(scope="module")
def built(source: Path) -> dict[str, Path]:
    """The post's page, as each HTML builder writes it, and the builder's output folder."""
    pages = {}
    for builder, page in [
        ("html", f"{PAGE}.html"),
        ("dirhtml", f"{PAGE}/index.html"),
        ("singlehtml", "index.html"),
    ]:
        app = build_source(source, builder)
        assert plain_warnings(app) == ""
        pages[builder] = Path(app.outdir) / page
    return pages


def images_by_alt(page: Path) -> dict[str, dict[str, str]]:
    return {image["alt"]: image for image in soup(page).select("div.body img, main img")}


def test_each_local_picture_has_its_files_size(built):
    images = images_by_alt(built["html"])
    for alt, name in [
        ("The first picture", "first.png"),
        ("A small picture", "small.png"),
        ("Inline", "inline.png"),
        ("Loads at once, as its page says", "kept.png"),
    ]:
        image = images[alt]
        assert (image.get("width"), image.get("height")) == tuple(map(str, PICTURES[name])), alt
        assert "style" not in image.attrs, alt  # attributes, which CSS may scale with the ratio


def test_a_picture_given_a_size_or_remote_is_not_measured(built):
    images = images_by_alt(built["html"])
    assert "height" not in images["Half as wide as the column"].attrs
    assert images["Half as wide as the column"]["style"] == "width: 50%;"
    remote = images["A remote picture"]
    assert remote["src"] == "https://images.example.org/remote.png"
    assert "width" not in remote.attrs and "height" not in remote.attrs


def test_pictures_after_the_first_load_lazily(built):
    images = list(soup(built["html"]).select("div.body img, main img"))
    assert images[0]["alt"] == "The first picture"
    assert "loading" not in images[0].attrs
    loading = {image["alt"]: image.get("loading") for image in images[1:]}
    assert loading.pop("Loads at once, as its page says") is None  # :loading: link
    assert set(loading.values()) == {"lazy"}, loading
    assert "A remote picture" in loading


def test_a_picture_shown_at_its_size_links_to_nothing(built):
    images = images_by_alt(built["html"])
    assert images["The first picture"].parent.name != "a"


@pytest.mark.parametrize("builder", ["html", "dirhtml", "singlehtml"])
def test_a_link_to_a_local_picture_leads_to_its_copy(built, source, builder):
    page = built[builder]
    images = images_by_alt(page)
    for alt, name in [("A small picture", "large.png"), ("Inline", "inline.png")]:
        link = images[alt].parent
        assert link.name == "a", alt
        copy = (page.parent / unquote(urlsplit(link["href"]).path)).resolve()
        assert copy.read_bytes() == (source / "posts/images" / name).read_bytes(), alt
        assert copy.parent.name == "_images", alt
    page_link = images["A picture linking to a page"].parent
    assert page_link["href"] == "/index.html"  # not a picture: the link stays as written


def test_latex_shows_the_picture_without_the_link(source, tmp_path):
    """LaTeX would write the link's source path, which leads nowhere in a PDF."""
    # Without the remote picture, which Sphinx would fetch for LaTeX.
    copy = shutil.copytree(source, tmp_path / "src")
    post = copy / f"{PAGE}.rst"
    post.write_text(post.read_text(encoding="utf-8").replace(REMOTE, ""), encoding="utf-8")
    app = build_source(copy, "latex")
    assert plain_warnings(app) == ""
    written = "\n".join(path.read_text(encoding="utf-8") for path in Path(app.outdir).glob("*.tex"))
    assert "\\sphinxincludegraphics" in written  # the pictures are there
    assert "images/large.png" not in written
