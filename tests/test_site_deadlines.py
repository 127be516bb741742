"""The deadlines extension in a real Sphinx build, at fixed clocks (tests/roots/test-calls)."""

from __future__ import annotations

import json
import re
import shutil
from datetime import UTC, date, datetime
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from icalendar import Calendar

from tests.conftest import ROOTS, plain_warnings, soup

OPEN = "2018-11-06T12:00Z"
CALL_PAGES = ["rfi", "news", "rfp", "calls"]  # the pages of test-calls that show a call


@pytest.fixture
def build(build_root):
    """Build a copy of test-calls at a clock; the same source folder is reused across calls."""
    return build_root


def page(app, name: str):
    return soup(Path(app.outdir) / f"{name}.html")


def banner(app, name: str, call_id: str = "test-rfi"):
    return page(app, name).select_one(f'section.call-banner[data-call="{call_id}"]')


def visible_part(section) -> str:
    shown = [p for p in section.select("[data-when]") if not p.has_attr("hidden")]
    assert len(shown) == 1
    return shown[0]["data-when"]


@pytest.mark.parametrize(
    ("now", "state", "heading", "countdown"),
    [
        ("2018-10-30T11:59:59Z", "upcoming", "Upcoming call", "less than an hour"),
        ("2018-10-30T12:00:00Z", "open", "Open call", "15 days"),
        ("2018-11-11T11:59:59Z", "open", "Open call", "3 days"),
        ("2018-11-11T12:00:00Z", "open", "Closing soon", "3 days"),
        ("2018-11-14T11:59:59Z", "open", "Closing soon", "less than an hour"),
        ("2018-11-14T12:00:00Z", "closed", "Closed call", ""),
    ],
    ids=[
        "second-before-open",
        "opens",
        "before-closing-soon",
        "closing-soon",
        "last-second",
        "closed",
    ],
)
def test_banner_follows_the_clock(build, now, state, heading, countdown):
    app = build(now)
    assert plain_warnings(app) == ""
    section = banner(app, "rfi")
    assert section["data-state"] == state
    assert section.select_one(".call-banner__title").get_text() == heading
    assert visible_part(section) == state
    if countdown:
        assert section.select_one(f'[data-when="{state}"] [data-countdown]').get_text() == countdown


def test_open_banner_gives_the_exact_end_in_the_zone_and_in_utc(build):
    section = banner(build(OPEN), "rfi")
    closes = section.select_one('time[data-role="closes"]')
    assert closes["datetime"] == "2018-11-14T11:59:59Z"
    text = section.select_one('[data-when="open"]').get_text(" ", strip=True)
    assert "end of November 13, 2018, Anywhere on Earth" in text
    assert "November 14, 2018, 11:59 UTC" in text
    assert section.select_one('time[data-role="opens"]')["datetime"] == "2018-10-30T12:00:00Z"
    assert section.find("a", string="Add to calendar")["href"] == "calls/test-rfi.ics"
    assert section.select_one(".call-banner__meta time")["datetime"] == "2018-11-06"


def test_closed_banner_links_to_the_next_call(build):
    section = banner(build("2018-11-20T00:00Z"), "rfi")
    closed = section.select_one('[data-when="closed"]')
    assert closed.find("a", string="A test RFP")["href"] == "rfp.html"


def test_titles_and_notes_from_the_data_are_escaped(build):
    app = build(OPEN)
    section = banner(app, "rfi")
    assert section.find("b") is None
    assert "A <b>test</b> RFI & friends" in section.get_text()
    row = page(app, "rfi").select_one('tr[data-milestone="rfp-opens"]')
    assert row.find("i") is None
    assert "<i>RFI</i>" in row.get_text()


