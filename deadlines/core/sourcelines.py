"""Where a value stands in its source file, so an error can name that value's own line.

Docutils and MyST give a directive's first line and a paragraph's first line, not the
line of one option or of one role inside the paragraph. The source text is what the
author sees, in reST and MyST alike, so it is searched from the line the parser gives.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence

# `:name: value`, as reST and MyST write a directive's options.
_FIELD_OPTION = re.compile(r"(?P<indent>[ \t]*):(?P<name>[^:\s][^:]*):(?:\s|$)")
# `name: value` inside the `---` block MyST also accepts.
_YAML_OPTION = re.compile(r"(?P<indent>[ \t]*)(?P<name>[A-Za-z0-9_-]+)[ \t]*:(?:\s|$)")
_YAML_FENCE = "---"


def option_lines(lines: Sequence[str], directive_line: int) -> dict[str, int]:
    """The line of each option of the directive on ``directive_line`` (lines count from 1)."""
    found: dict[str, int] = {}
    following = list(enumerate(lines[directive_line:], start=directive_line + 1))
    if following and following[0][1].strip() == _YAML_FENCE:
        return _yaml_option_lines(following[1:])
    indent: int | None = None
    for number, text in following:
        if not text.strip():
            break  # options end at the first blank line
        match = _FIELD_OPTION.match(text)
        if match and (indent is None or len(match["indent"]) == indent):
            indent = len(match["indent"])
            found.setdefault(match["name"].lower(), number)
        elif indent is None or _indent(text) <= indent:
            break  # not an option, nor the continuation of one: the body has begun
    return found


def _yaml_option_lines(following: Iterable[tuple[int, str]]) -> dict[str, int]:
    found: dict[str, int] = {}
    indent: int | None = None
    for number, text in following:
        if text.strip() == _YAML_FENCE:
            break
        match = _YAML_OPTION.match(text)
        if match and (indent is None or len(match["indent"]) == indent):
            indent = len(match["indent"])
            found.setdefault(match["name"].lower(), number)
    return found


def _indent(text: str) -> int:
    return len(text) - len(text.lstrip(" \t"))


def body_lines(lines: Sequence[str], start: int, content: Sequence[str]) -> list[int]:
    """The file line of each body line, found in the source from the directive's line on.

    MyST's content offset does not count a directive's options, so it cannot be trusted.
    """
    found, at = [], start
    for text in content:
        wanted = text.strip()
        while at < len(lines) and lines[at].strip() != wanted:
            at += 1
        found.append(at + 1 if at < len(lines) else start)
        at += 1
    return found


class SourceText:
    """A file's text, searchable from a line on, answering in lines."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._line_starts = [0] + [m.end() for m in re.finditer(r"\n", text)]

    def line_of(self, offset: int) -> int:
        return bisect_right(self._line_starts, offset)

    def find(self, pattern: re.Pattern[str], start_line: int, occurrence: int = 0) -> int | None:
        """The line of the ``occurrence``-th match (from 0) at or after ``start_line``."""
        if not 1 <= start_line <= len(self._line_starts):
            start_line = 1
        matches = pattern.finditer(self.text, self._line_starts[start_line - 1])
        for index, match in enumerate(matches):
            if index == occurrence:
                return self.line_of(match.start())
        return None


def _words(text: str) -> str:
    """``text`` as a pattern in which any run of whitespace may be any other (a line break)."""
    return r"\s+".join(re.escape(part) for part in text.split())


def role_pattern(name: str, text: str) -> re.Pattern[str]:
    """A role as written in MyST ({name}`text`) or reST (:name:`text` or `text`:name:)."""
    body = rf"(?P<ticks>`+)\s*{_words(text)}\s*(?P=ticks)"
    suffix = rf"(?P<ticks2>`+)\s*{_words(text)}\s*(?P=ticks2)"
    quoted = re.escape(name)
    return re.compile(rf"(?:\{{{quoted}\}}|:{quoted}:){body}|{suffix}:{quoted}:", re.IGNORECASE)


def words_pattern(text: str) -> re.Pattern[str]:
    """Text typed in prose, which a paragraph may break across lines."""
    return re.compile(_words(text))
