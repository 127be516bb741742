"""The extension's settings, declared once and registered from this one table."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ConfigError

from deadlines.core.clock import ClockError, check_inputs
from deadlines.core.status import DEFAULT_CLOSING_SOON_DAYS, DEFAULT_OPENS_SOON_DAYS


@dataclass(frozen=True)
class Setting:
    name: str
    default: str | int
    rebuild: str = "env"  # what Sphinx rebuilds when the value changes


SETTINGS = (
    # The instant the build describes (`make html NOW=...`); empty: SOURCE_DATE_EPOCH or
    # now. Rebuild "": a new clock must not re-read every page; env-updated picks the pages.
    Setting("deadlines_now", "", rebuild=""),
    Setting("deadlines_closing_soon_days", DEFAULT_CLOSING_SOON_DAYS),
    Setting("deadlines_opens_soon_days", DEFAULT_OPENS_SOON_DAYS),
    # The domain in calendar UIDs; empty: the host of html_baseurl.
    Setting("deadlines_uid_domain", ""),
)


def register(app: Sphinx) -> None:
    for setting in SETTINGS:
        types = frozenset({type(setting.default)})
        app.add_config_value(setting.name, setting.default, setting.rebuild, types=types)


def check(app: Sphinx, config: Config) -> None:
    check_clock(config.deadlines_now, os.environ)
    for name in ("deadlines_closing_soon_days", "deadlines_opens_soon_days"):
        if not isinstance(config[name], int) or config[name] < 0:
            raise ConfigError(f"{name} must be a whole number of days, 0 or more")


def check_clock(setting: str, environ: Mapping[str, str]) -> None:
    """A bad clock input stops the build with its one line, before Sphinx reads the clock
    (its copyright year, next on this event) and before any page is read.

    Not a ConfigError: Sphinx reports those as a crash, with a traceback around the line.
    """
    try:
        check_inputs(setting, environ)
    except ClockError as error:
        raise SystemExit(f"error: {error}") from None
