"""The posts' pictures kept with the site: ``make import ARCHIVE=DIR IMAGES=download``.

Each picture an imported post shows is downloaded once into ``posts/images/``, named by
a hash of its bytes (two addresses serving the same picture give one file), and the
post's ``.. image::`` or ``.. figure::`` then names that copy, which Sphinx copies into
the site. So does the image's ``:target:`` when it is the same picture: Blogger linked
each small version it showed (``s320``, ``w400-h225``) to a large one of the same
upload (``s1600``), and the large one is kept too, since the small ones of screenshots
and posters are too small to read and Blogger may remove both. A target that is
another page stays a link.

``posts/images/sources.json`` records which address gave which file. Every import
reads it: a picture downloaded once is never asked for again, and importing again,
with downloads or without, gives the same posts without asking any host.

A download that fails (an error status, a refused connection, no answer within the
timeout, something that is no picture) leaves the post's remote address; the summary
lists it with the reason, and the import goes on. A host that did not answer is not
asked again in the same run, so an import without a network ends in moments.
"""

from __future__ import annotations

import hashlib
import http.client
import json
import os
import re
import socket
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

# How a post names the folder: from the site's root, as Sphinx reads an image's path.
SITE_FOLDER = "/posts/images/"
RECORD = "sources.json"
# The pictures the site keeps, by content type, with the one suffix each gets. SVG is
# left out: opened from the site's own address, its scripts would run there.
TYPES = {
    "image/png": ".png",
    "image/jpeg": ".jpg",
    "image/gif": ".gif",
    "image/webp": ".webp",
    "image/avif": ".avif",
    "image/bmp": ".bmp",
}
SUFFIXES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".jpe": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".avif": "image/avif",
    ".bmp": "image/bmp",
}
# Types that say nothing of the content: the address's suffix decides.
UNSAID = {"", "application/octet-stream", "binary/octet-stream"}
MAX_BYTES = 20 * 2**20
# A download may take this many timeouts in all, so a host that sends a byte now and
# then cannot hold the import either.
WHOLE_DOWNLOAD = 10
USER_AGENT = "psf-calls-site archive import (python urllib)"
DEFAULT_TIMEOUT = 10.0

_REMOTE = re.compile(r"(?i)^https?://")
# An image or figure directive, or an image substitution, and the option lines under it.
_DIRECTIVE = re.compile(
    r"^(?P<head>[ \t]*\.\. (?:\|[^|\n]+\| )?(?:image|figure)::[ \t]+)(?P<src>\S+)(?P<end>[ \t]*)$"
    r"(?P<options>(?:\n[ \t]+:[\w-]+:.*)*)",
    re.M,
)
# What shows as written, not as markup: an image directive there is an example.
_LITERAL_DIRECTIVES = {"code", "code-block", "sourcecode", "raw", "math", "parsed-literal"}
_EXPLICIT = re.compile(
    r"^(?P<indent>[ \t]*)\.\.(?:[ \t]+(?:\|[^|\n]+\|[ \t]+)?(?P<name>[\w:.+-]+)::"
    r"|[ \t]+(?P<other>[_\[|]))?"
)
_TARGET = re.compile(r"^(?P<head>[ \t]+:target:[ \t]+)(?P<uri>\S+)(?P<end>[ \t]*)$", re.M)
# The size an address asks Blogger's image hosts for: a path segment before the file's
# name (s1600, s320-c, w400-h226) or a suffix after an "=" (=s1600, =w400-h225).
# Whatever the host: an image linked to its own address at another size is one picture.
_SIZE = r"(?:[swh]\d+|w\d+-h\d+)(?:-[a-z0-9-]*)?"
_SIZE_SEGMENT = re.compile(rf"^{_SIZE}$")
_SIZE_SUFFIX = re.compile(rf"={_SIZE}$")


class DownloadError(Exception):
    """Why a picture stayed remote, in a few words for the summary."""


class RecordError(Exception):
    """The record of downloaded pictures cannot be read: one line, with what to do."""


def read_record(path: Path) -> dict[str, str]:
    fix = "restore it with git, or delete it and import with IMAGES=download again"
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise RecordError(f"{path}:{error.lineno}: not JSON ({error.msg}); {fix}") from error
    if not isinstance(record, dict) or not all(
        isinstance(key, str) and isinstance(value, str) and "/" not in value and value
        for key, value in record.items()
    ):
        raise RecordError(f"{path}:1: not an object of address to file name; {fix}")
    return record


