"""A post's excerpt: its first paragraph of real content, clean, and not too long.

ablog's automatic excerpt is the first ``post_auto_excerpt`` paragraphs anywhere in the
post (ablog 0.11.13, ``process_posts``, fingerprinted in :mod:`sitekit.internals`):
a docutils message about the post, a photo credit in a figure, a table cell or a
one-word line the Blogger conversion left. And the posts of the migrated archive hold
what the conversion could not turn into markup (stray ``*`` and ``_``, backticks,
``|name|``, an address in angle brackets after the words that link to it), which an
excerpt shows out of context on every list of posts and in the feed.

So, for every post whose excerpt ablog makes itself (not one written in the post
directive), the excerpt is made again here, as ablog reads the post:

- its paragraphs are the first that read as prose: in the post's text (not in a
  table, figure, footnote, admonition, docutils message or other extension's block),
  with at least ``PROSE_WORDS`` words, or a shorter sentence that ends as one;
- their text is cleaned of that residue; footnote marks, images and raw markup go;
- it is cut, when longer than ``EXCERPT_LENGTH`` characters, after the last sentence
  that keeps at least half of that, else at the last word boundary, and ends with an
  ellipsis.

Both the lists of posts (ablog renders the excerpt's nodes) and the feed (whose summary
is the nodes' text) read the same nodes. For the two to say the same words, the nodes'
text is what they show: a ``:doc:`` link written without a title, which Sphinx shows
as the linked page's title, gets that title once every page is read.
"""

from __future__ import annotations

import re
from typing import Any

from ablog.post import PostNode
from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import docname_join
from sphinx.util.nodes import clean_astext

from sitekit import internals, priorities
from sitekit.fast_ablog import excerpt_holding

EXCERPT_LENGTH = 300  # characters: about 50 words, two or three sentences
PROSE_WORDS = 8
ELLIPSIS = "\u2026"
PENDING = "sitekit_excerpts"  # this page's excerpts, between the two doctree-read handlers

# Text ---------------------------------------------------------------------------------

_SPACES = re.compile(r"\s+")
# Markup characters docutils left as text: Markdown emphasis around words (``_word_``,
# ``*word*``, ``**word**``), backticks, and a substitution that was never defined.
OPENING_QUOTES = "\"'\u201c\u2018"
CLOSING_QUOTES = "\"'\u201d\u2019"
_OPENING_MARKS = re.compile(rf"(?<![\w*_\\])[*_]+(?=[\w{OPENING_QUOTES}(\[$\u00a3\u20ac])")
_CLOSING_MARKS = re.compile(rf"(?<=[\w.,;:!?)\]%{CLOSING_QUOTES}])[*_]+(?![\w*_])")
# A marker standing alone: an underscore anywhere, a star at either end (5 * 3 stays).
_LONE_MARKS = re.compile(r"(?:(?<=\s)|^)_+(?=\s|$)|^\*+(?=\s)|(?<=\s)\*+$")
_BACKTICKS = re.compile(r"`+_{0,2}")
_SUBSTITUTION = re.compile(r"\|(?=\S)([^|]*?\S)\|")
_SPACE_BEFORE_PUNCTUATION = re.compile(r"\s+(?=[,.;:!?)\]](?:\s|$))")
_SPACE_AFTER_BRACKET = re.compile(r"(?<=[(\[])\s+")
_URL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|www\.)\S+$", re.IGNORECASE)
_SENTENCE_END = re.compile(rf"[.!?\u2026][{CLOSING_QUOTES})\]]*(?=\s)")
_ABBREVIATION = re.compile(r"(?:\b(?:Mr|Mrs|Ms|Dr|Prof|St|Jr|Sr|vs|etc|e\.g|i\.e|No)|\b\w)\.$")


def clean_text(text: str) -> str:
    """Text without the markup characters a conversion left in it, one space apart."""
    text = _SPACES.sub(" ", text)
    text = _BACKTICKS.sub("", text)
    text = _SUBSTITUTION.sub(r"\1", text)
    text = _OPENING_MARKS.sub("", text)
    text = _CLOSING_MARKS.sub("", text)
    text = _SPACES.sub(" ", _LONE_MARKS.sub("", text))
    text = _SPACE_BEFORE_PUNCTUATION.sub("", text)
    return _SPACE_AFTER_BRACKET.sub("", text)


