"""Dates typed in prose, found so the build can say when one contradicts a call's data."""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from datetime import date

_MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
_MONTH_NAMES = "|".join(name for name in calendar.month_name if name)
_PATTERNS = (
    re.compile(rf"\b(?P<month>{_MONTH_NAMES})\s+(?P<day>\d{{1,2}}),?\s+(?P<year>\d{{4}})\b"),
    re.compile(rf"\b(?P<day>\d{{1,2}})\s+(?P<month>{_MONTH_NAMES}),?\s+(?P<year>\d{{4}})\b"),
    re.compile(r"\b(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})\b"),
)


def typed_dates(text: str) -> Iterable[tuple[str, date | None]]:
    """Each full date written in ``text``: the words as typed, and the day (None if impossible)."""
    for pattern in _PATTERNS:
        for match in pattern.finditer(text):
            month_text = match["month"]
            month = int(month_text) if month_text.isdigit() else _MONTHS[month_text.lower()]
            try:
                day = date(int(match["year"]), month, int(match["day"]))
            except ValueError:
                day = None
            yield match[0], day
