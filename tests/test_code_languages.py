"""sitekit.code_languages: Sphinx's walk for code languages is skipped on a page with no
code block, and a page after it is the page Sphinx's walk makes, whatever it holds."""

from __future__ import annotations

import pickle

import pytest
from sphinx.transforms.post_transforms.code import HighlightLanguageTransform
from sphinx.util.docutils import LoggingReporter

from sitekit import code_languages

NOW = "2018-11-06T12:00Z"
PAGES = {
    "prose": "Prose\n=====\n\nA paragraph, *emphasis* and a `link <https://example.org>`_.\n",
    "literal": "Literal\n=======\n\nBefore::\n\n   x = 1\n",
    "code": "Code\n====\n\n.. code-block:: python\n\n   x = 1\n\n.. code-block::\n\n   y = 2\n",
    "highlight": (
        "Highlight\n=========\n\n.. highlight:: c\n   :linenothreshold: 2\n\n"
        "In C::\n\n   int x;\n   int y;\n\n- in a list::\n\n     z();\n"
    ),
    "highlight-alone": "Alone\n=====\n\n.. highlight:: c\n\nNo code follows.\n",
    "nested": "Nested\n======\n\n   A quote::\n\n      q = 1\n\n.. note::\n\n   ``inline`` only.\n",
    "parsed": "Parsed\n======\n\n.. parsed-literal::\n\n   **bold** code\n",
}
FILES = {f"{name}.rst": text for name, text in PAGES.items()}


@pytest.fixture
def read_pages(build_root):
    """Each page's doctree as reading leaves it, before the transforms of writing."""
    app = build_root(NOW, root="test-blog", files=FILES)
    assert app.statuscode == 0
    doctrees = {name: (app.doctreedir / f"{name}.doctree").read_bytes() for name in PAGES}
    return app, doctrees


def transformed(app, pickled: bytes, apply) -> str:
    document = pickle.loads(pickled)
    document.settings.env = app.env
    document.reporter = LoggingReporter("page")  # as Sphinx gives a loaded page
    apply(HighlightLanguageTransform(document))
    return document.pformat()


def test_each_page_comes_out_as_sphinxs_walk_leaves_it(read_pages):
    app, doctrees = read_pages
    for page, pickled in doctrees.items():
        walked = transformed(app, pickled, code_languages.WALK)
        assert transformed(app, pickled, code_languages.walk_if_any_code) == walked, page


WALKED = {"prose": False, "literal": True, "code": True, "highlight": True}
WALKED |= {"highlight-alone": True, "nested": True, "parsed": True}


def test_only_a_page_with_code_or_a_highlight_directive_is_walked(read_pages, monkeypatch):
    app, doctrees = read_pages
    assert set(WALKED) == set(PAGES)
    walked = []
    monkeypatch.setattr(code_languages, "WALK", lambda transform, **kwargs: walked.append(1))
    for page, pickled in doctrees.items():
        walked.clear()
        transformed(app, pickled, code_languages.walk_if_any_code)
        assert bool(walked) is WALKED[page], page


def test_the_highlight_directive_without_code_is_still_removed(read_pages):
    app, doctrees = read_pages
    tree = transformed(app, doctrees["highlight-alone"], code_languages.walk_if_any_code)
    assert "highlightlang" in pickle.loads(doctrees["highlight-alone"]).pformat()
    assert "highlightlang" not in tree


def test_the_fast_path_skips_the_walk_in_a_build(read_pages):
    """The build above had the fast path on: Sphinx's transform is this module's."""
    assert HighlightLanguageTransform.apply is code_languages.walk_if_any_code