def reads_as_prose(text: str) -> bool:
    """Whether a paragraph's text is prose a reader can start on: enough words (an
    address is none), or a shorter sentence that ends as one. Not a heading-like line,
    a salutation, a byline, a photo credit or an address alone."""
    words = [word for word in text.split() if any(char.isalpha() for char in word)]
    words = [word for word in words if not _URL.match(word.strip("<>()[].,;:"))]
    if len(words) >= PROSE_WORDS:
        return True
    return len(words) >= 4 and bool(re.search(rf"[.!?][{CLOSING_QUOTES})\]]*$", text.strip()))


def cut_point(text: str, limit: int = EXCERPT_LENGTH) -> tuple[int, str] | None:
    """Where to cut ``text`` longer than ``limit``, and what to add there: after the last
    sentence that ends within the limit and keeps at least half of it, else at the last
    word boundary within it. None when the text fits."""
    if len(text) <= limit:
        return None
    head = text[: limit + 1]
    ends = [
        found.end()
        for found in _SENTENCE_END.finditer(head)
        if found.end() <= limit and not _ABBREVIATION.search(head[: found.end()])
    ]
    if ends and ends[-1] >= limit // 2:
        return ends[-1], " " + ELLIPSIS
    space = head.rfind(" ")
    if space <= 0:
        return limit, ELLIPSIS
    return len(text[:space].rstrip(" ,;:-\u2013\u2014")), ELLIPSIS


# Paragraphs ------------------------------------------------------------------------------

# Where a post's own text is: a paragraph anywhere else is not its text (a table cell,
# a caption, a footnote, an admonition, a docutils message, another extension's block).
TEXT_CONTAINERS = (
    nodes.document,
    nodes.section,
    nodes.block_quote,
    nodes.bullet_list,
    nodes.enumerated_list,
    nodes.list_item,
    nodes.definition_list,
    nodes.definition_list_item,
    nodes.definition,
    nodes.compound,
    nodes.container,
)
# Inline nodes an excerpt drops: marks that point at what the excerpt lacks, pictures,
# and markup for one writer only.
DROPPED = (nodes.footnote_reference, nodes.citation_reference, nodes.image, nodes.raw)


def in_text(paragraph: nodes.paragraph, section: nodes.Element) -> bool:
    node = paragraph.parent
    while node is not None and node is not section:
        if type(node) not in TEXT_CONTAINERS:
            return False
        node = node.parent
    return node is section


def clean_paragraph(paragraph: nodes.paragraph) -> nodes.paragraph:
    """A copy of the paragraph as an excerpt shows it."""
    copy = paragraph.deepcopy()
    for node in list(copy.findall(nodes.Element)):
        if isinstance(node, DROPPED):
            node.parent.remove(node)
        elif isinstance(node, nodes.problematic):  # its message is not in the excerpt
            node.parent.replace(node, nodes.Text(node.astext()))
    _unwrap_angled_addresses(copy)
    _join_texts(copy)
    _space_glued_links(copy)
    for text in list(copy.findall(nodes.Text)):
        if not _is_literal(text):  # astext(): docutils keeps a backslash's escape as \x00
            text.parent.replace(text, nodes.Text(clean_text(text.astext())))
    _trim(copy)
    return copy


def _join_texts(paragraph: nodes.paragraph) -> None:
    """Adjacent texts as one (MyST gives each line its own, and a dropped node leaves
    two), so that markup split between them is seen whole."""
    for element in list(paragraph.findall(nodes.Element)):
        joined: list[nodes.Node] = []
        for child in element.children:
            if isinstance(child, nodes.Text) and joined and isinstance(joined[-1], nodes.Text):
                joined[-1] = nodes.Text(joined[-1].astext() + child.astext())
            else:
                joined.append(child)
        if len(joined) != len(element.children):
            del element[:]
            element.extend(joined)


