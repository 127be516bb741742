"""Repairs for the damage the Blogger-to-reST conversion left in the archive's posts.

Each repair is a pure function from a post's text to its repaired text and the
number of places it changed. A repair touches only text that matches its pattern
exactly, and applying it twice changes nothing more. The order matters where one
repair makes the shape another looks for (block quotes before images, images
before tables, since a captioned image is a one-column table).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from archive.blogger_links import PROVENANCE, provenance

Repair = Callable[[str], tuple[str, int]]


@dataclass(frozen=True)
class RepairKind:
    name: str  # shown in the summary, one per kind
    repair: Repair


def _close(out: list[str], indent: str, rest: list[str]) -> None:
    """End a directive or literal block with an empty comment when the next text is
    indented further: reST would otherwise read that text as the block's content."""
    following = next((line for line in rest if line.strip()), "")
    if len(following) - len(following.lstrip()) > len(indent):
        out.extend([f"{indent}..", ""])


def _indent_of(line: str) -> int:
    return len(line) - len(line.lstrip())


# Stray field lines before the post directive ------------------------------------

_FIELD = re.compile(r"^:[\w-]+:.*$")


def stray_fields(text: str) -> tuple[str, int]:
    """Field lines above ``.. post::`` become front matter, which gives ablog a second
    post node (and a loop); the directive already says everything they could."""
    lines = text.split("\n")
    head = 0
    while head < len(lines) and (not lines[head].strip() or _FIELD.match(lines[head])):
        head += 1
    if head == len(lines) or not lines[head].startswith(".. post::"):
        return text, 0
    fields = sum(1 for line in lines[:head] if _FIELD.match(line))
    if not fields:
        return text, 0
    return "\n".join(lines[head:]), fields


# Markdown block quotes --------------------------------------------------------------

_QUOTED = re.compile(r"^>(?!>>)(?: |$)")


def markdown_quotes(text: str) -> tuple[str, int]:
    """``> text`` lines, left as Markdown, print their ``>``; indent them instead."""
    lines = text.split("\n")
    out: list[str] = []
    count = 0
    index = 0
    while index < len(lines):
        if not _QUOTED.match(lines[index]):
            out.append(lines[index])
            index += 1
            continue
        count += 1
        if out and out[-1].strip():
            out.append("")
        previous = ""
        while index < len(lines) and _QUOTED.match(lines[index]):
            body = lines[index][2:] if lines[index].startswith("> ") else ""
            if previous.endswith("  ") and previous.strip():
                # After a Markdown line break, spaces before the next line are no indent.
                body = body.lstrip()
            out.append("    " + body if body.strip() else "")
            previous = body
            index += 1
        if index < len(lines) and lines[index].strip():
            out.append("")
    return "\n".join(out), count


# Images -------------------------------------------------------------------------------

_URL = r"(?:[^()\s<>`]|\s*\n\s*|\([^()\s]*\))+"
# `![alt <src>`_](target): Blogger's linked image, half Markdown, half reST.
_LINKED_IMAGE = re.compile(
    r"_?`!\[(?P<alt>[^\]`<]*?)\s*<(?P<src>[^<>`]+)>`_\]\((?P<target>" + _URL + r")\)"
)
# ![alt](src "title"): a plain Markdown image.
_PLAIN_IMAGE = re.compile(
    r"(?<!`)!\[(?P<alt>[^\]`<]*)\]\((?P<src>" + _URL + r")(?:\s+\"(?P<title>[^\"]*)\")?\)"
)
# !`alt <src>`_: an image whose Markdown the converter half made a link.
_HALF_LINK_IMAGE = re.compile(r"(?<![\w`\\])!`(?P<alt>[^`<]*?)\s*<(?P<src>[^<>`]+)>`_{1,2}")
# An image's file name or address is no description of it.
_NAME_ONLY = re.compile(r"(?i)^(?:\S+\.(?:jpe?g|png|gif|webp|svg|bmp)|https?://\S+|\S*_\d+\S*)$")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")


