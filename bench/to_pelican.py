"""Turn the benchmark's ablog posts into Pelican's, so Pelican builds the same posts.

A reST post with ablog's ``.. post::`` becomes a reST file whose title is followed by
Pelican's field list (``:date:``, ``:tags:``, ...); a MyST post with ablog's front
matter becomes a Markdown file that opens with Pelican's ``Key: value`` lines. The body
stays as written, except for what only Sphinx, ablog or this site understand, which
becomes its plain reST or Markdown equivalent (``_rst_rewrite``, ``_myst_rewrite`` and
the roles below). bench/README.md lists each, and what differs.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml

# What the line-by-line reading looks for: a directive and its options, a title's rule,
# MyST's directive fences and options, its title, targets and comments.
_RST_DIRECTIVE = re.compile(r"^(?P<indent>[ \t]*)\.\. (?P<name>[\w:-]+)::[ \t]*(?P<arg>.*)$")
_RST_OPTION = re.compile(r"^[ \t]+:(?P<name>[\w-]+):[ \t]*(?P<value>.*)$")
_RST_RULE = re.compile(r"^([!-/:-@\[-`{-~])\1+[ \t]*$")
_MYST_FENCE = re.compile(r"^(?P<fence>`{3,}|:{3,})\{(?P<name>[\w:-]+)\}[ \t]*(?P<arg>.*)$")
_MYST_OPTION = re.compile(r"^:(?P<name>[\w-]+):[ \t]*(?P<value>.*)$")
_MYST_TITLE = re.compile(r"^# (?P<title>.+?)[ \t]*#*[ \t]*$")
_MYST_TARGET = re.compile(r"^\([\w:.-]+\)=[ \t]*$")
_MYST_COMMENT = re.compile(r"^%")

# Sphinx's cross-reference roles: Pelican has no such targets, so each keeps its text.
# ``:ref:`Text <label>``` becomes ``Text``; ``:doc:`page``` becomes ``page``.
_SPHINX_ROLES = ("doc", "ref", "any", "term", "numref", "download", "keyword", "option")
_RST_ROLE = re.compile(rf":(?:{'|'.join(_SPHINX_ROLES)}):`(?P<text>[^`]+)`")
_MYST_ROLE = re.compile(rf"\{{(?:{'|'.join(_SPHINX_ROLES)})\}}`(?P<text>[^`]+)`")
_LABELLED = re.compile(r"^(?P<label>.*?)\s*<[^<>]+>$", re.S)

# ablog's option names that Pelican has a field for, by Pelican's name; the rest are
# kept under their own names (Pelican keeps any field, its theme shows none of them).
_PELICAN_FIELD = {"language": "lang"}
# ablog reads several comma-separated values in these; Pelican one (it reads several
# tags, and several authors in ``authors``), so a post keeps the first.
_ONE_VALUE = {"category", "language"}
# ablog's options that only steer ablog's own pages: Pelican has nothing to do with them.
_ABLOG_ONLY = {"redirect", "excerpt", "image", "nocomments", "external_link", "blogpost"}


class ConversionError(ValueError):
    """A post the converter cannot read; ``str()`` is one line naming file and line."""

    def __init__(self, name: str, line: int, message: str) -> None:
        super().__init__(f"{name}:{line}: {message}")


def docname(post: Path, root: Path) -> str:
    """The post's address as ablog gives it (its path without suffix): Pelican's slug."""
    return post.relative_to(root).with_suffix("").as_posix()


def convert_posts(posts: Sequence[Path], root: Path, content: Path) -> list[Path]:
    """Write each post under ``content`` at its path below ``root``; return the new paths.

    A post the converter cannot read stops the run with one line naming it.
    """
    written = []
    for post in posts:
        target = content / post.relative_to(root)
        target.parent.mkdir(parents=True, exist_ok=True)
        text = post.read_text(encoding="utf-8")
        try:
            converted = convert(text, str(post), docname(post, root), post.suffix)
        except ConversionError as error:
            raise SystemExit(f"{error} (bench/to_pelican.py cannot convert it)") from None
        target.write_text(converted, encoding="utf-8")
        written.append(target)
    return written


def convert(text: str, name: str, slug: str, suffix: str) -> str:
    """One post's text, as Pelican's; ``name`` is for messages, ``suffix`` says the format."""
    if suffix == ".md":
        return myst_to_pelican(text, name, slug)
    if suffix == ".rst":
        return rst_to_pelican(text, name, slug)
    raise ConversionError(name, 1, f"{suffix!r} is neither .rst nor .md")


# -- Blocks -------------------------------------------------------------------------


@dataclass(frozen=True)
class Block:
    """A directive's lines: from its first line to its last non-blank one."""

    start: int
    end: int  # one past the last line
    name: str
    argument: str
    options: dict[str, str]
    content: list[str]  # with the block's own indentation removed


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" \t"))