def picture(address: str) -> str:
    """An image's address without Blogger's size request (and scheme): two addresses of
    one upload at two sizes give the same."""
    parts = urlsplit(address)
    segments = _SIZE_SUFFIX.sub("", parts.path).split("/")
    if len(segments) > 2 and _SIZE_SEGMENT.match(segments[-2]):
        del segments[-2]
    path = "/".join(segments)
    return f"//{parts.netloc.lower()}{path}" + (f"?{parts.query}" if parts.query else "")


def literal_lines(text: str) -> set[int]:
    """The numbers of the lines whose text shows as written: literal blocks (after
    ``::``), literal directives' content and comments."""
    literal: set[int] = set()
    block_indent: int | None = None  # inside a block indented further than this
    for number, line in enumerate(text.split("\n")):
        indent = len(line) - len(line.lstrip())
        if block_indent is not None and (not line.strip() or indent > block_indent):
            literal.add(number)
            continue
        block_indent = None
        explicit = _EXPLICIT.match(line)
        if explicit and line.strip() != "..":  # (an empty comment ends what is before it)
            name = explicit["name"]
            if name is None and explicit["other"] is None:  # a comment
                literal.add(number)
                block_indent = indent
            elif name is not None and name.lower() in _LITERAL_DIRECTIVES:
                block_indent = indent
        elif line.rstrip().endswith("::") and not explicit:
            block_indent = indent
    return literal


def suffix_for(content_type: str, address: str) -> str:
    """The file's suffix: from its content type, else (for a type that says nothing)
    from its address."""
    kind = content_type.split(";")[0].strip().lower()
    if kind in TYPES:
        return TYPES[kind]
    if kind in UNSAID:
        named = SUFFIXES.get(Path(urlsplit(address).path).suffix.lower())
        if named:
            return TYPES[named]
        raise DownloadError("no picture type, in its header or its address")
    raise DownloadError(f"not a picture the site keeps ({kind})")


def reason(error: BaseException, timeout: float) -> str:
    if isinstance(error, urllib.error.HTTPError):
        return f"HTTP {error.code}"
    reason = error.reason if isinstance(error, urllib.error.URLError) else error
    if isinstance(reason, TimeoutError):  # socket.timeout too
        return f"no answer within {timeout:g} s"
    if isinstance(reason, ConnectionRefusedError):
        return "connection refused"
    if isinstance(reason, socket.gaierror):
        return "host not found, offline?"
    if isinstance(reason, http.client.HTTPException):
        return "the connection broke off"
    return " ".join(str(reason).split()) or type(reason).__name__


def fetch(address: str, timeout: float) -> tuple[bytes, str]:
    """The bytes at an address and the suffix their type gets; DownloadError says why not.
    ``timeout`` bounds the wait for the host, each read, and (ten times over) the whole."""
    request = urllib.request.Request(address, headers={"User-Agent": USER_AGENT})
    # Elapsed time, not the date: a monotonic clock.
    deadline = time.monotonic() + timeout * WHOLE_DOWNLOAD
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            suffix = suffix_for(response.headers.get("Content-Type", ""), address)
            chunks: list[bytes] = []
            size = 0
            while chunk := response.read1(65536):
                size += len(chunk)
                if size > MAX_BYTES:
                    raise DownloadError(f"larger than {MAX_BYTES // 2**20} MB")
                if time.monotonic() > deadline:
                    raise DownloadError(f"not done within {timeout * WHOLE_DOWNLOAD:g} s")
                chunks.append(chunk)
    except (OSError, http.client.HTTPException, ValueError) as error:  # URLError is an OSError
        if isinstance(error, urllib.error.HTTPError):
            error.close()
        raise DownloadError(reason(error, timeout)) from error
    if not size:
        raise DownloadError("empty")
    return b"".join(chunks), suffix


# Failures that say the host itself is out of reach, not this one address.
_UNREACHABLE = ("no answer within", "connection refused", "host not found")