def _whole_url(url: str) -> str:
    """The converter wrapped long addresses at 80 columns; the break is no part of them."""
    return re.sub(r"\s*\n\s*", "", url).strip()


def _plain(text: str) -> str:
    """Alt text as a reader hears it: no markup, no Markdown escapes, one line."""
    text = re.sub(r"\\(.)", r"\1", text)
    text = re.sub(r"`([^`<]*?)\s*<[^>]*>`_+", r"\1", text)
    text = re.sub(r"[*`]|(?<!\w)_|_(?!\w)", "", text)
    return " ".join(text.split())


# The alt text of a picture nothing describes, alone in its link to the full size: a
# linked image names its link, so it cannot be decorative (an empty alt leaves the link
# with no name); it says where the link goes.
LINKED_PICTURE = "Open the full-size picture"


def _image_block(indent: str, src: str, alt: str, target: str, caption: list[str]) -> list[str]:
    directive = "figure" if caption else "image"
    alt = alt or (LINKED_PICTURE if target else "")
    block = [f"{indent}.. {directive}:: {src}", f"{indent}   :alt: {alt}".rstrip()]
    if target:
        block.append(f"{indent}   :target: {target}")
    if caption:
        block.append("")
        block.extend(f"{indent}   {line.strip()}" for line in caption)
    return ["", *block, ""]


def images(text: str) -> tuple[str, int]:
    """Markdown images render as their own source text; make them images. A linked
    image keeps its link to the full size; a caption (the one-column table Blogger
    puts under an image) becomes the figure's caption and its alt text; an image with
    nothing to say names the link it sits in (LINKED_PICTURE)."""
    found: list[dict[str, str]] = []

    def note(match: re.Match[str]) -> str:
        groups = match.groupdict()
        alt = _plain(groups.get("alt") or "") or _plain(groups.get("title") or "")
        alt = "" if _NAME_ONLY.match(alt) else alt
        src = _whole_url(groups["src"])
        target = _whole_url(groups.get("target") or "")
        found.append({"src": src, "alt": alt, "target": target or src})
        return f"\x00{len(found) - 1}\x00"

    marked = _LINKED_IMAGE.sub(note, text)
    marked = _PLAIN_IMAGE.sub(note, marked)
    marked = _HALF_LINK_IMAGE.sub(note, marked)
    if not found:
        return text, 0

    lines = marked.split("\n")
    out: list[str] = []
    substitutions: list[str] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        alone = re.fullmatch(r"(\s*)\|?\s*\x00(\d+)\x00\s*\|?\s*", line)
        if alone:
            image = found[int(alone[2])]
            caption: list[str] = []
            after = index + 1
            if after < len(lines) and _TABLE_RULE.match(lines[after]) and "|" not in lines[after]:
                after += 1
                while after < len(lines) and lines[after].strip():
                    caption.append(lines[after].strip().strip("|").strip())
                    after += 1
                    if caption[-1] == "" or lines[after - 1].endswith("  "):
                        break
                caption = [line for line in caption if line]
            alt = image["alt"] or _plain(wrapped_links(" ".join(caption))[0])
            out.extend(_image_block(alone[1], image["src"], alt, image["target"], caption))
            _close(out, alone[1], lines[after:])
            index = after
            continue
        out.append(
            re.sub(
                r"(.?)\x00(\d+)\x00(.?)",
                lambda m: _inline_image(m, found, substitutions),
                line,
            )
        )
        index += 1
    if substitutions:
        out.extend(["", *substitutions])
    return "\n".join(out), len(found)


def _inline_image(match: re.Match[str], found: list[dict[str, str]], defs: list[str]) -> str:
    before, number, after = match[1], int(match[2]), match[3]
    image = found[number]
    name = f"blogger-image-{number + 1}"
    defs.append(f".. |{name}| image:: {image['src']}")
    alt = image["alt"] or (LINKED_PICTURE if image["target"] else "")
    defs.append(f"   :alt: {alt}".rstrip())
    if image["target"]:
        defs.append(f"   :target: {image['target']}")
    glue_before = "" if not before or before.isspace() else "\\ "
    glue_after = "" if not after or after.isspace() else "\\ "
    return f"{before}{glue_before}|{name}|{glue_after}{after}"