def rst_blocks(lines: Sequence[str]) -> Iterable[Block]:
    """Every reST directive, at any depth, with its options and content."""
    for start, line in enumerate(lines):
        match = _RST_DIRECTIVE.match(line)
        if not match:
            continue
        depth, end = len(match["indent"]), start + 1
        while end < len(lines) and (not lines[end].strip() or _indent(lines[end]) > depth):
            end += 1
        while end > start + 1 and not lines[end - 1].strip():
            end -= 1
        body = lines[start + 1 : end]
        options, first = {}, 0
        while first < len(body) and (option := _RST_OPTION.match(body[first])):
            options[option["name"]] = option["value"].strip()
            first += 1
        content = body[first:]
        while content and not content[0].strip():
            content = content[1:]
        cut = min((_indent(text) for text in content if text.strip()), default=0)
        yield Block(
            start, end, match["name"], match["arg"].strip(), options,
            [text[cut:] for text in content],
        )  # fmt: skip


def myst_blocks(lines: Sequence[str]) -> Iterable[Block]:
    """Every MyST directive fence (```` ```{name} ```` or ``:::{name}``) at the top level."""
    start = 0
    while start < len(lines):
        match = _MYST_FENCE.match(lines[start])
        if not match:
            start += 1
            continue
        fence, end = match["fence"], start + 1
        while end < len(lines) and lines[end].rstrip() != fence:
            end += 1
        body = lines[start + 1 : end]
        options, first = {}, 0
        while first < len(body) and (option := _MYST_OPTION.match(body[first])):
            options[option["name"]] = option["value"].strip()
            first += 1
        content = body[first:]
        while content and not content[0].strip():
            content = content[1:]
        yield Block(start, end + 1, match["name"], match["arg"].strip(), options, content)
        start = end + 1


def _replace_blocks(
    lines: list[str],
    blocks: Iterable[Block],
    rewrite: Callable[[Block], list[str] | None],
) -> list[str]:
    """``lines`` with each block ``rewrite`` gives lines for replaced by them (outermost
    first: a block inside one already replaced is left to its new text)."""
    out, position = [], 0
    for block in blocks:
        if block.start < position:
            continue
        new = rewrite(block)
        if new is None:
            continue
        indent = lines[block.start][: _indent(lines[block.start])]
        out += lines[position : block.start]
        out += [indent + text if text else "" for text in new]
        position = block.end
    return out + lines[position:]


def _label(text: str) -> str:
    """The text a cross-reference shows: ``Text <target>`` gives ``Text``."""
    labelled = _LABELLED.match(text)
    return labelled["label"] if labelled else text


def _trim(lines: Sequence[str]) -> list[str]:
    """``lines`` without blank lines at either end."""
    out = list(lines)
    while out and not out[0].strip():
        out.pop(0)
    while out and not out[-1].strip():
        out.pop()
    return out


_CODE_DIRECTIVES = ("code-block", "code", "sourcecode")


def rst_code(lines: Sequence[str]) -> list[bool]:
    """Which lines are literal text: after a line ending in ``::`` or a code directive,
    the blank or more indented lines that follow. Roles there are text, not roles."""
    code = [False] * len(lines)
    for start, line in enumerate(lines):
        directive = _RST_DIRECTIVE.match(line)
        opens = line.rstrip().endswith("::") and not directive
        if not opens and not (directive and directive["name"] in _CODE_DIRECTIVES):
            continue
        depth, end = _indent(line), start + 1
        while end < len(lines) and (not lines[end].strip() or _indent(lines[end]) > depth):
            code[end] = True
            end += 1
    return code


_MD_FENCE = re.compile(r"^[ ]{0,3}(?P<fence>`{3,}|~{3,})")


def myst_code(lines: Sequence[str]) -> list[bool]:
    """Which lines are fenced code (fences included): MyST's syntax means nothing there."""
    code, fence = [False] * len(lines), ""
    for index, line in enumerate(lines):
        if fence:
            code[index] = True
            closing = line.strip()
            if len(closing) >= len(fence) and closing == fence[0] * len(closing):
                fence = ""
            continue
        opening = _MD_FENCE.match(line)
        if opening and not _MYST_FENCE.match(line.lstrip()):
            fence, code[index] = opening["fence"], True
    return code


