"""deadlines.clock: NOW, else SOURCE_DATE_EPOCH, else the (injected) wall clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from deadlines.clock import ClockError, build_instant

WALL = datetime(2030, 1, 1, 9, 30, tzinfo=UTC)


def wall_clock() -> datetime:
    return WALL


def no_wall_clock() -> datetime:
    raise AssertionError("the wall clock must not be read when a setting is given")


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


@pytest.mark.parametrize(
    ("setting", "expected"),
    [
        ("2018-11-06T12:00Z", utc(2018, 11, 6, 12)),
        ("2018-11-06T12:00:00Z", utc(2018, 11, 6, 12)),
        ("2018-11-06T12:00z", utc(2018, 11, 6, 12)),
        ("2018-11-14T11:59:59Z", utc(2018, 11, 14, 11, 59, 59)),
        ("2018-11-06T12:00:00+01:00", utc(2018, 11, 6, 11)),
        ("2018-11-06T12:00-05:00", utc(2018, 11, 6, 17)),
        ("2018-11-06T00:30+01:00", utc(2018, 11, 5, 23, 30)),
        ("2018-11-13T23:59:59-12:00", utc(2018, 11, 14, 11, 59, 59)),
        ("2018-11-06", utc(2018, 11, 6)),
        ("  2018-11-06T12:00Z  ", utc(2018, 11, 6, 12)),
    ],
    ids=[
        "zulu",
        "zulu-seconds",
        "zulu-lowercase",
        "last-second",
        "plus-one",
        "minus-five",
        "offset-crosses-midnight",
        "aoe-offset",
        "date-only-midnight-utc",
        "padded",
    ],
)
@pytest.mark.parametrize(
    "environ",
    [{}, {"SOURCE_DATE_EPOCH": "0"}],
    ids=["no-epoch", "setting-beats-epoch"],
)
def test_now_setting_wins(setting, expected, environ):
    instant = build_instant(setting, environ, no_wall_clock)
    assert instant == expected
    assert instant.utcoffset() == timedelta(0)


@pytest.mark.parametrize(
    ("epoch", "expected"),
    [
        ("1541505600", utc(2018, 11, 6, 12)),
        ("0", utc(1970, 1, 1)),
        (" 1541505600 ", utc(2018, 11, 6, 12)),
        ("-1", utc(1969, 12, 31, 23, 59, 59)),
        ("1542196799", utc(2018, 11, 14, 11, 59, 59)),
    ],
    ids=["rfi-week", "epoch-zero", "padded", "before-epoch", "rfi-last-second"],
)
@pytest.mark.parametrize("setting", ["", "   "], ids=["empty-setting", "blank-setting"])
def test_source_date_epoch_when_no_setting(epoch, expected, setting):
    instant = build_instant(setting, {"SOURCE_DATE_EPOCH": epoch}, no_wall_clock)
    assert instant == expected
    assert instant.utcoffset() == timedelta(0)


@pytest.mark.parametrize(
    ("environ", "reading", "expected"),
    [
        ({}, WALL, WALL),
        ({"SOURCE_DATE_EPOCH": ""}, WALL, WALL),
        ({"SOURCE_DATE_EPOCH": "  "}, WALL, WALL),
        ({"OTHER": "1"}, WALL, WALL),
        (
            {},
            datetime(2018, 11, 6, 13, tzinfo=timezone(timedelta(hours=1))),
            utc(2018, 11, 6, 12),
        ),
    ],
    ids=["empty-environ", "empty-epoch", "blank-epoch", "unrelated", "converted-to-utc"],
)
def test_wall_clock_last(environ, reading, expected):
    instant = build_instant("", environ, lambda: reading)
    assert instant == expected
    assert instant.utcoffset() == timedelta(0)


@pytest.mark.parametrize(
    ("setting", "environ", "fragments"),
    [
        ("tomorrow", {}, ("NOW='tomorrow'",)),
        ("2018-11-31T12:00Z", {}, ("2018-11-31T12:00Z",)),
        ("2018-11-06T25:00Z", {}, ("2018-11-06T25:00Z",)),
        ("2018-13-06", {}, ("2018-13-06",)),
        ("2018-11-06T12:00", {}, ("2018-11-06T12:00", "time zone")),
        ("2018-11-06T12:00:00", {}, ("time zone",)),
        ("", {"SOURCE_DATE_EPOCH": "soon"}, ("SOURCE_DATE_EPOCH='soon'",)),
        ("", {"SOURCE_DATE_EPOCH": "1.5"}, ("SOURCE_DATE_EPOCH",)),
        ("", {"SOURCE_DATE_EPOCH": "1e9"}, ("SOURCE_DATE_EPOCH",)),
        ("", {"SOURCE_DATE_EPOCH": "1541505600s"}, ("SOURCE_DATE_EPOCH",)),
    ],
    ids=[
        "words",
        "impossible-day",
        "hour-25",
        "month-13",
        "time-without-zone",
        "seconds-without-zone",
        "epoch-words",
        "epoch-fraction",
        "epoch-exponent",
        "epoch-suffix",
    ],
)
def test_bad_values_raise_one_line_clock_error(setting, environ, fragments):
    with pytest.raises(ClockError) as caught:
        build_instant(setting, environ, no_wall_clock)
    message = str(caught.value)
    assert "\n" not in message
    for fragment in fragments:
        assert fragment in message
    assert isinstance(caught.value, ValueError)


@pytest.mark.parametrize(
    "setting",
    ["2018-11-06 12:00", "2018-11-06t12:00"],
    ids=["space-separator", "lowercase-t"],
)
def test_time_without_zone_rejected_whatever_the_separator(setting):
    with pytest.raises(ClockError):
        build_instant(setting, {}, no_wall_clock)


def test_out_of_range_epoch_raises_clock_error():
    with pytest.raises(ClockError):
        build_instant("", {"SOURCE_DATE_EPOCH": "100000000000000000000"}, no_wall_clock)