# Markdown pipe tables --------------------------------------------------------------------


def _cells(row: str) -> list[str]:
    row = row.strip()
    if row.startswith("|"):
        row = row[1:]
    if row.endswith("|"):
        row = row[:-1]
    return [cell.strip() for cell in re.split(r"(?<!\\)\|", row)]


def _header_rule(lines: list[str], index: int) -> int | None:
    """The line of the ``---|---`` rule under a header row starting at ``index``."""
    if "|" not in lines[index] or _TABLE_RULE.match(lines[index]):
        return None
    for below in range(index + 1, min(index + 4, len(lines))):
        line = lines[below]
        if _TABLE_RULE.match(line) and "|" in line:
            return below
        if not line.strip() or "|" in line:
            return None
    return None


def pipe_tables(text: str) -> tuple[str, int]:
    """``a | b`` over ``---|---`` is a Markdown table; reST shows it as text, and reads
    ``|---|`` as a substitution. Make each one a list-table with a header row."""
    lines = text.split("\n")
    out: list[str] = []
    count = 0
    index = 0
    while index < len(lines):
        rule = _header_rule(lines, index)
        if rule is None:
            out.append(lines[index])
            index += 1
            continue
        indent = re.match(r"\s*", lines[index])[0]
        rows = [_cells(lines[index])]
        if rule > index + 1:  # a header the converter wrapped at 80 columns
            rows[0][-1] = _joined([rows[0][-1], *lines[index + 1 : rule]])
        index = rule + 1
        while index < len(lines) and lines[index].strip():
            if "|" in lines[index]:
                rows.append(_cells(lines[index]))
            else:  # a row the converter wrapped at 80 columns
                rows[-1][-1] = f"{rows[-1][-1]} {lines[index].strip()}".strip()
            index += 1
        width = max(len(row) for row in rows)
        if out and out[-1].strip():
            out.append("")
        out.extend([f"{indent}.. list-table::", f"{indent}   :header-rows: 1", ""])
        for row in rows:
            row = row + [""] * (width - len(row))
            for column, cell in enumerate(row):
                bullet = "* -" if column == 0 else "  -"
                out.append(f"{indent}   {bullet} {cell}".rstrip())
        out.append("")
        _close(out, indent, lines[index:])
        count += 1
    return "\n".join(out), count


# Code and preformatted text ----------------------------------------------------------------

_CODE_LINE = re.compile(
    r"""^\s*(?:def\s|class\s|import\s|from\s\S+\simport|return\b|async\s|await\s|if\s.*:$|
    for\s.*:$|while\s.*:$|with\s.*:$|try:|except\b|elif\b|else:|raise\s|yield\b|print\(|
    >>>|\.\.\.\s|\$\s|\#include|[{}]\s*$|.*;\s*$|\#\s|@\w|[\w.\[\]]+\s*=\s|\w+\(.*\)\s*$|
    \)\s*(?:->.*)?:?\s*$|case\s.*:$|match\s.*:$|Traceback|\w*Error\b|\^+\s*$)""",
    re.X,
)


def _looks_like_code(lines: list[str]) -> bool:
    content = [line for line in lines if line.strip()]
    if len(content) < 2:
        return False
    if re.match(r"\s*(?:[*+-]|\d+\.)\s", content[0]):
        return False
    code = sum(1 for line in content if _CODE_LINE.match(line.rstrip()))
    return code * 2 >= len(content)


def _literal(lines: list[str], indent: str = "") -> list[str]:
    body = [line.rstrip() for line in lines]
    while body and not body[-1].strip():
        body.pop()
    margin = min(len(line) - len(line.lstrip()) for line in body if line.strip())
    return [f"{indent}::", "", *(f"{indent}    {line[margin:]}".rstrip() for line in body), ""]