def test_timeline_tense_precision_and_current_row(build):
    rows = page(build(OPEN), "rfi").select("table.call-timeline tbody tr")
    table = [
        (
            r["data-milestone"],
            r.find_all("td")[0].get_text(),
            r.find_all("td")[1].get_text(" ", strip=True),
        )
        for r in rows
    ]
    assert table == [
        ("rfi-opens", "October 30, 2018", "RFI period opened"),
        ("rfi-closes", "November 13, 2018", "RFI period closes (next)"),
        ("rfp-opens", "November 19, 2018", "RFP period opens"),  # refined by the RFP's own data
        ("decisions", "February 8, 2019", "Decisions are made"),  # TBD here, dated by the RFP
        ("work-starts", "Q1 2019", "Work starts"),
    ]
    current = [r["data-milestone"] for r in rows if r.get("aria-current") == "step"]
    assert current == ["rfi-closes"]
    assert rows[4]["data-precision"] == "quarter"


def test_dates_in_prose_come_from_the_data(build):
    app = build(OPEN)
    news = page(app, "news")
    assert news.select_one('time[datetime="2018-11-13"]').get_text() == "November 13, 2018"
    deadline = page(app, "rfi").select_one('p time[datetime="2018-11-14T11:59:59Z"]')
    assert deadline.get_text() == "November 14, 2018, 11:59 UTC"
    # A page that names a call gets its banner; a page that names none gets none.
    assert banner(app, "news")["data-state"] == "open"
    assert page(app, "plain").select_one("section.call-banner") is None


def test_calendars_parse_back(build):
    app = build(OPEN)
    out = Path(app.outdir)
    rfi = Calendar.from_ical((out / "calls/test-rfi.ics").read_bytes())
    events = {str(e["uid"]): e for e in rfi.walk("VEVENT")}
    assert set(events) == {
        "test-rfi.rfi-opens@calls.example.org",
        "test-rfi.rfi-closes@calls.example.org",
        "test-rfi.rfp-opens@calls.example.org",
        "test-rfi.decisions@calls.example.org",
    }
    assert events["test-rfi.rfi-opens@calls.example.org"].decoded("dtstart") == date(2018, 10, 30)
    deadline = events["test-rfi.rfi-closes@calls.example.org"].decoded("dtstart")
    assert deadline == datetime(2018, 11, 14, 11, 59, 59, tzinfo=UTC)
    every = Calendar.from_ical((out / "calls.ics").read_bytes())
    uids = [str(e["uid"]) for e in every.walk("VEVENT")]
    assert len(uids) == len(set(uids))
    assert "test-rfi.rfp-closes@calls.example.org" in uids


def test_json_lists_every_call_with_its_state_and_utc_instants(build):
    data = json.loads((Path(build(OPEN).outdir) / "calls.json").read_text())
    calls = {c["id"]: c for c in data["calls"]}
    assert data["generated_at"] == "2018-11-06T12:00:00Z"
    assert calls["test-rfi"]["state"] == "open"
    assert calls["test-rfi"]["closes_at"] == "2018-11-14T12:00:00Z"
    assert calls["test-rfp"]["state"] == "upcoming"
    assert calls["test-rfp"]["url"] == "https://calls.example.org/rfp.html"


def test_calls_page_groups_open_upcoming_and_past(build):
    sections = page(build("2018-11-20T00:00Z"), "calls").select(".call-index section")
    groups = {
        s.h2.get_text(): [li["data-call"] for li in s.select("li[data-call]")] for s in sections
    }
    assert groups == {"Open calls": ["test-rfp"], "Upcoming calls": [], "Past calls": ["test-rfi"]}


def _outputs(outdir: Path) -> dict[str, int]:
    return {str(p.relative_to(outdir)): p.stat().st_mtime_ns for p in outdir.glob("*.html")}