def _space_glued_links(paragraph: nodes.paragraph) -> None:
    """``attend`CubaConf <address>`_``: reST starts no link right after a letter, so a
    link glued to the word before it is the conversion's; the excerpt spaces them."""
    for link in list(paragraph.findall(nodes.reference)):
        parent = link.parent
        at = parent.index(link)
        before = parent[at - 1] if at else None
        if (
            isinstance(before, nodes.Text)
            and before.astext()[-1:].isalnum()
            and link.astext()[:1].isalnum()
            and link.astext() != link.get("refuri")
        ):
            parent.replace(before, nodes.Text(before.astext() + " "))


def _is_literal(text: nodes.Text) -> bool:
    """Code, or an address shown as itself: its characters are what they are."""
    node = text.parent
    while node is not None:
        if isinstance(node, (nodes.literal, nodes.FixedTextElement)):
            return True
        if isinstance(node, nodes.reference) and node.astext() == node.get("refuri"):
            return True
        node = node.parent
    return False


def _unwrap_angled_addresses(paragraph: nodes.paragraph) -> None:
    """``<address>`` loses its brackets. After the words that link to it (a reST link the
    conversion broke: ``words <address>`_``) it goes altogether: the words say it."""
    for link in list(paragraph.findall(nodes.reference)):
        parent = link.parent
        if link.astext() != link.get("refuri") or parent is None:
            continue
        at = parent.index(link)
        before = parent[at - 1] if at > 0 else None
        after = parent[at + 1] if at + 1 < len(parent) else None
        if not (isinstance(before, nodes.Text) and isinstance(after, nodes.Text)):
            continue
        if not (before.rstrip().endswith("<") and after.lstrip().startswith(">")):
            continue
        rest = after.lstrip()[1:]
        broken_link = re.match(r"`_{1,2}", rest) is not None
        opening = before.rstrip()[:-1]
        parent.replace(before, nodes.Text(opening if broken_link else opening + " "))
        parent.replace(after, nodes.Text(re.sub(r"^`_{1,2}", "", rest)))
        if broken_link:
            parent.remove(link)


def _trim(paragraph: nodes.paragraph) -> None:
    """One space between words, across nodes too, none at either end, and no empty
    emphasis or link left by the cleaning."""
    for element in list(paragraph.findall(nodes.Inline)):
        if isinstance(element, nodes.Element) and not element.astext().strip():
            element.parent.remove(element)
    after_space = True  # at the start, as after a space: no leading space
    for text in list(paragraph.findall(nodes.Text)):
        said = text.astext()
        trimmed = said.lstrip(" ") if after_space else said
        if trimmed != text:
            text.parent.replace(text, nodes.Text(trimmed))
        after_space = trimmed.endswith(" ") if trimmed else after_space
    texts = list(paragraph.findall(nodes.Text))
    if texts and texts[-1].astext() != texts[-1].astext().rstrip():
        texts[-1].parent.replace(texts[-1], nodes.Text(texts[-1].astext().rstrip()))


def cut(paragraphs: list[nodes.paragraph], limit: int = EXCERPT_LENGTH) -> None:
    """Cut the excerpt, in place, to ``limit`` characters of text in all: inside its
    first paragraph, or at the end of the last paragraph that fits."""
    room = limit
    for index, paragraph in enumerate(paragraphs):
        text = paragraph.astext()
        if index and len(text) > room:
            del paragraphs[index:]
            paragraphs[-1] += nodes.Text(" " + ELLIPSIS)
            return
        place = cut_point(text, room)
        if place is not None:
            _cut_paragraph(paragraph, *place)
            del paragraphs[index + 1 :]
            return
        room -= len(text)


def _cut_paragraph(paragraph: nodes.paragraph, at: int, ending: str) -> None:
    seen = 0
    for text in list(paragraph.findall(nodes.Text)):
        said = text.astext()
        if seen + len(said) >= at:
            kept = nodes.Text(said[: at - seen])
            text.parent.replace(text, kept)
            _remove_after(kept, paragraph)
            break
        seen += len(said)
    _trim(paragraph)
    paragraph += nodes.Text(ending)


