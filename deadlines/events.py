"""Event handlers: the clock, purge and merge, validation, never-stale rewrites, output files."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.environment import BuildEnvironment
from sphinx.util import logging
from sphinx.util.osutil import relative_uri

from deadlines import ical, render
from deadlines.clock import build_instant
from deadlines.directives import call_inline, call_node, source_text
from deadlines.plain import builds_website
from deadlines.prose import typed_dates
from deadlines.snapshot import Snapshot, take_snapshot
from deadlines.sourcelines import words_pattern
from deadlines.store import DeadlinesData, TypedDate, get_data
from deadlines.views import CallView, Links

logger = logging.getLogger(__name__)

CALENDAR_DIR = "calls"
ALL_CALENDAR = "calls.ics"
JSON_FILE = "calls.json"


def start_clock(app: Sphinx) -> None:
    """Read the clock once per build; every page of the build describes this instant."""
    data = get_data(app.env)
    data.now = build_instant(app.config.deadlines_now, os.environ)
    data.for_website = builds_website(app.builder)


def build_now(app: Sphinx) -> datetime:
    """The instant this build describes, for other extensions of the site."""
    return get_data(app.env).now


def purge(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    get_data(env).purge(docname)


def merge(app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment) -> None:
    get_data(env).merge(docnames, get_data(other))


def collect(app: Sphinx, doctree: nodes.document) -> None:
    """After reading a page: banners for calls it refers to, and dates it types by hand."""
    data = get_data(app.env)
    docname = app.env.docname
    declared = {d.call.id for d in data.calls.get(docname, ())}
    referred = [r.call_id for r in data.references.get(docname, ())]
    if not declared and not referred:
        return
    if not declared:  # a call's own page shows its own banner; other pages, the calls they name
        banners = [call_node(what="banner", call_id=call_id) for call_id in dict.fromkeys(referred)]
        _insert_after_title(doctree, banners)
    found = []
    seen: dict[tuple[str, int, str], int] = {}
    for element, words in _prose_runs(doctree):
        for typed, day in typed_dates(words):
            line = _typed_line(app.env, doctree, element, typed, seen)
            found.append(TypedDate(typed, day.isoformat() if day else "", line))
    if found:
        data.typed_dates[docname] = found


_NOT_PROSE = (
    nodes.literal,
    nodes.literal_block,
    nodes.doctest_block,
    nodes.math,
    nodes.math_block,
    nodes.raw,
    nodes.comment,
    call_inline,
)


def _prose_runs(doctree: nodes.document) -> Iterable[tuple[nodes.Element, str]]:
    """Each run of adjacent text in an element: MyST gives each source line its own Text
    node, and a date typed across a line break must still be seen."""
    for element in doctree.findall(nodes.Element):
        if isinstance(element, _NOT_PROSE):
            continue
        run: list[str] = []
        for child in [*element.children, None]:
            if isinstance(child, nodes.Text):
                run.append(child.astext())
            elif run:
                yield element, "".join(run)
                run = []


def _insert_after_title(doctree: nodes.document, banners: list[nodes.Node]) -> None:
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is None or not banners:
        doctree[0:0] = banners
        return
    title_at = next((i for i, child in enumerate(section) if isinstance(child, nodes.title)), -1)
    section[title_at + 1 : title_at + 1] = banners


def _typed_line(
    env: BuildEnvironment,
    doctree: nodes.document,
    element: nodes.Element,
    typed: str,
    seen: dict[tuple[str, int, str], int],
) -> int:
    """The line of a typed date inside its paragraph, which docutils knows only the start of."""
    node = element
    while node is not None and not node.line:
        node = node.parent
    if node is None:
        return 0
    path = node.source or doctree.get("source")
    key = (path, node.line, typed)
    occurrence = seen[key] = seen.get(key, -1) + 1
    found = source_text(env, path).find(words_pattern(typed), node.line, occurrence)
    return found or node.line


def validate_and_pick_pages(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """After reading: report every problem, and name the pages whose calls changed state."""
    data = get_data(env)
    config = app.config
    snapshot = take_snapshot(
        data, data.now, config.deadlines_closing_soon_days, config.deadlines_opens_soon_days
    )
    data.snapshot = snapshot
    for finding in snapshot.findings:
        report = logger.error if finding.is_error else logger.warning
        report(
            finding.message,
            location=(finding.docname, finding.line or None),
            type="deadlines",
            subtype=finding.subtype,
        )
    data.error_count = sum(finding.is_error for finding in snapshot.findings)
    return sorted(_pages_to_rewrite(env, data, snapshot))


def _pages_to_rewrite(env: BuildEnvironment, data: DeadlinesData, snapshot: Snapshot) -> set[str]:
    signatures = {call_id: snapshot.signature(call_id) for call_id in snapshot.calls}
    signatures[""] = snapshot.sitewide_signature()
    previous, data.signatures = data.signatures, signatures
    if previous.get("") != signatures[""]:
        return set(env.found_docs)
    pages: set[str] = set()
    for call_id in signatures.keys() | previous.keys():
        if previous.get(call_id) != signatures.get(call_id):
            pages |= data.pages_showing(call_id)
    return pages & env.found_docs


def finish(app: Sphinx, exception: Exception | None) -> None:
    """Write calendars and JSON only for a sound website build; fail the build on bad call data."""
    data = get_data(app.env)
    if data.error_count:
        app.statuscode = 1
        return
    if exception is not None or not builds_website(app.builder) or data.snapshot is None:
        return
    write_outputs(app, data.snapshot)


def page_url(builder: Builder, docname: str) -> str:
    target = builder.get_target_uri(docname)
    base = builder.config.html_baseurl
    return f"{base.rstrip('/')}/{target}" if base else target


def view_for(builder: Builder, snapshot: Snapshot, call_id: str, from_page: str | None) -> CallView:
    """A call as seen from one page (links relative to it) or, with no page, from the site's root."""
    call = snapshot.calls[call_id]

    def link(target: str) -> str:
        return relative_uri(builder.get_target_uri(from_page), target) if from_page else target

    next_call = snapshot.calls.get(call.next)
    links = Links(
        page=link(builder.get_target_uri(snapshot.homes[call_id])),
        calendar=link(f"{CALENDAR_DIR}/{call_id}.ics"),
        next_page=link(builder.get_target_uri(snapshot.homes[call.next])) if next_call else "",
        next_title=next_call.title if next_call else "",
    )
    return snapshot.view(call_id, links)


