"""Where a call stands at one instant: upcoming, open (closing soon or not), closed, or tbd."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from deadlines.core.calls import Call

DEFAULT_CLOSING_SOON_DAYS = 3
DEFAULT_OPENS_SOON_DAYS = 14


class State(StrEnum):
    UPCOMING = "upcoming"
    OPEN = "open"
    CLOSED = "closed"
    TBD = "tbd"


@dataclass(frozen=True)
class Status:
    state: State
    closing_soon: bool = False
    opens_soon: bool = False
    remaining: timedelta | None = None  # until it opens (upcoming) or closes (open)

    @property
    def countdown(self) -> str:
        return describe_remaining(self.remaining) if self.remaining is not None else ""

    @property
    def is_sitewide(self) -> bool:
        """Worth a banner on every page: open now, or opening soon."""
        return self.state is State.OPEN or self.opens_soon

    def signature(self) -> tuple[str, ...]:
        """What the build-time text of a banner depends on; pages change only when it does."""
        return (self.state.value, str(self.closing_soon), str(self.opens_soon), self.countdown)


def status_at(
    call: Call,
    now: datetime,
    closing_soon_days: int = DEFAULT_CLOSING_SOON_DAYS,
    opens_soon_days: int = DEFAULT_OPENS_SOON_DAYS,
) -> Status:
    if now.tzinfo is None:
        raise ValueError("naive datetime: the clock must carry its zone")
    opens_at, closes_at = call.opens_at, call.closes_at
    if opens_at is None:
        return Status(State.TBD)
    if now < opens_at:
        left = opens_at - now
        return Status(
            State.UPCOMING, opens_soon=left <= timedelta(days=opens_soon_days), remaining=left
        )
    if closes_at is None:
        return Status(State.TBD)
    if now < closes_at:
        left = closes_at - now
        return Status(
            State.OPEN, closing_soon=left <= timedelta(days=closing_soon_days), remaining=left
        )
    return Status(State.CLOSED)


def status_holds_until(
    call: Call,
    now: datetime,
    closing_soon_days: int = DEFAULT_CLOSING_SOON_DAYS,
    opens_soon_days: int = DEFAULT_OPENS_SOON_DAYS,
) -> datetime | None:
    """The first instant from ``now`` on at which the status's signature may differ from
    now's, or None if it never will: a build that skips its work trusts it until then.

    The countdown loses a whole day (two days or more left) or a whole hour (less) the
    second after this instant. The "soon" flags flip a whole number of days before the
    target, and the state at the target, so both turn on one of the countdown's turns.
    """
    left = status_at(call, now, closing_soon_days, opens_soon_days).remaining
    if left is None:  # closed, or a date still to be decided: nothing turns with time
        return None
    unit = timedelta(days=1) if left >= timedelta(days=2) else timedelta(hours=1)
    return now + left - left // unit * unit


def describe_remaining(left: timedelta) -> str:
    """Whole days while there are days left; then hours; then "less than an hour"."""
    if left >= timedelta(days=2):
        return f"{left.days} days"
    if left >= timedelta(days=1):
        hours = (left - timedelta(days=1)) // timedelta(hours=1)
        return "1 day" if hours == 0 else f"1 day and {_plural(hours, 'hour')}"
    if left >= timedelta(hours=1):
        return _plural(left // timedelta(hours=1), "hour")
    return "less than an hour"


def _plural(count: int, unit: str) -> str:
    return f"{count} {unit}" if count == 1 else f"{count} {unit}s"
