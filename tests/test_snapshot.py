"""deadlines.core.snapshot: how long what a build wrote at one instant stays true."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from deadlines.core.snapshot import Snapshot
from deadlines.core.timeline import resolve_chain_dates, timeline_rows
from tests.samples import RFI_ID, RFI_OPTIONS, RFP_ID, RFP_OPTIONS, parse
from tests.test_timeline import RFI_BODY, RFP_BODY

SECOND = timedelta(seconds=1)


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


def chain_snapshot(now: datetime) -> Snapshot:
    calls = {
        RFI_ID: parse(RFI_ID, RFI_OPTIONS, RFI_BODY),
        RFP_ID: parse(RFP_ID, RFP_OPTIONS, RFP_BODY),
    }
    resolved, _ = resolve_chain_dates(calls)
    rows = {call_id: timeline_rows(call, resolved[RFI_ID]) for call_id, call in calls.items()}
    return Snapshot(now, 3, 14, calls=calls, rows=rows)


def everything_shown(snapshot: Snapshot) -> tuple:
    return (
        snapshot.sitewide_signature(),
        *(snapshot.signature(call_id) for call_id in sorted(snapshot.calls)),
    )


@pytest.mark.parametrize(
    ("now", "until"),
    [
        (utc(2018, 10, 1, 13), utc(2018, 10, 2)),  # the countdowns turn at noon UTC: midnight first
        (utc(2018, 10, 30, 11, 59, 59), utc(2018, 10, 30, 12)),  # the RFI opens (AoE)
        (utc(2018, 11, 14, 11, 30), utc(2018, 11, 14, 12)),  # less than an hour: it closes
        (utc(2030, 1, 1, 5), utc(2030, 1, 2)),  # all over: the day still turns
    ],
    ids=["a-quiet-day", "opens", "closes", "all-over"],
)
def test_holds_until(now, until):
    assert chain_snapshot(now).holds_until() == until


def test_what_a_page_shows_holds_until_then_and_turns_there():
    snapshot = chain_snapshot(utc(2018, 9, 20))
    while snapshot.now < utc(2019, 5, 1):
        until = snapshot.holds_until()
        shown = everything_shown(snapshot)
        assert everything_shown(replace(snapshot, now=until - SECOND)) == shown
        turned = {everything_shown(replace(snapshot, now=until + n * SECOND)) for n in (0, 1)}
        assert turned != {shown}, snapshot.now
        snapshot = replace(snapshot, now=until + SECOND)
