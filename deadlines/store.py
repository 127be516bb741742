"""Per-document data the extension keeps in the build environment.

Everything is keyed by document so that a re-read document can be purged and a
parallel reader's findings merged, as sphinx-last-updated-by-git does.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from sphinx.environment import BuildEnvironment

from deadlines.calls import Call, Problem

if TYPE_CHECKING:
    from deadlines.snapshot import Snapshot


@dataclass(frozen=True)
class Declared:
    call: Call
    line: int  # the directive's line in its document
    option_lines: Mapping[str, int] = field(default_factory=dict)  # each option's own line


@dataclass(frozen=True)
class Reference:
    call_id: str
    line: int
    key: str = ""  # the milestone a date role names, if any


@dataclass(frozen=True)
class TypedDate:
    text: str
    iso: str  # "" when the typed date is impossible
    line: int


@dataclass
class DeadlinesData:
    calls: dict[str, list[Declared]] = field(default_factory=dict)
    references: dict[str, list[Reference]] = field(default_factory=dict)
    problems: dict[str, list[Problem]] = field(default_factory=dict)
    broken: dict[str, set[str]] = field(default_factory=dict)  # ids of calls that did not parse
    typed_dates: dict[str, list[TypedDate]] = field(default_factory=dict)
    index_pages: set[str] = field(default_factory=set)
    # Build-wide, not per document: what each call's text depended on at the last build.
    signatures: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # This build only: its instant, whether it makes the website (else plain nodes, see
    # plain.py), the validated calls at that instant, and the error count.
    now: datetime | None = None
    for_website: bool = True
    snapshot: Snapshot | None = None
    error_count: int = 0

    _PER_DOCUMENT = ("calls", "references", "problems", "broken", "typed_dates")

    def purge(self, docname: str) -> None:
        for name in self._PER_DOCUMENT:
            getattr(self, name).pop(docname, None)
        self.index_pages.discard(docname)

    def merge(self, docnames: set[str], other: DeadlinesData) -> None:
        for name in self._PER_DOCUMENT:
            mine, theirs = getattr(self, name), getattr(other, name)
            mine.update({doc: theirs[doc] for doc in docnames if doc in theirs})
        self.index_pages |= other.index_pages & docnames

    def __getstate__(self) -> dict[str, object]:
        # The snapshot is derived anew each build; pickling it would only store stale state.
        return self.__dict__ | {"snapshot": None}

    def calls_on(self, docname: str) -> set[str]:
        """The calls a page declares or refers to."""
        declared = {d.call.id for d in self.calls.get(docname, ())}
        return declared | {r.call_id for r in self.references.get(docname, ())}

    def pages_showing(self, call_id: str) -> set[str]:
        showing = {
            doc for doc, refs in self.references.items() if any(r.call_id == call_id for r in refs)
        }
        showing |= {
            doc
            for doc, declared in self.calls.items()
            if any(d.call.id == call_id for d in declared)
        }
        return showing | self.index_pages


def get_data(env: BuildEnvironment) -> DeadlinesData:
    if not hasattr(env, "deadlines_data"):
        env.deadlines_data = DeadlinesData()
    return env.deadlines_data
