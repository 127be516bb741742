"""The archive's Blogger addresses: where each post came from, and links between posts.

Every archive post opens with a line saying where Blogger had it; it becomes the
site's ``provenance`` directive. A link to another post of the archive goes to the
site's copy of that post; a link to a Blogger page the archive lacks (a label, a
feed, the home page, a post it does not hold) stays as it is and is counted. Each
post's ``.. post::`` directive gets its old Blogger path as a ``:redirect:``, so
ablog writes a page there that sends readers on.

Only links in prose are rewritten: literal blocks, inline literals, comments and
directives' own lines are no links. Pure text in, text out: no Sphinx here.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from docutils.nodes import fully_normalize_name, make_id

from archive.markup import may_follow_markup, may_precede_markup

# The blog's own host, with the country domains Blogger served it under too
# (pyfound.blogspot.co.uk, .ca, .com.tr in the archive).
HOST = r"(?:www\.)?pyfound\.blogspot\.(?:com(?:\.[a-z]{2})?|co\.[a-z]{2}|[a-z]{2})"
_HOST = re.compile(rf"(?i){HOST}")
_HOST_NAME = "pyfound.blogspot."  # in every address HOST matches
_POST_PATH = re.compile(r"/(?P<year>\d{4})/(?P<month>\d{2})/(?P<slug>[\w.~-]+)\.html")

PROVENANCE = "Blogger provenance lines, as provenance"
MADE_LOCAL = "links to archive posts, made local"
ANCHOR_LACKING = "links to an anchor an archive post lacks, made links to the post"
REDIRECTS = "old Blogger addresses, as redirects"

# Kinds of Blogger page the archive has no copy of, by their path.
LEFT_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("labels", re.compile(r"^/search/label/")),
    ("searches", re.compile(r"^/search(?:/|$)")),
    ("feeds", re.compile(r"^/feeds(?:/|$)")),
    ("home page", re.compile(r"^/?$")),
    ("date archives", re.compile(r"^/(?:\d{4}_\d{2}_\d{2}_archive\.html|\d{4}/(?:\d{2}/?)?)$")),
    ("posts not in the archive", _POST_PATH),
    ("other pages", re.compile("")),
)


@dataclass(frozen=True)
class Address:
    """A Blogger address taken apart: the post it names (``YYYY/MM/slug``), if any."""

    url: str
    post: str | None
    fragment: str
    kind: str  # one of LEFT_KINDS' names, should the link stay


def blogger_address(url: str) -> Address | None:
    """``url`` as a Blogger address of the PSF's blog, or None if it is another site's.
    The scheme, ``www.``, the country domain and the query (``?m=1``, Blogger's
    mobile view) make no other page."""
    if _HOST_NAME not in url.lower():  # most links: the cheap answer, before urlsplit
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not _HOST.fullmatch(parts.netloc):
        return None
    post = _POST_PATH.fullmatch(parts.path)
    kind = next(name for name, pattern in LEFT_KINDS if pattern.match(parts.path))
    old_path = f"{post['year']}/{post['month']}/{post['slug']}" if post else None
    return Address(url, old_path, parts.fragment, kind)


# Provenance -------------------------------------------------------------------------

_PROVENANCE = re.compile(
    r"(?im)^(?P<mark>[*_]?)This\s+was\s+originally\s+posted\s+on\s+blogger(?P=mark)"
    r"\s+`here\s*<(?P<url>[^<>`]+)>`__?[ \t]*\.?[ \t]*(?=\n[ \t]*\n|\n?\Z)"
)
_PARAGRAPH_START = re.compile(r"(?:\A|\n)[ \t]*\n\Z")


def provenance(text: str) -> tuple[str, int]:
    """The paragraph naming the post's Blogger address becomes the ``provenance``
    directive, with that address whole (the converter wrapped long lines) and https.
    Only the first such paragraph: a post has one origin."""

    def directive(match: re.Match[str]) -> str:
        url = re.sub(r"\s+", "", match["url"])
        address = blogger_address(url)
        before = text[: match.start()]
        whole_paragraph = not before or _PARAGRAPH_START.search(before)
        if address is None or address.post is None or not whole_paragraph or changed:
            return match[0]
        changed.append(match.start())
        line = f".. provenance:: {re.sub(r'(?i)^http:', 'https:', url)}"
        following = re.search(r"\S", text[match.end() :])
        if following and _indent(_line_at(text, match.end() + following.start())):
            # Indented text after a directive is its content: an empty comment ends it.
            line += "\n\n.."
        return line

    changed: list[int] = []
    return _PROVENANCE.sub(directive, text), len(changed)


def _line_at(text: str, at: int) -> str:
    start = text.rfind("\n", 0, at) + 1
    end = text.find("\n", at)
    return text[start : end if end >= 0 else len(text)]


# Old addresses --------------------------------------------------------------------------

_POST_DIRECTIVE = re.compile(r"^\.\. post::.*$", re.M)


def redirect(text: str, old_path: str) -> tuple[str, int]:
    """Give the post directive ``:redirect: old_path`` unless it names a redirect."""
    directive = _POST_DIRECTIVE.search(text)
    if directive is None:
        return text, 0
    lines = text[directive.end() + 1 :].split("\n")
    options = 0
    while options < len(lines) and lines[options][:1] in (" ", "\t") and lines[options].strip():
        options += 1
    if any(re.match(r"\s+:redirect:", line) for line in lines[:options]):
        return text, 0
    option_lines = [line for line in lines[:options] if line.lstrip().startswith(":")]
    indent = re.match(r"\s*", option_lines[0])[0] if option_lines else "   "
    at = directive.end() + 1 + sum(len(line) + 1 for line in lines[:options])
    if directive.end() == len(text):  # the directive is the file's last line
        return f"{text}\n{indent}:redirect: {old_path}", 1
    return f"{text[:at]}{indent}:redirect: {old_path}\n{text[at:]}", 1


# Where links are: prose, and not literal text ----------------------------------------------

_LITERAL_DIRECTIVES = {"code", "code-block", "sourcecode", "literalinclude", "raw", "math"}
# Directives whose argument is text that may hold links.
_PROSE_ARGUMENT = {"replace", "note", "warning", "tip", "important", "hint", "caution", "danger"}
_PROSE_ARGUMENT |= {"error", "attention", "admonition", "topic", "sidebar", "rubric"}
_EXPLICIT = re.compile(r"^(?P<indent>[ \t]*)\.\.(?:[ \t]+(?P<rest>.*))?$")
_DIRECTIVE = re.compile(r"(?:\|[^|]+\|[ \t]+)?(?P<name>[\w:.+-]+)::(?:[ \t]|$)")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _kept_lines(lines: list[str]) -> list[bool]:
    """Which lines hold no prose: literal blocks, comments, and the argument and
    option lines of directives and link targets (their content is prose, unless the
    directive is a literal one)."""
    kept = [False] * len(lines)
    index = 0
    while index < len(lines):
        line = lines[index]
        explicit = _EXPLICIT.match(line)
        if explicit:
            rest = explicit["rest"] or ""
            directive = _DIRECTIVE.match(rest)
            block_indent = len(explicit["indent"])
            if not rest and (index + 1 == len(lines) or not lines[index + 1].strip()):
                kept[index] = True  # an empty comment ends what is before it, no more
                index += 1
                continue
            end = _block_end(lines, index, block_indent)
            if rest.startswith("[") or (directive and directive["name"].lower() in _PROSE_ARGUMENT):
                index += 1  # a footnote, a substitution's text, an admonition: prose
                continue
            if directive and directive["name"].lower() not in _LITERAL_DIRECTIVES:
                end = _options_end(lines, index, block_indent)
            for at in range(index, end):
                kept[at] = True
            index = max(end, index + 1)
            continue
        if line.rstrip().endswith("::") and not line.lstrip().startswith(".."):
            end = _block_end(lines, index, _indent(line))
            for at in range(index + 1, end):
                kept[at] = True
            index = max(end, index + 1)
            continue
        if line.lstrip().startswith(">>>"):
            while index < len(lines) and lines[index].strip():
                kept[index] = True
                index += 1
            continue
        index += 1
    return kept


def _block_end(lines: list[str], start: int, indent: int) -> int:
    """The line after the block indented further than ``indent`` that follows ``start``."""
    end = start + 1
    while end < len(lines) and (not lines[end].strip() or _indent(lines[end]) > indent):
        end += 1
    while end > start + 1 and not lines[end - 1].strip():
        end -= 1
    return end


def _options_end(lines: list[str], start: int, indent: int) -> int:
    """The line after a directive's argument and options (its first blank line)."""
    end = start + 1
    while end < len(lines) and lines[end].strip() and _indent(lines[end]) > indent:
        end += 1
    return end


