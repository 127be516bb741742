"""deadlines.core.dates: fuzzy dates as calls publish them."""

from __future__ import annotations

from datetime import date

import pytest

from deadlines.core.dates import (
    DateError,
    FuzzyDate,
    Precision,
    format_day,
    next_day,
    parse_day,
    parse_fuzzy_date,
)

FORMS = "YYYY-MM-DD, YYYY-MM, YYYY-Qn or TBD"


def d(text: str) -> FuzzyDate:
    return parse_fuzzy_date(text)


@pytest.mark.parametrize(
    ("text", "first", "last", "precision"),
    [
        ("2018-11-13", date(2018, 11, 13), date(2018, 11, 13), Precision.DAY),
        (" 2018-11-13 ", date(2018, 11, 13), date(2018, 11, 13), Precision.DAY),
        ("2020-02-29", date(2020, 2, 29), date(2020, 2, 29), Precision.DAY),
        ("2000-02-29", date(2000, 2, 29), date(2000, 2, 29), Precision.DAY),
        ("2018-12-31", date(2018, 12, 31), date(2018, 12, 31), Precision.DAY),
        ("2018-11", date(2018, 11, 1), date(2018, 11, 30), Precision.MONTH),
        ("2018-12", date(2018, 12, 1), date(2018, 12, 31), Precision.MONTH),
        ("2019-02", date(2019, 2, 1), date(2019, 2, 28), Precision.MONTH),
        ("2020-02", date(2020, 2, 1), date(2020, 2, 29), Precision.MONTH),
        ("2019-Q1", date(2019, 1, 1), date(2019, 3, 31), Precision.QUARTER),
        ("2019-Q2", date(2019, 4, 1), date(2019, 6, 30), Precision.QUARTER),
        ("2019-Q3", date(2019, 7, 1), date(2019, 9, 30), Precision.QUARTER),
        ("2019-q4", date(2019, 10, 1), date(2019, 12, 31), Precision.QUARTER),
        ("TBD", None, None, Precision.TBD),
        ("tbd", None, None, Precision.TBD),
        (" TBD ", None, None, Precision.TBD),
    ],
    ids=[
        "day",
        "day-padded",
        "leap-day-2020",
        "leap-day-2000",
        "year-end",
        "month-30",
        "month-31",
        "february-2019",
        "february-2020",
        "q1",
        "q2",
        "q3",
        "q4-lowercase",
        "tbd",
        "tbd-lowercase",
        "tbd-padded",
    ],
)
def test_parse_accepts(text, first, last, precision):
    parsed = parse_fuzzy_date(text)
    assert (parsed.first, parsed.last, parsed.precision) == (first, last, precision)
    assert parsed.is_known is (precision is not Precision.TBD)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("2018-11-31", "November 2018 has 30 days"),
        ("2019-02-29", "February 2019 has 28 days"),
        ("2018-04-31", "April 2018 has 30 days"),
        ("2018-01-32", "January 2018 has 31 days"),
        ("2018-11-00", "November 2018 has 30 days"),
        ("1900-02-29", "February 1900 has 28 days"),
        ("2018-13-01", "month 13"),
        ("2018-13", "month 13"),
        ("2018-00", "month 0"),
        ("2019-Q5", FORMS),
        ("2019-Q0", FORMS),
        ("next week", FORMS),
        ("", FORMS),
        ("2018-1-5", FORMS),
        ("2018/11/13", FORMS),
        ("13-11-2018", FORMS),
        ("November 13, 2018", FORMS),
        ("2018-11-13T12:00", FORMS),
    ],
    ids=[
        "nov-31",
        "feb-29-2019",
        "apr-31",
        "jan-32",
        "day-zero",
        "feb-29-1900",
        "month-13-day",
        "month-13",
        "month-0",
        "quarter-5",
        "quarter-0",
        "words",
        "empty",
        "unpadded",
        "slashes",
        "reversed",
        "prose",
        "with-time",
    ],
)
def test_parse_rejects(text, fragment):
    with pytest.raises(DateError) as caught:
        parse_fuzzy_date(text)
    assert fragment in str(caught.value)
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize(
    "text", ["0000-01-01", "0000-01", "0000-Q1"], ids=["day", "month", "quarter"]
)
def test_parse_rejects_year_zero_with_date_error(text):
    with pytest.raises(DateError):
        parse_fuzzy_date(text)


