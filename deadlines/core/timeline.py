"""Timelines: each call's milestones, with dates shared across an RFI and its RFP.

Calls linked by ``next`` form a chain. A milestone key names one event for the whole
chain: the RFP may restate the RFI's close with ``=`` and gets the RFI's date, ending
in the RFI's zone; two calls that both date it must agree (one may refine the other:
2018-11 then 2018-11-19).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, tzinfo

from deadlines.core.calls import Call, Milestone, Problem, tensed
from deadlines.core.dates import FuzzyDate
from deadlines.core.subtypes import Subtype
from deadlines.core.zones import DEFAULT_ZONE, end_of_day, resolve_zone


@dataclass(frozen=True)
class CallProblem:
    call_id: str
    problem: Problem


@dataclass(frozen=True)
class ChainDate:
    """A milestone's date for a whole chain, in the zone of the call whose statement won.

    A date's days end in one zone, so a key shared by an RFI in New York and its RFP
    Anywhere on Earth is still one instant: every call that shows it uses this zone.
    """

    date: FuzzyDate
    zone_name: str
    call_id: str


@dataclass(frozen=True)
class Row:
    """One line of a call's timeline, its date resolved across the chain."""

    key: str
    date: FuzzyDate
    label: str
    note: str
    line: int
    zone_name: str = DEFAULT_ZONE  # where the date's days end: the stating call's zone

    @property
    def zone(self) -> tzinfo:
        return resolve_zone(self.zone_name)


@dataclass(frozen=True)
class RowAt:
    """A row as it reads at one instant: tense and whether it is the next to come."""

    row: Row
    label: str
    past: bool
    current: bool


@dataclass(frozen=True)
class _Statement:
    """One call's date for a key: from a milestone line, or from its own :opens:/:closes:."""

    call: Call
    date: FuzzyDate
    line: int
    option: str  # "opens" or "closes" when the call states the date as its own

    @property
    def where(self) -> str:
        return f"{self.call.id}'s :{self.option}:" if self.option else self.call.id


def chain_roots(calls: Mapping[str, Call]) -> dict[str, str]:
    """Map each call to the first call of its chain (the one no other call leads to)."""
    previous = {call.next: call.id for call in calls.values() if call.next in calls}
    roots = {}
    for call_id in calls:
        root, seen = call_id, {call_id}
        while root in previous and previous[root] not in seen:
            root = previous[root]
            seen.add(root)
        roots[call_id] = root
    return roots


def _statements(call: Call) -> Iterable[tuple[str, _Statement]]:
    lines = {m.key: m.line for m in call.milestones}
    own = {call.opens_key: "opens", call.closes_key: "closes"}
    for key, date in call.own_dates().items():
        option = own.get(key, "")
        # A call's own opening and closing are stated by its option, never by a '=' line.
        yield key, _Statement(call, date, 0 if option else lines[key], option)


def resolve_chain_dates(
    calls: Mapping[str, Call],
) -> tuple[dict[str, dict[str, ChainDate]], list[CallProblem]]:
    """The most precise agreed date of every key, per chain; and every disagreement.

    A call's own opening and closing outrank what other calls say of them: the RFP's
    :opens: is the RFP period's start, and an RFI that estimated it is the one to fix.
    """
    problems: list[CallProblem] = []
    for call in sorted(calls.values(), key=lambda c: c.id):
        if call.next and call.next not in calls:
            problems.append(
                CallProblem(
                    call.id,
                    Problem(
                        0,
                        f"call {call.id} leads to unknown call {call.next!r}",
                        Subtype.REFERENCE,
                        option="next",
                    ),
                )
            )
    roots = chain_roots(calls)
    statements: dict[str, dict[str, list[_Statement]]] = {}
    for call in sorted(calls.values(), key=lambda c: (c.opens.first is None, c.opens.first, c.id)):
        by_key = statements.setdefault(roots[call.id], {})
        for key, statement in _statements(call):
            by_key.setdefault(key, []).append(statement)

    resolved: dict[str, dict[str, ChainDate]] = {}
    for root, by_key in statements.items():
        dates = resolved.setdefault(root, {})
        for key, stated in by_key.items():
            stated.sort(key=lambda s: not s.option)  # the owner first; then by opening
            best = stated[0]
            for statement in stated[1:]:
                if not statement.date.agrees_with(best.date):
                    problems.append(CallProblem(statement.call.id, _conflict(key, statement, best)))
                    continue
                if best.date.more_precise(statement.date) is not best.date:
                    best = statement
            dates[key] = ChainDate(best.date, best.call.zone_name, best.call.id)

    for call in calls.values():
        known = resolved.get(roots[call.id], {})
        for milestone in call.milestones:
            if milestone.date is None and milestone.key not in known:
                problems.append(
                    CallProblem(
                        call.id,
                        Problem(
                            milestone.line,
                            f"milestone {milestone.key} takes its date ('=') from a linked call, "
                            "but no call in its chain dates it",
                            Subtype.REFERENCE,
                        ),
                    )
                )
    return resolved, problems