def _remove_after(node: nodes.Node, paragraph: nodes.paragraph) -> None:
    while node is not paragraph:
        parent = node.parent
        del parent[parent.index(node) + 1 :]
        node = parent


def choose(section: nodes.Element, count: int) -> list[nodes.paragraph]:
    """The excerpt's paragraphs: the first ``count`` that read as prose, cleaned and cut;
    if none does, the first with any words at all, so that a post has an excerpt."""
    chosen, first_with_words = [], None
    for paragraph in section.findall(nodes.paragraph):
        if not in_text(paragraph, section):
            continue
        copy = clean_paragraph(paragraph)
        if first_with_words is None and any(char.isalnum() for char in copy.astext()):
            first_with_words = copy
        if reads_as_prose(copy.astext()):
            chosen.append(copy)
            if len(chosen) == count:
                break
    if not chosen and first_with_words is not None:
        chosen = [first_with_words]
    cut(chosen)
    # ablog's feed summary joins the paragraphs' text: a space keeps two words apart.
    for paragraph in chosen[1:]:
        paragraph.insert(0, nodes.Text(" "))
    return chosen


# ablog --------------------------------------------------------------------------------------


def _post_section(post: PostNode, doctree: nodes.document, several: bool) -> nodes.Element:
    """The part of the page ablog takes a post's excerpt from (ablog's process_posts)."""
    return post.parent if several else doctree


def make_excerpts(app: Sphinx, doctree: nodes.document) -> None:
    """Before ablog reads the post directives: the excerpt of each post ablog would give
    an automatic one, by its place among the page's posts."""
    posts = list(doctree.findall(PostNode))
    several = len(posts) > 1 or app.config.post_always_section
    made: dict[int, list[nodes.paragraph]] = {}
    for order, post in enumerate(posts, start=1):
        count = post.get("excerpt")
        count = app.config.post_auto_excerpt if count is None else count
        if post.children or not count:
            continue  # the post directive's own text is its excerpt, or it wants none
        made[order] = choose(_post_section(post, doctree, several), count)
    app.env.current_document[PENDING] = made


def use_excerpts(app: Sphinx, doctree: nodes.document) -> None:
    """After ablog: its excerpt's paragraphs replaced by these (its image stays)."""
    made: dict[int, list[nodes.paragraph]] = app.env.current_document.pop(PENDING, {})
    for info in getattr(app.env, "ablog_posts", {}).get(app.env.docname, []):
        if info["order"] in made:
            others = [node for node in info["excerpt"] if not isinstance(node, nodes.paragraph)]
            info["excerpt"] = made[info["order"]] + others


def title_untitled_links(app: Sphinx, env: BuildEnvironment) -> None:
    """Once every page is read, in every build: a ``:doc:`` link with no title in an
    excerpt holds the title Sphinx will show, so the feed's text says it too."""
    for infos in getattr(env, "ablog_posts", {}).values():
        for info in infos:
            excerpt = excerpt_holding(info, addnodes.pending_xref)
            if excerpt is None:
                continue
            for root in excerpt:
                for xref in list(root.findall(addnodes.pending_xref)):
                    _title(env, xref)


def _title(env: BuildEnvironment, xref: addnodes.pending_xref) -> None:
    if xref.get("reftype") != "doc" or xref.get("refexplicit") or not xref.get("reftarget"):
        return
    target = docname_join(xref.get("refdoc", ""), xref["reftarget"])
    title = env.titles.get(target)
    if title is None:
        return
    shown = clean_astext(title)
    if xref.astext() != shown:
        inner: Any = xref[0] if len(xref) and isinstance(xref[0], nodes.Element) else xref
        del inner[:]
        inner += nodes.Text(shown)


def setup(app: Sphinx) -> None:
    internals.check(__name__, app)
    app.connect("doctree-read", make_excerpts, priority=priorities.CHOOSE_EXCERPTS)
    app.connect("doctree-read", use_excerpts, priority=priorities.USE_EXCERPTS)
    app.connect("env-updated", title_untitled_links)