# -- Metadata -------------------------------------------------------------------------


def _fields(name: str, line: int, values: dict[str, str]) -> tuple[tuple[str, str], ...]:
    """ablog's options (or front matter) as Pelican's fields, date first."""
    if not values.get("date"):
        raise ConversionError(name, line, "the post has no date; give it one as ablog reads it")
    fields = [("date", values["date"])]
    for key, value in values.items():
        if key == "date" or key in _ABLOG_ONLY or not value:
            continue
        if key in _ONE_VALUE:
            value = value.split(",")[0].strip()
        field = "authors" if key == "author" and "," in value else _PELICAN_FIELD.get(key, key)
        fields.append((field, value))
    return tuple(fields)


def _text(value: object) -> str:
    """A front-matter value as one line: a list joined with commas, a date in ISO form."""
    if isinstance(value, list):
        return ", ".join(_text(item) for item in value)
    if isinstance(value, date):
        return value.isoformat()
    return "" if value is None else str(value).strip()


# -- reST -------------------------------------------------------------------------------


def _rst_rewrite(block: Block) -> list[str] | None:
    """Sphinx's, ablog's and this site's directives as plain reST; None keeps the block."""
    if block.name in ("postlist", "toctree"):  # lists of other pages: Pelican makes its own
        return []
    if block.name == "update":  # ablog's dated note
        return [f".. admonition:: Update on {block.argument}", "", *_indented(block.content)]
    if block.name == "provenance":  # this site's line naming a post's Blogger address
        return [f"*This was originally posted on blogger* `here <{block.argument}>`__."]
    return None


def _indented(content: Sequence[str]) -> list[str]:
    return ["   " + text if text.strip() else "" for text in content]


@dataclass(frozen=True)
class Title:
    """A section title: its lines, and its style (the character, and whether it is
    overlined too), which is what gives docutils the section's level."""

    start: int
    end: int  # one past its last line
    style: tuple[str, bool]


def rst_titles(lines: Sequence[str], code: Sequence[bool]) -> Iterable[Title]:
    """Every section title outside literal text, in order. A title starts a block and
    is underlined, or over- and underlined, by a line of one punctuation character."""
    index = 0
    while index < len(lines):
        line, after = lines[index], lines[index + 1 : index + 3]
        if code[index] or (index and lines[index - 1].strip()):
            index += 1
            continue
        if _RST_RULE.match(line) and len(after) == 2 and after[0].strip():
            if after[1].rstrip() == line.rstrip():
                yield Title(index, index + 3, (line.strip()[0], True))
                index += 3
                continue
        elif line.strip() and not line.startswith((" ", "\t", "..")) and after:
            rule = after[0].rstrip()
            if _RST_RULE.match(rule) and len(rule) >= len(line.rstrip()):
                yield Title(index, index + 2, (rule[0], False))
                index += 2
                continue
        index += 1


def rst_title(lines: Sequence[str], name: str) -> tuple[list[str], Title]:
    """``lines`` with their first title as Pelican needs it, and that title: the one
    section at the top level, so that docutils takes it as the document's title.

    ablog lets sections follow beside the title (its style used again further down);
    Pelican would find no title then. So, in such a post only, every title is written
    again in styles that give the same levels, except that those sections and what they
    hold go one level down, under the title, beside its own sections.
    """
    titles = list(rst_titles(lines, rst_code(lines)))
    if not titles:
        raise ConversionError(name, 1, "no title found; ablog takes a post's first section title")
    title, *others = titles
    if title.style not in {other.style for other in others}:
        return list(lines), title
    order = list(dict.fromkeys(found.style for found in titles))  # docutils' levels
    levels, shift = [1], 0
    for other in others:
        level = order.index(other.style) + 1
        shift = shift or int(level == 1)
        levels.append(level + shift)
    out, position = [], 0
    for found, level in zip(titles, levels, strict=True):
        text = lines[found.start + 1 if found.style[1] else found.start].strip()
        char, overlined = _LEVEL_STYLES[min(level, len(_LEVEL_STYLES)) - 1]
        rule = char * max(len(text), len(lines[found.end - 1].rstrip()))
        out += [*lines[position : found.start], *([rule] if overlined else []), text, rule]
        position = found.end
    out += lines[position:]
    return out, Title(title.start, title.start + 3, _LEVEL_STYLES[0])


