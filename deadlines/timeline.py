"""Timelines: each call's milestones, with dates shared across an RFI and its RFP.

Calls linked by ``next`` form a chain. A milestone key names one event for the whole
chain: the RFP may restate the RFI's close with ``=`` and gets the RFI's date; two
calls that both date it must agree (one may refine the other: 2018-11 then 2018-11-19).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, tzinfo

from deadlines.calls import Call, Milestone, Problem, tensed
from deadlines.dates import FuzzyDate
from deadlines.zones import end_of_day


@dataclass(frozen=True)
class CallProblem:
    call_id: str
    problem: Problem


@dataclass(frozen=True)
class Row:
    """One line of a call's timeline, its date resolved across the chain."""

    key: str
    date: FuzzyDate
    label: str
    note: str
    line: int


@dataclass(frozen=True)
class RowAt:
    """A row as it reads at one instant: tense and whether it is the next to come."""

    row: Row
    label: str
    past: bool
    current: bool


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


def resolve_chain_dates(
    calls: Mapping[str, Call],
) -> tuple[dict[str, dict[str, FuzzyDate]], list[CallProblem]]:
    """The most precise agreed date of every key, per chain; and every disagreement."""
    problems: list[CallProblem] = []
    for call in sorted(calls.values(), key=lambda c: c.id):
        if call.next and call.next not in calls:
            problems.append(
                CallProblem(
                    call.id,
                    Problem(0, f"call {call.id} leads to unknown call {call.next!r}", "reference"),
                )
            )
    roots = chain_roots(calls)
    statements: dict[str, dict[str, list[tuple[Call, FuzzyDate, int]]]] = {}
    for call in sorted(calls.values(), key=lambda c: (c.opens.first is None, c.opens.first, c.id)):
        by_key = statements.setdefault(roots[call.id], {})
        lines = {m.key: m.line for m in call.milestones}
        for key, date in call.own_dates().items():
            by_key.setdefault(key, []).append((call, date, lines.get(key, 0)))

    resolved: dict[str, dict[str, FuzzyDate]] = {}
    for root, by_key in statements.items():
        dates = resolved.setdefault(root, {})
        for key, stated in by_key.items():
            first_call, best, _ = stated[0]
            for call, date, line in stated[1:]:
                if not date.agrees_with(best):
                    problems.append(
                        CallProblem(
                            call.id,
                            Problem(
                                line,
                                f"milestone {key} is {date.iso()} here but {best.iso()} in {first_call.id}; "
                                "calls of one chain must agree (write '=' to take the other's date)",
                                "conflict",
                            ),
                        )
                    )
                    continue
                best = best.more_precise(date)
            dates[key] = best

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
                            "reference",
                        ),
                    )
                )
    return resolved, problems


def timeline_rows(call: Call, chain_dates: Mapping[str, FuzzyDate]) -> list[Row]:
    """The call's own rows in its own order; its opening and closing slot in by date unless placed."""
    listed = {m.key for m in call.milestones}
    implicit = [
        Milestone(call.opens_key, call.opens, f"{call.kind.period} {{opens|opened}}"),
        Milestone(call.closes_key, call.closes, f"{call.kind.period} {{closes|closed}}"),
    ]
    ordered = list(call.milestones)
    for position, milestone in enumerate(m for m in implicit if m.key not in listed):
        dated = [(chain_dates.get(m.key) or m.date, i) for i, m in enumerate(ordered)]
        later = [i for date, i in dated if date is not None and milestone.date.is_before(date)]
        ordered.insert(
            min(later, default=len(ordered)) if milestone.date.is_known else position, milestone
        )
    return [
        Row(m.key, chain_dates.get(m.key) or m.date or FuzzyDate.tbd(), m.label, m.note, m.line)
        for m in ordered
    ]


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
                    "order",
                )
            )
        latest = row
    return problems


def rows_at(rows: list[Row], zone: tzinfo, now: datetime) -> list[RowAt]:
    """Tense follows the clock: a milestone is past once its last day has ended in the call's zone."""
    result = []
    current_found = False
    for row in rows:
        past = row.date.is_known and now >= end_of_day(row.date.last, zone)
        current = not past and row.date.is_known and not current_found
        current_found = current_found or current
        result.append(RowAt(row, tensed(row.label, past), past, current))
    return result
