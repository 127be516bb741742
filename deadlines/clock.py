"""The build's one clock: the only place in the project that reads the wall clock."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import UTC, datetime


class ClockError(ValueError):
    """A clock setting that cannot be read as an instant."""


_ZULU = re.compile(r"(?i)z$")


def parse_instant(text: str) -> datetime:
    """2018-11-06T12:00Z, 2018-11-06T12:00:00+01:00 or 2018-11-06 (midnight UTC)."""
    value = _ZULU.sub("+00:00", text.strip())
    try:
        instant = datetime.fromisoformat(value)
    except ValueError:
        raise ClockError(
            f"NOW={text!r} is not an instant; write e.g. NOW=2018-11-06T12:00Z"
        ) from None
    if instant.tzinfo is None:
        if len(value) > len("2018-11-06"):  # a time of day, whatever the separator
            raise ClockError(
                f"NOW={text!r} has no time zone; end it with Z or an offset such as +01:00"
            )
        instant = instant.replace(tzinfo=UTC)
    return instant.astimezone(UTC)


def build_instant(
    setting: str,
    environ: Mapping[str, str],
    wall_clock: Callable[[], datetime] = lambda: datetime.now(UTC),
) -> datetime:
    """The instant a build describes: NOW setting, else SOURCE_DATE_EPOCH, else the wall clock."""
    if setting.strip():
        return parse_instant(setting)
    epoch = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            return datetime.fromtimestamp(int(epoch), UTC)
        except (ValueError, OverflowError, OSError):
            raise ClockError(
                f"SOURCE_DATE_EPOCH={epoch!r} is not a whole number of seconds"
            ) from None
    return wall_clock().astimezone(UTC)
