"""Calls for every builder that does not make the website: text, LaTeX, man, Texinfo, EPUB…

Banners, timelines, the calls index and dates in prose become ordinary docutils nodes
(an admonition, a table, lists, text) before the page is written, so each writer renders
them its own way, as it renders the rest of the page. The wording is the website's,
frozen at the build's instant. Only a website gets the HTML, its script and the
calendar and JSON files it links to.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.builders import Builder
from sphinx.transforms.post_transforms import SphinxPostTransform

from deadlines.core.render import calls_groups
from deadlines.core.snapshot import Snapshot
from deadlines.core.views import CallView
from deadlines.directives import call_inline, call_label, call_node
from deadlines.domain import build_state


def builds_website(builder: Builder) -> bool:
    """A website's pages (html, dirhtml, singlehtml, json…), not an e-book or a help file."""
    return builder.format == "html" and not getattr(builder, "embedded", False)


class PlainCalls(SphinxPostTransform):
    """Replace the calls' nodes with plain docutils nodes for builders other than a website."""

    default_priority = 5  # before references are resolved, so links to call pages resolve

    def is_supported(self) -> bool:
        return not build_state(self.env).for_website

    def run(self, **kwargs: Any) -> None:
        snapshot = build_state(self.env).snapshot
        for node in list(self.document.findall(call_node)):
            replacement = block(snapshot, node)
            for table in (t for new in replacement for t in new.findall(nodes.table)):
                self.document.set_id(table)  # a captioned table needs an id to be numbered
            node.replace_self(replacement)
        for node in list(self.document.findall(call_inline)):
            node.replace_self(inline(snapshot, node))


def block(snapshot: Snapshot | None, node: call_node) -> list[nodes.Node]:
    if snapshot is None:
        return []
    if node["what"] == "index":
        return calls_index([snapshot.view(c) for c in snapshot.ordered()])
    if node["call_id"] not in snapshot.calls:
        return []  # a call that did not parse: the build reports it and fails
    view = snapshot.view(node["call_id"])
    return [banner(view)] if node["what"] == "banner" else [timeline(view)]


def inline(snapshot: Snapshot | None, node: call_inline) -> nodes.Node:
    call = snapshot.calls.get(node["call_id"]) if snapshot else None
    if call is None:
        return nodes.Text(node.rawsource)
    if node["what"] == "deadline":
        text = snapshot.view(call.id).deadline_text
    else:
        date = snapshot.milestone_date(call.id, node["key"])
        text = date.human() if date else node.rawsource
    return nodes.emphasis(text, text) if "emphasis" in node["classes"] else nodes.Text(text)


def banner(view: CallView) -> nodes.admonition:
    """One paragraph under the heading: some writers (text) run an admonition's
    paragraphs together."""
    call = view.call
    text = nodes.paragraph("", "", call_link(call.id, call.title), nodes.Text(". "))
    text += nodes.Text(view.state_text)
    if view.state == "open":
        _add_link(text, "Take part in the discussion", call.venue)
        _add_link(text, "Send a proposal", call.submit)
    if view.state == "closed" and call.next:
        text += nodes.Text(" Next: ")
        text += call_link(call.next, view.links.next_title or call.next)
        text += nodes.Text(".")
    text += nodes.Text(f" Status as of {view.as_of}.")
    if view.state != "closed":
        _add_link(text, "Register your interest", call.register)
    _add_link(text, "Read the call's original text", call.source)
    return nodes.admonition(
        "",
        nodes.title("", view.heading),
        text,
        classes=["call-banner", f"call-banner--{view.state}"],
    )


def timeline(view: CallView) -> nodes.table:
    header = ["Date", "Milestone", "Note"]
    body = []
    for row in view.rows:
        zone = view.row_zone(row)
        date = row.row.date.human() + (f" ({zone})" if zone else "")
        label = row.label + (" (next)" if row.current else "")
        body.append([date, label, row.row.note])
    return _table(view.timeline_caption, header, body, widths=(20, 30, 22))


def calls_index(views: list[CallView]) -> list[nodes.Node]:
    result: list[nodes.Node] = []
    for title, group in calls_groups(views):
        result.append(nodes.rubric("", title))
        if not group:
            result.append(nodes.paragraph("", "None at the moment."))
            continue
        items = nodes.bullet_list()
        for view in group:
            line = nodes.paragraph("", "", call_link(view.call.id, view.call.title))
            line += nodes.Text(f" ({view.period_text}).")
            items += nodes.list_item("", line)
        result.append(items)
    return result


def call_link(call_id: str, title: str) -> addnodes.pending_xref:
    """A link to a call's page, resolved by each builder as it resolves any reference."""
    ref = addnodes.pending_xref(
        "", refdomain="std", reftype="ref", reftarget=call_label(call_id), refexplicit=True
    )
    ref += nodes.inline(title, title)
    return ref


def _add_link(paragraph: nodes.paragraph, text: str, url: str) -> None:
    if url:
        paragraph += nodes.Text(" ")
        paragraph += nodes.reference(text, text, refuri=url)
        paragraph += nodes.Text(".")


def _table(
    caption: str, header: list[str], body: list[list[str]], widths: tuple[int, ...]
) -> nodes.table:
    group = nodes.tgroup(cols=len(header))
    group += [nodes.colspec(colwidth=width) for width in widths]
    group += nodes.thead("", _row(header))
    group += nodes.tbody("", *(_row(cells) for cells in body))
    return nodes.table("", nodes.title(caption, caption), group, classes=["call-timeline"])


def _row(cells: list[str]) -> nodes.row:
    return nodes.row("", *(nodes.entry("", nodes.paragraph(text, text)) for text in cells))
