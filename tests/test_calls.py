"""deadlines.core.calls: a call's declaration parsed into a Call or a list of problems."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from deadlines.core.calls import URL_OPTIONS, Kind, parse_call, tensed, url_error
from deadlines.core.dates import FuzzyDate

RFI_ID = "2019-q1-pypi-rfi"
RFI_OPTIONS = {
    "kind": "RFI",
    "title": "PyPI Security and Accessibility Q1 2019 Request for Information",
    "opens": "2018-10-30",
    "closes": "2018-11-13",
    "timezone": "AoE",
    "next": "2019-q1-pypi-rfp",
}


def options(**changes: str | None) -> dict[str, str]:
    """The RFI's options with some changed; None removes one."""
    result = dict(RFI_OPTIONS)
    for name, value in changes.items():
        if value is None:
            result.pop(name, None)
        else:
            result[name] = value
    return result


def test_parse_valid_call():
    call, problems = parse_call(RFI_ID, RFI_OPTIONS, [])
    assert problems == []
    assert call is not None
    assert call.id == RFI_ID
    assert call.kind is Kind.RFI
    assert call.title == "PyPI Security and Accessibility Q1 2019 Request for Information"
    assert call.opens == FuzzyDate.day(date(2018, 10, 30))
    assert call.closes == FuzzyDate.day(date(2018, 11, 13))
    assert call.zone_name == "AoE"
    assert call.next == "2019-q1-pypi-rfp"
    assert call.opens_key == "rfi-opens"
    assert call.closes_key == "rfi-closes"
    assert call.opens_at == datetime(2018, 10, 30, 12, tzinfo=UTC)
    assert call.closes_at == datetime(2018, 11, 14, 12, tzinfo=UTC)
    assert call.milestones == ()


@pytest.mark.parametrize(
    ("changes", "zone_name", "kind", "opens_key", "closes_key"),
    [
        ({"timezone": None}, "AoE", Kind.RFI, "rfi-opens", "rfi-closes"),
        ({"timezone": "  "}, "AoE", Kind.RFI, "rfi-opens", "rfi-closes"),
        ({"timezone": "UTC"}, "UTC", Kind.RFI, "rfi-opens", "rfi-closes"),
        ({"timezone": " Europe/Paris "}, "Europe/Paris", Kind.RFI, "rfi-opens", "rfi-closes"),
        ({"kind": "rfp"}, "AoE", Kind.RFP, "rfp-opens", "rfp-closes"),
        ({"kind": " RFP "}, "AoE", Kind.RFP, "rfp-opens", "rfp-closes"),
    ],
    ids=["zone-default", "zone-blank", "zone-utc", "zone-iana-padded", "kind-lower", "kind-padded"],
)
def test_parse_options(changes, zone_name, kind, opens_key, closes_key):
    call, problems = parse_call(RFI_ID, options(**changes), [])
    assert problems == []
    assert (call.zone_name, call.kind, call.opens_key, call.closes_key) == (
        zone_name,
        kind,
        opens_key,
        closes_key,
    )


@pytest.mark.parametrize(
    ("kind", "period"), [(Kind.RFI, "RFI period"), (Kind.RFP, "RFP period")], ids=["rfi", "rfp"]
)
def test_kind_period(kind, period):
    assert kind.period == period


@pytest.mark.parametrize(
    ("text", "opens", "closes"),
    [
        ("TBD", FuzzyDate.tbd(), FuzzyDate.tbd()),
        ("tbd", FuzzyDate.tbd(), FuzzyDate.tbd()),
    ],
    ids=["upper", "lower"],
)
def test_tbd_opening_and_closing_accepted(text, opens, closes):
    call, problems = parse_call(RFI_ID, options(opens=text, closes=text), [])
    assert problems == []
    assert (call.opens, call.closes, call.opens_at, call.closes_at) == (opens, closes, None, None)


