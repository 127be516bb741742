"""docutils' messages about a post, pointed at the offending line and told what to do.

docutils reports a problem inside a paragraph at the paragraph's first line, and never
says how to fix it. For the kinds the Blogger conversion left in the archive, this
moves the location to the line that holds the offending text and adds the fix, and
that ``make import`` repairs it in posts brought from the archive.

A directive's error (an unknown option, a bad value) docutils gives at the directive's
line, on several lines, with the whole directive quoted; here it is one line, at the
option's own line when the error names one.
"""

from __future__ import annotations

import logging as stdlib_logging
import re
from pathlib import Path

from sphinx.application import Sphinx

from archive.mending import offending_text
from deadlines.core.sourcelines import option_lines

DOCUTILS_LOGGER = "sphinx.sphinx.util.docutils"  # Sphinx's WarningStream logs through it
IMPORT_REPAIRS = "posts from the Blogger archive: `make import` repairs this"

# docutils' message -> what to do; where the offending text is comes from the importer's
# own table, so the build and `make import` agree on it.
FIXES: dict[str, str] = {
    "Inline emphasis start-string": "close the *, or escape it as \\*",
    "Inline strong start-string": "close the **, or escape it as \\*\\*",
    "Inline literal start-string": "close the ``, or escape it",
    "Inline interpreted text or phrase reference start-string": "close the `, or escape it as \\`",
    "Inline target start-string": "escape the _ as \\_",
    "Inline substitution_reference start-string": "escape the | as \\|",
    "Undefined substitution referenced": "escape the | as \\|",
    "Unknown target name": "write _words_ emphasis as *words*, or escape the trailing _ as \\_",
}
UNKNOWN_TARGET = r"\w_(?![\w_])|`_(?![\w_])"


class PreciseDocutilsMessages(stdlib_logging.Filter):
    """Rewrites a docutils record's location and message; drops nothing."""

    def filter(self, record: stdlib_logging.LogRecord) -> bool:
        location = getattr(record, "location", None)
        message = str(record.msg)
        directive = DIRECTIVE_ERROR.match(message)
        if directive and isinstance(location, str):
            _one_line_at_the_option(record, location, directive)
            return True
        fix = next((text for key, text in FIXES.items() if message.startswith(key)), None)
        if not fix or not isinstance(location, str):
            return True
        source, _, line = location.rpartition(":")
        if not source.endswith(".rst") or not line.isdigit():
            return True
        pattern = offending_text(message) or UNKNOWN_TARGET
        found = offending_line(Path(source), int(line), pattern)
        if found:
            record.location = f"{source}:{found}"
        record.msg = f"{message.rstrip('.')}; {fix} ({IMPORT_REPAIRS})"
        return True


# 'Error in "post" directive:\nunknown option: "date".\n\n.. post:: ...' (the block quoted)
DIRECTIVE_ERROR = re.compile(
    r'Error in "(?P<name>[^"]+)" directive:\s*(?P<detail>.*?)(?:\n\n|$)', re.S
)
OPTION_NAMED = re.compile(r'(?:unknown option|option):? "?(?P<option>[\w-]+)"?')


def _one_line_at_the_option(
    record: stdlib_logging.LogRecord, location: str, directive: re.Match[str]
) -> None:
    detail = " ".join(directive["detail"].split()).rstrip(".")
    record.msg = f'Error in "{directive["name"]}" directive: {detail}'
    source, _, line = location.rpartition(":")
    option = OPTION_NAMED.search(detail)
    if option and line.isdigit():
        found = option_line(Path(source), int(line), option["option"])
        if found:
            record.location = f"{source}:{found}"


def option_line(source: Path, directive_line: int, option: str) -> int | None:
    """The line of ``:option:`` in the directive that starts at directive_line."""
    try:
        lines = source.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    return option_lines(lines, directive_line).get(option.lower())


def offending_line(source: Path, paragraph_line: int, pattern: str) -> int | None:
    """The first line from the paragraph's start on that holds the offending text."""
    try:
        lines = source.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    index = paragraph_line - 1
    while 0 <= index < len(lines) and lines[index].strip():
        if re.search(pattern, lines[index]):
            return index + 1
        index += 1
    return None


def setup(app: Sphinx) -> None:
    """One filter, the newest application's: an application made and never built (as
    tests do) would leave its own, and a message would get its fix twice."""
    logger = stdlib_logging.getLogger(DOCUTILS_LOGGER)
    for stale in [f for f in logger.filters if isinstance(f, PreciseDocutilsMessages)]:
        logger.removeFilter(stale)
    precise = PreciseDocutilsMessages()
    logger.addFilter(precise)
    app.connect(
        "build-finished",
        lambda app, exception: stdlib_logging.getLogger(DOCUTILS_LOGGER).removeFilter(precise),
    )
