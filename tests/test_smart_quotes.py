"""sitekit.smart_quotes: the same text as docutils' and Sphinx's smart quotes give, for
every action docutils knows, with the rules not run where they would change nothing."""

from __future__ import annotations

import random

import pytest
from docutils import nodes
from sphinx.transforms import SphinxSmartQuotes

from sitekit import smart_quotes

# Pieces of text that touch every rule, and plain words that touch none.
PIECES = [
    "word", " ", "plain text", "'", '"', "`", "``", "''", "\\", "\\'", '\\"', "\\.", "\\-",
    "&", "&quot;", "&#39;", "&#46;", "-", "--", "---", ".", "..", "...", ". . .", "'90s",
    "don't", "“", "”", "«", "\x00", "\x00'", "\x00-", "é", "(", ")", "\n",
]  # fmt: skip
ACTIONS = ["qDe", "1", "2", "3", "0", "qd", "qbBe", "w", "qDiew", "-1", "x", ""]
LANGUAGES = ["en", "de", "fr", "xx"]


def token_lists(seed: int, count: int = 400) -> list[list[tuple[str, str]]]:
    rng = random.Random(seed)
    lists = []
    for _ in range(count):
        tokens = []
        for _ in range(rng.randint(1, 4)):
            kind = rng.choice(["plain", "plain", "plain", "literal", "tag"])
            text = "".join(rng.choice(PIECES) for _ in range(rng.randint(0, 6)))
            tokens.append((kind, text))
        lists.append(tokens)
    return lists


@pytest.mark.parametrize("attr", ACTIONS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_block_gives_the_text_docutils_gives(attr, language):
    skipped = 0
    for tokens in token_lists(seed=len(attr) * 31 + len(language)):
        expected = list(smart_quotes.EDUCATE_TOKENS(iter(tokens), attr, language))
        assert list(smart_quotes.educate_tokens(iter(tokens), attr, language)) == expected, tokens
        skipped += smart_quotes.known_action(attr) and all(
            kind != "plain" or smart_quotes.unchanged(text) for kind, text in tokens
        )
    assert (skipped > 0) == smart_quotes.known_action(attr)  # the shortcut was taken


@pytest.mark.parametrize(
    ("text", "unchanged"),
    [
        ("Plain words, in a sentence; with (brackets) and a dot.", True),
        ("A well-known hyphen, and 1.5 dots.", True),
        ("an apostrophe: don't", False),
        ('a "quote"', False),
        ("a `backtick`", False),
        ("an en -- dash", False),
        ("three dots...", False),
        ("spaced . . . dots", False),
        ("a \\backslash", False),
        ("an &amp; entity", False),
    ],
)
def test_what_no_rule_changes(text, unchanged):
    assert smart_quotes.unchanged(text) is unchanged


def test_sphinx_escapes_each_piece_as_before():
    """Sphinx marks a character escaped in the source (docutils puts a null before it)
    with a backslash; a piece with no null is left as it is."""
    document = nodes.document(None, None)
    paragraph = nodes.paragraph()
    document += paragraph
    texts = ["plain", "esc\x00'aped", "\x00-\x00.\x00`", "no null '", "\x00x"]
    paragraph += [nodes.Text(text) for text in texts]
    literal = nodes.literal()
    literal += nodes.Text("code \x00'")
    paragraph += literal
    transform = SphinxSmartQuotes.__new__(SphinxSmartQuotes)
    txtnodes = list(paragraph.findall(nodes.Text))
    ours = list(smart_quotes.get_tokens(transform, txtnodes))
    theirs = list(
        smart_quotes.internals.original(SphinxSmartQuotes, "get_tokens")(transform, txtnodes)
    )
    assert ours == theirs
    assert ours[1] == ("plain", "esc\x00\\'aped")
    assert ours[-1][0] == "literal"


def test_a_fast_build_uses_the_shortcut(build_root):
    from docutils.utils import smartquotes

    app = build_root("2018-11-06T12:00Z", root="test-blog")
    assert app.statuscode == 0
    assert smartquotes.educate_tokens is smart_quotes.educate_tokens
    assert SphinxSmartQuotes.get_tokens is smart_quotes.get_tokens
