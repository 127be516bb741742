"""A build that reads a few pages reads them in the main process.

With ``-j N``, Sphinx 9 reads in forked workers however few pages changed: for one
edited post it forks a reader, which pickles its environment back, and the main
process polls for it every 20 ms. Reading that one page in the main process, as
``-j 1`` does, took 0.02 s against 0.08 s (an edit at 1,000 posts, bench/README.md).
The pages read, and so the site, are the same (tests/test_serial_reading.py).
"""

from __future__ import annotations

from sphinx.application import Sphinx

from sitekit import internals

PARALLEL_FROM_PAGES = 20  # fewer are read in the main process


def setup(app: Sphinx) -> None:
    internals.check(__name__, app)
    app.connect("builder-inited", _few_pages_read_here)


def _few_pages_read_here(app: Sphinx) -> None:
    builder = app.builder
    if not app.config.sitekit_fast_ablog or app.parallel < 2:
        return
    read_parallel = builder._read_parallel  # bound to this builder

    def by_size(docnames: list[str], nproc: int) -> None:
        if len(docnames) < PARALLEL_FROM_PAGES:
            builder._read_serial(docnames)
        else:
            read_parallel(docnames, nproc)

    builder._read_parallel = by_size  # type: ignore[method-assign]
