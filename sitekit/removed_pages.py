"""A page whose source is gone leaves the site, as if it had never been built.

Sphinx forgets the document but keeps the file it once wrote, so an incremental build
would go on publishing it; and its search index keeps the page's words, with no page
(`"word": []`), where a clean build has none.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from sitekit.domain import build_state


def setup(app: Sphinx) -> None:
    app.connect("env-get-outdated", _note_removed)
    app.connect("html-collect-pages", _forget_removed_words)
    app.connect("build-finished", _delete_removed)


def _note_removed(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    build_state(env).removed_docs = set(removed)
    return []


def _forget_removed_words(app: Sphinx) -> list[tuple[str, dict, str]]:
    """Before the index is written: Sphinx's prune empties a word's pages but keeps it."""
    indexer = getattr(app.builder, "indexer", None)
    if indexer is None or not build_state(app.env).removed_docs:
        return []
    for mapping in (indexer._mapping, indexer._title_mapping):
        for word in [word for word, docnames in mapping.items() if not docnames]:
            del mapping[word]
    return []


def _delete_removed(app: Sphinx, exception: Exception | None) -> None:
    """Only after a build that succeeded: a failed one publishes nothing anyway."""
    if exception is not None or not hasattr(app.builder, "get_outfilename"):
        return
    for docname in sorted(build_state(app.env).removed_docs):
        Path(app.builder.get_outfilename(docname)).unlink(missing_ok=True)
