"""deadlines.core.views: what a call says at one instant, as plain words shared by every output."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from deadlines.core.status import status_at
from deadlines.core.timeline import resolve_chain_dates, rows_at, timeline_rows
from deadlines.core.views import CallView, Links
from tests.samples import RFI_ID, RFI_OPTIONS, RFP_ID, RFP_OPTIONS, parse


def view(now: datetime, **changes: str) -> CallView:
    call = parse(RFI_ID, {**RFI_OPTIONS, "next": "", **changes}, [])
    resolved, _ = resolve_chain_dates({RFI_ID: call})
    rows = tuple(rows_at(timeline_rows(call, resolved[RFI_ID]), now))
    return CallView(call, status_at(call, now), Links("", ""), now, rows)


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


@pytest.mark.parametrize(
    ("now", "changes", "state_text"),
    [
        (
            utc(2018, 10, 20),
            {},
            "Opens at the start of October 30, 2018, Anywhere on Earth "
            "(October 30, 2018, 12:00 UTC), in 10 days.",
        ),
        (
            utc(2018, 11, 6, 12),
            {},
            "Closes at the end of November 13, 2018, Anywhere on Earth "
            "(November 14, 2018, 11:59 UTC); 8 days left.",
        ),
        (
            utc(2018, 11, 20),
            {},
            "Closed at the end of November 13, 2018, Anywhere on Earth "
            "(November 14, 2018, 11:59 UTC).",
        ),
        (
            utc(2018, 11, 6),
            {"closes": "TBD"},
            "Opened on October 30, 2018, Anywhere on Earth; its closing date is to be decided.",
        ),
        (utc(2018, 11, 6), {"opens": "TBD", "closes": "TBD"}, "Its dates are to be decided."),
    ],
    ids=["upcoming", "open", "closed", "closes-tbd", "all-tbd"],
)
def test_state_text(now, changes, state_text):
    assert view(now, **changes).state_text == state_text


@pytest.mark.parametrize(
    ("changes", "deadline_text", "closes_iso", "period_text"),
    [
        (
            {},
            "the end of November 13, 2018, Anywhere on Earth (November 14, 2018, 11:59 UTC)",
            "2018-11-14T11:59:59Z",
            "RFI, October 30, 2018 to November 13, 2018, Anywhere on Earth",
        ),
        (
            {"closes": "TBD"},
            "a date to be decided",
            "",
            "RFI, October 30, 2018 to a date to be decided, Anywhere on Earth",
        ),
        ({"opens": "TBD", "closes": "TBD"}, "a date to be decided", "", "RFI"),
    ],
    ids=["dated", "closes-tbd", "all-tbd"],
)
def test_deadline_and_period(changes, deadline_text, closes_iso, period_text):
    shown = view(utc(2018, 11, 6), **changes)
    assert (shown.deadline_text, shown.closes_iso, shown.period_text) == (
        deadline_text,
        closes_iso,
        period_text,
    )


def test_rows_from_another_zone_are_named_and_the_caption_says_so():
    now = utc(2018, 11, 6)
    rfi = parse(RFI_ID, {**RFI_OPTIONS, "timezone": "America/New_York"}, [])
    rfp = parse(RFP_ID, RFP_OPTIONS, ["rfi-closes = RFI closes", "later TBD Later"])
    resolved, problems = resolve_chain_dates({RFI_ID: rfi, RFP_ID: rfp})
    assert problems == []
    rows = tuple(rows_at(timeline_rows(rfp, resolved[RFI_ID]), now))
    shown = CallView(rfp, status_at(rfp, now), Links("", ""), now, rows)
    assert {r.row.key: shown.row_zone(r) for r in rows} == {
        "rfi-closes": "America/New_York",
        "rfp-opens": "",
        "rfp-closes": "",
        "later": "",  # no date, so no zone to name
    }
    assert shown.timeline_caption == (
        "Timeline of the RFP; each date ends at midnight, Anywhere on Earth, "
        "unless another zone is named."
    )
    alone = view(now)
    assert alone.timeline_caption == (
        "Timeline of the RFI; each date ends at midnight, Anywhere on Earth."
    )