def test_moving_the_clock_rewrites_exactly_the_pages_that_show_the_call(build):
    first = build("2018-10-31T00:00Z")
    before = _outputs(Path(first.outdir))
    contents = {name: (Path(first.outdir) / name).read_text() for name in before}
    second = build("2018-11-01T00:00Z", fresh=False)
    after = _outputs(Path(second.outdir))
    rewritten = {name for name in before if after[name] != before[name]}
    # Sphinx itself writes its index pages on every build, and the toctree parents of
    # any page it writes (their text does not change); no other page may be written.
    generated = {"genindex.html", "search.html"}
    parents = {
        f"{p}.html" for name in CALL_PAGES for p in second.env.files_to_rebuild.get(name, ())
    }
    assert parents == {"index.html"}
    assert rewritten - generated - parents == {f"{name}.html" for name in CALL_PAGES}
    assert "plain.html" not in rewritten
    changed = {
        name for name in before if (Path(second.outdir) / name).read_text() != contents[name]
    }
    # Both countdowns moved; the calls page shows no countdown, so its text stayed the same.
    assert changed == {"rfi.html", "news.html", "rfp.html"}


def test_parallel_build_gives_the_same_output(build, tmp_path):
    serial = Path(build(OPEN).outdir)
    serial_copy = tmp_path / "serial"
    shutil.copytree(serial, serial_copy)
    parallel = Path(build(OPEN, parallel=2).outdir)
    names = sorted(str(p.relative_to(serial_copy)) for p in serial_copy.rglob("*") if p.is_file())
    assert names == sorted(str(p.relative_to(parallel)) for p in parallel.rglob("*") if p.is_file())
    differing = [n for n in names if (serial_copy / n).read_bytes() != (parallel / n).read_bytes()]
    assert differing == []


def _line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), start=1) if needle in line)


RFI = (ROOTS / "test-calls" / "rfi.md").read_text()
RFP = (ROOTS / "test-calls" / "rfp.md").read_text()


@pytest.mark.parametrize(
    ("files", "where", "message"),
    [
        ({"rfi.md": RFI.replace(":closes: 2018-11-13", ":closes: 2018-11-31")}, ("rfi.md", ":closes:"),
         "2018-11-31 is not a date (November 2018 has 30 days)"),
        ({"rfi.md": RFI.replace(":closes: 2018-11-13", ":closes: 2018-11-13\n:timezone: Mars/Olympus")},
         ("rfi.md", ":timezone:"), "unknown time zone 'Mars/Olympus'"),
        ({"rfi.md": RFI.replace(":opens: 2018-10-30", ":opens: 2018-11-20")}, ("rfi.md", ":closes:"),
         "closes (2018-11-13) before it opens (2018-11-20)"),
        ({"rfi.md": RFI.replace(":closes: 2018-11-13", ":closes: 2018-11")}, ("rfi.md", ":closes:"),
         "precise only to the month"),
        ({"rfi.md": RFI.replace("work-starts  2019-Q1", "work-starts  2018-06")}, ("rfi.md", "work-starts"),
         "milestone work-starts (2018-06) is listed after"),
        ({"rfp.md": RFP.replace("\n```\n\n", "\nlate 2019-01-01 Late\n```\n\n", 1)},
         ("rfp.md", "late 2019"), "is listed after decisions"),
        ({"news.md": "# News\n\n```{call} test-rfi\n:kind: RFI\n:title: Again\n:opens: 2018-01-01\n"
          ":closes: 2018-01-02\n```\n"}, ("rfi.md", "{call}"), "call id test-rfi is already declared in news"),
        ({"news.md": "# News\n\nSee {call-date}`nope:rfi-closes`.\n"}, ("news.md", "nope"),
         "unknown call 'nope'"),
        ({"news.md": "# News\n\nSee {call-date}`test-rfi:no-such-key`.\n"}, ("news.md", "no-such"),
         "call test-rfi has no milestone 'no-such-key'"),
        ({"rfi.md": RFI.replace("decisions    TBD", "decisions    2018-12")}, ("rfp.md", "decisions"),
         "milestone decisions is 2019-02-08 here but 2018-12 in test-rfi"),
        ({"rfi.md": RFI.replace("rfp-opens    2018-11 ", "rfp-opens    2018-11-31")}, ("rfi.md", "rfp-opens"),
         "2018-11-31 is not a date"),
    ],
    ids=["impossible-date", "unknown-zone", "close-before-open", "deadline-not-a-day", "out-of-order",
         "out-of-order-rfp", "duplicate-id", "unknown-call", "unknown-milestone", "rfi-rfp-disagree",
         "impossible-milestone"],
)  # fmt: skip
def test_bad_call_data_fails_the_build_with_file_and_line(build, files, where, message):
    app = build(OPEN, files=files)
    source = Path(app.srcdir) / where[0]
    line = _line_of(source.read_text(), where[1])
    errors = [w for w in plain_warnings(app).splitlines() if "ERROR" in w]
    assert len(errors) == 1, plain_warnings(app)
    assert f"{where[0]}:{line}: ERROR: " in errors[0]
    assert message in errors[0]
    assert errors[0].endswith("]")  # [deadlines.<subtype>]: suppressible, and -W sees it
    assert app.statuscode == 1


