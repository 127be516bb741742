"""What readers see of a call at one instant, as plain data for the templates and for JSON."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from deadlines.core.calls import Call
from deadlines.core.dates import format_day
from deadlines.core.status import Status
from deadlines.core.timeline import RowAt
from deadlines.core.zones import format_instant, utc_iso, zone_long_name

HEADINGS = {
    "upcoming": "Upcoming call",
    "open": "Open call",
    "closing": "Closing soon",
    "closed": "Closed call",
    "tbd": "Dates to be decided",
}


@dataclass(frozen=True)
class Links:
    """Where a call lives on the site, relative to the page that shows it."""

    page: str
    calendar: str
    next_page: str = ""
    next_title: str = ""


@dataclass(frozen=True)
class CallView:
    call: Call
    status: Status
    links: Links
    now: datetime
    rows: tuple[RowAt, ...] = ()

    @property
    def state(self) -> str:
        return self.status.state.value

    @property
    def heading(self) -> str:
        return HEADINGS["closing" if self.status.closing_soon else self.state]

    @property
    def zone_long(self) -> str:
        return zone_long_name(self.call.zone_name)

    @property
    def opens_iso(self) -> str:
        return utc_iso(self.call.opens_at) if self.call.opens_at else ""

    @property
    def opens_day(self) -> str:
        return format_day(self.call.opens.first) if self.call.opens.is_known else ""

    @property
    def opens_utc(self) -> str:
        return format_instant(self.call.opens_at) if self.call.opens_at else ""

    @property
    def last_moment(self) -> datetime | None:
        """The last second of the call; `<time datetime>` carries it, as 11:59:59Z for AoE."""
        return self.call.closes_at - timedelta(seconds=1) if self.call.closes_at else None

    @property
    def closes_iso(self) -> str:
        return utc_iso(self.last_moment) if self.last_moment else ""

    @property
    def closes_day(self) -> str:
        return format_day(self.call.closes.last) if self.call.closes.is_known else ""

    @property
    def closes_utc(self) -> str:
        return format_instant(self.last_moment) if self.last_moment else ""

    @property
    def deadline_text(self) -> str:
        """The exact end as prose: the end of November 13, 2018, Anywhere on Earth (…UTC)."""
        if self.last_moment is None:
            return "a date to be decided"
        return f"the end of {self.closes_day}, {self.zone_long} ({self.closes_utc})"

    @property
    def state_text(self) -> str:
        """What a banner says of the call's dates at this instant, as one plain sentence."""
        match self.state:
            case "upcoming":
                return (
                    f"Opens at the start of {self.opens_day}, {self.zone_long} "
                    f"({self.opens_utc}), in {self.status.countdown}."
                )
            case "open":
                return f"Closes at {self.deadline_text}; {self.status.countdown} left."
            case "closed":
                return f"Closed at {self.deadline_text}."
        return self.tbd_text

    @property
    def tbd_text(self) -> str:
        if self.call.opens.is_known:
            return (
                f"Opened on {self.opens_day}, {self.zone_long}; its closing date is to be decided."
            )
        return "Its dates are to be decided."

    def row_zone(self, row_at: RowAt) -> str:
        """A dated row's zone, named only when it is not the call's own (a shared milestone)."""
        row = row_at.row
        if not row.date.is_known or row.zone_name == self.call.zone_name:
            return ""
        return zone_long_name(row.zone_name)

    @property
    def timeline_caption(self) -> str:
        other_zones = any(self.row_zone(row) for row in self.rows)
        return (
            f"Timeline of the {self.call.kind.value}; each date ends at midnight, {self.zone_long}"
            + (", unless another zone is named." if other_zones else ".")
        )

    @property
    def period_text(self) -> str:
        """The call in one line of a list: RFI, October 30, 2018 to November 13, 2018, AoE."""
        if not self.opens_day:
            return self.call.kind.value
        closes = self.closes_day or "a date to be decided"
        return f"{self.call.kind.value}, {self.opens_day} to {closes}, {self.zone_long}"

    @property
    def as_of_iso(self) -> str:
        return self.now.astimezone(UTC).date().isoformat()

    @property
    def as_of(self) -> str:
        return format_day(self.now.astimezone(UTC).date())

    def as_json(self) -> dict[str, object]:
        call = self.call
        return {
            "id": call.id,
            "kind": call.kind.value,
            "title": call.title,
            "state": self.state,
            "closing_soon": self.status.closing_soon,
            "timezone": call.zone_name,
            "opens_at": self.opens_iso or None,
            "closes_at": utc_iso(call.closes_at) if call.closes_at else None,
            "last_moment": self.closes_iso or None,
            "url": self.links.page,
            "calendar": self.links.calendar,
            "next": call.next or None,
            "source": call.source or None,
            "milestones": [
                {
                    "key": row.row.key,
                    "label": row.label,
                    "date": row.row.date.iso(),
                    "precision": row.row.date.precision.value,
                    "timezone": row.row.zone_name,
                    "past": row.past,
                }
                for row in self.rows
            ],
        }
