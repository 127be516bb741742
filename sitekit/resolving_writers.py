"""Writers that load and resolve their own pages.

With ``-j N``, Sphinx's main process loads each page's doctree, resolves its references,
runs the post-transforms, notes its images and feeds the search index, and only then
hands it to a forked writer. In a profile at 1,000 posts that was 6.0 s of the main
process's 6.6 s of writing, and the writers waited for it (bench/README.md). Here each
writer does all of that for its own pages, as ``-j 1`` does for every page, and sends
back what the main process keeps: the images to copy, the pages' search index entries
and their posts' excerpts as the blog's lists show them
(:func:`sitekit.fast_ablog.excerpts_rendered_for`). The main process adds them in the
order of the pages, as feeding them one by one would have, so the search index is the
same bytes (tests/test_fast_ablog.py).

Only for Sphinx's HTML builders, whose ``write_doc_serialized`` is known; any other
builder writes as Sphinx does.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sphinx.application import Sphinx
from sphinx.builders import Builder, _write_docname
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.locale import __
from sphinx.search import IndexBuilder
from sphinx.util import logging
from sphinx.util.display import status_iterator
from sphinx.util.parallel import ParallelTasks, make_chunks

from sitekit import internals
from sitekit.fast_ablog import excerpts_rendered_for, keep_excerpts_rendered
from sitekit.serial_reading import first_of_each_kind

logger = logging.getLogger(__name__)


def setup(app: Sphinx) -> None:
    internals.check(__name__, app)


def can_resolve_in_writers(builder: Builder) -> bool:
    return (
        isinstance(builder, StandaloneHTMLBuilder)
        and type(builder).write_doc_serialized is StandaloneHTMLBuilder.write_doc_serialized
    )


@dataclass
class IndexPart:
    """What ``IndexBuilder.feed`` added for some pages."""

    titles: dict[str, Any] = field(default_factory=dict)
    filenames: dict[str, str] = field(default_factory=dict)
    all_titles: dict[str, Any] = field(default_factory=dict)
    index_entries: dict[str, Any] = field(default_factory=dict)
    mapping: dict[str, set[str]] = field(default_factory=dict)
    title_mapping: dict[str, set[str]] = field(default_factory=dict)

    @classmethod
    def collect_into(cls, indexer: IndexBuilder) -> IndexPart:
        """In a writer: from now on, the words its pages add go to a part of their own.
        A page's check for its own title words reads only that page's entries."""
        part = cls()
        indexer._mapping = part.mapping
        indexer._title_mapping = part.title_mapping
        return part

    def take_pages(self, indexer: IndexBuilder, docnames: Sequence[str]) -> IndexPart:
        fed = [docname for docname in docnames if docname in indexer._titles]
        self.titles = {docname: indexer._titles[docname] for docname in fed}
        self.filenames = {docname: indexer._filenames[docname] for docname in fed}
        self.all_titles = {docname: indexer._all_titles[docname] for docname in fed}
        self.index_entries = {docname: indexer._index_entries[docname] for docname in fed}
        return self

    def add_to(self, indexer: IndexBuilder) -> None:
        indexer._titles.update(self.titles)
        indexer._filenames.update(self.filenames)
        indexer._all_titles.update(self.all_titles)
        indexer._index_entries.update(self.index_entries)
        for mine, theirs in (
            (self.mapping, indexer._mapping),
            (self.title_mapping, indexer._title_mapping),
        ):
            for word, docnames in mine.items():
                theirs.setdefault(word, set()).update(docnames)


@dataclass
class Written:
    """What a writer sends back for its pages."""

    images: dict[str, str]
    index: IndexPart | None
    excerpts: dict[tuple, str]


def write_resolving_in_writers(
    app: Sphinx, builder: StandaloneHTMLBuilder, docnames: Sequence[str], nproc: int
) -> None:
    env = builder.env
    # The first page in the main process, as Sphinx does: its templates are compiled
    # once, and every writer forked afterwards has them. Here the first of each kind of
    # source: a post's templates are not a plain page's (a writer's first page took 11.5
    # ms against 2.2 ms for its others, the median of 15 writers at 1,000 posts).
    first = [docnames[0], *first_of_each_kind(app, docnames)]
    first = list(dict.fromkeys(first))
    for docname in first:
        _write_docname(docname, env=env, builder=builder, tags=builder.tags)
    chunks = make_chunks([name for name in docnames if name not in first], nproc)
    progress = status_iterator(
        chunks, __("writing output... "), "darkgreen", len(chunks), builder.config.verbosity
    )
    waiting: dict[int, Written] = {}
    merged = 0  # chunks merged so far: the next one to merge

    def write_chunk(numbered: tuple[int, list[str]]) -> Written:
        _, chunk = numbered
        images = set(builder.images)
        indexer = builder.indexer
        part = IndexPart.collect_into(indexer) if indexer is not None else None
        for docname in chunk:
            _write_docname(docname, env=env, builder=builder, tags=builder.tags)
        added = {uri: name for uri, name in builder.images.items() if uri not in images}
        excerpts = excerpts_rendered_for(app, chunk)
        return Written(added, part and part.take_pages(indexer, chunk), excerpts)

    def done(numbered: tuple[int, list[str]], written: Written) -> None:
        """Merged in the pages' order, whatever order the writers finish in; each as soon
        as the ones before it are, while the writers go on."""
        nonlocal merged
        waiting[numbered[0]] = written
        while merged in waiting:
            add(waiting.pop(merged))
            merged += 1
        next(progress)

    def add(written: Written) -> None:
        builder.images.update(written.images)
        if written.index is not None and builder.indexer is not None:
            written.index.add_to(builder.indexer)
        keep_excerpts_rendered(app, written.excerpts)

    tasks = ParallelTasks(nproc)
    for numbered in enumerate(chunks):
        tasks.add_task(write_chunk, numbered, done)
    tasks.join()
    logger.info("")
