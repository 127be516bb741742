"""All calls at the build's instant: validated once after reading, used by every page."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from deadlines.core.calls import Call, Problem
from deadlines.core.dates import FuzzyDate, Precision
from deadlines.core.records import Collected
from deadlines.core.status import Status, status_at, status_holds_until
from deadlines.core.subtypes import Subtype
from deadlines.core.timeline import (
    Row,
    RowAt,
    chain_roots,
    check_order,
    resolve_chain_dates,
    rows_at,
    tense_holds_until,
    timeline_rows,
)
from deadlines.core.views import CallView, Links


@dataclass(frozen=True)
class Finding:
    """A problem found in one document, to be reported with its file and line."""

    docname: str
    line: int
    message: str
    subtype: Subtype
    is_error: bool = True


@dataclass
class Snapshot:
    now: datetime
    closing_soon_days: int
    opens_soon_days: int
    calls: dict[str, Call] = field(default_factory=dict)
    homes: dict[str, str] = field(default_factory=dict)  # call id -> its document
    lines: dict[str, int] = field(default_factory=dict)  # call id -> its directive's line
    option_lines: dict[str, Mapping[str, int]] = field(default_factory=dict)  # -> each option's
    roots: dict[str, str] = field(default_factory=dict)
    rows: dict[str, list[Row]] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)

    def status(self, call_id: str) -> Status:
        return status_at(
            self.calls[call_id], self.now, self.closing_soon_days, self.opens_soon_days
        )

    def rows_now(self, call_id: str) -> tuple[RowAt, ...]:
        return tuple(rows_at(self.rows[call_id], self.now))

    def view(self, call_id: str, links: Links | None = None) -> CallView:
        """The call as readers see it at this instant; links only where the output has pages."""
        call = self.calls[call_id]
        next_call = self.calls.get(call.next)
        links = links or Links("", "", next_title=next_call.title if next_call else "")
        return CallView(call, self.status(call_id), links, self.now, self.rows_now(call_id))

    def milestone_date(self, call_id: str, key: str) -> FuzzyDate | None:
        return next((row.date for row in self.rows.get(call_id, ()) if row.key == key), None)

    def signature(self, call_id: str) -> tuple[str, ...]:
        """What every rendering of this call depends on; pages are rewritten when it changes."""
        return (
            *self.status(call_id).signature(),
            self.now.date().isoformat(),
            *(str(row.past) for row in self.rows_now(call_id)),
        )

    def holds_until(self) -> datetime:
        """The first instant at which a page written at ``now`` may read differently.

        Every signature above names the day, so the next midnight bounds it; before that,
        a call's status or a milestone's tense can turn.
        """
        next_day = self.now.date() + timedelta(days=1)
        turns = [datetime.combine(next_day, time(), self.now.tzinfo)]
        for call_id, call in self.calls.items():
            turns.append(
                status_holds_until(call, self.now, self.closing_soon_days, self.opens_soon_days)
            )
            turns.append(tense_holds_until(self.rows.get(call_id, []), self.now))
        return min(turn for turn in turns if turn is not None)

    def sitewide(self) -> list[str]:
        return [call_id for call_id in sorted(self.calls) if self.status(call_id).is_sitewide]

    def sitewide_signature(self) -> tuple[str, ...]:
        return tuple(f"{call_id}:{self.status(call_id).state}" for call_id in self.sitewide())

    def ordered(self) -> list[str]:
        """Calls by opening date, latest first, as readers scan a list of calls."""
        return sorted(
            self.calls,
            key=lambda c: (self.calls[c].opens.first is not None, self.calls[c].opens.first, c),
            reverse=True,
        )


def take_snapshot(
    data: Collected, now: datetime, closing_soon_days: int, opens_soon_days: int
) -> Snapshot:
    snapshot = Snapshot(now, closing_soon_days, opens_soon_days)
    findings = snapshot.findings
    for docname in sorted(data.problems):
        findings.extend(
            Finding(docname, p.line, p.message, p.subtype) for p in data.problems[docname]
        )

    for docname in sorted(data.calls):
        for declared in data.calls[docname]:
            call = declared.call
            if call.id in snapshot.calls:
                findings.append(
                    Finding(
                        docname,
                        declared.line,
                        f"call id {call.id} is already declared in {snapshot.homes[call.id]}; give each call its own id",
                        Subtype.DUPLICATE,
                    )
                )
                continue
            snapshot.calls[call.id] = call
            snapshot.homes[call.id] = docname
            snapshot.lines[call.id] = declared.line
            snapshot.option_lines[call.id] = declared.option_lines

    causes = list(findings)  # calls that did not parse, or clash; later checks cascade from them
    chain_dates, chain_problems = resolve_chain_dates(snapshot.calls)
    for found in chain_problems:
        findings.append(_at_call(snapshot, found.call_id, found.problem))
    snapshot.roots.update(chain_roots(snapshot.calls))
    for call_id, call in snapshot.calls.items():
        rows = timeline_rows(call, chain_dates.get(snapshot.roots[call_id], {}))
        snapshot.rows[call_id] = rows
        findings.extend(_at_call(snapshot, call_id, problem) for problem in check_order(call, rows))

    if causes:
        # A call that does not parse, or clashes, makes every page that names it an error
        # too; report the causes only, and the rest once they are fixed.
        findings[:] = [f for f in findings if f.subtype != Subtype.REFERENCE]
        return snapshot
    findings.extend(_reference_findings(snapshot, data))
    findings.extend(_prose_findings(snapshot, data))
    return snapshot


def _at_call(snapshot: Snapshot, call_id: str, problem: Problem) -> Finding:
    """A chain problem at its file line: an option's own line, a milestone's, or the call's."""
    line = problem.line or snapshot.lines[call_id]
    if problem.option:
        line = snapshot.option_lines[call_id].get(problem.option, snapshot.lines[call_id])
    return Finding(snapshot.homes[call_id], line, problem.message, problem.subtype)