def test_a_typed_date_that_contradicts_the_data_is_a_warning(build):
    app = build(
        OPEN,
        files={"news.md": "# News\n\nThe RFI ({call-ref}`test-rfi`) closes November 15, 2018.\n"},
    )
    warnings = plain_warnings(app).strip().splitlines()
    assert len(warnings) == 1
    assert (
        "news.md:3: WARNING: typed date 'November 15, 2018' is not a date of test-rfi"
        in warnings[0]
    )
    assert warnings[0].endswith("[deadlines.prose]")


def test_a_typed_date_that_agrees_with_the_data_is_fine(build):
    app = build(
        OPEN,
        files={"news.md": "# News\n\nThe RFI ({call-ref}`test-rfi`) closes November 13, 2018.\n"},
    )
    assert plain_warnings(app) == ""


def test_a_changed_stylesheet_replaces_the_published_one(make_app, copy_root):
    """An upgrade of the extension reaches a site that was built before it, with no warning."""
    source = copy_root("calls")
    stale = source / "_build" / "html" / "_static" / "deadlines.css"
    stale.parent.mkdir(parents=True)
    stale.write_text("/* an older stylesheet */\n", encoding="utf-8")
    app = make_app("html", srcdir=source, confoverrides={"deadlines_now": "2018-11-06T12:00Z"})
    app.build()
    assert plain_warnings(app) == ""
    shipped = Path(__file__).parent.parent / "deadlines" / "static" / "deadlines.css"
    assert stale.read_bytes() == shipped.read_bytes()


# Errors name the bad value's own line, in MyST and in reST alike.

SYNTAXES = {"myst": ("test-calls", ".md"), "rest": ("test-calls-rst", ".rst")}


def role(syntax: str, name: str, text: str) -> str:
    return f"{{{name}}}`{text}`" if syntax == "myst" else f":{name}:`{text}`"


def news(syntax: str, *lines: str) -> str:
    """A news page whose one paragraph has the given lines (its first line is the 3rd or 4th)."""
    title = "# News\n" if syntax == "myst" else "News\n====\n"
    return title + "\n" + "\n".join(lines) + "\n"


def indent(syntax: str) -> str:
    return "" if syntax == "myst" else "   "


def _replace(old: str, new: str):
    def edit(text: str, syntax: str) -> str:
        assert old in text
        return text.replace(old, new.format(indent=indent(syntax)), 1)

    return edit


def _news_with(name: str, text: str):
    def edit(_: str, syntax: str) -> str:
        return news(syntax, "The RFI is open", "for a while,", f"until {role(syntax, name, text)}.")

    return edit


