"""The blog's generated pages written by every core.

Sphinx writes the pages extensions generate (ablog's years, tags, categories and
authors, each list cut into pages by :mod:`sitekit.light_pages`) one after the other in
its main process, after the documents. At 1,000 posts that is 420 pages and 2 s, at
3,000 about 7 s, with the other cores idle. Here, with ``-j N`` and enough pages to be
worth a fork, N processes write them, each every N-th page, through the builder's own
``handle_page``: the main process and N - 1 forked ones. The main process notes each
page for the sitemap as writing it would have. Messages from the workers reach the
main process's log.

A forked writer's memory grows as it renders: every object it touches of the main
process's becomes its own copy. With N forked writers and the main process waiting, this
was the build's peak, 278 MB at 3,000 posts; with the main process writing a share, 228
MB, in the same time (bench/README.md).

Each page is the same bytes whichever process writes it (tests/test_fast_ablog.py
compares a ``-j 2`` build with a ``-j 1`` build).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from sphinx.application import Sphinx
from sphinx.util.parallel import ParallelTasks, parallel_available

from sitekit import internals, sitemap
from sitekit.fast_ablog import Page

# Below this, a fork costs more than it saves: a page takes about 5 ms to write.
PARALLEL_FROM_PAGES = 20


def setup(app: Sphinx) -> None:
    internals.check(__name__, app)


def written_in_parallel(app: Sphinx, pages: Iterable[Page]) -> Iterator[Page]:
    """Write ``pages`` in forked processes, and yield them to Sphinx only when they are
    too few for that (or the build is serial, or the fast path is off)."""
    pages = list(pages)
    workers = app.parallel
    if (
        not app.config.sitekit_fast_ablog
        or not parallel_available
        or not getattr(app.builder, "parallel_ok", False)  # -j 1, or an extension unsafe
        or len(pages) < PARALLEL_FROM_PAGES
    ):
        yield from pages
        return
    builder = app.builder

    def write(share: Sequence[Page]) -> None:
        """In a worker: each page, as Sphinx's gen_pages_from_extensions writes it."""
        for pagename, context, template in share:
            builder.handle_page(pagename, context, template)

    shares = [pages[start::workers] for start in range(workers)]
    tasks = ParallelTasks(workers - 1)
    for share in shares[1:]:
        tasks.add_task(write, share)
    write(shares[0])  # the main process writes a share too, rather than wait
    tasks.join()
    for pagename, _context, template in pages:
        sitemap.note_generated(app, pagename, template)
