"""The build's long-lived objects, kept out of the cyclic garbage collector's way.

A build makes millions of objects that live to its end: the extensions, the
environment unpickled from the last build, and, once reading ends, the environment of
every page. Python's full collections walk all of them each time, about 15 times per
1,000-post build, 2 to 3 s in all (bench/README.md), and a full collection in a forked
``-j`` worker writes into each object's header, so pages the worker shared with the
main process become its own copies. Here the collector is told, at the two points where
the long-lived set is complete (reading starts; reading ends, before the writers fork),
to collect once and leave every surviving object alone from then on. The garbage the
build makes afterwards (each page's doctree) is still collected as before.

Each ``-j`` worker Sphinx forks freezes, as it starts, everything it was born with:
the main process's environment grows with every chunk of pages merged into it, and a
worker has no use for collecting it (it ends with its chunk). At 3,000 posts a chunk
took twice as long to read at the end as at the start; this takes a tenth off the
reading.

Before that, while Sphinx loads the last build's environment, the collector rests, and
what the load made is frozen as soon as it ends: the objects loaded all live on, and
collecting among them took 0.065 s of a 0.105 s load at 1,000 posts. Left unfrozen, the
collections after it walked them again: an edit at 1,000 posts spent 0.23 s in the
collector, 0.08 s once they were frozen, and built in 1.10 s against 1.35 s (the
median of seven builds each way, bench/README.md). The collector starts again as soon as
the load ends, however it ends.

Whether a build froze is kept in a flag, not asked of the collector: its count walks
every frozen object, 13 ms at 1,000 posts and 31 ms at 3,000 when the writers fork, in
each of them.

``build-finished`` hands every object back to the collector, so that a process that
goes on after the build (a test run, sphinx-autobuild) frees the build as it would have.
Nothing here changes what is written (tests/test_fast_ablog.py).
"""

from __future__ import annotations

import gc
import os
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from sitekit import internals

# A build full-collects about once per 70 pages it reads (15 times for 1,000); the freeze
# before reading costs one full collection, so a build that reads fewer pages than this
# (one edited post) does without. The one after reading walks only what is not frozen.
FREEZE_FROM_PAGES = 100


class _Frozen:
    """Whether a build froze objects and has not handed them back. Kept here because
    asking the collector (``gc.get_freeze_count``) walks every frozen object: 13 ms for
    a million, in every worker forked, and the main process after reading."""

    on = False


def freeze() -> None:
    """Leave every object now tracked alone from now on, and remember so."""
    gc.freeze()
    _Frozen.on = True


def unfreeze() -> None:
    gc.unfreeze()
    _Frozen.on = False


def _freeze_inherited() -> None:
    """In a process just forked: when its parent left objects frozen (a build is on),
    so does it, with everything else it was born with."""
    if _Frozen.on:
        gc.freeze()


os.register_at_fork(after_in_child=_freeze_inherited)


def setup(app: Sphinx) -> None:
    internals.check(__name__, app)
    internals.replace(Sphinx, "_load_existing_env", _load_resting)
    app.connect("env-before-read-docs", _freeze_before_reading, priority=900)
    app.connect("env-updated", _freeze_after_reading, priority=900)
    app.connect("build-finished", _hand_back, priority=900)


_LOAD_EXISTING_ENV = internals.original(Sphinx, "_load_existing_env")


def _load_resting(app: Sphinx, filename: Path) -> BuildEnvironment:
    """Sphinx's load of the last environment, the collector resting meanwhile, and what
    it loaded frozen: the million objects it makes all live on."""
    # The load is replaced for the process; a later build may not use sitekit at all.
    if not getattr(app.config, "sitekit_fast_ablog", False) or not gc.isenabled():
        return _LOAD_EXISTING_ENV(app, filename)
    gc.disable()
    try:
        environment = _LOAD_EXISTING_ENV(app, filename)
        freeze()  # no collection first: what was just loaded is all alive
        return environment
    finally:
        gc.enable()


def freeze_survivors() -> None:
    gc.collect()
    freeze()


def _freeze_before_reading(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """Only when there is much to read: a full collection of what a build has made before
    reading costs more than it saves when it reads a few pages."""
    if app.config.sitekit_fast_ablog and len(docnames) >= FREEZE_FROM_PAGES:
        freeze_survivors()


def _freeze_after_reading(app: Sphinx, env: BuildEnvironment) -> list[str]:
    if _Frozen.on:  # frozen at the load or before reading: collecting is cheap
        freeze_survivors()
    return []


def _hand_back(app: Sphinx, exception: Exception | None) -> None:
    unfreeze()