def _prose(text: str) -> Iterator[tuple[bool, str]]:
    """The text in runs of lines, each run prose or not."""
    lines = text.split("\n")
    kept = _kept_lines(lines)
    start = 0
    for index in range(1, len(lines) + 1):
        if index == len(lines) or kept[index] != kept[start]:
            yield not kept[start], "\n".join(lines[start:index])
            start = index


# Links ------------------------------------------------------------------------------------

_ADDRESS = rf"https?://{HOST}(?![\w-])(?:[/?#][^\s<>`]*)?"
_LINKS = re.compile(
    # `text <address>`_ and `text <address>`__: the text may be empty or run over lines.
    # The converter put some links' spaces inside them (``support` pip <url>`_``).
    r"(?<![`\\])`(?P<lead>\s*)(?P<text>(?:[^`\\]|\\.)*?)(?P<space>\s*)<(?P<url>[^<>`]+)>`"
    r"(?P<tail>__?)"
    # <address>: Markdown's own link, which the converter left, wrapped or not.
    rf"|(?<![\\`])<(?P<angled>(?i:{_ADDRESS})(?:\n[ \t]*[^\s<>`]+)*)>(?!`)"
    # A bare address, which docutils makes a link (without what ends the sentence).
    rf"|(?<![\w/.@%\\<-])(?P<bare>(?i:{_ADDRESS}))",
    re.S,
)
_INLINE_LITERAL = re.compile(r"(?<![\\`])``(?!\s).*?(?<=\S)``(?![`\w])", re.S)
_TRAILING = ".,;:!?)]'\""


