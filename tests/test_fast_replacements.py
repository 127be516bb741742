"""What sitekit replaces in Sphinx, docutils and PyYAML for speed, it replaces only when
a build turns ``sitekit_fast_ablog`` on; a build with it off finds them as they were.
Each module's own tests show that its replacement gives the same pages."""

from __future__ import annotations

import ablog.blog
import pytest
import sphinx.builders.html
import yaml
from docutils import nodes, statemachine
from docutils.utils import smartquotes
from sphinx.environment import BuildEnvironment
from sphinx.transforms import SphinxSmartQuotes
from sphinx.transforms.post_transforms.code import HighlightLanguageTransform
from sphinx.util.parallel import ParallelTasks

from sitekit import (
    asset_checksums,
    code_languages,
    docutils_states,
    docutils_transitions,
    docutils_walks,
    fast_ablog,
    internals,
    libyaml,
    outdated_pages,
    parallel_finish,
    prompt_workers,
    smart_quotes,
)

REPLACED = [
    (ablog.blog.Collection, "__iter__", fast_ablog.collection_posts),
    (sphinx.builders.html, "_file_checksum", asset_checksums.file_checksum),
    (HighlightLanguageTransform, "apply", code_languages.walk_if_any_code),
    (statemachine.StateMachine, "add_states", docutils_states.add_states),
    (statemachine.StateMachine, "runtime_init", docutils_states.runtime_init),
    (statemachine.StateMachine, "unlink", docutils_states.unlink),
    (statemachine.State, "make_transitions", docutils_transitions.make_transitions),
    (nodes.Node, "findall", docutils_walks.findall),
    (yaml, "safe_load", libyaml.safe_load),
    (BuildEnvironment, "get_outdated_files", outdated_pages.get_outdated_files),
    (sphinx.builders.html.StandaloneHTMLBuilder, "finish", parallel_finish.finish),
    (ParallelTasks, "join", prompt_workers.join),
    (ParallelTasks, "_join_one", prompt_workers.join_one),
    (smartquotes, "educate_tokens", smart_quotes.educate_tokens),
    (SphinxSmartQuotes, "get_tokens", smart_quotes.get_tokens),
]


@pytest.mark.parametrize("fast", [True, False])
def test_replaced_only_on_the_fast_path(build_root, monkeypatch, fast):
    for owner, attribute, _ in REPLACED:
        monkeypatch.setattr(owner, attribute, internals.original(owner, attribute))
    app = build_root(
        "2018-11-06T12:00Z",
        root="test-blog",
        parallel=2,
        confoverrides={"sitekit_fast_ablog": fast},
    )
    assert app.statuscode == 0
    for owner, attribute, replacement in REPLACED:
        assert (getattr(owner, attribute) is replacement) is fast, attribute