@dataclass
class Images:
    """``posts/images/``: each picture once, named by its bytes; its record says which
    address gave which file. ``download`` allows asking hosts for what it lacks."""

    folder: Path
    download: bool = False
    timeout: float = DEFAULT_TIMEOUT
    fetch: Callable[[str, float], tuple[bytes, str]] = fetch
    record: dict[str, str] = field(default_factory=dict)
    failed: dict[str, str] = field(default_factory=dict)  # address -> why
    downloaded: set[str] = field(default_factory=set)
    reused: set[str] = field(default_factory=set)
    new_files: set[str] = field(default_factory=set)
    _unreachable: dict[str, str] = field(default_factory=dict)  # server -> why

    def __post_init__(self) -> None:
        path = self.folder / RECORD
        if path.is_file():
            self.record = read_record(path)

    def local(self, address: str, download: bool = True) -> str | None:
        """The site's path of the picture at ``address``, downloading it if allowed."""
        name = self.record.get(address)
        if name and (self.folder / name).is_file():
            if address not in self.downloaded:
                self.reused.add(address)
            return SITE_FOLDER + name
        if not (self.download and download) or address in self.failed:
            return None
        host = urlsplit(address).netloc.lower()  # a host and its port: one server
        try:
            if host in self._unreachable:
                raise DownloadError(f"not tried, as {host} gave: {self._unreachable[host]}")
            data, suffix = self.fetch(address, self.timeout)
        except DownloadError as error:
            why = str(error)
            if why.startswith(_UNREACHABLE):
                self._unreachable[host] = why
            self.failed[address] = why
            return None
        name = hashlib.sha256(data).hexdigest()[:32] + suffix
        if not (self.folder / name).is_file():
            _write_whole(self.folder / name, data)
            self.new_files.add(name)
        self.record[address] = name
        self.downloaded.add(address)
        return SITE_FOLDER + name

    def addresses_of(self, site_path: str) -> list[str]:
        """The addresses recorded for a local copy (several can serve one picture)."""
        name = site_path.removeprefix(SITE_FOLDER)
        return [address for address, file in self.record.items() if file == name]

    def save(self) -> None:
        """The record, sorted, written only when it changed: a diff shows what arrived."""
        path = self.folder / RECORD
        text = json.dumps(dict(sorted(self.record.items())), indent=1) + "\n"
        if self.record and (not path.is_file() or path.read_text(encoding="utf-8") != text):
            _write_whole(path, text.encode("utf-8"))

    def localize(self, text: str, download: bool = True) -> tuple[str, list[str]]:
        """A post's text with its pictures pointed at their local copies, as far as they
        are had, and the addresses of the pictures left remote."""
        remote: list[str] = []
        literal = literal_lines(text)

        def local(address: str) -> str:
            path = self.local(address, download)
            if path is None:
                remote.append(address)
            return path or address

        def rewrite(match: re.Match[str]) -> str:
            if text.count("\n", 0, match.start()) in literal:
                return match[0]
            src = match["src"]
            same = {picture(src)} if _REMOTE.match(src) else set()
            if src.startswith(SITE_FOLDER):  # local already: the addresses it came from
                same = {picture(address) for address in self.addresses_of(src)}
            new_src = local(src) if _REMOTE.match(src) else src

            def target(option: re.Match[str]) -> str:
                uri = option["uri"]
                if not _REMOTE.match(uri) or picture(uri) not in same:
                    return option[0]  # a link to another page stays a link
                return f"{option['head']}{local(uri)}{option['end']}"

            options = _TARGET.sub(target, match["options"])
            return f"{match['head']}{new_src}{match['end']}{options}"

        return _DIRECTIVE.sub(rewrite, text), remote

    def lines(self, remote: list[tuple[str, str]]) -> list[str]:
        """The summary's lines: what was downloaded, what stayed remote and why.
        ``remote`` holds (post, address) for each picture a post still loads from afar."""
        addresses = {address for _, address in remote}
        if not self.download:
            if not addresses:
                return []
            have = f"{len(self.reused)} from posts/images/; " if self.reused else ""
            return [
                f"Images: {have}{len(addresses)} load from other hosts (`make import "
                "ARCHIVE=DIR IMAGES=download` downloads them into posts/images/)."
            ]
        out = [
            f"Images: {len(self.downloaded)} downloaded into posts/images/ "
            f"({len(self.new_files)} new files), {len(self.reused)} there already; "
            f"{len(addresses)} kept remote" + (":" if addresses else ".")
        ]
        out.extend(
            f"  {post}: {address} ({self.failed.get(address, 'not downloaded')})"
            for post, address in sorted(set(remote))
        )
        return out


def _write_whole(path: Path, data: bytes) -> None:
    """Write beside it, then rename: an interrupted import leaves no half picture that
    a later one would take for the whole."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.part")
    partial.write_bytes(data)
    os.replace(partial, path)