@dataclass
class Links:
    """A post's text with its links rewritten, what was rewritten, and what stays."""

    text: str
    rewritten: Counter[str] = field(default_factory=Counter)
    left: Counter[str] = field(default_factory=Counter)


def anchors(text: str) -> dict[str, str]:
    """The post's own anchors (HTML ids) and the target names that make them:
    ``.. _name:`` lines and ``_`name``` inline targets."""
    names = re.findall(r"^[ \t]*\.\. _(?:`([^`]+)`|([^:`][^:]*)):[ \t]*$", text, re.M)
    names = [quoted or plain for quoted, plain in names]
    names += re.findall(r"(?<![\w`\\])_`([^`]+)`", text)
    return {make_id(name): fully_normalize_name(name) for name in names}


def local_links(text: str, own: str, posts: Mapping[str, Mapping[str, str]]) -> Links:
    """Links to posts the archive holds (``posts``: old path -> its anchors) made to
    the site's copies; ``own`` is this post's old path. Sphinx's ``:doc:`` role checks
    each link at build time and writes the right address for every builder (html and
    dirhtml differ).

    A link to a place in a post (``#fragment``) has no such role: ``:doc:`` takes no
    fragment, and a relative address holds for the html builder only. The fragment
    names an anchor in Blogger's HTML, and the converter kept none, so:

    - a link within the post itself is ``#fragment``, which every builder leaves
      pointing at the page it is in;
    - a link to an anchor the other post defines (``.. _name:``) is ``:ref:``, which
      Sphinx resolves to that post and anchor;
    - a link to an anchor the other post lacks goes to the post (``:doc:``): its
      anchor is nowhere on the site.
    """
    result = Links(text)
    pieces = []
    for is_prose, piece in _prose(text):
        if is_prose:
            piece = _rewrite_prose(piece, own, posts, result)
        else:
            _count_targets(piece, posts, result)
        pieces.append(piece)
    result.text = "\n".join(pieces)
    return result


