"""The files a website build writes beside its pages: a calendar for each call, one for
all of them, and the calls as JSON; and a call as seen from a page, with its links."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlsplit

from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.util.osutil import relative_uri

from deadlines.core import ical
from deadlines.core.snapshot import Snapshot
from deadlines.core.views import CallView, Links

CALENDAR_DIR = "calls"
ALL_CALENDAR = "calls.ics"
JSON_FILE = "calls.json"


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
