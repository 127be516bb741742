"""Sphinx's debug messages, not made when the build would not show them.

Sphinx sets its loggers to let every message through and leaves the choice of what to
show to its handlers, which show debug messages only under ``-vv``. So each of its
debug calls still builds a log record and runs the handlers' filters before one drops
it: one for every event it emits, twenty per page read, 2 to 5% of reading in a
300-post profile (``[app] emitting event``). Here its loggers let through what its
handlers show at the build's verbosity, and no less: the same lines reach the console
and the warning stream (tests/test_debug_logging.py). Sphinx sets them back for each new
application, so a later build in the same process starts from its own verbosity.
"""

from __future__ import annotations

import logging

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util.logging import NAMESPACE, VERBOSITY_MAP

from sitekit import internals


def setup(app: Sphinx) -> None:
    internals.check(__name__, app)
    app.connect("config-inited", only_what_is_shown, priority=0)


def only_what_is_shown(app: Sphinx, config: Config) -> None:
    if config.sitekit_fast_ablog:
        logging.getLogger(NAMESPACE).setLevel(VERBOSITY_MAP[max(app.verbosity, 0)])
