"""What reading a page records about calls, kept per document by the Sphinx layer."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from deadlines.core.calls import Call, Problem


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


class Collected(Protocol):
    """Everything read from the pages, by document: what a snapshot is taken of."""

    @property
    def calls(self) -> Mapping[str, Sequence[Declared]]: ...

    @property
    def references(self) -> Mapping[str, Sequence[Reference]]: ...

    @property
    def problems(self) -> Mapping[str, Sequence[Problem]]: ...

    @property
    def typed_dates(self) -> Mapping[str, Sequence[TypedDate]]: ...
