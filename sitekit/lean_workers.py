"""What a ``-j`` reader sends back: the pages it read, not the whole site again.

Sphinx reads in forked workers, a chunk of pages each, and each worker sends its whole
environment back to the main process, pickled, which unpickles it to merge the chunk's
pages (``Builder._read_parallel``). A worker is forked from a main process that has
already merged every earlier chunk, so it sends all of those back too: the chunks grow
with the site, and so does each one's load. At 3,000 posts the main process spent 15 s
unpickling, on one of the two cores the workers read on.

Sphinx merges only the chunk's pages from what a worker sends
(``BuildEnvironment.merge_info_from``, its collectors, the domains, ablog's posts as
:mod:`sitekit.ablog_fixes` merges them). So here a worker pickles its environment with
the per-page records of the pages it read and of no other: titles, tables of contents,
metadata, dependencies, ablog's posts, and the domains' records (Sphinx's labels and
index entries; sitekit's and deadlines' domains say theirs, ``merged_part``). What is
merged is the same; the pages are the same bytes (tests/test_fast_ablog.py compares a
``-j 2`` build with a ``-j 1`` one).
"""

from __future__ import annotations

import os
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from sitekit import internals
from sitekit.domain import SitekitDomain, build_state

# The environment's records of one page each, by page name: Sphinx's and ablog's.
PER_PAGE = (
    "all_docs",
    "dependencies",
    "included",
    "metadata",
    "titles",
    "longtitles",
    "tocs",
    "toc_num_entries",
    "toc_secnumbers",
    "toc_fignumbers",
    "ablog_posts",
)
# Sphinx's domains whose records name their page first: (page, ...) by key.
STANDARD_RECORDS = ("progoptions", "objects", "terms", "labels", "anonlabels")
ORIGINAL_GETSTATE = internals.original(BuildEnvironment, "__getstate__")


def setup(app: Sphinx) -> None:
    internals.check(__name__, app)
    app.connect("builder-inited", _note_main_process)
    app.connect("doctree-read", _note_page_read)
    internals.replace(BuildEnvironment, "__getstate__", lean_state)


def _note_main_process(app: Sphinx) -> None:
    state = build_state(app.env)
    state.main_process = os.getpid() if app.config.sitekit_fast_ablog else None
    state.read_here = (os.getpid(), set())


def _note_page_read(app: Sphinx, doctree: nodes.document) -> None:
    state = build_state(app.env)
    if state.read_here[0] != os.getpid():  # a worker's first page: its own record
        state.read_here = (os.getpid(), set())
    state.read_here[1].add(app.env.docname)


def lean_state(env: BuildEnvironment) -> dict[str, Any]:
    """Sphinx's state of the environment; in a reader worker, only its own pages'."""
    state = ORIGINAL_GETSTATE(env)
    kept = pages_read_in_this_worker(env)
    if kept is None:
        return state
    for name in PER_PAGE:
        records = state.get(name)
        if isinstance(records, dict):
            pruned = records.copy()  # a defaultdict stays one
            pruned.clear()
            pruned.update((page, records[page]) for page in kept if page in records)
            state[name] = pruned
    state["domaindata"] = {
        name: _merged_part(env, name, data, kept) for name, data in state["domaindata"].items()
    }
    return state


def _merged_part(env: BuildEnvironment, name: str, data: Any, kept: set[str]) -> Any:
    """What the main process's merge reads of a domain's data for the pages ``kept``."""
    if name == "std":
        records = {
            key: {label: entry for label, entry in data[key].items() if entry[0] in kept}
            for key in STANDARD_RECORDS
            if key in data
        }
        return {**data, **records}
    if name == "index":
        return {
            **data,
            "entries": {doc: data["entries"][doc] for doc in kept if doc in data["entries"]},
        }
    domain = env.domains.get(name)
    merged_part = getattr(type(domain), "merged_part", None)
    return data if merged_part is None else merged_part(data, kept)


def pages_read_in_this_worker(env: BuildEnvironment) -> set[str] | None:
    """None in the main process, with the fast path off, or outside a build."""
    if env.domains is None or SitekitDomain.name not in env.domains:
        return None  # an environment being unpickled or not built by this site
    build = build_state(env)
    pid, pages = build.read_here
    if build.main_process in (None, os.getpid()) or pid != os.getpid():
        return None
    return pages
