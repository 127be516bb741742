"""Pictures kept with the site: `make import ARCHIVE=DIR IMAGES=download` (archive/images.py).

Downloads are tested against local HTTP servers in threads, serving pictures made here:
each picture lands once in posts/images/, named by its bytes; importing again changes
nothing and asks no host; a failed download keeps the remote address, is listed, and
the import goes on. Then the site built from those posts asks no other host for anything.
"""

from __future__ import annotations

import functools
import hashlib
import http.client
import http.server
import json
import shutil
import socket
import subprocess
import sys
import threading
import urllib.error
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from archive.images import SITE_FOLDER, DownloadError, Images, picture, reason, suffix_for
from archive.importer import import_archive
from tests.conftest import REPO, build_site, copy_site, soup
from tests.test_images import png
from tests.test_make_html import make

POST = ".. post:: 2019-08-{day}\n   :tags: legacy-blogger\n\nA title\n=======\n\n{body}\n"

# The pictures the servers hold, as bytes.
SMALL = png(32, 24, 10)  # Blogger's small version of an upload ...
LARGE = png(160, 120, 10)  # ... and its large one
POND = png(40, 30, 90)
BARROW = png(20, 16, 150)
LOGO = png(48, 16, 200)
SHED = png(24, 24, 240)

# A post as the archive has it: Blogger's linked image (small to large), an image with
# a caption, one glued to a sentence, and a sponsor's logo linking to its site.
GARDEN = """The first picture:

`![ <{base}/img/b/AB/s320/garden.png>`_]({base}/img/b/AB/s1600/garden.png)

A plain one with a caption:

![]({base}/img/pond.png)
---
*A pond with three ducks*

Glued to a sentence.`![A red wheelbarrow <{base}/img/barrow.png>`_]({base}/img/barrow.png) And on.

`![Our sponsor <{base}/img/logo.png>`_](https://sponsor.example.org/)
"""
# The same pond from a mirror, and a picture whose type only its address says.
MIRROR = """The pond again, from a mirror:

![A pond, again]({base}/mirror/pond-copy)

And the shed: ![The shed]({base}/files/shed.PNG)
"""


def named(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:32] + ".png"


# Routes: what each path answers. SLOW never answers; DRIP sends a byte now and then.
SLOW = "slow"
DRIP = "drip"


@dataclass
class Site:
    routes: dict[str, tuple[str, bytes] | str]
    requests: Counter[str] = field(default_factory=Counter)
    release: threading.Event = field(default_factory=threading.Event)
    base: str = ""


class Handler(http.server.BaseHTTPRequestHandler):
    def __init__(self, *args, site: Site, **kwargs) -> None:
        self.site = site
        super().__init__(*args, **kwargs)

    def do_GET(self) -> None:
        self.site.requests[self.path] += 1
        route = self.site.routes.get(self.path)
        if route is None:
            self.send_error(404)
        elif route == SLOW:
            self.site.release.wait(30)
        elif route == DRIP:
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.end_headers()
            while not self.site.release.wait(0.05):
                try:
                    self.wfile.write(b"\x00")
                    self.wfile.flush()
                except OSError:
                    return
        else:
            kind, body = route
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    def log_message(self, format: str, *args) -> None:
        pass


@functools.cache
def _unused_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def refused() -> str:
    """An address on a port nothing listens on."""
    return f"http://127.0.0.1:{_unused_port()}/img/gone.png"


def serve_pictures(routes: dict[str, tuple[str, bytes] | str]) -> Iterator[Site]:
    site = Site(routes)
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Handler, site=site)
    )
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    site.base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield site
    finally:
        site.release.set()
        server.shutdown()
        server.server_close()
        thread.join()


PICTURES = {
    "/img/b/AB/s320/garden.png": ("image/png", SMALL),
    "/img/b/AB/s1600/garden.png": ("image/png", LARGE),
    "/img/pond.png": ("image/png", POND),
    "/img/barrow.png": ("image/png", BARROW),
    "/img/logo.png": ("image/png; charset=binary", LOGO),
    "/mirror/pond-copy": ("image/png", POND),
    "/files/shed.PNG": ("application/octet-stream", SHED),
    "/page.html": ("text/html; charset=utf-8", b"<!doctype html><title>Moved</title>"),
}


@pytest.fixture(scope="module")
def pictures() -> Iterator[Site]:
    yield from serve_pictures(PICTURES)


