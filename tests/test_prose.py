"""deadlines.core.prose: full dates typed in running text."""

from __future__ import annotations

from datetime import date

import pytest

from deadlines.core.prose import typed_dates


def found(text: str) -> list[tuple[str, date | None]]:
    return sorted(typed_dates(text), key=lambda item: item[0])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The RFI closes on November 13, 2018.", [("November 13, 2018", date(2018, 11, 13))]),
        ("It closes 13 November 2018, AoE.", [("13 November 2018", date(2018, 11, 13))]),
        ("Due: 2018-11-13.", [("2018-11-13", date(2018, 11, 13))]),
        ("November 13 2018", [("November 13 2018", date(2018, 11, 13))]),
        ("13 November, 2018", [("13 November, 2018", date(2018, 11, 13))]),
        ("by December 1, 2018", [("December 1, 2018", date(2018, 12, 1))]),
        ("on 5 February 2019", [("5 February 2019", date(2019, 2, 5))]),
        ("November 31, 2018", [("November 31, 2018", None)]),
        ("31 November 2018", [("31 November 2018", None)]),
        ("February 29, 2019", [("February 29, 2019", None)]),
        ("February 29, 2020", [("February 29, 2020", date(2020, 2, 29))]),
        ("2018-02-30", [("2018-02-30", None)]),
        ("2018-13-01", [("2018-13-01", None)]),
        ("November 2018", []),
        ("in 2018-11 or 2019-Q1", []),
        ("no dates here", []),
        ("12345-11-13", []),
        ("2018-11-130", []),
        (
            "Opens October 30, 2018 and closes November 13, 2018.",
            [("November 13, 2018", date(2018, 11, 13)), ("October 30, 2018", date(2018, 10, 30))],
        ),
        (
            "From 19 November 2018 to 2019-01-31 (not January 32, 2019).",
            [
                ("19 November 2018", date(2018, 11, 19)),
                ("2019-01-31", date(2019, 1, 31)),
                ("January 32, 2019", None),
            ],
        ),
    ],
    ids=[
        "month-day-year",
        "day-month-year",
        "iso",
        "no-comma",
        "day-month-comma",
        "single-digit-day",
        "single-digit-day-first",
        "impossible-november-31",
        "impossible-day-first",
        "not-a-leap-year",
        "leap-year",
        "impossible-iso",
        "iso-month-13",
        "month-only",
        "fuzzy-iso",
        "none",
        "longer-number",
        "trailing-digit",
        "two-dates",
        "three-forms",
    ],
)
def test_typed_dates(text, expected):
    assert found(text) == expected
