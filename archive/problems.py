"""What docutils still finds wrong in a post, found without a Sphinx build.

The importer parses each post as the build will, with ablog's directives stubbed, to
repair what it can and list the rest with file and line before anyone runs
``make html``.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import docutils.core
from docutils import nodes
from docutils.parsers.rst import Directive, directives, roles

WARNING = 2


@dataclass(frozen=True, order=True)
class Problem:
    line: int
    message: str


class _Accepting(Directive):
    """Stands in for ablog's and Sphinx's directives: their content is not checked here."""

    has_content = True
    optional_arguments = 99
    final_argument_whitespace = True
    option_spec = None

    def run(self) -> list[nodes.Node]:
        return []


class _AnyOptions(dict):
    def __contains__(self, key: object) -> bool:
        return True

    def __getitem__(self, key: str):
        return directives.unchanged


_Accepting.option_spec = _AnyOptions()
STUB_DIRECTIVES = (
    "post",
    "postlist",
    "update",
    "toctree",
    "call",
    "call-timeline",
    "call-index",
    "provenance",
)
STUB_ROLES = ("doc", "ref", "call-date", "call-deadline", "call-ref", "term", "any")


def _text_role(name, rawtext, text, lineno, inliner, options=None, content=None):
    return [nodes.literal(rawtext, text)], []


@contextmanager
def _stubs() -> Iterator[None]:
    """docutils keeps directives and roles in module-level registries, which Sphinx
    also fills (and its test apps clear): add the stand-ins for one parse only."""
    saved = dict(directives._directives), dict(roles._roles)
    for name in STUB_DIRECTIVES:
        directives.register_directive(name, _Accepting)
    for name in STUB_ROLES:
        roles.register_local_role(name, _text_role)
    try:
        yield
    finally:
        directives._directives.clear()
        directives._directives.update(saved[0])
        roles._roles.clear()
        roles._roles.update(saved[1])


_REPORT = re.compile(
    r"^(?P<source>.*?):(?P<line>\d*): \((?P<level>[A-Z]+)/(?P<number>\d)\) (?P<message>.*)$"
)


def problems(text: str, source: str = "post.rst") -> list[Problem]:
    """Every docutils warning or error in ``text``, by line, after references resolve."""
    stream = io.StringIO()
    with _stubs():
        _publish(text, source, stream)
    found = []  # not a set: two equal messages on one line are two problems
    for report in stream.getvalue().splitlines():
        match = _REPORT.match(report)
        if match:
            found.append(Problem(int(match["line"] or 0), match["message"]))
    return sorted(found)


def _publish(text: str, source: str, stream: io.StringIO) -> None:
    docutils.core.publish_doctree(
        text,
        source_path=source,
        settings_overrides={
            "report_level": WARNING,
            "halt_level": 5,
            "warning_stream": stream,
            "file_insertion_enabled": False,
            "raw_enabled": True,
            "input_encoding": "unicode",
            "_disable_config": True,
        },
    )