def _conflict(key: str, here: _Statement, best: _Statement) -> Problem:
    """Reported where ``here`` states its date: a milestone line, or its own option."""
    message = (
        f"milestone {key} is {here.date.iso()} here but {best.date.iso()} in {best.where}; "
        "calls of one chain must agree"
    )
    if here.option:
        # Its own :opens:/:closes: cannot say '='; two calls of one kind in one chain clash.
        message += f" (only one {here.call.kind.value} of a chain can state {key})"
    else:
        message += f" (write '=' as its date to take {best.call.id}'s)"
    return Problem(here.line, message, Subtype.CONFLICT, option=here.option)


def timeline_rows(call: Call, chain_dates: Mapping[str, ChainDate]) -> list[Row]:
    """The call's own rows in its own order; its opening and closing slot in by date unless placed."""
    listed = {m.key for m in call.milestones}
    implicit = [
        Milestone(call.opens_key, call.opens, f"{call.kind.period} {{opens|opened}}"),
        Milestone(call.closes_key, call.closes, f"{call.kind.period} {{closes|closed}}"),
    ]
    ordered = list(call.milestones)

    def date_of(milestone: Milestone) -> FuzzyDate | None:
        stated = chain_dates.get(milestone.key)
        return stated.date if stated else milestone.date

    for position, milestone in enumerate(m for m in implicit if m.key not in listed):
        dated = [(date_of(m), i) for i, m in enumerate(ordered)]
        later = [i for date, i in dated if date is not None and milestone.date.is_before(date)]
        ordered.insert(
            min(later, default=len(ordered)) if milestone.date.is_known else position, milestone
        )
    rows = []
    for milestone in ordered:
        stated = chain_dates.get(milestone.key)
        rows.append(
            Row(
                milestone.key,
                date_of(milestone) or FuzzyDate.tbd(),
                milestone.label,
                milestone.note,
                milestone.line,
                stated.zone_name if stated else call.zone_name,
            )
        )
    return rows


def check_order(call: Call, rows: list[Row]) -> list[Problem]:
    """Each dated row must not come certainly before the dated row above it."""
    problems = []
    latest: Row | None = None
    for row in rows:
        if not row.date.is_known:
            continue
        if latest is not None and row.date.is_before(latest.date):
            problems.append(
                Problem(
                    row.line,
                    f"milestone {row.key} ({row.date.iso()}) is listed after {latest.key} "
                    f"({latest.date.iso()}) but comes before it; put them in date order",
                    Subtype.ORDER,
                )
            )
        latest = row
    return problems


def tense_holds_until(rows: list[Row], now: datetime) -> datetime | None:
    """The first instant from ``now`` on at which a milestone turns past, if one will."""
    ends = (end_of_day(row.date.last, row.zone) for row in rows if row.date.is_known)
    return min((end for end in ends if end > now), default=None)


def rows_at(rows: list[Row], now: datetime) -> list[RowAt]:
    """Tense follows the clock: a milestone is past once its last day has ended in its zone."""
    result = []
    current_found = False
    for row in rows:
        past = row.date.is_known and now >= end_of_day(row.date.last, row.zone)
        current = not past and row.date.is_known and not current_found
        current_found = current_found or current
        result.append(RowAt(row, tensed(row.label, past), past, current))
    return result
