"""Front matter read by libyaml, PyYAML's C reader, where PyYAML was built with it.

A Markdown post's front matter is read three times: ``ablog_guard`` composes it to check
each value, and MyST loads it once for its own settings and once more to make the
page's fields. PyYAML's reader, in Python, took about 0.3 ms a post each time: 0.096 s
a read for the 315 Markdown posts among the benchmark's 1,000, three reads each.
libyaml read them in 0.012 s.

The values come out the same: libyaml only reads the text into nodes, and PyYAML's own
Python code (``SafeConstructor``) makes the values from them either way. Text libyaml
refuses is read again by PyYAML's Python reader, so an error, its message and its line
are the ones PyYAML gives without libyaml (tests/test_libyaml.py compares both on good
and bad front matter). Without libyaml, everything is PyYAML's Python reader. With
``sitekit_fast_ablog``, ``yaml.safe_load`` is this module's for the process from then on,
as MyST calls it there.
"""

from __future__ import annotations

from typing import Any

import yaml
from sphinx.application import Sphinx

from sitekit import internals

ORIGINAL_SAFE_LOAD = internals.original(yaml, "safe_load")
C_SAFE_LOADER: type | None = getattr(yaml, "CSafeLoader", None)
ERRORS = (yaml.YAMLError, RecursionError)


def setup(app: Sphinx) -> None:
    internals.check(__name__, app)
    internals.replace_when_fast(app, (yaml, "safe_load", safe_load))


def compose(text: str) -> yaml.Node | None:
    """``yaml.compose`` with PyYAML's ``SafeLoader``: the nodes, with their marks."""
    if C_SAFE_LOADER is not None:
        try:
            return yaml.compose(text, Loader=C_SAFE_LOADER)
        except ERRORS:
            pass  # PyYAML's own reader says what is wrong, and where
    return yaml.compose(text, Loader=yaml.SafeLoader)


def safe_load(stream: Any) -> Any:
    """``yaml.safe_load``; a stream that is no text is PyYAML's to read."""
    if C_SAFE_LOADER is not None and isinstance(stream, str | bytes):
        try:
            return yaml.load(stream, Loader=C_SAFE_LOADER)
        except ERRORS:
            pass
    return ORIGINAL_SAFE_LOAD(stream)
