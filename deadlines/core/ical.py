"""Calendar files (RFC 5545), made with the icalendar library.

Day-precision milestones become all-day events; a call's close is a timed event in UTC
at its last moment, in the zone of the call that states it. UIDs name the chain and the
milestone, so an RFI and its RFP that share a milestone share its event (one instant),
and re-imports update rather than duplicate.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from icalendar import Calendar, Event

from deadlines.core.calls import is_deadline_key, tensed
from deadlines.core.dates import Precision, next_day
from deadlines.core.views import CallView
from deadlines.core.zones import end_of_day, zone_long_name

PRODUCT_ID = "-//PSF calls site//deadlines//EN"


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    return calendar


def call_events(
    view: CallView, chain: str, uid_domain: str, stamp: datetime, page_url: str
) -> Iterable[Event]:
    call = view.call
    for row_at in view.rows:
        row = row_at.row
        if row.date.precision is not Precision.DAY:
            continue  # a month or a quarter cannot be put on a calendar honestly
        event = Event()
        event.add("uid", f"{chain}.{row.key}@{uid_domain}")
        event.add("dtstamp", stamp)
        label = tensed(row.label, past=False)  # a calendar entry reads the same before and after
        event.add("summary", label if not row.note else f"{label} ({row.note})")
        if is_deadline_key(row.key):
            # The row's zone is the one of the call that states the date, so every call
            # that lists a deadline writes the same instant for its UID.
            last_moment = end_of_day(row.date.last, row.zone) - timedelta(seconds=1)
            event.add("dtstart", last_moment)
            event.add("dtend", last_moment + timedelta(seconds=1))
            event.add(
                "description",
                f"Deadline: the end of {row.date.human()}, {zone_long_name(row.zone_name)}. "
                f"{page_url}",
            )
        else:
            event.add("dtstart", row.date.first)
            event.add("dtend", next_day(row.date.first))
            event.add("transp", "TRANSPARENT")
            event.add("description", f"{call.title}. {page_url}")
        event.add("url", page_url)
        yield event


def calendar_bytes(name: str, events: Iterable[Event]) -> bytes:
    calendar = _calendar(name)
    seen: set[str] = set()
    for event in events:
        uid = str(event["uid"])
        if uid not in seen:
            seen.add(uid)
            calendar.add_component(event)
    return calendar.to_ical()