@pytest.fixture
def stuck() -> Iterator[Site]:
    """A host that takes the request and never answers, or answers a byte at a time."""
    yield from serve_pictures({"/slow/one.png": SLOW, "/slow/two.png": SLOW, "/drip.png": DRIP})


def write_archive(folder: Path, posts: dict[str, str]) -> Path:
    """An archive folder of posts, by slug (YYYY-MM-slug) -> body."""
    for day, (slug, body) in enumerate(posts.items(), start=10):
        path = folder / slug[:4] / f"{slug}.rst"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(POST.format(day=day, body=body), encoding="utf-8")
    return folder


def snapshot(posts: Path) -> dict[Path, bytes]:
    return {path: path.read_bytes() for path in posts.rglob("*") if path.is_file()}


# The pure parts ----------------------------------------------------------------------

SAME_PICTURE = [
    # two addresses, and whether they are one upload at two sizes
    (
        "https://1.bp.blogspot.com/-a/X/AAA/b/s320/p.png",
        "https://1.bp.blogspot.com/-a/X/AAA/b/s1600/p.png",
        True,
    ),
    (
        "http://2.bp.blogspot.com/-a/X/AAA/b/s400/p.png",
        "https://2.bp.blogspot.com/-a/X/AAA/b/s1600-h/p.png",
        True,
    ),
    (
        "https://blogger.googleusercontent.com/img/b/R2/AV/w400-h226/p.jpg",
        "https://blogger.googleusercontent.com/img/b/R2/AV/s608/p.jpg",
        True,
    ),
    (
        "https://blogger.googleusercontent.com/img/a/AVvX=w252-h320",
        "https://blogger.googleusercontent.com/img/a/AVvX",
        True,
    ),
    (
        "https://blogger.googleusercontent.com/img/a/AVvX=s320",
        "https://blogger.googleusercontent.com/img/a/AVvX=s400",
        True,
    ),
    (
        "https://lh3.googleusercontent.com/-m/Y/A/-T/w482-h271/4u.jpeg",
        "https://lh3.googleusercontent.com/-m/Y/A/-T/4u.jpeg",
        True,
    ),
    (
        "https://blogger.googleusercontent.com/img/b/R2/AV/s16000/p.png",
        "https://blogger.googleusercontent.com/img/b/R2/AV/s500/p.png",
        True,
    ),
    ("https://img.example.org/a.png", "https://img.example.org/a.png", True),
    (
        "https://blogger.googleusercontent.com/img/b/R2/AV/s320/p.png",
        "https://blogger.googleusercontent.com/img/b/R2/AW/s320/p.png",
        False,
    ),
    (
        "https://blogger.googleusercontent.com/img/b/R2/AV/s320/p.png",
        "https://www.example.org/sponsor/",
        False,
    ),
    (
        "https://1.bp.blogspot.com/-a/X/AAA/b/s320/p.png",
        "https://2.bp.blogspot.com/-a/X/AAA/b/s1600/p.png",
        False,
    ),
    ("https://img.example.org/a.png", "https://img.example.org/a.png?size=2", False),
    ("https://img.example.org/small/a.png", "https://img.example.org/large/a.png", False),
]


@pytest.mark.parametrize(("one", "other", "same"), SAME_PICTURE)
def test_one_upload_at_two_sizes_is_one_picture(one, other, same):
    assert (picture(one) == picture(other)) is same


SUFFIXES = [
    # content type, address, suffix or the reason it is refused
    ("image/png", "https://img.example.org/a", ".png"),
    ("image/jpeg", "https://img.example.org/a.png", ".jpg"),  # the type wins over the name
    ("IMAGE/JPEG; charset=binary", "https://img.example.org/a", ".jpg"),
    ("image/gif", "https://img.example.org/a", ".gif"),
    ("image/webp", "https://img.example.org/a", ".webp"),
    ("application/octet-stream", "https://img.example.org/a.JPEG", ".jpg"),
    ("", "https://img.example.org/a.gif?x=1", ".gif"),
    ("application/octet-stream", "https://img.example.org/a", "no picture type"),
    (
        "text/html; charset=utf-8",
        "https://img.example.org/a.png",
        "not a picture the site keeps (text/html)",
    ),
    (
        "image/svg+xml",
        "https://img.example.org/a.svg",
        "not a picture the site keeps (image/svg+xml)",
    ),
]


