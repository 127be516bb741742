"""Repairs guided by the parser: what docutils still reports after the pattern repairs.

The pattern repairs in :mod:`archive.repairs` know the converter's habits. What they
leave, docutils finds, by line. Two kinds of leftover are mended here, each only
where docutils reports a problem:

- a line that Markdown read as the lazy continuation of a list item or paragraph,
  which reST reads as a new, differently indented block: it is given the indent of
  the line it continues;
- a ``_`` after a word that links to a target no post defines: it is what is left of
  Markdown emphasis whose opening marker the converter lost, and it is dropped;
- a markup character that opens inline markup nothing closes (a lone ``*``, a
  backtick, ``|``): it is escaped, so it prints as written.

Anything else is left for a person, and listed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from archive.problems import Problem, problems

LAZY = "lines that continue a list item or paragraph"
ESCAPED = "stray markup characters, escaped"
DROPPED = "emphasis closers nothing opens, dropped"

_STRUCTURE = re.compile(r"Unexpected indentation|ends without a blank line; unexpected unindent")
# docutils' message -> the text it complains of. The build's messages use the same
# table (sitekit.docutils_messages) to point at the offending line.
OFFENDING_TEXT: dict[str, str] = {
    "Inline emphasis start-string": r"(?<![*\\])\*(?!\*)",
    "Inline strong start-string": r"(?<![*\\])\*\*",
    "Inline literal start-string": r"(?<![`\\])``",
    "Inline interpreted text or phrase reference start-string": r"(?<![`\\])`",
    "Inline target start-string": r"(?<!\\)_`",
    "Inline substitution_reference start-string": r"(?<!\\)\|",
    "Undefined substitution referenced": r"(?<!\\)\|",
}
_LIST_ITEM = re.compile(r"^(\s*(?:[*+-]|\d+[.)]|#\.)\s+)")
MAX_ROUNDS = 200


def mend(text: str) -> tuple[str, dict[str, int], list[Problem]]:
    """The mended text, mends by kind, and the problems left."""
    counts = {LAZY: 0, ESCAPED: 0, DROPPED: 0}
    left = problems(text)
    for _ in range(MAX_ROUNDS):
        # Structure first: a block split in two also splits the markup in it, and an
        # escape would then hide a link that the right indent makes whole.
        for problem in sorted(left, key=lambda problem: not _STRUCTURE.search(problem.message)):
            kind, mended = _mend_one(text, problem, left)
            if kind:
                counts[kind] += 1
                text = mended
                left = problems(text)
                break
        else:
            break
    return text, counts, left


def _mend_one(text: str, problem: Problem, current: list[Problem]) -> tuple[str | None, str]:
    lines = text.split("\n")
    if _STRUCTURE.search(problem.message):
        mended = _lazy_continuation(lines, problem.line - 1)
        if mended is not None and len(problems(mended)) < len(current):
            return LAZY, mended
        return None, text
    for kind, candidate in _escapes(lines, problem):
        if len(problems(candidate)) < len(current):
            return kind, candidate
    return None, text


def offending_text(message: str) -> str | None:
    return next((p for key, p in OFFENDING_TEXT.items() if message.startswith(key)), None)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _lazy_continuation(lines: list[str], index: int) -> str | None:
    """Give the reported line, and the lines after it in its run, the indent of the text
    they continue."""
    if not 0 < index < len(lines) or not lines[index].strip() or not lines[index - 1].strip():
        return None
    # Walk back to the start of the item or paragraph this line continues.
    start = index - 1
    while start > 0 and lines[start - 1].strip() and not _LIST_ITEM.match(lines[start]):
        start -= 1
    item = _LIST_ITEM.match(lines[start])
    target = len(item[1]) if item else _indent(lines[start])
    mended = list(lines)
    if _indent(lines[index]) == target:
        # The line is where it belongs: the one before it strayed further in.
        over = [at for at in range(start + 1, index) if _indent(lines[at]) > target]
        if not over:
            return None
        for at in over:
            mended[at] = " " * target + lines[at].lstrip()
        return "\n".join(mended)
    end = index
    while end < len(lines) and lines[end].strip() and not _LIST_ITEM.match(lines[end]):
        mended[end] = " " * target + lines[end].lstrip()
        end += 1
    return "\n".join(mended)


def _block(lines: list[str], line: int) -> range:
    start = max(line - 1, 0)
    while start > 0 and lines[start - 1].strip():
        start -= 1
    end = max(line - 1, 0)
    while end < len(lines) and lines[end].strip():
        end += 1
    return range(start, end)


def _escapes(lines: list[str], problem: Problem) -> Iterator[tuple[str, str]]:
    """The text with one candidate character escaped, for each candidate in the block;
    a dangling ``_`` after a word is first tried without it."""
    block = _block(lines, problem.line)
    name = re.match(
        r'(?:Unknown target name|Undefined substitution referenced): "(.*)"', problem.message
    )
    if name and problem.message.startswith("Unknown"):
        last = re.escape(name[1].split()[-1][-20:]) if name[1].split() else ""
        pattern = rf"(?<={last})_(?![\w_])|(?<=`)_(?=\W|$)"
    else:
        pattern = offending_text(problem.message)
        if pattern is None:
            return
    for index in block:
        for match in re.finditer(pattern, lines[index], re.IGNORECASE):
            line = lines[index]
            if line[match.start() - 1 : match.start()].isalnum() and match[0] == "_":
                dropped = [*lines[:index], line[: match.start()] + line[match.end() :]]
                yield DROPPED, "\n".join(dropped + lines[index + 1 :])
            escaped = [*lines[:index], line[: match.start()] + "\\" + line[match.start() :]]
            yield ESCAPED, "\n".join(escaped + lines[index + 1 :])
