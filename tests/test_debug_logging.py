"""sitekit.debug_logging: Sphinx's loggers make only the messages the build shows, and
the build shows the same messages as before, at each verbosity."""

from __future__ import annotations

import logging

import pytest
from sphinx.application import Sphinx
from sphinx.util import logging as sphinx_logging

NOW = "2018-11-06T12:00Z"
LEVELS = {"info": logging.INFO, "verbose": sphinx_logging.VERBOSE, "debug": logging.DEBUG}
SHOWN = {0: {"info"}, 1: {"info", "verbose"}, 2: {"info", "verbose", "debug"}}


def build(make_app, copy_root, verbosity: int, fast: bool) -> tuple[str, dict[str, bool]]:
    """The build's console output, with one message of each level logged as it reads,
    and whether Sphinx's logger made a record for each level at that moment. Each build's
    messages are its own: Pelican, imported by the benchmark's tests, installs a logger
    class that shows a message once per process."""
    app = make_app(
        "html",
        srcdir=copy_root("blog"),
        verbosity=verbosity,
        confoverrides={"deadlines_now": NOW, "sitekit_fast_ablog": fast},
    )
    logger = sphinx_logging.getLogger("tests.debug_logging")
    made: dict[str, bool] = {}

    def log_each_level(app: Sphinx, env, docnames) -> None:
        for name, level in LEVELS.items():
            made[name] = logger.isEnabledFor(level)
            logger.log(level, f"a {name} message from the {'fast' if fast else 'slow'} build")

    app.connect("env-before-read-docs", log_each_level)
    app.build()
    assert app.statuscode == 0
    return app.status.getvalue(), made


@pytest.mark.parametrize("verbosity", sorted(SHOWN))
def test_each_verbosity_shows_the_messages_it_showed_before(make_app, copy_root, verbosity):
    fast_output, made = build(make_app, copy_root, verbosity, fast=True)
    slow_output, made_slow = build(make_app, copy_root, verbosity, fast=False)
    for name in LEVELS:
        shown = name in SHOWN[verbosity]
        assert (f"a {name} message from the fast build" in fast_output) == shown
        assert (f"a {name} message from the slow build" in slow_output) == shown
    assert {name for name, was in made.items() if was} == SHOWN[verbosity]
    assert all(made_slow.values())  # Sphinx's own: every record made, then filtered


def test_sphinx_events_make_no_debug_records_unless_shown(make_app, copy_root):
    """``[app] emitting event`` is the debug message made most: one per event."""
    quiet, _ = build(make_app, copy_root, 0, fast=True)
    loud, _ = build(make_app, copy_root, 2, fast=True)
    assert "[app] emitting event" not in quiet
    assert "[app] emitting event: 'env-updated'" in loud
