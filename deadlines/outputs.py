"""The files a website build writes beside its pages: a calendar for each call, one for
all of them, and the calls as JSON; and a call as seen from a page, with its links."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol
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


class Linker(Protocol):
    """Where a call's links point, as seen from where they are shown."""

    def page(self, docname: str) -> str: ...

    def file(self, path: str) -> str: ...


@dataclass(frozen=True)
class RelativeLinks:
    """Links from one page, relative to it; with no page, from the site's root."""

    builder: Builder
    from_page: str | None = None

    def _link(self, target: str) -> str:
        if self.from_page is None:
            return target
        return relative_uri(self.builder.get_target_uri(self.from_page), target)

    def page(self, docname: str) -> str:
        return self._link(self.builder.get_target_uri(docname))

    def file(self, path: str) -> str:
        return self._link(path)


@dataclass(frozen=True)
class TemplateLinks:
    """Links as the page's template makes its own (its ``pathto``): relative on every page,
    and absolute on the 404 page, where sphinx-notfound-page gives the template its own
    ``pathto`` so that the page works at any address."""

    pathto: Callable[..., str]
    pagename: str

    def page(self, docname: str) -> str:
        return "" if docname == self.pagename else self.pathto(docname)

    def file(self, path: str) -> str:
        return self.pathto(path, 1)


def view_for(snapshot: Snapshot, call_id: str, links: Linker) -> CallView:
    """A call as seen from where it is shown, with its links."""
    call = snapshot.calls[call_id]
    next_call = snapshot.calls.get(call.next)
    return snapshot.view(
        call_id,
        Links(
            page=links.page(snapshot.homes[call_id]),
            calendar=links.file(f"{CALENDAR_DIR}/{call_id}.ics"),
            next_page=links.page(snapshot.homes[call.next]) if next_call else "",
            next_title=next_call.title if next_call else "",
        ),
    )


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
        view = view_for(snapshot, call_id, RelativeLinks(app.builder))
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