def write_outputs(app: Sphinx, snapshot: Snapshot) -> None:
    outdir = Path(app.outdir)
    (outdir / CALENDAR_DIR).mkdir(parents=True, exist_ok=True)
    domain = (
        app.config.deadlines_uid_domain
        or urlsplit(app.config.html_baseurl).hostname
        or "calls.invalid"
    )
    all_events = []
    listing = []
    for call_id in snapshot.ordered():
        view = view_for(app.builder, snapshot, call_id, None)
        url = page_url(app.builder, snapshot.homes[call_id])
        events = list(ical.call_events(view, snapshot.roots[call_id], domain, snapshot.now, url))
        all_events.extend(events)
        (outdir / CALENDAR_DIR / f"{call_id}.ics").write_bytes(
            ical.calendar_bytes(view.call.title, events)
        )
        listing.append(view.as_json() | {"url": url})
    (outdir / ALL_CALENDAR).write_bytes(
        ical.calendar_bytes(f"{app.config.project}: calls", all_events)
    )
    document = {"generated_at": snapshot.now.strftime("%Y-%m-%dT%H:%M:%SZ"), "calls": listing}
    (outdir / JSON_FILE).write_text(
        json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )


def sitewide_banner(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Every page names the calls that are open or open soon, except those it already shows."""
    data = get_data(app.env)
    snapshot = data.snapshot
    if snapshot is None or not builds_website(app.builder):
        context["deadlines_sitewide"] = ""  # page furniture of the website only
        return
    shown = data.calls_on(pagename)
    views = [
        view_for(app.builder, snapshot, c, pagename) for c in snapshot.sitewide() if c not in shown
    ]
    context["deadlines_sitewide"] = render.sitewide(views)


# Translator visitors: render a call's nodes from the snapshot as the page is written.


def visit_call_node(self, node: call_node) -> None:
    snapshot = get_data(self.builder.env).snapshot
    page = self.builder.current_docname
    if node["what"] == "index":
        views = [view_for(self.builder, snapshot, c, page) for c in snapshot.ordered()]
        here = self.builder.get_target_uri(page)
        files = {
            "calendar": relative_uri(here, ALL_CALENDAR),
            "json": relative_uri(here, JSON_FILE),
        }
        self.body.append(render.calls_index(views, files))
    elif node["call_id"] in snapshot.calls:
        view = view_for(self.builder, snapshot, node["call_id"], page)
        if node["what"] == "banner":
            self.body.append(render.banner(view, snapshot.closing_soon_days))
        else:
            self.body.append(render.timeline(view))
    raise nodes.SkipNode


def visit_call_inline(self, node: call_inline) -> None:
    snapshot = get_data(self.builder.env).snapshot
    call = snapshot.calls.get(node["call_id"])
    if call is None:
        self.body.append(self.encode(node.rawsource))
        raise nodes.SkipNode
    if node["what"] == "deadline":
        html = render.deadline(view_for(self.builder, snapshot, call.id, None))
    else:
        date = snapshot.milestone_date(call.id, node["key"])
        html = render.date(date) if date else self.encode(node.rawsource)
    if "emphasis" in node["classes"]:
        html = f"<em>{html}</em>"
    self.body.append(html)
    raise nodes.SkipNode
