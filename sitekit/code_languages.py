"""A page with no code block skips Sphinx's walk for code languages.

Sphinx's ``HighlightLanguageTransform`` runs on every page it writes: a visitor walks
the whole page, node by node, to give each literal block the language of the
``highlight`` directive before it (or the site's default), then removes those
directives. A page with neither a literal block nor a ``highlight`` directive comes
out of it as it went in; most posts are such pages. The walk was 2% of a ``-j 1``
build of 1,000 posts (0.51 s of 25.6 s, sampled); with the look first, the transform
took a fifth of its time (bench/README.md).

So here the transform first looks, and walks only a page that has either. A page that
has one is walked as before, whole. With ``sitekit_fast_ablog`` (the change is the
process's from then on: Sphinx is shared). tests/test_code_languages.py builds pages of
each kind both ways and compares them.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms.code import HighlightLanguageTransform

from sitekit import internals

WALK = internals.original(HighlightLanguageTransform, "apply")
# What the walk acts on: its visitor's only visits that change a node or its own state.
ACTED_ON = (nodes.literal_block, addnodes.highlightlang)


def setup(app: Sphinx) -> None:
    internals.check(__name__, app)
    internals.replace_when_fast(app, (HighlightLanguageTransform, "apply", walk_if_any_code))


def walk_if_any_code(transform: HighlightLanguageTransform, **kwargs: Any) -> None:
    if has_any(transform.document, ACTED_ON):
        WALK(transform, **kwargs)


def has_any(document: nodes.document, kinds: tuple[type[nodes.Node], ...]) -> bool:
    return any(next(document.findall(kind), None) is not None for kind in kinds)