def code_blocks(text: str) -> tuple[str, int]:
    """Blogger's <pre> became lines with Markdown line breaks (two trailing spaces),
    which reST reads as paragraphs, block quotes and definition lists; and indented
    code after a plain paragraph became a block quote. Both become literal blocks."""
    lines = text.split("\n")
    out: list[str] = []
    count = 0
    index = 0
    while index < len(lines):
        line = lines[index]
        starts_block = line.strip() and (index == 0 or not lines[index - 1].strip())
        if not starts_block or line.startswith(("..", "   :")) or line.lstrip().startswith("::"):
            out.append(line)
            index += 1
            continue
        end = index
        indented = line.startswith((" ", "\t"))
        # An indented block runs on over blank lines while it stays indented.
        while end < len(lines) and (
            lines[end].strip()
            or (
                indented
                and end + 1 < len(lines)
                and lines[end + 1].startswith((" ", "\t"))
                and lines[end + 1].strip()
            )
        ):
            if indented and lines[end].strip() and not lines[end].startswith((" ", "\t")):
                break
            end += 1
        block = lines[index:end]
        broken = sum(1 for item in block if item.endswith("  ")) * 2 >= len(block)
        previous = next((item for item in reversed(out) if item.strip()), "")
        after_literal_marker = previous.rstrip().endswith("::")
        if (
            (broken or indented)
            and _looks_like_code(block)
            and not after_literal_marker
            and not _is_list_continuation(out)
        ):
            out.extend(_literal(block))
            _close(out, "", lines[end:])
            count += 1
        else:
            out.extend(block)
        index = end
    return "\n".join(out), count


def _is_list_continuation(out: list[str]) -> bool:
    previous = next((item for item in reversed(out) if item.strip()), "")
    return bool(re.match(r"\s*(?:[*+-]|\d+\.)\s", previous))


# Markdown emphasis --------------------------------------------------------------------------

# The opening and closing markers may differ (``__By the author_``): the converter
# merged an empty emphasis into the one beside it.
_UNDERSCORE_EMPHASIS = re.compile(
    r"(?<![\w\\`*_/:.=])_{1,2}(?=[^\s_])(?P<body>[^_`<>|*\n\x01]+(?:\n[^_`<>|*\n\x01]+){0,3})(?<=[^\s\\])_{1,2}(?![\w`])"
)
_UNDERSCORE_STRONG = re.compile(
    r"(?<![\w\\`*_/:.=-])__(?=[^\s_])(?P<body>[^_`<>|*\n\x01]+)(?<=\S)__(?![\w`])"
)


# *words  *next: the converter kept the space inside the closing marker, which reST
# then cannot see as closing; a line of markers alone is an empty <em> or <strong>.
_SPACE_INSIDE_CLOSE = re.compile(
    r"(?<![*\w\\])(\*{1,2})(?=\S)([^*\n]*?\S)([ \t]+)\1(?=\w|[ \t]*$)", re.M
)
_MARKERS_ALONE = re.compile(r"^[ \t]*(?:\*{1,3}|_{1,2})[ \t]*$", re.M)


def emphasis_markers(text: str) -> tuple[str, int]:
    """Emphasis that closes after a space, and emphasis around nothing."""
    text, inside = _SPACE_INSIDE_CLOSE.subn(r"\1\2\1\3", text)
    text, alone = _MARKERS_ALONE.subn("", text)
    return text, inside + alone


_LINK_SPAN = re.compile(r"`[^`]*<[^<>`]*>`__?")


def markdown_emphasis(text: str) -> tuple[str, int]:
    """``_words_`` and ``__words__`` are Markdown; reST reads ``words_`` as a link to
    a target that does not exist."""
    links: list[str] = []

    def hide(match: re.Match[str]) -> str:  # a link's text and address are no prose
        links.append(match[0])
        return f"\x01{len(links) - 1}\x01"

    text = _LINK_SPAN.sub(hide, text)
    text, strong = _UNDERSCORE_STRONG.subn(lambda m: f"**{m['body']}**", text)
    text, emphasis = _UNDERSCORE_EMPHASIS.subn(lambda m: f"*{m['body']}*", text)
    text = re.sub("\x01(\\d+)\x01", lambda m: links[int(m[1])], text)
    return text, strong + emphasis