BAD_VALUES = {
    "impossible-closes": ("rfi", _replace(":closes: 2018-11-13", ":closes: 2018-11-31"),
                          ":closes:", "November 2018 has 30 days"),
    "unknown-zone": ("rfi", _replace(":closes: 2018-11-13", ":closes: 2018-11-13\n{indent}:timezone: Mars/Olympus"),
                     ":timezone:", "unknown time zone 'Mars/Olympus'"),
    "close-before-open": ("rfi", _replace(":opens: 2018-10-30", ":opens: 2018-11-20"),
                          ":closes:", "closes (2018-11-13) before it opens (2018-11-20)"),
    "bad-kind": ("rfi", _replace(":kind: RFI", ":kind: RFQ"), ":kind:", "is not RFI or RFP"),
    "blank-title": ("rfp", _replace(":title: A test RFP", ":title:"), ":title:", "needs :title:"),
    "javascript-venue": ("rfi", _replace(":venue: https://forum.example.org/rfi", ":venue: javascript:alert(1)"),
                         ":venue:", "'javascript:alert(1)' is not a web or mail address"),
    "data-register": ("rfi", _replace(":register: https://forms.example.org/rfi", ":register: data:text/html,hi"),
                      ":register:", "is not a web or mail address"),
    "javascript-submit": ("rfp", _replace(":submit: mailto:proposals@example.org", ":submit: JavaScript:alert(1)"),
                          ":submit:", "is not a web or mail address"),
    "vbscript-source": ("rfi", _replace(":source: https://docs.example.org/rfi", ":source: vbscript:msgbox"),
                        ":source:", "is not a web or mail address"),
    "chain-conflict": ("rfi", _replace("rfp-opens    2018-11 ", "rfp-opens    2018-12 "),
                       "rfp-opens", "write '=' as its date to take test-rfp's"),
    "unknown-call": ("news", _news_with("call-date", "nope:rfi-closes"), "nope", "unknown call 'nope'"),
    "unknown-milestone": ("news", _news_with("call-date", "test-rfi:no-such-key"), "no-such-key",
                          "call test-rfi has no milestone 'no-such-key'"),
    "unknown-call-ref": ("news", _news_with("call-ref", "nope"), "nope", "unknown call 'nope'"),
    "unknown-call-deadline": ("news", _news_with("call-deadline", "nope"), "nope", "unknown call 'nope'"),
}  # fmt: skip


def errors_of(app) -> list[str]:
    return [w for w in plain_warnings(app).splitlines() if "ERROR" in w]


@pytest.mark.parametrize("case", sorted(BAD_VALUES))
@pytest.mark.parametrize("syntax", sorted(SYNTAXES))
def test_an_error_names_the_bad_values_own_line(build, syntax, case):
    root, suffix = SYNTAXES[syntax]
    page_name, edit, needle, fragment = BAD_VALUES[case]
    name = page_name + suffix
    text = edit((ROOTS / root / name).read_text(encoding="utf-8"), syntax)
    app = build(OPEN, root=root, files={name: text})
    errors = errors_of(app)
    assert len(errors) == 1, plain_warnings(app)
    assert f"{name}:{_line_of(text, needle)}: ERROR: " in errors[0]
    assert fragment in errors[0]
    assert app.statuscode == 1


@pytest.mark.parametrize("syntax", sorted(SYNTAXES))
def test_the_same_role_twice_in_a_paragraph_gives_each_its_line(build, syntax):
    root, suffix = SYNTAXES[syntax]
    bad = role(syntax, "call-date", "nope:rfi-closes")
    text = news(syntax, "The RFI", f"closes {bad} and,", "as we said,", f"{bad}.")
    app = build(OPEN, root=root, files={f"news{suffix}": text})
    first = _line_of(text, "closes")
    assert [e.split(": ERROR")[0].rsplit(":", 1)[1] for e in errors_of(app)] == [
        str(first),
        str(first + 2),
    ]


@pytest.mark.parametrize("syntax", sorted(SYNTAXES))
def test_warnings_in_a_paragraph_name_their_own_line(build, syntax):
    """A typed date that contradicts the data, and a role missing its key."""
    root, suffix = SYNTAXES[syntax]
    text = news(
        syntax,
        f"The RFI ({role(syntax, 'call-ref', 'test-rfi')})",
        "closes on November",
        "15, 2018, it says; and",
        f"on {role(syntax, 'call-date', 'test-rfi')} too.",
    )
    app = build(OPEN, root=root, files={f"news{suffix}": text})
    warnings = plain_warnings(app).strip().splitlines()
    assert len(warnings) == 2, warnings
    typed, role_warning = sorted(warnings, key=lambda w: "typed date" not in w)
    assert f"news{suffix}:{_line_of(text, 'closes on November')}: WARNING: typed date" in typed
    assert f"news{suffix}:{_line_of(text, 'too.')}: WARNING: call-date needs CALL:KEY" in (
        role_warning
    )


