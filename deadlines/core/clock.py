"""The build's one clock: the only place in the project that reads the wall clock.

Two inputs name the instant a build describes: NOW (`make html NOW=...`, the
``deadlines_now`` setting) and SOURCE_DATE_EPOCH. Both are read here, and only here.
Sphinx itself reads SOURCE_DATE_EPOCH while it starts, before any extension can check
it, so `make` first runs `main` here, and the site's conf.py calls `stop_on_bad_epoch`
for a sphinx-build run by hand: a bad value then stops the build with one line, from the
same code the build reads the clock with.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime, timedelta

# The instants a build can describe. Not before the epoch: SOURCE_DATE_EPOCH counts
# seconds since it and has no sign (it is `date +%s` of the sources' last change), and
# NOW names the same instants. Not after 9998: a year of headroom keeps every call's
# zone and every "soon" window inside the calendar that Python can represent.
EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)
LATEST = datetime(9999, 1, 1, tzinfo=UTC) - timedelta(seconds=1)
EXAMPLE_NOW = "2018-11-06T12:00Z"
EXAMPLE_EPOCH = "1541505600"

_ZULU = re.compile(r"(?i)z$")
_DIGITS = re.compile(r"[0-9]+")
_NEGATIVE = re.compile(r"-[0-9]+")
_RANGE = f"the clock runs from {EARLIEST:%Y-%m-%dT%H:%M:%SZ} to {LATEST:%Y-%m-%dT%H:%M:%SZ}"


class ClockError(ValueError):
    """A clock input that cannot be read as an instant; its message is one line."""


def parse_now(text: str) -> datetime:
    """2018-11-06T12:00Z, 2018-11-06T12:00:00+01:00 or 2018-11-06 (midnight UTC)."""
    value = _ZULU.sub("+00:00", text.strip())
    shown = _shown("NOW", text.strip())
    try:
        instant = datetime.combine(date.fromisoformat(value), datetime.min.time(), UTC)
    except ValueError:
        try:
            instant = datetime.fromisoformat(value)
        except ValueError:
            raise ClockError(f"{shown} is not an instant; write e.g. NOW={EXAMPLE_NOW}") from None
    if instant.tzinfo is None:
        raise ClockError(f"{shown} has no time zone; end it with Z or an offset such as +01:00")
    try:
        instant = instant.astimezone(UTC)
    except OverflowError:
        raise ClockError(f"{shown} is out of range: {_RANGE}") from None
    if instant.microsecond:
        raise ClockError(
            f"{shown} has a fraction of a second; the clock counts whole seconds: "
            f"write e.g. NOW={EXAMPLE_NOW}"
        )
    if not EARLIEST <= instant <= LATEST:
        raise ClockError(f"{shown} is out of range: {_RANGE}")
    return instant


def parse_epoch(text: str) -> datetime:
    """SOURCE_DATE_EPOCH as the reproducible-builds convention writes it: digits only."""
    value = text.strip()
    shown = _shown("SOURCE_DATE_EPOCH", value)
    latest = int(LATEST.timestamp())
    out_of_range = ClockError(f"{shown} is out of range: it must be 0 to {latest} ({_RANGE})")
    if _NEGATIVE.fullmatch(value):
        raise out_of_range
    if not _DIGITS.fullmatch(value):
        raise ClockError(
            f"{shown} is not a whole number of seconds since 1970-01-01T00:00:00Z, "
            f"in digits only; write e.g. SOURCE_DATE_EPOCH={EXAMPLE_EPOCH}"
        )
    # Length first: Python refuses to read integers of thousands of digits.
    if len(value.lstrip("0")) > len(str(latest)) or int(value) > latest:
        raise out_of_range
    return EARLIEST + timedelta(seconds=int(value))


def _shown(name: str, value: str, longest: int = 40) -> str:
    """The input as the message quotes it, cut short so the message stays one line."""
    if len(value) > longest:
        value = value[: longest - 3] + "..."
    return f"{name}={value!r}"


def check_inputs(setting: str, environ: Mapping[str, str]) -> None:
    """Both inputs, whichever the build uses: Sphinx reads SOURCE_DATE_EPOCH even when
    NOW is given, and would crash on a bad one."""
    epoch = environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.strip():
        parse_epoch(epoch)
    if setting.strip():
        parse_now(setting)


def build_instant(
    setting: str,
    environ: Mapping[str, str],
    wall_clock: Callable[[], datetime] = lambda: datetime.now(UTC),
) -> datetime:
    """The instant a build describes: NOW setting, else SOURCE_DATE_EPOCH, else the wall clock."""
    check_inputs(setting, environ)
    if setting.strip():
        return parse_now(setting)
    epoch = environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.strip():
        return parse_epoch(epoch)
    return wall_clock().astimezone(UTC)


def stop_on_bad_epoch(environ: Mapping[str, str] = os.environ) -> None:
    """For conf.py, the only code of a project that runs before Sphinx loads its builders
    and one of them reads SOURCE_DATE_EPOCH (and crashes on a bad one). Sphinx turns an
    exception or an exit in conf.py into a crash report, so this prints the one line and
    ends the process itself; nothing has been written yet."""
    try:
        check_inputs("", environ)
    except ClockError as error:
        print(f"error: {error}", file=sys.stderr, flush=True)
        os._exit(2)


def main(environ: Mapping[str, str] = os.environ) -> int:
    """What `make` runs before Sphinx: check NOW and SOURCE_DATE_EPOCH from the environment."""
    try:
        check_inputs(environ.get("NOW", ""), environ)
    except ClockError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    return 0
