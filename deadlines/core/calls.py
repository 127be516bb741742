"""A call (an RFI, an RFP) as declared once by its own document.

Parsing never raises: it returns the call it could build and a list of problems,
each with the line (relative to the declaration) it concerns, so the Sphinx layer
can point at the file and line.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from enum import StrEnum
from urllib.parse import urlsplit

from deadlines.core.dates import DateError, FuzzyDate, parse_day, parse_fuzzy_date
from deadlines.core.subtypes import Subtype
from deadlines.core.zones import DEFAULT_ZONE, ZoneError, end_of_day, resolve_zone, start_of_day


class Kind(StrEnum):
    RFI = "RFI"
    RFP = "RFP"

    @property
    def period(self) -> str:
        return f"{self.value} period"


INHERITED = "="
_CALL_ID = re.compile(r"[a-z0-9][a-z0-9-]*")
_MILESTONE_KEY = re.compile(r"[a-z0-9][a-z0-9-]*")
_TENSE = re.compile(r"\{([^{}|]+)\|([^{}|]+)\}")
_MILESTONE_LINE = re.compile(
    r"(?P<key>\S+)\s+(?P<date>\S+)\s+(?P<label>.+?)(?:\s+--\s+(?P<note>.+))?"
)


@dataclass(frozen=True)
class Problem:
    """Something wrong in a declaration: ``line`` counts from the declaration's first line.

    A problem with an option's value names the option; its line is that option's own
    line, which only the Sphinx layer, reading the source, knows.
    """

    line: int
    message: str
    subtype: Subtype = Subtype.CALL
    option: str = ""


@dataclass(frozen=True)
class Milestone:
    key: str
    date: FuzzyDate | None  # None: taken from the linked call that dates the same key
    label: str  # with {present|past} tense switches
    note: str = ""
    line: int = 0


def tensed(label: str, past: bool) -> str:
    """Resolve {present|past} switches: "RFI period {opens|opened}"."""
    return _TENSE.sub(lambda m: m[2] if past else m[1], label)


def is_deadline_key(key: str) -> bool:
    """A call's closing (rfi-closes, rfp-closes) is a deadline in whichever call lists it."""
    return key in {f"{kind.value.lower()}-closes" for kind in Kind}


@dataclass(frozen=True)
class Call:
    id: str
    kind: Kind
    title: str
    opens: FuzzyDate
    closes: FuzzyDate
    zone_name: str = DEFAULT_ZONE
    venue: str = ""
    register: str = ""
    source: str = ""
    submit: str = ""
    next: str = ""
    milestones: tuple[Milestone, ...] = field(default=())

    @property
    def zone(self) -> tzinfo:
        return resolve_zone(self.zone_name)

    @property
    def opens_key(self) -> str:
        return f"{self.kind.value.lower()}-opens"

    @property
    def closes_key(self) -> str:
        return f"{self.kind.value.lower()}-closes"

    @property
    def opens_at(self) -> datetime | None:
        """The call opens at the start of its opening day in its zone."""
        return start_of_day(self.opens.first, self.zone) if self.opens.is_known else None

    @property
    def closes_at(self) -> datetime | None:
        """The exclusive end: the first instant after the closing day ends in its zone."""
        return end_of_day(self.closes.last, self.zone) if self.closes.is_known else None

    def own_dates(self) -> dict[str, FuzzyDate]:
        """The dates this call states itself, by milestone key."""
        stated = {m.key: m.date for m in self.milestones if m.date is not None}
        stated[self.opens_key] = self.opens
        stated[self.closes_key] = self.closes
        return stated


OPTION_NAMES = (
    "kind",
    "title",
    "opens",
    "closes",
    "timezone",
    "venue",
    "register",
    "source",
    "submit",
    "next",
)
REQUIRED_OPTIONS = ("kind", "title", "opens", "closes")
# Options whose value readers follow as a link: each must be a web or mail address.
URL_OPTIONS = ("venue", "register", "source", "submit")
URL_SCHEMES = ("http", "https", "mailto")