@pytest.mark.parametrize(("kind", "address", "expected"), SUFFIXES)
def test_a_pictures_suffix_comes_from_its_type_else_its_address(kind, address, expected):
    if expected.startswith("."):
        assert suffix_for(kind, address) == expected
    else:
        with pytest.raises(DownloadError) as error:
            suffix_for(kind, address)
        assert str(error.value).startswith(expected)


REASONS = [
    # what urllib raised, what the summary says
    (urllib.error.HTTPError("https://a.example.org/", 404, "Not Found", {}, None), "HTTP 404"),
    (urllib.error.URLError(TimeoutError("timed out")), "no answer within 0.5 s"),
    (TimeoutError("The read operation timed out"), "no answer within 0.5 s"),
    (urllib.error.URLError(ConnectionRefusedError(111, "refused")), "connection refused"),
    (urllib.error.URLError(socket.gaierror(-2, "Name unknown")), "host not found, offline?"),
    (http.client.IncompleteRead(b"", 10), "the connection broke off"),
    (urllib.error.URLError("no host given"), "no host given"),
    (ValueError("unknown url type: 'https'"), "unknown url type: 'https'"),
]


@pytest.mark.parametrize(("error", "said"), REASONS)
def test_each_failure_is_said_in_a_few_words(error, said):
    assert reason(error, 0.5) == said


def fake_fetch(pictures: dict[str, bytes]):
    def fetch(address: str, timeout: float) -> tuple[bytes, str]:
        if address not in pictures:
            raise DownloadError("HTTP 404")
        return pictures[address], ".png"

    return fetch


SMALL_URL = "https://1.bp.blogspot.com/-a/X/AAA/b/s320/p.png"
LARGE_URL = "https://1.bp.blogspot.com/-a/X/AAA/b/s1600/p.png"
LOCALIZE = [
    # a post's text, what it becomes, the addresses left remote
    (
        f".. image:: {SMALL_URL}\n   :alt:\n   :target: {LARGE_URL}\n",
        f".. image:: {SITE_FOLDER}{named(SMALL)}\n   :alt:\n   :target: {SITE_FOLDER}{named(LARGE)}\n",
        [],
    ),
    (
        f"  .. figure:: {SMALL_URL}\n     :alt: A\n     :target: {SMALL_URL}\n\n     Caption.\n",
        f"  .. figure:: {SITE_FOLDER}{named(SMALL)}\n     :alt: A\n     :target: {SITE_FOLDER}{named(SMALL)}\n\n     Caption.\n",
        [],
    ),
    (
        f"Text |b|.\n\n.. |b| image:: {SMALL_URL}\n   :alt: B\n   :target: {LARGE_URL}\n",
        f"Text |b|.\n\n.. |b| image:: {SITE_FOLDER}{named(SMALL)}\n   :alt: B\n   :target: {SITE_FOLDER}{named(LARGE)}\n",
        [],
    ),
    (  # a link to another page stays; so does a picture that is no download
        f".. image:: {SMALL_URL}\n   :target: https://sponsor.example.org/\n\n"
        ".. image:: https://img.example.org/lost.png\n",
        f".. image:: {SITE_FOLDER}{named(SMALL)}\n   :target: https://sponsor.example.org/\n\n"
        ".. image:: https://img.example.org/lost.png\n",
        ["https://img.example.org/lost.png"],
    ),
    (  # the large one lost: the small one shows from here, and links to Blogger's
        ".. image:: https://1.bp.blogspot.com/-a/X/AAA/b/s320/q.png\n"
        "   :target: https://1.bp.blogspot.com/-a/X/AAA/b/s1600/q.png\n",
        f".. image:: {SITE_FOLDER}{named(POND)}\n"
        "   :target: https://1.bp.blogspot.com/-a/X/AAA/b/s1600/q.png\n",
        ["https://1.bp.blogspot.com/-a/X/AAA/b/s1600/q.png"],
    ),
    (  # local already, its large one not yet: found through the record
        f".. image:: {SITE_FOLDER}{named(SMALL)}\n   :target: {LARGE_URL}\n",
        f".. image:: {SITE_FOLDER}{named(SMALL)}\n   :target: {SITE_FOLDER}{named(LARGE)}\n",
        [],
    ),
    (  # inside a note: a picture like any other
        f".. note::\n\n   .. image:: {SMALL_URL}\n",
        f".. note::\n\n   .. image:: {SITE_FOLDER}{named(SMALL)}\n",
        [],
    ),
    (  # examples in literal blocks and comments: untouched
        f"Write::\n\n   .. image:: {SMALL_URL}\n\n.. an old picture\n   .. image:: {SMALL_URL}\n\n"
        f".. code-block:: rst\n\n   .. image:: {SMALL_URL}\n",
        None,
        [],
    ),
    (  # not an image's address, or not an image: untouched
        f".. image:: images/local.png\n   :target: {LARGE_URL}\n\nSee {SMALL_URL} and "
        f"`it <{SMALL_URL}>`_.\n\n.. _it: {SMALL_URL}\n",
        None,
        [],
    ),
]


