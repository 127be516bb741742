"""A build that reads a few pages reads them in the main process.

With ``-j N``, Sphinx 9 reads in forked workers however few pages changed: for one
edited post it forks a reader, which pickles its environment back, and the main
process polls for it every 20 ms. Reading that one page in the main process, as
``-j 1`` does, took 0.02 s against 0.08 s (an edit at 1,000 posts, bench/README.md).
The pages read, and so the site, are the same (tests/test_serial_reading.py).

A build that reads more first reads the first page of each kind of source (one
reStructuredText post, one Markdown post) in the main process, then forks the readers
for the rest. A reader's first page took 37 ms against 7 ms for the pages after it (the
median over the 15 readers of 1,000 posts): the modules a parser imports on first use,
its patterns, its settings. Read once in the main process, each reader forked after
has them.
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
            return
        first = first_of_each_kind(app, docnames)
        for docname in first:  # as _read_serial reads, without a progress line of its own
            app.events.emit("env-purge-doc", builder.env, docname)
            builder.env.clear_doc(docname)
            builder.read_doc(docname)
        read_parallel([name for name in docnames if name not in first], nproc)

    builder._read_parallel = by_size  # type: ignore[method-assign]


def first_of_each_kind(app: Sphinx, docnames: list[str]) -> list[str]:
    """The first page of each kind of source (reStructuredText, Markdown...): read, and
    written (``resolving_writers``), in the main process before the workers fork, so
    that what a parser, its transforms, the templates and the extensions set up on
    their first page (modules imported, patterns compiled, settings made) is there
    once, for every worker forked after."""
    first: dict[str, str] = {}
    for docname in docnames:
        suffix = app.env.doc2path(docname).suffix
        first.setdefault(app.config.source_suffix.get(suffix, suffix), docname)
    return list(first.values())