def test_an_option_in_a_myst_yaml_block_is_found(build):
    text = RFI.replace(
        ":kind: RFI\n:title: A <b>test</b> RFI & friends\n:opens: 2018-10-30\n:closes: 2018-11-13\n",
        "---\nkind: RFI\ntitle: A <b>test</b> RFI & friends\nopens: 2018-10-30\ncloses: 2018-11-31\n"
        "venue: https://forum.example.org/rfi\nregister: https://forms.example.org/rfi\n"
        "source: https://docs.example.org/rfi\nnext: test-rfp\n---\n",
    )
    text = text.replace(":venue: https://forum.example.org/rfi\n", "", 1)
    text = text.replace(
        ":register: https://forms.example.org/rfi\n:source: https://docs.example.org/rfi\n"
        ":next: test-rfp\n\n",
        "",
        1,
    )
    app = build(OPEN, files={"rfi.md": text})
    errors = errors_of(app)
    assert len(errors) == 1, plain_warnings(app)
    assert f"rfi.md:{_line_of(text, 'closes: 2018-11-31')}: ERROR: :closes:" in errors[0]


@pytest.mark.parametrize("syntax", sorted(SYNTAXES))
def test_an_unknown_next_call_is_reported_at_next(build, syntax):
    root, suffix = SYNTAXES[syntax]
    text = (ROOTS / root / f"rfi{suffix}").read_text().replace(":next: test-rfp", ":next: nope")
    app = build(OPEN, root=root, files={f"rfi{suffix}": text})
    (error,) = [e for e in errors_of(app) if "leads to unknown call" in e]
    assert f"rfi{suffix}:{_line_of(text, ':next:')}: ERROR: " in error


def test_the_rest_root_builds_clean(build):
    app = build(OPEN, root="test-calls-rst")
    assert plain_warnings(app) == ""
    assert banner(app, "rfi")["data-state"] == "open"


# A shared milestone is one instant: an RFI in New York, its RFP Anywhere on Earth.

NEW_YORK_CLOSED = "2018-11-14T08:00Z"  # the RFI's day has ended in New York, not yet in AoE


def _timeline_row(app, name: str, key: str):
    return page(app, name).select_one(f'table.call-timeline tr[data-milestone="{key}"]')


@pytest.mark.parametrize(
    ("now", "past"),
    [("2018-11-14T04:59:59Z", False), ("2018-11-14T05:00:00Z", True), (NEW_YORK_CLOSED, True)],
    ids=["last-second-in-new-york", "closed-in-new-york", "not-yet-ended-in-aoe"],
)
def test_an_inherited_close_turns_with_the_stating_calls_banner(build, now, past):
    app = build(now, root="test-calls-zones")
    assert plain_warnings(app) == ""
    assert banner(app, "rfi", "ny-rfi")["data-state"] == ("closed" if past else "open")
    for name in ("rfi", "rfp"):
        row = _timeline_row(app, name, "rfi-closes")
        assert ("is-past" in row["class"]) is past
        label = row.find_all("td")[1].get_text(" ", strip=True)
        assert label.startswith("RFI period closed" if past else "RFI period closes")


def test_the_other_calls_zone_is_named_in_the_timeline(build):
    app = build(NEW_YORK_CLOSED, root="test-calls-zones")
    table = page(app, "rfp").select_one("table.call-timeline")
    assert "unless another zone is named" in table.caption.get_text()
    zones = {
        tr["data-milestone"]: tr.select_one(".call-timeline__zone")
        for tr in table.select("tr[data-milestone]")
    }
    assert zones["rfi-closes"].get_text() == "(America/New_York)"
    assert zones["rfp-opens"] is None  # the RFP's own date, in its own zone


