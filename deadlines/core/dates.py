"""Dates as calls publish them: to the day, the month, the quarter, or not yet known.

A call's timeline mixes "2018-11-13", "2018-11" and "2019-Q1"; each keeps its own
precision so the site never claims more than the source knows.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum


class DateError(ValueError):
    """A date as written cannot be understood; the message says what to write instead."""


class Precision(StrEnum):
    DAY = "day"
    MONTH = "month"
    QUARTER = "quarter"
    TBD = "tbd"


_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_MONTH = re.compile(r"(\d{4})-(\d{2})")
_QUARTER = re.compile(r"(\d{4})-[Qq]([1-4])")
_FORMS = "YYYY-MM-DD, YYYY-MM, YYYY-Qn or TBD"


@dataclass(frozen=True)
class FuzzyDate:
    """A span of days known to contain the real date; TBD has no span."""

    first: date | None
    last: date | None
    precision: Precision

    @classmethod
    def tbd(cls) -> FuzzyDate:
        return cls(None, None, Precision.TBD)

    @classmethod
    def day(cls, value: date) -> FuzzyDate:
        return cls(value, value, Precision.DAY)

    @classmethod
    def month(cls, year: int, month: int) -> FuzzyDate:
        days = calendar.monthrange(year, month)[1]
        return cls(date(year, month, 1), date(year, month, days), Precision.MONTH)

    @classmethod
    def quarter(cls, year: int, quarter: int) -> FuzzyDate:
        first_month = 3 * quarter - 2
        last = FuzzyDate.month(year, first_month + 2).last
        return cls(date(year, first_month, 1), last, Precision.QUARTER)

    @property
    def is_known(self) -> bool:
        return self.precision is not Precision.TBD

    def contains(self, other: FuzzyDate) -> bool:
        """True when ``other`` is this date or a more precise statement of it."""
        if not self.is_known:
            return True
        if not other.is_known:
            return False
        return self.first <= other.first and other.last <= self.last

    def agrees_with(self, other: FuzzyDate) -> bool:
        """Two statements of one milestone agree when one refines the other."""
        return self.contains(other) or other.contains(self)

    def more_precise(self, other: FuzzyDate) -> FuzzyDate:
        return self if other.contains(self) else other

    def is_before(self, other: FuzzyDate) -> bool:
        """Certainly earlier: every day of this span precedes every day of ``other``."""
        return self.is_known and other.is_known and self.last < other.first

    def iso(self) -> str:
        match self.precision:
            case Precision.DAY:
                return self.first.isoformat()
            case Precision.MONTH:
                return f"{self.first:%Y-%m}"
            case Precision.QUARTER:
                return f"{self.first.year}-Q{(self.first.month + 2) // 3}"
        return "TBD"

    def human(self) -> str:
        """As a reader would say it, at the precision the source gave."""
        match self.precision:
            case Precision.DAY:
                return format_day(self.first)
            case Precision.MONTH:
                return f"{self.first:%B %Y}"
            case Precision.QUARTER:
                return f"Q{(self.first.month + 2) // 3} {self.first.year}"
        return "to be decided"


def format_day(value: date) -> str:
    """The site's one way of writing a day, as the announcement does: November 13, 2018."""
    return f"{value:%B} {value.day}, {value.year}"


def parse_fuzzy_date(text: str) -> FuzzyDate:
    """Read a date as authors write it; raise DateError naming the form expected."""
    value = text.strip()
    if value.upper() == "TBD":
        return FuzzyDate.tbd()
    if match := _DAY.fullmatch(value):
        year, month, day = map(int, match.groups())
        _check_month(value, month)
        days = calendar.monthrange(year, month)[1]
        if not 1 <= day <= days:
            raise DateError(
                f"{value} is not a date ({calendar.month_name[month]} {year} has {days} days)"
            )
        return FuzzyDate.day(date(year, month, day))
    if match := _MONTH.fullmatch(value):
        year, month = map(int, match.groups())
        _check_month(value, month)
        return FuzzyDate.month(year, month)
    if match := _QUARTER.fullmatch(value):
        _check_month(value, 1)
        return FuzzyDate.quarter(int(match[1]), int(match[2]))
    raise DateError(f"{value!r} is not a date; write {_FORMS}")


def parse_day(text: str) -> FuzzyDate:
    """A date that must be a whole day (or TBD), as a deadline must be."""
    parsed = parse_fuzzy_date(text)
    if parsed.precision in (Precision.MONTH, Precision.QUARTER):
        raise DateError(
            f"{text.strip()} is precise only to the {parsed.precision}; "
            "a call's opening and closing need a day (YYYY-MM-DD) or TBD"
        )
    return parsed


def _check_month(value: str, month: int) -> None:
    if value.startswith("0000"):
        raise DateError(f"{value} is not a date (there is no year 0)")
    if not 1 <= month <= 12:
        raise DateError(f"{value} is not a date (there is no month {month})")


def next_day(value: date) -> date:
    return value + timedelta(days=1)
