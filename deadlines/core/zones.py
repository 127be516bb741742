"""Time zones for deadlines: "end of the day" means the end of that day in the call's zone."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from deadlines.core.dates import next_day

ANYWHERE_ON_EARTH = timezone(timedelta(hours=-12), "AoE")
DEFAULT_ZONE = "AoE"

_ZONE_NAMES = {
    "aoe": ANYWHERE_ON_EARTH,
    "utc": UTC,
}
_LONG_NAMES = {"AoE": "Anywhere on Earth", "UTC": "UTC"}


class ZoneError(ValueError):
    """An unknown time zone name."""


def resolve_zone(name: str) -> tzinfo:
    """AoE, UTC or an IANA name such as Europe/Paris."""
    if fixed := _ZONE_NAMES.get(name.strip().lower()):
        return fixed
    try:
        return ZoneInfo(name.strip())
    except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: a folder such as "America"
        raise ZoneError(
            f"unknown time zone {name!r}; write AoE, UTC or an IANA name such as America/New_York"
        ) from None


def zone_long_name(name: str) -> str:
    return _LONG_NAMES.get(name, name)


def start_of_day(day: date, zone: tzinfo) -> datetime:
    """The instant, in UTC, at which ``day`` begins in ``zone``."""
    return datetime.combine(day, time(0), tzinfo=zone).astimezone(UTC)


def end_of_day(day: date, zone: tzinfo) -> datetime:
    """The first instant, in UTC, after ``day`` has ended in ``zone`` (an exclusive end)."""
    return start_of_day(next_day(day), zone)


def utc_iso(instant: datetime) -> str:
    """ISO 8601 in UTC with a Z, to the second, as `<time datetime>` and JSON carry it."""
    if instant.tzinfo is None:
        raise ValueError("naive datetime: every instant here must carry its zone")
    return instant.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def format_instant(instant: datetime, zone: tzinfo | None = None) -> str:
    """November 14, 2018, 11:59 UTC: a reader's form of one instant in one zone."""
    local = instant.astimezone(zone or UTC)
    label = "UTC" if zone in (None, UTC) else local.tzname()
    return f"{local:%B} {local.day}, {local.year}, {local:%H:%M} {label}"
