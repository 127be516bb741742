"""Where the extension keeps what it reads: a Sphinx domain, as ``sphinx.ext.todo`` does.

The records of each page live in the domain's data, which Sphinx pickles with the
environment, clears when the page is read again (``clear_doc``) and merges from parallel
readers (``merge_domaindata``). The state of one build, its instant and its snapshot,
lives on the domain object, which Sphinx makes anew for every build and never pickles.
"""

from __future__ import annotations

from collections.abc import Iterable, Set
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sphinx.domains import Domain
from sphinx.environment import BuildEnvironment

from deadlines.core.calls import Problem
from deadlines.core.records import Declared, Reference, TypedDate
from deadlines.core.snapshot import Snapshot

_PER_DOCUMENT = ("calls", "references", "problems", "typed_dates")


@dataclass
class BuildState:
    """This build only: its instant, whether it makes the website (else plain nodes, see
    plain.py), the calls validated at that instant, and how many errors they had; and the
    site-wide notice's HTML, by the calls it names and their links (visitors.py)."""

    now: datetime
    for_website: bool
    snapshot: Snapshot | None = None
    error_count: int = 0
    sitewide_html: dict[tuple, str] = field(default_factory=dict)


class DeadlinesDomain(Domain):
    name = "deadlines"
    label = "Calls"
    data_version = 1
    initial_data: dict[str, Any] = {  # noqa: RUF012 (Sphinx's own way to declare it)
        **{name: {} for name in _PER_DOCUMENT},
        "index_pages": set(),
        # Build-wide: what each call's text depended on at the last build.
        "signatures": {},
    }

    def __init__(self, env: BuildEnvironment) -> None:
        super().__init__(env)
        self.build: BuildState | None = None

    @property
    def calls(self) -> dict[str, list[Declared]]:
        return self.data["calls"]

    @property
    def references(self) -> dict[str, list[Reference]]:
        return self.data["references"]

    @property
    def problems(self) -> dict[str, list[Problem]]:
        return self.data["problems"]

    @property
    def typed_dates(self) -> dict[str, list[TypedDate]]:
        return self.data["typed_dates"]

    @property
    def index_pages(self) -> set[str]:
        return self.data["index_pages"]

    @property
    def signatures(self) -> dict[str, tuple[str, ...]]:
        return self.data["signatures"]

    def clear_doc(self, docname: str) -> None:
        for name in _PER_DOCUMENT:
            self.data[name].pop(docname, None)
        self.index_pages.discard(docname)

    @staticmethod
    def merged_part(data: dict[str, Any], docnames: Set[str]) -> dict[str, Any]:
        """What merge_domaindata reads of ``data`` for ``docnames``: all that a ``-j``
        reader that read those pages need send back."""
        part = {
            name: {doc: data[name][doc] for doc in docnames if doc in data[name]}
            for name in _PER_DOCUMENT
        }
        return {**data, **part, "index_pages": data["index_pages"] & set(docnames)}

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        for name in _PER_DOCUMENT:
            mine, theirs = self.data[name], otherdata[name]
            mine.update({doc: theirs[doc] for doc in docnames if doc in theirs})
        self.index_pages.update(otherdata["index_pages"] & set(docnames))

    def calls_on(self, docname: str) -> set[str]:
        """The calls a page declares or refers to."""
        declared = {d.call.id for d in self.calls.get(docname, ())}
        return declared | {r.call_id for r in self.references.get(docname, ())}

    def pages_showing(self, call_id: str) -> set[str]:
        showing = {doc for doc, refs in self.references.items() if _names(refs, call_id)}
        showing |= {
            doc
            for doc, declared in self.calls.items()
            if any(d.call.id == call_id for d in declared)
        }
        return showing | self.index_pages


def _names(references: Iterable[Reference], call_id: str) -> bool:
    return any(reference.call_id == call_id for reference in references)


def calls_domain(env: BuildEnvironment) -> DeadlinesDomain:
    return env.get_domain(DeadlinesDomain.name)


def build_state(env: BuildEnvironment) -> BuildState:
    """The state of the build under way; set as the builder starts."""
    state = calls_domain(env).build
    if state is None:
        raise RuntimeError("deadlines: the build's state is read before the builder started")
    return state
