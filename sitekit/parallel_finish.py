"""The search index and the object inventory are written beside the generated pages.

At the end of a build, Sphinx's HTML builder writes the general index, the pages
extensions generate (ablog's lists and feeds), the images and the build info, and only
then the search index and ``objects.inv``, one after the other in the main process. An
edit at 1,000 posts spent 0.06 s writing the search index and 0.03 s the inventory
while the second core sat idle: the lists it rewrites take 0.1 s of one core.

Here, with ``-j`` and the fast path, the two are written by a forked process, started
as the builder finishes, while the main process writes the rest. Both read only what
the pages' reading and writing left (the environment, the search index fed by the
pages), which nothing written after them changes, and each writes its own file. The
build waits for the process before it ends, and fails if it fails; its messages are
shown when it ends, as Sphinx shows any worker's.

Only a build that reads fewer than ``SMALL_BUILD_PAGES`` pages (an edit, a moved clock)
does this, where the second core is otherwise idle. In a full build every core is
already writing the lists, and the forked process, touching the whole environment,
copied enough of it to raise the peak memory at 3,000 posts from 198 to 228 MB (one
build each).

Only Sphinx's own ``handle_finish`` is moved: a builder that does more there (an
e-book packs the finished folder) finishes as before.
"""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.environment import BuildEnvironment
from sphinx.util.parallel import ParallelTasks

from sitekit import internals
from sitekit.domain import build_state

SMALL_BUILD_PAGES = 20


def setup(app: Sphinx) -> None:
    internals.check(__name__, app)
    app.connect("env-before-read-docs", _note_pages_read, priority=900)  # after additions
    internals.replace_when_fast(app, (StandaloneHTMLBuilder, "finish", finish))


def _note_pages_read(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    build_state(env).pages_read = len(docnames)


def finish(builder: StandaloneHTMLBuilder) -> None:
    """Sphinx's ``finish``, with ``handle_finish`` run by a forked process alongside."""
    sphinx_finish = internals.original(StandaloneHTMLBuilder, "finish")
    pages_read = build_state(builder.env).pages_read
    if (
        not builder.parallel_ok
        or pages_read is None
        or pages_read >= SMALL_BUILD_PAGES
        or type(builder).handle_finish is not StandaloneHTMLBuilder.handle_finish
    ):
        sphinx_finish(builder)
        return
    dumps = ParallelTasks(1)
    dumps.add_task(_handle_finish, builder)  # forks now, before anything below runs
    builder.handle_finish = _already_started  # type: ignore[method-assign]
    try:
        sphinx_finish(builder)
    except BaseException:
        dumps.terminate()
        raise
    finally:
        del builder.handle_finish
    dumps.join()


def _handle_finish(builder: StandaloneHTMLBuilder) -> None:
    """In the forked process: the search index, then the inventory (the builder's
    ``finish_tasks`` is serial, so each runs as it is added)."""
    StandaloneHTMLBuilder.handle_finish(builder)


def _already_started() -> None:
    """The main process's ``handle_finish``: the forked process does it."""
