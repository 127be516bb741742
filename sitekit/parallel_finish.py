"""The search index and the object inventory are written beside the generated pages.

At the end of a build, Sphinx's HTML builder writes the general index, the pages
extensions generate (ablog's lists and feeds), the images and the build info, and only
then the search index and ``objects.inv``, one after the other in the main process. An
edit at 1,000 posts spent 0.06 s writing the search index and 0.03 s the inventory
while the second core sat idle: the lists it rewrites take 0.1 s of one core.

Here, with ``-j`` and the fast path, the two are written by a forked process while the
main process writes the generated pages. It is forked once every ``html-collect-pages``
handler has run, as Sphinx has them run before it writes the two (``removed_pages``
takes a deleted page's words out of the index there), and before the pages they give
are written, which change neither. Each writes its own file. The build waits for the
process before it ends, and fails if it fails; its messages are shown when it ends, as
Sphinx shows any worker's.

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
from sitekit.domain import SitekitDomain, build_state

SMALL_BUILD_PAGES = 20


def setup(app: Sphinx) -> None:
    internals.check(__name__, app)
    app.connect("env-before-read-docs", _note_pages_read, priority=900)  # after additions
    internals.replace_when_fast(app, (StandaloneHTMLBuilder, "finish", finish))


def _note_pages_read(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    build_state(env).pages_read = len(docnames)


def finish(builder: StandaloneHTMLBuilder) -> None:
    """Sphinx's ``finish``, with ``handle_finish`` run by a forked process alongside the
    generated pages: forked once every ``html-collect-pages`` handler has run (one may
    change the index: ``removed_pages``), before their pages are written."""
    sphinx_finish = internals.original(StandaloneHTMLBuilder, "finish")
    pages_read = _pages_read(builder.env)
    if (
        not builder.parallel_ok
        or pages_read is None
        or pages_read >= SMALL_BUILD_PAGES
        or type(builder).handle_finish is not StandaloneHTMLBuilder.handle_finish
        or type(builder).gen_pages_from_extensions
        is not StandaloneHTMLBuilder.gen_pages_from_extensions
    ):
        sphinx_finish(builder)
        return
    dumps = ParallelTasks(1)
    forked = []

    def gen_pages_from_extensions() -> None:
        """Sphinx's, with the fork between the handlers and the writing of their pages."""
        pagelists = builder.events.emit("html-collect-pages")
        dumps.add_task(_handle_finish, builder)  # forks now
        forked.append(True)
        for pagelist in pagelists:
            for pagename, context, template in pagelist:
                builder.handle_page(pagename, context, template)

    builder.gen_pages_from_extensions = gen_pages_from_extensions  # type: ignore[method-assign]
    builder.handle_finish = _already_started  # type: ignore[method-assign]
    try:
        sphinx_finish(builder)
    except BaseException:
        dumps.terminate()
        raise
    finally:
        del builder.gen_pages_from_extensions, builder.handle_finish
    if forked:
        dumps.join()
    else:  # a finish that wrote no generated pages: the two are written here, as Sphinx does
        builder.handle_finish()


def _pages_read(env: BuildEnvironment) -> int | None:
    """None for a build without sitekit: once replaced, ``finish`` is every build's in
    the process, as Sphinx's was."""
    if SitekitDomain.name not in env.domains:
        return None
    return build_state(env).pages_read


def _handle_finish(builder: StandaloneHTMLBuilder) -> None:
    """In the forked process: the search index, then the inventory (the builder's
    ``finish_tasks`` is serial, so each runs as it is added)."""
    StandaloneHTMLBuilder.handle_finish(builder)


def _already_started() -> None:
    """The main process's ``handle_finish``: the forked process does it."""
