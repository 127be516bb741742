"""Site glue around ablog: clean errors for bad posts, and no warning left unseen.

Whatever changes ablog's behaviour lives in :mod:`sitekit.ablog_guard`.
"""

from __future__ import annotations

from sphinx.application import Sphinx

from sitekit import ablog_guard

__version__ = "0.1.0"


def setup(app: Sphinx) -> dict[str, object]:
    ablog_guard.setup(app)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