def parse_call(
    call_id: str, options: Mapping[str, str], body: Iterable[str]
) -> tuple[Call | None, list[Problem]]:
    """Build a call from a directive's options and its milestone lines."""
    problems: list[Problem] = []
    if not _CALL_ID.fullmatch(call_id):
        problems.append(
            Problem(0, f"call id {call_id!r} must be lowercase letters, digits and hyphens")
        )
    missing = [name for name in REQUIRED_OPTIONS if not options.get(name, "").strip()]
    if missing:
        problems.append(
            Problem(
                0,
                f"call {call_id} needs :{': and :'.join(missing)}: options",
                option=missing[0],  # its line, if it is there but empty
            )
        )
        return None, problems

    kind_text = options["kind"].strip().upper()
    if kind_text not in Kind.__members__:
        problems.append(Problem(0, f"kind {options['kind']!r} is not RFI or RFP", option="kind"))
        return None, problems
    kind = Kind(kind_text)

    dates: dict[str, FuzzyDate] = {}
    for name in ("opens", "closes"):
        try:
            dates[name] = parse_day(options[name])
        except DateError as error:
            problems.append(Problem(0, f":{name}: {error}", Subtype.DATE, option=name))
    zone_name = options.get("timezone", "").strip() or DEFAULT_ZONE
    try:
        resolve_zone(zone_name)
    except ZoneError as error:
        problems.append(Problem(0, str(error), Subtype.ZONE, option="timezone"))
    for name in URL_OPTIONS:
        if error := url_error(options.get(name, "").strip()):
            problems.append(Problem(0, f":{name}: {error}", Subtype.URL, option=name))
    milestones = tuple(_parse_milestones(body, problems))
    if problems:
        return None, problems

    call = Call(
        id=call_id,
        kind=kind,
        title=options["title"].strip(),
        opens=dates["opens"],
        closes=dates["closes"],
        zone_name=zone_name,
        venue=options.get("venue", "").strip(),
        register=options.get("register", "").strip(),
        source=options.get("source", "").strip(),
        submit=options.get("submit", "").strip(),
        next=options.get("next", "").strip(),
        milestones=milestones,
    )
    problems.extend(check_call(call))
    return (None if problems else call), problems


def url_error(url: str) -> str:
    """Why a link from call data cannot be published ("" when it can, or when it is empty).

    Only web and mail addresses: a ``javascript:`` or ``data:`` link in a banner would run
    in the reader's browser. Browsers drop spaces and control characters from a link, so
    ``java script:`` is refused too, rather than guessed at.
    """
    if not url:
        return ""
    fix = "write a full http://, https:// or mailto: address"
    if any(char.isspace() or not char.isprintable() for char in url):
        return f"{url!r} contains a space or control character; {fix}"
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:
        return f"{url!r} is not a valid address; {fix}"
    scheme = parts.scheme.lower()
    if scheme not in URL_SCHEMES:
        return f"{url!r} is not a web or mail address; {fix}"
    if scheme != "mailto" and not host:
        return f"{url!r} names no host; {fix}"
    if scheme == "mailto" and not parts.path:
        return f"{url!r} names no mailbox; {fix}"
    return ""


def _parse_milestones(body: Iterable[str], problems: list[Problem]) -> Iterable[Milestone]:
    seen: set[str] = set()
    for line_number, raw in enumerate(body, start=1):
        text = raw.strip()
        if not text or text.startswith("#"):
            continue
        match = _MILESTONE_LINE.fullmatch(text)
        if not match:
            problems.append(
                Problem(
                    line_number,
                    f"milestone line {text!r}: write KEY DATE LABEL [-- NOTE]",
                    Subtype.MILESTONE,
                )
            )
            continue
        key = match["key"]
        if not _MILESTONE_KEY.fullmatch(key):
            problems.append(
                Problem(
                    line_number,
                    f"milestone key {key!r} must be lowercase letters, digits and hyphens",
                    Subtype.MILESTONE,
                )
            )
            continue
        if key in seen:
            problems.append(
                Problem(line_number, f"milestone {key!r} is listed twice", Subtype.MILESTONE)
            )
            continue
        seen.add(key)
        if match["date"] == INHERITED:
            date = None
        else:
            try:
                date = parse_fuzzy_date(match["date"])
            except DateError as error:
                problems.append(Problem(line_number, f"milestone {key}: {error}", Subtype.DATE))
                continue
        yield Milestone(key, date, match["label"], match["note"] or "", line_number)


def check_call(call: Call) -> list[Problem]:
    """Rules that need the whole call: the order of its own dates."""
    problems: list[Problem] = []
    if call.closes.is_before(call.opens):
        problems.append(
            Problem(
                0,
                f"call {call.id} closes ({call.closes.iso()}) before it opens ({call.opens.iso()})",
                Subtype.ORDER,
                option="closes",
            )
        )
    for milestone in call.milestones:
        if milestone.key == call.opens_key and milestone.date is not None:
            problems.append(
                Problem(
                    milestone.line,
                    f"{milestone.key} comes from :opens:; write '=' as its date",
                    Subtype.MILESTONE,
                )
            )
        if milestone.key == call.closes_key and milestone.date is not None:
            problems.append(
                Problem(
                    milestone.line,
                    f"{milestone.key} comes from :closes:; write '=' as its date",
                    Subtype.MILESTONE,
                )
            )
    return problems
