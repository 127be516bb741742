"""docutils' walk of a tree for the nodes a test picks, without a generator per node.

``Node.findall`` with a class walks the tree through a short recursive generator. With
any other test (Sphinx's ``NodeMatcher``, used by its transforms to find nodes with an
attribute, or a function) it takes its general path: a generator for every node, made
with five arguments, and each element's children read one index at a time through
``Element.__getitem__``. A ``-j 1`` profile of 1,000 posts spent 0.39 s in that path
alone, and the tests called for each node on top.

Here that case (the node itself, its descendants, no siblings: what a call with a test
and no other argument asks) walks the nodes as docutils' own ``_superfast_findall`` does,
in the same order, and yields each one the test accepts, testing it when docutils would:
as the walk reaches it, before its children. Every other call is docutils' own. The
documents are the same (tests/test_docutils_walks.py compares the nodes found, and
tests/test_fast_ablog.py the site). With ``sitekit_fast_ablog`` (the change is the
process's from then on: docutils is shared).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from docutils import nodes
from sphinx.application import Sphinx

from sitekit import internals

ORIGINAL = internals.original(nodes.Node, "findall")


def setup(app: Sphinx) -> None:
    internals.check(__name__, app)
    internals.replace_when_fast(app, (nodes.Node, "findall", findall))


def findall(
    node: nodes.Node,
    condition: type | Callable[[nodes.Node], bool] | None = None,
    include_self: bool = True,
    descend: bool = True,
    siblings: bool = False,
    ascend: bool = False,
) -> Iterator:
    """docutils' ``Node.findall``."""
    if (
        condition is not None
        and not isinstance(condition, type)
        and include_self
        and descend
        and not siblings
        and not ascend
    ):
        return _passing(node, condition)
    return ORIGINAL(node, condition, include_self, descend, siblings, ascend)


def _passing(node: nodes.Node, condition: Callable[[nodes.Node], bool]) -> Iterator:
    for found in node._superfast_findall():
        if condition(found):
            yield found