@pytest.mark.parametrize(
    ("call_id", "changes", "body", "line", "subtype", "fragments"),
    [
        (RFI_ID, {"title": None}, [], 0, "call", (":title:",)),
        (RFI_ID, {"title": "   "}, [], 0, "call", (":title:",)),
        (RFI_ID, {"opens": None, "closes": None}, [], 0, "call", (":opens:", ":closes:")),
        (RFI_ID, {"kind": None}, [], 0, "call", (":kind:",)),
        (RFI_ID, {"kind": "RFQ"}, [], 0, "call", ("RFQ", "RFI or RFP")),
        ("RFI", {}, [], 0, "call", ("'RFI'",)),
        ("-rfi", {}, [], 0, "call", ("'-rfi'",)),
        (
            RFI_ID,
            {"closes": "2018-11-31"},
            [],
            0,
            "date",
            (":closes:", "November 2018 has 30 days"),
        ),
        (RFI_ID, {"opens": "2019-02-29"}, [], 0, "date", (":opens:", "February 2019 has 28 days")),
        (RFI_ID, {"closes": "2018-11"}, [], 0, "date", (":closes:", "precise", "day")),
        (RFI_ID, {"opens": "2018-Q4"}, [], 0, "date", (":opens:", "precise", "day")),
        (RFI_ID, {"closes": "soon"}, [], 0, "date", (":closes:", "YYYY-MM-DD")),
        (RFI_ID, {"timezone": "Mars/Olympus"}, [], 0, "zone", ("Mars/Olympus",)),
        (RFI_ID, {"closes": "2018-10-29"}, [], 0, "order", ("2018-10-29", "2018-10-30")),
        (RFI_ID, {}, ["decisions 2018-12"], 1, "milestone", ("decisions 2018-12",)),
        (RFI_ID, {}, ["", "# notes", "decisions"], 3, "milestone", ("decisions",)),
        (RFI_ID, {}, ["Decisions TBD Decisions made"], 1, "milestone", ("'Decisions'",)),
        (
            RFI_ID,
            {},
            ["decisions TBD Decisions {are|were} made", "", "decisions 2019-02 Decisions again"],
            3,
            "milestone",
            ("decisions", "twice"),
        ),
        (
            RFI_ID,
            {},
            ["a TBD A", "b TBD B", "decisions 2018-12-32 Decisions"],
            3,
            "date",
            ("decisions", "December 2018 has 31 days"),
        ),
        (RFI_ID, {}, ["work-starts 2019-Q5 Work starts"], 1, "date", ("work-starts", "YYYY-Qn")),
        (
            RFI_ID,
            {},
            ["rfi-opens 2018-10-30 RFI period {opens|opened}"],
            1,
            "milestone",
            ("rfi-opens", "'='"),
        ),
        (
            RFI_ID,
            {},
            ["# first", "rfi-closes 2018-11-13 RFI period {closes|closed}"],
            2,
            "milestone",
            ("rfi-closes", "'='"),
        ),
    ],
    ids=[
        "missing-title",
        "blank-title",
        "missing-opens-closes",
        "missing-kind",
        "bad-kind",
        "uppercase-id",
        "id-leading-hyphen",
        "impossible-closes",
        "impossible-opens",
        "month-closes",
        "quarter-opens",
        "garbage-closes",
        "unknown-zone",
        "closes-before-opens",
        "milestone-no-label",
        "milestone-line-counts-blank-and-comment",
        "milestone-bad-key",
        "milestone-duplicate",
        "milestone-impossible-date",
        "milestone-bad-quarter",
        "own-opens-dated",
        "own-closes-dated",
    ],
)
def test_parse_problems(call_id, changes, body, line, subtype, fragments):
    call, problems = parse_call(call_id, options(**changes), body)
    assert call is None
    assert len(problems) == 1, problems
    (problem,) = problems
    assert (problem.line, problem.subtype) == (line, subtype)
    for fragment in fragments:
        assert fragment in problem.message
    assert "\n" not in problem.message


def test_problems_are_all_reported_together():
    body = ["decisions", "x 2018-02-30 X"]
    call, problems = parse_call(RFI_ID, options(closes="2018-11", timezone="Nowhere/Land"), body)
    assert call is None
    assert sorted((p.line, p.subtype) for p in problems) == [
        (0, "date"),
        (0, "zone"),
        (1, "milestone"),
        (2, "date"),
    ]


