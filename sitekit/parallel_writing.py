"""Every core writes pages.

With ``-j N``, Sphinx writes pages in N - 1 forked processes, because its main process
is busy meanwhile loading and resolving each page's doctree for them. On two cores that
is one writer: writing 1,000 posts took longer with ``-j 2`` than with ``-j 1``, one
core turning pages into HTML while the other mostly waited for it. Loading and resolving
takes less time than writing, so here Sphinx forks N writers, and the main process
shares the cores with them (bench/README.md has the figures).

A build that writes only a few pages (an edited post, a moved clock) writes them in the
main process: forking writers for them cost more than it saved (0.28 s against 0.2 s
for the 8 pages of a clock move).

Each writer also loads and resolves its own pages (``resolving_writers``), which
Sphinx does for them in its main process. The pages are the same bytes as with ``-j 1``
(tests/test_fast_ablog.py).
"""

from __future__ import annotations

from collections.abc import Sequence

from sphinx.application import Sphinx

from sitekit import internals, resolving_writers
from sitekit.resolving_writers import can_resolve_in_writers, write_resolving_in_writers

PARALLEL_FROM_PAGES = 20  # fewer are written in the main process


def setup(app: Sphinx) -> None:
    internals.check(__name__, app)
    resolving_writers.setup(app)
    app.connect("builder-inited", _one_writer_per_core)


def _one_writer_per_core(app: Sphinx) -> None:
    builder = app.builder
    if not app.config.sitekit_fast_ablog or app.parallel < 2:
        return
    write_parallel = builder._write_parallel  # bound to this builder

    def with_every_core(docnames: Sequence[str], nproc: int) -> None:
        if len(docnames) < PARALLEL_FROM_PAGES:
            builder._write_serial(docnames)
        elif can_resolve_in_writers(builder):
            write_resolving_in_writers(app, builder, docnames, max(nproc, app.parallel))
        else:
            write_parallel(docnames, nproc=max(nproc, app.parallel))

    builder._write_parallel = with_every_core  # type: ignore[method-assign]
