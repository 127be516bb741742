"""sitekit.asset_checksums: each stylesheet's and script's checksum is worked out once per
output folder, and is the one Sphinx gives."""

from __future__ import annotations

import re
import zlib
from collections import Counter

import pytest
from sphinx.builders.html import _assets
from sphinx.errors import ThemeError

from sitekit import asset_checksums

NOW = "2018-11-06T12:00Z"


def crc(content: bytes) -> str:
    """The checksum Sphinx documents: CRC-32 of the file without carriage returns."""
    return format(zlib.crc32(content.replace(b"\r", b"")), "08x")


@pytest.fixture
def counted(monkeypatch) -> Counter:
    """How often Sphinx's own checksum is asked for, by file name."""
    asked: Counter = Counter()

    def counting(outdir, filename):
        asked[str(filename)] += 1
        return _assets._file_checksum(outdir, filename)

    monkeypatch.setattr(asset_checksums, "ORIGINAL", counting)
    monkeypatch.setattr(asset_checksums, "_KNOWN", {})
    return asked


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("_static/site.css", b"body { color: red; }\r\n"),
        ("_static/empty.js", b""),
        ("_static/missing.css", None),
        ("https://example.org/remote.js", None),
    ],
)
def test_the_checksum_is_sphinx_own_and_asked_for_once(tmp_path, counted, name, content):
    if content is not None:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(content)
    first = asset_checksums.file_checksum(tmp_path, name)
    again = asset_checksums.file_checksum(tmp_path, name)
    assert first == again == _assets._file_checksum(tmp_path, name)
    assert counted[name] == 1
    if content:
        assert first == crc(content)


def test_a_query_string_is_sphinx_error_every_time(tmp_path, counted):
    for _ in range(2):
        with pytest.raises(ThemeError, match="must not contain query strings"):
            asset_checksums.file_checksum(tmp_path, "_static/site.css?v=1")
    assert counted["_static/site.css?v=1"] == 2


def test_each_output_folder_has_its_own(tmp_path, counted):
    for folder, text in [("one", b"a"), ("two", b"b")]:
        (tmp_path / folder / "_static").mkdir(parents=True)
        (tmp_path / folder / "_static" / "x.css").write_bytes(text)
    one = asset_checksums.file_checksum(tmp_path / "one", "_static/x.css")
    two = asset_checksums.file_checksum(tmp_path / "two", "_static/x.css")
    assert one != two and counted["_static/x.css"] == 2


def test_a_site_asks_once_per_asset_and_links_each_with_its_checksum(build_root, counted):
    app = build_root(NOW, root="test-blog", confoverrides={"sitekit_fast_ablog": True})
    assert app.statuscode == 0
    pages = list(app.outdir.rglob("*.html"))
    assert len(pages) > 5
    assert counted and max(counted.values()) == 1, counted
    linked = re.findall(
        r'(?:href|src)="([^"]*_static/[^"?]+)\?v=([0-9a-f]{8})"',
        "".join(page.read_text(encoding="utf-8") for page in pages),
    )
    assert linked
    for address, checksum in set(linked):
        name = "_static/" + address.split("_static/", 1)[1]
        assert checksum == crc((app.outdir / name).read_bytes()), name