def test_closing_on_the_opening_day_is_allowed():
    call, problems = parse_call(RFI_ID, options(closes="2018-10-30"), [])
    assert problems == []
    assert call.closes_at == datetime(2018, 10, 31, 12, tzinfo=UTC)


@pytest.mark.parametrize(
    ("line", "key", "date", "label", "note"),
    [
        (
            "rfp-opens    2018-11   RFP period {opens|opened} -- 1-2 weeks after the RFI closes",
            "rfp-opens",
            FuzzyDate.month(2018, 11),
            "RFP period {opens|opened}",
            "1-2 weeks after the RFI closes",
        ),
        (
            "decisions 2019-02-08 Decisions on proposals {are|were} made",
            "decisions",
            FuzzyDate.day(date(2019, 2, 8)),
            "Decisions on proposals {are|were} made",
            "",
        ),
        (
            "  rfi-closes   =   RFI period {closes|closed}  ",
            "rfi-closes",
            None,
            "RFI period {closes|closed}",
            "",
        ),
        (
            "work-starts 2019-Q1 Contract work {starts|started} -- planned for January",
            "work-starts",
            FuzzyDate.quarter(2019, 1),
            "Contract work {starts|started}",
            "planned for January",
        ),
        (
            "contracts TBD Contracts finalised",
            "contracts",
            FuzzyDate.tbd(),
            "Contracts finalised",
            "",
        ),
        (
            "rfi-opens = RFI period {opens|opened}",
            "rfi-opens",
            None,
            "RFI period {opens|opened}",
            "",
        ),
    ],
    ids=["month-with-note", "day", "inherited", "quarter-with-note", "tbd", "own-key-inherited"],
)
def test_milestone_lines(line, key, date, label, note):
    call, problems = parse_call(RFI_ID, RFI_OPTIONS, [line])
    assert problems == []
    (milestone,) = call.milestones
    assert (milestone.key, milestone.date, milestone.label, milestone.note, milestone.line) == (
        key,
        date,
        label,
        note,
        1,
    )


def test_milestone_line_numbers_count_blank_and_comment_lines():
    body = ["", "# the RFI's dates", "rfi-closes = RFI closes", "", "decisions 2019-02-08 Decide"]
    call, problems = parse_call(RFI_ID, RFI_OPTIONS, body)
    assert problems == []
    assert [(m.key, m.line) for m in call.milestones] == [("rfi-closes", 3), ("decisions", 5)]


def test_own_dates():
    body = ["rfi-closes = RFI closes", "rfp-opens 2018-11 RFP opens", "decisions TBD Decisions"]
    call, problems = parse_call(RFI_ID, RFI_OPTIONS, body)
    assert problems == []
    assert call.own_dates() == {
        "rfi-opens": FuzzyDate.day(date(2018, 10, 30)),
        "rfi-closes": FuzzyDate.day(date(2018, 11, 13)),
        "rfp-opens": FuzzyDate.month(2018, 11),
        "decisions": FuzzyDate.tbd(),
    }


@pytest.mark.parametrize(
    ("label", "past", "expected"),
    [
        ("RFP period {opens|opened}", False, "RFP period opens"),
        ("RFP period {opens|opened}", True, "RFP period opened"),
        ("Decisions on proposals {are|were} made", True, "Decisions on proposals were made"),
        (
            "Contract work {starts|started}, as {is|was} planned",
            False,
            "Contract work starts, as is planned",
        ),
        (
            "Contract work {starts|started}, as {is|was} planned",
            True,
            "Contract work started, as was planned",
        ),
        ("Contracts finalised", True, "Contracts finalised"),
    ],
    ids=["present", "past", "are-were", "two-present", "two-past", "no-switch"],
)
def test_tensed(label, past, expected):
    assert tensed(label, past) == expected


@pytest.mark.parametrize(
    ("changes", "body", "subtype"),
    [
        ({"closes": "0000-01-01"}, [], "date"),
        ({}, ["work-starts 0000-Q1 Work starts"], "date"),
        ({"timezone": "America"}, [], "zone"),
    ],
    ids=["year-zero-closes", "year-zero-milestone", "zone-directory"],
)
def test_parse_call_never_raises(changes, body, subtype):
    call, problems = parse_call(RFI_ID, options(**changes), body)
    assert call is None
    assert [p.subtype for p in problems] == [subtype]


