"""Each stylesheet's and script's checksum worked out once per output folder.

Sphinx adds ``?v=CHECKSUM`` to the address of every local stylesheet and script a page
links, so that a reader's browser fetches a changed file again. It keeps each file's
checksum for the process, but finds the file again for every page and every asset:
``Path.resolve`` follows each part of the path on disk. Writing 1,000 posts did that
about 5,700 times (four assets on each of 1,428 pages), 0.5 s of a 30 s ``-j 1``
profile.

Here the answer is kept per output folder and file name. Sphinx's own record is per
resolved file and for the whole process, so a file whose checksum Sphinx would give
again gets the same one; the static files are all copied before any page is written.
With ``sitekit_fast_ablog`` (the change is the process's from then on).
"""

from __future__ import annotations

import os
from pathlib import Path

import sphinx.builders.html
from sphinx.application import Sphinx

from sitekit import internals

ORIGINAL = internals.original(sphinx.builders.html, "_file_checksum")
_KNOWN: dict[tuple[Path, str], str] = {}


def setup(app: Sphinx) -> None:
    internals.check(__name__, app)
    internals.replace_when_fast(app, (sphinx.builders.html, "_file_checksum", file_checksum))


def file_checksum(outdir: Path, filename: str | os.PathLike[str]) -> str:
    """Sphinx's ``_file_checksum``, kept; its errors (a query string) are its own."""
    key = (outdir, os.fspath(filename))
    if key not in _KNOWN:
        _KNOWN[key] = ORIGINAL(outdir, filename)
    return _KNOWN[key]