def _rewrite_prose(
    piece: str, own: str, posts: Mapping[str, Mapping[str, str]], result: Links
) -> str:
    literals: list[str] = []

    def hide(match: re.Match[str]) -> str:
        literals.append(match[0])
        return f"\x02{len(literals) - 1}\x02"

    def rewrite(match: re.Match[str]) -> str:
        lead = match["lead"] or ""
        if match["url"] is not None:
            if match["text"] and not match["space"]:
                return match[0]  # no space before <: docutils reads it all as a name
            url, text, after = re.sub(r"\s+|\\(?=.)", "", match["url"]), match["text"], ""
        else:
            raw = match["angled"] or match["bare"]
            url, text, after = re.sub(r"\s+", "", raw), "", ""
            if match["bare"]:
                kept = raw.rstrip(_TRAILING)
                url, after = kept, raw[len(kept) :]
        address = blogger_address(url)
        if address is None:
            return match[0]
        if address.post not in posts:
            result.left[address.kind] += 1
            return match[0]
        title = "" if _is_address_of(text, address.post) else text
        link, kind = _local(title, match["tail"] or "_", address, own, posts[address.post])
        result.rewritten[kind] += 1
        # A role glued to a word is no role: an escaped space between them prints as
        # nothing (the link may have been none for the same reason).
        before = lead[-1:] or match.string[match.start() - 1 : match.start()]
        following = (after or match.string[match.end() :])[:1]
        glue_before = "" if may_precede_markup(before) else "\\ "
        glue_after = "" if may_follow_markup(following) else "\\ "
        return lead + glue_before + link + glue_after + after

    hidden = _INLINE_LITERAL.sub(hide, piece)
    rewritten = _LINKS.sub(rewrite, hidden)
    return re.sub("\x02(\\d+)\x02", lambda m: literals[int(m[1])], rewritten)


def _local(
    title: str, tail: str, address: Address, own: str, post_anchors: Mapping[str, str]
) -> tuple[str, str]:
    """The reST for a link to the site's copy of ``address``, and its repair kind."""
    document = f"/posts/{address.post}"
    if address.fragment and address.post == own:
        return f"`{title or address.url} <#{address.fragment}>`{tail}", MADE_LOCAL
    if address.fragment in post_anchors:
        label = post_anchors[address.fragment]
        return f":ref:`{_role_title(title or address.url)} <{label}>`", MADE_LOCAL
    kind = ANCHOR_LACKING if address.fragment else MADE_LOCAL
    if not title:
        return f":doc:`{document}`", kind  # Sphinx shows the post's title
    return f":doc:`{_role_title(title)} <{document}>`", kind


def _role_title(title: str) -> str:
    """A link's text, escaped as a role's explicit title: a ``!`` first makes the role
    no link, and a ``<`` could be taken for the target's."""
    out = []
    index = 0
    while index < len(title):
        char = title[index]
        if char == "\\":
            out.append(title[index : index + 2])
            index += 2
            continue
        out.append("\\" + char if char == "<" or (char == "!" and not out) else char)
        index += 1
    return "".join(out)


def _is_address_of(text: str, post: str) -> bool:
    """Whether a link's text is the address itself (then the post's title reads better)."""
    if not text.strip():
        return True
    address = blogger_address(re.sub(r"\s+|\\(?=.)", "", text))
    return address is not None and address.post == post


_TARGET_ADDRESS = re.compile(rf"(?i)(?:^|[\s:])(?P<url>{_ADDRESS})")


def _count_targets(piece: str, posts: Mapping[str, object], result: Links) -> None:
    """Blogger addresses in link targets (``.. _name: address``, an image's
    ``:target:``) stay as written: count them, except the provenance directive's."""
    for line in piece.split("\n"):
        if re.match(r"\s*\.\. provenance::", line):
            continue
        if not re.match(r"\s*(?:\.\. _[^:]|:target:)", line):
            continue
        for match in _TARGET_ADDRESS.finditer(line):
            address = blogger_address(match["url"].rstrip(_TRAILING))
            if address:
                held = "posts in link targets" if address.post in posts else address.kind
                result.left[held] += 1


def left_summary(left: Counter[str]) -> str:
    """``Blogger links left: N (labels M, feeds K, ...)``, kinds in LEFT_KINDS' order."""
    order = [name for name, _ in LEFT_KINDS] + ["posts in link targets"]
    kinds = ", ".join(f"{name} {left[name]}" for name in order if left[name])
    return f"Blogger links left: {sum(left.values())}" + (f" ({kinds})" if kinds else "")