# Emphasis around links ---------------------------------------------------------------------

_LINK_TEXT = r"`[^`]+?<[^<>`]+>`__?"
_IN_PARAGRAPH = r"(?:[^*\n]|\n(?![ \t]*\n))"
# *`text <url>`_* or *see `text <url>`_ there*: reST nests no markup in emphasis, so
# the whole link prints as source text.
_STARS_AROUND_LINK = re.compile(
    rf"(?<![\w\\*])(?P<mark>\*{{1,2}})(?=\S)(?P<body>{_IN_PARAGRAPH}{{0,400}}?{_LINK_TEXT}"
    rf"{_IN_PARAGRAPH}{{0,400}}?)(?<=\S)(?P=mark)(?![\w*])"
)
# _`text <url>`_ ... _: Markdown emphasis opened just before a link, which reST reads
# as an inline target holding the address as text.
_UNDERSCORE_BEFORE_LINK = re.compile(rf"(?<![\w\\`])_(?={_LINK_TEXT})")
_UNDERSCORE_CLOSER = re.compile(r"(?<=[^\s\\_`])_(?![\w`])")


def emphasis_around_links(text: str) -> tuple[str, int]:
    """Emphasis around a link: reST cannot nest the two, so the emphasis goes and the
    link works."""
    text, stars = _STARS_AROUND_LINK.subn(lambda m: m["body"], text)
    count = 0
    while opener := _UNDERSCORE_BEFORE_LINK.search(text):
        link = re.match(_LINK_TEXT, text[opener.end() :])
        after = opener.end() + link.end()
        text = text[: opener.start()] + text[opener.end() :]
        after -= 1
        if not link[0].endswith("__"):  # the closer is further on, in the paragraph
            paragraph_end = re.search(r"\n[ \t]*\n|\Z", text[after:]).start() + after
            closer = _UNDERSCORE_CLOSER.search(text, after, paragraph_end)
            if closer:
                text = text[: closer.start()] + text[closer.end() :]
        count += 1
    return text, stars + count


# Links --------------------------------------------------------------------------------------

# ``text` <url>`_tail: a literal inside a link, split by the converter (the seed's
# ``pip install`` link is one): the link breaks and the tail glues to it.
_LITERAL_LINK = re.compile(r"``(?P<text>[^`<]+?)`? <(?P<url>[^<>`]+)>`_`?(?P<tail>\w*)")


def literal_links(text: str) -> tuple[str, int]:
    """A link whose text is a literal is a substitution in reST: ``|pip install|_``."""
    definitions: dict[str, str] = {}

    def rewrite(match: re.Match[str]) -> str:
        label = " ".join(match["text"].split())
        url = _whole_url(match["url"])
        name = label
        number = 2
        while definitions.get(name, url) != url:
            name = f"{label} ({number})"
            number += 1
        definitions[name] = url
        tail = f"\\ {match['tail']}" if match["tail"] else ""
        return f"|{name}|_{tail}"

    text, count = _LITERAL_LINK.subn(rewrite, text)
    if count:
        lines = [""]
        for name, url in definitions.items():
            label = re.sub(r" \(\d+\)$", "", name)
            lines.append(f".. |{name}| replace:: ``{label}``")
            lines.append(f".. _`{name}`: {url}")
        text = text.rstrip("\n") + "\n" + "\n".join(lines) + "\n"
    return text, count


# `text <url>`_ whose url holds a space (a wrapped line) or a parenthesis. The converter
# escaped an address's parentheses and put its closing one after the link:
# `C <https://en.wikipedia.org/wiki/C_\(language\>`_) for .../C_(language).
_LINK = re.compile(
    r"(?<!`)`(?P<text>(?:[^`<\\]|\\[^`]|\\`[^`<]*`)*?)(?P<space>\s*)<(?P<url>[^<>`]*)>`"
    r"(?P<tail>_{1,2})"
    r"(?P<closing>[^\s()<>`|*]*\))?(?P<glued>\w?)"
)