def _reference_findings(snapshot: Snapshot, data: Collected) -> Iterable[Finding]:
    for docname in sorted(data.references):
        for ref in data.references[docname]:
            if ref.call_id not in snapshot.calls:
                known = ", ".join(sorted(snapshot.calls)) or "none"
                yield Finding(
                    docname,
                    ref.line,
                    f"unknown call {ref.call_id!r} (known calls: {known})",
                    Subtype.REFERENCE,
                )
            elif ref.key and snapshot.milestone_date(ref.call_id, ref.key) is None:
                keys = ", ".join(row.key for row in snapshot.rows[ref.call_id])
                yield Finding(
                    docname,
                    ref.line,
                    f"call {ref.call_id} has no milestone {ref.key!r} (it has: {keys})",
                    Subtype.REFERENCE,
                )


def _prose_findings(snapshot: Snapshot, data: Collected) -> Iterable[Finding]:
    for docname in sorted(data.typed_dates):
        shown = {
            ref.call_id for ref in data.references.get(docname, ()) if ref.call_id in snapshot.calls
        }
        shown |= {call_id for call_id, home in snapshot.homes.items() if home == docname}
        if not shown:
            continue
        known_days = {
            row.date.iso()
            for call_id in shown
            for row in snapshot.rows[call_id]
            if row.date.precision is Precision.DAY
        }
        for typed in data.typed_dates[docname]:
            if typed.iso in known_days:
                continue
            what = (
                "is not a date" if not typed.iso else f"is not a date of {', '.join(sorted(shown))}"
            )
            yield Finding(
                docname,
                typed.line,
                f"typed date {typed.text!r} {what}; take it from the data with "
                "{call-date}`CALL:KEY` (reST :call-date:`CALL:KEY`)",
                Subtype.PROSE,
                is_error=False,
            )