def test_one_uid_one_time_in_every_calendar_file(build):
    out = Path(build(NEW_YORK_CLOSED, root="test-calls-zones").outdir)
    starts: dict[str, set[object]] = {}
    for path in [out / "calls.ics", *sorted((out / "calls").glob("*.ics"))]:
        for event in Calendar.from_ical(path.read_bytes()).walk("VEVENT"):
            starts.setdefault(str(event["UID"]), set()).add(event.decoded("dtstart"))
    assert {uid for uid, times in starts.items() if len(times) > 1} == set()
    closes = starts["ny-rfi.rfi-closes@calls.example.org"]
    assert closes == {datetime(2018, 11, 14, 4, 59, 59, tzinfo=UTC)}


def test_json_gives_each_milestone_its_zone(build):
    out = Path(build(NEW_YORK_CLOSED, root="test-calls-zones").outdir)
    calls = {c["id"]: c for c in json.loads((out / "calls.json").read_text())["calls"]}
    milestones = {m["key"]: m for m in calls["aoe-rfp"]["milestones"]}
    assert milestones["rfi-closes"]["timezone"] == "America/New_York"
    assert milestones["rfi-closes"]["past"] is True
    assert milestones["rfp-opens"]["timezone"] == "AoE"


# Links from call data are web or mail addresses; nothing else is published.

SAFE_SCHEMES = {"", "http", "https", "mailto"}


def hrefs(outdir: Path) -> set[str]:
    return {a["href"] for path in outdir.rglob("*.html") for a in soup(path).select("a[href]")}


def test_every_published_link_is_a_page_a_web_or_a_mail_address(build):
    links = hrefs(Path(build(OPEN).outdir))
    assert {
        "https://forum.example.org/rfi",
        "https://forms.example.org/rfi",
        "https://docs.example.org/rfi",  # :source:, the call's original text
    } <= links
    assert {urlsplit(link).scheme for link in links} <= SAFE_SCHEMES


@pytest.mark.parametrize(
    ("page_name", "option", "good"),
    [
        ("rfi.md", "venue", "https://forum.example.org/rfi"),
        ("rfi.md", "register", "https://forms.example.org/rfi"),
        ("rfi.md", "source", "https://docs.example.org/rfi"),
        ("rfp.md", "submit", "mailto:proposals@example.org"),
    ],
)
def test_a_script_link_fails_the_build_and_is_not_published(build, page_name, option, good):
    text = (ROOTS / "test-calls" / page_name).read_text()
    text = text.replace(f":{option}: {good}", f":{option}: javascript:alert(document.domain)")
    app = build(OPEN, files={page_name: text})
    assert app.statuscode == 1
    (error,) = errors_of(app)
    assert f"{page_name}:{_line_of(text, f':{option}:')}: ERROR: :{option}: " in error
    assert error.endswith("[deadlines.url]")
    assert {urlsplit(link).scheme for link in hrefs(Path(app.outdir))} <= SAFE_SCHEMES


# No empty or invalid datetime anywhere, whatever dates are still to be decided.

TBD_PAGES = {
    "index.md": "# Calls test\n\n```{toctree}\nrfi\nrfp\nnews\nplain\ncalls\nsoon\nlater\n```\n",
    "soon.md": "# Soon\n\n```{call} closes-tbd\n:kind: RFI\n:title: Closing date to come\n"
    ":opens: 2018-11-01\n:closes: TBD\n```\n\nIt ends at {call-deadline}`closes-tbd`.\n",
    "later.md": "# Later\n\n```{call} opens-tbd\n:kind: RFP\n:title: Dates to come\n"
    ":opens: TBD\n:closes: TBD\n```\n\nIt ends at {call-deadline}`opens-tbd`.\n",
}
DATETIME_FORMATS = ("%Y-%m", "%Y-%m-%d", "%Y-%m-%dT%H:%M:%SZ")


def is_valid_datetime(value: str) -> bool:
    """As this site writes them: a valid month, date, or UTC date and time (HTML's forms)."""
    for form in DATETIME_FORMATS:
        try:
            if datetime.strptime(value, form).strftime(form) == value:
                return True
        except ValueError:
            continue
    return False


