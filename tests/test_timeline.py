"""deadlines.core.timeline: milestones shared across an RFI -> RFP chain, in order, at an instant."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from deadlines.core.calls import Call
from deadlines.core.dates import FuzzyDate, parse_fuzzy_date
from deadlines.core.timeline import (
    ChainDate,
    Row,
    chain_roots,
    check_order,
    resolve_chain_dates,
    rows_at,
    tense_holds_until,
    timeline_rows,
)
from tests.samples import RFI_ID, RFI_OPTIONS, RFP_ID, RFP_OPTIONS, parse

RFI_BODY = [
    "rfp-opens    2018-11   RFP period {opens|opened} -- 1-2 weeks after the RFI closes",
    "rfp-closes   TBD       RFP period {closes|closed} -- 10 days after it opens",
    "decisions    TBD       Decisions on proposals {are|were} made -- after the RFP closes",
    "contracts    TBD       Contracts {are|were} finalised -- after decisions",
    "work-starts  2019-Q1   Contract work {starts|started} -- planned for January",
]
RFP_BODY = [
    "rfi-opens        =           RFI period {opens|opened}",
    "rfi-closes       =           RFI period {closes|closed}",
    "rfp-opens        =           Initial RFP period {opens|opened}",
    "initial-closes   2018-12-14  Initial RFP period {closes|closed}",
    "extension-opens  2018-12-19  Extended RFP period {opens|opened}",
    "rfp-closes       =           Extended RFP period {closes|closed}",
    "decisions        2019-02-08  Decisions on proposals {are|were} made",
    "work-starts      2019-Q1     Contract work {starts|started}",
]


def redate(body: list[str], key: str, new_date: str) -> list[str]:
    """The body with the date of ``key`` replaced."""
    result = []
    for line in body:
        parts = line.split(maxsplit=2)
        result.append(f"{key} {new_date} {parts[2]}" if parts[0] == key else line)
    return result


def rfi(body: list[str] | None = None) -> Call:
    return parse(RFI_ID, RFI_OPTIONS, RFI_BODY if body is None else body)


def rfp(body: list[str] | None = None) -> Call:
    return parse(RFP_ID, RFP_OPTIONS, RFP_BODY if body is None else body)


def chain(*calls: Call) -> dict[str, Call]:
    return {call.id: call for call in calls}


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


def test_chain_roots():
    assert chain_roots(chain(rfp(), rfi())) == {RFI_ID: RFI_ID, RFP_ID: RFI_ID}


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("rfi-opens", "2018-10-30"),
        ("rfi-closes", "2018-11-13"),
        ("rfp-opens", "2018-11-19"),
        ("initial-closes", "2018-12-14"),
        ("extension-opens", "2018-12-19"),
        ("rfp-closes", "2019-01-31"),
        ("decisions", "2019-02-08"),
        ("contracts", "TBD"),
        ("work-starts", "2019-Q1"),
    ],
    ids=[
        "rfi-opens-from-rfi",
        "rfi-closes-inherited",
        "rfp-opens-refined",
        "rfp-only-day",
        "rfp-only-day-2",
        "tbd-refined-by-rfp",
        "tbd-refined-by-milestone",
        "still-tbd",
        "quarter-agreed",
    ],
)
@pytest.mark.parametrize("reverse", [False, True], ids=["rfi-first", "rfp-first"])
def test_resolve_chain_dates(key, expected, reverse):
    calls = [rfi(), rfp()]
    if reverse:
        calls.reverse()
    resolved, problems = resolve_chain_dates(chain(*calls))
    assert problems == []
    assert set(resolved) == {RFI_ID}
    assert resolved[RFI_ID][key].date == parse_fuzzy_date(expected)


def test_resolve_chain_dates_knows_every_key():
    resolved, _ = resolve_chain_dates(chain(rfi(), rfp()))
    assert set(resolved[RFI_ID]) == {*RFP_KEYS, "contracts"}  # the RFP's keys, and the RFI's own


@pytest.mark.parametrize(
    ("rfi_body", "rfp_body", "call_id", "line", "fragments"),
    [
        (
            redate(RFI_BODY, "decisions", "2018-12"),
            RFP_BODY,
            RFP_ID,
            7,
            ("decisions", "2019-02-08", "2018-12", f"in {RFI_ID};"),
        ),
        (
            redate(RFI_BODY, "rfp-opens", "2018-12"),
            RFP_BODY,
            RFI_ID,
            1,
            ("rfp-opens", "2018-12 here", f"2018-11-19 in {RFP_ID}'s :opens:"),
        ),
        (
            redate(RFI_BODY, "rfp-closes", "2019-02"),
            RFP_BODY,
            RFI_ID,
            2,
            ("rfp-closes", "2019-02 here", f"2019-01-31 in {RFP_ID}'s :closes:"),
        ),
        (
            RFI_BODY,
            redate(RFP_BODY, "work-starts", "2019-Q2"),
            RFP_ID,
            8,
            ("work-starts", "2019-Q2", "2019-Q1"),
        ),
        (
            redate(RFI_BODY, "decisions", "2019-Q2"),
            RFP_BODY,
            RFP_ID,
            7,
            ("decisions", "2019-02-08"),
        ),
    ],
    ids=["decisions-month-vs-day", "rfp-opens", "rfp-closes", "work-starts", "decisions-quarter"],
)
def test_a_conflict_is_reported_where_a_date_is_stated(
    rfi_body, rfp_body, call_id, line, fragments
):
    """Never on a '=' line: the call's own :opens: or :closes: outranks an estimate."""
    calls = chain(rfi(rfi_body), rfp(rfp_body))
    _, problems = resolve_chain_dates(calls)
    assert len(problems) == 1, problems
    (found,) = problems
    assert found.call_id == call_id
    assert (found.problem.line, found.problem.option, found.problem.subtype) == (
        line,
        "",
        "conflict",
    )
    for fragment in fragments:
        assert fragment in found.problem.message
    stated = (rfi_body if call_id == RFI_ID else rfp_body)[line - 1].split()[1]
    assert stated != "="  # the hint to write '=' is for a line that states a date
    assert "write '=' as its date" in found.problem.message


