"""deadlines.core.ical: calendar files, parsed back with icalendar."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from icalendar import Calendar

from deadlines.core.ical import calendar_bytes, call_events
from deadlines.core.status import status_at
from deadlines.core.timeline import resolve_chain_dates, rows_at, timeline_rows
from deadlines.core.views import CallView, Links
from tests.samples import RFI_ID, RFI_OPTIONS, RFP_ID, RFP_OPTIONS, parse

DOMAIN = "calls.example.org"
STAMP = datetime(2018, 11, 6, 12, tzinfo=UTC)
LATER = datetime(2019, 2, 20, 8, 15, tzinfo=UTC)

# The RFP's milestones that fall on a day (work-starts is only a quarter).
RFP_DAY_KEYS = {"rfi-opens", "rfi-closes", "rfp-opens", "initial-closes", "rfp-closes", "decisions"}
RFI_BODY = [
    "rfp-opens    2018-11   RFP period {opens|opened} -- 1-2 weeks after the RFI closes",
    "rfp-closes   TBD       RFP period {closes|closed}",
    "decisions    TBD       Decisions on proposals {are|were} made",
    "work-starts  2019-Q1   Contract work {starts|started}",
]
RFP_BODY = [
    "rfi-opens        =           RFI period {opens|opened}",
    "rfi-closes       =           RFI period {closes|closed}",
    "rfp-opens        =           Initial RFP period {opens|opened}",
    "initial-closes   2018-12-14  Initial RFP period {closes|closed}",
    "rfp-closes       =           RFP period {closes|closed}",
    "decisions        2019-02-08  Decisions on proposals {are|were} made",
    "work-starts      2019-Q1     Contract work {starts|started}",
]


def views(
    now: datetime, chained: bool = True, rfi_zone: str = "AoE", rfp_zone: str = "AoE"
) -> dict[str, CallView]:
    """A view of each call at ``now``; without the chain, the RFI stands alone."""
    if chained:
        calls = {
            RFI_ID: parse(RFI_ID, {**RFI_OPTIONS, "timezone": rfi_zone}, RFI_BODY),
            RFP_ID: parse(RFP_ID, {**RFP_OPTIONS, "timezone": rfp_zone}, RFP_BODY),
        }
    else:
        calls = {RFI_ID: parse(RFI_ID, {**RFI_OPTIONS, "next": ""}, RFI_BODY)}
    resolved, problems = resolve_chain_dates(calls)
    assert problems == []
    result = {}
    for call_id, call in calls.items():
        rows = rows_at(timeline_rows(call, resolved[RFI_ID]), now)
        links = Links(f"{call_id}.html", f"{call_id}.ics")
        result[call_id] = CallView(call, status_at(call, now), links, now, tuple(rows))
    return result


def events_of(view: CallView, stamp: datetime) -> list:
    return list(call_events(view, RFI_ID, DOMAIN, stamp, f"https://{DOMAIN}/{view.call.id}.html"))


def parsed(
    *call_ids: str,
    now: datetime = STAMP,
    stamp: datetime = STAMP,
    chained: bool = True,
    rfi_zone: str = "AoE",
):
    built = views(now, chained, rfi_zone=rfi_zone)
    events = [event for call_id in call_ids for event in events_of(built[call_id], stamp)]
    return Calendar.from_ical(calendar_bytes("PyPI calls", events))


def by_uid(calendar: Calendar) -> dict[str, object]:
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def uid(key: str) -> str:
    return f"{RFI_ID}.{key}@{DOMAIN}"


def test_calendar_header():
    calendar = parsed(RFI_ID)
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["PRODID"]).strip()


@pytest.mark.parametrize(
    ("call_ids", "chained", "keys"),
    [
        ((RFI_ID,), False, {"rfi-opens", "rfi-closes"}),
        ((RFI_ID,), True, {"rfi-opens", "rfi-closes", "rfp-opens", "rfp-closes", "decisions"}),
        (
            (RFP_ID,),
            True,
            RFP_DAY_KEYS,
        ),
        (
            (RFI_ID, RFP_ID),
            True,
            RFP_DAY_KEYS,
        ),
    ],
    ids=["rfi-alone", "rfi-in-chain", "rfp", "both"],
)
def test_only_day_precise_milestones_become_events(call_ids, chained, keys):
    calendar = parsed(*call_ids, chained=chained)
    events = calendar.walk("VEVENT")
    assert sorted(str(event["UID"]) for event in events) == sorted(uid(key) for key in keys)


@pytest.mark.parametrize(
    ("call_id", "key", "first", "end"),
    [
        (RFI_ID, "rfi-opens", date(2018, 10, 30), date(2018, 10, 31)),
        (RFI_ID, "rfp-opens", date(2018, 11, 19), date(2018, 11, 20)),
        (RFI_ID, "decisions", date(2019, 2, 8), date(2019, 2, 9)),
        (RFP_ID, "initial-closes", date(2018, 12, 14), date(2018, 12, 15)),
        (RFP_ID, "rfp-opens", date(2018, 11, 19), date(2018, 11, 20)),
    ],
    ids=[
        "rfi-opens",
        "rfp-opens-refined-in-rfi",
        "decisions-from-rfp",
        "initial-closes",
        "rfp-opens",
    ],
)
def test_day_milestones_are_all_day(call_id, key, first, end):
    event = by_uid(parsed(call_id))[uid(key)]
    start = event["DTSTART"].dt
    assert not isinstance(start, datetime)
    assert start == first
    assert event["DTEND"].dt == end


@pytest.mark.parametrize(
    ("call_id", "key", "last_moment", "end"),
    [
        (
            RFI_ID,
            "rfi-closes",
            datetime(2018, 11, 14, 11, 59, 59, tzinfo=UTC),
            datetime(2018, 11, 14, 12, tzinfo=UTC),
        ),
        (
            RFP_ID,
            "rfp-closes",
            datetime(2019, 2, 1, 11, 59, 59, tzinfo=UTC),
            datetime(2019, 2, 1, 12, tzinfo=UTC),
        ),
    ],
    ids=["rfi", "rfp"],
)
def test_the_call_close_is_a_timed_utc_event(call_id, key, last_moment, end):
    event = by_uid(parsed(call_id))[uid(key)]
    start = event["DTSTART"].dt
    assert isinstance(start, datetime)
    assert start == last_moment
    assert start.utcoffset().total_seconds() == 0
    assert event["DTEND"].dt == end


def test_close_description_names_the_day_and_zone():
    event = by_uid(parsed(RFI_ID))[uid("rfi-closes")]
    description = str(event["DESCRIPTION"])
    assert "November 13, 2018" in description
    assert "Anywhere on Earth" in description


@pytest.mark.parametrize(
    "call_ids",
    [(RFI_ID,), (RFP_ID,), (RFI_ID, RFP_ID)],
    ids=["rfi", "rfp", "both"],
)
def test_uids_are_stable_across_builds(call_ids):
    early = parsed(*call_ids, now=STAMP, stamp=STAMP)
    late = parsed(*call_ids, now=LATER, stamp=LATER)
    assert sorted(by_uid(early)) == sorted(by_uid(late))


def test_shared_uid_appears_once():
    built = views(STAMP)
    rfi_events = events_of(built[RFI_ID], STAMP)
    rfp_events = events_of(built[RFP_ID], STAMP)
    shared = {str(e["UID"]) for e in rfi_events} & {str(e["UID"]) for e in rfp_events}
    assert shared == {
        uid(k) for k in ("rfi-opens", "rfi-closes", "rfp-opens", "rfp-closes", "decisions")
    }
    calendar = Calendar.from_ical(calendar_bytes("PyPI calls", rfi_events + rfp_events))
    uids = [str(event["UID"]) for event in calendar.walk("VEVENT")]
    assert len(uids) == len(set(uids))
    assert set(uids) == {str(e["UID"]) for e in rfi_events + rfp_events}


def test_same_event_twice_is_written_once():
    (event, *_) = events_of(views(STAMP)[RFI_ID], STAMP)
    calendar = Calendar.from_ical(calendar_bytes("PyPI calls", [event, event]))
    assert len(calendar.walk("VEVENT")) == 1


@pytest.mark.parametrize("stamp", [STAMP, LATER], ids=["stamp", "later-stamp"])
def test_dtstamp_is_the_stamp_passed_in(stamp):
    events = parsed(RFI_ID, RFP_ID, now=STAMP, stamp=stamp).walk("VEVENT")
    assert events
    assert all(event["DTSTAMP"].dt == stamp for event in events)


@pytest.mark.parametrize("call_id", [RFI_ID, RFP_ID], ids=["rfi", "rfp"])
def test_summaries_have_no_tense_switches(call_id):
    for event in parsed(call_id).walk("VEVENT"):
        summary = str(event["SUMMARY"])
        assert "{" not in summary
        assert "|" not in summary


@pytest.mark.parametrize(
    ("order", "key", "last_moment"),
    [
        ((RFP_ID, RFI_ID), "rfi-closes", datetime(2018, 11, 14, 11, 59, 59, tzinfo=UTC)),
        ((RFI_ID, RFP_ID), "rfp-closes", datetime(2019, 2, 1, 11, 59, 59, tzinfo=UTC)),
    ],
    ids=["rfi-close-latest-first", "rfp-close-earliest-first"],
)
def test_each_close_is_timed_in_the_combined_calendar(order, key, last_moment):
    event = by_uid(parsed(*order))[uid(key)]
    assert event["DTSTART"].dt == last_moment


ZONES = ["AoE", "UTC", "America/New_York", "Asia/Tokyo"]


@pytest.mark.parametrize("rfp_zone", ZONES)
@pytest.mark.parametrize("rfi_zone", ZONES)
def test_no_uid_carries_two_times(rfi_zone, rfp_zone):
    """Whatever the calls' zones, both calls write each shared event at one instant."""
    built = views(STAMP, rfi_zone=rfi_zone, rfp_zone=rfp_zone)
    starts: dict[str, set[object]] = {}
    for view in built.values():
        for event in events_of(view, STAMP):
            starts.setdefault(str(event["UID"]), set()).add(event.decoded("dtstart"))
    assert {uid for uid, times in starts.items() if len(times) > 1} == set()


def test_an_inherited_close_is_the_stating_calls_instant():
    """The RFP (AoE) writes `rfi-closes =`; the RFI closes at the end of the day in New York."""
    built = views(STAMP, rfi_zone="America/New_York")
    last_moment = datetime(2018, 11, 14, 4, 59, 59, tzinfo=UTC)  # EST, after DST ended
    for call_id in (RFI_ID, RFP_ID):
        event = by_uid(parsed(call_id, rfi_zone="America/New_York"))[uid("rfi-closes")]
        assert event.decoded("dtstart") == last_moment
        assert "America/New_York" in str(event["DESCRIPTION"])
    combined = by_uid(parsed(RFP_ID, RFI_ID, rfi_zone="America/New_York"))
    assert combined[uid("rfi-closes")].decoded("dtstart") == last_moment
    assert built[RFP_ID].call.zone_name == "AoE"