@pytest.mark.parametrize(
    "now", ["2018-10-20T00:00Z", OPEN, "2019-03-01T00:00Z"], ids=["upcoming", "open", "after"]
)
def test_every_datetime_attribute_is_valid(build, now):
    app = build(now, files=TBD_PAGES)
    assert plain_warnings(app) == ""
    checked = 0
    for path in Path(app.outdir).rglob("*.html"):
        for element in soup(path).select("time, [data-last-moment]"):
            attribute = "datetime" if element.name == "time" else "data-last-moment"
            assert is_valid_datetime(element.get(attribute, "")), (path.name, str(element))
            checked += 1
    assert checked > 10


@pytest.mark.parametrize(
    ("now", "shown"),
    [("2018-10-20T00:00Z", "upcoming"), (OPEN, "tbd")],
    ids=["before-opening", "after-opening"],
)
def test_a_call_closing_tbd_says_so(build, now, shown):
    app = build(now, files=TBD_PAGES)
    section = banner(app, "soon", "closes-tbd")
    assert sorted(p["data-when"] for p in section.select("[data-when]")) == ["tbd", "upcoming"]
    assert visible_part(section) == shown
    tbd = section.select_one('[data-when="tbd"]').get_text(" ", strip=True)
    assert tbd == (
        "Opened on November 1, 2018, Anywhere on Earth; its closing date is to be decided."
    )
    assert "It ends at a date to be decided." in page(app, "soon").get_text(" ", strip=True)
    later = banner(app, "later", "opens-tbd")
    assert [p["data-when"] for p in later.select("[data-when]")] == ["tbd"]


@pytest.mark.parametrize("builder", ["html", "text"])
def test_an_address_in_a_milestone_note_stays_text(build, builder):
    """Milestones carry no link: a note is words, whatever it holds."""
    note = "see javascript:alert(1) or https://example.org/rfp"
    text = re.sub(r"-- .* after the <i>RFI</i> closes", f"-- {note}", RFI)
    assert note in text
    app = build(OPEN, files={"rfi.md": text}, builder=builder)
    assert plain_warnings(app) == ""
    if builder == "text":
        table_text = (Path(app.outdir) / "rfi.txt").read_text()
        unboxed = "".join(table_text.replace("|", " ").split())  # a cell wraps in its borders
        assert "".join(note.split()) in unboxed
        return
    row = page(app, "rfi").select_one('tr[data-milestone="rfp-opens"]')
    assert row.find("a") is None
    assert row.find_all("td")[2].get_text() == note


def test_the_sitewide_notice_is_rendered_once_per_folder_with_that_folders_links(
    build, monkeypatch
):
    from bs4 import BeautifulSoup
    from sphinx.application import Sphinx

    from deadlines.core import render

    rendered = []
    original_render = render.sitewide
    monkeypatch.setattr(
        render, "sitewide", lambda views: rendered.append(views) or original_render(views)
    )
    notices: dict[str, str] = {}
    original_init = Sphinx._init_builder

    def init_builder(app: Sphinx) -> None:
        def note(app, pagename, templatename, context, doctree) -> None:
            notices[pagename] = context["deadlines_sitewide"]

        app.connect("html-page-context", note, priority=900)  # after deadlines' own
        original_init(app)

    monkeypatch.setattr(Sphinx, "_init_builder", init_builder)
    deeper = "---\norphan: true\n---\n# Deeper\n\nText.\n"
    build(OPEN, files={"sub/one.md": deeper, "sub/two.md": deeper})
    pages = ["index", "plain", "sub/one", "sub/two"]
    links = {
        name: [a["href"] for a in BeautifulSoup(notices[name], "html.parser").select("a")]
        for name in pages
    }
    assert links["index"], notices["index"]
    assert links["index"] == links["plain"] and links["sub/one"] == links["sub/two"]
    assert links["sub/one"] == ["../" + href for href in links["index"]]
    assert len(rendered) < len(notices)