def test_two_calls_that_own_a_key_clash_at_the_later_option():
    """Two RFPs in one chain both open the RFP period: no '=' can help, so none is offered."""
    second = parse("second-rfp", {**RFP_OPTIONS, "opens": "2019-03-01", "closes": "2019-03-31"}, [])
    first = parse(RFP_ID, {**RFP_OPTIONS, "next": "second-rfp"}, [])
    _, problems = resolve_chain_dates(chain(first, second))
    assert [(p.call_id, p.problem.line, p.problem.option) for p in problems] == [
        ("second-rfp", 0, "opens"),
        ("second-rfp", 0, "closes"),
    ]
    assert all("'='" not in p.problem.message for p in problems)
    assert f"in {RFP_ID}'s :opens:" in problems[0].problem.message


def test_inherited_date_without_a_defining_call_is_a_reference_problem():
    _, problems = resolve_chain_dates(chain(rfp()))
    assert sorted((p.call_id, p.problem.line, p.problem.subtype) for p in problems) == [
        (RFP_ID, 1, "reference"),
        (RFP_ID, 2, "reference"),
    ]


def test_inherited_date_in_a_single_call():
    solo = parse("solo", {**RFP_OPTIONS}, ["review 2018-12-01 Review", "contracts = Contracts"])
    _, problems = resolve_chain_dates(chain(solo))
    assert [(p.call_id, p.problem.line, p.problem.subtype) for p in problems] == [
        ("solo", 2, "reference")
    ]
    assert "contracts" in problems[0].problem.message


def test_next_naming_an_unknown_call_is_a_problem():
    _, problems = resolve_chain_dates(chain(rfi()))
    assert [(p.call_id, p.problem.option, p.problem.subtype) for p in problems] == [
        (RFI_ID, "next", "reference")
    ]
    assert RFP_ID in problems[0].problem.message