# A style for each level, the title's over- and underlined as no other is.
_LEVEL_STYLES = (("#", True), *((char, False) for char in "=-~^\"'`+*:."))


def rst_to_pelican(text: str, name: str, slug: str) -> str:
    """A reST post with ``.. post::`` as Pelican reads it: title, field list, body."""
    lines = text.splitlines()
    post = next((block for block in rst_blocks(lines) if block.name == "post"), None)
    if post is None:
        raise ConversionError(name, 1, "no '.. post::' directive; is it an ablog post?")
    values = {"date": post.argument, **post.options}
    fields = (*_fields(name, post.start + 1, values), ("slug", slug))
    rest = lines[: post.start] + lines[post.end :]
    rest = _replace_blocks(rest, rst_blocks(rest), _rst_rewrite)
    code = rst_code(rest)
    rest = [
        line if literal else _RST_ROLE.sub(lambda match: _label(match["text"]), line)
        for line, literal in zip(rest, code, strict=True)
    ]
    rest, title = rst_title(rest, name)
    first, last = title.start, title.end
    field_list = [f":{key}: {value}" for key, value in fields]
    # Pelican reads the title and its fields only at the very top: whatever ablog has
    # before the title (a paragraph, a substitution, a role) follows the fields.
    before = _trim(rest[:first])
    body = [*before, *([""] if before else []), *_trim(rest[last:])]
    return "\n".join([*rest[first:last], "", *field_list, "", *body]) + "\n"


# -- MyST -----------------------------------------------------------------------------


def _myst_rewrite(block: Block) -> list[str] | None:
    """MyST's directives as plain Markdown; None keeps the block."""
    if block.name in ("postlist", "toctree"):
        return []
    if block.name == "update":
        return _quoted([f"**Update on {block.argument}:**", "", *block.content])
    if block.name == "provenance":
        return [f"*This was originally posted on blogger* [here]({block.argument})."]
    if block.name in _CODE_DIRECTIVES:
        return [f"```{block.argument}", *block.content, "```"]
    return None


def _quoted(content: Sequence[str]) -> list[str]:
    return ["> " + text if text.strip() else ">" for text in content]


def myst_front_matter(lines: Sequence[str], name: str) -> tuple[dict, int]:
    """The front matter's keys and the index of the line after it."""
    if not lines or lines[0].rstrip() != "---":
        raise ConversionError(name, 1, "no front matter; ablog reads a MyST post's from '---'")
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() == "---"), None)
    if end is None:
        raise ConversionError(name, 1, "the front matter has no closing '---'")
    try:
        values = yaml.safe_load("\n".join(lines[1:end])) or {}
    except yaml.YAMLError as error:  # the front matter starts on the file's second line
        mark = getattr(error, "problem_mark", None)
        problem = getattr(error, "problem", None) or "not YAML"
        line = mark.line + 2 if mark else 2
        raise ConversionError(name, line, f"front matter is not YAML: {problem}") from None
    if not isinstance(values, dict):
        raise ConversionError(name, 2, "the front matter is not a mapping of keys to values")
    return values, end + 1


def myst_to_pelican(text: str, name: str, slug: str) -> str:
    """A MyST post with ablog's front matter as Pelican's Markdown: ``Key: value`` lines
    (the title from the first ``#`` heading), a blank line, the body."""
    lines = text.splitlines()
    front, start = myst_front_matter(lines, name)
    values = {str(key): _text(value) for key, value in front.items()}
    fields = _fields(name, 2, values)
    body = lines[start:]
    code = myst_code(body)
    heading = next(
        (i for i, line in enumerate(body) if not code[i] and _MYST_TITLE.match(line)), None
    )
    if heading is None:
        raise ConversionError(name, start + 1, "no '# ' title; ablog takes the first heading")
    title = _MYST_TITLE.match(body[heading])["title"]
    body = body[:heading] + body[heading + 1 :]
    body = _replace_blocks(body, myst_blocks(body), _myst_rewrite)
    kept = []
    for line, literal in zip(body, myst_code(body), strict=True):
        if literal:
            kept.append(line)
        elif not _MYST_TARGET.match(line) and not _MYST_COMMENT.match(line):
            kept.append(_MYST_ROLE.sub(lambda match: _label(match["text"]), line))
    header = [f"Title: {title}", *(f"{key.capitalize()}: {value}" for key, value in fields)]
    header.append(f"Slug: {slug}")
    return "\n".join([*header, "", *_trim(kept)]) + "\n"
