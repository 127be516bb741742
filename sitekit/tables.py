"""Tables too wide for a phone scroll in a box of their own, which a keyboard can reach.

The archive's tables were written for a desktop column: some have more columns, or
longer words and addresses, than a 375 px screen holds, and no type size or wrapping
fits them without breaking words apart. So each table sits in a box that scrolls
sideways (``.table-scroll`` in ``_static/site.css``) when the table is wider than the
page, and the page itself never does. A box that scrolls must be reachable without a
mouse, so the box takes the keyboard focus, and is a region named after the table (its
caption, else its column headings) so a screen reader says what it is focused on.
"""

from __future__ import annotations

from html import escape
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.writers.html5 import HTML5Translator


def label(table: nodes.table) -> str:
    """What the scrolling box is called: the table's caption, else its column headings."""
    for child in table.children:
        if isinstance(child, nodes.title):
            return " ".join(child.astext().split())
    heading = next(iter(table.findall(nodes.thead)), None)
    row = next(iter(heading.findall(nodes.row)), None) if heading is not None else None
    cells = [" ".join(entry.astext().split()) for entry in row.children] if row else []
    named = ", ".join(cell for cell in cells if cell)
    return f"Table: {named}" if named else "Table"


def visit_table(self: HTML5Translator, node: nodes.table) -> None:
    self.body.append(
        f'<div class="table-scroll" role="region" tabindex="0" aria-label="{escape(label(node))}">\n'
    )
    type(self).visit_table(self, node)


def depart_table(self: HTML5Translator, node: nodes.table) -> None:
    type(self).depart_table(self, node)
    self.body.append("</div>\n")


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_node(nodes.table, override=True, html=(visit_table, depart_table))
    return {"parallel_read_safe": True, "parallel_write_safe": True}
