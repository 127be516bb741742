"""Where sitekit keeps what it reads: a Sphinx domain, as ``deadlines`` does.

What each page says (its posts' problems, whether it shows a postlist, its links to
Blogger) lives in the domain's data, which Sphinx pickles with the environment, clears
when the page is read again (``clear_doc``) and merges from parallel readers
(``merge_domaindata``). The state of one build (its caches, the pages it generated, the
pages removed, its log forwarder) lives on the domain object, which Sphinx makes anew
for every build and never pickles.
"""

from __future__ import annotations

import logging
from collections.abc import Set
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sphinx.domains import Domain
from sphinx.environment import BuildEnvironment

if TYPE_CHECKING:
    from sitekit.blogger_links import PageRecord
    from sitekit.fast_ablog import PageHashes
    from sitekit.title_links import TitleLinks

_PAGE_SETS = ("bad_posts", "postlists")  # the pages of each kind
_PAGE_RECORDS = ("blogger", "title_links")  # a record per page


@dataclass
class BuildState:
    """This build only. ``excerpts`` and ``page_hashes`` are fast_ablog's (None when it is
    off, or, for the hashes, for a builder that writes no ablog pages)."""

    excerpts: dict[tuple, str] | None = None  # an excerpt's HTML by post, options and folder
    page_hashes: PageHashes | None = None
    generated_pages: set[str] = field(
        default_factory=set
    )  # pages with no document, for the sitemap
    removed_docs: set[str] = field(default_factory=set)  # documents whose source went
    root_handler: logging.Handler | None = None  # ablog_guard's forwarder of ablog's warnings
    main_process: int | None = None  # lean_workers: the pid that is no -j worker
    read_here: tuple[int | None, set[str]] = (None, set())  # lean_workers: pid, pages read
    pages_read: int | None = None  # parallel_finish: how many pages this build reads


class SitekitDomain(Domain):
    name = "sitekit"
    label = "sitekit"
    data_version = 3  # 2: title_links; 3: a Blogger link's line found when warned of
    initial_data: dict[str, Any] = {  # noqa: RUF012 (Sphinx's own way to declare it)
        **{name: set() for name in _PAGE_SETS},
        **{name: {} for name in _PAGE_RECORDS},
        # Build-wide: the published posts as the last build ordered them (ablog_fixes).
        "post_order": [],
    }

    def __init__(self, env: BuildEnvironment) -> None:
        super().__init__(env)
        self.build = BuildState()

    @property
    def bad_posts(self) -> set[str]:
        """Pages with a post ablog would crash on or misread: read again every build."""
        return self.data["bad_posts"]

    @property
    def postlists(self) -> set[str]:
        """Pages with an ablog postlist, which shows other posts' titles."""
        return self.data["postlists"]

    @property
    def blogger(self) -> dict[str, PageRecord]:
        """What each page says about Blogger (blogger_links)."""
        return self.data["blogger"]

    @property
    def title_links(self) -> dict[str, TitleLinks]:
        """Each page's links that show another page's title (title_links)."""
        return self.data["title_links"]

    @property
    def post_order(self) -> list[tuple[str, str, str]]:
        return self.data["post_order"]

    @post_order.setter
    def post_order(self, order: list[tuple[str, str, str]]) -> None:
        self.data["post_order"] = order

    def clear_doc(self, docname: str) -> None:
        for name in _PAGE_SETS:
            self.data[name].discard(docname)
        for name in _PAGE_RECORDS:
            self.data[name].pop(docname, None)

    @staticmethod
    def merged_part(data: dict[str, Any], docnames: Set[str]) -> dict[str, Any]:
        """What merge_domaindata reads of ``data`` for ``docnames`` (sitekit.lean_workers)."""
        part = {name: data[name] & set(docnames) for name in _PAGE_SETS}
        for name in _PAGE_RECORDS:
            part[name] = {doc: data[name][doc] for doc in docnames if doc in data[name]}
        return {**data, **part, "post_order": []}  # the order is the main process's own

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        for name in _PAGE_SETS:
            self.data[name].update(otherdata[name] & set(docnames))
        for name in _PAGE_RECORDS:
            theirs = otherdata[name]
            self.data[name].update({doc: theirs[doc] for doc in docnames if doc in theirs})


def sitekit_domain(env: BuildEnvironment) -> SitekitDomain:
    return env.get_domain(SitekitDomain.name)


def build_state(env: BuildEnvironment) -> BuildState:
    """The state of the build under way."""
    return sitekit_domain(env).build