@pytest.mark.parametrize(
    ("text", "first"),
    [("2018-11-13", date(2018, 11, 13)), ("2020-02-29", date(2020, 2, 29)), ("TBD", None)],
    ids=["day", "leap-day", "tbd"],
)
def test_parse_day_accepts_days_and_tbd(text, first):
    parsed = parse_day(text)
    assert parsed.first == first
    assert parsed.last == first


@pytest.mark.parametrize(
    ("text", "fragments"),
    [
        ("2018-11", ("2018-11", "precise", "day")),
        ("2019-Q1", ("2019-Q1", "precise", "day")),
        ("2018-11-31", ("November 2018 has 30 days",)),
        ("2019-02-29", ("February 2019 has 28 days",)),
        ("someday", (FORMS,)),
    ],
    ids=["month", "quarter", "impossible-day", "not-leap", "garbage"],
)
def test_parse_day_rejects(text, fragments):
    with pytest.raises(DateError) as caught:
        parse_day(text)
    for fragment in fragments:
        assert fragment in str(caught.value)


@pytest.mark.parametrize(
    ("outer", "inner", "expected"),
    [
        ("2018-11", "2018-11-19", True),
        ("2018-11-19", "2018-11", False),
        ("2018-11", "2018-11-01", True),
        ("2018-11", "2018-11-30", True),
        ("2018-11", "2018-12-01", False),
        ("2019-Q1", "2019-01", True),
        ("2019-Q1", "2019-03-31", True),
        ("2019-Q1", "2019-04", False),
        ("2019-Q1", "2018-12-31", False),
        ("2019-01", "2019-Q1", False),
        ("2018-11-13", "2018-11-13", True),
        ("2018-11-13", "2018-11-14", False),
        ("TBD", "2018-11-13", True),
        ("TBD", "2019-Q1", True),
        ("TBD", "TBD", True),
        ("2018-11", "TBD", False),
        ("2018-11-13", "TBD", False),
    ],
    ids=[
        "month-has-day",
        "day-lacks-month",
        "month-first-day",
        "month-last-day",
        "month-next-day",
        "quarter-has-month",
        "quarter-last-day",
        "quarter-next-month",
        "quarter-prev-day",
        "month-lacks-quarter",
        "same-day",
        "other-day",
        "tbd-has-day",
        "tbd-has-quarter",
        "tbd-has-tbd",
        "month-lacks-tbd",
        "day-lacks-tbd",
    ],
)
def test_contains(outer, inner, expected):
    assert d(outer).contains(d(inner)) is expected


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("TBD", "2018-11-13", True),
        ("2019-Q1", "TBD", True),
        ("TBD", "TBD", True),
        ("2018-11", "2018-11-19", True),
        ("2018-11", "2018-12-14", False),
        ("2019-Q1", "2019-02-08", True),
        ("2018-12", "2019-02-08", False),
        ("2018-Q4", "2018-11", True),
        ("2018-11", "2018-11", True),
        ("2018-11-13", "2018-11-14", False),
        ("2019-Q1", "2019-Q2", False),
    ],
    ids=[
        "tbd-day",
        "quarter-tbd",
        "tbd-tbd",
        "month-refined",
        "month-other-day",
        "quarter-refined",
        "month-vs-later-day",
        "quarter-month",
        "same-month",
        "different-days",
        "different-quarters",
    ],
)
def test_agrees_with_is_symmetric(a, b, expected):
    assert d(a).agrees_with(d(b)) is expected
    assert d(b).agrees_with(d(a)) is expected


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("2018-11", "2018-11-19", "2018-11-19"),
        ("TBD", "2018-11", "2018-11"),
        ("TBD", "2018-11-13", "2018-11-13"),
        ("2019-Q1", "2019-01", "2019-01"),
        ("2019-Q1", "2019-02-08", "2019-02-08"),
        ("2018-11-13", "2018-11-13", "2018-11-13"),
        ("TBD", "TBD", "TBD"),
    ],
    ids=["month-day", "tbd-month", "tbd-day", "quarter-month", "quarter-day", "same", "tbd-tbd"],
)
def test_more_precise_in_either_order(a, b, expected):
    assert d(a).more_precise(d(b)) == d(expected)
    assert d(b).more_precise(d(a)) == d(expected)


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("2018-11-13", "2018-11-14", True),
        ("2018-11-14", "2018-11-13", False),
        ("2018-11-13", "2018-11-13", False),
        ("2018-11", "2018-12-01", True),
        ("2018-10-31", "2018-11", True),
        ("2018-11", "2018-11-30", False),
        ("2018-11-30", "2018-11", False),
        ("2018-11", "2018-11", False),
        ("2018-12-14", "2019-Q1", True),
        ("2019-Q1", "2019-02-08", False),
        ("2018-Q4", "2019-Q1", True),
        ("TBD", "2018-11-13", False),
        ("2018-11-13", "TBD", False),
        ("TBD", "TBD", False),
    ],
    ids=[
        "day-day",
        "day-after",
        "same-day",
        "month-before-day",
        "day-before-month",
        "month-overlaps-day",
        "day-overlaps-month",
        "same-month",
        "day-before-quarter",
        "quarter-overlaps-day",
        "quarter-quarter",
        "tbd-first",
        "tbd-second",
        "tbd-both",
    ],
)
def test_is_before_means_certainly_earlier(a, b, expected):
    assert d(a).is_before(d(b)) is expected


