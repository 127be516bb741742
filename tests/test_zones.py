"""deadlines.core.zones: the end of a day in a call's zone, as an instant in UTC."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from deadlines.core.zones import (
    DEFAULT_ZONE,
    ZoneError,
    end_of_day,
    format_instant,
    resolve_zone,
    start_of_day,
    utc_iso,
    zone_long_name,
)

AOE = timezone(timedelta(hours=-12))


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


@pytest.mark.parametrize(
    ("name", "when", "offset_hours"),
    [
        ("AoE", datetime(2018, 11, 13, 12), -12),
        ("aoe", datetime(2018, 7, 1, 12), -12),
        (" AoE ", datetime(2018, 11, 13, 12), -12),
        ("UTC", datetime(2018, 11, 13, 12), 0),
        ("utc", datetime(2018, 7, 1, 12), 0),
        ("America/New_York", datetime(2018, 7, 1, 12), -4),
        ("America/New_York", datetime(2018, 12, 1, 12), -5),
        (" America/New_York ", datetime(2018, 12, 1, 12), -5),
        ("Europe/Paris", datetime(2018, 12, 1, 12), 1),
        ("Europe/Paris", datetime(2018, 7, 1, 12), 2),
        ("Asia/Kolkata", datetime(2018, 7, 1, 12), 5.5),
    ],
    ids=[
        "aoe",
        "aoe-lower",
        "aoe-padded",
        "utc",
        "utc-lower",
        "new-york-summer",
        "new-york-winter",
        "new-york-padded",
        "paris-winter",
        "paris-summer",
        "kolkata",
    ],
)
def test_resolve_zone(name, when, offset_hours):
    zone = resolve_zone(name)
    assert when.replace(tzinfo=zone).utcoffset() == timedelta(hours=offset_hours)


def test_default_zone_is_anywhere_on_earth():
    assert DEFAULT_ZONE == "AoE"
    assert datetime(2018, 11, 13, tzinfo=resolve_zone(DEFAULT_ZONE)).utcoffset() == timedelta(
        hours=-12
    )


@pytest.mark.parametrize(
    "name",
    ["Mars/Olympus_Mons", "", "   ", "New York", "../../etc/passwd", "/etc/localtime", "UTC-12"],
    ids=["unknown", "empty", "blank", "spaces", "relative-path", "absolute-path", "offset-name"],
)
def test_unknown_zone_raises_one_line_zone_error(name):
    with pytest.raises(ZoneError) as caught:
        resolve_zone(name)
    message = str(caught.value)
    assert "\n" not in message
    assert "time zone" in message


@pytest.mark.parametrize("name", ["America", "Europe"], ids=["america", "europe"])
def test_zone_directory_name_raises_zone_error(name):
    with pytest.raises(ZoneError) as caught:
        resolve_zone(name)
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize(
    ("day", "zone_name", "start", "end"),
    [
        (date(2018, 11, 13), "AoE", utc(2018, 11, 13, 12), utc(2018, 11, 14, 12)),
        (date(2018, 10, 30), "AoE", utc(2018, 10, 30, 12), utc(2018, 10, 31, 12)),
        (date(2018, 12, 31), "AoE", utc(2018, 12, 31, 12), utc(2019, 1, 1, 12)),
        (date(2018, 11, 13), "UTC", utc(2018, 11, 13), utc(2018, 11, 14)),
        (date(2018, 11, 3), "America/New_York", utc(2018, 11, 3, 4), utc(2018, 11, 4, 4)),
        (date(2018, 11, 4), "America/New_York", utc(2018, 11, 4, 4), utc(2018, 11, 5, 5)),
        (date(2018, 11, 5), "America/New_York", utc(2018, 11, 5, 5), utc(2018, 11, 6, 5)),
        (date(2019, 3, 9), "America/New_York", utc(2019, 3, 9, 5), utc(2019, 3, 10, 5)),
        (date(2019, 3, 10), "America/New_York", utc(2019, 3, 10, 5), utc(2019, 3, 11, 4)),
        (date(2018, 10, 28), "Europe/Paris", utc(2018, 10, 27, 22), utc(2018, 10, 28, 23)),
    ],
    ids=[
        "aoe-rfi-close",
        "aoe-rfi-open",
        "aoe-year-end",
        "utc",
        "new-york-edt",
        "new-york-fall-back",
        "new-york-est",
        "new-york-before-spring",
        "new-york-spring-forward",
        "paris-fall-back",
    ],
)
def test_start_and_end_of_day(day, zone_name, start, end):
    zone = resolve_zone(zone_name)
    got_start, got_end = start_of_day(day, zone), end_of_day(day, zone)
    assert got_start == start
    assert got_end == end
    assert got_start.utcoffset() == timedelta(0)
    assert got_end.utcoffset() == timedelta(0)


@pytest.mark.parametrize(
    ("day", "hours"),
    [(date(2018, 11, 3), 24), (date(2018, 11, 4), 25), (date(2019, 3, 10), 23)],
    ids=["ordinary", "fall-back", "spring-forward"],
)
def test_day_length_across_daylight_saving(day, hours):
    zone = resolve_zone("America/New_York")
    assert end_of_day(day, zone) - start_of_day(day, zone) == timedelta(hours=hours)


@pytest.mark.parametrize(
    ("instant", "expected"),
    [
        (utc(2018, 11, 14, 11, 59, 59), "2018-11-14T11:59:59Z"),
        (datetime(2018, 11, 13, 23, 59, 59, tzinfo=AOE), "2018-11-14T11:59:59Z"),
        (datetime(2018, 11, 14, 11, 59, 59, 999999, tzinfo=UTC), "2018-11-14T11:59:59Z"),
        (datetime(2018, 11, 6, 13, 0, tzinfo=timezone(timedelta(hours=1))), "2018-11-06T12:00:00Z"),
        (
            datetime(2018, 11, 4, 1, 30, tzinfo=resolve_zone("America/New_York")),
            "2018-11-04T05:30:00Z",
        ),
        (
            datetime(2018, 11, 4, 1, 30, fold=1, tzinfo=resolve_zone("America/New_York")),
            "2018-11-04T06:30:00Z",
        ),
    ],
    ids=["utc", "aoe", "drops-microseconds", "plus-one", "new-york-edt-fold", "new-york-est-fold"],
)
def test_utc_iso(instant, expected):
    assert utc_iso(instant) == expected


def test_utc_iso_rejects_naive():
    with pytest.raises(ValueError, match="naive"):
        utc_iso(datetime(2018, 11, 14, 11, 59, 59))


@pytest.mark.parametrize(
    ("instant", "zone_name", "expected"),
    [
        (utc(2018, 11, 14, 11, 59, 59), None, "November 14, 2018, 11:59 UTC"),
        (utc(2018, 11, 14, 11, 59, 59), "UTC", "November 14, 2018, 11:59 UTC"),
        (utc(2018, 11, 5, 9, 5), None, "November 5, 2018, 09:05 UTC"),
        (
            datetime(2018, 11, 14, 12, 59, tzinfo=timezone(timedelta(hours=1))),
            None,
            "November 14, 2018, 11:59 UTC",
        ),
        (utc(2018, 11, 14, 11, 59, 59), "AoE", "November 13, 2018, 23:59 AoE"),
        (utc(2018, 11, 4, 3, 59), "America/New_York", "November 3, 2018, 23:59 EDT"),
        (utc(2018, 11, 5, 4, 59), "America/New_York", "November 4, 2018, 23:59 EST"),
    ],
    ids=[
        "default-utc",
        "utc",
        "single-digits",
        "from-offset",
        "aoe",
        "new-york-edt",
        "new-york-est",
    ],
)
def test_format_instant(instant, zone_name, expected):
    zone = resolve_zone(zone_name) if zone_name else None
    assert format_instant(instant, zone) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [("AoE", "Anywhere on Earth"), ("UTC", "UTC"), ("Europe/Paris", "Europe/Paris")],
    ids=["aoe", "utc", "iana"],
)
def test_zone_long_name(name, expected):
    assert zone_long_name(name) == expected
