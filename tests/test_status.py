"""deadlines.core.status: where a call stands at one explicit instant."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from deadlines.core.calls import Call, parse_call
from deadlines.core.status import (
    State,
    Status,
    describe_remaining,
    status_at,
    status_holds_until,
)

AOE = timezone(timedelta(hours=-12))
SECOND = timedelta(seconds=1)


def make_call(opens: str, closes: str, zone: str) -> Call:
    call, problems = parse_call(
        "a-call",
        {"kind": "RFI", "title": "A call", "opens": opens, "closes": closes, "timezone": zone},
        [],
    )
    assert problems == []
    return call


CALLS = {
    # opens 2018-10-30T12:00Z, closes (exclusive) 2018-11-14T12:00Z
    "aoe": make_call("2018-10-30", "2018-11-13", "AoE"),
    # opens 2018-10-30T00:00Z, closes 2018-11-14T00:00Z
    "utc": make_call("2018-10-30", "2018-11-13", "UTC"),
    # opens 2018-10-22T04:00Z (EDT), closes at the end of the fall-back day: 2018-11-05T05:00Z (EST)
    "new-york": make_call("2018-10-22", "2018-11-04", "America/New_York"),
}


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


UPCOMING, OPEN, CLOSED = State.UPCOMING, State.OPEN, State.CLOSED

# call, now, state, closing_soon, opens_soon, remaining
BOUNDARIES = [
    # AoE: opens_soon flips 14 days before 2018-10-30T12:00Z
    ("aoe", utc(2018, 10, 16, 11, 59, 59), UPCOMING, False, False, timedelta(days=14) + SECOND),
    ("aoe", utc(2018, 10, 16, 12), UPCOMING, False, True, timedelta(days=14)),
    ("aoe", utc(2018, 10, 30, 11, 59, 59), UPCOMING, False, True, SECOND),
    ("aoe", utc(2018, 10, 30, 12), OPEN, False, False, timedelta(days=15)),
    ("aoe", utc(2018, 11, 11, 11, 59, 59), OPEN, False, False, timedelta(days=3) + SECOND),
    ("aoe", utc(2018, 11, 11, 12), OPEN, True, False, timedelta(days=3)),
    ("aoe", utc(2018, 11, 14, 11, 59, 59), OPEN, True, False, SECOND),
    ("aoe", utc(2018, 11, 14, 12), CLOSED, False, False, None),
    ("aoe", datetime(2018, 11, 13, 23, 59, 59, tzinfo=AOE), OPEN, True, False, SECOND),
    ("aoe", datetime(2018, 11, 14, 0, 0, tzinfo=AOE), CLOSED, False, False, None),
    ("aoe", utc(2019, 6, 1), CLOSED, False, False, None),
    # UTC: midnight boundaries
    ("utc", utc(2018, 10, 15, 23, 59, 59), UPCOMING, False, False, timedelta(days=14) + SECOND),
    ("utc", utc(2018, 10, 16), UPCOMING, False, True, timedelta(days=14)),
    ("utc", utc(2018, 10, 29, 23, 59, 59), UPCOMING, False, True, SECOND),
    ("utc", utc(2018, 10, 30), OPEN, False, False, timedelta(days=15)),
    ("utc", utc(2018, 11, 10, 23, 59, 59), OPEN, False, False, timedelta(days=3) + SECOND),
    ("utc", utc(2018, 11, 11), OPEN, True, False, timedelta(days=3)),
    ("utc", utc(2018, 11, 13, 23, 59, 59), OPEN, True, False, SECOND),
    ("utc", utc(2018, 11, 14), CLOSED, False, False, None),
    # America/New_York: opens in EDT (UTC-4), closes at the end of the 25-hour day in EST (UTC-5)
    ("new-york", utc(2018, 10, 8, 3, 59, 59), UPCOMING, False, False, timedelta(days=14) + SECOND),
    ("new-york", utc(2018, 10, 8, 4), UPCOMING, False, True, timedelta(days=14)),
    ("new-york", utc(2018, 10, 22, 3, 59, 59), UPCOMING, False, True, SECOND),
    ("new-york", utc(2018, 10, 22, 4), OPEN, False, False, timedelta(days=14, hours=1)),
    ("new-york", utc(2018, 11, 2, 4, 59, 59), OPEN, False, False, timedelta(days=3) + SECOND),
    ("new-york", utc(2018, 11, 2, 5), OPEN, True, False, timedelta(days=3)),
    ("new-york", utc(2018, 11, 5, 4), OPEN, True, False, timedelta(hours=1)),
    ("new-york", utc(2018, 11, 5, 4, 59, 59), OPEN, True, False, SECOND),
    ("new-york", utc(2018, 11, 5, 5), CLOSED, False, False, None),
]
BOUNDARY_IDS = [
    "aoe-before-opens-soon",
    "aoe-opens-soon",
    "aoe-last-second-upcoming",
    "aoe-opens",
    "aoe-before-closing-soon",
    "aoe-closing-soon",
    "aoe-last-second-open",
    "aoe-closed",
    "aoe-last-second-in-aoe",
    "aoe-closed-in-aoe",
    "aoe-long-closed",
    "utc-before-opens-soon",
    "utc-opens-soon",
    "utc-last-second-upcoming",
    "utc-opens",
    "utc-before-closing-soon",
    "utc-closing-soon",
    "utc-last-second-open",
    "utc-closed",
    "ny-before-opens-soon",
    "ny-opens-soon",
    "ny-last-second-upcoming",
    "ny-opens",
    "ny-before-closing-soon",
    "ny-closing-soon",
    "ny-edt-midnight-still-open",
    "ny-last-second-open",
    "ny-closed",
]


@pytest.mark.parametrize(
    ("call_name", "now", "state", "closing_soon", "opens_soon", "remaining"),
    BOUNDARIES,
    ids=BOUNDARY_IDS,
)
def test_status_at_boundaries(call_name, now, state, closing_soon, opens_soon, remaining):
    status = status_at(CALLS[call_name], now, closing_soon_days=3, opens_soon_days=14)
    assert status.state is state
    assert status.closing_soon is closing_soon
    assert status.opens_soon is opens_soon
    assert status.remaining == remaining


@pytest.mark.parametrize(
    ("now", "closing_soon"),
    [(utc(2018, 11, 11, 11, 59, 59), False), (utc(2018, 11, 11, 12), True)],
    ids=["one-second-before", "exactly-three-days"],
)
def test_default_thresholds_are_three_and_fourteen_days(now, closing_soon):
    assert status_at(CALLS["aoe"], now).closing_soon is closing_soon
    assert status_at(CALLS["aoe"], utc(2018, 10, 16, 11, 59, 59)).opens_soon is False
    assert status_at(CALLS["aoe"], utc(2018, 10, 16, 12)).opens_soon is True


@pytest.mark.parametrize(
    ("now", "closing_days", "opens_days", "closing_soon", "opens_soon"),
    [
        (utc(2018, 11, 7, 11, 59, 59), 7, 14, False, False),
        (utc(2018, 11, 7, 12), 7, 14, True, False),
        (utc(2018, 11, 14, 11, 59, 59), 0, 14, False, False),
        (utc(2018, 10, 30, 11, 59, 59), 3, 0, False, False),
        (utc(2018, 9, 30, 12), 3, 30, False, True),
        (utc(2018, 9, 30, 11, 59, 59), 3, 30, False, False),
    ],
    ids=["7-days-before", "7-days", "0-days", "opens-0-days", "opens-30-days", "opens-30-before"],
)
def test_custom_thresholds(now, closing_days, opens_days, closing_soon, opens_soon):
    status = status_at(
        CALLS["aoe"], now, closing_soon_days=closing_days, opens_soon_days=opens_days
    )
    assert (status.closing_soon, status.opens_soon) == (closing_soon, opens_soon)


@pytest.mark.parametrize(
    ("opens", "closes", "now"),
    [
        ("TBD", "TBD", utc(2018, 11, 1)),
        ("TBD", "2018-11-13", utc(2018, 11, 1)),
        ("TBD", "2018-11-13", utc(2019, 1, 1)),
    ],
    ids=["both-tbd", "opens-tbd-before-close", "opens-tbd-after-close"],
)
def test_tbd_opening_gives_tbd(opens, closes, now):
    status = status_at(make_call(opens, closes, "AoE"), now)
    assert status == Status(State.TBD)
    assert status.countdown == ""


def test_upcoming_with_tbd_close():
    status = status_at(make_call("2018-10-30", "TBD", "AoE"), utc(2018, 10, 30, 11, 59, 59))
    assert status.state is State.UPCOMING
    assert status.remaining == SECOND


def test_naive_now_raises():
    with pytest.raises(ValueError, match="naive"):
        status_at(CALLS["aoe"], datetime(2018, 11, 1, 12))


@pytest.mark.parametrize(
    ("left", "expected"),
    [
        (timedelta(days=15), "15 days"),
        (timedelta(days=5), "5 days"),
        (timedelta(days=2, hours=23, minutes=59), "2 days"),
        (timedelta(days=2), "2 days"),
        (timedelta(days=1, hours=23, minutes=59), "1 day and 23 hours"),
        (timedelta(days=1, hours=5), "1 day and 5 hours"),
        (timedelta(days=1, hours=1), "1 day and 1 hour"),
        (timedelta(days=1, minutes=59), "1 day"),
        (timedelta(days=1), "1 day"),
        (timedelta(hours=23, minutes=59, seconds=59), "23 hours"),
        (timedelta(hours=3), "3 hours"),
        (timedelta(hours=2), "2 hours"),
        (timedelta(hours=1, minutes=59), "1 hour"),
        (timedelta(hours=1), "1 hour"),
        (timedelta(minutes=59), "less than an hour"),
        (timedelta(seconds=1), "less than an hour"),
        (timedelta(0), "less than an hour"),
    ],
    ids=[
        "15-days",
        "5-days",
        "almost-3-days",
        "2-days",
        "almost-2-days",
        "1-day-5-hours",
        "1-day-1-hour",
        "1-day-59-min",
        "1-day",
        "almost-a-day",
        "3-hours",
        "2-hours",
        "almost-2-hours",
        "1-hour",
        "59-min",
        "1-second",
        "zero",
    ],
)
def test_describe_remaining(left, expected):
    assert describe_remaining(left) == expected


@pytest.mark.parametrize(
    ("now", "countdown", "sitewide"),
    [
        (utc(2018, 10, 1), "29 days", False),
        (utc(2018, 10, 25, 12), "5 days", True),
        (utc(2018, 11, 9, 12), "5 days", True),
        (utc(2018, 11, 13, 7), "1 day and 5 hours", True),
        (utc(2018, 11, 14, 11, 1), "less than an hour", True),
        (utc(2018, 11, 14, 12), "", False),
    ],
    ids=["upcoming-far", "upcoming-soon", "open", "open-1-day", "open-last-hour", "closed"],
)
def test_countdown_and_sitewide(now, countdown, sitewide):
    status = status_at(CALLS["aoe"], now)
    assert status.countdown == countdown
    assert status.is_sitewide is sitewide


# call, now, the first instant the signature may turn
HOLDS_UNTIL = [
    ("aoe", utc(2018, 10, 1), utc(2018, 10, 1, 12)),  # 29 days left, then 28
    ("aoe", utc(2018, 10, 16, 11, 59, 59), utc(2018, 10, 16, 12)),  # opens soon
    ("aoe", utc(2018, 10, 30, 11, 0, 30), utc(2018, 10, 30, 12)),  # opens
    ("aoe", utc(2018, 11, 11, 11, 59, 59), utc(2018, 11, 11, 12)),  # closing soon
    ("aoe", utc(2018, 11, 12, 13, 30), utc(2018, 11, 12, 14)),  # hours, not days
    ("aoe", utc(2018, 11, 14, 11, 30), utc(2018, 11, 14, 12)),  # less than an hour: closes
    ("aoe", utc(2018, 11, 11, 12), utc(2018, 11, 11, 12)),  # exactly 3 days: "2 days" next
    ("aoe", utc(2018, 11, 14, 12), None),  # closed: nothing turns again
    ("new-york", utc(2018, 11, 2, 5), utc(2018, 11, 2, 5)),  # 3 days, across the fall-back
]


@pytest.mark.parametrize(("call_id", "now", "until"), HOLDS_UNTIL)
def test_status_holds_until(call_id, now, until):
    assert status_holds_until(CALLS[call_id], now) == until


def probe_instants() -> list[datetime]:
    """Every 5 hours 7 minutes across the calls' lives, and each boundary above."""
    start, step = utc(2018, 10, 1), timedelta(hours=5, minutes=7)
    return [start + n * step for n in range(260)] + [row[1] for row in BOUNDARIES]


@pytest.mark.parametrize("call_id", CALLS)
def test_status_holds_until_the_signature_turns(call_id):
    """Nothing a page shows turns before the instant; something turns at it or a second on."""
    call = CALLS[call_id]
    for now in probe_instants():
        shown = status_at(call, now).signature()
        until = status_holds_until(call, now)
        if until is None:
            assert status_at(call, now + timedelta(days=400)).signature() == shown
            continue
        probes = [
            now + n * timedelta(minutes=20) for n in range((until - now) // timedelta(minutes=20))
        ]
        for instant in [*probes, until - SECOND]:
            if instant >= now:
                assert status_at(call, instant).signature() == shown, (now, instant)
        after = {status_at(call, until).signature(), status_at(call, until + SECOND).signature()}
        assert after != {shown}, now