BAD_URLS = {
    "javascript": ("javascript:alert(1)", "not a web or mail address"),
    "javascript-mixed-case": ("JavaScript:alert(document.cookie)", "not a web or mail address"),
    "data": ("data:text/html,<script>alert(1)</script>", "not a web or mail address"),
    "vbscript": ("vbscript:msgbox(1)", "not a web or mail address"),
    "file": ("file:///etc/passwd", "not a web or mail address"),
    "ftp": ("ftp://example.org/rfi", "not a web or mail address"),
    "scheme-relative": ("//example.org/rfi", "not a web or mail address"),
    "relative": ("rfi.html", "not a web or mail address"),
    "tab-inside-scheme": ("java\tscript:alert(1)", "space or control character"),
    "newline-inside-scheme": ("java\nscript:alert(1)", "space or control character"),
    "space-in-host": ("https://exa mple.org/", "space or control character"),
    "zero-width-space": ("https://example.org/\u200b", "space or control character"),
    "no-host": ("https:example.org", "names no host"),
    "empty-host": ("http://", "names no host"),
    "no-mailbox": ("mailto:", "names no mailbox"),
    "broken-ipv6": ("https://[::1/rfi", "not a valid address"),
}
GOOD_URLS = [
    "https://discuss.python.org/c/python-software-foundation/psf-pypi-rfi-q1-2019",
    "http://example.org",
    "HTTPS://EXAMPLE.ORG/RFI",
    "https://example.org/a%20b?x=1#part",
    "mailto:proposals@example.org",
    "mailto:proposals@example.org?subject=RFP",
]


@pytest.mark.parametrize("case", sorted(BAD_URLS))
@pytest.mark.parametrize("name", URL_OPTIONS)
def test_every_link_option_must_be_a_web_or_mail_address(name, case):
    url, fragment = BAD_URLS[case]
    call, problems = parse_call(RFI_ID, options(**{name: url}), [])
    assert call is None
    assert [(p.subtype, p.option) for p in problems] == [("url", name)]
    assert fragment in problems[0].message
    assert f":{name}:" in problems[0].message
    assert "\n" not in problems[0].message


@pytest.mark.parametrize("url", GOOD_URLS)
@pytest.mark.parametrize("name", URL_OPTIONS)
def test_web_and_mail_addresses_are_accepted(name, url):
    call, problems = parse_call(RFI_ID, options(**{name: f"  {url} "}), [])
    assert problems == []
    assert getattr(call, name) == url


@pytest.mark.parametrize("url", ["", *GOOD_URLS])
def test_url_error_is_empty_for_good_links(url):
    assert url_error(url) == ""


@pytest.mark.parametrize(
    ("changes", "option"),
    [
        ({"title": None}, "title"),
        ({"title": "  "}, "title"),
        ({"opens": None, "closes": None}, "opens"),
        ({"kind": "RFQ"}, "kind"),
        ({"opens": "2019-02-29"}, "opens"),
        ({"closes": "2018-11"}, "closes"),
        ({"timezone": "Mars/Olympus"}, "timezone"),
        ({"closes": "2018-10-29"}, "closes"),
        ({"venue": "javascript:alert(1)"}, "venue"),
        ({"submit": "data:,x"}, "submit"),
    ],
    ids=[
        "missing-title",
        "blank-title",
        "missing-dates",
        "bad-kind",
        "impossible-opens",
        "month-closes",
        "unknown-zone",
        "closes-before-opens",
        "venue",
        "submit",
    ],
)
def test_a_problem_with_an_option_names_the_option(changes, option):
    """So the Sphinx layer can point at that option's own line, not the directive's."""
    _, problems = parse_call(RFI_ID, options(**changes), [])
    assert [p.option for p in problems] == [option]
    assert problems[0].line == 0


def test_a_bad_id_is_on_the_directive_line():
    _, problems = parse_call("Bad_Id", RFI_OPTIONS, [])
    assert [(p.line, p.option) for p in problems] == [(0, "")]
