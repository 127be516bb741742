"""sitekit.docutils_walks: a walk with a test finds the nodes docutils' own walk finds, in
its order, testing each as docutils does; other walks are docutils' own."""

from __future__ import annotations

from typing import Any

import docutils.core
import pytest
from docutils import nodes
from sphinx.util.nodes import NodeMatcher

from sitekit import docutils_walks
from tests.rst_samples import SAMPLE

TESTS = [
    pytest.param(NodeMatcher(nodes.Element, ids=Any), id="an attribute"),
    pytest.param(NodeMatcher(nodes.reference, refuri="https://example.org/"), id="a value"),
    pytest.param(NodeMatcher(nodes.paragraph, nodes.list_item), id="classes"),
    pytest.param(lambda node: isinstance(node, nodes.Text), id="text"),
    pytest.param(lambda node: False, id="nothing"),
]
ARGUMENTS = [
    {},
    {"include_self": False},
    {"descend": False},
    {"siblings": True},
    {"ascend": True},
]


@pytest.fixture(scope="module")
def document() -> nodes.document:
    return docutils.core.publish_doctree(SAMPLE, settings_overrides={"report_level": 5})


def starts(document: nodes.document) -> list[nodes.Node]:
    """The document, a list in it, and a text deep down."""
    bullet = next(document.findall(nodes.bullet_list))
    return [document, bullet, next(bullet.findall(nodes.Text))]


@pytest.mark.parametrize("condition", TESTS)
@pytest.mark.parametrize("arguments", ARGUMENTS, ids=lambda a: ",".join(a) or "plain")
def test_the_same_nodes_in_the_same_order(document, condition, arguments):
    for start in starts(document):
        ours = list(docutils_walks.findall(start, condition, **arguments))
        theirs = list(docutils_walks.ORIGINAL(start, condition, **arguments))
        assert [id(node) for node in ours] == [id(node) for node in theirs]


@pytest.mark.parametrize("condition", [None, nodes.paragraph])
def test_no_test_or_a_class_is_docutils_own_walk(document, condition):
    assert [id(n) for n in docutils_walks.findall(document, condition)] == [
        id(n) for n in docutils_walks.ORIGINAL(document, condition)
    ]


def test_each_node_is_tested_as_the_walk_reaches_it(document):
    """Lazily, each before its children: a test that changes what follows sees it so."""
    tested: list[nodes.Node] = []

    def note(node: nodes.Node) -> bool:
        tested.append(node)
        return isinstance(node, nodes.paragraph)

    walk = docutils_walks.findall(document, note)
    assert tested == []
    first = next(walk)
    assert tested[-1] is first and len(tested) < 10
    rest = list(walk)
    assert len(tested) == len(list(document._superfast_findall()))
    assert [first, *rest] == list(docutils_walks.ORIGINAL(document, nodes.paragraph))


def test_removing_the_found_node_walks_on_as_docutils_does():
    """Sphinx's RemoveTranslatableInline unwraps each node it finds as it walks."""
    text = "A *b* and *c* and *d*.\n\n- *e* item\n"
    found = {}
    for walk in (docutils_walks.findall, docutils_walks.ORIGINAL):
        document = docutils.core.publish_doctree(text)
        seen = []
        for node in walk(document, NodeMatcher(nodes.emphasis)):
            seen.append(node.astext())
            node.parent.replace(node, node.children)
        found[walk] = (seen, document.pformat())
    assert found[docutils_walks.findall] == found[docutils_walks.ORIGINAL]


def test_the_walk_skips_the_generator_per_node(document, monkeypatch):
    """docutils' general path calls findall again for every node below the first."""
    calls = []
    original = docutils_walks.ORIGINAL

    def counting(*args, **kwargs):
        calls.append(args[0])
        return original(*args, **kwargs)

    monkeypatch.setattr(docutils_walks, "ORIGINAL", counting)
    monkeypatch.setattr(nodes.Node, "findall", docutils_walks.findall)
    found = list(document.findall(NodeMatcher(nodes.paragraph)))
    assert found and calls == []