@pytest.mark.parametrize(("text", "expected", "remote"), LOCALIZE)
def test_each_kind_of_image_points_at_its_copy(tmp_path, text, expected, remote):
    images = Images(
        tmp_path,
        download=True,
        fetch=fake_fetch(
            {
                SMALL_URL: SMALL,
                LARGE_URL: LARGE,
                "https://1.bp.blogspot.com/-a/X/AAA/b/s320/q.png": POND,
            }
        ),
    )
    images.record[SMALL_URL] = named(SMALL)
    (tmp_path / named(SMALL)).write_bytes(SMALL)
    localized, left = images.localize(text)
    assert localized == (text if expected is None else expected)
    assert left == remote


# Against local servers ----------------------------------------------------------------


@pytest.fixture(scope="module")
def downloaded(pictures, tmp_path_factory) -> tuple[Path, Path, list[str]]:
    """The site with synthetic posts imported by `make import ... IMAGES=download`."""
    archive = write_archive(
        tmp_path_factory.mktemp("archive"),
        {
            "2016-05-pictures-of-the-garden": GARDEN.format(base=pictures.base),
            "2016-06-the-pond-again": MIRROR.format(base=pictures.base),
        },
    )
    site = copy_site(tmp_path_factory.mktemp("images-site"))
    result = make(site, "import", f"ARCHIVE={archive}", "IMAGES=download")
    assert result.returncode == 0, result.stderr
    return site, archive, result.stdout.splitlines()


def test_each_picture_is_downloaded_once_named_by_its_bytes(downloaded, pictures):
    site, _, summary = downloaded
    folder = site / "posts/images"
    expected = {named(data) for data in (SMALL, LARGE, POND, BARROW, LOGO, SHED)}
    assert {path.name for path in folder.iterdir()} == expected | {"sources.json"}
    for data in (SMALL, LARGE, POND, BARROW, LOGO, SHED):
        assert (folder / named(data)).read_bytes() == data
    # Two addresses of one pond, one file; every address asked once.
    record = json.loads((folder / "sources.json").read_text(encoding="utf-8"))
    assert record[f"{pictures.base}/mirror/pond-copy"] == record[f"{pictures.base}/img/pond.png"]
    assert set(record) == {pictures.base + path for path in PICTURES if path != "/page.html"}
    assert all(pictures.requests[path] == 1 for path in record_paths(record, pictures))
    assert (
        "Images: 7 downloaded into posts/images/ (6 new files), 0 there already; "
        "0 kept remote." in summary
    )


def record_paths(record: dict[str, str], site: Site) -> list[str]:
    return [urlsplit(address).path for address in record if address.startswith(site.base)]


def test_the_posts_point_at_the_copies(downloaded, pictures):
    site, _, _ = downloaded
    garden = (site / "posts/2016/05/pictures-of-the-garden.rst").read_text(encoding="utf-8")
    for piece in [
        f".. image:: /posts/images/{named(SMALL)}\n   :alt: Open the full-size picture\n"
        f"   :target: /posts/images/{named(LARGE)}\n",
        f".. figure:: /posts/images/{named(POND)}\n   :alt: A pond with three ducks\n"
        f"   :target: /posts/images/{named(POND)}\n",
        f".. |blogger-image-2| image:: /posts/images/{named(BARROW)}\n",
        f".. image:: /posts/images/{named(LOGO)}\n   :alt: Our sponsor\n"
        "   :target: https://sponsor.example.org/\n",
    ]:
        assert piece in garden
    assert pictures.base not in garden
    mirror = (site / "posts/2016/06/the-pond-again.rst").read_text(encoding="utf-8")
    assert f"/posts/images/{named(POND)}" in mirror and pictures.base not in mirror


