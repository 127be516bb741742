"""The subtype of every warning the extension gives; its type is ``deadlines``.

A site can silence one kind with ``suppress_warnings = ["deadlines.prose"]``; the README
lists them.
"""

from __future__ import annotations

from enum import StrEnum


class Subtype(StrEnum):
    CALL = "call"  # a call's id, kind or a required option
    DATE = "date"  # a date that cannot be read
    ZONE = "zone"  # a time zone that does not exist
    URL = "url"  # a link that is not http, https or mailto
    MILESTONE = "milestone"  # a milestone line
    ORDER = "order"  # dates out of order
    CONFLICT = "conflict"  # two calls that give one milestone different dates
    REFERENCE = "reference"  # a page names a call or milestone that does not exist
    DUPLICATE = "duplicate"  # a call declared twice
    PROSE = "prose"  # a date typed in prose that contradicts the data
