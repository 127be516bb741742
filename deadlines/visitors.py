"""HTML for the calls' nodes and the site-wide notice, rendered from the build's snapshot
as each page is written."""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.osutil import relative_uri
from sphinxcontrib.serializinghtml import SerializingHTMLBuilder

from deadlines.core import render
from deadlines.directives import call_inline, call_node
from deadlines.domain import build_state, calls_domain
from deadlines.outputs import ALL_CALENDAR, JSON_FILE, RelativeLinks, TemplateLinks, view_for
from deadlines.plain import builds_website


def sitewide_banner(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Every page names the calls that are open or open soon, except those it already shows.
    The notice is rendered once for each set of calls and links a build shows: the same
    on most pages of a folder."""
    state = build_state(app.env)
    snapshot = state.snapshot
    if snapshot is None or not builds_website(app.builder):
        context["deadlines_sitewide"] = ""  # page furniture of the website only
        return
    shown = calls_domain(app.env).calls_on(pagename)
    # The json and pickle builders' pathto links pages only, not files.
    if isinstance(app.builder, SerializingHTMLBuilder):
        links = RelativeLinks(app.builder, pagename)
    else:
        links = TemplateLinks(context["pathto"], pagename)
    named = [call_id for call_id in snapshot.sitewide() if call_id not in shown]
    views = [view_for(snapshot, call_id, links) for call_id in named]
    key = tuple(zip(named, (view.links for view in views), strict=True))
    if key not in state.sitewide_html:
        state.sitewide_html[key] = render.sitewide(views)
    context["deadlines_sitewide"] = state.sitewide_html[key]


def visit_call_node(self, node: call_node) -> None:
    snapshot = build_state(self.builder.env).snapshot
    page = self.builder.current_docname
    if node["what"] == "index":
        links = RelativeLinks(self.builder, page)
        views = [view_for(snapshot, c, links) for c in snapshot.ordered()]
        here = self.builder.get_target_uri(page)
        files = {
            "calendar": relative_uri(here, ALL_CALENDAR),
            "json": relative_uri(here, JSON_FILE),
        }
        self.body.append(render.calls_index(views, files))
    elif node["call_id"] in snapshot.calls:
        view = view_for(snapshot, node["call_id"], RelativeLinks(self.builder, page))
        if node["what"] == "banner":
            self.body.append(render.banner(view, snapshot.closing_soon_days))
        else:
            self.body.append(render.timeline(view))
    raise nodes.SkipNode


def visit_call_inline(self, node: call_inline) -> None:
    snapshot = build_state(self.builder.env).snapshot
    call = snapshot.calls.get(node["call_id"])
    if call is None:
        self.body.append(self.encode(node.rawsource))
        raise nodes.SkipNode
    if node["what"] == "deadline":
        html = render.deadline(view_for(snapshot, call.id, RelativeLinks(self.builder)))
    else:
        date = snapshot.milestone_date(call.id, node["key"])
        html = render.date(date) if date else self.encode(node.rawsource)
    if "emphasis" in node["classes"]:
        html = f"<em>{html}</em>"
    self.body.append(html)
    raise nodes.SkipNode