@pytest.mark.parametrize("flags", [["--download-images"], []])
def test_importing_again_changes_nothing_and_asks_no_host(downloaded, pictures, flags):
    site, archive, _ = downloaded
    before = snapshot(site / "posts")
    asked = sum(pictures.requests.values())
    result = subprocess.run(
        [sys.executable, "-m", "archive", str(archive), *flags],
        cwd=site,
        env={"PYTHONPATH": str(REPO), "PATH": ""},
        capture_output=True,
        text=True,
        check=True,
    )
    assert snapshot(site / "posts") == before
    assert sum(pictures.requests.values()) == asked
    assert result.stdout.startswith("Imported 0 posts; 2 already imported and unchanged;")


def test_a_failed_download_keeps_its_address_is_listed_and_the_import_goes_on(
    pictures, stuck, tmp_path
):
    lost = {
        f"{pictures.base}/img/missing.png": "HTTP 404",
        refused(): "connection refused",
        f"{stuck.base}/slow/one.png": "no answer within 0.3 s",
        f"{stuck.base}/slow/two.png": (
            f"not tried, as {urlsplit(stuck.base).netloc} gave: no answer within 0.3 s"
        ),
        f"{pictures.base}/page.html": "not a picture the site keeps (text/html)",
    }
    body = "\n\n".join(f"![Lost {number}]({address})" for number, address in enumerate(lost))
    archive = write_archive(
        tmp_path / "archive",
        {
            "2016-04-lost-pictures": body + f"\n\n![Found]({pictures.base}/img/pond.png)",
            "2016-05-pictures-of-the-garden": GARDEN.format(base=pictures.base),
        },
    )
    posts = tmp_path / "posts"
    images = Images(posts / "images", download=True, timeout=0.3)
    summary = import_archive(archive, posts, images)
    assert len(summary.imported) == 2
    text = (posts / "2016/04/lost-pictures.rst").read_text(encoding="utf-8")
    for address in lost:
        assert f".. image:: {address}\n" in text
    assert f".. image:: /posts/images/{named(POND)}\n" in text
    assert stuck.requests["/slow/one.png"] == 1 and stuck.requests["/slow/two.png"] == 0
    lines = summary.lines(tmp_path)
    assert next(line for line in lines if line.startswith("Images:")).endswith("5 kept remote:")
    for address, why in lost.items():
        assert f"  posts/2016/04/lost-pictures.rst: {address} ({why})" in lines
    # Nothing new to get: importing again changes nothing, and lists the same.
    before = snapshot(posts)
    again = import_archive(archive, posts, Images(posts / "images", download=True, timeout=0.3))
    assert snapshot(posts) == before
    assert [line for line in again.lines(tmp_path) if line.startswith("  posts/")] == [
        line for line in lines if line.startswith("  posts/")
    ]


def test_a_host_sending_a_byte_now_and_then_is_given_up(stuck, tmp_path):
    images = Images(tmp_path, download=True, timeout=0.2)
    found: list[str | None] = []
    trying = threading.Thread(target=lambda: found.append(images.local(f"{stuck.base}/drip.png")))
    trying.start()
    trying.join(15)  # the server drips for 30 s
    assert found == [None]
    assert images.failed == {f"{stuck.base}/drip.png": "not done within 2 s"}
    assert not list(tmp_path.iterdir())


