"""docutils' messages about a post, pointed at the offending line and told what to do.

docutils reports a problem inside a paragraph at the paragraph's first line, and never
says how to fix it. For the kinds the Blogger conversion left in the archive, this
moves the location to the line that holds the offending text and adds the fix, and
that ``make import`` repairs it in posts brought from the archive.
"""

from __future__ import annotations

import logging as stdlib_logging
import re
from pathlib import Path

from sphinx.application import Sphinx

from archive.mending import offending_text

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
    precise = PreciseDocutilsMessages()
    stdlib_logging.getLogger(DOCUTILS_LOGGER).addFilter(precise)
    app.connect(
        "build-finished",
        lambda app, exception: stdlib_logging.getLogger(DOCUTILS_LOGGER).removeFilter(precise),
    )