@pytest.mark.parametrize(
    ("call_id", "expected"),
    [
        (
            RFI_ID,
            [
                ("rfi-opens", "2018-10-30", "RFI period {opens|opened}"),
                ("rfi-closes", "2018-11-13", "RFI period {closes|closed}"),
                ("rfp-opens", "2018-11-19", "RFP period {opens|opened}"),
                ("rfp-closes", "2019-01-31", "RFP period {closes|closed}"),
                ("decisions", "2019-02-08", "Decisions on proposals {are|were} made"),
                ("contracts", "TBD", "Contracts {are|were} finalised"),
                ("work-starts", "2019-Q1", "Contract work {starts|started}"),
            ],
        ),
        (
            RFP_ID,
            [
                ("rfi-opens", "2018-10-30", "RFI period {opens|opened}"),
                ("rfi-closes", "2018-11-13", "RFI period {closes|closed}"),
                ("rfp-opens", "2018-11-19", "Initial RFP period {opens|opened}"),
                ("initial-closes", "2018-12-14", "Initial RFP period {closes|closed}"),
                ("extension-opens", "2018-12-19", "Extended RFP period {opens|opened}"),
                ("rfp-closes", "2019-01-31", "Extended RFP period {closes|closed}"),
                ("decisions", "2019-02-08", "Decisions on proposals {are|were} made"),
                ("work-starts", "2019-Q1", "Contract work {starts|started}"),
            ],
        ),
    ],
    ids=["rfi-implicit-first", "rfp-all-listed"],
)
def test_timeline_rows(call_id, expected):
    calls = chain(rfi(), rfp())
    resolved, _ = resolve_chain_dates(calls)
    rows = timeline_rows(calls[call_id], resolved[RFI_ID])
    assert [(r.key, r.date.iso(), r.label) for r in rows] == expected


@pytest.mark.parametrize(
    ("body", "keys"),
    [
        ([], ["rfi-opens", "rfi-closes"]),
        (["a 2018-12-01 A"], ["rfi-opens", "rfi-closes", "a"]),
        (["a 2018-11-01 A"], ["rfi-opens", "a", "rfi-closes"]),
        (["a 2018-10-01 A"], ["a", "rfi-opens", "rfi-closes"]),
        (["a 2018-11 A"], ["rfi-opens", "a", "rfi-closes"]),
        (["a 2018-10-01 A", "rfi-opens = Opens"], ["a", "rfi-opens", "rfi-closes"]),
        (["rfi-closes = Closes", "a 2018-12-01 A"], ["rfi-opens", "rfi-closes", "a"]),
        (
            ["b 2018-12-01 B", "rfi-closes = Closes", "rfi-opens = Opens"],
            ["b", "rfi-closes", "rfi-opens"],
        ),
    ],
    ids=[
        "none-listed",
        "all-later",
        "one-inside-the-period",
        "one-before-opening",
        "month-overlapping-close",
        "opens-placed",
        "closes-placed",
        "both-placed",
    ],
)
def test_timeline_rows_slot_implicit_rows_in_by_date_unless_listed(body, keys):
    call = parse("solo", {**RFI_OPTIONS, "next": ""}, body)
    resolved, _ = resolve_chain_dates(chain(call))
    rows = timeline_rows(call, resolved["solo"])
    assert [row.key for row in rows] == keys
    by_key = {row.key: row for row in rows}
    assert by_key["rfi-opens"].date == FuzzyDate.day(date(2018, 10, 30))
    assert by_key["rfi-closes"].date == FuzzyDate.day(date(2018, 11, 13))


def rows_of(*stated: str) -> list[Row]:
    return [
        Row(f"m{number}", parse_fuzzy_date(text), f"M{number}", "", number)
        for number, text in enumerate(stated, start=1)
    ]


@pytest.mark.parametrize(
    ("dates", "lines"),
    [
        (("2018-10-30", "2018-11-13", "2018-11-19"), []),
        (("2018-11-13", "2018-11-13"), []),
        (("2018-11-13", "2018-11-12"), [2]),
        (("2018-11", "2018-11-01"), []),
        (("2018-11-30", "2018-11"), []),
        (("2019-Q1", "2019-02-08"), []),
        (("2018-11", "2018-10-31"), [2]),
        (("2019-Q1", "2018-12-31"), [2]),
        (("2018-12-14", "TBD", "2018-12-01"), [3]),
        (("TBD", "2018-12-01", "TBD"), []),
        (("2018-12-14", "2018-12-01", "2018-12-19"), [2]),
    ],
    ids=[
        "in-order",
        "same-day",
        "day-before-day",
        "month-then-day-inside",
        "day-then-month-containing",
        "quarter-then-day-inside",
        "month-then-earlier-day",
        "quarter-then-earlier-day",
        "across-tbd",
        "tbd-only",
        "one-out-of-place",
    ],
)
def test_check_order(dates, lines):
    problems = check_order(rfi(), rows_of(*dates))
    assert [p.line for p in problems] == lines
    assert all(p.subtype == "order" for p in problems)