def test_a_later_download_completes_the_imports_own_posts_only(pictures, tmp_path):
    archive = write_archive(
        tmp_path / "archive",
        {
            # the pond, downloaded here, is in the garden too: found there in the record
            "2016-04-a-pond-first": f"![A pond]({pictures.base}/img/pond.png)",
            "2016-05-pictures-of-the-garden": GARDEN.format(base=pictures.base),
            "2016-06-the-pond-again": MIRROR.format(base=pictures.base),
        },
    )
    posts = tmp_path / "posts"
    asked = sum(pictures.requests.values())
    plain = import_archive(archive, posts)  # no downloads: every picture remote
    assert sum(pictures.requests.values()) == asked
    assert (
        "Images: 7 load from other hosts (`make import ARCHIVE=DIR IMAGES=download` "
        "downloads them into posts/images/)." in plain.lines(tmp_path)
    )
    edited = posts / "2016/06/the-pond-again.rst"
    edited.write_text(edited.read_text(encoding="utf-8") + "\nA line of our own.\n", "utf-8")
    mirror_asked = pictures.requests["/mirror/pond-copy"]
    summary = import_archive(archive, posts, Images(posts / "images", download=True))
    assert summary.images_made_local == [
        posts / "2016/04/a-pond-first.rst",
        posts / "2016/05/pictures-of-the-garden.rst",
    ]
    assert summary.clashes == [edited]
    assert "Imported before, now with their pictures local: 2." in summary.lines(tmp_path)
    garden = (posts / "2016/05/pictures-of-the-garden.rst").read_text(encoding="utf-8")
    assert pictures.base not in garden.replace("https://sponsor.example.org/", "")
    assert pictures.base in edited.read_text(encoding="utf-8")  # changed by hand: left
    assert pictures.requests["/mirror/pond-copy"] == mirror_asked  # and nothing fetched


def test_make_import_takes_images_download_or_nothing(tmp_path):
    shutil.copy(REPO / "Makefile", tmp_path)
    result = make(tmp_path, "import", f"ARCHIVE={tmp_path}", "IMAGES=yes")
    assert result.returncode == 2
    assert result.stdout == "make import: IMAGES=yes? write IMAGES=download, or leave it out\n"


def test_a_broken_record_is_one_line(tmp_path):
    (tmp_path / "posts/images").mkdir(parents=True)
    (tmp_path / "posts/images/sources.json").write_text(
        '{"https://a.example.org/a.png":\n', "utf-8"
    )
    result = subprocess.run(
        [sys.executable, "-m", "archive", str(tmp_path), "--download-images"],
        cwd=tmp_path,
        env={"PYTHONPATH": str(REPO), "PATH": ""},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("posts/images/sources.json:2: not JSON (Expecting value);")


# The site built from the downloaded posts ----------------------------------------------

# Elements that load what they name when the page opens, and the attributes that name it.
LOADED = {
    "img": ("src", "srcset"),
    "script": ("src",),
    "iframe": ("src",),
    "source": ("src", "srcset"),
    "video": ("src", "poster"),
    "audio": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "track": ("src",),
}
LOADED_LINKS = {
    "stylesheet",
    "icon",
    "preload",
    "modulepreload",
    "prefetch",
    "manifest",
    "apple-touch-icon",
    "preconnect",
    "dns-prefetch",
}


def addresses(value: str, attribute: str) -> list[str]:
    """The addresses an attribute names: a srcset names one per candidate."""
    if attribute == "srcset":
        return [candidate.split()[0] for candidate in value.split(",") if candidate.strip()]
    return [value] if value else []


@pytest.fixture(scope="module")
def built(downloaded, tmp_path_factory) -> Path:
    site, _, _ = downloaded
    return build_site(site, tmp_path_factory.mktemp("images-html"))  # -W, empty stderr


def test_no_page_asks_another_host_for_anything(built):
    pages = list(built.rglob("*.html"))
    assert pages
    pictures = 0
    for page in pages:
        html = soup(page)
        asked = [
            address
            for tag, attributes in LOADED.items()
            for element in html.find_all(tag)
            for attribute in attributes
            for address in addresses(element.get(attribute, ""), attribute)
        ]
        asked += [
            link.get("href", "")
            for link in html.find_all("link")
            if LOADED_LINKS & {rel.lower() for rel in link.get("rel", [])}
        ]
        pictures += len(html.find_all("img"))
        for address in asked:
            parts = urlsplit(address)
            assert not parts.scheme and not parts.netloc, (page, address)
    assert pictures >= 6


def test_the_downloaded_pictures_show_at_their_size_and_link_to_the_large_one(built):
    page = built / "posts/2016/05/pictures-of-the-garden.html"
    images = soup(page).select("div.body img, main img")
    sizes = {(image["width"], image["height"]) for image in images}
    assert sizes == {("32", "24"), ("40", "30"), ("20", "16"), ("48", "16")}
    assert [image.get("loading") for image in images] == [None, "lazy", "lazy", "lazy"]
    first = images[0]
    assert (page.parent / first.parent["href"]).read_bytes() == LARGE
    assert (page.parent / first["src"]).read_bytes() == SMALL
