"""HTML for banners, timelines and the calls index, from the templates beside this module.

Autoescaping is on: titles and notes come from authors and are always escaped.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from deadlines.core.dates import FuzzyDate, Precision
from deadlines.core.views import HEADINGS, CallView

TEMPLATES = Path(__file__).parent / "templates"


@cache
def _environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )


def _render(template: str, **context: object) -> str:
    return _environment().get_template(template).render(headings=HEADINGS, **context).strip()


def banner(view: CallView, closing_soon_days: int) -> str:
    return _render("banner.html", view=view, closing_soon_days=closing_soon_days)


def sitewide(views: Sequence[CallView]) -> str:
    return _render("sitewide.html", views=views) if views else ""


def timeline(view: CallView) -> str:
    return _render("timeline.html", view=view)


def calls_groups(views: Sequence[CallView]) -> list[tuple[str, list[CallView]]]:
    """The calls index's sections, in every output alike."""
    return [
        ("Open calls", [v for v in views if v.state == "open"]),
        ("Upcoming calls", [v for v in views if v.state in ("upcoming", "tbd")]),
        ("Past calls", [v for v in views if v.state == "closed"]),
    ]


def calls_index(views: Sequence[CallView], files: dict[str, str]) -> str:
    return _render("index.html", groups=calls_groups(views), files=files)


def date(value: FuzzyDate) -> Markup:
    """A date in prose; days and months carry a machine-readable `<time>`."""
    if value.precision in (Precision.DAY, Precision.MONTH):
        return Markup('<time datetime="{}">{}</time>').format(value.iso(), value.human())
    return escape(value.human())


def deadline(view: CallView) -> Markup:
    """The end of November 13, 2018, Anywhere on Earth (November 14, 2018, 11:59 UTC)."""
    if not view.closes_iso:
        return escape(view.deadline_text)  # no instant, so no <time datetime>
    return Markup('the end of {}, {} (<time datetime="{}">{}</time>)').format(
        view.closes_day, view.zone_long, view.closes_iso, view.closes_utc
    )