def test_check_order_on_the_real_chain():
    calls = chain(rfi(), rfp())
    resolved, _ = resolve_chain_dates(calls)
    for call in calls.values():
        assert check_order(call, timeline_rows(call, resolved[RFI_ID])) == []


def rfp_rows() -> list[Row]:
    calls = chain(rfi(), rfp())
    resolved, _ = resolve_chain_dates(calls)
    return timeline_rows(calls[RFP_ID], resolved[RFI_ID])


RFP_KEYS = [
    "rfi-opens",
    "rfi-closes",
    "rfp-opens",
    "initial-closes",
    "extension-opens",
    "rfp-closes",
    "decisions",
    "work-starts",
]


@pytest.mark.parametrize(
    ("now", "past_count", "current"),
    [
        (utc(2018, 10, 1), 0, "rfi-opens"),
        (utc(2018, 10, 31, 11, 59, 59), 0, "rfi-opens"),
        (utc(2018, 10, 31, 12), 1, "rfi-closes"),
        (utc(2018, 11, 14, 11, 59, 59), 1, "rfi-closes"),
        (utc(2018, 11, 14, 12), 2, "rfp-opens"),
        (utc(2018, 12, 15, 12), 4, "extension-opens"),
        (utc(2019, 2, 1, 11, 59, 59), 5, "rfp-closes"),
        (utc(2019, 2, 1, 12), 6, "decisions"),
        (utc(2019, 2, 9, 12), 7, "work-starts"),
        (utc(2019, 4, 1, 11, 59, 59), 7, "work-starts"),
        (utc(2019, 4, 1, 12), 8, None),
    ],
    ids=[
        "before-everything",
        "last-second-of-rfi-opening-day",
        "rfi-opening-day-over",
        "last-second-of-rfi",
        "rfi-closed",
        "between-periods",
        "last-second-of-rfp",
        "rfp-closed",
        "decided",
        "last-second-of-quarter",
        "all-past",
    ],
)
def test_rows_at(now, past_count, current):
    result = rows_at(rfp_rows(), now)
    assert [r.row.key for r in result] == RFP_KEYS
    assert [r.past for r in result] == [True] * past_count + [False] * (8 - past_count)
    assert [r.row.key for r in result if r.current] == ([current] if current else [])


def test_rows_at_tense():
    result = rows_at(rfp_rows(), utc(2018, 11, 14, 12))
    assert [r.label for r in result] == [
        "RFI period opened",
        "RFI period closed",
        "Initial RFP period opens",
        "Initial RFP period closes",
        "Extended RFP period opens",
        "Extended RFP period closes",
        "Decisions on proposals are made",
        "Contract work starts",
    ]


@pytest.mark.parametrize(
    ("now", "past", "current"),
    [
        (utc(2019, 2, 9, 11, 59, 59), [True] * 4 + [False] * 3, "decisions"),
        (utc(2019, 2, 9, 12), [True] * 5 + [False] * 2, "work-starts"),
    ],
    ids=["before-decisions-end", "after-decisions"],
)
def test_rows_at_skips_tbd_rows(now, past, current):
    calls = chain(rfi(), rfp())
    resolved, _ = resolve_chain_dates(calls)
    rows = timeline_rows(calls[RFI_ID], resolved[RFI_ID])
    result = rows_at(rows, now)
    assert [r.past for r in result] == past
    assert [r.row.key for r in result if r.current] == [current]
    contracts = next(r for r in result if r.row.key == "contracts")
    assert (contracts.past, contracts.current) == (False, False)


@pytest.mark.parametrize(
    ("now", "past"),
    [
        (utc(2018, 11, 5, 4), False),
        (utc(2018, 11, 5, 4, 59, 59), False),
        (utc(2018, 11, 5, 5), True),
    ],
    ids=["edt-midnight", "last-second", "est-midnight"],
)
def test_rows_at_in_a_zone_across_daylight_saving(now, past):
    due = FuzzyDate.day(date(2018, 11, 4))
    rows = [Row("due", due, "Due {is|was} here", "", 1, "America/New_York")]
    (result,) = rows_at(rows, now)
    assert result.past is past
    assert result.current is not past
    assert result.label == ("Due was here" if past else "Due is here")


