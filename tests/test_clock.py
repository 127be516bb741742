"""deadlines.core.clock: NOW, else SOURCE_DATE_EPOCH, else the (injected) wall clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from deadlines.core.clock import (
    EARLIEST,
    LATEST,
    ClockError,
    build_instant,
    main,
    parse_epoch,
    parse_now,
)

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
        ("1542196799", utc(2018, 11, 14, 11, 59, 59)),
        ("0001541505600", utc(2018, 11, 6, 12)),
        ("253370764799", utc(9998, 12, 31, 23, 59, 59)),
    ],
    ids=["rfi-week", "epoch-zero", "padded", "rfi-last-second", "leading-zeros", "last-instant"],
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


# Every kind of bad value, in each input: words, fractions, signs, out of range, odd forms.
BAD_NOW = [
    pytest.param("tomorrow", ("NOW='tomorrow'", "is not an instant"), id="words"),
    pytest.param("2018-11-31T12:00Z", ("2018-11-31T12:00Z", "is not an instant"), id="day-31"),
    pytest.param("2018-11-06T25:00Z", ("is not an instant",), id="hour-25"),
    pytest.param("2018-13-06", ("is not an instant",), id="month-13"),
    pytest.param("-2018-11-06", ("is not an instant",), id="negative-year"),
    pytest.param("+2018-11-06", ("is not an instant",), id="signed-year"),
    pytest.param("1541505600", ("is not an instant",), id="an-epoch"),
    pytest.param("٢٠١٨-11-06", ("is not an instant",), id="arabic-digits"),
    pytest.param("2018-11-06T12:00", ("2018-11-06T12:00", "no time zone"), id="time-no-zone"),
    pytest.param("2018-11-06T12:00:00", ("no time zone",), id="seconds-no-zone"),
    pytest.param("2018-11-06 12:00", ("no time zone",), id="space-separator-no-zone"),
    pytest.param("2018-11-06t12:00", ("no time zone",), id="lowercase-t-no-zone"),
    pytest.param("2018-11-06T12:00:00.5Z", ("fraction of a second",), id="half-second"),
    pytest.param("2018-11-06T12:00:00.000001Z", ("fraction of a second",), id="microsecond"),
    pytest.param("1969-12-31T23:59:59Z", ("out of range", "1970-01-01"), id="before-1970"),
    pytest.param("0001-01-01", ("out of range",), id="year-one"),
    pytest.param("0001-01-01T00:00+01:00", ("out of range",), id="before-year-one-in-utc"),
    pytest.param("9999-01-01T00:00Z", ("out of range", "9998-12-31T23:59:59Z"), id="year-9999"),
    pytest.param("9999-12-31T23:00-05:00", ("out of range",), id="after-9999-in-utc"),
]

BAD_EPOCH = [
    pytest.param("soon", ("SOURCE_DATE_EPOCH='soon'", "whole number"), id="words"),
    pytest.param("yesterday", ("whole number",), id="yesterday"),
    pytest.param("1.5", ("whole number",), id="fraction"),
    pytest.param("1541505600.0", ("whole number",), id="point-zero"),
    pytest.param("1e9", ("whole number",), id="exponent"),
    pytest.param("1541505600s", ("whole number",), id="suffix"),
    pytest.param("1_541_505_600", ("whole number",), id="underscores"),
    pytest.param("+1541505600", ("whole number",), id="plus-sign"),
    pytest.param("١٥٤١٥٠٥٦٠٠", ("whole number",), id="arabic-digits"),
    pytest.param("0x5BE18A40", ("whole number",), id="hexadecimal"),
    pytest.param("nan", ("whole number",), id="nan"),
    pytest.param("inf", ("whole number",), id="infinity"),
    pytest.param("2018-11-06", ("whole number",), id="a-date"),
    pytest.param("-1", ("out of range", "0 to 253370764799"), id="negative"),
    pytest.param("-1541505600", ("out of range",), id="negative-rfi-week"),
    pytest.param("253370764800", ("out of range",), id="year-9999"),
    pytest.param("100000000000000000000", ("out of range",), id="huge"),
    pytest.param(
        "9" * 5000, ("SOURCE_DATE_EPOCH='99999", "...'", "out of range"), id="5000-digits"
    ),
]


def check_one_line(error: ClockError, fragments: tuple[str, ...]) -> None:
    message = str(error)
    assert "\n" not in message
    assert len(message) < 200
    for fragment in fragments:
        assert fragment in message
    assert isinstance(error, ValueError)


@pytest.mark.parametrize(("setting", "fragments"), BAD_NOW)
def test_bad_now_raises_one_line_clock_error(setting, fragments):
    with pytest.raises(ClockError) as caught:
        build_instant(setting, {}, no_wall_clock)
    check_one_line(caught.value, fragments)


@pytest.mark.parametrize(("epoch", "fragments"), BAD_EPOCH)
def test_bad_epoch_raises_one_line_clock_error(epoch, fragments):
    with pytest.raises(ClockError) as caught:
        build_instant("", {"SOURCE_DATE_EPOCH": epoch}, no_wall_clock)
    check_one_line(caught.value, fragments)


@pytest.mark.parametrize(("epoch", "fragments"), BAD_EPOCH[:3] + BAD_EPOCH[-3:])
def test_a_bad_epoch_is_refused_even_when_now_is_given(epoch, fragments):
    """Sphinx reads SOURCE_DATE_EPOCH whatever NOW says, so the build checks it too."""
    with pytest.raises(ClockError):
        build_instant("2018-11-06T12:00Z", {"SOURCE_DATE_EPOCH": epoch}, no_wall_clock)


@pytest.mark.parametrize(
    ("setting", "expected"),
    [
        ("1970-01-01T00:00Z", EARLIEST),
        ("1970-01-01", EARLIEST),
        ("1969-12-31T23:00-02:00", utc(1970, 1, 1, 1)),
        ("9998-12-31T23:59:59Z", LATEST),
        ("9999-01-01T13:59:59+14:00", LATEST),
        ("2018-11-06T12:00:00.000Z", utc(2018, 11, 6, 12)),
    ],
    ids=[
        "first-instant",
        "first-day",
        "before-1970-locally",
        "last-instant",
        "last-in-zone",
        "zero-fraction",
    ],
)
def test_now_at_the_edges_of_the_range(setting, expected):
    assert build_instant(setting, {}, no_wall_clock) == expected


def test_the_two_inputs_share_one_range():
    assert parse_epoch("0") == parse_now("1970-01-01T00:00Z") == EARLIEST
    assert parse_epoch(str(int(LATEST.timestamp()))) == parse_now("9998-12-31T23:59:59Z")


@pytest.mark.parametrize(
    ("environ", "said"),
    [
        ({"NOW": "garbage"}, "error: NOW='garbage' is not an instant"),
        ({"SOURCE_DATE_EPOCH": "yesterday"}, "error: SOURCE_DATE_EPOCH='yesterday' is not"),
        ({"NOW": "2018-11-06T12:00Z", "SOURCE_DATE_EPOCH": "-1"}, "error: SOURCE_DATE_EPOCH='-1'"),
    ],
    ids=["now", "epoch", "epoch-beside-good-now"],
)
def test_main_says_one_line_and_fails(environ, said, capsys):
    assert main(environ) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.count("\n") == 1
    assert err.startswith(said)


@pytest.mark.parametrize(
    "environ",
    [{}, {"NOW": "2018-11-06T12:00Z"}, {"SOURCE_DATE_EPOCH": "1541505600"}, {"NOW": " "}],
    ids=["nothing", "now", "epoch", "blank-now"],
)
def test_main_is_silent_and_succeeds_on_good_inputs(environ, capsys):
    assert main(environ) == 0
    assert capsys.readouterr() == ("", "")