# *Text* or _Some words_, but not a name like __match__.
_EMPHASIZED_WORDS = re.compile(r"^(\*{1,2}|_{1,2}(?=[^_]*\s))(?=\S)(.+?)(?<=\S)\1$", re.S)


def _unescaped_url(url: str, closing: str) -> tuple[str, str]:
    """The address without the converter's escapes, and what of ``closing`` (the text
    after the link, up to a parenthesis) is not part of it. Where the address opened a
    parenthesis, the converter cut it at the closing one, and what followed it, up to
    the Markdown link's own closing parenthesis, was left after the link."""
    url = re.sub(r"\s+", "", url).removesuffix("\\")
    opened = url.count("\\(") - url.count("\\)")
    url = re.sub(r"\\([()])", r"\1", url)
    if opened > 0 and closing:
        return f"{url}){closing[:-1]}", ""
    return url, closing


def wrapped_links(text: str) -> tuple[str, int]:
    """Addresses wrapped across lines lost their text to a space, the converter
    spaced out the brackets of some and cut others at a parenthesis; put each address
    back in one piece."""
    count = 0

    def rewrite(match: re.Match[str]) -> str:
        nonlocal count
        whole, closing = _unescaped_url(match["url"], match["closing"] or "")
        start = text.rfind("\n", 0, match.start()) + 1
        indent = re.match(r"[ \t]*", text[start:])[0]
        link_text = re.sub(r"\n[ \t]+", "\n" + indent, match["text"])
        # Emphasis around a link's whole text, or code in it, prints its markers:
        # reST cannot nest them.
        link_text = re.sub(_EMPHASIZED_WORDS, r"\2", link_text)
        link_text = re.sub(r"\\`([^`<]*)`", r"\1", link_text)
        space = " " if link_text else ""
        after = closing + match["glued"]
        glue = "\\ " if after[:1].isalnum() or after[:1] == "_" else ""
        repaired = f"`{link_text}{space}<{whole}>`{match['tail']}{glue}{after}"
        if repaired == match[0]:
            return match[0]
        count += 1
        return repaired

    return _LINK.sub(rewrite, text), count


# Title underlines ---------------------------------------------------------------------------

_ADORNMENT = re.compile(r"^([=\-~^\"'`#*+<>:.])\1+\s*$")


def _display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def title_underlines(text: str) -> tuple[str, int]:
    """docutils counts a wide character (an emoji, a CJK ideograph) as two columns;
    the converter counted one, so titles ending in an emoji were "too short"."""
    lines = text.split("\n")
    count = 0
    for index in range(1, len(lines)):
        title, underline = lines[index - 1], lines[index]
        if not _ADORNMENT.match(underline) or not title.strip() or _ADORNMENT.match(title):
            continue
        if title.startswith((" ", "\t")):
            continue
        needed = _display_width(title.rstrip())
        if len(underline.rstrip()) < needed:
            lines[index] = underline.rstrip()[0] * needed
            count += 1
    return "\n".join(lines), count


def _unclosed(text: str) -> bool:
    """Whether ``text`` leaves an emphasis or a backquoted span open (Markdown's
    ``_emphasis_`` included: it is made reST later)."""
    stars = len(re.findall(r"(?<!\\)\*", text))
    backquotes = len(re.findall(r"(?<!\\)`", text))
    openers = len(re.findall(r"(?<![\w\\`*_/:.=])_{1,2}(?=[^\s_])", text))
    closers = len(re.findall(r"(?<=[^\s\\_`])_{1,2}(?![\w`])", text))
    return bool(stars % 2 or backquotes % 2 or openers != closers)


def _joined(lines: list[str]) -> str:
    """Wrapped lines as one; the converter broke lines after a word's own hyphen."""
    joined = lines[0].rstrip()
    for line in lines[1:]:
        glue = "" if re.search(r"\w-$", joined) else " "
        joined += glue + line.strip()
    return joined