NEW_YORK = "America/New_York"


def new_york_rfi(body: list[str] | None = None) -> Call:
    return parse(RFI_ID, {**RFI_OPTIONS, "timezone": NEW_YORK}, RFI_BODY if body is None else body)


@pytest.mark.parametrize(
    ("rfi_body", "key", "expected"),
    [
        (RFI_BODY, "rfi-opens", ChainDate(FuzzyDate.day(date(2018, 10, 30)), NEW_YORK, RFI_ID)),
        (RFI_BODY, "rfi-closes", ChainDate(FuzzyDate.day(date(2018, 11, 13)), NEW_YORK, RFI_ID)),
        (RFI_BODY, "rfp-opens", ChainDate(FuzzyDate.day(date(2018, 11, 19)), "AoE", RFP_ID)),
        (RFI_BODY, "contracts", ChainDate(FuzzyDate.tbd(), NEW_YORK, RFI_ID)),
        (
            redate(RFI_BODY, "rfp-closes", "2019-01-31"),
            "rfp-closes",
            ChainDate(FuzzyDate.day(date(2019, 1, 31)), "AoE", RFP_ID),
        ),
        (
            redate(RFI_BODY, "decisions", "2019-02-08"),
            "decisions",
            ChainDate(FuzzyDate.day(date(2019, 2, 8)), NEW_YORK, RFI_ID),
        ),
    ],
    ids=[
        "own-opening",
        "own-closing",
        "refined-by-the-rfp",
        "tbd",
        "same-day-restated-the-owner-wins",
        "same-day-restated-the-first-wins",
    ],
)
def test_a_chain_date_keeps_the_zone_of_the_call_that_states_it(rfi_body, key, expected):
    resolved, problems = resolve_chain_dates(chain(new_york_rfi(rfi_body), rfp()))
    assert problems == []
    assert resolved[RFI_ID][key] == expected


@pytest.mark.parametrize(
    ("now", "past"),
    [(utc(2018, 11, 14, 4, 59, 59), False), (utc(2018, 11, 14, 5), True)],
    ids=["last-second-in-new-york", "closed-in-new-york"],
)
def test_an_inherited_close_ends_when_the_stating_call_closes(now, past):
    """The RFP (AoE) writes `rfi-closes =`: its row turns past with the RFI's New York close,
    seven hours before the same day ends Anywhere on Earth."""
    calls = chain(new_york_rfi(), rfp())
    resolved, _ = resolve_chain_dates(calls)
    rfi_row = {r.row.key: r for r in rows_at(timeline_rows(calls[RFI_ID], resolved[RFI_ID]), now)}
    rfp_row = {r.row.key: r for r in rows_at(timeline_rows(calls[RFP_ID], resolved[RFI_ID]), now)}
    assert rfp_row["rfi-closes"].row.zone_name == NEW_YORK
    assert rfp_row["rfi-closes"].past is past
    assert rfi_row["rfi-closes"].past is past
    assert rfp_row["rfi-closes"].label == f"RFI period {'closed' if past else 'closes'}"


@pytest.mark.parametrize(
    ("now", "until"),
    [
        (utc(2018, 10, 1), utc(2018, 10, 31, 12)),
        (utc(2018, 10, 31, 11, 59, 59), utc(2018, 10, 31, 12)),
        (utc(2018, 10, 31, 12), utc(2018, 11, 14, 12)),  # turned at this instant: the next one
        (utc(2019, 2, 9, 12), utc(2019, 4, 1, 12)),
        (utc(2019, 4, 1, 12), None),  # all past
    ],
    ids=["before-everything", "last-second", "just-turned", "last-row", "all-past"],
)
def test_tense_holds_until(now, until):
    assert tense_holds_until(rfp_rows(), now) == until


def test_tense_holds_until_the_tense_turns():
    """No row changes tense before the instant, and one does at it."""
    rows = rfp_rows()
    now = utc(2018, 9, 1)
    while (until := tense_holds_until(rows, now)) is not None:
        tenses = [row.past for row in rows_at(rows, now)]
        assert [row.past for row in rows_at(rows, until - timedelta(seconds=1))] == tenses
        assert [row.past for row in rows_at(rows, until)] != tenses
        now = until
    assert all(row.past for row in rows_at(rows, now))
