"""Smart quotes: a block of text with nothing to change is given back without being read.

Sphinx's smart quotes (docutils' ``SmartQuotes`` transform, with Sphinx's
``smartquotes_action``) take each block of a page's text in pieces, one per text node:
Sphinx escapes each piece with a pattern, and docutils runs every rule of the action
over it (quotes, dashes, ellipses, backslash escapes) and puts the result back. That
was a tenth of reading in a 300-post ``-j 1`` profile. Yet a rule can only change a
piece that holds what it acts on: a quote, a backtick, a backslash, an ampersand (an
entity the escapes turn back), two hyphens, or three dots. A block whose pieces hold
none of those is given back as it came, and the rules are not run; any other block
goes through docutils as before. Sphinx's escaping pattern only acts after a null
character (docutils' mark of an escaped one), so it runs only on a piece that has one.

Both give the same text for every action docutils knows (``tests/test_smart_quotes.py``
compares them with docutils' own over generated text); an action this module does not
know goes through docutils whole. With ``sitekit_fast_ablog`` (the change is the
process's from then on: docutils and Sphinx are shared).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from docutils import nodes
from docutils.utils import smartquotes
from sphinx.application import Sphinx
from sphinx.transforms import SphinxSmartQuotes
from sphinx.util.nodes import is_smartquotable

from sitekit import internals

EDUCATE_TOKENS = internals.original(smartquotes, "educate_tokens")

# What any rule acts on (docutils' smartquotes: educate_tokens and the rules it runs).
ACTIVE_CHARACTERS = frozenset("'\"`\\&")
ACTIVE_RUNS = ("--", "...", ". . .")
# The actions whose rules are those: docutils' letters, and its shorthands for "all".
KNOWN_LETTERS = frozenset("qbBdDiew")
KNOWN_SHORTHANDS = frozenset({"0", "1", "2", "3"})
ESCAPED = re.compile(r"(?<=\x00)([-\\'\".`])")  # Sphinx's: an escaped active character


def setup(app: Sphinx) -> None:
    internals.check(__name__, app)
    internals.replace_when_fast(
        app,
        (smartquotes, "educate_tokens", educate_tokens),
        (SphinxSmartQuotes, "get_tokens", get_tokens),
    )


def known_action(attr: str) -> bool:
    return attr in KNOWN_SHORTHANDS or (bool(attr) and set(attr) <= KNOWN_LETTERS)


def unchanged(text: str) -> bool:
    """Whether every rule gives this piece of text back as it is."""
    return ACTIVE_CHARACTERS.isdisjoint(text) and not any(run in text for run in ACTIVE_RUNS)


def educate_tokens(
    text_tokens: Iterable[tuple[str, str]],
    attr: str = smartquotes.default_smartypants_attr,
    language: str = "en",
) -> Iterator[str]:
    """docutils' ``educate_tokens``, which gives back a block with nothing to change
    without running its rules."""
    tokens = list(text_tokens)
    if known_action(attr) and all(kind != "plain" or unchanged(text) for kind, text in tokens):
        return iter([text for _kind, text in tokens])
    return EDUCATE_TOKENS(tokens, attr, language)


def get_tokens(
    transform: SphinxSmartQuotes, txtnodes: list[nodes.Text]
) -> Iterator[tuple[str, str]]:
    """Sphinx's ``SphinxSmartQuotes.get_tokens``: each text node, as plain text for the
    rules (its escaped characters marked with a backslash, as smartquotes reads them) or
    as literal text they leave alone; the pattern runs only where there is a null."""
    for txtnode in txtnodes:
        if not is_smartquotable(txtnode):
            yield "literal", txtnode.astext()
            continue
        text = str(txtnode)
        yield "plain", ESCAPED.sub(r"\\\1", text) if "\x00" in text else text