def wrapped_titles(text: str) -> tuple[str, int]:
    """The converter wrapped a long heading at 80 columns and drew its underline under
    the first line: the title ends mid-emphasis or mid-link, and the rest of it is a
    paragraph. Only a title left open that way is joined; a title directly followed
    by its text is valid reST and stays."""
    lines = text.split("\n")
    out: list[str] = []
    count = 0
    index = 0
    while index < len(lines):
        line = lines[index]
        title = out[-1] if out else ""
        before = out[-2] if len(out) > 1 else ""
        if (
            _ADORNMENT.match(line)
            and title.strip()
            and not title.startswith((" ", "\t"))
            and not _ADORNMENT.match(title)
            and not before.strip()
            and re.search(r"\w", title)
            and _unclosed(title)
        ):
            end = index + 1
            while end < len(lines) and lines[end].strip() and not _ADORNMENT.match(lines[end]):
                end += 1
            rest = lines[index + 1 : end]
            whole = _joined([title, *rest])
            wraps = rest and re.search(r"\w", rest[0]) and not rest[0].startswith((" ", "\t"))
            if wraps and not _unclosed(whole):
                out[-1] = whole
                out.append(line.strip()[0] * _display_width(whole))
                count += 1
                index = end
                continue
        out.append(line)
        index += 1
    return "\n".join(out), count


# Nested lists ------------------------------------------------------------------------------

_ITEM = re.compile(r"^(\s*)(?:[*+-]|\d+[.)])\s+\S")


def nested_lists(text: str) -> tuple[str, int]:
    """Markdown nests a list by indenting its items; reST also needs a blank line
    wherever the nesting level changes."""
    lines = text.split("\n")
    out: list[str] = []
    count = 0
    table_indent: int | None = None  # inside a list-table, whose rows are lists already
    for line in lines:
        if line.strip() and table_indent is not None and _indent_of(line) <= table_indent:
            table_indent = None
        if line.lstrip().startswith(".. list-table::"):
            table_indent = _indent_of(line)
        here = _ITEM.match(line)
        before = _ITEM.match(out[-1]) if out else None
        if here and before and len(here[1]) != len(before[1]) and table_indent is None:
            out.append("")
            count += 1
        out.append(line)
    return "\n".join(out), count


# Rules: lines of = ^ _ left where no title is --------------------------------------------

_RULE = re.compile(r"^[ \t]*([=^_~-])\1{3,}[ \t]*$")


def stray_rules(text: str) -> tuple[str, int]:
    """A line of ``=`` or ``^`` after a blank line, with text under it, is a title
    overline in reST with no underline; one at the very end is a transition reST
    refuses. Blogger drew them as decoration: they go."""
    lines = text.split("\n")
    count = 0
    for index, line in enumerate(lines):
        if not _RULE.match(line) or (index and lines[index - 1].strip()):
            continue
        rest = [later for later in lines[index + 1 :] if later.strip()]
        text_under = index + 1 < len(lines) and lines[index + 1].strip()
        if (text_under and line.strip()[0] in "=^") or not rest:
            lines[index] = ""
            count += 1
    return "\n".join(lines), count


REPAIRS: tuple[RepairKind, ...] = (
    RepairKind("stray field lines before the post directive", stray_fields),
    RepairKind("Markdown block quotes", markdown_quotes),
    RepairKind("nested Markdown lists", nested_lists),
    RepairKind("images", images),
    RepairKind("Markdown pipe tables", pipe_tables),
    RepairKind("code and preformatted text", code_blocks),
    RepairKind("literal text glued to a link", literal_links),
    RepairKind("titles wrapped across lines", wrapped_titles),
    RepairKind("links wrapped across lines", wrapped_links),
    RepairKind("emphasis around links", emphasis_around_links),
    RepairKind("Markdown emphasis and strong", markdown_emphasis),
    RepairKind("emphasis markers around spaces or nothing", emphasis_markers),
    RepairKind("title underlines too short", title_underlines),
    RepairKind("rule lines where no title is", stray_rules),
    # Last: whether an empty comment must end the directive depends on the indent of
    # what follows, which the repairs above set (block quotes, code).
    RepairKind(PROVENANCE, provenance),
)