@pytest.mark.parametrize(
    ("text", "iso", "human"),
    [
        ("2018-11-13", "2018-11-13", "November 13, 2018"),
        ("2018-11-05", "2018-11-05", "November 5, 2018"),
        ("2019-01-31", "2019-01-31", "January 31, 2019"),
        ("2018-11", "2018-11", "November 2018"),
        ("2019-02", "2019-02", "February 2019"),
        ("2019-Q1", "2019-Q1", "Q1 2019"),
        ("2019-q4", "2019-Q4", "Q4 2019"),
        ("TBD", "TBD", "to be decided"),
        ("tbd", "TBD", "to be decided"),
    ],
    ids=["day", "day-single-digit", "january", "month", "february", "q1", "q4", "tbd", "tbd-lower"],
)
def test_iso_and_human(text, iso, human):
    parsed = d(text)
    assert parsed.iso() == iso
    assert parsed.human() == human
    assert parse_fuzzy_date(parsed.iso()) == parsed


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (date(2018, 11, 13), "November 13, 2018"),
        (date(2018, 12, 1), "December 1, 2018"),
        (date(2019, 2, 8), "February 8, 2019"),
    ],
    ids=["two-digit", "first", "single-digit"],
)
def test_format_day(value, expected):
    assert format_day(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (date(2018, 11, 13), date(2018, 11, 14)),
        (date(2018, 11, 30), date(2018, 12, 1)),
        (date(2018, 12, 31), date(2019, 1, 1)),
        (date(2019, 2, 28), date(2019, 3, 1)),
        (date(2020, 2, 28), date(2020, 2, 29)),
    ],
    ids=["plain", "month-end", "year-end", "feb-2019", "feb-2020"],
)
def test_next_day(value, expected):
    assert next_day(value) == expected


@pytest.mark.parametrize(
    ("made", "text"),
    [
        (FuzzyDate.tbd(), "TBD"),
        (FuzzyDate.day(date(2018, 11, 13)), "2018-11-13"),
        (FuzzyDate.month(2018, 11), "2018-11"),
        (FuzzyDate.quarter(2019, 1), "2019-Q1"),
    ],
    ids=["tbd", "day", "month", "quarter"],
)
def test_constructors_match_parsing(made, text):
    assert made == parse_fuzzy_date(text)
