"""Event handlers: the clock, what a page says about calls, validation, the pages a
changed clock or call rewrites, and the end of the build."""

from __future__ import annotations

import os
from collections.abc import Iterable
from datetime import datetime

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from deadlines.core.clock import build_instant
from deadlines.core.prose import typed_dates
from deadlines.core.records import TypedDate
from deadlines.core.snapshot import Snapshot, take_snapshot
from deadlines.core.sourcelines import words_pattern
from deadlines.directives import call_inline, call_node, source_text
from deadlines.domain import BuildState, DeadlinesDomain, build_state, calls_domain
from deadlines.outputs import write_outputs
from deadlines.plain import builds_website

logger = logging.getLogger(__name__)


def start_clock(app: Sphinx) -> None:
    """Read the clock once per build; every page of the build describes this instant."""
    now = build_instant(app.config.deadlines_now, os.environ)
    calls_domain(app.env).build = BuildState(now, builds_website(app.builder))


def build_now(app: Sphinx) -> datetime:
    """The instant this build describes, for other extensions of the site."""
    return build_state(app.env).now


def sitewide_signature(env: BuildEnvironment) -> tuple[str, ...] | None:
    """What every page's call notices depended on at the last build, for other extensions
    that decide whether a page must be written again."""
    return calls_domain(env).signatures.get("")


def collect(app: Sphinx, doctree: nodes.document) -> None:
    """After reading a page: banners for calls it refers to, and dates it types by hand."""
    data = calls_domain(app.env)
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
    data = calls_domain(env)
    state = build_state(env)
    config = app.config
    snapshot = take_snapshot(
        data, state.now, config.deadlines_closing_soon_days, config.deadlines_opens_soon_days
    )
    state.snapshot = snapshot
    for finding in snapshot.findings:
        report = logger.error if finding.is_error else logger.warning
        report(
            finding.message,
            location=(finding.docname, finding.line or None),
            type="deadlines",
            subtype=finding.subtype,
        )
    state.error_count = sum(finding.is_error for finding in snapshot.findings)
    return sorted(_pages_to_rewrite(env, data, snapshot))


def _pages_to_rewrite(env: BuildEnvironment, data: DeadlinesDomain, snapshot: Snapshot) -> set[str]:
    signatures = {call_id: snapshot.signature(call_id) for call_id in snapshot.calls}
    signatures[""] = snapshot.sitewide_signature()
    previous = dict(data.signatures)
    data.signatures.clear()
    data.signatures.update(signatures)
    if previous.get("") != signatures[""]:
        return set(env.found_docs)
    pages: set[str] = set()
    for call_id in signatures.keys() | previous.keys():
        if previous.get(call_id) != signatures.get(call_id):
            pages |= data.pages_showing(call_id)
    return pages & env.found_docs


def finish(app: Sphinx, exception: Exception | None) -> None:
    """Write calendars and JSON only for a sound website build; fail the build on bad call data."""
    state = build_state(app.env)
    if state.error_count:
        app.statuscode = 1
        return
    if exception is not None or not builds_website(app.builder) or state.snapshot is None:
        return
    write_outputs(app, state.snapshot)
